/**
 * Every field of every hook trigger's seed, replaced in turn by each hostile value: the delivery
 * becomes a valid record or a HaltedError naming the field, never a bare TypeError.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppTester, errors, type Bundle, type ZObject } from 'zapier-platform-core';
import app from '../../src';
import { BLANK_CONFIG, ZORT_AUTH, fakeZort } from '../fakes/zort';
import { purchaseOrderSchema, type PurchaseOrder } from '../../src/record/purchase-order';
import { pythonJsonDumps } from '../../src/vendors/apicbase/python-json';
import { TRIGGER_KEYS } from '../helpers/contract-keys';
import { appTrigger } from '../helpers/triggers';

const apicbaseNewPurchaseOrder = appTrigger(TRIGGER_KEYS.apicbaseNew);
const apoTriggers = { created: appTrigger(TRIGGER_KEYS.apoCreated) };
const zortTriggers = [appTrigger(TRIGGER_KEYS.zortCreated)];

const HOSTILE: unknown[] = [
  null,
  '',
  'abc',
  -1,
  1.5,
  0,
  1e308,
  true,
  {},
  [],
  ['x'],
  '😀\u0000',
  '9'.repeat(400),
  '/Date(99999999999999999)/',
  '2025-13-45T25:61:00Z',
  '-0',
  '1e400',
  -0.0000001,
];
const DELETE = Symbol('delete');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
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

/** The ways ZORT may send one payload (field notes): each must give the same answer. */
const ZORT_ENCODINGS: { name: string; wrap: (json: string) => string; contentType?: string }[] = [
  { name: 'JSON body', wrap: (json) => json },
  {
    name: 'form field',
    wrap: (json) => `method=ADDPURCHASEORDER&payload=${encodeURIComponent(json)}`,
    contentType: 'application/x-www-form-urlencoded',
  },
  {
    name: 'multipart part',
    wrap: (json) => `--B\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${json}\r\n--B--\r\n`,
    contentType: 'multipart/form-data; boundary=B',
  },
];

const SEEDS = {
  apo: seed('auto-purchase-orders/seed-payload.json'),
  zort: seed('zort/seed-purchase-order.json'),
  apicbase: seed('apicbase/sample-order.json'),
};

type Case = { name: string; document: Record<string, unknown>; run: (body: string) => unknown };

const cases: Case[] = [
  {
    name: 'apo_purchase_order_created',
    document: SEEDS.apo,
    run: (body) => apoTriggers.created.operation.perform(z, { rawRequest: { content: body } } as Bundle),
  },
  ...ZORT_ENCODINGS.map(({ name, wrap, contentType }) => ({
    name: `zort_purchase_order_created (${name})`,
    document: SEEDS.zort,
    run: (body: string) =>
      zortTriggers[0]!.operation.perform(z, {
        rawRequest: {
          content: wrap(body),
          querystring: 'method=ADDPURCHASEORDER',
          headers: { 'Http-Authorization': 'Basic k', ...(contentType && { 'Http-Content-Type': contentType }) },
        },
        subscribeData: { key1: 'k' },
      } as unknown as Bundle),
  })),
  {
    name: 'apicbase_new_purchase_order',
    document: SEEDS.apicbase,
    run: (body) =>
      apicbaseNewPurchaseOrder.operation.perform(z, {
        authData: { apicbase_webhook_secret: 's' },
        rawRequest: {
          content: body,
          headers: { 'Http-X-Apic-Webhook-Signature': createHmac('sha256', 's').update(body).digest('hex') },
        },
      } as unknown as Bundle),
  },
];

describe.each(cases)('$name', ({ document, run }) => {
  it('turns every hostile variant into a valid record or a HaltedError, nothing else', async () => {
    const outcomes = { records: 0, halted: 0 };
    const wrong: string[] = [];
    for (const path of paths(document)) {
      for (const replacement of [DELETE, ...HOSTILE]) {
        const body = JSON.stringify(withValue(document, path, replacement));
        const where = `${path.join('.')} = ${replacement === DELETE ? '(deleted)' : JSON.stringify(replacement)}`;
        try {
          const records = (await run(body)) as unknown[];
          if (records.length !== 1 || !purchaseOrderSchema.safeParse(records[0]).success)
            wrong.push(`${where}: invalid record`);
          outcomes.records += 1;
        } catch (error) {
          if ((error as Error).name !== 'HaltedError')
            wrong.push(`${where}: ${(error as Error).name}: ${(error as Error).message}`);
          outcomes.halted += 1;
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(outcomes.records).toBeGreaterThan(0);
    expect(outcomes.halted).toBeGreaterThan(0);
  });

  it.each([1_000, 100_000])(
    'turns every field nested %i levels deep into a valid record or a HaltedError, nothing else',
    async (depth) => {
      const wrong: string[] = [];
      for (const path of paths(document)) {
        for (const deep of [nested(depth), `${'{"a":'.repeat(depth)}null${'}'.repeat(depth)}`]) {
          const where = `${path.join('.')} = ${deep.slice(0, 5)}…`;
          try {
            const records = (await run(withRawJson(document, path, deep))) as unknown[];
            // As Zapier serialises a trigger's output: recursively.
            JSON.stringify(records);
            if (records.length !== 1 || !purchaseOrderSchema.safeParse(records[0]).success)
              wrong.push(`${where}: invalid record`);
          } catch (error) {
            if ((error as Error).name !== 'HaltedError')
              wrong.push(`${where}: ${(error as Error).name}: ${(error as Error).message.slice(0, 200)}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    },
  );
});

/**
 * Bodies up to Zapier's 10 MB webhook limit, hostile or genuine: each ends as a record or as a
 * HaltedError naming the field, never a bare error, whatever its length or nesting.
 */
const sign = (body: string) => createHmac('sha256', 's').update(body).digest('hex');

type Delivery = (body: string, headers?: Record<string, unknown>, querystring?: unknown) => unknown;

const deliverApo: Delivery = (body) =>
  apoTriggers.created.operation.perform(z, { rawRequest: { content: body } } as Bundle);
const deliverZort: Delivery = (
  body,
  headers = { 'Http-Authorization': 'Basic k' },
  querystring = 'method=ADDPURCHASEORDER',
) =>
  zortTriggers[0]!.operation.perform(z, {
    rawRequest: { content: body, querystring, headers },
    subscribeData: { key1: 'k' },
  } as unknown as Bundle);
const deliverApicbase: Delivery = (body, headers = { 'Http-X-Apic-Webhook-Signature': sign(body) }) =>
  apicbaseNewPurchaseOrder.operation.perform(z, {
    authData: { apicbase_webhook_secret: 's' },
    rawRequest: { content: body, headers },
  } as unknown as Bundle);
/** Signed as Python signs it: over json.dumps of the body, which differs from the raw body. */
const deliverApicbaseSignedByPython: Delivery = (body) =>
  deliverApicbase(body, { 'Http-X-Apic-Webhook-Signature': sign(pythonJsonDumps(body)) });

type Vendor = {
  name: string;
  document: Record<string, unknown>;
  deliver: Delivery;
  lines: string;
  minimalLine: string;
  amount: (string | number)[];
};

const vendors: Vendor[] = [
  {
    name: 'Auto Purchase Orders',
    document: SEEDS.apo,
    deliver: deliverApo,
    lines: 'products',
    minimalLine: '{"quantity":1}',
    amount: ['products', 0, 'unit_price', 'pure'],
  },
  {
    name: 'ZORT',
    document: SEEDS.zort,
    deliver: deliverZort,
    lines: 'list',
    minimalLine: '{"number":1}',
    amount: ['list', 0, 'pricepernumber'],
  },
  {
    name: 'Apicbase',
    document: SEEDS.apicbase,
    deliver: deliverApicbase,
    lines: 'packages',
    minimalLine: '{"quantity_ordered":1}',
    amount: ['packages', 0, 'total_theoretical_price'],
  },
  {
    name: 'Apicbase signed by Python',
    document: SEEDS.apicbase,
    deliver: deliverApicbaseSignedByPython,
    lines: 'packages',
    minimalLine: '{"quantity_ordered":1}',
    amount: ['packages', 0, 'total_theoretical_price'],
  },
];

/** The document as JSON with the value at `path` replaced by raw JSON text. */
function withRawJson(document: unknown, path: (string | number)[], rawJson: string): string {
  return JSON.stringify(withValue(document, path, '\u0000PLACEHOLDER')).replace('"\\u0000PLACEHOLDER"', () => rawJson);
}

async function haltedError(run: () => unknown): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a HaltedError, but the delivery made a record');
}

async function expectHaltedNaming(run: () => unknown, field: string, problem: RegExp): Promise<void> {
  const error = await haltedError(run);
  expect({ name: error.name, mentionsField: error.message.includes(field) }).toEqual({
    name: 'HaltedError',
    mentionsField: true,
  });
  expect(error.message).toMatch(problem);
}

/** The one record a delivery made, checked against the record's schema. */
async function oneRecord(run: () => unknown): Promise<PurchaseOrder> {
  const records = (await run()) as PurchaseOrder[];
  expect(records).toHaveLength(1);
  expect(purchaseOrderSchema.safeParse(records[0]).success).toBe(true);
  return records[0]!;
}

const NINES = '9'.repeat(9_900_000);

describe.each(vendors)(
  '$name at the edge of Zapier’s 10 MB webhook limit',
  ({ document, deliver, lines, minimalLine, amount }) => {
    const amountField = amount
      .map((key) => (typeof key === 'number' ? `[${key}]` : key))
      .join('.')
      .replace('.[', '[');

    it('refuses an amount of 9.9 million digits, as text or as a number', async () => {
      await expectHaltedNaming(
        () => deliver(withRawJson(document, amount, `"${NINES}"`)),
        amountField,
        /must have at most 30 digits before and after the decimal point/,
      );
      // JSON.parse reads it as Infinity.
      await expectHaltedNaming(
        () => deliver(withRawJson(document, amount, NINES)),
        amountField,
        /must be a decimal amount such as "12\.50" \(got Infinity\)/,
      );
    });

    it('reads 650,000 minimal lines', async () => {
      const body = withRawJson(document, [lines], `[${Array.from({ length: 650_000 }, () => minimalLine).join(',')}]`);
      expect((await oneRecord(() => deliver(body))).line_item_count).toBe(650_000);
    });

    // Each refused line once made its own issue: 46 to 49 s and 4.5 GB for 3.5 million empty ones.
    it('refuses 3.3 million lines of the wrong type in a 9.9 MB list, naming the first', async () => {
      const body = withRawJson(document, [lines], `[${'1,'.repeat(3_300_000)}1]`);
      await expectHaltedNaming(
        () => deliver(body),
        `${lines}[0]`,
        /must be an object, not 1; .*; and at least 3,299,998 more problems/,
      );
    });

    it('reads a text of 9.9 million characters', async () => {
      const body = JSON.stringify({ ...document, x: 'é'.repeat(9_900_000) });
      await oneRecord(() => deliver(body));
    });

    it('passes over an object of 600,000 fields it does not read', async () => {
      const fields = `{${Array.from({ length: 600_000 }, (_, index) => `"k${index}":1`).join(',')}}`;
      await oneRecord(() => deliver(withRawJson(document, ['x'], fields)));
    });

    it.each([1_000, 100_000])('passes over %i nested brackets it does not read', async (depth) => {
      await oneRecord(() => deliver(withRawJson(document, ['x'], nested(depth))));
    });

    it.each([1_000, 100_000])('refuses %i nested brackets where a line should be, naming it', async (depth) => {
      await expectHaltedNaming(
        () => deliver(withRawJson(document, [lines, 0], nested(depth))),
        `${lines}[0]`,
        /must be an object, not an array/,
      );
    });
  },
);

describe('hostile nesting and sizes, vendor by vendor', () => {
  it('refuses 3.3 million Auto Purchase Orders email recipients of the wrong type, naming the first', async () => {
    const body = withRawJson(vendors[0]!.document, ['supplier', 'email_recipients'], `[${'1,'.repeat(3_300_000)}1]`);
    await expectHaltedNaming(
      () => deliverApo(body),
      'supplier.email_recipients[0]',
      /must be an object, not 1; .*; and at least 3,299,998 more problems/,
    );
  });

  it('keeps an Auto Purchase Orders authorized_by nested 1,000 deep', async () => {
    const deep = `${'{"a":'.repeat(1_000)}null${'}'.repeat(1_000)}`;
    const record = await oneRecord(() => deliverApo(withRawJson(vendors[0]!.document, ['authorized_by'], deep)));
    expect(JSON.stringify(record.vendor_fields.authorized_by)).toBe(deep);
  });

  it.each([10_000, 100_000])(
    'refuses an Auto Purchase Orders authorized_by nested %i deep before it reaches the record',
    async (depth) => {
      const deep = `${'{"a":'.repeat(depth)}null${'}'.repeat(depth)}`;
      await expectHaltedNaming(
        () => deliverApo(withRawJson(vendors[0]!.document, ['authorized_by'], deep)),
        'authorized_by',
        /authorized_by must be nested at most 2,000 levels deep/,
      );
    },
  );

  it('keeps a vendor_fields value of 2,000 order names', async () => {
    const names = Array.from({ length: 2_000 }, (_, index) => `#${index + 1000}`);
    const record = await oneRecord(() =>
      deliverApo(JSON.stringify({ ...vendors[0]!.document, shopify_order_names: names })),
    );
    expect(record.vendor_fields.shopify_order_names).toEqual(names);
  });

  it.each([1_000, 100_000])(
    're-serialises an Apicbase body nested %i deep without a RangeError when the raw signature misses',
    async (depth) => {
      const body = withRawJson(vendors[2]!.document, ['x'], nested(depth));
      await expectHaltedNaming(
        () => deliverApicbase(body, { 'Http-X-Apic-Webhook-Signature': sign('another body') }),
        'X-APIC-WEBHOOK-SIGNATURE',
        /the X-APIC-WEBHOOK-SIGNATURE does not match the body signed with the connection's Apicbase Webhook Secret/,
      );
    },
  );
});

describe('the Apicbase re-serialiser, reached by a signature that misses the raw body', () => {
  it('reads an object of 600,000 fields to its end, and refuses the signature', async () => {
    const fields = `{${Array.from({ length: 600_000 }, (_, index) => `"k${index}":1`).join(',')}}`;
    await expectHaltedNaming(
      () =>
        deliverApicbase(withRawJson(vendors[2]!.document, ['x'], fields), {
          'Http-X-Apic-Webhook-Signature': sign('another body'),
        }),
      'X-APIC-WEBHOOK-SIGNATURE',
      /does not match the body signed/,
    );
  });

  it('reads 650,000 lines with repeated keys to their end, and refuses the signature', async () => {
    const body = withRawJson(
      vendors[2]!.document,
      ['packages'],
      `[${Array.from({ length: 650_000 }, () => '{"quantity_ordered":1,"quantity_ordered":2}').join(',')}]`,
    );
    await expectHaltedNaming(
      () => deliverApicbase(body, { 'Http-X-Apic-Webhook-Signature': sign('another body') }),
      'X-APIC-WEBHOOK-SIGNATURE',
      /does not match the body signed/,
    );
  });
});

/**
 * A ZORT delivery through Zapier's own z: a key other than the saved one is checked against the
 * store's settings (a recorded ZORT whose key1 is neither).
 */
const deliverZortThroughZapier: Delivery = (body, headers) => {
  fakeZort({ ...BLANK_CONFIG, key1: 'current', key2: 'k2', key3: 'k3', addpurchaseurl: 'https://hooks.zapier.com/x' });
  return createAppTester(app)(zortTriggers[0]!.operation.perform, {
    authData: ZORT_AUTH,
    rawRequest: { content: body, querystring: 'method=ADDPURCHASEORDER', headers },
    subscribeData: { key1: 'k', url: 'https://hooks.zapier.com/x' },
  } as unknown as Partial<Bundle>);
};

describe('header values that are not text', () => {
  const zortBody = JSON.stringify(vendors[1]!.document);
  const apicbaseBody = JSON.stringify(vendors[2]!.document);

  it('reads an array header as Node would join it', async () => {
    expect(await deliverZort(zortBody, { 'Http-Authorization': ['Basic k'] })).toHaveLength(1);
    expect(await deliverApicbase(apicbaseBody, { 'Http-X-Apic-Webhook-Signature': [sign(apicbaseBody)] })).toHaveLength(
      1,
    );
  });

  it.each([
    ['a number', 42, /the Authorization header is not "Basic" followed by the webhook key1/],
    ['null', null, /the Authorization header \(Basic and the webhook key1\) is missing/],
    ['an object', { value: 'Basic k' }, /the Authorization header \(Basic and the webhook key1\) is missing/],
    ['an empty array', [], /the Authorization header \(Basic and the webhook key1\) is missing/],
    ['two values', ['Basic x', 'Basic y'], /the Authorization key matches neither/],
  ])('refuses a ZORT Authorization of %s with a sentence', async (_name, value, problem) => {
    await expectHaltedNaming(
      () => deliverZortThroughZapier(zortBody, { 'Http-Authorization': value }),
      'Authorization',
      problem,
    );
  });

  it('refuses a ZORT key1 header that is a number, and a query string that is not text', async () => {
    await expectHaltedNaming(
      () => deliverZortThroughZapier(zortBody, { 'Http-Key1': 7 }),
      'Authorization',
      /matches neither/,
    );
    await expectHaltedNaming(
      () => deliverZort(zortBody, undefined, [1, 2]),
      'method',
      /its address has no method, so its event is unknown/,
    );
  });

  it.each([
    ['a number', 42, /is not a 64-digit hex HMAC-SHA256/],
    ['null', null, /the X-APIC-WEBHOOK-SIGNATURE header is missing/],
    ['two values', ['a', 'b'], /is not a 64-digit hex HMAC-SHA256/],
  ])('refuses an Apicbase signature of %s with a sentence', async (_name, value, problem) => {
    await expectHaltedNaming(
      () => deliverApicbase(apicbaseBody, { 'Http-X-Apic-Webhook-Signature': value }),
      'X-APIC-WEBHOOK-SIGNATURE',
      problem,
    );
  });
});

describe('dates that are not on the calendar', () => {
  it.each([
    ['created_at', '2025-02-30T10:00:00Z'],
    ['created_at', '2025-13-01T10:00:00Z'],
    ['updated_at', '2025-02-01T25:00:00Z'],
    ['updated_at', '2025-02-01T10:60:00+07:00'],
    ['date_created', '2025-02-29'],
    ['expected_date', '2025-04-31'],
  ])('refuses an Auto Purchase Orders %s of %s', async (field, value) => {
    await expectHaltedNaming(
      () => deliverApo(JSON.stringify({ ...vendors[0]!.document, [field]: value })),
      field,
      /on the calendar/,
    );
  });

  it('keeps a leap day', async () => {
    const [record] = (await deliverApo(
      JSON.stringify({ ...vendors[0]!.document, date_created: '2024-02-29', created_at: '2024-02-29T23:59:59+14:00' }),
    )) as { created_at: string }[];
    expect(record?.created_at).toBe('2024-02-29T23:59:59+14:00');
  });

  it.each([
    ['ordered_on', '2025-02-30T10:00:00Z'],
    ['expected_delivery_date', '2025-13-45'],
  ])('refuses an Apicbase %s of %s', async (field, value) => {
    await expectHaltedNaming(
      () => deliverApicbase(JSON.stringify({ ...vendors[2]!.document, [field]: value })),
      field,
      /on the calendar/,
    );
  });

  it.each(['/Date(253402300800000)/', '/Date(-62200000000000)/'])(
    'refuses a ZORT purchaseorderdate of %s, outside the years 0000 to 9999',
    async (value) => {
      await expectHaltedNaming(
        () => deliverZort(JSON.stringify({ ...vendors[1]!.document, purchaseorderdate: value })),
        'purchaseorderdate',
        /in the years 0000 to 9999/,
      );
    },
  );

  it('keeps the last ZORT millisecond of 9999 in store time', async () => {
    const [record] = (await deliverZort(
      JSON.stringify({ ...vendors[1]!.document, purchaseorderdate: '/Date(253402275599999)/' }),
    )) as { ordered_at: string }[];
    expect(record?.ordered_at).toBe('9999-12-31T23:59:59+07:00');
  });
});

describe('a delivery Zapier hands over parsed only (no raw content)', () => {
  const deep = JSON.parse(`${'{"a":'.repeat(100_000)}null${'}'.repeat(100_000)}`) as unknown;

  it.each([
    [
      'Auto Purchase Orders',
      'authorized_by',
      () =>
        apoTriggers.created.operation.perform(z, {
          cleanedRequest: { id: 1, products: [], authorized_by: deep },
        } as unknown as Bundle),
    ],
    [
      'ZORT',
      'description',
      () =>
        zortTriggers[0]!.operation.perform(z, {
          rawRequest: { querystring: 'method=ADDPURCHASEORDER', headers: { 'Http-Authorization': 'Basic k' } },
          cleanedRequest: { id: 1, list: [], description: deep },
          subscribeData: { key1: 'k' },
        } as unknown as Bundle),
    ],
  ])('refuses a %s body nested 100,000 deep in %s before serialising it again', async (_name, field, run) => {
    await expectHaltedNaming(
      run,
      field,
      /^Refused this delivery: \w+ is nested more than 2,000 levels deep, deeper than any purchase order\. No record was made from it\.$/,
    );
  });
});
