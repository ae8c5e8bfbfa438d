/** Apicbase: the signed ordering webhook, and the supplier API's order list polled as its stand-in. */
import type { VendorDescriptor } from '../../descriptor/vendor';
import { apicbaseApi, apicbaseApiConnection, apicbaseWebhookConnection } from './connection';
import { apicbaseNewPurchaseOrderPolling } from './polling';
import { apicbaseNewPurchaseOrder, apicbaseSample } from './triggers';
import { APICBASE } from './identity';

export const apicbase: VendorDescriptor = {
  ...APICBASE,
  connections: [apicbaseWebhookConnection, apicbaseApiConnection],
  api: apicbaseApi,
  triggers: [apicbaseNewPurchaseOrder, apicbaseNewPurchaseOrderPolling],
  sample: apicbaseSample(),
};
