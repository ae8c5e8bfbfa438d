/** ZORT: REST-hook and polling triggers for purchase orders, REST hooks for returns, and the search by id or number. */
import type { VendorDescriptor } from '../../descriptor/vendor';
import { getWebhookConfig } from './client';
import { zortApi, zortConnectionGroup } from './connection';
import { zortPollingTriggers } from './polling';
import { findZortPurchaseOrder } from './search';
import { zortSample, zortTriggers } from './triggers';
import { ZORT } from './identity';

export const zort: VendorDescriptor = {
  ...ZORT,
  connections: [
    {
      ...zortConnectionGroup,
      // Through the client, which also reads the error code ZORT may send with HTTP 200.
      check: async (z) => {
        await getWebhookConfig(z);
      },
    },
  ],
  api: zortApi,
  triggers: [...zortTriggers, ...zortPollingTriggers],
  finder: {
    findsByNumber: true,
    find: (z, { purchaseOrderId, number }) => findZortPurchaseOrder(z, purchaseOrderId, number),
  },
  sample: zortSample('purchase_order', null),
};
