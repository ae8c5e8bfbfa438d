/**
 * Turning ZORT Zaps on and off when several change one store at the same moment. ZORT's webhook
 * configuration is read and written whole, so changes to one store take turns under a z.cache
 * lock; each is read back to prove it landed, and a per-store registry in z.cache remembers which
 * Zap replaced which, so that turning one off gives the field back only to a Zap still on.
 * Deliveries whose key is not the one saved at subscribe are checked against the store's current
 * settings, read once a minute at most.
 */
import { createHash } from 'node:crypto';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import { withLock, type LockCache, type LockTiming } from '../../common/lock';
import { headerValue } from '../../delivery/raw-request';
import { refuseDelivery } from '../../common/validation';
import { carriesKey, carriesKeyWithDigest, deliveredKeys, keyDigest } from './delivery';
import { getWebhookConfig, updateWebhookConfig } from './client';
import type { ZortWebhookConfig } from './schema';
import {
  EMPTY_REGISTRY,
  planSubscribe,
  planUnsubscribe,
  recordSubscribe,
  recordUnsubscribe,
  restoreTarget,
  sameKey,
  sameUrl,
  zortRegistrySchema,
  type ZortRegistry,
  type ZortSubscription,
} from './subscription';

export type WebhookChangeDeps = {
  cacheOf: (z: ZObject) => LockCache;
  sleep: (ms: number) => Promise<void>;
};

export const LIVE_DEPS: WebhookChangeDeps = {
  cacheOf: (z) => z.cache,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A run lasts 30 s at most (Zapier's limit), so a lock older than that is a dead run's. */
const LOCK_TTL_SECONDS = 30;
/** Waiting and then working must fit in those 30 s, with ZORT calls of a second or two each. */
const LOCK_WAIT_MS = 10_000;
const LOCK_POLL_MS = 250;
/** Writes that do not read back as written: someone outside this app is editing too. */
const MAX_ATTEMPTS = 3;

/** Core's RPC client outside Zapier (the sandbox, `zapier-platform invoke`), where no z.cache exists. */
const NO_CACHE_HERE = /No deploy key found|No token found - cannot call RPC|rpc is not available/;

const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** Cache keys name the store by a hash of its normalised name: never a credential. */
function storeKeys(bundle: Bundle) {
  const name = String(bundle.authData?.zort_store_name ?? '')
    .trim()
    .toLowerCase();
  const id = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 32);
  return {
    lock: `zort:webhook-lock:${id}`,
    registry: `zort:webhook-registry:${id}`,
    settings: `zort:webhook-settings:${id}`,
    settingsLock: `zort:webhook-settings-lock:${id}`,
  };
}

type RegistryStore = {
  read: () => Promise<ZortRegistry>;
  write: (registry: ZortRegistry) => Promise<void>;
  /** Drops the settings deliveries are checked against (deliverySettings), as this change made them stale. */
  forgetSettings: () => Promise<void>;
};

/** Runs `work` holding the store's lock, with the store's registry; `doing` names the change for messages. */
async function underStoreLock<T>(
  z: ZObject,
  bundle: Bundle,
  deps: WebhookChangeDeps,
  doing: 'on' | 'off',
  work: (registry: RegistryStore) => Promise<T>,
): Promise<T> {
  const keys = storeKeys(bundle);
  const cache = deps.cacheOf(z);
  const timing: LockTiming = {
    ttlSeconds: LOCK_TTL_SECONDS,
    waitMs: LOCK_WAIT_MS,
    pollMs: LOCK_POLL_MS,
    sleep: deps.sleep,
  };
  const registry: RegistryStore = {
    // A missing or unreadable record is an empty one: every URL it would have named counts as live.
    read: async () => zortRegistrySchema.safeParse(await cache.get(keys.registry)).data ?? EMPTY_REGISTRY,
    write: async (value) => {
      await cache.set(keys.registry, value);
    },
    forgetSettings: async () => {
      await cache.delete(keys.settings).catch((error: unknown) => {
        z.console.log(
          `Could not drop the cached ZORT webhook settings (${(error as Error).message}); they expire within a minute.`,
        );
      });
    },
  };
  let started = false;
  try {
    const outcome = await withLock(cache, keys.lock, timing, () => {
      started = true;
      return work(registry);
    });
    if (outcome.acquired) return outcome.value;
  } catch (error) {
    if (started || !NO_CACHE_HERE.test((error as Error).message)) throw error;
    z.console.log(
      'z.cache is not available outside Zapier: changing the ZORT webhook without the per-store lock and record.',
    );
    return work({
      read: () => Promise.resolve(EMPTY_REGISTRY),
      write: () => Promise.resolve(),
      forgetSettings: () => Promise.resolve(),
    });
  }
  throw new z.errors.Error(
    `Another Zap is changing this ZORT store's webhook settings and has not finished within ${LOCK_WAIT_MS / 1000} seconds. ` +
      `Wait a minute, then turn this Zap ${doing} again.`,
  );
}

/** Best effort: the field back to what it held, after a subscribe that could not be confirmed. */
async function restoreFieldIfOurs(
  z: ZObject,
  written: ZortWebhookConfig,
  field: string,
  ours: string,
  previous: unknown,
): Promise<void> {
  try {
    const now = await getWebhookConfig(z);
    if (!sameUrl(now[field], ours)) return;
    await updateWebhookConfig(z, { ...written, ...now, [field]: typeof previous === 'string' ? previous : '' });
  } catch (error) {
    z.console.log(`Could not give the ZORT field ${field} back after a failed subscribe: ${(error as Error).message}`);
  }
}

function keptChanging(z: ZObject, doing: 'on' | 'off'): Error {
  return new z.errors.Error(
    `ZORT's webhook settings for this store changed under this Zap ${MAX_ATTEMPTS} times while it was being turned ${doing}: ` +
      'something else is editing them too (a person in ZORT, or another integration). ' +
      `Check Setting > Integration > API Reference > Webhook in ZORT, then turn this Zap ${doing} again.`,
  );
}

export async function subscribeToZort(
  z: ZObject,
  bundle: Bundle,
  trigger: { field: string; method: string },
  replaceExisting: boolean,
  deps: WebhookChangeDeps,
): Promise<ZortSubscription> {
  const targetUrl = bundle.targetUrl;
  if (!targetUrl) throw new z.errors.Error('Zapier gave no webhook URL to subscribe with.');
  return underStoreLock(z, bundle, deps, 'on', async (store) => {
    const registry = await store.read();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const before = await getWebhookConfig(z);
      const plan = planSubscribe(before, registry, trigger.field, targetUrl, replaceExisting);
      if (!plan.ok) {
        throw new z.errors.Error(
          `ZORT sends each event to one URL per store, and "${trigger.method}" already goes to ${plan.occupiedBy}. ` +
            'Free it in ZORT (Setting > Integration > API Reference > Webhook: clear that URL and click Verify and Save), ' +
            'or turn on "Replace the Existing Webhook" in this trigger; this Zap then gives the URL back when it is turned off.',
        );
      }
      let after: ZortWebhookConfig;
      try {
        await updateWebhookConfig(z, plan.config);
        after = await getWebhookConfig(z);
      } catch (error) {
        // The write may have landed though its answer failed, and Zapier will treat this Zap as
        // off and never unsubscribe it: give the field back now if it holds this Zap's URL.
        await restoreFieldIfOurs(z, plan.config, trigger.field, targetUrl, before[trigger.field]);
        throw error;
      }
      if (sameUrl(after[trigger.field], targetUrl) && sameKey(after.key1, plan.subscription.key1)) {
        // ZORT holds the URL: a lost record only makes restores more careful (unknown URLs count as live).
        await store.write(recordSubscribe(registry, plan.subscription)).catch((error: unknown) => {
          z.console.log(
            `Could not record this subscription (${(error as Error).message}); turning it off still gives the field back.`,
          );
        });
        await store.forgetSettings();
        return plan.subscription;
      }
    }
    throw keptChanging(z, 'on');
  });
}

const subscriptionSchema = zod.object({
  field: zod.string().min(1),
  url: zod.string().min(1),
  key1: zod.string(),
  replaced_url: zod
    .string()
    .nullish()
    .transform((value) => value ?? null),
});

/** Subscribe data Zapier kept for this Zap, or null when it holds no ZORT subscription. */
function subscriptionOf(bundle: Bundle): ZortSubscription | null {
  return subscriptionSchema.safeParse(bundle.subscribeData).data ?? null;
}

export async function unsubscribeFromZort(z: ZObject, bundle: Bundle, deps: WebhookChangeDeps): Promise<void> {
  const subscription = subscriptionOf(bundle);
  if (subscription === null) return;
  await underStoreLock(z, bundle, deps, 'off', async (store) => {
    const registry = await store.read();
    const restore = restoreTarget(registry, subscription);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const config = await getWebhookConfig(z);
      const next = planUnsubscribe(config, subscription, restore);
      if (next === null) {
        // The field is no longer this Zap's: it stays as it is, and the record says this Zap is off.
        await store.write(recordUnsubscribe(registry, subscription, blankToNull(config[subscription.field])));
        return;
      }
      await updateWebhookConfig(z, next);
      if (blankToNull((await getWebhookConfig(z))[subscription.field]) === restore) {
        await store.write(recordUnsubscribe(registry, subscription, restore));
        await store.forgetSettings();
        return;
      }
    }
    throw keptChanging(z, 'off');
  });
}

/** How long one read of the store's webhook settings serves deliveries: a burst costs one read. */
const SETTINGS_TTL_SECONDS = 60;
/** Deliveries arriving together wait this long at most for the one that reads the settings. */
const SETTINGS_LOCK_WAIT_MS = 5_000;
const SETTINGS_LOCK_POLL_MS = 100;

/** What a delivery is checked against: key1's SHA-256 (z.cache never holds a key) and each event's URL. */
const deliverySettingsSchema = zod.object({
  key1_sha256: zod
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  urls: zod.record(zod.string(), zod.string()),
});
type DeliverySettings = zod.infer<typeof deliverySettingsSchema>;

function deliverySettingsOf(config: ZortWebhookConfig): DeliverySettings {
  const urls: Record<string, string> = {};
  for (const [field, value] of Object.entries(config)) {
    if (/url$/i.test(field) && typeof value === 'string' && value.trim() !== '') urls[field] = value.trim();
  }
  const key1 = typeof config.key1 === 'string' && config.key1.trim() !== '' ? keyDigest(config.key1) : null;
  return { key1_sha256: key1, urls };
}

/**
 * The store's current webhook settings as deliveries need them, from z.cache when read within the
 * last minute. Deliveries arriving together take turns under a lock, so only the first reads ZORT.
 */
async function deliverySettings(z: ZObject, bundle: Bundle, deps: WebhookChangeDeps): Promise<DeliverySettings> {
  const keys = storeKeys(bundle);
  const cache = deps.cacheOf(z);
  const cached = async () => deliverySettingsSchema.safeParse(await cache.get(keys.settings)).data;
  const readAndKeep = async () => {
    const settings = deliverySettingsOf(await getWebhookConfig(z));
    await cache.set(keys.settings, settings, SETTINGS_TTL_SECONDS);
    return settings;
  };
  const timing: LockTiming = {
    ttlSeconds: LOCK_TTL_SECONDS,
    waitMs: SETTINGS_LOCK_WAIT_MS,
    pollMs: SETTINGS_LOCK_POLL_MS,
    sleep: deps.sleep,
  };
  let started = false;
  try {
    const known = await cached();
    if (known !== undefined) return known;
    const outcome = await withLock(cache, keys.settingsLock, timing, async () => {
      started = true;
      return (await cached()) ?? (await readAndKeep());
    });
    // The reader did not finish in time: this delivery reads for itself.
    return outcome.acquired ? outcome.value : ((await cached()) ?? (await readAndKeep()));
  } catch (error) {
    if (started || !NO_CACHE_HERE.test((error as Error).message)) throw error;
    return deliverySettingsOf(await getWebhookConfig(z));
  }
}

/**
 * Whether a delivery carries this Zap's key. The key1 saved at subscribe passes at once, without
 * a request. Another key passes when it is the store's current key1 (another tool may change it
 * at any time) and ZORT still sends this event to this Zap's URL; anything else is refused with a
 * HaltedError saying what did not match, never a key.
 */
export async function checkDeliveryKey(
  z: ZObject,
  bundle: Bundle,
  trigger: { field: string; method: string },
  deps: WebhookChangeDeps,
): Promise<void> {
  const refuse = (problem: string, nextStep: string): never => refuseDelivery(z, 'ZORT', problem, nextStep);
  // Only key1 is needed while it is unchanged; the URL too once it has changed.
  const saved = (bundle.subscribeData ?? {}) as { key1?: unknown; url?: unknown };
  if (typeof saved.key1 !== 'string' || saved.key1.trim() === '') {
    return refuse('this Zap has no ZORT key to check it against', 'Turn the Zap off and on again to subscribe anew.');
  }
  const delivered = deliveredKeys(headerValue(bundle, 'Authorization'), headerValue(bundle, 'key1'));
  if (!delivered.ok) return refuse(delivered.problem, '');
  if (carriesKey(delivered.keys, saved.key1)) return;
  const settings = await deliverySettings(z, bundle, deps);
  const turnOffAndOn = `Check the webhook settings in ZORT (Setting > Integration > API Reference > Webhook), then turn this Zap off and on again so that ZORT sends ${trigger.method} to it.`;
  if (settings.key1_sha256 === null || !carriesKeyWithDigest(delivered.keys, settings.key1_sha256)) {
    return refuse(
      "the Authorization key matches neither the webhook key1 this Zap set in ZORT nor the store's current key1",
      turnOffAndOn,
    );
  }
  if (typeof saved.url !== 'string' || !sameUrl(settings.urls[trigger.field], saved.url)) {
    return refuse(
      `the Authorization key is the store's current key1, but ZORT no longer sends ${trigger.method} to this Zap's URL`,
      turnOffAndOn,
    );
  }
}
