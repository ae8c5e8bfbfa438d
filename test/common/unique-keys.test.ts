import { assertUniqueKeys } from '../../src/common/unique-keys';

describe('assertUniqueKeys', () => {
  it('passes unique keys through unchanged', () => {
    const items = [{ key: 'a' }, { key: 'b' }];
    expect(assertUniqueKeys(items, 'trigger key')).toBe(items);
  });

  it('refuses a key two vendors declare, naming it', () => {
    expect(() => assertUniqueKeys([{ key: 'a' }, { key: 'b' }, { key: 'a' }], 'trigger key')).toThrow(
      'Two registered vendors declare the trigger key "a": each must be unique.',
    );
  });
});
