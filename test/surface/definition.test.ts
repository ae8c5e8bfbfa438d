/**
 * The definition Zapier validates is built from the registry alone, light enough that starting
 * the app loads no vendor's schemas, mappers or clients; what it shows is what the full build
 * (every vendor's seed through its mapper) makes.
 */
import app from '../../src';
import type { VendorSamples } from '../../src/descriptor/vendor';
import { vendorSamples as apicbaseSamples } from '../../src/vendors/apicbase/samples';
import { vendorSamples as apoSamples } from '../../src/vendors/auto-purchase-orders/samples';
import { vendorSamples as shopifySamples } from '../../src/vendors/shopify/samples';
import { vendorSamples as stockySamples } from '../../src/vendors/stocky/samples';
import { vendorSamples as zortSamples } from '../../src/vendors/zort/samples';

const eager: VendorSamples[] = [apoSamples(), shopifySamples(), stockySamples(), zortSamples(), apicbaseSamples()];

describe('the app definition', () => {
  it("shows each trigger's sample as its vendor's mapper makes it, and no trigger without one", () => {
    const expected = Object.fromEntries(eager.flatMap((samples) => Object.entries(samples.triggers)));
    const shown = Object.fromEntries(
      Object.entries(app.triggers).map(([key, trigger]) => [key, trigger.operation.sample]),
    );
    expect(shown).toEqual(expected);
  });

  it("shows the search's sample as the first searchable vendor's mapper makes it", () => {
    expect(app.searches.find_purchase_order?.operation.sample).toEqual(shopifySamples().search);
  });

  it('loads no schema library at start: a vendor loads on its first run', async () => {
    await jest.isolateModulesAsync(async () => {
      jest.doMock('zod', () => {
        throw new Error('zod was loaded while the app started');
      });
      const started = (await import('../../src')).default;
      expect(Object.keys(started.triggers)).toHaveLength(Object.keys(app.triggers).length);
    });
  });
});
