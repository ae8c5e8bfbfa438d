// Zapier's integration checks that the app definition alone can decide, run offline on the built
// app (dist/, through the root index.js). The rules and their wording are Zapier's:
// docs.zapier.com/platform/publish/integration-checks-reference. Each rule returns how many
// things it checked, what failed and what it could not decide offline (skipped).
const { resolve } = require('node:path');

/**
 * Static hooks (no subscribe/unsubscribe) that may stay (D017): where the vendor has no API to
 * subscribe with, or where a polling twin gives public users the same records. A twin must be a
 * trigger of the app that is not itself a static hook.
 */
const STATIC_HOOK_EXCEPTIONS = {
  apo_purchase_order_created: { reason: 'no vendor API' },
  apo_purchase_order_updated: { reason: 'no vendor API' },
  apo_purchase_order_completed: { reason: 'no vendor API' },
  apicbase_new_purchase_order: { twin: 'apicbase_new_purchase_order_polling' },
};

/**
 * Auth fields that take a domain (D026), each with the function that turns what a user pastes
 * into the host the app calls, or null. Paths are under dist/.
 */
const DOMAIN_FIELD_VALIDATORS = {
  shopify_store_domain: { module: 'vendors/shopify/client', name: 'normaliseShopifyDomain' },
};

/** Values a domain validator must refuse: they would send a user's credentials elsewhere. */
const HOSTILE_DOMAINS = [
  'evil.example',
  'shop.myshopify.com.evil.example',
  'shop.myshopify.com@evil.example',
  'evil.example/shop.myshopify.com',
];

const KINDS = ['triggers', 'searches', 'creates'];

/** Every trigger, search and create as { where, kind, item }. */
const operations = (app) =>
  KINDS.flatMap((kind) =>
    Object.entries(app[kind] || {}).map(([key, item]) => ({ where: `${kind}.${key}`, kind, item })),
  );

const isStaticHook = (item) =>
  item.operation?.type === 'hook' && !(item.operation.performSubscribe && item.operation.performUnsubscribe);

/** Every user-facing markdown text: descriptions, directions, help texts. */
function markdownTexts(app) {
  const texts = (app.authentication?.fields || []).map((field, i) => ({
    where: `authentication.fields[${i}].helpText`,
    text: field.helpText,
  }));
  for (const { where, item } of operations(app)) {
    texts.push({ where: `${where}.display.description`, text: item.display?.description });
    texts.push({ where: `${where}.display.directions`, text: item.display?.directions });
    for (const field of inputFieldsOf(item))
      texts.push({ where: `${where} input ${field.key} helpText`, text: field.helpText });
  }
  return texts.filter(({ text }) => typeof text === 'string');
}

// Input fields given as functions (dynamic fields) cannot be read offline.
const inputFieldsOf = (item) =>
  Array.isArray(item.operation?.inputFields) ? item.operation.inputFields.filter((f) => typeof f === 'object') : [];

/** Every string in a value, with its path. */
function strings(value, path, out = []) {
  if (typeof value === 'string') out.push({ where: path, text: value });
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) strings(inner, `${path}.${key}`, out);
  return out;
}

/** Every string of the definition (functions are code, not definition). */
const definitionStrings = (app) => strings(JSON.parse(JSON.stringify(app)), 'app');

const MARKDOWN_LINK = /\[[^\]\n]+\]\(([^)\s]+)\)/;
const MARKDOWN_LINKS = new RegExp(MARKDOWN_LINK.source, 'g');
const CODE_SPANS = /`[^`\n]*`/g;
const HTTP_URL = /\bhttps?:\/\/[^\s)`'"]+/i;
const HTTP_URLS = new RegExp(HTTP_URL.source, 'gi');
const DANGEROUS_SCHEME = /^\s*(javascript|vbscript|data):/i;

/** The sample's value at an output field key: `a__b` is `a.b`. */
const valueAt = (record, key) =>
  key.split('__').reduce((value, part) => (value == null ? undefined : value[part]), record);

const TYPE_CHECKS = {
  string: (v) => typeof v === 'string',
  text: (v) => typeof v === 'string',
  datetime: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
};

/** D024/Z001: required fields present, values of their declared type. Null counts as absent. */
function outputFieldProblems(record, fields, path = '') {
  const problems = [];
  for (const field of fields || []) {
    const value = valueAt(record, field.key);
    const name = `${path}${field.key}`;
    if (value == null) {
      if (field.required) problems.push(`${name} is required but missing`);
    } else if (field.children) {
      if (!Array.isArray(value)) problems.push(`${name} has children but is not a list`);
      else value.forEach((child, i) => problems.push(...outputFieldProblems(child, field.children, `${name}[${i}].`)));
    } else if (field.type && TYPE_CHECKS[field.type] && !TYPE_CHECKS[field.type](value)) {
      problems.push(`${name} should be ${field.type}, is ${JSON.stringify(value)}`);
    }
  }
  return problems;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
// Values that read as a date or a time; the whole value only, so an id with a timestamp inside
// it is not one.
const LOOKS_LIKE_DATE = [
  /^\d{4}([-/.])\d{1,2}\1\d{1,2}([ T]\d{1,2}:\d{2}.*)?$/,
  /^\d{1,2}([-/.])\d{1,2}\1\d{2,4}([ T]\d{1,2}:\d{2}.*)?$/,
  /^\d{1,2} [A-Za-z]{3,9},? \d{4}( \d{1,2}:\d{2}.*)?$/,
  /^[A-Za-z]{3,9} \d{1,2},? \d{4}( \d{1,2}:\d{2}.*)?$/,
];
const isIsoDateOrTime = (text) => ISO_DATE.test(text) || ISO_DATE_TIME_WITH_ZONE.test(text);

/** The keys of output fields typed datetime, line items' children as `parent__child`. */
const datetimeKeys = (fields, prefix = '') =>
  (fields || []).flatMap((f) =>
    f.children ? datetimeKeys(f.children, `${prefix}${f.key}__`) : f.type === 'datetime' ? [`${prefix}${f.key}`] : [],
  );

/** One of Zapier's small words, lower case inside a title ("New Purchase Order in ZORT"). */
const SMALL_WORDS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'but',
  'by',
  'for',
  'from',
  'in',
  'of',
  'on',
  'or',
  'the',
  'to',
  'via',
  'vs',
  'with',
]);
function isTitleCase(label) {
  const words = label.trim().split(/\s+/);
  return words.every((word, i) => /^[^a-z]/.test(word) || (i > 0 && i < words.length - 1 && SMALL_WORDS.has(word)));
}

const SENSITIVE = /password|secret|token|api_?key/i;
const CREDENTIAL_FIELD = /key|secret|token|client_id|password/i;
const DOMAIN_FIELD = /domain|url|host/i;
const normalised = (text) =>
  String(text)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** A stand-in for `z` that refuses to reach the network: Z001 runs performList only offline. */
class NeedsNetwork extends Error {}
const offlineZ = {
  request: () => {
    throw new NeedsNetwork();
  },
  console: { log: () => undefined },
  JSON,
};

/**
 * The rules. `level` is Zapier's wording: "strongly encouraged" or "recommended" rules warn,
 * the rest fail the run. `check(app, context)` returns { checked, failures, skipped? }.
 */
const RULES = [
  {
    id: 'D002',
    what: 'credential auth fields link to where to find them',
    level: 'warning',
    check(app) {
      const fields = (app.authentication?.fields || []).filter(
        (f) => f.type === 'password' || CREDENTIAL_FIELD.test(f.key),
      );
      const failures = fields
        .filter((f) => !MARKDOWN_LINK.test(f.helpText || ''))
        .map((f) => `${f.key}: its help text has no markdown link`);
      return { checked: fields.length, failures };
    },
  },
  {
    id: 'D003',
    what: 'the connection label names data, never a secret',
    level: 'error',
    check(app) {
      const label = app.authentication?.connectionLabel;
      if (label === undefined) return { checked: 0, failures: [] };
      if (typeof label !== 'string')
        return {
          checked: 0,
          failures: [],
          skipped: ['the connection label is code: what it returns is decided at run time'],
        };
      const passwords = (app.authentication.fields || []).filter((f) => f.type === 'password').map((f) => f.key);
      const names = [...label.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].map((m) => m[1]);
      const failures = [];
      if (names.length === 0)
        failures.push(`${JSON.stringify(label)} is fixed text: it cannot tell two connections apart`);
      for (const name of names) {
        const last = name.split('.').pop();
        if (SENSITIVE.test(name) || passwords.includes(last)) failures.push(`{{${name}}} is sensitive`);
      }
      if (SENSITIVE.test(label.replace(/\{\{[^}]*\}\}/g, '')))
        failures.push(`${JSON.stringify(label)} mentions a secret`);
      return { checked: 1, failures };
    },
  },
  {
    id: 'D006',
    what: 'REST hook triggers have a performList',
    level: 'error',
    check(app) {
      const hooks = operations(app).filter(({ item }) => item.operation?.type === 'hook');
      const failures = hooks
        .filter(({ item }) => !item.operation.performList)
        .map(({ where }) => `${where} has no performList`);
      return { checked: hooks.length, failures };
    },
  },
  {
    id: 'D007',
    what: 'URLs are HTTPS (definition texts, samples, API base URLs)',
    level: 'warning',
    check(app, context) {
      const urls = [
        ...definitionStrings(app),
        ...context.apiBaseUrls.map((url, i) => ({ where: `api base URL ${i}`, text: url })),
      ].flatMap(({ where, text }) => (text.match(HTTP_URLS) || []).map((url) => ({ where, url })));
      const failures = urls.filter(({ url }) => !/^https:/i.test(url)).map(({ where, url }) => `${where}: ${url}`);
      return { checked: urls.length, failures };
    },
  },
  {
    id: 'D008',
    what: 'markdown links in descriptions and help texts are well formed',
    level: 'error',
    check(app) {
      const texts = markdownTexts(app);
      const failures = [];
      for (const { where, text } of texts) {
        const rest = text.replace(CODE_SPANS, '').replace(MARKDOWN_LINKS, '');
        if (HTTP_URL.test(rest)) failures.push(`${where}: a bare URL (link it, or put it in backticks)`);
        else if (/\]\(/.test(rest)) failures.push(`${where}: a broken markdown link`);
      }
      return { checked: texts.length, failures };
    },
  },
  {
    id: 'D009',
    what: 'searches have at least one search field',
    level: 'error',
    check(app) {
      const searches = operations(app).filter(({ kind }) => kind === 'searches');
      const failures = searches
        .filter(({ item }) => (item.operation?.inputFields || []).length === 0)
        .map(({ where }) => `${where} has no input field`);
      return { checked: searches.length, failures };
    },
  },
  {
    id: 'D010',
    what: "polling triggers' static samples hold their primary key (id)",
    level: 'error',
    check(app) {
      const polls = operations(app).filter(({ kind, item }) => kind === 'triggers' && item.operation?.type !== 'hook');
      const failures = [];
      for (const { where, item } of polls) {
        const primary = (item.operation.outputFields || []).filter((f) => f.primary).map((f) => f.key);
        for (const key of primary.length > 0 ? primary : ['id']) {
          if (valueAt(item.operation.sample || {}, key) == null) failures.push(`${where}: the sample has no ${key}`);
        }
      }
      return { checked: polls.length, failures };
    },
  },
  {
    id: 'D011',
    what: 'help texts say more than their labels',
    level: 'error',
    check(app) {
      const fields = [
        ...(app.authentication?.fields || []).map((f) => ({ where: 'authentication', field: f })),
        ...operations(app).flatMap(({ where, item }) => inputFieldsOf(item).map((field) => ({ where, field }))),
      ].filter(({ field }) => field.helpText);
      const failures = fields
        .filter(({ field }) => normalised(field.helpText) === normalised(field.label))
        .map(({ where, field }) => `${where} ${field.key}: help text repeats the label`);
      return { checked: fields.length, failures };
    },
  },
  {
    id: 'D012',
    what: 'every trigger, search and create has a static sample',
    level: 'error',
    check(app) {
      const all = operations(app);
      const failures = all
        .filter(
          ({ item }) =>
            !item.operation?.sample ||
            typeof item.operation.sample !== 'object' ||
            Object.keys(item.operation.sample).length === 0,
        )
        .map(({ where }) => `${where} has no static sample`);
      return { checked: all.length, failures };
    },
  },
  {
    id: 'D016',
    what: 'the app is more than static hooks',
    level: 'error',
    check(app) {
      const all = operations(app);
      const onlyStatic = all.length > 0 && all.every(({ item }) => isStaticHook(item));
      return {
        checked: 1,
        failures: onlyStatic ? ['every trigger is a static hook: Webhooks by Zapier already does that'] : [],
      };
    },
  },
  {
    id: 'D017',
    what: 'static hooks only where allowed (no vendor API, or a polling twin)',
    level: 'error',
    check(app, context) {
      const exceptions = context.staticHookExceptions;
      const hooks = operations(app).filter(({ item }) => isStaticHook(item));
      const failures = [];
      for (const { where, item } of hooks) {
        const exception = exceptions[item.key];
        if (!exception) failures.push(`${where} is a static hook: not allowed in a public integration`);
        else if (exception.twin) {
          const twin = app.triggers?.[exception.twin];
          if (!twin)
            failures.push(`${where} is allowed by its polling twin ${exception.twin}, which is not in the app`);
          else if (isStaticHook(twin)) failures.push(`${where}'s twin ${exception.twin} is a static hook too`);
        } else if (!exception.reason) failures.push(`${where}: its exception gives neither a reason nor a twin`);
      }
      for (const key of Object.keys(exceptions)) {
        if (!hooks.some(({ item }) => item.key === key))
          failures.push(`${key} is allowed as a static hook but is not one in the app`);
      }
      return { checked: hooks.length, failures };
    },
  },
  {
    id: 'D018',
    what: 'labels are in title case',
    level: 'error',
    check(app) {
      const all = operations(app);
      const failures = all
        .filter(({ item }) => !isTitleCase(item.display?.label || ''))
        .map(({ where, item }) => `${where}: ${JSON.stringify(item.display?.label)}`);
      return { checked: all.length, failures };
    },
  },
  {
    id: 'D021',
    what: 'trigger descriptions start "Triggers when " and end with "."',
    level: 'error',
    check(app) {
      const triggers = operations(app).filter(({ kind }) => kind === 'triggers');
      const failures = triggers
        .filter(({ item }) => !/^Triggers when .*\.$/s.test(item.display?.description || ''))
        .map(({ where, item }) => `${where}: ${JSON.stringify(item.display?.description)}`);
      return { checked: triggers.length, failures };
    },
  },
  {
    id: 'D023',
    what: 'dates in static samples are ISO-8601, times with a zone',
    level: 'error',
    check(app) {
      const failures = [];
      const skipped = [];
      let checked = 0;
      for (const { where, item } of operations(app)) {
        const sample = item.operation?.sample || {};
        const typed = datetimeKeys(item.operation?.outputFields);
        for (const { where: path, text } of strings(sample, `${where}.sample`)) {
          // "line_items.0.received_at" is the output field "line_items__received_at".
          const key = path
            .slice(`${where}.sample.`.length)
            .split('.')
            .filter((part) => !/^\d+$/.test(part))
            .join('__');
          if (!typed.includes(key) && !LOOKS_LIKE_DATE.some((pattern) => pattern.test(text.trim()))) continue;
          if (isIsoDateOrTime(text)) {
            checked += 1;
          } else if (key.startsWith('vendor_fields__')) {
            // The contract keeps a vendor's merchant-format date as text in vendor_fields (Stocky's
            // "09/02/2021 00:23", day or month first): reported, not failed; Zapier may still flag it.
            skipped.push(`${path}: ${JSON.stringify(text)} is the vendor's own text (contract section 3)`);
          } else {
            checked += 1;
            failures.push(`${path}: ${JSON.stringify(text)}`);
          }
        }
      }
      return { checked, failures, skipped };
    },
  },
  {
    id: 'D024',
    what: 'static samples respect their output fields',
    level: 'error',
    check(app) {
      const all = operations(app).filter(({ item }) => item.operation?.outputFields);
      const failures = all.flatMap(({ where, item }) =>
        outputFieldProblems(item.operation.sample || {}, item.operation.outputFields).map(
          (problem) => `${where}: ${problem}`,
        ),
      );
      return { checked: all.length, failures };
    },
  },
  {
    id: 'D025',
    what: 'no javascript:, vbscript: or data: URIs (every definition string and link)',
    level: 'error',
    check(app, context) {
      const candidates = [
        ...definitionStrings(app),
        ...context.apiBaseUrls.map((text, i) => ({ where: `api base URL ${i}`, text })),
      ].flatMap(({ where, text }) =>
        [text, ...[...text.matchAll(MARKDOWN_LINKS)].map((m) => m[1])].map((uri) => ({ where, uri })),
      );
      const failures = candidates
        .filter(({ uri }) => DANGEROUS_SCHEME.test(uri))
        .map(({ where, uri }) => `${where}: ${uri}`);
      return { checked: candidates.length, failures };
    },
  },
  {
    id: 'D026',
    what: 'auth fields that take a domain are validated',
    level: 'warning',
    check(app, context) {
      const fields = (app.authentication?.fields || []).filter(
        (f) => f.inputFormat || DOMAIN_FIELD.test(f.key) || DOMAIN_FIELD.test(f.label || ''),
      );
      const failures = [];
      for (const field of fields) {
        const validate = context.domainValidators[field.key];
        if (!validate) {
          failures.push(`${field.key} takes a domain and names no validator`);
          continue;
        }
        for (const hostile of HOSTILE_DOMAINS)
          if (validate(hostile) != null) failures.push(`${field.key} accepts ${JSON.stringify(hostile)}`);
      }
      return { checked: fields.length, failures };
    },
  },
  {
    id: 'Z001',
    what: "hook triggers' polling samples (performList, offline) respect their output fields",
    level: 'error',
    async check(app) {
      const hooks = operations(app).filter(({ item }) => item.operation?.type === 'hook' && item.operation.performList);
      const failures = [];
      const skipped = [];
      for (const { where, item } of hooks) {
        let records;
        try {
          records = await item.operation.performList(offlineZ, {
            authData: {},
            inputData: {},
            meta: { isLoadingSample: true },
          });
        } catch (error) {
          if (!(error instanceof NeedsNetwork)) throw error;
          skipped.push(`${where}: its performList reads the vendor's API`);
          continue;
        }
        for (const record of records)
          failures.push(...outputFieldProblems(record, item.operation.outputFields).map((p) => `${where}: ${p}`));
      }
      return { checked: hooks.length - skipped.length, failures, skipped };
    },
  },
];

/** Zapier's other checks, and why this script cannot decide them. */
const NOT_DECIDABLE_OFFLINE = [
  "A001, S001-S003, T001-T006, U001: need Zapier's servers, connected accounts, live Zaps or the developer account",
  "C001-C003, E001, L001-L004, M001-M007: compare with the public version, or read the integration's settings on Zapier",
  "D027: needs the npm registry's latest zapier-platform-core",
  "D001, D004, D005, D013-D015, D022, D028: definition checks outside issue 12's list, not run here",
  "Z001 for a performList that calls the vendor: needs the vendor's API (listed per trigger above)",
];

async function runChecks(app, context) {
  const results = [];
  for (const rule of RULES) results.push({ rule, ...(await rule.check(app, context)) });
  return results;
}

function loadContext(dist) {
  const { VENDORS } = require(resolve(dist, 'vendors'));
  const domainValidators = Object.fromEntries(
    Object.entries(DOMAIN_FIELD_VALIDATORS).map(([key, { module, name }]) => [
      key,
      require(resolve(dist, module))[name],
    ]),
  );
  return {
    staticHookExceptions: STATIC_HOOK_EXCEPTIONS,
    domainValidators,
    // A base URL built from the connection (a Shopify shop's host) is no fixed text to check.
    apiBaseUrls: VENDORS.flatMap((vendor) =>
      typeof vendor.api?.defaultBaseUrl === 'string' ? [vendor.api.defaultBaseUrl] : [],
    ),
  };
}

async function main() {
  const root = resolve(__dirname, '..');
  const app = require(resolve(root, 'index.js'));
  const results = await runChecks(app, loadContext(resolve(root, 'dist')));
  // --quiet (npm test): only the rules that do not pass, then the verdict.
  const quiet = process.argv.includes('--quiet');
  let errors = 0;
  let warnings = 0;
  for (const { rule, checked, failures, skipped = [] } of results) {
    const status = failures.length === 0 ? 'pass' : rule.level === 'warning' ? 'warn' : 'FAIL';
    if (status === 'FAIL') errors += 1;
    if (status === 'warn') warnings += 1;
    if (quiet && status === 'pass') continue;
    const skips = skipped.length > 0 ? `, ${skipped.length} skipped` : '';
    console.log(`${rule.id}  ${status.padEnd(4)}  ${checked} checked, ${failures.length} failed${skips}  ${rule.what}`);
    for (const failure of failures) console.log(`        ${failure}`);
    for (const skip of skipped) console.log(`        skipped: ${skip}`);
  }
  if (!quiet) {
    console.log('Not checked here:');
    for (const line of NOT_DECIDABLE_OFFLINE) console.log(`  ${line}`);
  }
  const passed = results.length - errors - warnings;
  console.log(
    `publishing checks: ${passed} of ${results.length} rules pass${warnings > 0 ? `, ${warnings} only warn` : ''}${errors > 0 ? `, ${errors} fail` : ''}.`,
  );
  if (errors > 0) process.exitCode = 1;
}

module.exports = { RULES, STATIC_HOOK_EXCEPTIONS };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
