import { withLock, type LockTiming } from '../../src/common/lock';
import { fakeCache, type FakeCache } from '../fakes/zcache';

/** The lock's sleep moves the fake cache's clock: waiting and expiry without real time. */
const timing = (cache: FakeCache, overrides: Partial<LockTiming> = {}): LockTiming => ({
  ttlSeconds: 30,
  waitMs: 1_000,
  pollMs: 100,
  sleep: async (ms) => {
    cache.advance(ms);
    await new Promise((resolve) => setImmediate(resolve));
  },
  ...overrides,
});

describe('withLock', () => {
  it('lets concurrent runs in one at a time, and frees the lock after each', async () => {
    const cache = fakeCache();
    let inside = 0;
    let mostInside = 0;
    const order: number[] = [];
    const run = (id: number) =>
      withLock(cache, 'k', timing(cache, { waitMs: 10_000 }), async () => {
        inside += 1;
        mostInside = Math.max(mostInside, inside);
        for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
        order.push(id);
        inside -= 1;
        return id;
      });
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(run));
    expect(outcomes).toEqual([1, 2, 3, 4, 5].map((id) => ({ acquired: true, value: id })));
    expect(mostInside).toBe(1);
    expect(order.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(cache.entries.size).toBe(0);
  });

  it('gives up after waiting its bounded time, without running the work', async () => {
    const cache = fakeCache();
    await cache.set('k', 'someone else', 30, undefined, true);
    const work = jest.fn(() => Promise.resolve('ran'));
    expect(await withLock(cache, 'k', timing(cache, { waitMs: 1_000, pollMs: 100 }), work)).toEqual({
      acquired: false,
    });
    expect(work).not.toHaveBeenCalled();
    // The other holder's lock is left alone.
    expect(await cache.get('k')).toBe('someone else');
  });

  it('takes over a lock whose holder died, once its TTL has run out', async () => {
    const cache = fakeCache();
    await cache.set('k', 'dead holder', 2, undefined, true);
    expect(
      await withLock(cache, 'k', timing(cache, { waitMs: 5_000, pollMs: 500 }), () => Promise.resolve('ran')),
    ).toEqual({
      acquired: true,
      value: 'ran',
    });
  });

  it('releases only its own token: a lock taken over after its TTL stays with the new holder', async () => {
    const cache = fakeCache();
    const outcome = await withLock(cache, 'k', timing(cache, { ttlSeconds: 1 }), async () => {
      cache.advance(1_500); // the work overran the TTL...
      await cache.set('k', 'next holder', 30, undefined, true); // ...and another run took the lock
      return 'done';
    });
    expect(outcome).toEqual({ acquired: true, value: 'done' });
    expect(await cache.get('k')).toBe('next holder');
  });

  it('does not trust a set that ignored nx: the token read back decides', async () => {
    const cache = fakeCache();
    await cache.set('k', 'holder', 30, undefined, true);
    // Like core's test double: set always "succeeds" and overwrites... but another run writes after us.
    const ignoringNx = {
      ...cache,
      set: async (key: string, value: unknown) => {
        await cache.set(key, value);
        await cache.set(key, 'holder');
        return true;
      },
    };
    expect(await withLock(ignoringNx, 'k', timing(cache, { waitMs: 200 }), () => Promise.resolve('ran'))).toEqual({
      acquired: false,
    });
  });

  it('releases the lock when the work fails, and passes the failure on', async () => {
    const cache = fakeCache();
    await expect(withLock(cache, 'k', timing(cache), () => Promise.reject(new Error('work failed')))).rejects.toThrow(
      'work failed',
    );
    expect(cache.entries.size).toBe(0);
  });
});
