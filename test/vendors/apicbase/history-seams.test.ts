/** Apicbase's Transfer and a poll of the same supplier share its token and its 100 requests a minute. */
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../../src';
import type { PurchaseOrder } from '../../../src/record/purchase-order';
import { makePollApicbaseOrders } from '../../../src/vendors/apicbase/polling';
import { FakeApicbase } from '../../fakes/apicbase';
import { CursorRpc, transferPage } from '../../helpers/transfer';
import { clearZcache, simulatedZap, zcache } from '../../fakes/zapier';

const appTester = createAppTester(app);
const ORIGIN = 'https://api.apicbase.com';
const AUTH = { apicbase_client_id: 'apic-client-id', apicbase_client_secret: 'apic-client-secret-value' };
const METHOD = 'triggers.apicbase_new_purchase_order_polling.operation.perform';

beforeEach(() => clearZcache(appTester));

it("a transfer and a Zap of one supplier: one token, the minute's limit a pause for both, each order once", async () => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    let now = Date.parse('2026-11-24T09:00:00Z');
    const fake = new FakeApicbase({
      now: () => now,
      clientId: AUTH.apicbase_client_id,
      clientSecret: AUTH.apicbase_client_secret,
      order: 'oldest-first',
    });
    fake.serve(ORIGIN);
    for (let index = 0; index < 3000; index += 1) {
      now += 1000;
      fake.create();
    }
    const perform = makePollApicbaseOrders({ now: () => now });
    const zap = simulatedZap(
      appTester,
      perform,
      (meta: object) =>
        ({
          authData: AUTH,
          inputData: {},
          meta: { isLoadingSample: false, page: 0, limit: -1, zap: { id: 'zap-apic' }, ...meta },
        }) as unknown as Partial<Bundle>,
    );
    await zap.turnOn();
    const pollState = () =>
      JSON.stringify(Object.entries(zcache(appTester)).filter(([name]) => name.startsWith('poll:')));
    const options = {
      method: METHOD,
      bundle: { authData: AUTH, inputData: {} } as Partial<Bundle>,
      rpc: new CursorRpc(),
      storeKey: 'apic-seam',
      zcache: zcache(appTester),
    };
    const got: PurchaseOrder[] = [];
    const fresh: PurchaseOrder[] = [];
    let pauses = 0;
    for (let page = 0, calls = 0; calls < 60; calls += 1) {
      const state = pollState();
      let records: PurchaseOrder[];
      try {
        records = await transferPage<PurchaseOrder>(options, page);
      } catch (error) {
        expect((error as Error).name).toBe('ThrottledError');
        pauses += 1;
        now += 30_000;
        continue;
      }
      expect(pollState()).toBe(state);
      if (records.length === 0) break;
      got.push(...records);
      page += 1;
      // Other Zaps on these credentials leave the minute two requests: the next page and the poll share them.
      if (page === 1) fake.spend(98);
      fake.create();
      fresh.push(...(await zap.poll()));
      now += 1_000;
    }
    now += 120_000;
    fresh.push(...(await zap.poll()));
    expect(got.map((record) => record.id)).toHaveLength(3000);
    expect(new Set(got.map((record) => record.id)).size).toBe(3000);
    expect(fresh.length).toBe(fake.orders.length - 3000);
    expect(fake.mints).toBe(1);
    // The minute's limit paused a page, and a poll, but failed neither for good.
    expect(pauses).toBeGreaterThan(0);
  } finally {
    log.mockRestore();
  }
}, 60_000);
