/**
 * Shopify's Transfer on a Standard store (2,000 points, 100 a second, requested cost charged
 * first and refunded after), against the cost-charging fake on a clock the test moves: the
 * pacer's waits move it too, so each page's 25 s of pacing run without waiting.
 */
import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import { FakeShopify, serveOverNock } from '../../fakes/shopify';
import app from '../../../src';
import type { PurchaseOrder } from '../../../src/record/purchase-order';
import { LIST_LINE_ITEMS } from '../../../src/vendors/shopify/queries';
import { pollNewPurchaseOrders } from '../../../src/vendors/shopify/triggers';
import { CursorRpc, transfer, transferPage, type TransferOptions } from '../../helpers/transfer';
import { errorDetails } from '../../helpers/zapier';
import { simulatedZap, zcache } from '../../fakes/zapier';
import { useShopifyTestClock } from '../../helpers/shopify-clock';

// The fake builds Shopify's whole schema once per file, and these stores take many queries.
jest.setTimeout(120_000);

const appTester = createAppTester(app);
const ORIGIN = 'https://my-shop.myshopify.com';
const AUTH = {
  shopify_store_domain: 'my-shop.myshopify.com',
  shopify_client_id: 'fake-client-id',
  shopify_client_secret: 'fake-client-secret',
};
const method = (key: string) => `triggers.${key}.operation.perform`;
const bundle = (inputData: Record<string, unknown> = {}) => ({ authData: AUTH, inputData }) as Partial<Bundle>;
/** A page's time budget (POLL_LIMITS.timeBudgetMs). */
const PAGE_BUDGET_MS = 25_000;

const clock = useShopifyTestClock(appTester);

type Sent = { variables: Record<string, unknown>; at: number };

/** Serves the fake over nock, keeping every GraphQL request's variables and time; `before` runs first. */
function serve(fake: FakeShopify, before?: (variables: Record<string, unknown>) => void): Sent[] {
  const sent: Sent[] = [];
  serveOverNock(fake, ORIGIN, {
    onGraphql: (body) => {
      const { variables } = body as { variables: Record<string, unknown> };
      before?.(variables);
      sent.push({ variables, at: clock.now });
    },
  });
  return sent;
}

/** Lines 3 to 20 (so 20 for some: more than a list query reads at first), the same for the same id; every third ordered. */
const lines = (id: number) => 3 + ((id * 7) % 18);
function seed(fake: FakeShopify, count: number) {
  for (let id = 1; id <= count; id += 1) {
    fake.create({
      ...(id % 3 === 0 ? { status: 'ORDERED' as const } : {}),
      lines: Array.from({ length: lines(id) }, () => ({})),
    });
  }
}

const ids = (records: PurchaseOrder[]) => records.map((record) => Number(record.purchase_order_id));
const newestFirst = (count: number) => Array.from({ length: count }, (_, index) => count - index);

/** A transfer page by page, as Zapier runs it (the next page asked at once), with the Shopify time each page took. */
async function pages(options: TransferOptions, between: () => void = () => undefined) {
  const result: { records: PurchaseOrder[]; ms: number }[] = [];
  for (let page = 0; page < 50; page += 1) {
    const started = clock.now;
    const records = await transferPage<PurchaseOrder>(options, page);
    if (records.length === 0) return result;
    result.push({ records, ms: clock.now - started });
    between();
  }
  throw new Error('the transfer did not end within 50 pages');
}

describe('Shopify history for Transfer', () => {
  it.each([
    ['shopify_new_purchase_order', 'created', () => true],
    ['shopify_purchase_order_ordered', 'ordered', (id: number) => id % 3 === 0],
    ['shopify_updated_purchase_order', 'updated', () => true],
  ] as const)(
    '%s: the whole store once, newest first, lines complete, over several paced pages while orders are created',
    async (key, event, kept) => {
      const fake = new FakeShopify({ now: () => clock.now });
      const count = key === 'shopify_purchase_order_ordered' ? 450 : 150;
      seed(fake, count);
      const sent = serve(fake);
      const transferred = await pages(
        { method: method(key), bundle: bundle(), rpc: new CursorRpc(), storeKey: key, zcache: {} },
        () => {
          fake.create({ status: 'ORDERED', lines: [{}] });
          fake.create();
        },
      );
      const all = transferred.flatMap((page) => page.records);
      const expected = newestFirst(count).filter(kept);
      expect(ids(all)).toEqual(expected);
      expect(new Set(all.map((record) => record.id)).size).toBe(expected.length);
      expect(all.map((record) => record.line_items.length)).toEqual(expected.map(lines));
      expect(all.every((record) => record.event === event)).toBe(true);
      // A Standard bucket pays for part of the store within a page's budget: the store takes
      // several pages, each inside its 25 s. Each page paces from the bucket the previous one saw
      // (kept with its position), so Shopify never answered THROTTLED though no time passed between pages.
      expect(transferred.length).toBeGreaterThan(2);
      expect(transferred.every((page) => page.ms <= PAGE_BUDGET_MS)).toBe(true);
      expect(Math.max(...transferred.map((page) => page.ms))).toBeGreaterThan(PAGE_BUDGET_MS / 2);
      expect(fake.throttled).toBe(0);
      // Lines read in full: lists sized to the most lines seen (past the 10 first read, and kept
      // from page to page: only the first list asks for 10), follow-ups reading the rest.
      const listLines = sent
        .filter(({ variables }) => variables.last !== undefined)
        .map(({ variables }) => variables.lines);
      expect(listLines.filter((asked) => asked === LIST_LINE_ITEMS)).toHaveLength(1);
      expect(listLines).toContain(Math.max(...expected.map(lines)));
      expect(sent.some(({ variables }) => variables.after !== undefined)).toBe(true);
      expect(fake.mints).toBe(1);
    },
  );

  it('ends a page early when another app spends the bucket and the wait would not fit, and the next page resumes at that order', async () => {
    const options = (storeKey: string) => ({
      method: method('shopify_new_purchase_order'),
      bundle: bundle(),
      rpc: new CursorRpc(),
      storeKey,
      zcache: {},
    });
    // The same store without the other app: where its first page ends.
    const alone = new FakeShopify({ now: () => clock.now });
    seed(alone, 150);
    serve(alone);
    const undisturbed = await transferPage<PurchaseOrder>(options('alone'), 0);
    nock.cleanAll();

    clock.now = Date.parse('2026-11-02T09:00:00Z');
    const fake = new FakeShopify({ now: () => clock.now });
    seed(fake, 150);
    const pageStart = clock.now;
    let spentAt: number | null = null;
    const sent = serve(fake, (variables) => {
      // 15 s into the first page, another app takes the whole bucket just before a list query.
      if (spentAt === null && variables.last !== undefined && clock.now - pageStart >= 15_000) {
        fake.spend(2000);
        spentAt = clock.now;
      }
    });
    const transferOptions = options('spent');
    const first = await transferPage<PurchaseOrder>(transferOptions, 0);
    const firstEnded = clock.now;
    // Shopify answered that list query THROTTLED; its wait (9 s and more) did not fit the 10 s
    // left less the pacer's margin, so the page ended there, shorter than undisturbed, asking nothing more.
    expect(spentAt).not.toBeNull();
    expect(fake.throttled).toBe(1);
    expect(sent.at(-1)!.at).toBe(spentAt);
    expect(firstEnded - pageStart).toBeLessThan(PAGE_BUDGET_MS);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(undisturbed.length);
    expect(ids(first)).toEqual(ids(undisturbed).slice(0, first.length));

    const second = await transferPage<PurchaseOrder>(transferOptions, 1);
    expect(ids(second)[0]).toBe(ids(first).at(-1)! - 1);
    expect(second[0]!.line_items).toHaveLength(lines(ids(second)[0]!));
    const rest = [first, second];
    for (let page = 2; ; page += 1) {
      const records = await transferPage<PurchaseOrder>(transferOptions, page);
      if (records.length === 0) break;
      rest.push(records);
    }
    expect(ids(rest.flat())).toEqual(newestFirst(150));
  });

  it('leaves a running Zap alone: its next poll gets exactly what is new, as the same records a transfer gives', async () => {
    const fake = new FakeShopify({ now: () => clock.now });
    seed(fake, 30);
    serve(fake);
    const zapBundle = (meta: object) =>
      ({
        ...bundle(),
        meta: { isLoadingSample: false, page: 0, limit: -1, zap: { id: 'zap-running' }, ...meta },
      }) as Partial<Bundle>;
    const zap = simulatedZap(appTester, pollNewPurchaseOrders, zapBundle);
    await zap.turnOn();
    for (let made = 0; made < 3; made += 1) fake.create();
    const before = JSON.stringify(Object.entries(zcache(appTester)).filter(([name]) => name.startsWith('poll:')));
    const key = 'shopify_new_purchase_order';
    const transferred = await transfer<PurchaseOrder>({
      method: method(key),
      bundle: bundle(),
      rpc: new CursorRpc(),
      storeKey: 'running',
      zcache: zcache(appTester),
    });
    expect(transferred.flat()).toHaveLength(33);
    expect(JSON.stringify(Object.entries(zcache(appTester)).filter(([name]) => name.startsWith('poll:')))).toBe(before);
    const fresh = await zap.poll();
    expect(ids(fresh)).toEqual([33, 32, 31]);
    expect(transferred.flat().slice(0, 3)).toEqual(fresh);
  });

  it('stops with a sentence when the position it kept cannot be read', async () => {
    // No Shopify served: nothing may be asked of it.
    const rpc = new CursorRpc();
    rpc.cursors.set('broken', 'not json');
    const options = {
      method: method('shopify_new_purchase_order'),
      bundle: bundle(),
      rpc,
      storeKey: 'broken',
      zcache: {},
    };
    const error = (await transferPage(options, 3).catch((reason: Error) => reason)) as Error;
    expect(errorDetails(error).message).toBe(
      'This transfer of Shopify purchase orders lost its place (the position Zapier kept between pages could not be read), so it stopped rather than send purchase orders twice. Start the transfer again.',
    );
  });
});
