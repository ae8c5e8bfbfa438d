import app from '../../src';
import { purchaseOrderOutputFields } from '../../src/record/output-fields';
import { purchaseOrderSchema } from '../../src/record/purchase-order';
import { apoSample } from '../../src/vendors/auto-purchase-orders/samples';

type Field = { key: string; label?: string; children?: Field[] };

/** The values an output field names: `a__b` is a nested key, `children` are line-item keys. */
function valuesFor(record: Record<string, unknown>, field: Field): unknown[] {
  if (field.children) {
    const items = record[field.key];
    if (!Array.isArray(items)) return [];
    return field.children.flatMap((child) =>
      items.map((item: Record<string, unknown>) => (child.key in item ? item[child.key] : undefined)),
    );
  }
  let value: unknown = record;
  for (const part of field.key.split('__')) {
    // A null parent (an address the vendor does not have) gives its children the value null.
    if (value === null) return [null];
    if (typeof value !== 'object' || !(part in value)) return [undefined];
    value = (value as Record<string, unknown>)[part];
  }
  return [value];
}

/** Every leaf of a record outside vendor_fields, as output-field keys (`supplier__name`, `line_items[]sku`). */
function leafKeys(record: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(record).flatMap(([key, value]) => {
    if (!prefix && key === 'vendor_fields') return [];
    if (Array.isArray(value)) {
      return value.flatMap((item: Record<string, unknown>) =>
        Object.keys(item).map((child) => `${prefix}${key}[]${child}`),
      );
    }
    if (value !== null && typeof value === 'object') {
      return leafKeys(value as Record<string, unknown>, `${prefix}${key}__`);
    }
    return [`${prefix}${key}`];
  });
}

function declaredKeys(fields: Field[]): string[] {
  return fields.flatMap((field) =>
    field.children ? field.children.map((child) => `${field.key}[]${child.key}`) : [field.key],
  );
}

const operations = [
  ...Object.values(app.triggers).map((trigger) => ({ key: trigger.key, operation: trigger.operation })),
  ...Object.values(app.searches).map((search) => ({ key: search.key, operation: search.operation })),
];

const purchaseOrderSample = apoSample('created');

describe('the shared sample', () => {
  it('is the Auto Purchase Orders seed through the mapper, and valid', () => {
    expect(purchaseOrderSchema.parse(purchaseOrderSample)).toEqual(purchaseOrderSample);
    expect(purchaseOrderSample).toMatchObject({ source: 'auto_purchase_orders', total: '10450.00' });
  });
});

describe.each(operations)('$key', ({ operation }) => {
  const sample = operation.sample as unknown as Record<string, unknown>;

  it('has a sample that validates against the record schema', () => {
    expect(purchaseOrderSchema.parse(sample)).toEqual(sample);
  });

  it('shares the one set of output fields', () => {
    expect(operation.outputFields).toBe(purchaseOrderOutputFields);
  });

  it('has every output field present in the sample', () => {
    const missing = purchaseOrderOutputFields.filter((field) =>
      valuesFor(sample, field).some((value) => value === undefined),
    );
    expect(missing.map((field) => field.key)).toEqual([]);
  });

  it('declares an output field for every sample value outside vendor_fields', () => {
    const declared = new Set(declaredKeys(purchaseOrderOutputFields));
    const isDeclared = (key: string) =>
      declared.has(key) || [...declared].some((field) => field.startsWith(`${key}__`));
    const undeclared = [...new Set(leafKeys(sample))].filter((key) => !isDeclared(key));
    expect(undeclared).toEqual([]);
  });
});

describe('output fields', () => {
  const allFields = purchaseOrderOutputFields.flatMap((field) => [field, ...(field.children ?? [])]);

  it('have Title Case labels', () => {
    const smallWords = new Set(['a', 'an', 'and', 'at', 'in', 'of', 'on', 'or', 'the', 'to']);
    const notTitleCase = allFields
      .map((field) => field.label)
      .filter((label) =>
        label.split(' ').some((word, index) => {
          if (index > 0 && smallWords.has(word)) return false;
          return !/^[A-Z0-9]/.test(word);
        }),
      );
    expect(notTitleCase).toEqual([]);
    expect(allFields.every((field) => field.label.length > 0)).toBe(true);
  });

  it('declare line items as children, so the Zap editor offers them as line items', () => {
    const lineItems = purchaseOrderOutputFields.find((field) => field.key === 'line_items');
    expect(lineItems?.children?.map((child) => child.key)).toEqual(
      Object.keys(purchaseOrderSample.line_items[0] ?? {}),
    );
  });

  it('have unique keys', () => {
    const keys = declaredKeys(purchaseOrderOutputFields);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
