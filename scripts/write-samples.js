// npm run samples: writes each vendor's samples.json, the definition's samples, from its
// samples.ts (the vendor's seed through its mapper), so that starting the app loads no mapper.
// test/vendors/samples.test.ts fails when a file differs from what its mapper makes.
const { existsSync, readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const vendors = join(__dirname, '..', 'src', 'vendors');
for (const folder of readdirSync(vendors)) {
  const compiled = join(__dirname, '..', 'dist', 'vendors', folder, 'samples.js');
  if (!existsSync(compiled)) continue;
  const samples = require(compiled).vendorSamples();
  writeFileSync(join(vendors, folder, 'samples.json'), `${JSON.stringify(samples, null, 2)}\n`);
  console.log(`${folder}/samples.json: the search's sample and ${Object.keys(samples.triggers).length} triggers'`);
}
