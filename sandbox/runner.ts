/**
 * The local Zap runner: Zaps turned on against the real app definition, run by
 * zapier-platform-core as Zapier runs them. Hook deliveries arrive over HTTP and reach the
 * trigger's perform as bundle.rawRequest / bundle.cleanedRequest; REST hooks subscribe through
 * their own performSubscribe; polling triggers are polled with their own perform and deduped on
 * `id`, as Zapier does.
 */
import * as core from 'zapier-platform-core';
import type { PurchaseOrder } from '../src/record/purchase-order';
import { listen } from './http';

type Event = { command: 'execute'; method: string; bundle: object; calledFromCli: boolean };
type AppHandler = (event: Event) => Promise<{ results: unknown }>;
type AppDefinition = { triggers: Record<string, { operation: { type?: string; performSubscribe?: unknown; performUnsubscribe?: unknown } }> };

// Not in core's typings, but exported: the same handler Zapier's Lambda runs.
const { createAppHandler } = core as unknown as { createAppHandler: (app: object) => AppHandler };

export type Zap = {
  id: string;
  triggerKey: string;
  kind: 'hook' | 'polling';
  hookUrl: string | null;
  subscribeData: object | null;
  inputData: Record<string, unknown>;
  seen: Set<string>;
  records: PurchaseOrder[];
  refusals: string[];
};

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
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The first line of a refusal: core appends what it ran ("What happened: ...") to messages. */
const firstSentence = (error: Error) => error.message.split('\nWhat happened:')[0] ?? error.message;

export type ZapRunner = {
  url: string;
  zaps: Zap[];
  turnOn: (triggerKey: string, inputData?: Record<string, unknown>) => Promise<Zap>;
  turnOff: (zap: Zap) => Promise<void>;
  poll: (zap: Zap) => Promise<PurchaseOrder[]>;
  /** Called with each record a Zap receives. */
  onRecord: (listener: (zap: Zap, record: PurchaseOrder) => void) => void;
  /** Called with each delivery a Zap refused, and why. */
  onRefusal: (listener: (zap: Zap, message: string) => void) => void;
  close: () => Promise<void>;
};

export async function startZapRunner(
  app: AppDefinition,
  port: number,
  authData: Record<string, string>,
): Promise<ZapRunner> {
  const handler = createAppHandler(app);
  /** Runs one operation; calledFromCli keeps core's Lambda-only logging out of the sandbox. */
  const execute = async <T>(method: string, bundle: object): Promise<T> => {
    const output = await handler({ command: 'execute', method, bundle, calledFromCli: true });
    return output.results as T;
  };
  const zaps: Zap[] = [];
  const listeners: ((zap: Zap, record: PurchaseOrder) => void)[] = [];
  const refusalListeners: ((zap: Zap, message: string) => void)[] = [];
  const receive = (zap: Zap, records: PurchaseOrder[]) => {
    for (const record of records) {
      zap.records.push(record);
      for (const listener of listeners) listener(zap, record);
    }
  };

  const server = await listen(port, async (request, content, url) => {
    const zap = zaps.find((candidate) => url.pathname === `/hooks/${candidate.id}`);
    if (!zap || request.method !== 'POST') return { status: 404, body: { status: 'error', message: 'No Zap listens here.' } };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[zapierHeaderName(name)] = Array.isArray(value) ? value.join(',') : value;
    }
    const querystring = url.search.replace(/^\?/, '');
    const bundle = {
      authData,
      inputData: zap.inputData,
      meta: { isLoadingSample: false, isPopulatingDedupe: false, page: 0, limit: -1 },
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

  const pollBundle = (zap: Zap, meta: object) => ({
    authData,
    inputData: zap.inputData,
    meta: { isLoadingSample: false, isPopulatingDedupe: false, page: 0, limit: -1, ...meta },
  });

  const poll = async (zap: Zap) => {
    const results = await execute<PurchaseOrder[]>(`triggers.${zap.triggerKey}.operation.perform`, pollBundle(zap, {}));
    const fresh = results.filter((record) => !zap.seen.has(record.id));
    for (const record of fresh) zap.seen.add(record.id);
    receive(zap, fresh);
    return fresh;
  };

  let nextId = 1;
  const turnOn = async (triggerKey: string, inputData: Record<string, unknown> = {}) => {
    const trigger = app.triggers[triggerKey];
    if (!trigger) throw new Error(`The app has no trigger ${triggerKey}.`);
    const id = String(nextId++);
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
    };
    if (zap.kind === 'polling') {
      // Turning a polling Zap on fills its dedupe table without triggering, as Zapier does.
      const existing = await execute<PurchaseOrder[]>(`triggers.${triggerKey}.operation.perform`, pollBundle(zap, { isPopulatingDedupe: true }));
      for (const record of existing) zap.seen.add(record.id);
    } else if (trigger.operation.performSubscribe) {
      zap.subscribeData = await execute<object>(`triggers.${triggerKey}.operation.performSubscribe`, {
        authData,
        inputData,
        targetUrl: zap.hookUrl,
        meta: {},
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
        meta: {},
      });
    }
    zaps.splice(zaps.indexOf(zap), 1);
  };

  return {
    url: server.url,
    zaps,
    turnOn,
    turnOff,
    poll,
    onRecord: (listener) => listeners.push(listener),
    onRefusal: (listener) => refusalListeners.push(listener),
    close: server.close,
  };
}
