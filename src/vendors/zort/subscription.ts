/**
 * ZORT keeps one webhook URL per event per store, set through a configuration that is read and
 * written whole. These pure functions decide what to write; the triggers do the I/O.
 */
import { randomBytes } from 'node:crypto';
import type { ZortWebhookConfig } from './schema';

/** What subscribe returns, and what perform and unsubscribe read back. */
export type ZortSubscription = {
  field: string;
  url: string;
  key1: string;
  /** The URL this Zap displaced, restored when it unsubscribes (null: the field was blank). */
  replaced_url: string | null;
};

export type SubscribePlan =
  | { ok: true; config: ZortWebhookConfig; subscription: ZortSubscription }
  | { ok: false; occupiedBy: string };

const KEY_FIELDS = ['key1', 'key2', 'key3'] as const;

const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

/** A key ZORT will echo in `Authorization: Basic <key1>`: 32 random bytes, URL-safe base64. */
export function generateKey(): string {
  return randomBytes(32).toString('base64url');
}

export function planSubscribe(
  config: ZortWebhookConfig,
  field: string,
  targetUrl: string,
  replaceExisting: boolean,
  newKey: () => string = generateKey,
): SubscribePlan {
  const current = config[field];
  const occupied = !blank(current) && current !== targetUrl;
  if (occupied && !replaceExisting) return { ok: false, occupiedBy: String(current) };
  const next: ZortWebhookConfig = { ...config, [field]: targetUrl };
  // UpdateWebhook requires all three keys; existing ones are kept, blank ones generated.
  for (const key of KEY_FIELDS) if (blank(next[key])) next[key] = newKey();
  return {
    ok: true,
    config: next,
    subscription: {
      field,
      url: targetUrl,
      key1: next.key1 as string,
      replaced_url: occupied ? String(current) : null,
    },
  };
}

/** The configuration to write when this Zap unsubscribes, or null when there is nothing to undo. */
export function planUnsubscribe(
  config: ZortWebhookConfig,
  subscription: ZortSubscription,
): ZortWebhookConfig | null {
  if (config[subscription.field] !== subscription.url) return null;
  return { ...config, [subscription.field]: subscription.replaced_url ?? '' };
}
