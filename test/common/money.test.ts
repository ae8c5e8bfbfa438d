import { multiplyMoney, sumMoney, sumQuantities, toMoney } from '../../src/common/money';

describe('money', () => {
  it.each([
    ['1155.00', '1155.00'],
    ['25.0', '25.00'],
    ['3', '3.00'],
    ['19.999', '19.999'],
    ['-0.5', '-0.50'],
    ['0.000001', '0.000001'],
    ['123456789012345678901234567890.12', '123456789012345678901234567890.12'],
  ])('formats %s as %s, never rounding', (input, expected) => {
    expect(toMoney(input)).toBe(expected);
  });

  it('reads JSON numbers through their shortest text', () => {
    expect(toMoney(199)).toBe('199.00');
    expect(toMoney(0.1)).toBe('0.10');
    expect(toMoney(1e-7)).toBe('0.0000001');
    expect(toMoney(1e21)).toBe('1000000000000000000000.00');
    expect(toMoney('+7')).toBe('7.00');
  });

  it('multiplies and sums exactly', () => {
    expect(multiplyMoney('0.1', 3)).toBe('0.30');
    expect(sumMoney(['0.10', '0.20'])).toBe('0.30');
    expect(sumMoney([])).toBe('0.00');
    expect(sumMoney(['1.00', null])).toBeNull();
    expect(multiplyMoney('19.999', 2.5)).toBe('49.9975');
    expect(multiplyMoney('-1.10', 3)).toBe('-3.30');
    expect(sumMoney(['-0.05', '0.01'])).toBe('-0.04');
    expect(sumMoney(['123456789012345678901234567890.10', '0.05'])).toBe('123456789012345678901234567890.15');
  });

  it('sums quantities exactly', () => {
    expect(sumQuantities([0.1, 0.2])).toBe(0.3);
    expect(sumQuantities([])).toBe(0);
    expect(sumQuantities([2.5, 3])).toBe(5.5);
    expect(sumQuantities([-1, 0.25])).toBe(-0.75);
  });
});
