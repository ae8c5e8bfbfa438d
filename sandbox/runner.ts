/**
 * The local Zap runner: Zaps turned on against the real app definition, run by
 * zapier-platform-core as Zapier runs them, within Zapier's operating limits (field-notes.md):
 * 30 s per perform, 20 MB per poll, flood protection past 100 new items, a dedupe table of
 * 105,000 ids per Zap filled when the Zap is turned on, and z.cache served over core's own RPC.
 * Hook deliveries arrive over HTTP and reach the trigger's perform as bundle.rawRequest /
 * bundle.cleanedRequest; REST hooks subscribe through their own performSubscribe.
 */
import * as core from 'zapier-platform-core';
import type { PurchaseOrder } from '../src/record/purchase-order';
import { listen } from './http';
import { startCacheRpc } from './zcache';

type Event = {
  command: 'execute';
  method: string;
  bundle: object;
  calledFromCli: boolean;
  rpc_base: string;
};
type AppHandler = (event: Event) => Promise<{ results: unknown }>;
type AppDefinition = {
  triggers: Record<string, { operation: { type?: string; performSubscribe?: unknown; performUnsubscribe?: unknown } }>;
  searches?: Record<string, unknown>;
};

// Not in core's typings, but exported: the same handler Zapier's Lambda runs.
const { createAppHandler } = core as unknown as { createAppHandler: (app: object) => AppHandler };

/** Zapier's limits; a test may shrink them to see each enforced quickly. */
export type RunnerLimits = {
  /** Any perform, performSubscribe, performUnsubscribe or poll. */
  performMs: number;
  /** The JSON of what one poll returns. */
  pollBytes: number;
  /** More new items than this in one poll go through flood protection (held until the user plays them). */
  floodThreshold: number;
  /** Ids one Zap's dedupe table keeps; the oldest go first. */
  dedupeIds: number;
};

export const ZAPIER_LIMITS: RunnerLimits = {
  performMs: 30_000,
  pollBytes: 20 * 1024 * 1024,
  floodThreshold: 100,
  dedupeIds: 105_000,
};

export type Zap = {
  id: string;
  triggerKey: string;
  kind: 'hook' | 'polling';
  hookUrl: string | null;
  subscribeData: object | null;
  inputData: Record<string, unknown>;
  /** The dedupe table: ids already seen, oldest first. */
  seen: Set<string>;
  records: PurchaseOrder[];
  refusals: string[];
  /** Records that went through flood protection: Zapier held them and the user played them (the user's choice, per Zap). */
  held: PurchaseOrder[];
  /** Runs that failed: errors, timeouts, oversized polls. */
  failures: string[];
};

export type PollResult = { delivered: PurchaseOrder[]; held: PurchaseOrder[]; failure: string | null };
export type ZapSpec = { triggerKey: string; inputData?: Record<string, unknown> };
export type TurnOnOutcome = { spec: ZapSpec; zap: Zap; error: null } | { spec: ZapSpec; zap: null; error: string };

/** "x-apic-webhook-signature" -> "Http-X-Apic-Webhook-Signature", as Zapier hands headers over. */
export function zapierHeaderName(name: string): string {
  return `Http-${name
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join('-')}`;
}

function cleanedBody(content: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(content));
  }
  try {
    const parsed: unknown = JSON.parse(content);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * A failure as Zap history shows it: core appends what it ran ("What happened: ...") to
 * messages, and z.errors.Error carries its message as JSON `{"message": ...}`.
 */
export function firstSentence(error: Error): string {
  const first = error.message.split('\nWhat happened:')[0] ?? error.message;
  try {
    const parsed: unknown = JSON.parse(first);
    if (
      parsed !== null &&
      typeof parsed === 'object' &&
      typeof (parsed as { message?: unknown }).message === 'string'
    ) {
      return (parsed as { message: string }).message;
    }
  } catch {
    // Not JSON: the message as it is.
  }
  return first;
}

/** Zap ids are unique in the process, as Zapier's are, so apps may key per-Zap state on them. */
let lastZapId = 0;

export type ZapRunner = {
  url: string;
  zaps: Zap[];
  limits: RunnerLimits;
  turnOn: (triggerKey: string, inputData?: Record<string, unknown>) => Promise<Zap>;
  /** Turns several Zaps on at once, as a user turning on a template's Zaps does. */
  turnOnMany: (specs: ZapSpec[]) => Promise<TurnOnOutcome[]>;
  turnOff: (zap: Zap) => Promise<void>;
  /** Turns several Zaps off at once; each entry is null, or why that Zap's unsubscribe failed. */
  turnOffMany: (zaps: Zap[]) => Promise<(string | null)[]>;
  poll: (zap: Zap) => Promise<PollResult>;
  /** Runs a search step as a Zap's action would, with the runner's connection. */
  search: (searchKey: string, inputData: Record<string, unknown>) => Promise<PurchaseOrder[]>;
  /** Called with each record a Zap receives. */
  onRecord: (listener: (zap: Zap, record: PurchaseOrder) => void) => void;
  /** Called with each delivery a Zap refused, and why. */
  onRefusal: (listener: (zap: Zap, message: string) => void) => void;
  /** Called with each failed run (a poll that threw, timed out or returned too much) and held records. */
  onTrouble: (listener: (zap: Zap, message: string) => void) => void;
  close: () => Promise<void>;
};

export async function startZapRunner(
  app: AppDefinition,
  port: number,
  authData: Record<string, string>,
  limitOverrides: Partial<RunnerLimits> = {},
): Promise<ZapRunner> {
  const limits: RunnerLimits = { ...ZAPIER_LIMITS, ...limitOverrides };
  const handler = createAppHandler(app);
  const cache = await startCacheRpc();

  /**
   * Runs one operation under the perform limit. calledFromCli keeps core's Lambda-only logging
   * out of the sandbox; rpc_base points z.cache at the loopback RPC. Past the limit the run is
   * reported failed, as Zapier does; core cannot be stopped mid-flight, so its late answer is dropped.
   */
  const execute = async <T>(method: string, bundle: object): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${method} timed out: it ran past the ${limits.performMs} ms limit for a perform.`)),
        limits.performMs,
      );
    });
    try {
      const output = await Promise.race([
        handler({ command: 'execute', method, bundle, calledFromCli: true, rpc_base: cache.url }),
        timeout,
      ]);
      return output.results as T;
    } finally {
      clearTimeout(timer);
    }
  };

  const zaps: Zap[] = [];
  const listeners: ((zap: Zap, record: PurchaseOrder) => void)[] = [];
  const refusalListeners: ((zap: Zap, message: string) => void)[] = [];
  const troubleListeners: ((zap: Zap, message: string) => void)[] = [];
  const receive = (zap: Zap, records: PurchaseOrder[]) => {
    for (const record of records) {
      zap.records.push(record);
      for (const listener of listeners) listener(zap, record);
    }
  };
  const trouble = (zap: Zap, message: string) => {
    for (const listener of troubleListeners) listener(zap, message);
  };
  const meta = (zap: Zap, overrides: object = {}) => ({
    isLoadingSample: false,
    isPopulatingDedupe: false,
    page: 0,
    limit: -1,
    zap: { id: zap.id },
    ...overrides,
  });

  const server = await listen(port, async (request, content, url) => {
    const zap = zaps.find((candidate) => url.pathname === `/hooks/${candidate.id}`);
    if (!zap || request.method !== 'POST')
      return { status: 404, body: { status: 'error', message: 'No Zap listens here.' } };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[zapierHeaderName(name)] = Array.isArray(value) ? value.join(',') : value;
    }
    const querystring = url.search.replace(/^\?/, '');
    const bundle = {
      authData,
      inputData: zap.inputData,
      meta: meta(zap),
      subscribeData: zap.subscribeData ?? undefined,
      rawRequest: { method: 'POST', querystring, headers, content },
      cleanedRequest: {
        ...cleanedBody(content, request.headers['content-type'] ?? ''),
        ...(querystring ? { querystring: Object.fromEntries(url.searchParams) } : {}),
      },
    };
    try {
      receive(zap, await execute<PurchaseOrder[]>(`triggers.${zap.triggerKey}.operation.perform`, bundle));
    } catch (error) {
      const message = firstSentence(error as Error);
      zap.refusals.push(message);
      for (const listener of refusalListeners) listener(zap, message);
    }
    // Zapier accepts every delivery; what the Zap did with it shows in the Zap's history.
    return { status: 200, body: { status: 'success' } };
  });

  /** Adds ids to a Zap's dedupe table, dropping the oldest past the cap. */
  const remember = (zap: Zap, ids: string[]) => {
    for (const id of ids) zap.seen.add(id);
    for (const oldest of zap.seen) {
      if (zap.seen.size <= limits.dedupeIds) break;
      zap.seen.delete(oldest);
    }
  };

  /** One run of a polling trigger's perform; throws when it fails or returns more than 20 MB. */
  const runPoll = async (zap: Zap, overrides: object): Promise<PurchaseOrder[]> => {
    const results = await execute<PurchaseOrder[]>(`triggers.${zap.triggerKey}.operation.perform`, {
      authData,
      inputData: zap.inputData,
      meta: meta(zap, overrides),
    });
    const bytes = Buffer.byteLength(JSON.stringify(results));
    if (bytes > limits.pollBytes)
      throw new Error(
        `The poll returned ${bytes} bytes of JSON, past the ${limits.pollBytes} byte limit: nothing was delivered.`,
      );
    return results;
  };

  const poll = async (zap: Zap): Promise<PollResult> => {
    let results: PurchaseOrder[];
    try {
      results = await runPoll(zap, {});
    } catch (error) {
      const failure = firstSentence(error as Error);
      zap.failures.push(failure);
      trouble(zap, failure);
      return { delivered: [], held: [], failure };
    }
    const ids = new Set<string>();
    const fresh = results.filter(
      (record) => !zap.seen.has(record.id) && !ids.has(record.id) && Boolean(ids.add(record.id)),
    );
    remember(
      zap,
      results.map((record) => record.id),
    );
    // Flood protection is the user's safeguard, set per Zap: here the user plays what it held.
    const held = fresh.length > limits.floodThreshold ? fresh : [];
    if (held.length > 0) {
      zap.held.push(...held);
      trouble(
        zap,
        `Flood protection held ${fresh.length} new records (more than ${limits.floodThreshold} in one poll) until the user played them.`,
      );
    }
    receive(zap, fresh);
    return { delivered: fresh, held, failure: null };
  };

  const turnOn = async (triggerKey: string, inputData: Record<string, unknown> = {}) => {
    const trigger = app.triggers[triggerKey];
    if (!trigger) throw new Error(`The app has no trigger ${triggerKey}.`);
    const id = String(++lastZapId);
    const zap: Zap = {
      id,
      triggerKey,
      kind: trigger.operation.type === 'polling' ? 'polling' : 'hook',
      hookUrl: trigger.operation.type === 'polling' ? null : `${server.url}/hooks/${id}`,
      subscribeData: null,
      inputData,
      seen: new Set(),
      records: [],
      refusals: [],
      held: [],
      failures: [],
    };
    if (zap.kind === 'polling') {
      // Turning a polling Zap on fills its dedupe table without triggering, as Zapier does.
      remember(
        zap,
        (await runPoll(zap, { isPopulatingDedupe: true })).map((record) => record.id),
      );
    } else if (trigger.operation.performSubscribe) {
      zap.subscribeData = await execute<object>(`triggers.${triggerKey}.operation.performSubscribe`, {
        authData,
        inputData,
        targetUrl: zap.hookUrl,
        meta: meta(zap),
      });
    }
    zaps.push(zap);
    return zap;
  };

  const turnOff = async (zap: Zap) => {
    const trigger = app.triggers[zap.triggerKey];
    if (trigger?.operation.performUnsubscribe && zap.subscribeData) {
      await execute(`triggers.${zap.triggerKey}.operation.performUnsubscribe`, {
        authData,
        inputData: zap.inputData,
        subscribeData: zap.subscribeData,
        targetUrl: zap.hookUrl,
        meta: meta(zap),
      });
    }
    zaps.splice(zaps.indexOf(zap), 1);
  };

  const turnOnMany = (specs: ZapSpec[]) =>
    Promise.all(
      specs.map((spec) =>
        turnOn(spec.triggerKey, spec.inputData).then(
          (zap): TurnOnOutcome => ({ spec, zap, error: null }),
          (error: Error): TurnOnOutcome => ({ spec, zap: null, error: firstSentence(error) }),
        ),
      ),
    );

  const turnOffMany = (many: Zap[]) =>
    Promise.all(
      many.map((zap) =>
        turnOff(zap).then(
          () => null,
          (error: Error) => firstSentence(error),
        ),
      ),
    );

  return {
    url: server.url,
    zaps,
    limits,
    turnOn,
    turnOnMany,
    turnOff,
    turnOffMany,
    poll,
    search: async (searchKey, inputData) => {
      if (!app.searches?.[searchKey]) throw new Error(`The app has no search ${searchKey}.`);
      return execute<PurchaseOrder[]>(`searches.${searchKey}.operation.perform`, {
        authData,
        inputData,
        meta: { isLoadingSample: false, limit: -1, page: 0 },
      });
    },
    onRecord: (listener) => listeners.push(listener),
    onRefusal: (listener) => refusalListeners.push(listener),
    onTrouble: (listener) => troubleListeners.push(listener),
    close: async () => {
      await server.close();
      await cache.close();
    },
  };
}
