/** The Auto Purchase Orders webhook topics, one trigger each. */
import type { ApoEvent } from './mapper';

export const APO_TOPICS: Record<ApoEvent, { key: string; topic: string; label: string; when: string }> = {
  created: {
    key: 'apo_purchase_order_created',
    topic: 'purchase_orders/create',
    label: 'New Purchase Order in Auto Purchase Orders',
    when: 'a purchase order is created',
  },
  updated: {
    key: 'apo_purchase_order_updated',
    topic: 'purchase_orders/update',
    label: 'Updated Purchase Order in Auto Purchase Orders',
    when: 'a purchase order is updated',
  },
  completed: {
    key: 'apo_purchase_order_completed',
    topic: 'purchase_orders/complete',
    label: 'Completed Purchase Order in Auto Purchase Orders',
    when: 'a purchase order is marked as complete',
  },
};
