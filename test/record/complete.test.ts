import { completePurchaseOrder, type PurchaseOrderDraft } from '../../src/record/complete';
import { purchaseOrderSchema } from '../../src/record/purchase-order';
import { apoSample } from '../../src/vendors/auto-purchase-orders/samples';

const purchaseOrderSample = apoSample('created');

describe('completePurchaseOrder', () => {
  const { id: _id, ...sampleFields } = purchaseOrderSample;
  const draft: PurchaseOrderDraft = { ...sampleFields, stated_total: null };
  const SEARCH = { kind: 'search' } as const;

  it('prefers the vendor stated total', () => {
    expect(completePurchaseOrder({ ...draft, stated_total: '1.00' }, SEARCH).total).toBe('1.00');
  });

  it('adds shipping and adjustments to the subtotal when all are known', () => {
    const record = completePurchaseOrder({ ...draft, shipping: '55.00', adjustments: '-10.50' }, SEARCH);
    expect(record).toMatchObject({ subtotal: '10395.00', total: '10439.50' });
  });

  it('gives an empty purchase order a zero subtotal and total', () => {
    const record = completePurchaseOrder({ ...draft, line_items: [], shipping: null }, SEARCH);
    expect(record).toMatchObject({ line_item_count: 0, total_quantity: 0, subtotal: '0.00', total: '0.00' });
  });

  it('sums fractional quantities exactly', () => {
    const [item] = draft.line_items;
    if (!item) throw new Error('the sample has line items');
    const record = completePurchaseOrder(
      {
        ...draft,
        line_items: [
          { ...item, quantity: 0.1 },
          { ...item, quantity: 0.2 },
        ],
      },
      SEARCH,
    );
    expect(record.total_quantity).toBe(0.3);
  });

  it('takes the event from the origin: a hook its own, a poll by its kind, a search none', () => {
    const eventOf = (origin: Parameters<typeof completePurchaseOrder>[1]) => completePurchaseOrder(draft, origin).event;
    expect(eventOf({ kind: 'hook', event: 'payment_updated', rawBody: '{}' })).toBe('payment_updated');
    expect(eventOf({ kind: 'new' })).toBe('created');
    expect(eventOf({ kind: 'updated' })).toBe('updated');
    expect(eventOf({ kind: 'ordered' })).toBe('ordered');
    expect(eventOf(SEARCH)).toBeNull();
  });

  it('lists fields in the contract order', () => {
    expect(Object.keys(completePurchaseOrder(draft, SEARCH))).toEqual(Object.keys(purchaseOrderSchema.shape));
  });
});
