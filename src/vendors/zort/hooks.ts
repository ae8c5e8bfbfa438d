/**
 * The ZORT triggers as data (contract section 2): each REST hook's event, method and webhook
 * field, and the polling triggers that stand in for the purchase-order hooks. Read by their
 * declarations (./index.ts) and their code (./triggers.ts, ./polling.ts) alike.
 */
import type { PurchaseOrderEvent } from '../../record/purchase-order';

export type DocumentType = 'purchase_order' | 'purchase_return';

export type ZortHookSpec = {
  key: string;
  method: string;
  field: string;
  event: PurchaseOrderEvent;
  documentType: DocumentType;
  label: string;
  when: string;
  /** The polling trigger that reads the same changes without a webhook, if there is one. */
  polling: keyof typeof ZORT_POLLING_KEYS | null;
};

/** The polling triggers, which read the same purchase-order changes without a webhook. */
export const ZORT_POLLING_KEYS = {
  new: 'zort_new_purchase_order_polling',
  updated: 'zort_updated_purchase_order_polling',
} as const;

export const ZORT_POLLING_LABELS = {
  new: 'New Purchase Order in ZORT (Polling)',
  updated: 'Updated Purchase Order in ZORT (Polling)',
} as const;

export const ZORT_HOOKS: readonly ZortHookSpec[] = [
  {
    key: 'zort_purchase_order_created',
    method: 'ADDPURCHASEORDER',
    field: 'addpurchaseurl',
    event: 'created',
    documentType: 'purchase_order',
    label: 'New Purchase Order in ZORT',
    when: 'a purchase order is created in ZORT',
    polling: 'new',
  },
  {
    key: 'zort_purchase_order_updated',
    method: 'UPDATEPURCHASEORDER',
    field: 'updatepurchaseurl',
    event: 'updated',
    documentType: 'purchase_order',
    label: 'Updated Purchase Order in ZORT',
    when: 'a purchase order or its status is changed in ZORT',
    polling: 'updated',
  },
  {
    key: 'zort_purchase_order_payment_updated',
    method: 'UPDATEPURCHASEORDERPAYMENT',
    field: 'updatepurchasepaymenturl',
    event: 'payment_updated',
    documentType: 'purchase_order',
    label: 'Purchase Order Payment Changed in ZORT',
    when: 'the payments of a purchase order change in ZORT',
    polling: 'updated',
  },
  {
    key: 'zort_purchase_return_created',
    method: 'ADDRETURNPURCHASEORDER',
    field: 'addreturnpurchaseurl',
    event: 'created',
    documentType: 'purchase_return',
    label: 'New Purchase Return in ZORT',
    when: 'a purchase return is created in ZORT',
    polling: null,
  },
  {
    key: 'zort_purchase_return_updated',
    method: 'UPDATERETURNPURCHASEORDER',
    field: 'updatereturnpurchaseurl',
    event: 'updated',
    documentType: 'purchase_return',
    label: 'Updated Purchase Return in ZORT',
    when: 'a purchase return or its status is changed in ZORT',
    polling: null,
  },
  {
    key: 'zort_purchase_return_payment_updated',
    method: 'UPDATERETURNPURCHASEORDERPAYMENT',
    field: 'updatereturnpurchasepaymenturl',
    event: 'payment_updated',
    documentType: 'purchase_return',
    label: 'Purchase Return Payment Changed in ZORT',
    when: 'the payments of a purchase return change in ZORT',
    polling: null,
  },
];

/** The method ZORT names in each hook's delivery URL, by trigger key: what `npm run deliver` plays. */
export const ZORT_HOOK_METHODS: Readonly<Record<string, string>> = Object.fromEntries(
  ZORT_HOOKS.map((spec) => [spec.key, spec.method]),
);
