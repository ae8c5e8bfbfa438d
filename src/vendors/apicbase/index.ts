/** Apicbase: the signed ordering webhook, and the supplier API's order list polled as its stand-in. */
import type { VendorDescriptor } from '../../descriptor/vendor';
import { apicbaseApi, apicbaseApiConnection, apicbaseWebhookConnection } from './connection';
import { apicbaseNewPurchaseOrderPolling } from './polling';
import { apicbaseNewPurchaseOrder, apicbaseSample } from './triggers';

export const apicbase: VendorDescriptor = {
  source: 'apicbase',
  name: 'Apicbase',
  connections: [apicbaseWebhookConnection, apicbaseApiConnection],
  api: apicbaseApi,
  triggers: [apicbaseNewPurchaseOrder, apicbaseNewPurchaseOrderPolling],
  sample: apicbaseSample(),
};
