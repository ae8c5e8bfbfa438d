// Plays one webhook delivery through a hook trigger's real perform, as Zapier would, and prints
// the records a Zap would receive. `zapier-platform invoke` cannot send a hook a body; this can.
//   npm run deliver -- <trigger_key> <body.json> [Header-Name:value ...]
// (npm sets NODE_ENV=test so zapier-platform-core skips the memory log line it prints on Lambda.)
const { readFileSync } = require('node:fs');
const { createAppTester } = require('zapier-platform-core');
const app = require('../index.js');

const [triggerKey, bodyPath, ...headerArgs] = process.argv.slice(2);
const trigger = triggerKey && app.triggers[triggerKey];
if (!trigger || !bodyPath) {
  console.error('Usage: npm run deliver -- <trigger_key> <body.json> [Header-Name:value ...]');
  console.error(`Hook triggers: ${Object.keys(app.triggers).join(', ')}`);
  process.exit(2);
}

const content = readFileSync(bodyPath, 'utf8');
const headers = { 'Http-Content-Type': 'application/json' };
for (const arg of headerArgs) {
  const colon = arg.indexOf(':');
  if (colon > 0) headers[`Http-${arg.slice(0, colon).trim()}`] = arg.slice(colon + 1).trim();
}
let cleanedRequest = {};
try {
  cleanedRequest = JSON.parse(content);
} catch {
  // perform reports a body that is not JSON itself
}

createAppTester(app)(trigger.operation.perform, {
  authData: {},
  inputData: {},
  meta: { isLoadingSample: false, page: 0, limit: -1 },
  rawRequest: { method: 'POST', querystring: '', headers, content },
  cleanedRequest,
}).then(
  (records) => console.log(JSON.stringify(records, null, 2)),
  (error) => {
    console.error(`${error.name}: ${error.message.split('\nWhat happened:')[0]}`);
    process.exit(1);
  },
);
