/** Shopify store domains, as connection fields take them and as they go into a header or host. */

/** "https://shop.myshopify.com/" and "SHOP.myshopify.com" both mean "shop.myshopify.com". */
export function normaliseShopDomain(value: string): string {
  return value
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
