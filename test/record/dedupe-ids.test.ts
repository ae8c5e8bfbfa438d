import { dedupeId, versionHash } from '../../src/record/dedupe-ids';
import { apoSample } from '../../src/vendors/auto-purchase-orders/samples';

const { id: _id, ...record } = apoSample('created');

describe('the one dedupe-id policy', () => {
  it('gives a polled "new" record and a search result one id per purchase order', () => {
    expect(dedupeId(record, { kind: 'new' })).toBe('auto_purchase_orders:1');
    expect(dedupeId(record, { kind: 'search' })).toBe('auto_purchase_orders:1');
  });

  it('versions an "updated" record by its update time', () => {
    expect(dedupeId(record, { kind: 'updated' })).toBe(`auto_purchase_orders:1:${record.updated_at}`);
  });

  it('versions a record without an update time by a hash of every field but its id and event', () => {
    const undated = { ...record, updated_at: null };
    const id = dedupeId(undated, { kind: 'updated' });
    expect(id).toMatch(/^auto_purchase_orders:1:[0-9a-f]{16}$/);
    expect(dedupeId({ ...undated, event: 'updated' }, { kind: 'updated' })).toBe(id);
    const [line] = undated.line_items;
    if (!line) throw new Error('the sample has line items');
    const changed = { ...undated, line_items: [{ ...line, quantity: line.quantity + 1 }] };
    expect(versionHash(changed)).not.toBe(versionHash(undated));
  });

  it('marks an "ordered" record by its ordered time', () => {
    expect(dedupeId({ ...record, ordered_at: '2026-11-01T10:00:00Z' }, { kind: 'ordered' })).toBe(
      'auto_purchase_orders:1:ordered:2026-11-01T10:00:00Z',
    );
  });

  it('gives a hook record its event and update time, or a hash of the raw body', () => {
    expect(dedupeId(record, { kind: 'hook', event: 'created', rawBody: '{}' })).toBe(
      `auto_purchase_orders:1:created:${record.updated_at}`,
    );
    const undated = { ...record, updated_at: null };
    const first = dedupeId(undated, { kind: 'hook', event: 'created', rawBody: '{"a":1}' });
    expect(first).toMatch(/^auto_purchase_orders:1:created:[0-9a-f]{16}$/);
    expect(dedupeId(undated, { kind: 'hook', event: 'created', rawBody: '{"a":2}' })).not.toBe(first);
  });
});
