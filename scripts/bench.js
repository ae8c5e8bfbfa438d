// npm run bench: figures, never pass/fail. Each is a median over repeated runs, printed with a
// ratio to a baseline measured in the same run. Needs the zip, dist/ and the compiled sandbox,
// which the npm script builds first.
const { spawnSync } = require('node:child_process');
const inspector = require('node:inspector');
const { createHmac } = require('node:crypto');
const { readdirSync, readFileSync, statSync } = require('node:fs');
const os = require('node:os');
const { join } = require('node:path');
const core = require('zapier-platform-core');
const app = require('../index.js');
const { pythonJsonDumps } = require('../dist/vendors/apicbase/python-json');
const { verifyApicbaseSignature } = require('../dist/vendors/apicbase/signature');

const ROOT = join(__dirname, '..');
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ms = (value) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const ratio = (value, baseline) => `${(value / baseline).toFixed(2)}x`;

/** Median milliseconds of `run`, after warm-up runs. */
function time(run, { runs = 21, warmup = 5 } = {}) {
  for (let index = 0; index < warmup; index += 1) run();
  // Start each figure from a collected heap, so one figure's garbage is not billed to the next.
  global.gc?.();
  const samples = [];
  for (let index = 0; index < runs; index += 1) {
    const started = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(samples);
}

/** time() for a run that may return a promise (ZORT's hook perform reads its settings when a key differs). */
async function timeAsync(run, { runs = 21, warmup = 5 } = {}) {
  for (let index = 0; index < warmup; index += 1) await run();
  global.gc?.();
  const samples = [];
  for (let index = 0; index < runs; index += 1) {
    const started = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(samples);
}

/**
 * Median milliseconds of `run` and of `baseline`, measured in turns, so that a machine busy with
 * other work slows both alike and their ratio stays meaningful.
 */
/**
 * `collect`: the collection before each run. 'major' (a full one) is the safe default; section 2
 * uses 'minor': a full collection shrinks the young generation, so that the run allocating more
 * pays for growing it again, a state no warm Zapier process is in, while a minor one still keeps
 * each run from paying for the other's garbage.
 */
async function timeInTurns(run, baseline, { runs = 7, warmup = 1, collect = 'major' } = {}) {
  for (let index = 0; index < warmup; index += 1) {
    await run();
    await baseline();
  }
  const samples = { run: [], baseline: [], runCpu: [], baselineCpu: [] };
  for (let index = 0; index < runs; index += 1) {
    for (const [name, work] of [
      ['run', run],
      ['baseline', baseline],
    ]) {
      global.gc?.({ type: collect });
      const cpu = process.cpuUsage();
      const started = process.hrtime.bigint();
      await work();
      samples[name].push(Number(process.hrtime.bigint() - started) / 1e6);
      const used = process.cpuUsage(cpu);
      samples[`${name}Cpu`].push((used.user + used.system) / 1e3);
    }
  }
  return {
    runMs: median(samples.run),
    baselineMs: median(samples.baseline),
    // CPU time (this process's threads, its garbage collector's included): a busy machine's other work left out.
    runCpuMs: median(samples.runCpu),
    baselineCpuMs: median(samples.baselineCpu),
  };
}

function heading(text) {
  console.log(`\n${text}`);
}

// 1. Cold start ---------------------------------------------------------------------------------
const COLD_RUNS = 21;
const COLD_TARGET = 1.1;

/**
 * A new Node process that requires `module` and reports how long the require took (wall clock,
 * and CPU time, which a machine busy with other work disturbs less), and its RSS.
 */
function requireInNewProcess(module) {
  const child = spawnSync(
    process.execPath,
    [
      '-e',
      `const t = process.hrtime.bigint(); const c = process.cpuUsage(); require(${JSON.stringify(module)}); const cpu = process.cpuUsage(c); process.stdout.write(JSON.stringify([Number(process.hrtime.bigint() - t) / 1e6, (cpu.user + cpu.system) / 1e3, process.memoryUsage().rss]))`,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const [elapsed, cpu, rss] = JSON.parse(child.stdout);
  return { elapsed, cpu, rss: rss / 1048576 };
}

/** The three modules that add most to the app's start beyond core's own, each by its own time (its children's left out). */
function costliestAppModules() {
  const script = `
    const M = require('node:module');
    require('zapier-platform-core');
    const own = new Map();
    const stack = [];
    const load = M._load;
    M._load = function (request, parent) {
      const started = process.hrtime.bigint();
      stack.push(0n);
      try {
        return load.apply(this, arguments);
      } finally {
        const total = process.hrtime.bigint() - started;
        const children = stack.pop();
        let name = request;
        try { name = M._resolveFilename(request, parent); } catch {}
        own.set(name, (own.get(name) ?? 0n) + total - children);
        if (stack.length > 0) stack[stack.length - 1] += total;
      }
    };
    require('./index.js');
    const top = [...own].sort((a, b) => Number(b[1] - a[1])).slice(0, 3);
    process.stdout.write(JSON.stringify(top.map(([name, ns]) => [name, Number(ns) / 1e6])));`;
  const child = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(child.stdout);
}

function coldStart() {
  heading(`1. Cold start: a new Node process requires the module (${COLD_RUNS} pairs of runs, in alternating order)`);
  const targets = { core: 'zapier-platform-core', app: './index.js' };
  const samples = { core: [], app: [] };
  for (let run = 0; run < COLD_RUNS; run += 1) {
    // Alternating which goes first: neither is always the one that meets a cold disk cache.
    const order = run % 2 === 0 ? ['core', 'app'] : ['app', 'core'];
    for (const name of order) samples[name].push(requireInNewProcess(targets[name]));
  }
  const medianOf = (name, figure) => median(samples[name].map((sample) => sample[figure]));
  // Paired: each run's app figure over the core figure measured beside it, then the median of those.
  const pairedRatio = (figure) => median(samples.app.map((sample, run) => sample[figure] / samples.core[run][figure]));
  for (const [name, label] of [
    ['core', 'zapier-platform-core alone'],
    ['app', 'the built index.js'],
  ]) {
    console.log(
      `  ${label.padEnd(28)} ${ms(medianOf(name, 'elapsed')).padStart(8)}   CPU ${ms(medianOf(name, 'cpu')).padStart(8)}   RSS ${medianOf(name, 'rss').toFixed(1)} MB`,
    );
  }
  const paired = pairedRatio('elapsed');
  console.log(
    `  paired ratio, index.js / core (median of ${COLD_RUNS}): ${paired.toFixed(2)}x wall clock, ${pairedRatio('cpu').toFixed(2)}x CPU   target <= ${COLD_TARGET.toFixed(2)}x: ${paired <= COLD_TARGET ? 'met' : 'MISSED'}`,
  );
  if (paired > COLD_TARGET) {
    console.log("  what the app adds to core's start, costliest first (own time, one run):");
    for (const [name, own] of costliestAppModules())
      console.log(`    ${ms(own).padStart(9)}  ${name.replace(`${ROOT}/`, '')}`);
  }
}

// 2. Hook deliveries ------------------------------------------------------------------------------
const z = { errors: core.errors, console };
const hookBundle = (content, headers = {}, extra = {}) => ({
  authData: { apicbase_webhook_secret: 'bench-secret' },
  inputData: {},
  meta: {},
  rawRequest: { method: 'POST', querystring: '', headers, content },
  cleanedRequest: {},
  ...extra,
});

function seed(path) {
  return JSON.parse(readFileSync(join(ROOT, 'dist', path), 'utf8'));
}

/** A ZORT delivery of `content` for `method`, with the key the Zap set in ZORT. */
const zortBundle = (content, method, contentType) => {
  const headers = { 'Http-Authorization': 'Basic bench-key1', 'Http-Content-Type': contentType };
  return {
    ...hookBundle(content, headers),
    subscribeData: { key1: 'bench-key1' },
    rawRequest: { method: 'POST', querystring: `method=${method}`, headers, content },
  };
};

const MULTIPART_BOUNDARY = '----zortBench7MA4YWxk';

/**
 * Every hook's deliveries of a purchase order with `lines` lines, or with as many lines as make its
 * JSON `bytes` long. `parse` is the JSON text a hook must read (for a form or multipart body, the
 * payload inside it): the baseline is JSON.parse of it.
 */
function deliveries({ lines, bytes }) {
  /** The document's JSON with `count` lines. */
  const sized = (build) => {
    if (lines !== undefined) return build(lines);
    const perLine = (build(101).length - build(1).length) / 100;
    return build(Math.max(1, Math.round((bytes - build(0).length) / perLine)));
  };
  const apo = seed('vendors/auto-purchase-orders/seed-payload.json');
  const apoBody = sized((count) =>
    JSON.stringify({
      ...apo,
      products: Array.from({ length: count }, (_, i) => ({ ...apo.products[i % 3], id: i + 1 })),
    }),
  );
  const zortOrder = seed('vendors/zort/seed-purchase-order.json');
  const zortReturn = seed('vendors/zort/seed-purchase-return.json');
  const zortText = (document) =>
    sized((count) =>
      JSON.stringify({
        ...document,
        list: Array.from({ length: count }, (_, i) => ({
          ...document.list[i % document.list.length],
          productid: i + 1,
        })),
      }),
    );
  const zortOrderText = zortText(zortOrder);
  const zortReturnText = zortText(zortReturn);
  const multipart = (payload) =>
    [
      `--${MULTIPART_BOUNDARY}`,
      'Content-Disposition: form-data; name="method"',
      '',
      'ADDPURCHASEORDER',
      `--${MULTIPART_BOUNDARY}`,
      'Content-Disposition: form-data; name="payload"',
      'Content-Type: application/json; charset=utf-8',
      '',
      payload,
      `--${MULTIPART_BOUNDARY}--`,
      '',
    ].join('\r\n');

  const apic = seed('vendors/apicbase/sample-order.json');
  const apicCompact = sized((count) =>
    JSON.stringify({
      ...apic,
      packages: Array.from({ length: count }, (_, i) => ({ ...apic.packages[i % 2], quantity_ordered: (i % 9) + 1 })),
    }),
  );
  const apicPython = pythonJsonDumps(apicCompact);
  const signature = createHmac('sha256', 'bench-secret').update(apicPython).digest('hex');
  const apicHeaders = { 'Http-X-Apic-Webhook-Signature': signature };
  const zortRow = (key, note, document, body, method, contentType) => ({
    key,
    note,
    body,
    parse: document,
    bundle: zortBundle(body, method, contentType),
  });
  return [
    { key: 'apo_purchase_order_created', body: apoBody, parse: apoBody, bundle: hookBundle(apoBody) },
    zortRow(
      'zort_purchase_order_created',
      'JSON body',
      zortOrderText,
      zortOrderText,
      'ADDPURCHASEORDER',
      'application/json',
    ),
    zortRow(
      'zort_purchase_order_created',
      'form field',
      zortOrderText,
      `payload=${encodeURIComponent(zortOrderText)}`,
      'ADDPURCHASEORDER',
      'application/x-www-form-urlencoded',
    ),
    zortRow(
      'zort_purchase_order_created',
      'multipart part',
      zortOrderText,
      multipart(zortOrderText),
      'ADDPURCHASEORDER',
      `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`,
    ),
    zortRow(
      'zort_purchase_return_created',
      'form field',
      zortReturnText,
      `payload=${encodeURIComponent(zortReturnText)}`,
      'ADDRETURNPURCHASEORDER',
      'application/x-www-form-urlencoded',
    ),
    {
      key: 'apicbase_new_purchase_order',
      note: 'signed as sent',
      body: apicPython,
      parse: apicPython,
      bundle: hookBundle(apicPython, apicHeaders),
    },
    {
      key: 'apicbase_new_purchase_order',
      note: 'compact: re-serialised',
      body: apicCompact,
      parse: apicCompact,
      bundle: hookBundle(apicCompact, apicHeaders),
    },
  ];
}

/** The three functions with the most self time while `run` runs `times` times, from V8's sampling profiler. */
async function topSelfTime(run, times = 20) {
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  for (let index = 0; index < times; index += 1) await run();
  const { profile } = await post('Profiler.stop');
  session.disconnect();
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    if (functionName === '(idle)' || functionName === '(program)') return;
    const where = url ? ` ${url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'}${where}`;
    const spent = profile.timeDeltas[index + 1] ?? 0;
    self.set(name, (self.get(name) ?? 0) + spent);
    total += spent;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, spent]) => `${name} ${Math.round((spent / total) * 100)}%`);
}

/** The target of issue 20: a hook's perform at most 3x JSON.parse of the same body. */
const HOOK_TARGET = 3;
const HOOK_WARMUP = 30;

async function hookDeliveries() {
  heading(
    `2. Hook deliveries of about 1 MB: perform against JSON.parse of the same JSON, in turns (medians of 15 after ${HOOK_WARMUP} warm-up runs, wall time, a minor collection before each; CPU time beside it), target <= ${HOOK_TARGET}x`,
  );
  let missed = 0;
  for (const delivery of deliveries({ bytes: 1024 * 1024 })) {
    const perform = app.triggers[delivery.key].operation.perform;
    const records = await perform(z, delivery.bundle);
    const lines = JSON.parse(delivery.parse)[
      { apo: 'products', zort: 'list', apicbase: 'packages' }[delivery.key.split('_')[0]]
    ].length;
    if (records.length !== 1 || records[0].line_item_count !== lines) {
      throw new Error(`${delivery.key} did not map ${lines} lines`);
    }
    const {
      runMs: performMs,
      baselineMs: parseMs,
      runCpuMs,
      baselineCpuMs,
    } = await timeInTurns(
      () => perform(z, delivery.bundle),
      () => JSON.parse(delivery.parse),
      // A warm process: V8 optimises code that runs once per delivery only after some twenty of them.
      { runs: 15, warmup: HOOK_WARMUP, collect: 'minor' },
    );
    const label = `${delivery.key}${delivery.note ? ` (${delivery.note})` : ''}`;
    const met = performMs / parseMs <= HOOK_TARGET;
    if (!met) missed += 1;
    console.log(
      `  ${label.padEnd(58)} ${ms(performMs).padStart(8)}   JSON.parse ${ms(parseMs).padStart(8)}   ${ratio(performMs, parseMs).padStart(6)}  ${met ? 'PASS' : 'MISS'}   CPU ${ratio(runCpuMs, baselineCpuMs).padStart(6)}   (${lines.toLocaleString('en')} lines, ${(delivery.body.length / 1048576).toFixed(2)} MB)`,
    );
    if (!met) console.log(`      top self time: ${(await topSelfTime(() => perform(z, delivery.bundle))).join(', ')}`);
  }
  console.log(`  ${missed === 0 ? 'every hook PASS' : `${missed} MISS`} (perform <= ${HOOK_TARGET}x JSON.parse)`);
  heading('   Records per second, seed-sized deliveries (one record each), against JSON.parse per second');
  for (const delivery of deliveries({ lines: 3 })) {
    const perform = app.triggers[delivery.key].operation.perform;
    const perSecond = async (run) =>
      (1000 /
        (await timeAsync(
          async () => {
            for (let i = 0; i < 200; i += 1) await run();
          },
          { runs: 9, warmup: 2 },
        ))) *
      200;
    const records = await perSecond(() => perform(z, delivery.bundle));
    const parses = await perSecond(() => JSON.parse(delivery.parse));
    const label = `${delivery.key}${delivery.note ? ` (${delivery.note})` : ''}`;
    console.log(
      `  ${label.padEnd(58)} ${Math.round(records).toLocaleString('en').padStart(9)}/s   JSON.parse ${Math.round(parses).toLocaleString('en').padStart(9)}/s   ${ratio(parses, records)} slower`,
    );
  }
}

// 6. Shopify polling ------------------------------------------------------------------------------
// Each Shopify polling trigger as a Zap against the sandbox's fake Shopify: Shopify's real 2026-10
// schema, a Standard plan's bucket (2,000 points, 100 a second, requested cost charged first and
// refunded down to the actual cost after), on a clock the bench moves (5 minutes between polls;
// the app's own pacing waits move it too, so no poll waits in real time). A store of 10, 100 or
// 1,000 purchase orders of 3 to 20 lines, half drafts: the Zap turned on, polls with nothing new
// (Updated: until its first sweep has learnt the store), then three changes (one created as
// ordered, an old draft ordered, a line changed) and polls until they have all fired. Points:
// requested / actual.
const SHOPIFY_SIZES = [10, 100, 1000];
const SHOPIFY_TRIGGERS = [
  'shopify_new_purchase_order',
  'shopify_purchase_order_ordered',
  'shopify_updated_purchase_order',
];
/** What each trigger must deliver after the three changes. */
const SHOPIFY_EXPECTED = {
  shopify_new_purchase_order: 1,
  shopify_purchase_order_ordered: 2,
  shopify_updated_purchase_order: 3,
};
/** Polls the bench waits for the changes before it gives up. */
const MAX_CHANGE_POLLS = 50;

async function shopifyPolling() {
  heading('6. Shopify polling: each trigger as a Zap against the fake Shopify (Standard plan, 5-minute polls)');
  const { startVendorSandbox } = require('../build/sandbox/test/fakes/vendors');
  const { shopifyClock } = require('../dist/vendors/shopify/pacing');
  const credentials = {
    zort_store_name: 'bench',
    zort_api_key: 'bench',
    zort_api_secret: 'bench',
    apicbase_webhook_secret: 'bench',
  };
  const shopify = {
    shopify_store_domain: 'bench.myshopify.com',
    shopify_client_id: 'bench-id',
    shopify_client_secret: 'bench-secret',
  };
  const appTester = core.createAppTester(app);
  const realClock = { ...shopifyClock };
  let zapId = 0;
  console.log(
    `  ${'trigger'.padEnd(32)} ${'POs'.padStart(5)}  ${'turn-on'.padEnd(22)} ${'nothing new (last of n)'.padEnd(28)} after three changes (polls until all fired: requests, points, records)`,
  );
  for (const key of SHOPIFY_TRIGGERS) {
    for (const size of SHOPIFY_SIZES) {
      const vendors = await startVendorSandbox(0, credentials, shopify);
      process.env.SHOPIFY_BASE_URL = vendors.shopifyBaseUrl;
      const fake = vendors.shopify;
      let ahead = 0;
      const advance = (ms) => {
        ahead += ms;
        vendors.shopifyClock.advance(ms);
      };
      shopifyClock.now = () => Date.now() + ahead;
      shopifyClock.sleep = async (ms) => advance(ms);
      const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
      for (let index = 0; index < size; index += 1) {
        const draft = index % 2 === 0;
        const lines = Array.from({ length: 3 + ((index * 7) % 18) }, (_, line) => ({
          sku: `SKU-${index}-${line}`,
          quantity: 1 + line,
          unitCost: '2.50',
        }));
        fake.create({
          status: draft ? 'DRAFT' : 'ORDERED',
          dateCreated: monthAgo,
          orderedAt: draft ? null : monthAgo,
          lines,
        });
      }
      const id = `bench-shopify-${(zapId += 1)}`;
      const bundle = (meta) => ({
        authData: shopify,
        inputData: {},
        meta: { isLoadingSample: false, page: 0, limit: -1, zap: { id }, ...meta },
      });
      const perform = app.triggers[key].operation.perform;
      const seen = new Set();
      const measure = async (meta = {}) => {
        advance(300_000);
        const from = fake.spent.length;
        const throttledBefore = fake.throttled;
        // The app's own log lines (a poll stopping at Shopify's budget) are for Zapier's log, not this table.
        const log = console.log;
        console.log = () => {};
        const records = await appTester(perform, bundle(meta)).finally(() => (console.log = log));
        const spent = fake.spent.slice(from);
        const fresh = records.filter((record) => !seen.has(record.id));
        for (const record of records) seen.add(record.id);
        return {
          requests: spent.length,
          requested: spent.reduce((sum, one) => sum + one.requested, 0),
          actual: spent.reduce((sum, one) => sum + one.actual, 0),
          throttled: fake.throttled - throttledBefore,
          fresh: meta.isPopulatingDedupe ? 0 : fresh.length,
        };
      };
      const cell = (poll) =>
        `${poll.requests} req, ${poll.requested}/${poll.actual}${poll.throttled ? ` (${poll.throttled} THROTTLED)` : ''}`;
      const turnOn = await measure({ isPopulatingDedupe: true });
      // Updated learns the store as its first sweep goes (a change to a purchase order it has not
      // reached yet is its starting point): the changes come once that sweep is complete.
      const sweepUnderWay = () =>
        Object.entries(appTester.zcacheTestObj ?? {}).some(([cacheKey, value]) => {
          if (!cacheKey.includes(key) || cacheKey.endsWith(':lock')) return false;
          const state = typeof value === 'string' ? JSON.parse(value) : value;
          return state?.extra?.sweep !== null && state?.extra?.sweep !== undefined;
        });
      let quiet = await measure();
      let learning = 1;
      while (sweepUnderWay() && learning < MAX_CHANGE_POLLS) {
        quiet = await measure();
        learning += 1;
      }
      fake.create({ status: 'ORDERED', lines: [{ sku: 'NEW', quantity: 1, unitCost: '1.00' }] });
      fake.markOrdered(1);
      fake.changeLine(2, fake.orders[1].lines[0].id, { quantity: 77 });
      const polls = [];
      let fired = 0;
      while (fired < SHOPIFY_EXPECTED[key] && polls.length < MAX_CHANGE_POLLS) {
        const poll = await measure();
        fired += poll.fresh;
        polls.push(poll);
      }
      const total = polls.reduce(
        (sum, poll) => ({
          requests: sum.requests + poll.requests,
          requested: sum.requested + poll.requested,
          actual: sum.actual + poll.actual,
          throttled: sum.throttled + poll.throttled,
        }),
        { requests: 0, requested: 0, actual: 0, throttled: 0 },
      );
      console.log(
        `  ${key.padEnd(32)} ${size.toLocaleString('en').padStart(5)}  ${cell(turnOn).padEnd(22)} ${`${cell(quiet)} (${learning})`.padEnd(28)} ${polls.length} poll${polls.length === 1 ? '' : 's'}: ${cell(total)}, ${fired} of ${SHOPIFY_EXPECTED[key]}; per poll ${polls.map((poll) => `${poll.requested}/${poll.actual}`).join(', ')}`,
      );
      await vendors.close();
    }
  }
  Object.assign(shopifyClock, realClock);
  delete process.env.SHOPIFY_BASE_URL;
}

// 8. Transfer ------------------------------------------------------------------------------------
// Zapier's Transfer of a whole store per vendor (demo/transfer.ts): every page through
// core's handler over loopback, the cursor in the sandbox's RPC, the store listed oldest first.
// Shopify's bucket is a Plus store's, given 20 s of Shopify time between pages; its points are
// what the fake charges, the requested cost.
const TRANSFER_RUNS = 3;

async function transferSpeed() {
  heading(`7. Transfer: a whole store per vendor, median of ${TRANSFER_RUNS} transfers`);
  const { runTransfer, DEMO_SIZES } = require('../build/sandbox/demo/transfer');
  console.log(
    `  ${'vendor'.padEnd(10)} ${'POs'.padStart(6)}  ${'pages'.padStart(5)}  ${'records/s'.padStart(9)}  ${'largest page'.padStart(12)}  Shopify points per 100 POs`,
  );
  for (const vendor of Object.keys(DEMO_SIZES)) {
    const runs = [];
    for (let run = 0; run < TRANSFER_RUNS; run += 1) runs.push(await runTransfer(app, vendor, DEMO_SIZES[vendor]));
    const rate = median(
      runs.map((run) => run.records.length / (run.pages.reduce((sum, page) => sum + page.ms, 0) / 1000)),
    );
    const largest = Math.max(...runs[0].pages.map((page) => page.bytes));
    const points =
      runs[0].shopifyPoints === null
        ? '-'
        : Math.round((runs[0].shopifyPoints / runs[0].records.length) * 100).toLocaleString('en');
    const whole = runs.every((run) => run.ok) ? '' : '  (NOT WHOLE: see npm start)';
    console.log(
      `  ${vendor.padEnd(10)} ${DEMO_SIZES[vendor].toLocaleString('en').padStart(6)}  ${String(runs[0].pages.length).padStart(5)}  ${Math.round(rate).toLocaleString('en').padStart(9)}  ${`${(largest / 1048576).toFixed(1)} MB`.padStart(12)}  ${points}${whole}`,
    );
  }
}

// 4. Bundle -------------------------------------------------------------------------------------
function folderSize(folder) {
  return readdirSync(folder, { withFileTypes: true }).reduce(
    (sum, entry) =>
      sum + (entry.isDirectory() ? folderSize(join(folder, entry.name)) : statSync(join(folder, entry.name)).size),
    0,
  );
}

function bundle() {
  heading('3. Bundle');
  console.log(`  build/build.zip  ${(statSync(join(ROOT, 'build/build.zip')).size / 1024).toFixed(0)} KB`);
  console.log(`  dist/            ${(folderSize(join(ROOT, 'dist')) / 1024).toFixed(0)} KB`);
}

// 5. Apicbase signature ------------------------------------------------------------------------
function apicbaseSignature() {
  heading('4. Apicbase signature on a 1 MB compact delivery (worst case: re-serialised, then signed)');
  const order = seed('vendors/apicbase/sample-order.json');
  const packages = [];
  const data = { ...order, packages };
  while (packages.length < 4000)
    packages.push({
      ...order.packages[packages.length % 2],
      stock_item: { name: `Tomates n°${packages.length} 🍅` },
      weight_kg: packages.length / 7,
    });
  let body = JSON.stringify(data);
  while (body.length < 1024 * 1024) {
    for (let i = 0; i < 500; i += 1) packages.push({ ...packages[i], quantity_ordered: i });
    body = JSON.stringify(data);
  }
  const signature = createHmac('sha256', 'bench-secret').update(pythonJsonDumps(body)).digest('hex');
  if (!verifyApicbaseSignature(body, signature, 'bench-secret').ok) throw new Error('the bench delivery must verify');
  const parseMs = time(() => JSON.parse(body));
  const verifyMs = time(() => verifyApicbaseSignature(body, signature, 'bench-secret'));
  console.log(
    `  verify ${(body.length / 1048576).toFixed(2)} MB ${ms(verifyMs).padStart(9)}   JSON.parse ${ms(parseMs).padStart(8)}   ${ratio(verifyMs, parseMs)}`,
  );
}

// 6. Hostile deliveries ---------------------------------------------------------------------------
/** The body's text with the value at `path` (within the seed) replaced by raw JSON text. */
function withRawJson(document, path, rawJson) {
  const copy = JSON.parse(JSON.stringify(document));
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  parent[path[path.length - 1]] = '\u0000PLACEHOLDER';
  return JSON.stringify(copy).replace('"\\u0000PLACEHOLDER"', () => rawJson);
}

async function hostileDeliveries() {
  heading(
    "5. Deliveries up to Zapier's 10 MB webhook limit, hostile or genuine: perform until it answers (a record or a HaltedError), against JSON.parse of the same body",
  );
  const nines = '9'.repeat(9_900_000);
  const nested = (depth) => '['.repeat(depth) + ']'.repeat(depth);
  const vendors = [
    {
      key: 'apo_purchase_order_created',
      seed: seed('vendors/auto-purchase-orders/seed-payload.json'),
      lines: 'products',
      line: '{"quantity":1}',
      text: 'comment',
      amount: ['products', 0, 'unit_price', 'pure'],
      bundle: (body) => hookBundle(body),
    },
    {
      key: 'zort_purchase_order_created',
      seed: seed('vendors/zort/seed-purchase-order.json'),
      lines: 'list',
      line: '{"number":1}',
      text: 'description',
      amount: ['list', 0, 'pricepernumber'],
      bundle: (body) => ({
        ...hookBundle(body),
        subscribeData: { key1: 'bench-key1' },
        rawRequest: {
          method: 'POST',
          querystring: 'method=ADDPURCHASEORDER',
          headers: { 'Http-Authorization': 'Basic bench-key1' },
          content: body,
        },
      }),
    },
    {
      key: 'apicbase_new_purchase_order',
      seed: seed('vendors/apicbase/sample-order.json'),
      lines: 'packages',
      line: '{"quantity_ordered":1}',
      text: 'order_remarks',
      amount: ['packages', 0, 'total_theoretical_price'],
      bundle: (body) =>
        hookBundle(body, {
          'Http-X-Apic-Webhook-Signature': createHmac('sha256', 'bench-secret').update(body).digest('hex'),
        }),
    },
  ];
  const rows = [];
  for (const vendor of vendors) {
    const lines = Math.min(650_000, Math.floor(9_900_000 / (vendor.line.length + 1)));
    const bodies = [
      ['one amount of 9.9 million digits', withRawJson(vendor.seed, vendor.amount, `"${nines}"`)],
      // As many minimal lines as fit in 9.9 MB: 650,000 for the shortest.
      [
        `${lines.toLocaleString('en')} minimal lines`,
        withRawJson(vendor.seed, [vendor.lines], `[${Array.from({ length: lines }, () => vendor.line).join(',')}]`),
      ],
      ['1,000 nested brackets', withRawJson(vendor.seed, ['x'], nested(1_000))],
      ['100,000 nested brackets', withRawJson(vendor.seed, ['x'], nested(100_000))],
      [
        'an object of 600,000 fields',
        withRawJson(vendor.seed, ['x'], `{${Array.from({ length: 600_000 }, (_, i) => `"k${i}":1`).join(',')}}`),
      ],
      // Each float goes through repr's formatting in the Python re-serialiser: 1e5 is 100000.0 there.
      ['2.4 million short floats', withRawJson(vendor.seed, ['x'], `[${Array(2_400_000).fill('1e5').join(',')}]`)],
      [
        '1.6 million escaped accents in one text',
        withRawJson(vendor.seed, [vendor.text], `"${'\\u00e9'.repeat(1_600_000)}"`),
      ],
      ['a text of 9.9 million characters', withRawJson(vendor.seed, [vendor.text], `"${'a'.repeat(9_900_000)}"`)],
      // JSON.parse keeps a repeated key's last value; the Python re-serialiser builds a tree for it.
      [
        '220,000 lines repeating a key',
        withRawJson(
          vendor.seed,
          [vendor.lines],
          `[${Array.from({ length: 220_000 }, () => `${vendor.line.slice(0, -1)},${vendor.line.slice(1)}`).join(',')}]`,
        ),
      ],
    ];
    if (vendor.key === 'apo_purchase_order_created') {
      bodies.push([
        'authorized_by nested 10,000 deep',
        withRawJson(vendor.seed, ['authorized_by'], `${'{"a":'.repeat(10_000)}null${'}'.repeat(10_000)}`),
      ]);
    }
    for (const [name, body] of bodies)
      rows.push({ label: `${vendor.key}: ${name}`, body, bundle: vendor.bundle(body), key: vendor.key });
    if (vendor.key === 'apicbase_new_purchase_order') {
      // Compact non-ASCII bodies signed as Python signs them: verified through the re-serialiser.
      // 9,000 lines of long accented names: within the bounds the app once had, to compare with it.
      const packages = [];
      const order = { ...vendor.seed, packages };
      const name = 'Tomates cerises épicées, récoltées à la main 🍅 — '.repeat(20);
      while (packages.length < 9000)
        packages.push({
          ...vendor.seed.packages[packages.length % 2],
          stock_item: { name: `${name}n°${packages.length}` },
          weight_kg: packages.length / 7,
        });
      const linesBody = JSON.stringify(order);
      const noteBody = JSON.stringify({
        ...vendor.seed,
        order_remarks: 'Livraison à l’entrée, merci 🍅 '.repeat(300_000),
      });
      for (const [name, body] of [
        [`a compact non-ASCII body of ${packages.length.toLocaleString('en')} lines, signed by Python`, linesBody],
        ['a compact non-ASCII note of 9 MB, signed by Python', noteBody],
      ]) {
        const signature = createHmac('sha256', 'bench-secret').update(pythonJsonDumps(body)).digest('hex');
        rows.push({
          label: `${vendor.key}: ${name}`,
          body,
          key: vendor.key,
          bundle: hookBundle(body, { 'Http-X-Apic-Webhook-Signature': signature }),
        });
        bodies.push([name, body]);
      }
      // A signature that misses the raw body sends it through the Python re-serialiser first.
      for (const [name, body] of bodies) {
        rows.push({
          label: `${vendor.key}: ${name}, signature missing the raw body`,
          body,
          key: vendor.key,
          bundle: hookBundle(body, { 'Http-X-Apic-Webhook-Signature': '0'.repeat(64) }),
        });
      }
    }
  }
  // A ZORT payload in a form field is parsed after decoding, however deep it nests, as a JSON body
  // is: the baseline is JSON.parse of the payload it carries.
  for (const [name, payload] of [
    ['a form field nested 1.6 million deep, escaped', nested(1_650_000)],
    ['a form field nested 4.9 million deep, brackets as sent', nested(4_950_000)],
  ]) {
    const body = `payload=${name.endsWith('escaped') ? encodeURIComponent(payload) : payload}`;
    rows.push({
      label: `zort_purchase_order_created: ${name}`,
      body,
      parse: payload,
      key: 'zort_purchase_order_created',
      bundle: zortBundle(body, 'ADDPURCHASEORDER', 'application/x-www-form-urlencoded'),
    });
  }
  let worst = null;
  for (const row of rows) {
    const perform = app.triggers[row.key].operation.perform;
    let outcome;
    const answer = async () => {
      try {
        const records = await perform(z, row.bundle);
        outcome = `${records.length} record`;
      } catch (error) {
        if (error.name !== 'HaltedError') throw error;
        outcome = 'HaltedError';
      }
    };
    await answer();
    const { runMs: performMs, baselineMs: parseMs } = await timeInTurns(answer, () =>
      JSON.parse(row.parse ?? row.body),
    );
    if (worst === null || performMs / parseMs > worst.ratio)
      worst = { label: row.label, ratio: performMs / parseMs, performMs };
    console.log(
      `  ${row.label.padEnd(100)} ${ms(performMs).padStart(9)}   JSON.parse ${ms(parseMs).padStart(8)}   ${ratio(performMs, parseMs).padStart(7)}   (${(row.body.length / 1048576).toFixed(1)} MB)   ${outcome}`,
    );
  }
  console.log(`  worst case: ${worst.label}, ${ms(worst.performMs)}, ${worst.ratio.toFixed(2)}x JSON.parse`);
}

async function main() {
  if (process.argv.includes('--shopify-only')) return shopifyPolling();
  if (process.argv.includes('--transfer-only')) return transferSpeed();
  if (process.argv.includes('--hooks-only')) return hookDeliveries();
  if (process.argv.includes('--deliveries-only')) {
    apicbaseSignature();
    return hostileDeliveries();
  }
  console.log(
    `Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${new Date().toISOString()}`,
  );
  coldStart();
  await hookDeliveries();
  bundle();
  apicbaseSignature();
  await hostileDeliveries();
  await shopifyPolling();
  await transferSpeed();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
