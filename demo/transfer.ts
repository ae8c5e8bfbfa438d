/**
 * Zapier's Transfer against the vendor fakes: a store of purchase orders per vendor, read page by
 * page through core's handler as Zapier reads it (test/fakes/zapier.ts, the position in z.cursor
 * over the loopback RPC), with a purchase order created after each page. Used by npm start and
 * npm run bench (runTransfer).
 */
import type { PurchaseOrder } from '../src/record/purchase-order';
import zortPurchaseOrder from '../src/vendors/zort/seed-purchase-order.json';
import {
  startVendorSandbox,
  type Credentials,
  type ShopifyCredentials,
  type VendorSandbox,
} from '../test/fakes/vendors';
import { createAppHandler, transferPages } from '../test/fakes/zapier';
import { startCacheRpc } from '../test/fakes/zcache';

export type TransferVendor = 'shopify' | 'zort' | 'apicbase';

/** The trigger each vendor's transfer runs, and the sandbox URL it reads. */
const TRIGGERS: Record<TransferVendor, { key: string; env: string; url: (vendors: VendorSandbox) => string }> = {
  shopify: { key: 'shopify_new_purchase_order', env: 'SHOPIFY_BASE_URL', url: (vendors) => vendors.shopifyBaseUrl },
  zort: { key: 'zort_new_purchase_order_polling', env: 'ZORT_BASE_URL', url: (vendors) => vendors.zortBaseUrl },
  apicbase: {
    key: 'apicbase_new_purchase_order_polling',
    env: 'APICBASE_BASE_URL',
    url: (vendors) => vendors.apicbaseBaseUrl,
  },
};

export const DEMO_SIZES: Record<TransferVendor, number> = { shopify: 2000, zort: 5000, apicbase: 3000 };

/** A Shopify Plus store's bucket: 20,000 points, 1,000 a second. */
export const PLUS_BUCKET = { maximumAvailable: 20_000, restoreRate: 1_000 };
/** Shopify time let pass between pages: the Plus bucket refills whole in 20 s. */
const SHOPIFY_PAGE_GAP_MS = 20_000;

const CREDENTIALS: Credentials = {
  zort_store_name: 'transferstore',
  zort_api_key: 'transfer-zort-key',
  zort_api_secret: 'transfer-zort-secret',
  apicbase_webhook_secret: 'transfer-apicbase-secret',
  apicbase_client_id: 'transfer-apicbase-client-id',
  apicbase_client_secret: 'transfer-apicbase-client-secret',
};
const SHOPIFY_CREDENTIALS: ShopifyCredentials = {
  shopify_store_domain: 'transfer-shop.myshopify.com',
  shopify_client_id: 'transfer-shopify-client-id',
  shopify_client_secret: 'transfer-shopify-client-secret',
};

export type TransferPageStats = { records: number; ms: number; bytes: number };
export type TransferRun = {
  vendor: TransferVendor;
  triggerKey: string;
  size: number;
  /** Purchase orders created while the transfer ran: not part of it. */
  createdDuring: number;
  pages: TransferPageStats[];
  records: PurchaseOrder[];
  /** Every purchase order of the store once, newest first, and nothing created during it. */
  ok: boolean;
  /** Shopify's points charged (the fake charges the requested cost), for Shopify only. */
  shopifyPoints: number | null;
};

/** Seeds `size` purchase orders, oldest first; returns how to create one more, and the ids newest first. */
function seedStore(
  vendor: TransferVendor,
  vendors: VendorSandbox,
  size: number,
): { createOne: () => void; expected: string[] } {
  if (vendor === 'shopify') {
    // One in twenty with 12 lines, more than the first list query reads; one in three ordered.
    const create = (index: number) =>
      vendors.shopify.create({
        ...(index % 3 === 0 ? { status: 'ORDERED' as const } : {}),
        lines: Array.from({ length: index % 20 === 0 ? 12 : 1 }, () => ({})),
      });
    for (let index = 1; index <= size; index += 1) create(index);
    return { createOne: () => create(1), expected: Array.from({ length: size }, (_, index) => String(size - index)) };
  }
  if (vendor === 'zort') {
    let next = 1;
    const create = () => {
      const id = next++;
      vendors.zort.purchaseOrders.create({ ...zortPurchaseOrder, id, number: `PO-${id}` }, Date.now());
    };
    for (let index = 0; index < size; index += 1) create();
    return { createOne: create, expected: Array.from({ length: size }, (_, index) => String(size - index)) };
  }
  vendors.apicbase.seed(size);
  return {
    createOne: () => vendors.apicbase.create(),
    expected: Array.from({ length: size }, (_, index) => `po-${size - index}`),
  };
}

/** One whole transfer of a fresh store of `size` purchase orders, listed oldest first. */
export async function runTransfer(app: object, vendor: TransferVendor, size: number): Promise<TransferRun> {
  const vendors = await startVendorSandbox(0, CREDENTIALS, SHOPIFY_CREDENTIALS, {
    listOrder: 'oldest-first',
    shopifyBucket: PLUS_BUCKET,
  });
  const cache = await startCacheRpc();
  const { key, env, url } = TRIGGERS[vendor];
  const saved = process.env[env];
  process.env[env] = url(vendors);
  const handler = createAppHandler(app);
  const { createOne, expected } = seedStore(vendor, vendors, size);
  let points = 0;
  const handle = vendors.shopify.handle.bind(vendors.shopify);
  vendors.shopify.handle = async (request) => {
    const charged = vendors.shopify.charges.length;
    const reply = await handle(request);
    for (const charge of vendors.shopify.charges.slice(charged)) points += charge;
    return reply;
  };
  let pages: TransferPageStats[] = [];
  const records: PurchaseOrder[] = [];
  let createdDuring = 0;
  try {
    const read = await transferPages<PurchaseOrder>(
      handler,
      {
        method: `triggers.${key}.operation.perform`,
        bundle: { authData: { ...CREDENTIALS, ...SHOPIFY_CREDENTIALS }, inputData: {} },
        storeKey: `transfer-${vendor}-${Date.now()}`,
        rpcBase: cache.url,
      },
      () => {
        // The store goes on while the transfer runs.
        createOne();
        createdDuring += 1;
        if (vendor === 'shopify') vendors.shopifyClock.advance(SHOPIFY_PAGE_GAP_MS);
      },
    );
    pages = read.map((page) => ({
      records: page.records.length,
      ms: page.ms,
      bytes: Buffer.byteLength(JSON.stringify(page.records)),
    }));
    for (const page of read) records.push(...page.records);
  } finally {
    if (saved === undefined) delete process.env[env];
    else process.env[env] = saved;
    await cache.close();
    await vendors.close();
  }
  const ids = records.map((record) => record.purchase_order_id);
  const ok = ids.length === expected.length && ids.every((id, index) => id === expected[index]);
  return {
    vendor,
    triggerKey: key,
    size,
    createdDuring,
    pages,
    records,
    ok,
    shopifyPoints: vendor === 'shopify' ? points : null,
  };
}
