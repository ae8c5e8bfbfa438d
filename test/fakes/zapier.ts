/**
 * Zapier, as the field notes describe it, one simulator for jest and the demo: a dedupe table per
 * Zap (105,000 ids, filled by the `isPopulatingDedupe` poll when the Zap is turned on), flood
 * protection past 100 new items in one poll (Zapier's and the user's choice: counted, never the
 * app's to prevent), 30 s per perform, 20 MB per poll, and Transfer's pages. Two ways to run it:
 * `simulatedZap` calls one perform through the app tester (jest, with nock), `startZapRunner`
 * runs Zaps against a whole app definition through core's own handler, as Zapier's Lambda does,
 * hook deliveries arriving over loopback HTTP as bundle.rawRequest / bundle.cleanedRequest, REST
 * hooks subscribing through their own performSubscribe, z.cache served over core's RPC.
 */
import * as core from 'zapier-platform-core';
import type { Bundle, ZObject, createAppTester } from 'zapier-platform-core';
import type { PurchaseOrder } from '../../src/record/purchase-order';
import { listen } from './http';
import { startCacheRpc } from './zcache';

type AppHandler = (event: object) => Promise<{ results: unknown }>;
export type AppDefinition = {
  triggers: Record<string, { operation: { type?: string; performSubscribe?: unknown; performUnsubscribe?: unknown } }>;
  searches?: Record<string, unknown>;
};

// Not in core's typings, but exported: the same handler Zapier's Lambda runs.
export const { createAppHandler } = core as unknown as { createAppHandler: (app: object) => AppHandler };

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

/**
 * One Zap's dedupe table: the ids it has seen, oldest first, at most `cap`. A poll triggers on
 * the ids not in it; a poll's ids are remembered whether they trigger or not.
 */
export class DedupeTable {
  readonly seen = new Set<string>();

  constructor(private readonly cap = ZAPIER_LIMITS.dedupeIds) {}

  remember(ids: string[]): void {
    for (const id of ids) this.seen.add(id);
    for (const oldest of this.seen) {
      if (this.seen.size <= this.cap) break;
      this.seen.delete(oldest);
    }
  }

  /** The records of one poll that trigger: every one whose id the table had not seen. */
  fresh<R extends { id: string }>(records: R[]): R[] {
    const fresh = records.filter((record) => !this.seen.has(record.id));
    this.remember(records.map((record) => record.id));
    return fresh;
  }
}

export type Zap = {
  id: string;
  triggerKey: string;
  kind: 'hook' | 'polling';
  hookUrl: string | null;
  subscribeData: object | null;
  inputData: Record<string, unknown>;
  table: DedupeTable;
  /** The dedupe table's ids, oldest first. */
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
    const fresh = zap.table.fresh(results);
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
    const table = new DedupeTable(limits.dedupeIds);
    const zap: Zap = {
      id,
      triggerKey,
      kind: trigger.operation.type === 'polling' ? 'polling' : 'hook',
      hookUrl: trigger.operation.type === 'polling' ? null : `${server.url}/hooks/${id}`,
      subscribeData: null,
      inputData,
      table,
      seen: table.seen,
      records: [],
      refusals: [],
      held: [],
      failures: [],
    };
    if (zap.kind === 'polling') {
      // Turning a polling Zap on fills its dedupe table without triggering, as Zapier does.
      table.remember((await runPoll(zap, { isPopulatingDedupe: true })).map((record) => record.id));
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

// One perform through the app tester, for jest ----------------------------------------------

type Tester = ReturnType<typeof createAppTester>;

/** The app tester's stand-in for z.cache (core keeps it on the tester, untyped). */
export function zcache(tester: Tester): { [key: string]: unknown } {
  const holder = tester as unknown as { zcacheTestObj: { [key: string]: unknown } };
  return holder.zcacheTestObj;
}

/** Empties z.cache: no Zap has stored progress, or the cache was evicted. */
export function clearZcache(tester: Tester): void {
  (tester as unknown as { zcacheTestObj: object }).zcacheTestObj = {};
}

const FLOOD_LIMIT = ZAPIER_LIMITS.floodThreshold;

/** A Zap on one polling perform, run by the app tester: its dedupe table, what triggered, and each flood. */
export function simulatedZap<R extends { id: string }>(
  appTester: Tester,
  perform: (z: ZObject, bundle: Bundle) => Promise<R[]>,
  bundle: (meta: object) => Partial<Bundle>,
) {
  const table = new DedupeTable();
  const triggered: R[] = [];
  /** The number of new items of each poll that would trip Zapier's default flood protection. */
  const floods: number[] = [];
  return {
    seen: table.seen,
    triggered,
    floods,
    async turnOn(): Promise<R[]> {
      const records = await appTester(perform, bundle({ isPopulatingDedupe: true }));
      table.remember(records.map((record) => record.id));
      return records;
    },
    /** One poll: the records that trigger the Zap. */
    async poll(): Promise<R[]> {
      const fresh = table.fresh(await appTester(perform, bundle({})));
      if (fresh.length > FLOOD_LIMIT) floods.push(fresh.length);
      triggered.push(...fresh);
      return fresh;
    },
  };
}

// Transfer: pages through core's handler -----------------------------------------------------

/** One transfer: the trigger's method ("triggers.<key>.operation.perform" or "...performList"), its bundle and store key. */
export type TransferRequest = {
  method: string;
  bundle: Partial<Bundle>;
  storeKey: string;
  /** Where z.cursor (and z.cache, unless `zcacheTestObj`) live: a CursorRpc's or startCacheRpc's url. */
  rpcBase: string;
  /** z.cache as core keeps it locally, instead of over the RPC. */
  zcacheTestObj?: Record<string, unknown>;
};

export type TransferPage<R> = { records: R[]; ms: number };

/** One page of a transfer: an ordinary perform through core's handler, with `bundle.meta.isBulkRead`. */
export async function transferPage<R>(handler: AppHandler, request: TransferRequest, page: number): Promise<R[]> {
  const output = await handler({
    command: 'execute',
    method: request.method,
    bundle: {
      ...request.bundle,
      meta: { ...(request.bundle.meta ?? {}), isBulkRead: true, page, limit: -1, isLoadingSample: false },
    },
    storeKey: request.storeKey,
    rpc_base: request.rpcBase,
    calledFromCli: true,
    ...(request.zcacheTestObj ? { zcacheTestObj: request.zcacheTestObj } : {}),
  });
  return output.results as R[];
}

/**
 * A whole Transfer as Zapier runs it: pages 0, 1, 2, ... until the first empty page;
 * `between(page)` runs after each non-empty page (the store goes on meanwhile).
 */
export async function transferPages<R>(
  handler: AppHandler,
  request: TransferRequest,
  between?: (page: number) => void | Promise<void>,
  maxPages = 200,
): Promise<TransferPage<R>[]> {
  const pages: TransferPage<R>[] = [];
  for (let page = 0; page < maxPages; page += 1) {
    const started = process.hrtime.bigint();
    const records = await transferPage<R>(handler, request, page);
    if (records.length === 0) return pages;
    pages.push({ records, ms: Number(process.hrtime.bigint() - started) / 1e6 });
    await between?.(page);
  }
  throw new Error(`the transfer did not end within ${maxPages} pages`);
}
