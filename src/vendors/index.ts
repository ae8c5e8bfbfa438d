/** The vendor registry: adding a source is its folder and one line here. */
import type { VendorDescriptor } from '../descriptor/vendor';
import { apicbase } from './apicbase';
import { autoPurchaseOrders } from './auto-purchase-orders';
import { shopify } from './shopify';
import { stocky } from './stocky';
import { zort } from './zort';

export const VENDORS: readonly VendorDescriptor[] = [autoPurchaseOrders, shopify, stocky, zort, apicbase];
