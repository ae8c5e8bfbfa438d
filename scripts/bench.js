// Prints benchmark figures: each a median over repeated runs, with a ratio to a baseline
// measured in the same run on the same input. Never asserts: figures, not pass/fail.
//   npm run bench
const { createHmac } = require('node:crypto');
const os = require('node:os');
const { verifyApicbaseSignature } = require('../dist/vendors/apicbase/signature');
const { pythonJsonDumps } = require('../dist/vendors/apicbase/python-json');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median milliseconds of `run`, after warm-up runs. */
function time(run, { runs = 25, warmup = 5 } = {}) {
  for (let index = 0; index < warmup; index += 1) run();
  const samples = [];
  for (let index = 0; index < runs; index += 1) {
    const started = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(samples);
}

function row(name, ms, baselineName, baselineMs) {
  console.log(
    `${name.padEnd(48)} ${ms.toFixed(2).padStart(9)} ms   ${baselineName} ${baselineMs.toFixed(2)} ms   ratio ${(ms / baselineMs).toFixed(2)}x`,
  );
}

/** A compact Apicbase order of about `bytes`, with non-ASCII text and floats, as Apicbase could send. */
function apicbaseOrder(bytes) {
  const packages = [];
  const order = {
    id: 'bench-order',
    order_number: 'PO-BENCH',
    status: 'ORDERED',
    ordered_on: '2024-03-05T09:30:00+01:00',
    owned_by: { username: 'chef' },
    order_remarks: 'Livraison à la porte arrière 🍅',
    packages,
    expected_delivery_date: null,
    theoretical_price: '0.00',
    supplier_customer_number: 'CUST-1',
  };
  for (let index = 0; JSON.stringify(order).length < bytes; index += 1) {
    packages.push({
      stock_item: { name: `Tomates San Marzano n°${index} 🍅` },
      supplier_package: { supplier_article_number: `ART-${index}`, theoretical_price_per_package: '12.50' },
      quantity_ordered: index % 50,
      total_theoretical_price: `${index}.25`,
      weight_kg: index / 7,
    });
  }
  return JSON.stringify(order);
}

console.log(`Node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}`);
console.log('');
console.log('Apicbase signature verification (worst case: a compact body, so the raw-body HMAC misses');
console.log('and the Python re-serialisation is computed and signed):');
const body = apicbaseOrder(1024 * 1024);
const secret = 'bench-secret';
const signature = createHmac('sha256', secret).update(pythonJsonDumps(body)).digest('hex');
if (!verifyApicbaseSignature(body, signature, secret).ok) throw new Error('the bench delivery must verify');
const parseMs = time(() => JSON.parse(body));
row(`verify a ${(body.length / 1024 / 1024).toFixed(2)} MB delivery`, time(() => verifyApicbaseSignature(body, signature, secret)), 'JSON.parse', parseMs);
row('  of which: Python re-serialisation', time(() => pythonJsonDumps(body)), 'JSON.parse', parseMs);
