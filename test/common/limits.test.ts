import { fieldNestedDeeperThan, MAX_NESTING, nestsDeeperThan } from '../../src/common/limits';

/** An object nested `depth` levels deep, the outermost counted. */
const nestedObject = (depth: number): unknown => JSON.parse(`${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`);

describe('fieldNestedDeeperThan', () => {
  it('counts the value itself as one level and names the top-level field holding the nesting', () => {
    expect(fieldNestedDeeperThan({ a: 1 }, 1)).toBeNull();
    expect(fieldNestedDeeperThan({ a: {} }, 1)).toBe('a');
    expect(fieldNestedDeeperThan({ a: 1, b: [[1]] }, 2)).toBe('b');
    expect(fieldNestedDeeperThan([1, [2, [3]]], 2)).toBe('[1]');
    expect(fieldNestedDeeperThan({}, 0)).toBe('');
  });

  it('passes over scalars and null', () => {
    for (const scalar of [null, undefined, 1, 'x', true]) expect(fieldNestedDeeperThan(scalar, 0)).toBeNull();
  });

  it('reads MAX_NESTING levels and refuses one more, by default', () => {
    expect(fieldNestedDeeperThan({ x: nestedObject(MAX_NESTING - 1) })).toBeNull();
    expect(fieldNestedDeeperThan({ x: nestedObject(MAX_NESTING) })).toBe('x');
    expect(nestsDeeperThan(nestedObject(MAX_NESTING))).toBe(false);
    expect(nestsDeeperThan(nestedObject(MAX_NESTING + 1))).toBe(true);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(fieldNestedDeeperThan({ deep: nestedObject(100_000) })).toBe('deep');
  });
});
