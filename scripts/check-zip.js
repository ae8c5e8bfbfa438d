// Proves the deployable zip loads on its own: unpack it into a fresh folder, require its
// index.js there (so nothing resolves from this repo's node_modules), and find every trigger
// and search that the source app defines.
const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const zipPath = resolve(process.argv[2] || 'build/build.zip');
const expected = require(resolve(__dirname, '..', 'index.js'));
const folder = mkdtempSync(join(tmpdir(), 'po-hub-zip-'));

try {
  execFileSync('unzip', ['-q', zipPath, '-d', folder]);
  const fromZip = require(join(folder, 'index.js'));
  const problems = [];
  for (const kind of ['triggers', 'searches']) {
    for (const key of Object.keys(expected[kind] || {})) {
      const operation = fromZip[kind] && fromZip[kind][key];
      if (!operation) problems.push(`${kind}.${key} is missing`);
      else if (typeof operation.operation.perform !== 'function') {
        problems.push(`${kind}.${key} has no perform function`);
      }
    }
  }
  if (typeof fromZip.authentication?.test !== 'function') problems.push('authentication.test is missing');
  if (problems.length > 0) {
    console.error(`The zip at ${zipPath} does not hold the app:\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  const count = (kind) => Object.keys(fromZip[kind] || {}).length;
  console.log(`The zip loads: ${count('triggers')} triggers and ${count('searches')} searches found in ${zipPath}.`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
