import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../src';
import { errorDetails } from '../helpers/zapier';
import { connectionLabel } from '../../src/surface/authentication';

const appTester = createAppTester(app);
const test = (authData: Record<string, string>) => appTester(app.authentication.test, { authData } as Partial<Bundle>);

const ZORT = { zort_store_name: 'mystore', zort_api_key: 'zort-key', zort_api_secret: 'zort-secret' };
const APICBASE = { apicbase_webhook_secret: 'apic-secret' };
const APICBASE_API = { apicbase_client_id: 'apic-id', apicbase_client_secret: 'apic-client-secret' };

function zortAnswers(status: number, headers: Record<string, string> = {}) {
  return nock('https://open-api.zortout.com', {
    reqheaders: { storename: 'mystore', apikey: 'zort-key', apisecret: 'zort-secret' },
    badheaders: ['Store-Name', 'Authorization'],
  })
    .get('/v4/Webhook/GetWebhook')
    .reply(status, { resCode: '200', key1: 'k' }, headers);
}

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected the connection test to fail');
    },
    (reason: unknown) => reason as Error,
  );
  return { name: error.name, ...errorDetails(error) };
}

describe('the connection test', () => {
  it('checks ZORT alone through GetWebhook', async () => {
    zortAnswers(200);
    expect(await test(ZORT)).toEqual({ connection_label: 'ZORT: mystore', groups: ['ZORT'] });
  });

  it('accepts an Apicbase secret alone without calling anything', async () => {
    expect(await test(APICBASE)).toEqual({ connection_label: 'Apicbase webhook', groups: ['Apicbase webhook'] });
  });

  it('checks every filled group', async () => {
    zortAnswers(200);
    expect(await test({ ...ZORT, ...APICBASE })).toEqual({
      connection_label: 'ZORT: mystore · Apicbase webhook',
      groups: ['ZORT', 'Apicbase webhook'],
    });
  });

  it('accepts a connection with nothing filled in: Auto Purchase Orders needs no credentials', async () => {
    expect(await test({})).toEqual({ connection_label: 'Auto Purchase Orders', groups: [] });
    expect(await test({ shopify_store_domain: '  ', zort_api_key: '' })).toEqual({
      connection_label: 'Auto Purchase Orders',
      groups: [],
    });
  });

  it('names the empty fields of a half-filled group', async () => {
    const error = await rejection(test({ ...APICBASE, zort_store_name: 'mystore' }));
    expect(error.message).toMatch(
      /^ZORT needs the Store Name, API Key and API Secret: API Key and API Secret are empty\. Fill them in, or clear the other ZORT fields\.$/,
    );
  });

  it('says which group was refused on a 401, and where to get new credentials', async () => {
    zortAnswers(401);
    const error = await rejection(test({ ...ZORT, ...APICBASE }));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(/^ZORT refused the connection's Store Name, API Key and API Secret/);
  });

  it('says ZORT does not allow it on a 403, without expiring the connection', async () => {
    zortAnswers(403);
    const error = await rejection(test({ ...ZORT, ...APICBASE }));
    expect(error.name).toBe('AppError');
    expect(error.message).toMatch(
      /^ZORT answered HTTP 403 to \/v4\/Webhook\/GetWebhook: the connected ZORT account is not allowed to do this\. Check in ZORT \(Setting > Integration > API Reference\)/,
    );
  });

  it('reports a ZORT error code sent with HTTP 200', async () => {
    nock('https://open-api.zortout.com', {
      reqheaders: { storename: 'mystore', apikey: 'zort-key', apisecret: 'zort-secret' },
    })
      .get('/v4/Webhook/GetWebhook')
      .reply(200, { res: { resCode: '401', resDesc: 'Invalid apikey or apisecret' } });
    const error = await rejection(test(ZORT));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(
      /^ZORT refused the connection's Store Name, API Key and API Secret \(resCode 401: "Invalid apikey or apisecret"\)\. In ZORT, open Setting > Integration > API Reference/,
    );
  });

  it('checks the Apicbase API group by minting a token, and names both Apicbase groups', async () => {
    const token = nock('https://api.apicbase.com')
      .post(
        '/oauth/token/',
        'grant_type=client_credentials&client_id=apic-id&client_secret=apic-client-secret&scope=supplier',
      )
      .reply(200, { access_token: 'apic-token', token_type: 'Bearer', expires_in: 604800, scope: 'supplier' });
    expect(await test({ ...APICBASE, ...APICBASE_API })).toEqual({
      connection_label: 'Apicbase webhook · Apicbase API',
      groups: ['Apicbase webhook', 'Apicbase API'],
    });
    expect(token.isDone()).toBe(true);
  });

  it('says Apicbase refused its client credentials, naming the fields and never the secret', async () => {
    nock('https://api.apicbase.com').post('/oauth/token/').reply(401, { error: 'invalid_client' });
    const error = await rejection(test(APICBASE_API));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message.split('\n')[0]).toBe(
      "Apicbase refused the connection's Apicbase Client ID and Apicbase Client Secret (HTTP 401: invalid_client). Ask Apicbase's integrations team for your supplier API credentials (scope supplier), then reconnect with them.",
    );
    expect(JSON.stringify(error)).not.toContain('apic-client-secret');
  });

  it('names the empty field of a half-filled Apicbase API group', async () => {
    const error = await rejection(test({ apicbase_client_id: 'apic-id' }));
    expect(error.message).toBe(
      'Apicbase API needs the Client ID and Client Secret: Client Secret is empty. Fill it in, or clear the other Apicbase API fields.',
    );
  });

  it('turns a vendor 5xx into a throttled retry that honours Retry-After', async () => {
    zortAnswers(503, { 'Retry-After': '120' });
    const error = await rejection(test(ZORT));
    expect(error.name).toBe('ThrottledError');
    expect(error.message).toMatch(/^ZORT answered HTTP 503, a problem on its side; Zapier will try again shortly\./);
    expect(error.delay).toBe(120);
  });

  it('lets Zapier throttle a 429 with its Retry-After', async () => {
    zortAnswers(429, { 'Retry-After': '30' });
    const error = await rejection(test(ZORT));
    expect(error.name).toBe('ThrottledError');
    expect(error.delay).toBe(30);
  });
});

describe('the connection label', () => {
  it('names only complete groups', () => {
    expect(connectionLabel({ ...APICBASE, zort_store_name: 'half' })).toBe('Apicbase webhook');
  });

  it('is rendered from what the test returned', () => {
    expect(app.authentication.connectionLabel).toBe('{{bundle.inputData.connection_label}}');
  });
});

describe('the connection fields', () => {
  it('are exactly the contract fields, all optional, secrets as passwords, each with help', () => {
    expect(app.authentication.fields.map((field) => [field.key, field.type, field.required])).toEqual([
      ['connection_guide', 'copy', false],
      ['shopify_store_domain', 'string', false],
      ['shopify_client_id', 'string', false],
      ['shopify_client_secret', 'password', false],
      ['shopify_access_token', 'password', false],
      ['zort_store_name', 'string', false],
      ['zort_api_key', 'string', false],
      ['zort_api_secret', 'password', false],
      ['apicbase_webhook_secret', 'password', false],
      ['apicbase_client_id', 'string', false],
      ['apicbase_client_secret', 'password', false],
    ]);
    for (const field of app.authentication.fields.slice(1)) {
      expect(field.label).toMatch(/^(Shopify|ZORT|Apicbase)( [A-Z][A-Za-z]*)+$/);
      expect(field.helpText.length).toBeGreaterThan(30);
    }
  });
});

describe('the note atop the connection form', () => {
  const guide = app.authentication.fields[0]!;

  it('says which group each trigger needs, and that Auto Purchase Orders needs none', () => {
    expect(guide).toMatchObject({ key: 'connection_guide', type: 'copy', label: 'Which Fields You Need' });
    expect(guide.helpText).toBe(
      'Every field is optional: fill in only the groups for the triggers you use. Auto Purchase Orders needs none of them: leave every field empty.\n\n' +
        '- **Shopify**, for the Shopify triggers and the search: the Store Domain, and either the Client ID and Client Secret or an Access Token.\n' +
        '- **ZORT**, for the ZORT triggers and the search: the Store Name, API Key and API Secret.\n' +
        '- **Apicbase webhook**, for New Purchase Order in Apicbase (empty when your Client Secret signs the webhook): the Webhook Secret.\n' +
        '- **Apicbase API**, for New Purchase Order in Apicbase (Polling): the Client ID and Client Secret.',
    );
  });

  it('names only triggers the app offers', () => {
    const labels = Object.values(app.triggers)
      .filter((trigger) => !trigger.display.hidden)
      .map((trigger) => trigger.display.label);
    for (const named of guide.helpText.match(/(New|Updated) Purchase Order in [A-Za-z]+( \(Polling\))?/g) ?? []) {
      expect(labels).toContain(named);
    }
  });

  it('is no value the test or the requests ever see', async () => {
    expect(await test({ connection_guide: 'anything' })).toEqual({
      connection_label: 'Auto Purchase Orders',
      groups: [],
    });
  });
});
