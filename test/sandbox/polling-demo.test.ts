/**
 * npm start's polling demo (sandbox/polling-demo.ts) over loopback, with a smaller burst: the
 * lagged turn-ons fire once, and the burst reaches the Zap each once within Zapier's limits.
 */
import nock from 'nock';
import app from '../../src';
import { playPollingDemo } from '../../sandbox/polling-demo';
import { startVendorSandbox, type Credentials } from '../../sandbox/vendors';

jest.setTimeout(60_000);

const CREDENTIALS: Credentials = {
  zort_store_name: 'demo-store',
  zort_api_key: 'demo-zort-key',
  zort_api_secret: 'demo-zort-secret',
  apicbase_webhook_secret: 'demo-apicbase-secret',
  apicbase_client_id: 'demo-apicbase-client-id',
  apicbase_client_secret: 'demo-apicbase-client-secret',
};

it('turns ZORT and Apicbase Zaps on safely under replication lag, and delivers a ZORT burst each once', async () => {
  nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
  const vendors = await startVendorSandbox(0, CREDENTIALS);
  process.env.ZORT_BASE_URL = vendors.zortBaseUrl;
  process.env.APICBASE_BASE_URL = vendors.apicbaseBaseUrl;
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const checks = await playPollingDemo(vendors, app, CREDENTIALS, { burst: 300 });
    expect(checks.map((check) => [check.name, check.ok, check.detail])).toEqual([
      [expect.stringContaining('ZORT purchase order stamped 100 s before turn-on'), true, 'fired: PO-LATE'],
      [expect.stringContaining('Apicbase order stamped 50 s before turn-on'), true, 'fired: listed-late'],
      [
        expect.stringContaining('a burst of 300 new ZORT purchase orders'),
        true,
        '300 records in 1 poll, each under 30 s and 20.0 MB',
      ],
    ]);
    expect(log.mock.calls.flat().join('\n')).toMatch(
      /ZORT burst: 300 new purchase orders created at once reached the Zap in 1 poll: 300 new \(1\.1 MB\) in [\d.]+ s\./,
    );
  } finally {
    log.mockRestore();
    await vendors.close();
    delete process.env.ZORT_BASE_URL;
    delete process.env.APICBASE_BASE_URL;
    nock.disableNetConnect();
  }
});
