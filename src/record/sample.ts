/**
 * The shared record's sample: the Auto Purchase Orders seed payload through the real mapper
 * (contract section 4). Each trigger shows its own vendor's sample; this one stands for the record.
 */
import { apoSample } from '../vendors/auto-purchase-orders/triggers';

export const purchaseOrderSample = apoSample('created');
