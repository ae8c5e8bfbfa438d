import { CacheUnavailableError, cacheCall, typedCache } from '../../src/common/cache';

describe('z.cache where there is none', () => {
  it.each([
    'No deploy key found. Make sure you set the `ZAPIER_DEPLOY_KEY` environment variable to write to z.cache.',
    'No token found - cannot call RPC',
    'rpc is not available',
  ])("turns core's %j into a CacheUnavailableError", async (message) => {
    const call = cacheCall(() => Promise.reject(new Error(message)));
    await expect(call).rejects.toBeInstanceOf(CacheUnavailableError);
    await expect(call).rejects.toThrow(message);
  });

  it('passes any other failure on as it is, and an answer as it is', async () => {
    const other = new Error('socket hang up');
    await expect(cacheCall(() => Promise.reject(other))).rejects.toBe(other);
    await expect(cacheCall(() => Promise.resolve('kept'))).resolves.toBe('kept');
  });

  it('types every call of a wrapped cache', async () => {
    const noRpc = () => Promise.reject(new Error('rpc is not available'));
    const cache = typedCache({ get: noRpc, set: noRpc, delete: noRpc });
    await expect(cache.get('k')).rejects.toBeInstanceOf(CacheUnavailableError);
    await expect(cache.set('k', 1, 30, undefined, true)).rejects.toBeInstanceOf(CacheUnavailableError);
    await expect(cache.delete('k')).rejects.toBeInstanceOf(CacheUnavailableError);
  });
});
