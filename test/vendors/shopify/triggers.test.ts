import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../../src';
import { FakeShopify, nockReply } from '../../../sandbox/shopify-fake';
import { pollOrderedPurchaseOrders } from '../../../src/vendors/shopify/triggers';
import { simulatedZap } from '../../helpers/zapier-polling';

const ORIGIN = 'https://my-shop.myshopify.com';
const AUTH = { shopify_store_domain: 'my-shop.myshopify.com', shopify_client_id: 'fake-client-id', shopify_client_secret: 'fake-client-secret' };

describe('shopify_purchase_order_ordered under throttling', () => {
  let now = Date.parse('2026-11-02T09:00:00Z');
  // A 2,000-point bucket refilling 100 a second; the clock moves only by hand.
  const fake = new FakeShopify({ now: () => now });
  const appTester = createAppTester(app);
  const zap = simulatedZap(appTester, pollOrderedPurchaseOrders, (meta) =>
    ({ authData: AUTH, inputData: {}, meta: { isLoadingSample: false, zap: { id: 'ordered-throttled' }, ...meta } }) as unknown as Partial<Bundle>,
  );

  beforeEach(() => nock(ORIGIN).persist().post(() => true).reply(nockReply(fake)));

  it('delivers a purchase order that arrived ordered when the draft check after it is throttled', async () => {
    const draft = fake.create({ status: 'DRAFT' });
    fake.create({ status: 'ORDERED' });
    // Turning on reads the list (772) and scans the drafts (252): 976 points are left, so the
    // next poll reads the list and is THROTTLED on the draft scan.
    await zap.turnOn();
    const arrived = fake.create({ status: 'ORDERED' });
    expect((await zap.poll()).map((record) => record.purchase_order_id)).toEqual([String(arrived.id)]);
    // The draft check is repeated with a full bucket, and the arrival never comes twice.
    fake.markOrdered(draft.id);
    now += 600_000;
    expect((await zap.poll()).map((record) => record.purchase_order_id)).toEqual([String(draft.id)]);
    expect(zap.triggered.map((record) => record.purchase_order_id)).toEqual([String(arrived.id), String(draft.id)]);
  });

  it('fails the poll THROTTLED when the draft check is throttled and nothing arrived', async () => {
    now += 600_000;
    expect(await zap.poll()).toEqual([]);
    await expect(zap.poll()).rejects.toMatchObject({ name: 'ThrottledError' });
  });
});
