/** Auto Purchase Orders: three webhook topics, registered by hand in the app; no credentials. */
import type { VendorDescriptor } from '../../descriptor/vendor';
import { apoSample, apoTriggers } from './triggers';
import { AUTO_PURCHASE_ORDERS } from './identity';

export const autoPurchaseOrders: VendorDescriptor = {
  ...AUTO_PURCHASE_ORDERS,
  triggers: [apoTriggers.created, apoTriggers.updated, apoTriggers.completed],
  sample: apoSample('created'),
};
