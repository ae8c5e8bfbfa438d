/**
 * A list answer validated item by item (validateListItemsAt: ZORT's and Apicbase's lists) names
 * and logs its first refused items and counts the rest in one line, however many it holds.
 */
import nock from 'nock';
import { createAppTester, errors, type Bundle, type ZObject } from 'zapier-platform-core';
import app from '../../src';
import { MAX_ITEMS_NAMED } from '../../src/common/fields';
import { validateListItemsAt } from '../../src/common/validation';
import { responseFrom } from '../../src/common/vendor-identity';
import { findPurchaseOrder } from '../../src/surface/find-purchase-order';
import { apicbaseOrderSchema } from '../../src/vendors/apicbase/schema';
import { APICBASE } from '../../src/vendors/apicbase/identity';
import { ZORT_AUTH, ZORT_ORIGIN } from '../fakes/zort';

const REFUSED = 20_000;

describe('validateListItemsAt on a page of 20,000 refused items', () => {
  it('logs the first MAX_ITEMS_NAMED of them and counts the rest, not a line for each', () => {
    const lines: string[] = [];
    const z = { errors, console: { log: (line: string) => lines.push(line) } } as unknown as ZObject;
    const items = Array.from({ length: REFUSED }, () => ({}));

    const usable = validateListItemsAt(z, responseFrom(APICBASE), 'purchase order', apicbaseOrderSchema, items, true);

    expect(usable).toEqual([]);
    expect(lines).toHaveLength(MAX_ITEMS_NAMED + 1);
    expect(lines.at(-1)).toBe(
      'Skipped 19,900 more Apicbase purchase orders that could not be read, not named one by one. The other purchase orders are delivered.',
    );
  });
});

describe('ZORT search by number answered with 20,000 refused purchase orders', () => {
  it('halts saying none is usable, with a log line per named order only', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      nock(ZORT_ORIGIN)
        .get('/v4/PurchaseOrder/GetPurchaseOrders')
        .query(true)
        .reply(200, { res: { resCode: '200', resDesc: '' }, list: Array.from({ length: REFUSED }, () => ({})) });
      const error = await createAppTester(app)(findPurchaseOrder, {
        authData: ZORT_AUTH,
        inputData: { source: 'zort', number: 'PO-0001' },
      } as unknown as Partial<Bundle>).then(
        () => {
          throw new Error('expected a HaltedError');
        },
        (reason: Error) => reason,
      );
      expect(error.name).toBe('HaltedError');
      const skipped = log.mock.calls.flat().filter((line) => String(line).startsWith('Skipped ZORT purchase order'));
      expect(skipped.length).toBeLessThanOrEqual(MAX_ITEMS_NAMED + 1);
      // Figures in messages are written with separators elsewhere ("and at least 3,299,998 more problems").
      expect(error.message).toMatch(/none of its 20,000 purchase orders is usable/);
    } finally {
      log.mockRestore();
    }
  });
});
