import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import { FakeShopify, nockReply } from '../sandbox/shopify-fake';
import app from '../src';
import { pollNewPurchaseOrders } from '../src/vendors/shopify/triggers';
import { clearZcache, simulatedZap, zcache } from './helpers/zapier-polling';
const appTester = createAppTester(app);
const AUTH = { shopify_store_domain: 'my-shop.myshopify.com', shopify_access_token: 'shpat_x' };
const bundle = (meta: object) => ({ authData: AUTH, inputData: { status: 'archived' }, meta: { isLoadingSample: false, page: 0, limit: -1, zap: { id: 'fl' }, ...meta } }) as unknown as Partial<Bundle>;
it('F1 floor after turning on a Status=Archived Zap whose newest 10 are open', async () => {
  clearZcache(appTester);
  const fake = new FakeShopify({ accessToken: 'shpat_x', maximumAvailable: 1e9, restoreRate: 1e9 });
  for (let i = 0; i < 50; i += 1) fake.create({ archivedAt: '2026-01-01T00:00:00Z' });
  fake.seed(10);
  nock('https://my-shop.myshopify.com').persist().post(() => true).reply(nockReply(fake));
  const zap = simulatedZap(appTester, pollNewPurchaseOrders, bundle);
  await zap.turnOn();
  const c = zcache(appTester);
  console.log('F1 state after turn-on', JSON.stringify(Object.entries(c).filter(([k]) => k.includes('poll:'))));
  // remove the 10 open ones so the page-reread defect does not hide the floor defect
  for (let id = 51; id <= 60; id += 1) fake.remove(id);
  const fired = await zap.poll();
  console.log('F1 first poll fired', fired.length, 'archived orders that predate the Zap');
  nock.cleanAll();
});
