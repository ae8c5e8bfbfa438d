/**
 * The Zap editor speaks the user's words (contract section 2): no vendor wire name in any label,
 * description, directions or help text of the built app definition, and no sentence that names
 * one vendor three times. Walks the whole definition, so a new field or trigger is covered too.
 */
import app from '../src';
import { VENDORS } from '../src/vendors';
import { ZORT_METHOD_FIELDS } from './fakes/zort';
import { TRIGGER_KEYS } from './helpers/contract-keys';

/** What the vendors' APIs call things: event and method names, URL fields, query parameters, headers. */
const WIRE_NAMES = [
  ...Object.keys(ZORT_METHOD_FIELDS),
  ...Object.values(ZORT_METHOD_FIELDS),
  'GetPurchaseOrders',
  'GetPurchaseOrderDetail',
  'GetWebhook',
  'UpdateWebhook',
  'createdatetimeafter',
  'updatedatetimeafter',
  'numberlist',
  'resCode',
  'storename',
  'apikey',
  'apisecret',
  'key1',
  'key2',
  'key3',
  'X-APIC-WEBHOOK-SIGNATURE',
  'ordered_on__gt',
  'oauth/token',
  'client_credentials',
  'inventoryPurchaseOrders',
  'InventoryPurchaseOrder',
  'throttleStatus',
  'since_id',
  'updated_since',
  'purchase_orders.json',
  'Store-Name',
];
const DISPLAY_KEYS = new Set(['label', 'description', 'directions', 'helpText', 'placeholder']);

type Text = { path: string; text: string };

/** Every display string of a definition, with where it sits; samples are data, not words. */
function displayTexts(node: unknown, path = 'app'): Text[] {
  if (Array.isArray(node)) return node.flatMap((item, index) => displayTexts(item, `${path}[${index}]`));
  if (typeof node !== 'object' || node === null) return [];
  const entries: [string, unknown][] = Object.entries(node);
  return entries.flatMap(([key, value]): Text[] => {
    if (key === 'sample') return [];
    if (typeof value === 'string' && DISPLAY_KEYS.has(key)) return [{ path: `${path}.${key}`, text: value }];
    if (key === 'choices' && typeof value === 'object' && value !== null) {
      return Object.entries(value).map(([choice, text]) => ({ path: `${path}.choices.${choice}`, text: String(text) }));
    }
    return displayTexts(value, `${path}.${key}`);
  });
}

const wireNamesIn = (text: string) =>
  WIRE_NAMES.filter((name) =>
    new RegExp(`(^|[^A-Za-z0-9_])${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}($|[^A-Za-z0-9_])`, 'i').test(text),
  );

/** Sentences of a text: split after . ! ? followed by a space or a line break. */
const sentences = (text: string) => text.split(/(?<=[.!?:])\s+|\n+/).filter(Boolean);

/** The vendors a sentence names three times or more: "ZORT needs ZORT Store Name and ZORT API Key and ...". */
const repeatedVendors = (sentence: string) =>
  VENDORS.map((vendor) => vendor.name).filter(
    (name) => (sentence.match(new RegExp(`\\b${name}\\b`, 'g')) ?? []).length >= 3,
  );

describe('the display text of the built app', () => {
  const texts = displayTexts(app);

  it('is walked everywhere: connection fields, triggers, their inputs, the search', () => {
    const paths = texts.map((text) => text.path).join('\n');
    expect(paths).toContain('app.authentication.fields[0].helpText');
    expect(paths).toContain(`app.triggers.${TRIGGER_KEYS.zortCreated}.display.directions`);
    expect(paths).toContain(`app.triggers.${TRIGGER_KEYS.zortCreated}.operation.inputFields[0].helpText`);
    expect(paths).toContain('app.searches.find_purchase_order.operation.inputFields[0].choices.zort');
    expect(texts.length).toBeGreaterThan(80);
  });

  it('names no vendor wire name', () => {
    const found = texts.flatMap(({ path, text }) => wireNamesIn(text).map((name) => `${path}: ${name}`));
    expect(found).toEqual([]);
  });

  it('would catch one: the check is not blind', () => {
    expect(wireNamesIn('This trigger sets its own URL for ADDPURCHASEORDER.')).toEqual(['ADDPURCHASEORDER']);
    expect(wireNamesIn('filtered by updatedatetimeafter')).toEqual(['updatedatetimeafter']);
    expect(wireNamesIn('its X-APIC-WEBHOOK-SIGNATURE')).toEqual(['X-APIC-WEBHOOK-SIGNATURE']);
    expect(wireNamesIn('the API Key and API Secret of the Store Name')).toEqual([]);
    expect(displayTexts({ display: { label: 'x' }, operation: { sample: { label: 'UPDATEPURCHASEORDER' } } })).toEqual([
      { path: 'app.display.label', text: 'x' },
    ]);
  });

  it('never names one vendor three times in a sentence', () => {
    const found = texts.flatMap(({ path, text }) =>
      sentences(text).flatMap((sentence) =>
        repeatedVendors(sentence).map((name) => `${path}: ${name} in "${sentence}"`),
      ),
    );
    expect(found).toEqual([]);
    expect(repeatedVendors('ZORT needs ZORT Store Name and ZORT API Key and ZORT API Secret.')).toEqual(['ZORT']);
  });
});

describe('twins: a polling trigger beside a hook', () => {
  const display = (key: string) => app.triggers[key]!.display;

  it.each([
    [TRIGGER_KEYS.zortCreated, TRIGGER_KEYS.zortNewPolling, 'New Purchase Order in ZORT'],
    [TRIGGER_KEYS.zortUpdated, TRIGGER_KEYS.zortUpdatedPolling, 'Updated Purchase Order in ZORT'],
    [TRIGGER_KEYS.apicbaseNew, TRIGGER_KEYS.apicbaseNewPolling, 'New Purchase Order in Apicbase'],
  ])('%s and %s: labelled alike, " (Polling)" added, each description naming the other', (hook, twin, label) => {
    expect(display(hook).label).toBe(label);
    expect(display(twin).label).toBe(`${label} (Polling)`);
    expect(display(hook).description).toContain(`pick ${label} (Polling)`);
    expect(display(twin).description).toMatch(new RegExp(`${label}(?! \\(Polling\\))`));
  });
});
