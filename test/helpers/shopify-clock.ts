/**
 * The app's Shopify pacing on a test clock: each test starts at the same instant, a pacing wait
 * moves the clock on instead of sleeping, and the tester's z.cache starts empty. Read and move
 * the time through the returned `clock.now`.
 */
import type { createAppTester } from 'zapier-platform-core';
import { shopifyClock } from '../../src/vendors/shopify/pacing';
import { clearZcache } from '../fakes/zapier';

export function useShopifyTestClock(
  appTester: ReturnType<typeof createAppTester>,
  start = Date.parse('2026-11-02T09:00:00Z'),
) {
  const clock = { now: start };
  const real = { ...shopifyClock };
  beforeEach(() => {
    clock.now = start;
    shopifyClock.now = () => clock.now;
    shopifyClock.sleep = (ms: number) => {
      clock.now += ms;
      return Promise.resolve();
    };
    clearZcache(appTester);
  });
  afterEach(() => Object.assign(shopifyClock, real));
  return clock;
}
