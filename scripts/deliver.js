// Plays one webhook delivery through a hook trigger's real perform, as Zapier would, and prints
// the records a Zap would receive. `zapier-platform invoke` cannot send a hook a body; this can.
//   npm run deliver -- <trigger_key> <body.json> [--auth field=value ...] [--env file] [--key key1] [Header-Name:value ...]
// The connection's fields come from `.env` (`authData_<field>=` lines, as `zapier-platform invoke`
// reads them; `--env` names another file) and `--auth` flags, which win. A ZORT hook needs the key
// its delivery carries (`--key`): the Zap is taken to have saved that key when it subscribed,
// unless `--saved-key` says otherwise; `--url` is the Zap's URL, which a key changed since subscribe
// needs (ZORT must still send the event there). Every failure is one line, never a stack trace.
// (npm sets NODE_ENV=test so zapier-platform-core skips the memory log line it prints on Lambda.)
const { readFileSync } = require('node:fs');

const USAGE =
  'Usage: npm run deliver -- <trigger_key> <body.json> [--auth field=value ...] [--env file] [--key key1] [--saved-key key1] [--url zap_url] [Header-Name:value ...]';

class UsageError extends Error {}

const hookTriggers = (app) =>
  Object.values(app.triggers)
    .filter((trigger) => trigger.operation.type === 'hook' && !trigger.display.hidden)
    .map((trigger) => trigger.key);

/** A header's name as perform reads it: any case, with or without Zapier's `Http-` prefix. */
const headerKey = (name) => name.toLowerCase().replace(/^http-/, '');

/** Sets a header as Zapier hands it over (`Http-` and the name), replacing one of the same name in any case. */
function setHeader(headers, name, value) {
  for (const existing of Object.keys(headers)) if (headerKey(existing) === headerKey(name)) delete headers[existing];
  headers[`Http-${name.replace(/^http-/i, '')}`] = value;
}

/** Why a file cannot be read, in one line. */
function cannotRead(path, what, error) {
  const reason =
    error.code === 'ENOENT'
      ? 'there is no such file'
      : error.code === 'EISDIR'
        ? 'it is a folder'
        : (error.code ?? error.message);
  return new UsageError(`Cannot read ${what} ${path}: ${reason}.`);
}

/** A dotenv file as `zapier-platform invoke` reads it: `authData_<field>=` lines are the connection, the rest environment. */
function parseEnvFile(text) {
  const authData = {};
  const env = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim().replace(/^export\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const name = line.slice(0, equals).trim();
    let value = line.slice(equals + 1).trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    if (name.startsWith('authData_')) authData[name.slice('authData_'.length)] = value;
    else env[name] = value;
  }
  return { authData, env };
}

function parseArgs(argv) {
  const positional = [];
  const auth = {};
  const headers = {};
  const options = { envFile: null, key: null, savedKey: null, url: null };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    const value = () => {
      const next = argv[index + 1];
      if (next === undefined) throw new UsageError(`${arg} needs a value. ${USAGE}`);
      index += 1;
      return next;
    };
    if (arg === '--auth') {
      const pair = value();
      const equals = pair.indexOf('=');
      if (equals <= 0)
        throw new UsageError(
          `--auth takes field=value, such as --auth zort_store_name=mystore, not ${JSON.stringify(pair)}.`,
        );
      auth[pair.slice(0, equals)] = pair.slice(equals + 1);
    } else if (arg === '--env') options.envFile = value();
    else if (arg === '--key') options.key = value();
    else if (arg === '--saved-key') options.savedKey = value();
    else if (arg === '--url') options.url = value();
    else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}. ${USAGE}`);
    else if (positional.length < 2) positional.push(arg);
    else {
      const colon = arg.indexOf(':');
      if (colon <= 0) throw new UsageError(`A header is Header-Name:value, not ${JSON.stringify(arg)}.`);
      headers[arg.slice(0, colon).trim()] = arg.slice(colon + 1).trim();
    }
  }
  const [triggerKey, bodyPath] = positional;
  return { triggerKey, bodyPath, auth, headers, ...options };
}

/** A failure as a Zap's history would show it: its class and first sentence, never JSON or a stack. */
function oneLine(error) {
  let message = String(error?.message ?? error).split('\nWhat happened:')[0];
  try {
    const parsed = JSON.parse(message);
    if (parsed && typeof parsed.message === 'string') message = parsed.message;
  } catch {
    // not JSON: the message as it is
  }
  const name = error?.name === 'AppError' ? 'Error' : (error?.name ?? 'Error');
  return `${name}: ${message.replace(/\s*\n\s*/g, ' ').trim()}`;
}

/**
 * Plays the delivery and returns what to print: `out` (the records as JSON) or `err` (one line),
 * and the exit code. `deps.app` is the app definition, `deps.zortMethods` the method of each ZORT
 * hook, `deps.readFile` reads a file as text, `deps.env` receives a `.env` file's other variables.
 */
async function deliver(argv, deps) {
  const {
    app,
    zortMethods,
    readFile = (path) => readFileSync(path, 'utf8'),
    env = process.env,
    createAppTester,
  } = deps;
  const hooks = hookTriggers(app);
  try {
    const args = parseArgs(argv);
    if (!args.triggerKey || !args.bodyPath) throw new UsageError(`${USAGE}\nHook triggers: ${hooks.join(', ')}`);
    const trigger = app.triggers[args.triggerKey];
    if (!trigger || !hooks.includes(args.triggerKey)) {
      const what = trigger
        ? `${args.triggerKey} is a polling trigger: Zapier polls it, nothing delivers to it`
        : `There is no hook trigger ${args.triggerKey}`;
      throw new UsageError(`${what}. Play a delivery through one of the hook triggers: ${hooks.join(', ')}.`);
    }
    const method = zortMethods[args.triggerKey];
    if (method !== undefined && args.key === null) {
      throw new UsageError(
        `${args.triggerKey} checks the key ZORT sends with each delivery (the webhook key1): give it with --key <key1>.`,
      );
    }

    let authData = {};
    const envFile = args.envFile ?? '.env';
    let envText = null;
    try {
      envText = readFile(envFile);
    } catch (error) {
      // Without --env, no .env file simply means no saved connection, as for zapier-platform invoke.
      if (args.envFile !== null || error.code !== 'ENOENT') throw cannotRead(envFile, 'the connection file', error);
    }
    if (envText !== null) {
      const parsed = parseEnvFile(envText);
      authData = parsed.authData;
      for (const [name, value] of Object.entries(parsed.env)) if (env[name] === undefined) env[name] = value;
    }
    authData = { ...authData, ...args.auth };

    let content;
    try {
      content = readFile(args.bodyPath);
    } catch (error) {
      throw cannotRead(args.bodyPath, 'the delivery body', error);
    }
    const headers = { 'Http-Content-Type': 'application/json' };
    let querystring = '';
    let subscribeData;
    if (method !== undefined) {
      querystring = `method=${method}`;
      headers['Http-Authorization'] = `Basic ${args.key}`;
      headers['Http-Key1'] = args.key;
      subscribeData = { key1: args.savedKey ?? args.key, ...(args.url === null ? {} : { url: args.url }) };
    }
    for (const [name, value] of Object.entries(args.headers)) setHeader(headers, name, value);
    let cleanedRequest = {};
    try {
      cleanedRequest = JSON.parse(content);
    } catch {
      // perform reports a body that is not JSON itself
    }
    const records = await createAppTester(app)(trigger.operation.perform, {
      authData,
      inputData: {},
      meta: { isLoadingSample: false, page: 0, limit: -1 },
      ...(subscribeData ? { subscribeData } : {}),
      rawRequest: { method: 'POST', querystring, headers, content },
      cleanedRequest,
    });
    return { code: 0, out: JSON.stringify(records, null, 2), err: null };
  } catch (error) {
    return {
      code: error instanceof UsageError ? 2 : 1,
      out: null,
      err: error instanceof UsageError ? error.message : oneLine(error),
    };
  }
}

module.exports = { deliver, parseEnvFile };

if (require.main === module) {
  // Loaded here, not above: a broken build is then one line too.
  let deps;
  try {
    deps = {
      app: require('../index.js'),
      zortMethods: require('../dist/vendors/zort/hooks').ZORT_HOOK_METHODS,
      createAppTester: require('zapier-platform-core').createAppTester,
    };
  } catch (error) {
    console.error(`Cannot load the app from dist/ (${oneLine(error)}): run npm run build.`);
    process.exit(1);
  }
  deliver(process.argv.slice(2), deps).then(({ code, out, err }) => {
    if (out !== null) console.log(out);
    if (err !== null) console.error(err);
    process.exit(code);
  });
}
