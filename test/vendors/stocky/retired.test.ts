/**
 * Stocky's API was switched off by Shopify on 2026-08-31 (issue 11): whatever the dead host
 * answers, every Stocky call ends in one sentence that says what to use instead.
 */
import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../../src';
import { findPurchaseOrder } from '../../../src/searches/find-purchase-order';
import {
  LOOKBACK_MS,
  makePollNewPurchaseOrders,
  makePollUpdatedPurchaseOrders,
  stockyNewPurchaseOrder,
  stockyUpdatedPurchaseOrder,
} from '../../../src/vendors/stocky/triggers';
import { STOCKY_AUTH, STOCKY_HEADERS, STOCKY_ORIGIN } from '../../helpers/fake-stocky';
import { errorDetails } from '../../helpers/zapier';
import { clearZcache } from '../../helpers/zapier-polling';

const appTester = createAppTester(app);
const START = Date.parse('2026-11-24T09:00:00.000Z');
const now = () => START;

const SENTENCE =
  "Stocky's API was switched off by Shopify on 2026-08-31, so Stocky purchase orders can no longer be read. " +
  'Use the Shopify purchase order triggers (New Purchase Order in Shopify, Purchase Order Ordered in Shopify, ' +
  'Updated Purchase Order in Shopify) or Find Purchase Order with Source Shopify, and connect your Shopify store instead.';

const bundle = (inputData: Record<string, unknown> = {}) =>
  ({ authData: STOCKY_AUTH, inputData, meta: { isLoadingSample: false, page: 0, limit: -1 } }) as unknown as Partial<Bundle>;

type Answer = (interceptor: nock.Interceptor) => nock.Scope;

const HTML_PAGE = '<!DOCTYPE html><html><body>Stocky is no longer available</body></html>';

/** What a switched-off Stocky may answer, on any of its URLs. */
const RETIRED_ANSWERS: [string, Answer][] = [
  ['410 Gone', (call) => call.reply(410, '')],
  ['a DNS failure (ENOTFOUND)', (call) =>
    call.replyWithError({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND stocky.shopifyapps.com' })],
  ['a DNS failure (EAI_AGAIN)', (call) =>
    call.replyWithError({ code: 'EAI_AGAIN', message: 'getaddrinfo EAI_AGAIN stocky.shopifyapps.com' })],
  ['a refused connection', (call) => call.replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })],
  ['an HTML page with 200', (call) => call.reply(200, HTML_PAGE, { 'Content-Type': 'text/html; charset=utf-8' })],
  ['a body starting with "<", no content type', (call) => call.reply(200, '  <html>Moved to Shopify</html>')],
  ['an HTML page with 503', (call) => call.reply(503, HTML_PAGE, { 'Content-Type': 'text/html', 'Retry-After': '60' })],
  ['an HTML page with 403', (call) => call.reply(403, HTML_PAGE, { 'Content-Type': 'text/html' })],
];
/** The list, and the connection test that reads it, never answer 404 while Stocky lives. */
const RETIRED_LIST_ANSWERS: [string, Answer][] = [['404 Not Found', (call) => call.reply(404, '')], ...RETIRED_ANSWERS];

const stocky = () => nock(STOCKY_ORIGIN, { reqheaders: STOCKY_HEADERS, badheaders: ['storename', 'apikey', 'apisecret'] });

/** The rejection's class and sentence: z.errors.Error is an AppError carrying JSON. */
async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (reason: unknown) => reason as Error,
  );
  return { name: error.name, message: errorDetails(error).message };
}

const RETIRED = { name: 'AppError', message: SENTENCE };

beforeEach(() => {
  clearZcache(appTester);
});

describe('a retired Stocky', () => {
  describe.each(RETIRED_LIST_ANSWERS)('answering the list with %s', (_name, answer) => {
    it('ends New Purchase Order in Stocky in the sentence', async () => {
      answer(stocky().get('/api/v2/purchase_orders.json').query({ limit: '250' }));
      expect(await failure(appTester(makePollNewPurchaseOrders({ now }), bundle()))).toEqual(RETIRED);
    });

    it('ends Updated Purchase Order in Stocky in the sentence', async () => {
      answer(
        stocky()
          .get('/api/v2/purchase_orders.json')
          .query({ limit: '250', status: 'confirmed', updated_since: new Date(START - LOOKBACK_MS).toISOString() }),
      );
      expect(await failure(appTester(makePollUpdatedPurchaseOrders({ now }), bundle({ status: 'confirmed' })))).toEqual(
        RETIRED,
      );
    });

    it('fails the connection test with the sentence, and says how to keep the connection for other systems', async () => {
      answer(stocky().get('/api/v2/purchase_orders.json').query({ limit: '1' }));
      expect(await failure(appTester(app.authentication.test, { authData: STOCKY_AUTH } as Partial<Bundle>))).toEqual({
        ...RETIRED,
        message: `${RETIRED.message} To keep this connection for other systems, clear its Stocky Store Name and Stocky API Key.`,
      });
    });
  });

  describe.each(RETIRED_ANSWERS)('answering one order with %s', (_name, answer) => {
    it('ends Find Purchase Order in the sentence', async () => {
      answer(stocky().get('/api/v2/purchase_orders/1001.json'));
      const search = appTester(findPurchaseOrder, bundle({ source: 'stocky', purchase_order_id: '1001' }));
      expect(await failure(search)).toEqual(RETIRED);
    });
  });

  it('still finds nothing, not a retired API, on a JSON 404 for one order', async () => {
    stocky().get('/api/v2/purchase_orders/1001.json').reply(404, { error: 'No purchase orders found' });
    expect(await appTester(findPurchaseOrder, bundle({ source: 'stocky', purchase_order_id: '1001' }))).toEqual([]);
  });

  it('still asks Zapier to retry a 503 that is not an HTML page', async () => {
    stocky().get('/api/v2/purchase_orders.json').query({ limit: '250' }).reply(503, '{"error":"busy"}', {
      'Content-Type': 'application/json',
    });
    expect(await failure(appTester(makePollNewPurchaseOrders({ now }), bundle()))).toEqual({
      name: 'ThrottledError',
      message: 'Stocky answered HTTP 503, a problem on its side; Zapier will try again shortly.',
    });
  });
});

describe("the Stocky triggers' display", () => {
  it.each([
    ['New Purchase Order in Stocky', 'New Purchase Order in Shopify', stockyNewPurchaseOrder],
    ['Updated Purchase Order in Stocky', 'Updated Purchase Order in Shopify', stockyUpdatedPurchaseOrder],
  ])('%s says Stocky was switched off and points to %s', (label, shopifyLabel, trigger) => {
    expect(trigger.display.label).toBe(label);
    const { description } = trigger.display;
    expect(description).toMatch(/^Triggers when .*\.$/);
    expect(description).toContain("Stocky's API was switched off by Shopify on 2026-08-31");
    expect(description).toContain(`use ${shopifyLabel} instead`);
  });

  it('says so in the status help of both triggers', () => {
    for (const trigger of [stockyNewPurchaseOrder, stockyUpdatedPurchaseOrder]) {
      const [status] = trigger.operation.inputFields;
      expect(status?.helpText).toContain(
        "Stocky's API was switched off by Shopify on 2026-08-31: for ordered purchase orders, use Purchase Order Ordered in Shopify.",
      );
    }
  });

  it('says so in the Stocky connection fields', () => {
    const stockyFields = app.authentication.fields.filter((field) => field.key.startsWith('stocky_'));
    expect(stockyFields.map((field) => [field.key, field.helpText])).toEqual([
      ['stocky_store_name', "Stocky's API was switched off by Shopify on 2026-08-31 ([Stocky's API docs](https://stocky.shopifyapps.com/api/docs/v2.html)): leave this empty and fill in the Shopify fields instead."],
      ['stocky_api_key', "Stocky's API was switched off by Shopify on 2026-08-31 ([Stocky's API docs](https://stocky.shopifyapps.com/api/docs/v2.html)): leave this empty and fill in the Shopify fields instead."],
    ]);
  });
});
