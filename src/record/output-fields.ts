/**
 * The output fields every trigger and search shares. Nested objects use Zapier's `parent__child`
 * keys; line items are declared with `children` so the Zap editor offers them as line items
 * (one Google Sheets row per item, for example). Keys are the record's (checked against its
 * types), labels follow one rule, and only a label that reads otherwise is written out.
 */
import type { Address, LineItem, PurchaseOrder, Supplier } from './purchase-order';

export type OutputField = {
  key: string;
  label: string;
  type?: 'string' | 'number' | 'integer' | 'datetime';
  children?: OutputField[];
};

type FieldType = NonNullable<OutputField['type']>;

/** Words a label does not simply capitalise. */
const LABEL_WORDS = new Map([
  ['id', 'ID'],
  ['sku', 'SKU'],
  ['line1', 'Line 1'],
  ['line2', 'Line 2'],
]);

/** The label rule: "supplier_sku" under "Line Item" is "Line Item Supplier SKU". */
const labelOf = (key: string, parentLabel: string) =>
  [parentLabel, ...key.split('_').map((word) => LABEL_WORDS.get(word) ?? word.charAt(0).toUpperCase() + word.slice(1))]
    .filter(Boolean)
    .join(' ');

type FieldList<Key extends string> = {
  keys: readonly Key[];
  /** What comes before each field's own key and label: "supplier__", "Supplier". */
  keyPrefix?: string;
  labelPrefix?: string;
  types?: Partial<Record<Key, FieldType>>;
  labels?: Partial<Record<Key, string>>;
  children?: Partial<Record<Key, OutputField[]>>;
};

function outputFields<Key extends string>(list: FieldList<Key>): OutputField[] {
  return list.keys.map((key) => {
    const type = list.types?.[key];
    const children = list.children?.[key];
    return {
      key: `${list.keyPrefix ?? ''}${key}`,
      label: list.labels?.[key] ?? labelOf(key, list.labelPrefix ?? ''),
      ...(type ? { type } : {}),
      ...(children ? { children } : {}),
    };
  });
}

const ADDRESS_KEYS = [
  'company',
  'contact_name',
  'phone',
  'line1',
  'line2',
  'city',
  'region',
  'postal_code',
  'country',
  'country_code',
] as const satisfies readonly (keyof Address)[];

const SUPPLIER_KEYS = [
  'id',
  'name',
  'email',
  'phone',
  'customer_number',
] as const satisfies readonly (keyof Supplier)[];

const LINE_ITEM_KEYS = [
  'id',
  'sku',
  'supplier_sku',
  'title',
  'variant_title',
  'quantity',
  'unit_cost',
  'total',
  'tax_rate',
  'product_id',
  'variant_id',
  'status',
  'received_at',
] as const satisfies readonly (keyof LineItem)[];

const nested = (key: keyof PurchaseOrder, label: string, keys: readonly string[]) =>
  outputFields({ keys, keyPrefix: `${key}__`, labelPrefix: label });

/** The record's fields in its order; the nested ones stand where their parent does. vendor_fields varies by vendor. */
export const purchaseOrderOutputFields: OutputField[] = [
  ...outputFields<keyof PurchaseOrder>({
    keys: ['id', 'source', 'event', 'document_type', 'purchase_order_id', 'number'],
    labels: { id: 'Event ID', number: 'Purchase Order Number' },
  }),
  ...outputFields<keyof PurchaseOrder>({ keys: ['status', 'vendor_status', 'payment_status', 'currency'] }),
  ...nested('supplier', 'Supplier', SUPPLIER_KEYS),
  ...outputFields<keyof PurchaseOrder>({
    keys: ['created_at', 'updated_at', 'ordered_at', 'completed_at', 'expected_on', 'notes'],
    types: { created_at: 'datetime', updated_at: 'datetime', ordered_at: 'datetime', completed_at: 'datetime' },
  }),
  ...nested('billing_address', 'Billing Address', ADDRESS_KEYS),
  ...nested('shipping_address', 'Shipping Address', ADDRESS_KEYS),
  ...outputFields<keyof PurchaseOrder>({
    keys: ['line_items', 'line_item_count', 'total_quantity', 'subtotal', 'shipping', 'adjustments', 'total'],
    types: { line_item_count: 'integer', total_quantity: 'number' },
    children: {
      line_items: outputFields({
        keys: LINE_ITEM_KEYS,
        labelPrefix: 'Line Item',
        types: { quantity: 'number' },
      }),
    },
  }),
];
