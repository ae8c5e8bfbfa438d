/**
 * Review of checkedList (break23): its output type is zod's output of the line schema, but an
 * accepted list is handed back as sent. A field whose schema transforms (requiredId, a nullable()
 * or optionalCurrency) type-checks as a LineField, so the type then lies: `id: string` holds 5.
 */
import { z as zod } from 'zod';
import { checkedList, optionalCurrency, requiredId, type LineField } from '../../src/common/fields';

const idField: LineField<typeof requiredId> = {
  schema: requiredId,
  accepts: (value) => typeof value === 'number' || typeof value === 'string',
};
const currencyField: LineField<typeof optionalCurrency> = {
  schema: optionalCurrency,
  accepts: (value) => value === undefined || value === null || typeof value === 'string',
};

describe('checkedList given fields whose schemas transform', () => {
  it('is refused when built, or hands back what its own type says (zod output)', () => {
    let lines: ReturnType<typeof checkedList<{ id: typeof idField; currency: typeof currencyField }>>;
    try {
      lines = checkedList({ id: idField, currency: currencyField });
    } catch {
      return;
    }
    const sent = [{ id: 5, currency: 'usd' }, { id: ' 6 ' }];
    const expected = zod.array(zod.object({ id: requiredId, currency: optionalCurrency })).parse(sent);
    expect(lines.parse(sent)).toEqual(expected);
  });
});
