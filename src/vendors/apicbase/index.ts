/** Apicbase: the signed ordering webhook, verified with the connection's secret. */
import type { VendorDescriptor } from '../../common/vendor';
import { apicbaseConnection } from './connection';
import { apicbaseNewPurchaseOrder, apicbaseSample } from './triggers';

export const apicbase: VendorDescriptor = {
  source: 'apicbase',
  name: 'Apicbase',
  connection: apicbaseConnection,
  triggers: [apicbaseNewPurchaseOrder],
  sample: apicbaseSample(),
};
