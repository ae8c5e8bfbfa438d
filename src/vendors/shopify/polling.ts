/**
 * What the three Shopify triggers share: their place on the shared poller (shopifySource), the
 * pacer a poll runs under, the pause (a spent budget, a THROTTLED answer, an answer that did not
 * come in time), and reading purchase orders in full with their lines sized to what was last seen.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import { isThrottled, isTimeout, type PollSource, type RecencyKey } from '../../polling/poller';
import type { PurchaseOrder } from '../../record/purchase-order';
import { shopifyClient, type ShopifyClient } from './client';
import { bucketSchema, createPacer, shopifyClock, type Bucket } from './pacing';
import { LIST_LINE_ITEMS, MAX_ORDER_LINES, MAX_PAGE, MAX_QUERY_COST, requestedCost } from './queries';
import { gidNumber, type ShopifyPurchaseOrder } from './schema';
import { SHOPIFY } from './identity';

/** A numeric purchase order id as text (ids may pass 2^53). */
export const idText = zod.string().regex(/^(0|[1-9]\d{0,19})$/);

/** Lines expected of a purchase order the app has not read: the store's usual, learnt as it reads. */
export const linesHint = zod.number().int().min(1).max(MAX_ORDER_LINES);

/**
 * What every Shopify trigger's state holds beside its own: the version, when the Zap was turned on
 * (`since`: what was created before counts as seen), the lines hint and the cost bucket last seen.
 */
export const stateFields = {
  version: zod.literal(1),
  since: zod.string().nullable(),
  lines: linesHint,
  bucket: bucketSchema.nullable(),
};

/** Those fields in a fresh state. */
export const freshStateFields = (since: string | null) => ({
  version: 1 as const,
  since,
  lines: LIST_LINE_ITEMS,
  bucket: null,
});

/** A spent budget, a THROTTLED answer or one that did not come in time: the poll stops and resumes next poll. */
export function isPause(error: unknown): boolean {
  return isThrottled(error) || isTimeout(error);
}

/**
 * The first page of a walk that goes on from a cursor kept in the Zap's state, or null when
 * Shopify refuses to go on from it (a cursor it no longer takes, or a damaged state): the walk then
 * starts again from the newest end, where a poll that failed would fail for ever. A pause is not caught.
 */
export async function resumed<Page>(z: ZObject, walk: string, read: () => Promise<Page>): Promise<Page | null> {
  try {
    return await read();
  } catch (error) {
    if (isPause(error)) throw error;
    z.console.log(
      `Shopify would not go on with the ${walk} from where the last poll stopped (${error instanceof Error ? error.message : String(error)}); starting it again from the newest purchase order.`,
    );
    return null;
  }
}

/** A copy of a trigger's state through JSON: what the Zap's slot keeps, and nothing it cannot. */
export const cloneState = <State>(state: State): State => JSON.parse(JSON.stringify(state)) as State;

/** What a Shopify trigger's step did: its records, its state for the next poll, whether it paused. */
export type Step<Extra> = { records: PurchaseOrder[]; state: Extra; paused: boolean };

/**
 * One step of a Shopify trigger: `work` moves `state` on and gathers records until it is done or
 * stops early (it answers true: paused), or a pause stops it; either way the step keeps what was
 * done, with the bucket Shopify last reported, for the next poll. Any other failure fails the poll.
 */
export async function runStep<State extends { bucket: Bucket | null }>(
  client: ShopifyClient,
  state: State,
  work: (records: PurchaseOrder[]) => Promise<boolean>,
): Promise<Step<State>> {
  const records: PurchaseOrder[] = [];
  let paused: boolean;
  try {
    paused = await work(records);
  } catch (error) {
    if (!isPause(error)) throw error;
    paused = true;
  }
  state.bucket = client.pacer.bucket();
  return { records, state, paused };
}

/**
 * A Shopify trigger as a source of the shared poller. Shopify's walks (a probe above a floor, a
 * draft scan, a fingerprint sweep) keep their place in the trigger's own state (`extra`, in the
 * Zap's one slot, with the bucket as last seen); the poller asks for one step a poll, and takes
 * care of the lock, the newest-first order and saving. A step is paced inside the time the
 * poller gives it, and a pause ends it with what it read.
 */
export function shopifySource<Extra extends { bucket: Bucket | null }>(
  bundle: Bundle,
  options: {
    extra: { schema: zod.ZodType<Extra>; initial: () => Extra };
    recency: (record: PurchaseOrder) => RecencyKey;
    sample: (client: ShopifyClient, limit: number) => Promise<PurchaseOrder[]>;
    step: (z: ZObject, client: ShopifyClient, kind: 'turnOn' | 'poll', extra: Extra) => Promise<Step<Extra>>;
  },
): PollSource<PurchaseOrder, 0, null, PurchaseOrder, Extra> {
  // One step a poll: the poller may ask again for a fresh sweep once one completes, but a
  // Shopify step has already gone as far as the poll's budget allowed.
  let stepped = false;
  const clientFor = (z: ZObject, timeoutMs: number, bucket: Bucket | null) =>
    shopifyClient(z, bundle, { pacer: createPacer({ deadline: shopifyClock.now() + timeoutMs, bucket }) });
  return {
    vendor: SHOPIFY.name,
    maxPageSize: 1,
    extra: options.extra,
    floorSchema: zod.literal(0),
    nextFloor: () => 0,
    fallbackFloor: () => 0,
    cursorAfter: () => null,
    toRecord: (record) => record,
    recency: options.recency,
    sample: (z, { limit, timeoutMs }) => options.sample(clientFor(z, timeoutMs, null), limit),
    fetchPage: async (z, request) => {
      if (request.kind === 'sample' || stepped) return { items: [], received: 0, bytes: 0, end: true };
      stepped = true;
      const step = await options.step(
        z,
        clientFor(z, request.timeoutMs, request.extra.bucket),
        request.kind,
        request.extra,
      );
      // The poller saves the object it handed over: the step's state goes into it.
      Object.assign(request.extra, step.state);
      return {
        items: step.records,
        received: step.records.length,
        bytes: Buffer.byteLength(JSON.stringify(step.records)),
        end: !step.paused,
        paused: step.paused,
        lastCursor: null,
      };
    },
  };
}

export const idOf = (order: { id: string }) => BigInt(gidNumber(order.id));

/** Purchase orders per full page when each is expected to have `lines` lines, within the cost cap. */
export function ordersPerPage(lines: number): number {
  const perOrder = requestedCost.purchaseOrderPage(1, lines) - 2;
  return Math.max(1, Math.min(MAX_PAGE, Math.floor((MAX_QUERY_COST - 2) / perOrder)));
}

/** The most lines any of `orders` has: the next read's line size. */
export function learntHint(orders: ShopifyPurchaseOrder[], previous: number): number {
  if (orders.length === 0) return previous;
  const most = Math.max(...orders.map((order) => order.lineItems.edges.length));
  return Math.min(MAX_ORDER_LINES, Math.max(1, most));
}

/**
 * The purchase orders with these ids (ascending: every id in their range, as a probe listed them,
 * so a range holds no others), in full, each handed to `onOrder` in id order.
 * Consecutive ids are read a chunk at a time with an id range (`id:>a id:<b`), a chunk as large as
 * its cost allows at `hint` lines each; a store that ignores the id filter (it answers other ids)
 * has each read by id instead. Stops at a pause; `done` counts the ids dealt with, in order (one
 * Shopify no longer has, or a malformed one, logged, counts as dealt with).
 */
export async function readInFull(
  z: ZObject,
  client: ShopifyClient,
  ids: bigint[],
  hint: number,
  onOrder: (order: ShopifyPurchaseOrder) => void,
): Promise<{ done: number; paused: boolean; idFilterIgnored: boolean }> {
  let done = 0;
  let idFilterIgnored = false;
  try {
    while (done < ids.length) {
      if (idFilterIgnored) {
        const order = await client.getById(ids[done]!.toString(), hint);
        if (order) onOrder(order);
        done += 1;
        continue;
      }
      const chunk = ids.slice(done, done + ordersPerPage(hint));
      const first = chunk[0]!;
      const last = chunk.at(-1)!;
      const page = await client.listPage({
        last: chunk.length,
        query: { idAbove: (first - 1n).toString(), idBelow: (last + 1n).toString() },
        lines: hint,
      });
      const byId = new Map<bigint, ShopifyPurchaseOrder>();
      for (const edge of page.edges) {
        if (edge.order === null) {
          z.console.log(`Skipped a Shopify purchase order: ${edge.problem}`);
          continue;
        }
        const id = idOf(edge.order);
        if (id < first || id > last) idFilterIgnored = true;
        else byId.set(id, edge.order);
      }
      if (idFilterIgnored) {
        z.console.log('Shopify did not apply the id filter: reading the purchase orders one by one.');
        continue;
      }
      for (const id of chunk) {
        const order = byId.get(id);
        if (order) onOrder(await client.completeLineItems(order, undefined));
        done += 1;
      }
    }
    return { done, paused: false, idFilterIgnored };
  } catch (error) {
    if (!isPause(error)) throw error;
    return { done, paused: true, idFilterIgnored };
  }
}
