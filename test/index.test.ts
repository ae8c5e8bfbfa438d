import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import app from '../src';
import { SEARCH_KEYS, TRIGGER_KEYS } from './helpers/contract-keys';
import { appTrigger } from './helpers/triggers';

const apoTriggers = {
  created: appTrigger(TRIGGER_KEYS.apoCreated),
  updated: appTrigger(TRIGGER_KEYS.apoUpdated),
  completed: appTrigger(TRIGGER_KEYS.apoCompleted),
};

const packageJson = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};

describe('the app definition', () => {
  it('has exactly the triggers and searches of the keys module', () => {
    expect(Object.keys(app.triggers).sort()).toEqual(Object.values(TRIGGER_KEYS).sort());
    expect(Object.keys(app.searches).sort()).toEqual(Object.values(SEARCH_KEYS).sort());
    for (const [key, trigger] of Object.entries(app.triggers)) expect(trigger.key).toBe(key);
  });

  it('runs on zapier-platform-core 19.1.0, pinned exactly', () => {
    expect(packageJson.dependencies['zapier-platform-core']).toBe('19.1.0');
    expect(app.platformVersion).toBe('19.1.0');
    expect(app.version).toBe(packageJson.version);
  });

  it.each(Object.values(app.triggers).map((trigger) => [trigger.key, trigger] as const))(
    "%s speaks in Zapier's voice",
    (_key, trigger) => {
      // A polling twin of a hook is labelled like its hook, " (Polling)" added (contract section 2).
      expect(trigger.display.label).toMatch(/^([A-Z][A-Za-z]*|in)( ([A-Z][A-Za-z]*|in))*( \(Polling\))?$/);
      expect(trigger.display.description).toMatch(/^Triggers when .+\.$/);
      expect(['Purchase Order', 'Purchase Return']).toContain(trigger.noun);
    },
  );

  it('tells the user which Auto Purchase Orders topic each trigger needs', () => {
    expect(apoTriggers.created.display.directions).toContain('`purchase_orders/create`');
    expect(apoTriggers.updated.display.directions).toContain('`purchase_orders/update`');
    expect(apoTriggers.completed.display.directions).toContain('`purchase_orders/complete`');
    for (const trigger of Object.values(apoTriggers)) {
      expect(trigger.display.directions).toContain('Settings > Webhooks');
    }
  });

  it('pages (canPaginate) exactly the triggers with a vendor list, and says so on the hooks without one', () => {
    const paging = Object.values(app.triggers)
      .filter((trigger) => (trigger.operation as { canPaginate?: boolean }).canPaginate === true)
      .map((trigger) => trigger.key)
      .sort();
    expect(paging).toEqual([
      'apicbase_new_purchase_order_polling',
      'shopify_new_purchase_order',
      'shopify_purchase_order_ordered',
      'shopify_updated_purchase_order',
      'zort_new_purchase_order_polling',
      'zort_purchase_order_created',
      'zort_purchase_order_payment_updated',
      'zort_purchase_order_updated',
      'zort_updated_purchase_order_polling',
    ]);
    for (const trigger of Object.values(apoTriggers)) {
      expect(trigger.display.directions).toContain(
        "Past purchase orders cannot be brought over with Zapier's Transfer",
      );
    }
    expect(app.triggers.apicbase_new_purchase_order!.display.directions).toContain(
      "to bring over orders placed before, use Zapier's Transfer with New Purchase Order in Apicbase (Polling).",
    );
  });

  it.each(Object.values(app.searches).map((search) => [search.key, search] as const))(
    "%s speaks in Zapier's voice",
    (_key, search) => {
      expect(search.display.label).toMatch(/^[A-Z][A-Za-z]*( [A-Z][A-Za-z]*)*$/);
      expect(search.display.description).toMatch(/^Finds .+\.$/);
    },
  );
});
