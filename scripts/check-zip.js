// Proves the deployable zip is the app and only the app: unpack it into a fresh folder, require
// its index.js there (so nothing resolves from this repo's node_modules), find every trigger and
// search that the source app defines, load there the code each vendor loads on first use (its
// triggers', search's and client's modules), and refuse any file of a dev dependency
// (package-lock.json marks them `"dev": true`). Prints the zip's size and file count.
const { execFileSync } = require('node:child_process');
const { existsSync, mkdtempSync, readdirSync, rmSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

/** The installed package a zip entry belongs to (`node_modules/a/node_modules/@b/c`), or null. */
function packageOf(entry) {
  const parts = entry.split('/');
  let found = null;
  for (let index = parts.indexOf('node_modules'); index >= 0 && index < parts.length - 1; ) {
    const length = parts[index + 1].startsWith('@') ? 3 : 2;
    found = parts.slice(0, index + length).join('/');
    index = parts.indexOf('node_modules', index + length);
  }
  return found;
}

/** One sentence per package in the zip that a production install would not hold (at most ten, then a count). */
function strayPackages(files, lock) {
  const strays = new Set();
  for (const file of files) {
    const name = packageOf(file);
    if (name !== null && (lock.packages[name] === undefined || lock.packages[name].dev)) strays.add(name);
  }
  const shown = [...strays].slice(0, 10);
  const problems = shown.map(
    (name) => `${name} is ${lock.packages[name] ? 'a dev dependency' : 'in no package-lock.json entry'}`,
  );
  if (strays.size > shown.length) problems.push(`and ${strays.size - shown.length} more packages like these`);
  return problems;
}

/**
 * Problems loading, from the unpacked zip, the modules the app loads only when a trigger first
 * runs or the search or connection test first needs a vendor's client: the zip's file tracing
 * must have followed those lazy imports too.
 */
async function lazyLoadProblems(root, folder) {
  const problems = [];
  const { VENDORS } = require(join(folder, 'dist', 'vendors', 'index.js'));
  for (const vendor of VENDORS) {
    for (const trigger of vendor.triggers) {
      await trigger
        .load()
        .catch((error) =>
          problems.push(`${trigger.key}'s code does not load: ${String(error.message).split('\n')[0]}`),
        );
    }
  }
  const vendorsDir = join(root, 'dist', 'vendors');
  for (const name of readdirSync(vendorsDir)) {
    for (const module of ['client.js', 'search.js']) {
      if (!existsSync(join(vendorsDir, name, module))) continue;
      try {
        require(join(folder, 'dist', 'vendors', name, module));
      } catch (error) {
        problems.push(`dist/vendors/${name}/${module} does not load: ${String(error.message).split('\n')[0]}`);
      }
    }
  }
  return problems;
}

async function main() {
  const shownPath = process.argv[2] || 'build/build.zip';
  const zipPath = resolve(shownPath);
  const root = resolve(__dirname, '..');
  const expected = require(join(root, 'index.js'));
  const files = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' })
    .split('\n')
    .filter((entry) => entry !== '' && !entry.endsWith('/'));
  const problems = strayPackages(files, require(join(root, 'package-lock.json')));
  const folder = mkdtempSync(join(tmpdir(), 'po-hub-zip-'));
  try {
    execFileSync('unzip', ['-q', zipPath, '-d', folder]);
    const fromZip = require(join(folder, 'index.js'));
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
    problems.push(...(await lazyLoadProblems(root, folder)));
    if (problems.length > 0) {
      console.error(`The zip at ${zipPath} is not the app alone:\n- ${problems.join('\n- ')}`);
      process.exitCode = 1;
      return;
    }
    const count = (kind, one, many) => {
      const n = Object.keys(fromZip[kind] || {}).length;
      return `${n} ${n === 1 ? one : many}`;
    };
    const kb = Math.round(statSync(zipPath).size / 1024).toLocaleString('en-US');
    console.log(
      `${shownPath}: ${kb} KB, ${files.length.toLocaleString('en-US')} files, no dev dependency; ` +
        `it loads on its own: ${count('triggers', 'trigger', 'triggers')} and ${count('searches', 'search', 'searches')}, ` +
        'and so does the code each loads on first use.',
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

module.exports = { strayPackages, lazyLoadProblems };

if (require.main === module)
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
