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

/** The exact arithmetic on BigInt alone, as every amount was computed before numbers took the common ones. */
const reference = (() => {
  const parse = (value: string | number) => {
    const text =
      typeof value === 'number' && Number.isSafeInteger(value) ? `${value === 0 ? 0 : value}` : String(value);
    const match = /^([+-]?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text)!;
    const [, sign, whole = '0', fraction = '', exponent = '0'] = match;
    let scale = fraction.length - Number(exponent);
    let units = BigInt(whole + fraction);
    if (scale < 0) [units, scale] = [units * 10n ** BigInt(-scale), 0];
    return { units: sign === '-' ? -units : units, scale };
  };
  const text = ({ units, scale }: { units: bigint; scale: number }, places: number) => {
    const wide = Math.max(places, scale);
    const widened = units * 10n ** BigInt(wide - scale);
    const digits = (widened < 0n ? -widened : widened).toString().padStart(wide + 1, '0');
    return `${widened < 0n ? '-' : ''}${wide === 0 ? digits : `${digits.slice(0, -wide)}.${digits.slice(-wide)}`}`;
  };
  const sum = (values: (string | number)[]) => {
    const parts = values.map(parse);
    const scale = Math.max(0, ...parts.map((part) => part.scale));
    return { units: parts.reduce((total, part) => total + part.units * 10n ** BigInt(scale - part.scale), 0n), scale };
  };
  return {
    toMoney: (value: string | number) => text(parse(value), 2),
    multiplyMoney: (amount: string, quantity: number) => {
      const [a, b] = [parse(amount), parse(quantity)];
      return text({ units: a.units * b.units, scale: a.scale + b.scale }, 2);
    },
    sumMoney: (amounts: string[]) => text(sum(amounts), 2),
    sumQuantities: (quantities: number[]) => Number(text(sum(quantities), 0)),
  };
})();

describe('money on numbers agrees with BigInt arithmetic', () => {
  let state = 20261204;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
  /** Amounts around the edges of the exact numbers (15 and 16 digits, 2^53), signs, zeros and forms. */
  const amounts = [
    '0',
    '-0',
    '-0.00',
    '+0.5',
    '007.50',
    '9007199254740991',
    '9007199254740993',
    '999999999999999',
    '99999999999999.9',
    '9999999999999.99',
    '99999999999999.99',
    '0.000000000000001',
    '1.1234567890123456',
    ...Array.from({ length: 3000 }, () => {
      const sign = random() < 0.2 ? '-' : random() < 0.05 ? '+' : '';
      const whole = digits(1 + Math.floor(random() * 17));
      return random() < 0.3 ? `${sign}${whole}` : `${sign}${whole}.${digits(1 + Math.floor(random() * 6))}`;
    }),
  ];
  const numbers = [
    0,
    -0,
    0.1,
    1e-7,
    1e21,
    2 ** 53,
    2 ** 53 - 1,
    -(2 ** 53) + 1,
    123.456,
    ...Array.from({ length: 2000 }, () => {
      const value = (random() < 0.3 ? -1 : 1) * random() * 10 ** Math.floor(random() * 20 - 4);
      return random() < 0.5 ? Math.round(value) : value;
    }),
  ];

  it('formats every amount and number alike', () => {
    const differ = [...amounts, ...numbers].filter((value) => toMoney(value) !== reference.toMoney(value));
    expect(differ).toEqual([]);
  });

  it('multiplies every amount by whole and fractional quantities alike', () => {
    const quantities = [0, 1, 3, 2.5, 1e-7, 2 ** 53 - 1, 123456, 0.333];
    const differ = amounts.flatMap((amount) =>
      quantities
        .filter(
          (quantity) => multiplyMoney(toMoney(amount), quantity) !== reference.multiplyMoney(toMoney(amount), quantity),
        )
        .map((quantity) => `${amount} x ${quantity}`),
    );
    expect(differ).toEqual([]);
  });

  it('sums runs of amounts and quantities alike, past 2^53 included', () => {
    const differ: string[] = [];
    for (let start = 0; start < amounts.length; start += 37) {
      const run = amounts.slice(start, start + 1 + (start % 50)).map(toMoney);
      if (sumMoney(run) !== reference.sumMoney(run)) differ.push(run.join(' + '));
    }
    for (let start = 0; start < numbers.length; start += 23) {
      const run = numbers.slice(start, start + 1 + (start % 40));
      if (sumQuantities(run) !== reference.sumQuantities(run)) differ.push(run.join(' + '));
    }
    expect(differ).toEqual([]);
    expect(sumMoney(['9007199254740.99', '0.02'])).toBe('9007199254741.01');
    expect(sumQuantities([2 ** 53 - 1, 2])).toBe(2 ** 53 + 1);
  });
});
