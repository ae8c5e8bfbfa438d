/**
 * The publishing checks against small app definitions: a good one passes every rule, and each
 * rule fails on a definition that breaks it. `npm test` runs the script itself on the built app.
 */
type Field = { key: string; label: string; type?: string; helpText?: string };
type Operation = {
  [key: string]: unknown;
  sample?: Record<string, unknown>;
  outputFields?: Record<string, unknown>[];
  inputFields?: Field[];
};
type Definition = { key: string; noun: string; display: { label: string; description: string }; operation: Operation };
type App = {
  authentication: { type: string; fields: [Field, Field]; connectionLabel: string };
  triggers: Record<'new_order' | 'order_hook' | 'updated_order', Definition>;
  searches: Record<'find_order', Definition>;
};
type Context = {
  staticHookExceptions: Record<string, { reason?: string; twin?: string }>;
  domainValidators: Record<string, (value: string) => string | null>;
  apiBaseUrls: string[];
};
type Result = { checked: number; failures: string[]; skipped?: string[] };
type Rule = { id: string; check: (app: object, context: Context) => Result | Promise<Result> };

const { RULES, STATIC_HOOK_EXCEPTIONS } = jest.requireActual<{
  RULES: Rule[];
  STATIC_HOOK_EXCEPTIONS: Context['staticHookExceptions'];
}>('../../scripts/publishing-checks');

const outputFields = [
  { key: 'id', label: 'ID' },
  { key: 'created_at', label: 'Created At', type: 'datetime' },
  { key: 'count', label: 'Count', type: 'integer', required: true },
  { key: 'supplier__name', label: 'Supplier Name' },
  { key: 'line_items', label: 'Line Items', children: [{ key: 'quantity', label: 'Quantity', type: 'number' }] },
];
const sample = {
  id: '1',
  created_at: '2025-02-23T09:17:40Z',
  count: 1,
  supplier: { name: 'Acme' },
  line_items: [{ quantity: 2 }],
};
const perform = () => [sample];

function trigger(key: string, label: string, operation: Operation): Definition {
  return {
    key,
    noun: 'Order',
    display: { label, description: 'Triggers when an order is created.' },
    operation: { sample, outputFields, perform, ...operation },
  };
}

const polling = (key: string) => trigger(key, 'New Order', { type: 'polling' });
const staticHook = (key: string) => trigger(key, 'New Order in Vendor', { type: 'hook', performList: () => [sample] });
const restHook = (key: string) =>
  trigger(key, 'Updated Order', {
    type: 'hook',
    performSubscribe: perform,
    performUnsubscribe: perform,
    // Reads the vendor, as ZORT's does: Z001 cannot run it offline.
    performList: async (z: { request: (url: string) => Promise<unknown> }) => [
      await z.request('https://api.example.com/orders'),
    ],
  });

function goodApp(): App {
  return {
    authentication: {
      type: 'custom',
      fields: [
        {
          key: 'api_key',
          label: 'API Key',
          type: 'password',
          helpText: 'Copy it from [API settings](https://example.com/settings/api).',
        },
        {
          key: 'shop_domain',
          label: 'Shop Domain',
          type: 'string',
          helpText: 'Your shop, such as `shop.example.com`.',
        },
      ],
      connectionLabel: '{{bundle.inputData.name}}',
    },
    triggers: {
      new_order: polling('new_order'),
      order_hook: staticHook('order_hook'),
      updated_order: restHook('updated_order'),
    },
    searches: {
      find_order: {
        key: 'find_order',
        noun: 'Order',
        display: { label: 'Find Order', description: 'Finds an order by its number.' },
        operation: {
          inputFields: [{ key: 'number', label: 'Number', helpText: 'The number people see.' }],
          perform,
          sample,
          outputFields,
        },
      },
    },
  };
}

const context: Context = {
  staticHookExceptions: { order_hook: { twin: 'new_order' } },
  domainValidators: { shop_domain: (value) => (/^[a-z]+\.example\.com$/.test(value) ? value : null) },
  apiBaseUrls: ['https://api.example.com'],
};

async function failuresOf(id: string, app: object, withContext: Context = context): Promise<string[]> {
  const rule = RULES.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return (await rule.check(app, withContext)).failures;
}

describe('the publishing checks', () => {
  it('pass a good definition on every rule, and skip the performList that needs the network', async () => {
    const app = goodApp();
    for (const rule of RULES) expect([rule.id, await failuresOf(rule.id, app)]).toEqual([rule.id, []]);
    const z001 = await RULES.find((rule) => rule.id === 'Z001')!.check(app, context);
    expect(z001.skipped).toEqual(["triggers.updated_order: its performList reads the vendor's API"]);
  });

  it('D002: a credential whose help text links nowhere', async () => {
    const app = goodApp();
    app.authentication.fields[0].helpText = 'On the API Details page in settings.';
    expect(await failuresOf('D002', app)).toEqual(['api_key: its help text has no markdown link']);
  });

  it('D003: a fixed label, or one that shows a secret', async () => {
    const app = goodApp();
    app.authentication.connectionLabel = 'Vendor';
    expect(await failuresOf('D003', app)).toEqual(['"Vendor" is fixed text: it cannot tell two connections apart']);
    app.authentication.connectionLabel = '{{bundle.authData.api_key}}';
    expect(await failuresOf('D003', app)).toEqual(['{{bundle.authData.api_key}} is sensitive']);
  });

  it('D006: a REST hook without performList', async () => {
    const app = goodApp();
    delete app.triggers.updated_order.operation.performList;
    expect(await failuresOf('D006', app)).toEqual(['triggers.updated_order has no performList']);
  });

  it('D007: a plain-HTTP URL, in a text or an API base URL', async () => {
    const app = goodApp();
    app.searches.find_order.display.description = 'Finds an order ([docs](http://example.com/docs)).';
    expect(await failuresOf('D007', app, { ...context, apiBaseUrls: ['http://api.example.com'] })).toEqual([
      'app.searches.find_order.display.description: http://example.com/docs',
      'api base URL 0: http://api.example.com',
    ]);
  });

  it('D008: a bare URL and a broken link', async () => {
    const app = goodApp();
    app.searches.find_order.operation.inputFields![0]!.helpText = 'See https://example.com/help.';
    app.authentication.fields[1].helpText = 'See [the docs(https://example.com).';
    expect(await failuresOf('D008', app)).toEqual([
      'authentication.fields[1].helpText: a bare URL (link it, or put it in backticks)',
      'searches.find_order input number helpText: a bare URL (link it, or put it in backticks)',
    ]);
    app.authentication.fields[1].helpText = 'See [the docs]( the page).';
    expect(await failuresOf('D008', app)).toContain('authentication.fields[1].helpText: a broken markdown link');
  });

  it('D009: a search with nothing to search by', async () => {
    const app = goodApp();
    app.searches.find_order.operation.inputFields = [];
    expect(await failuresOf('D009', app)).toEqual(['searches.find_order has no input field']);
  });

  it('D010: a polling sample without its primary key', async () => {
    const app = goodApp();
    app.triggers.new_order.operation.sample = { ...sample, id: undefined };
    expect(await failuresOf('D010', app)).toEqual(['triggers.new_order: the sample has no id']);
    app.triggers.new_order.operation.outputFields = [{ key: 'number', label: 'Number', primary: true }];
    expect(await failuresOf('D010', app)).toEqual(['triggers.new_order: the sample has no number']);
  });

  it('D011: a help text that repeats its label', async () => {
    const app = goodApp();
    app.searches.find_order.operation.inputFields![0]!.helpText = 'number.';
    expect(await failuresOf('D011', app)).toEqual(['searches.find_order number: help text repeats the label']);
  });

  it('D012: a search without a static sample', async () => {
    const app = goodApp();
    delete app.searches.find_order.operation.sample;
    expect(await failuresOf('D012', app)).toEqual(['searches.find_order has no static sample']);
  });

  it('D016: an app that is one static hook', async () => {
    expect(await failuresOf('D016', { triggers: { order_hook: staticHook('order_hook') } })).toEqual([
      'every trigger is a static hook: Webhooks by Zapier already does that',
    ]);
  });

  it('D017: a static hook nobody allowed, a missing twin, a twin that is static too, a stale exception', async () => {
    const app = goodApp();
    expect(await failuresOf('D017', app, { ...context, staticHookExceptions: {} })).toEqual([
      'triggers.order_hook is a static hook: not allowed in a public integration',
    ]);
    const { new_order: _twin, ...withoutTwin } = app.triggers;
    expect(await failuresOf('D017', { ...app, triggers: withoutTwin })).toEqual([
      'triggers.order_hook is allowed by its polling twin new_order, which is not in the app',
    ]);
    app.triggers.new_order = staticHook('new_order');
    expect(
      await failuresOf('D017', app, {
        ...context,
        staticHookExceptions: { order_hook: { twin: 'new_order' }, new_order: { reason: 'no vendor API' } },
      }),
    ).toEqual(["triggers.order_hook's twin new_order is a static hook too"]);
    expect(
      await failuresOf('D017', goodApp(), {
        ...context,
        staticHookExceptions: { ...context.staticHookExceptions, gone: { reason: 'no vendor API' } },
      }),
    ).toEqual(['gone is allowed as a static hook but is not one in the app']);
  });

  it("D017: the app's own exceptions pass once Apicbase's polling twin is in the app, and fail without it", async () => {
    const hooks = Object.fromEntries(Object.keys(STATIC_HOOK_EXCEPTIONS).map((key) => [key, staticHook(key)]));
    const withTwin = {
      triggers: { ...hooks, apicbase_new_purchase_order_polling: polling('apicbase_new_purchase_order_polling') },
    };
    const exceptions = { ...context, staticHookExceptions: STATIC_HOOK_EXCEPTIONS };
    expect(await failuresOf('D017', withTwin, exceptions)).toEqual([]);
    expect(await failuresOf('D017', { triggers: hooks }, exceptions)).toEqual([
      'triggers.apicbase_new_purchase_order is allowed by its polling twin apicbase_new_purchase_order_polling, which is not in the app',
    ]);
  });

  it('D018: a label not in title case', async () => {
    const app = goodApp();
    app.triggers.new_order.display.label = 'new order';
    expect(await failuresOf('D018', app)).toEqual(['triggers.new_order: "new order"']);
    app.searches.find_order.display.label = 'Find an Order of';
    expect(await failuresOf('D018', app)).toContain('searches.find_order: "Find an Order of"');
  });

  it('D021: a trigger description that does not start "Triggers when " or end with "."', async () => {
    const app = goodApp();
    app.triggers.new_order.display.description = "Triggers whenever there's a new order.";
    app.triggers.order_hook.display.description = 'Triggers when an order is created';
    expect(await failuresOf('D021', app)).toEqual([
      'triggers.new_order: "Triggers whenever there\'s a new order."',
      'triggers.order_hook: "Triggers when an order is created"',
    ]);
  });

  it('D023: a datetime field in words, a time without a zone, a date in words; not an id with a time inside', async () => {
    const app = goodApp();
    app.triggers.new_order.operation.sample = {
      ...sample,
      id: 'order:1:2023-08-01T06:50:30Z',
      created_at: 'last Tuesday',
      supplier: { name: '2023-08-01T06:50:30' },
      line_items: [{ quantity: 1, received: '01 Aug 2023 06:50:30' }],
    };
    expect(await failuresOf('D023', app)).toEqual([
      'triggers.new_order.sample.created_at: "last Tuesday"',
      'triggers.new_order.sample.supplier.name: "2023-08-01T06:50:30"',
      'triggers.new_order.sample.line_items.0.received: "01 Aug 2023 06:50:30"',
    ]);
  });

  it('D024: a required field missing, and values of the wrong type', async () => {
    const app = goodApp();
    app.searches.find_order.operation.sample = { ...sample, count: undefined, line_items: [{ quantity: '2' }] };
    expect(await failuresOf('D024', app)).toEqual([
      'searches.find_order: count is required but missing',
      'searches.find_order: line_items[0].quantity should be number, is "2"',
    ]);
  });

  it('D025: a javascript: link', async () => {
    const app = goodApp();
    app.authentication.fields[0].helpText = "Copy it from [API settings](javascript:alert('XSS')).";
    expect(await failuresOf('D025', app)).toEqual(["app.authentication.fields.0.helpText: javascript:alert('XSS'"]);
  });

  it('D026: a domain field without a validator, or with one that lets a hostile domain through', async () => {
    const app = goodApp();
    expect(await failuresOf('D026', app, { ...context, domainValidators: {} })).toEqual([
      'shop_domain takes a domain and names no validator',
    ]);
    const accepting = await failuresOf('D026', app, {
      ...context,
      domainValidators: { shop_domain: (value) => value },
    });
    expect(accepting).toContain('shop_domain accepts "shop.myshopify.com.evil.example"');
  });

  it('Z001: a hook whose polling sample breaks its output fields', async () => {
    const app = goodApp();
    app.triggers.order_hook.operation.performList = () => [{ id: '1', count: 'one' }];
    expect(await failuresOf('Z001', app)).toEqual(['triggers.order_hook: count should be integer, is "one"']);
  });
});
