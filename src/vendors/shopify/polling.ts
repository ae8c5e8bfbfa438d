/**
 * What the three Shopify triggers share: the kind of poll, the Zap's state (one z.cache slot per
 * Zap and trigger, JSON, validated when read), the pacer a poll runs under, the pause (a spent
 * budget, a THROTTLED answer, an answer that did not come in time), reading purchase orders in
 * full with their lines sized to what was last seen, and the newest-first order.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import { POLL_LIMITS, isThrottled, isTimeout, pollStateKey } from '../../common/poller';
import type { PurchaseOrder } from '../../record/purchase-order';
import type { ShopifyClient } from './client';
import { createPacer, shopifyClock, type Bucket } from './pacing';
import { MAX_ORDER_LINES, MAX_PAGE, MAX_QUERY_COST, requestedCost } from './queries';
import { gidNumber, type ShopifyPurchaseOrder } from './schema';

export type PollKind = 'sample' | 'turnOn' | 'poll';

export function pollKind(bundle: Bundle): PollKind {
  if (bundle.meta?.isLoadingSample) return 'sample';
  return bundle.meta?.isPopulatingDedupe ? 'turnOn' : 'poll';
}

/** The editor's sample: the store's newest, at most this many. */
export const SAMPLE_SIZE = 10;

/** A numeric purchase order id as text (ids may pass 2^53). */
export const idText = zod.string().regex(/^(0|[1-9]\d{0,19})$/);

/** Lines expected of a purchase order the app has not read: the store's usual, learnt as it reads. */
export const linesHint = zod.number().int().min(1).max(MAX_ORDER_LINES);

/** A spent budget, a THROTTLED answer or one that did not come in time: the poll stops and resumes next poll. */
export function isPause(error: unknown): boolean {
  return isThrottled(error) || isTimeout(error);
}

/** The Zap's state for this trigger: the stored value if it is valid, else null (logged: the poll starts afresh). */
export async function readState<Schema extends zod.ZodType>(
  z: ZObject,
  bundle: Bundle,
  triggerKey: string,
  filters: Record<string, unknown>,
  schema: Schema,
): Promise<{ key: string | null; state: zod.output<Schema> | null }> {
  const key = pollStateKey(bundle, `${triggerKey}:shopify`, filters);
  if (key === null) return { key, state: null };
  const stored: unknown = await z.cache.get(key);
  if (stored === null || stored === undefined) return { key, state: null };
  const parsed = schema.safeParse(stored);
  if (!parsed.success) {
    z.console.log(`The stored progress of this Zap was not usable (${parsed.error.issues[0]?.message ?? 'invalid'}); starting afresh.`);
    return { key, state: null };
  }
  return { key, state: parsed.data };
}

export async function writeState(z: ZObject, key: string | null, state: unknown): Promise<void> {
  // A round trip through JSON proves the value is what z.cache can keep.
  if (key !== null) await z.cache.set(key, JSON.parse(JSON.stringify(state)) as unknown, POLL_LIMITS.stateTtlSeconds);
}

/** The poll's pacer: Zapier's budget from now, the bucket as the Zap's last poll saw it. */
export function pollPacer(bucket: Bucket | null) {
  return createPacer({ deadline: shopifyClock.now() + POLL_LIMITS.timeBudgetMs, bucket });
}

export const idOf = (order: { id: string }) => BigInt(gidNumber(order.id));

/** Newest first by `key`, ties by id descending: Zapier's order for every poll. */
export function newestFirst(records: PurchaseOrder[], key: (record: PurchaseOrder) => string): PurchaseOrder[] {
  return [...records].sort((a, b) => {
    const byKey = key(b).localeCompare(key(a));
    if (byKey !== 0) return byKey;
    const [x, y] = [BigInt(a.purchase_order_id), BigInt(b.purchase_order_id)];
    return x === y ? 0 : x < y ? 1 : -1;
  });
}

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
