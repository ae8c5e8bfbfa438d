/** The Status input of New and Updated Purchase Order in Shopify: read by their code, shown by their definition. */
export const STATUS_LABELS = { draft: 'Draft', ordered: 'Ordered', archived: 'Archived' } as const;
export type StatusChoice = keyof typeof STATUS_LABELS;

export const statusInput = {
  key: 'status',
  label: 'Status',
  required: false,
  choices: STATUS_LABELS,
  helpText:
    'Only purchase orders with this status in Shopify (Shopify admin > **Products > Purchase orders**): Draft (not marked as ordered yet), Ordered, or Archived (closed). Leave empty for every purchase order.',
};
