/**
 * The definition's samples are read from each vendor's samples.json so that starting the app
 * loads no schema or mapper; each file must be exactly what the vendor's mapper makes of its seed.
 * After changing a mapper or a seed: `npm run samples`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VendorSamples } from '../../src/descriptor/vendor';
import { VENDORS } from '../../src/vendors';

const VENDORS_DIR = join(__dirname, '../../src/vendors');
const folders = readdirSync(VENDORS_DIR).filter((folder) => existsSync(join(VENDORS_DIR, folder, 'samples.ts')));

it('every registered vendor has its samples', () => {
  expect(folders).toHaveLength(VENDORS.length);
});

describe.each(folders)('%s/samples.json', (folder) => {
  it("is the vendor's mapper output for its seed (npm run samples writes it)", async () => {
    const { vendorSamples } = (await import(join(VENDORS_DIR, folder, 'samples'))) as {
      vendorSamples: () => VendorSamples;
    };
    const written: unknown = JSON.parse(readFileSync(join(VENDORS_DIR, folder, 'samples.json'), 'utf8'));
    expect(written).toEqual(vendorSamples());
  });
});
