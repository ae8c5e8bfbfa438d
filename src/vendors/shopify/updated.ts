/**
 * Updated purchase orders (docs/shopify.md, "Triggers"). Shopify keeps no change time and cannot
 * be asked what changed, so a sweep walks the whole list from its newest end (where changes are
 * most likely), reading only what makes
 * a version (status, ordered and archived times, supplier, and per line its id, quantity, unit
 * cost, tax and SKUs: 3 points a line, not 7), and keeps a fingerprint of each purchase order in
 * the Zap's version table with its line count, which sizes the next sweep's line reads. Only a
 * purchase order whose fingerprint changed is read in full and fires; one met for the first time
 * that predates the Zap is learnt, not reported, unless it was ordered or archived since turn-on. A sweep that does not fit a poll goes on from
 * where it stopped in the next.
 */
import { createHash } from 'node:crypto';
import type { ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import type { PurchaseOrder } from '../../record/purchase-order';
import type { ShopifyClient } from './client';
import { floorAt, newestId } from './new-orders';
import { cloneState, freshStateFields, idText, isPause, resumed, runStep, stateFields, type Step } from './polling';
import { MAX_FINGERPRINT_LINES, MAX_ORDER_LINES, MAX_PAGE, MAX_QUERY_COST, requestedCost } from './queries';
import { gidNumber, type ShopifyFingerprintNode, type ShopifyPurchaseOrder } from './schema';

export const updatedStateSchema = zod.object({
  ...stateFields,
  /** The newest id when the Zap was turned on: a purchase order above it is news whatever its version. */
  above: idText.nullable(),
  /** Per purchase order id: its fingerprint and line count, as last seen. */
  table: zod.record(idText, zod.tuple([zod.string().regex(/^[0-9a-f]{16}$/), zod.number().int().nonnegative()])),
  /** The sweep under way: Shopify's cursor of the last purchase order dealt with (the sweep goes on before it), and its id. */
  sweep: zod.object({ before: zod.string().nullable(), lastId: idText }).nullable(),
});

export type UpdatedState = zod.infer<typeof updatedStateSchema>;

export const freshUpdatedState = (since: string | null): UpdatedState => ({
  ...freshStateFields(since),
  above: null,
  table: {},
  sweep: null,
});

/** What makes a version, as the sweep reads it: the same fields as the record's version hash. */
export function fingerprint(node: ShopifyFingerprintNode): string {
  const lines = node.lineItems.nodes
    .map(
      (line) =>
        [
          gidNumber(line.id),
          line.totalQuantity,
          line.unitCost?.amount ?? null,
          line.taxPercent ?? null,
          line.inventoryItem?.sku ?? null,
          line.supplierSku ?? null,
        ] as const,
    )
    .sort((a, b) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : 1));
  const version = [
    node.status,
    node.orderedAt ?? null,
    node.archivedAt ?? null,
    node.origin?.supplierName ?? null,
    lines,
  ];
  return createHash('sha256').update(JSON.stringify(version)).digest('hex').slice(0, 16);
}

/**
 * A purchase order met for the first time (the turn-on's sweep paused before reaching it) that
 * was ordered or archived after `since`, the Zap's turn-on: a change the Zap must report.
 */
function changedSince(node: ShopifyFingerprintNode, since: string | null): boolean {
  const from = since === null ? Number.NaN : Date.parse(since);
  if (!Number.isFinite(from)) return false;
  return [node.orderedAt, node.archivedAt].some((at) => typeof at === 'string' && Date.parse(at) > from);
}

/** The next page's size: lines enough for the purchase orders the table expects next, orders as many as the cost cap allows. */
export function sweepPageSize(state: UpdatedState): { last: number; lines: number } {
  const below = state.sweep === null ? null : BigInt(state.sweep.lastId);
  const upcoming = Object.entries(state.table)
    .filter(([id]) => below === null || BigInt(id) < below)
    .sort(([a], [b]) => (BigInt(a) > BigInt(b) ? -1 : 1))
    .map(([, [, count]]) => count);
  const linesFor = (orders: number) => {
    const known = upcoming.slice(0, orders);
    // Past the table's end lie purchase orders never read: the store's usual.
    const unknown = known.length < orders ? state.lines : 0;
    return Math.min(MAX_FINGERPRINT_LINES, Math.max(1, unknown, ...known));
  };
  const fit = (lines: number) =>
    Math.max(1, Math.min(MAX_PAGE, Math.floor((MAX_QUERY_COST - 2) / (requestedCost.fingerprintPage(1, lines) - 2))));
  // Fewer orders may need fewer lines, which lets more in; any with more lines are completed after.
  const lines = linesFor(fit(linesFor(MAX_PAGE)));
  return { last: fit(lines), lines };
}

/**
 * Goes on with the sweep until its end or the poll's budget is spent. `report` is called for a
 * purchase order whose fingerprint changed (or that is new since the Zap was turned on): it
 * reads the order in full and returns its record, or null when the trigger does not keep it.
 */
export async function sweep(
  z: ZObject,
  client: ShopifyClient,
  previous: UpdatedState,
  options: {
    learnOnly: boolean;
    keep: (order: ShopifyPurchaseOrder) => boolean;
    toRecord: (order: ShopifyPurchaseOrder) => PurchaseOrder;
  },
): Promise<Step<UpdatedState>> {
  const state: UpdatedState = cloneState(previous);
  return runStep(client, state, async (records) => {
    if (state.above === null) {
      // Turning on, the newest id; with no state (lost, or a run without a Zap), the newest created
      // before the look-back, so what was created since fires (what the Zap saw, Zapier drops).
      state.above = options.learnOnly ? await newestId(client) : (await floorAt(client, state.since)).toString();
    }
    const above = BigInt(state.above);
    let resuming = state.sweep !== null;
    for (;;) {
      const size = sweepPageSize(state);
      const read = () =>
        client.fingerprintPage({ last: size.last, before: state.sweep?.before ?? null, lines: size.lines });
      const page = resuming ? await resumed(z, 'sweep', read) : await read();
      resuming = false;
      if (page === null) {
        state.sweep = null;
        continue;
      }
      let most = 0;
      for (const edge of [...page.edges].reverse()) {
        if (edge.node === null) {
          z.console.log(`Skipped a Shopify purchase order in the sweep: ${edge.problem}`);
        } else {
          const id = gidNumber(edge.node.id);
          const known = state.table[id];
          const node = await client.completeFingerprint(edge.node, known?.[1]);
          if (node !== null) {
            const print = fingerprint(node);
            const count = node.lineItems.nodes.length;
            most = Math.max(most, count);
            const changed =
              known === undefined ? BigInt(id) > above || changedSince(node, state.since) : known[0] !== print;
            let read = true;
            if (changed && !options.learnOnly) {
              try {
                const order = await client.getById(id, count);
                if (order && options.keep(order)) records.push(options.toRecord(order));
              } catch (error) {
                if (isPause(error)) throw error;
                // One purchase order that cannot be read is passed, and tried again next sweep.
                z.console.log(
                  `Skipped Shopify purchase order ${id} in the sweep: ${error instanceof Error ? error.message : String(error)}`,
                );
                read = false;
              }
            }
            if (read) state.table[id] = [print, count];
          }
        }
        state.sweep = {
          before: edge.cursor,
          lastId: edge.node ? gidNumber(edge.node.id) : (state.sweep?.lastId ?? '0'),
        };
      }
      if (page.edges.length > 0) state.lines = Math.min(MAX_ORDER_LINES, Math.max(1, most));
      if (!page.hasPreviousPage) {
        // The oldest reached: the next poll starts a fresh sweep from the newest.
        state.sweep = null;
        break;
      }
      if (page.edges.length === 0) break;
    }
    return false;
  });
}
