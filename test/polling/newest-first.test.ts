import { compareIds, instantOf, newestFirst } from '../../src/polling/newest-first';

describe('compareIds', () => {
  it('orders numbers inside ids as numbers of any length, beyond 2^53 exactly', () => {
    const ids = [
      'shopify:100',
      'shopify:99',
      'shopify:9007199254740993',
      'shopify:9007199254740992',
      'shopify:12345678901234567890',
    ];
    expect([...ids].sort(compareIds)).toEqual([
      'shopify:99',
      'shopify:100',
      'shopify:9007199254740992',
      'shopify:9007199254740993',
      'shopify:12345678901234567890',
    ]);
  });

  it('orders text as text, and an id that continues another after it', () => {
    expect(['zort:2:b', 'zort:2', 'zort:2:a', 'apicbase:po-10', 'apicbase:po-9'].sort(compareIds)).toEqual([
      'apicbase:po-9',
      'apicbase:po-10',
      'zort:2',
      'zort:2:a',
      'zort:2:b',
    ]);
    expect(compareIds('x:1', 'x:1')).toBe(0);
    expect(compareIds('x:007', 'x:7')).not.toBe(0);
  });
});

describe('newestFirst', () => {
  it('compares times as instants, whatever their offsets', () => {
    const records = [
      { id: 'a', at: '2026-11-24T10:00:00+07:00' }, // 03:00Z
      { id: 'b', at: '2026-11-24T04:00:00Z' },
      { id: 'c', at: '2026-11-24T03:30:00.000Z' },
    ];
    expect(newestFirst(records, (record) => record.at).map((record) => record.id)).toEqual(['b', 'c', 'a']);
  });

  it('breaks ties by id descending, numerically, and puts records without a time last', () => {
    const records = [
      { id: 'shopify:99', at: null },
      { id: 'shopify:100', at: '2026-11-24T04:00:00Z' },
      { id: 'shopify:101', at: '2026-11-24T11:00:00+07:00' },
      { id: 'shopify:1000', at: null },
      { id: 'shopify:102', at: 'not a time' },
    ];
    expect(newestFirst(records, (record) => record.at).map((record) => record.id)).toEqual([
      'shopify:101',
      'shopify:100',
      'shopify:1000',
      'shopify:102',
      'shopify:99',
    ]);
  });

  it('orders by id alone where the source keeps no time', () => {
    const records = ['shopify:8', 'shopify:10', 'shopify:9'].map((id) => ({ id }));
    expect(newestFirst(records, () => null).map((record) => record.id)).toEqual([
      'shopify:10',
      'shopify:9',
      'shopify:8',
    ]);
  });

  it('reads epoch milliseconds and ISO text alike', () => {
    expect(instantOf(Date.parse('2026-11-24T04:00:00Z'))).toBe(instantOf('2026-11-24T11:00:00+07:00'));
    expect(instantOf('yesterday')).toBeNull();
  });
});
