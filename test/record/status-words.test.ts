import { readWord, wordTable } from '../../src/record/status-words';
import { APICBASE_STATUSES } from '../../src/vendors/apicbase/mapper';
import { SHOPIFY_STATUSES } from '../../src/vendors/shopify/mapper';
import { ZORT_PAYMENT_STATUSES, ZORT_STATUSES } from '../../src/vendors/zort/mapper';

describe('the one status door', () => {
  const table = wordTable({ 'Partial Transfer': 'partially_received', Voided: 'cancelled' }, 'open');

  it('reads a word whatever its case and spacing', () => {
    expect(readWord(table, 'Partial Transfer')).toBe('partially_received');
    expect(readWord(table, '  partial   TRANSFER ')).toBe('partially_received');
    expect(readWord(table, 'VOIDED')).toBe('cancelled');
  });

  it("gives an unknown word, a missing one or one of Object.prototype's names the table's otherwise", () => {
    expect(readWord(table, 'Lost At Sea')).toBe('open');
    expect(readWord(table, null)).toBe('open');
    expect(readWord(table, undefined)).toBe('open');
    expect(readWord(table, '')).toBe('open');
    expect(readWord(table, 'constructor')).toBe('open');
    expect(readWord(table, '__proto__')).toBe('open');
  });

  it('reads each vendor table as its field notes say', () => {
    expect(
      ['Pending', 'Waiting', 'Shipping', 'Success', 'Partial Transfer', 'Voided', 'Returned'].map((word) =>
        readWord(ZORT_STATUSES, word),
      ),
    ).toEqual(['open', 'ordered', 'ordered', 'received', 'partially_received', 'cancelled', 'open']);
    expect(
      ['Pending', 'Paid', 'Partial Payment', 'Excess Payment', 'Refunded'].map((word) =>
        readWord(ZORT_PAYMENT_STATUSES, word),
      ),
    ).toEqual(['unpaid', 'paid', 'partially_paid', 'overpaid', null]);
    expect(['DRAFT', 'ORDERED', 'RECEIVED'].map((word) => readWord(SHOPIFY_STATUSES, word))).toEqual([
      'draft',
      'ordered',
      'open',
    ]);
    expect(['ORDERED', 'DELIVERED'].map((word) => readWord(APICBASE_STATUSES, word))).toEqual(['ordered', 'open']);
  });
});
