/**
 * The one door for tokens minted by the OAuth2 client-credentials grant (Shopify, Apicbase). A
 * token is kept in z.cache under a key derived from the credentials, reused until shortly before
 * it expires, and minted again once when the vendor refuses it; the app's beforeRequest alone puts
 * it in a header (vendorRequest, src/descriptor/api-host.ts).
 */
import { createHash } from 'node:crypto';
import type { HttpRequestOptions, HttpResponse, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import { retryAfterSeconds, vendorRequest } from '../descriptor/api-host';
import { withLock, type LockCache } from '../common/lock';
import { CacheUnavailableError, cacheCall } from '../common/cache';
import { parseJsonBody, validatePayload } from '../common/validation';
import { responseFrom, type VendorIdentity } from '../common/vendor-identity';

/**
 * Statuses are read by the client, not thrown by Zapier (a 429 included, for the vendor's own
 * delay), and redirects are not followed, so neither a secret nor a token leaves the vendor's host.
 */
export const OWN_STATUS_REQUEST = {
  redirect: 'manual',
  skipThrowForStatus: true,
  throwForThrottlingEarly: false,
} as const;

/** The grant's answer. A token goes into a header: printable characters, no spaces (RFC 6750). */
export const tokenAnswerSchema = zod.object({
  access_token: zod
    .string()
    .regex(/^[\x21-\x7e]{1,4096}$/, { error: 'must be up to 4096 printable characters without spaces' }),
  expires_in: zod.number().int().positive().optional(),
});

/** Seconds a token is trusted: its lifetime less a margin (a twentieth, 1 to 60 minutes), or half a short one. */
export function tokenCacheSeconds(expiresIn: number): number {
  const margin = Math.min(3600, Math.max(60, Math.floor(expiresIn / 20)));
  return expiresIn > 2 * margin ? expiresIn - margin : Math.max(1, Math.floor(expiresIn / 2));
}

/** The vendor (VendorIdentity) names the token's mint request, for beforeRequest to check the URL, and its messages. */
export type ClientCredentialsGrant = VendorIdentity & {
  tokenUrl: string;
  /** What the token is for besides the credentials (the shop, the API's base URL): part of the cache key. */
  audience: string;
  clientId: string;
  clientSecret: string;
  /** Form fields besides grant_type, client_id and client_secret (a scope). */
  extraFields?: Readonly<Record<string, string>>;
  /** Assumed when the answer has no expires_in. */
  defaultLifetimeSeconds: number;
  /** The delay when a throttled token endpoint names none (Retry-After). */
  throttleSeconds: number;
  /** Whether a token endpoint's refusal (status, OAuth error code) refuses the client credentials themselves. */
  refusesCredentials: (status: number, code: string | undefined) => boolean;
  /** The ExpiredAuthError sentence for refused credentials; `detail` is like "HTTP 400: invalid_client". */
  refusedMessage: (detail: string) => string;
  /** The sentence for any other answer without a token (403, 404, a redirect). */
  notIssuedMessage: (status: number, detail: string) => string;
  /** A token minted for this very call was refused too, and no other run has replaced it: the vendor's verdict. */
  freshTokenRefused: () => Error;
  /** How the mint request is sent (a client that counts its requests); z.request by default. */
  request?: (options: HttpRequestOptions & { url: string }) => Promise<HttpResponse>;
};

export type TokenTiming = {
  /** Longer than a mint can take (a perform's 30 s), so only a dead minter's lock expires. */
  lockSeconds: number;
  /** How long a run waits for another run's mint before minting alongside it. */
  waitMs: number;
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
};

const DEFAULT_TIMING: TokenTiming = {
  lockSeconds: 30,
  waitMs: 8_000,
  pollMs: 150,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Sends with a token, at most this many times: the cached one, another run's newer one, a fresh one. */
const MAX_SENDS = 3;

/** OAuth2 error codes (invalid_client, ...) say what was wrong and carry no secret. */
const OAUTH_ERROR = /"error"\s*:\s*"([a-z_]{1,40})"/;

/**
 * z.cache scoped to the connection ('auth'): a client id is no secret, so a key shared across the
 * integration's users would hand a token to anyone who knows it. The typings omit get's and
 * delete's scope argument, which the runtime (zapier-platform-core 19) takes. Where z.cache is
 * unavailable, the run keeps its token in memory (minting once per run).
 */
function connectionCache(z: ZObject): LockCache {
  const cache = z.cache as unknown as {
    get: (key: string, scope: string[]) => Promise<unknown>;
    set: (
      key: string,
      value: unknown,
      ttl: number | undefined,
      scope: string[],
      nx: boolean,
    ) => Promise<boolean | null>;
    delete: (key: string, scope: string[]) => Promise<boolean>;
  };
  const scope = ['auth'];
  let memory: Map<string, unknown> | null = null;
  async function either<T>(remote: () => Promise<T>, local: (values: Map<string, unknown>) => T): Promise<T> {
    if (memory === null) {
      try {
        return await cacheCall(remote);
      } catch (error) {
        if (!(error instanceof CacheUnavailableError)) throw error;
        z.console.log('z.cache is not available outside Zapier: this run keeps its access token in memory.');
        memory = new Map();
      }
    }
    return local(memory);
  }
  return {
    get: (key) =>
      either(
        () => cache.get(key, scope),
        (values) => values.get(key) ?? null,
      ),
    set: (key, value, ttlSeconds, _scope, nx = false) =>
      either(
        () => cache.set(key, value, ttlSeconds, scope, nx),
        (values) => {
          if (nx && values.has(key)) return false;
          values.set(key, value);
          return true;
        },
      ),
    delete: (key) =>
      either(
        () => cache.delete(key, scope),
        (values) => values.delete(key),
      ),
  };
}

/**
 * The cache key: the vendor, what the token is for, the client id and the client secret, hashed.
 * A changed secret never finds the token minted with the old one, so a wrong secret is refused
 * even while a token for the right one is cached; the key never holds a credential.
 */
export function tokenCacheKey(
  grant: Pick<ClientCredentialsGrant, 'source' | 'audience' | 'clientId' | 'clientSecret'>,
): string {
  const digest = createHash('sha256')
    .update([grant.audience, grant.clientId, grant.clientSecret].join('\n'))
    .digest('hex');
  return `${grant.source}-token:${digest.slice(0, 40)}`;
}

export type ClientToken = ReturnType<typeof clientCredentialsToken>;

export function clientCredentialsToken(
  z: ZObject,
  grant: ClientCredentialsGrant,
  timing: TokenTiming = DEFAULT_TIMING,
) {
  const cache = connectionCache(z);
  const key = tokenCacheKey(grant);
  const source = responseFrom(grant);
  let lastSent: string | null = null;

  async function cached(): Promise<string | null> {
    const value = await cache.get(key);
    return typeof value === 'string' && value !== '' ? value : null;
  }

  /** Asks the token endpoint for a new token and keeps it; only refused credentials expire the connection. */
  async function mint(timeoutMs?: number): Promise<string> {
    const send = grant.request ?? ((options: HttpRequestOptions & { url: string }) => z.request(options));
    const response = await send(
      vendorRequest(grant.source, {
        ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }),
        url: grant.tokenUrl,
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: grant.clientId,
          client_secret: grant.clientSecret,
          ...grant.extraFields,
        }).toString(),
        ...OWN_STATUS_REQUEST,
      }),
    );
    const { status } = response;
    if (status === 429 || status >= 500) {
      throw new z.errors.ThrottledError(
        `${grant.name} could not issue an access token just now (HTTP ${status}); Zapier will try again when it asks to be called back.`,
        retryAfterSeconds(response) ?? grant.throttleSeconds,
      );
    }
    if (status < 200 || status >= 300) {
      const code = OAUTH_ERROR.exec(response.content)?.[1];
      const detail = `HTTP ${status}${code ? `: ${code}` : ''}`;
      if (grant.refusesCredentials(status, code)) throw new z.errors.ExpiredAuthError(grant.refusedMessage(detail));
      throw new z.errors.Error(grant.notIssuedMessage(status, detail));
    }
    const answer = validatePayload(z, source, tokenAnswerSchema, parseJsonBody(z, source, response.content), true);
    await cache.set(key, answer.access_token, tokenCacheSeconds(answer.expires_in ?? grant.defaultLifetimeSeconds));
    return answer.access_token;
  }

  /**
   * A token no older than `refused`: one another run has cached meanwhile, or one minted here.
   * Runs take turns under a lock (src/common/lock.ts), so runs minting at once mint one token and
   * share it. A run that waited its fill mints alongside the holder: harmless, as the last token
   * minted is the one cached, and a run whose token the vendor then refuses finds the newer one.
   */
  async function fresh(
    refused: string | null,
    timeoutMs: number | undefined,
  ): Promise<{ token: string; minted: boolean }> {
    const newer = async () => {
      const now = await cached();
      return now !== null && now !== refused
        ? { token: now, minted: false }
        : { token: await mint(timeoutMs), minted: true };
    };
    const waitMs = Math.min(timing.waitMs, timeoutMs === undefined ? Number.POSITIVE_INFINITY : timeoutMs / 2);
    const outcome = await withLock(
      cache,
      `${key}:minting`,
      { ttlSeconds: timing.lockSeconds, waitMs, pollMs: timing.pollMs, sleep: timing.sleep },
      newer,
    );
    return outcome.acquired ? outcome.value : newer();
  }

  /** Forgets the token last sent, unless another run has replaced it meanwhile. */
  async function forget(): Promise<void> {
    if (lastSent !== null && (await cached()) === lastSent) await cache.delete(key);
  }

  /**
   * Sends `call` with the cached token (minting one if none), and when the vendor refuses it
   * (401): with the token another run has cached since, if any (not an expired connection), else
   * with one minted afresh, once. Only a refused fresh token, or a token endpoint refusing the
   * client credentials, ends the run; which error that is, the vendor says (freshTokenRefused).
   */
  async function send(
    call: (token: string) => Promise<HttpResponse>,
    timeLeft: () => number | undefined = () => undefined,
  ): Promise<HttpResponse> {
    const now = await cached();
    let token = now ?? (await fresh(null, timeLeft())).token;
    // Whether `token` was minted after a refusal: a first refusal is always answered by a new token.
    let minted = false;
    for (let sends = 1; ; sends += 1) {
      lastSent = token;
      const response = await call(token);
      if (response.status !== 401) return response;
      const current = await cached();
      if (current !== null && current !== token && sends < MAX_SENDS) {
        token = current;
        minted = false;
        continue;
      }
      if (minted) {
        await forget();
        throw grant.freshTokenRefused();
      }
      if (sends >= MAX_SENDS) {
        throw new z.errors.ThrottledError(
          `${grant.name} refused access tokens that other runs kept replacing; Zapier will try again shortly.`,
          grant.throttleSeconds,
        );
      }
      ({ token, minted } = await fresh(token, timeLeft()));
    }
  }

  return {
    send,
    /** A new token, whatever is cached: the connection test proves the credentials now. */
    mint: (timeoutMs?: number) => mint(timeoutMs),
    forget,
  };
}
