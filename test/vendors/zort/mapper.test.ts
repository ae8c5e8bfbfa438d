import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapZortDocument } from '../../../src/vendors/zort/mapper';
import { zortPurchaseOrderSchema } from '../../../src/vendors/zort/schema';

const seed = JSON.parse(
  readFileSync(join(__dirname, '../../../src/vendors/zort/seed-purchase-order.json'), 'utf8'),
) as object;
const withStatus = (fields: object) =>
  mapZortDocument(
    { kind: 'purchase_order', document: zortPurchaseOrderSchema.parse({ ...seed, ...fields }) },
    { kind: 'search' },
  );

describe('ZORT purchase statuses', () => {
  it.each([
    ['Pending', 'open'],
    ['Waiting', 'ordered'],
    ['Shipping', 'ordered'],
    ['Success', 'received'],
    ['Partial Transfer', 'partially_received'],
    ['partial  transfer ', 'partially_received'],
    ['Voided', 'cancelled'],
    ['Archived', 'open'],
    ['constructor', 'open'],
  ])('%j is %s, and vendor_status keeps the word', (word, expected) => {
    expect(withStatus({ status: word })).toMatchObject({ status: expected, vendor_status: word });
  });

  it('maps no status to open', () => {
    expect(withStatus({ status: null })).toMatchObject({ status: 'open', vendor_status: null });
  });

  it.each([
    ['Partial Payment', 'partially_paid'],
    ['toString', null],
  ])('payment status %j is %j', (word, expected) => {
    expect(withStatus({ paymentstatus: word }).payment_status).toBe(expected);
  });
});
