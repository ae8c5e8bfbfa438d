/** Auto Purchase Orders: three webhook topics, registered by hand in the app; no credentials. */
import type { VendorDescriptor } from '../../descriptor/vendor';
import { apoSample, apoTriggers } from './triggers';

export const autoPurchaseOrders: VendorDescriptor = {
  source: 'auto_purchase_orders',
  name: 'Auto Purchase Orders',
  triggers: [apoTriggers.created, apoTriggers.updated, apoTriggers.completed],
  sample: apoSample('created'),
};
