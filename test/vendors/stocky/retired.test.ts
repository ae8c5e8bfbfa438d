/**
 * Stocky's API was switched off by Shopify on 2026-08-31: Stocky is hidden legacy (contract
 * section 2). Every entry point a live Zap or an old connection can still reach answers one
 * sentence at once, without a request; the triggers keep their keys, noun and sample.
 */
import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../../src';
import { STOCKY_RETIRED_MESSAGE } from '../../../src/vendors/stocky/retired';
import { stockySample } from '../../../src/vendors/stocky/samples';
import { TRIGGER_KEYS } from '../../helpers/contract-keys';
import { appTrigger } from '../../helpers/triggers';
import { errorDetails } from '../../helpers/zapier';

const appTester = createAppTester(app);
const OLD_STOCKY_FIELDS = { stocky_store_name: 'my-shop.myshopify.com', stocky_api_key: 'stocky-key' };
const ZORT = { zort_store_name: 'mystore', zort_api_key: 'zort-key', zort_api_secret: 'zort-secret' };

/** Every request that reached nock's interceptors unmatched: none may be made. */
const attempted: string[] = [];
const record = (request: { method?: string; path?: string; host?: string }) =>
  attempted.push(`${request.method} ${request.host}${request.path}`);
beforeAll(() => nock.emitter.on('no match', record));
afterAll(() => nock.emitter.removeListener('no match', record));
beforeEach(() => {
  attempted.length = 0;
});

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

const RETIRED = { name: 'AppError', message: STOCKY_RETIRED_MESSAGE };
const bundle = (authData: Record<string, string>, inputData: Record<string, unknown> = {}) =>
  ({
    authData,
    inputData,
    meta: { isLoadingSample: false, page: 0, limit: -1, zap: { id: 'zap-1' } },
  }) as unknown as Partial<Bundle>;

describe('the retirement sentence', () => {
  it('is one sentence naming Stocky, its switch-off and the Shopify triggers that replace it', () => {
    expect(STOCKY_RETIRED_MESSAGE.match(/[.!?](\s|$)/g)).toHaveLength(1);
    expect(STOCKY_RETIRED_MESSAGE).toMatch(
      /^Stocky's API was switched off on 2026-08-31, .*use the Shopify triggers instead \(/,
    );
    // Named as "the Shopify triggers (New Purchase Order, ...)": each label without " in Shopify".
    const shopifyLabels = [TRIGGER_KEYS.shopifyNew, TRIGGER_KEYS.shopifyOrdered, TRIGGER_KEYS.shopifyUpdated].map(
      (key) => app.triggers[key]!.display.label,
    );
    for (const label of shopifyLabels) {
      expect(label).toMatch(/ in Shopify$/);
      expect(STOCKY_RETIRED_MESSAGE).toContain(label.replace(/ in Shopify$/, ''));
    }
    expect(STOCKY_RETIRED_MESSAGE.match(/Shopify/g)).toHaveLength(2);
  });
});

describe.each([
  [TRIGGER_KEYS.stockyNew, 'New Purchase Order in Stocky', 'new'],
  [TRIGGER_KEYS.stockyUpdated, 'Updated Purchase Order in Stocky', 'updated'],
] as const)('%s', (key, label, kind) => {
  const trigger = appTrigger(key);

  it('is hidden legacy: same key, noun and label, never offered in the editor', () => {
    expect(trigger).toMatchObject({ key, noun: 'Purchase Order', display: { label, hidden: true } });
    expect(trigger.display.description).toMatch(/^Triggers when .*2026-08-31.*Shopify instead\.$/);
  });

  it("keeps Stocky's own sample, the seed through the mapper (contract section 4)", () => {
    expect(trigger.operation.sample).toEqual(stockySample(kind));
    expect(trigger.operation.sample).toMatchObject({
      id: kind === 'new' ? 'stocky:2' : (expect.stringMatching(/^stocky:2:/) as unknown),
      source: 'stocky',
      event: kind === 'new' ? 'created' : 'updated',
      number: '1001',
      currency: 'CAD',
      expected_on: '2021-02-22',
      shipping: '19.00',
      adjustments: '199.00',
      subtotal: null,
      total: null,
      supplier: { name: 'Brothers' },
    });
  });

  it.each([
    ['an old connection with Stocky fields', OLD_STOCKY_FIELDS],
    ['a connection with other groups too', { ...OLD_STOCKY_FIELDS, ...ZORT }],
    ['a connection without them', {}],
  ])('answers the sentence on %s, without a request', async (_name, authData) => {
    expect(await failure(appTester(trigger.operation.perform, bundle(authData)))).toEqual(RETIRED);
    expect(attempted).toEqual([]);
  });

  it('answers the sentence while Zapier loads samples or turns the Zap on', async () => {
    const meta = { isLoadingSample: true, isPopulatingDedupe: true, page: 0, limit: -1 };
    expect(
      await failure(
        appTester(trigger.operation.perform, {
          authData: OLD_STOCKY_FIELDS,
          inputData: {},
          meta,
        } as unknown as Partial<Bundle>),
      ),
    ).toEqual(RETIRED);
    expect(attempted).toEqual([]);
  });
});

describe('Find Purchase Order given the old source stocky', () => {
  it('answers the sentence without a request, whatever the id', async () => {
    const search = app.searches.find_purchase_order!.operation.perform;
    for (const purchaseOrderId of ['1001', '', 'abc']) {
      expect(
        await failure(
          appTester(search, bundle(OLD_STOCKY_FIELDS, { source: 'stocky', purchase_order_id: purchaseOrderId })),
        ),
      ).toEqual(RETIRED);
    }
    expect(attempted).toEqual([]);
  });

  it('no longer offers stocky as a source', () => {
    const [source] = app.searches.find_purchase_order!.operation.inputFields;
    expect(Object.keys((source as { choices: object }).choices)).not.toContain('stocky');
  });
});

describe('the connection', () => {
  it('has no Stocky fields in its form, and its note does not mention Stocky', () => {
    const fields = app.authentication.fields as { key: string; helpText?: string }[];
    expect(fields.filter((field) => field.key.startsWith('stocky_'))).toEqual([]);
    expect(fields.map((field) => field.helpText ?? '').join('\n')).not.toMatch(/stocky/i);
  });

  it('answers the sentence for a connection that holds only the old Stocky fields, without a request', async () => {
    expect(
      await failure(appTester(app.authentication.test, { authData: OLD_STOCKY_FIELDS } as Partial<Bundle>)),
    ).toEqual(RETIRED);
    expect(
      await failure(
        appTester(app.authentication.test, { authData: { stocky_api_key: 'stocky-key' } } as Partial<Bundle>),
      ),
    ).toEqual(RETIRED);
    expect(attempted).toEqual([]);
  });

  it('tests an older connection on its other groups, and leaves Stocky out of its label', async () => {
    nock('https://open-api.zortout.com', {
      reqheaders: { storename: 'mystore' },
      badheaders: ['Store-Name', 'Authorization'],
    })
      .get('/v4/Webhook/GetWebhook')
      .reply(200, { resCode: '200', key1: 'k' });
    const result = await appTester(app.authentication.test, {
      authData: { ...OLD_STOCKY_FIELDS, ...ZORT, apicbase_webhook_secret: 's' },
    } as Partial<Bundle>);
    expect(result).toEqual({
      connection_label: 'ZORT: mystore · Apicbase webhook',
      groups: ['ZORT', 'Apicbase webhook'],
    });
    expect(nock.isDone()).toBe(true);
  });
});
