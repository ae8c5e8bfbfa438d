/**
 * ZORT keeps one webhook URL per event per store, set through a configuration that is read and
 * written whole. These pure functions decide what to write and what to remember; the I/O is in
 * webhook-changes.ts.
 */
import { randomBytes } from 'node:crypto';
import { z as zod } from 'zod';
import type { ZortWebhookConfig } from './schema';

/** What subscribe returns, and what perform and unsubscribe read back. */
export type ZortSubscription = {
  field: string;
  url: string;
  key1: string;
  /** The URL this Zap displaced (null: the field was blank). */
  replaced_url: string | null;
};

export type SubscribePlan =
  | { ok: true; config: ZortWebhookConfig; subscription: ZortSubscription }
  | { ok: false; occupiedBy: string };

const KEY_FIELDS = ['key1', 'key2', 'key3'] as const;

const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

/** Whether a configuration field holds this URL, surrounding spaces aside. */
export const sameUrl = (value: unknown, url: string) => typeof value === 'string' && value.trim() === url.trim();

/** Whether two keys are the same key: ZORT's settings may keep surrounding spaces, the key is without them. */
export const sameKey = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' && a.trim() !== '' && a.trim() === b.trim();

/** A key ZORT will echo in `Authorization: Basic <key1>`: 32 random bytes, URL-safe base64. */
export function generateKey(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Every Zap of this app that took a field of one store, in z.cache: which URL each replaced and
 * whether it is still on, so that turning one off gives the field back only to a live Zap.
 */
const registryEntrySchema = zod.object({ url: zod.string(), replaced_url: zod.string().nullable(), on: zod.boolean() });
export const zortRegistrySchema = zod.object({ fields: zod.record(zod.string(), zod.array(registryEntrySchema)) });
export type ZortRegistry = zod.infer<typeof zortRegistrySchema>;
type RegistryEntry = zod.infer<typeof registryEntrySchema>;

export const EMPTY_REGISTRY: ZortRegistry = { fields: {} };

const entriesOf = (registry: ZortRegistry, field: string): RegistryEntry[] =>
  Object.hasOwn(registry.fields, field) ? (registry.fields[field] ?? []) : [];

export function planSubscribe(
  config: ZortWebhookConfig,
  registry: ZortRegistry,
  field: string,
  targetUrl: string,
  replaceExisting: boolean,
  newKey: () => string = generateKey,
): SubscribePlan {
  const current = config[field];
  const occupied = !blank(current) && !sameUrl(current, targetUrl);
  if (occupied && !replaceExisting) return { ok: false, occupiedBy: String(current) };
  const next: ZortWebhookConfig = { ...config, [field]: targetUrl };
  // UpdateWebhook requires all three keys; existing ones are kept, blank ones generated.
  for (const key of KEY_FIELDS) if (blank(next[key])) next[key] = newKey();
  // Subscribing again to its own URL keeps what it had replaced the first time.
  const before = entriesOf(registry, field).find((entry) => entry.url === targetUrl);
  return {
    ok: true,
    config: next,
    subscription: {
      field,
      url: targetUrl,
      key1: String(next.key1),
      replaced_url: occupied ? String(current) : (before?.replaced_url ?? null),
    },
  };
}

/** The registry with this subscription on. */
export function recordSubscribe(registry: ZortRegistry, subscription: ZortSubscription): ZortRegistry {
  const others = entriesOf(registry, subscription.field).filter((entry) => entry.url !== subscription.url);
  const entry = { url: subscription.url, replaced_url: subscription.replaced_url, on: true };
  return { fields: { ...registry.fields, [subscription.field]: [...others, entry] } };
}

/**
 * What the field goes back to when `subscription` leaves it: the URL it replaced if that can
 * still be live, else what that one replaced, and so on; blank when none is left. A URL the
 * registry does not know (set in ZORT by hand, or by a Zap from before the registry, or the
 * registry was lost) counts as live: only a Zap recorded as off is skipped.
 */
export function restoreTarget(registry: ZortRegistry, subscription: ZortSubscription): string | null {
  const entries = entriesOf(registry, subscription.field);
  const seen = new Set([subscription.url]);
  let candidate = entries.find((entry) => entry.url === subscription.url)?.replaced_url ?? subscription.replaced_url;
  while (candidate !== null && !seen.has(candidate)) {
    const known = entries.find((entry) => entry.url === candidate);
    if (known === undefined || known.on) return candidate;
    seen.add(candidate);
    candidate = known.replaced_url;
  }
  return null;
}

/**
 * The configuration to write when this Zap unsubscribes, or null: only a field that still holds
 * this Zap's URL is this Zap's to change. Whatever key1 now is (another tool may have changed
 * it), it and every other field go back as they are.
 */
export function planUnsubscribe(
  config: ZortWebhookConfig,
  subscription: ZortSubscription,
  restore: string | null,
): ZortWebhookConfig | null {
  if (!sameUrl(config[subscription.field], subscription.url)) return null;
  return { ...config, [subscription.field]: restore ?? '' };
}

/**
 * The registry with this subscription off. Only entries a later restore can reach are kept: the
 * Zaps still on, the URL now in the field, and whatever those replaced, link by link. So the
 * record stays as small as the live chains.
 */
export function recordUnsubscribe(
  registry: ZortRegistry,
  subscription: ZortSubscription,
  occupant: string | null,
): ZortRegistry {
  const known = entriesOf(registry, subscription.field).find((entry) => entry.url === subscription.url);
  const entries = [
    ...entriesOf(registry, subscription.field).filter((entry) => entry.url !== subscription.url),
    { url: subscription.url, replaced_url: known?.replaced_url ?? subscription.replaced_url, on: false },
  ];
  const reachable = new Set(entries.filter((entry) => entry.on || entry.url === occupant).map((entry) => entry.url));
  for (const url of reachable) {
    // A Set visits what is added while iterating: this follows every chain to its end.
    const replaced = entries.find((entry) => entry.url === url)?.replaced_url;
    if (replaced != null) reachable.add(replaced);
  }
  return { fields: { ...registry.fields, [subscription.field]: entries.filter((entry) => reachable.has(entry.url)) } };
}
