/**
 * Every field of every hook trigger's seed, replaced in turn by each hostile value: the delivery
 * becomes a valid record or a HaltedError naming the field, never a bare TypeError.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, type Bundle, type ZObject } from 'zapier-platform-core';
import { purchaseOrderSchema } from '../../src/record/purchase-order';
import { apicbaseNewPurchaseOrder } from '../../src/vendors/apicbase/triggers';
import { apoTriggers } from '../../src/vendors/auto-purchase-orders/triggers';
import { zortTriggers } from '../../src/vendors/zort/triggers';
import { mapStockyPurchaseOrder } from '../../src/vendors/stocky/mapper';
import { stockyPurchaseOrderSchema } from '../../src/vendors/stocky/schema';
import { validatePayload } from '../../src/common/validation';

const HOSTILE: unknown[] = [
  null, '', 'abc', -1, 1.5, 0, 1e308, true, {}, [], ['x'], '😀\u0000', '9'.repeat(400),
  '/Date(99999999999999999)/', '2025-13-45T25:61:00Z', '-0', '1e400', -0.0000001,
];
const DELETE = Symbol('delete');
const z = { errors } as unknown as ZObject;
const SRC = join(__dirname, '../../src/vendors');
const seed = (path: string) => JSON.parse(readFileSync(join(SRC, path), 'utf8')) as Record<string, unknown>;

/** Every path to a value in a JSON document (the first element standing for each array). */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.length ? [prefix, ...paths(value[0], [...prefix, 0])] : [prefix];
  if (value !== null && typeof value === 'object') {
    return [prefix, ...Object.entries(value).flatMap(([key, child]) => paths(child, [...prefix, key]))].filter(
      (path) => path.length > 0,
    );
  }
  return [prefix];
}

function withValue(document: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(document) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === DELETE) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

type Case = { name: string; document: Record<string, unknown>; run: (body: string) => unknown };

const cases: Case[] = [
  {
    name: 'apo_purchase_order_created',
    document: seed('auto-purchase-orders/seed-payload.json'),
    run: (body) => apoTriggers.created.operation.perform(z, { rawRequest: { content: body } } as Bundle),
  },
  {
    name: 'zort_purchase_order_created',
    document: seed('zort/seed-purchase-order.json'),
    run: (body) =>
      zortTriggers[0]!.operation.perform(z, {
        rawRequest: { content: body, querystring: 'method=ADDPURCHASEORDER', headers: { 'Http-Authorization': 'Basic k' } },
        subscribeData: { key1: 'k' },
      } as unknown as Bundle),
  },
  {
    name: 'apicbase_new_purchase_order',
    document: seed('apicbase/sample-order.json'),
    run: (body) =>
      apicbaseNewPurchaseOrder.operation.perform(z, {
        authData: { apicbase_webhook_secret: 's' },
        rawRequest: {
          content: body,
          headers: { 'Http-X-Apic-Webhook-Signature': createHmac('sha256', 's').update(body).digest('hex') },
        },
      } as unknown as Bundle),
  },
  {
    name: 'a Stocky purchase order, as both Stocky polls and the search read it',
    document: (seed('stocky/seed-list-response.json').purchase_orders as Record<string, unknown>[])[0]!,
    run: (body) => [
      mapStockyPurchaseOrder(
        validatePayload(z, { name: 'Stocky', kind: 'response' }, stockyPurchaseOrderSchema, JSON.parse(body)),
        'updated',
      ),
    ],
  },
];

describe.each(cases)('$name', ({ document, run }) => {
  it('turns every hostile variant into a valid record or a HaltedError, nothing else', () => {
    const outcomes = { records: 0, halted: 0 };
    const wrong: string[] = [];
    for (const path of paths(document)) {
      for (const replacement of [DELETE, ...HOSTILE]) {
        const body = JSON.stringify(withValue(document, path, replacement));
        const where = `${path.join('.')} = ${replacement === DELETE ? '(deleted)' : JSON.stringify(replacement)}`;
        try {
          const records = run(body) as unknown[];
          if (records.length !== 1 || !purchaseOrderSchema.safeParse(records[0]).success) wrong.push(`${where}: invalid record`);
          outcomes.records += 1;
        } catch (error) {
          if ((error as Error).name !== 'HaltedError') wrong.push(`${where}: ${(error as Error).name}: ${(error as Error).message}`);
          outcomes.halted += 1;
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(outcomes.records).toBeGreaterThan(0);
    expect(outcomes.halted).toBeGreaterThan(0);
  });
});
