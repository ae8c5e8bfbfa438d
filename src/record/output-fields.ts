/**
 * The output fields every trigger and search shares. Nested objects use Zapier's `parent__child`
 * keys; line items are declared with `children` so the Zap editor offers them as line items
 * (one Google Sheets row per item, for example).
 */
export type OutputField = {
  key: string;
  label: string;
  type?: 'string' | 'number' | 'integer' | 'datetime';
  children?: OutputField[];
};

const addressFields = (prefix: string, label: string): OutputField[] => [
  { key: `${prefix}__company`, label: `${label} Company` },
  { key: `${prefix}__contact_name`, label: `${label} Contact Name` },
  { key: `${prefix}__phone`, label: `${label} Phone` },
  { key: `${prefix}__line1`, label: `${label} Line 1` },
  { key: `${prefix}__line2`, label: `${label} Line 2` },
  { key: `${prefix}__city`, label: `${label} City` },
  { key: `${prefix}__region`, label: `${label} Region` },
  { key: `${prefix}__postal_code`, label: `${label} Postal Code` },
  { key: `${prefix}__country`, label: `${label} Country` },
  { key: `${prefix}__country_code`, label: `${label} Country Code` },
];

const lineItemFields: OutputField[] = [
  { key: 'id', label: 'Line Item ID' },
  { key: 'sku', label: 'Line Item SKU' },
  { key: 'supplier_sku', label: 'Line Item Supplier SKU' },
  { key: 'title', label: 'Line Item Title' },
  { key: 'variant_title', label: 'Line Item Variant Title' },
  { key: 'quantity', label: 'Line Item Quantity', type: 'number' },
  { key: 'unit_cost', label: 'Line Item Unit Cost' },
  { key: 'total', label: 'Line Item Total' },
  { key: 'tax_rate', label: 'Line Item Tax Rate' },
  { key: 'product_id', label: 'Line Item Product ID' },
  { key: 'variant_id', label: 'Line Item Variant ID' },
  { key: 'status', label: 'Line Item Status' },
  { key: 'received_at', label: 'Line Item Received At' },
];

export const purchaseOrderOutputFields: OutputField[] = [
  { key: 'id', label: 'Event ID' },
  { key: 'source', label: 'Source' },
  { key: 'event', label: 'Event' },
  { key: 'document_type', label: 'Document Type' },
  { key: 'purchase_order_id', label: 'Purchase Order ID' },
  { key: 'number', label: 'Purchase Order Number' },
  { key: 'status', label: 'Status' },
  { key: 'vendor_status', label: 'Vendor Status' },
  { key: 'payment_status', label: 'Payment Status' },
  { key: 'currency', label: 'Currency' },
  { key: 'supplier__id', label: 'Supplier ID' },
  { key: 'supplier__name', label: 'Supplier Name' },
  { key: 'supplier__email', label: 'Supplier Email' },
  { key: 'supplier__phone', label: 'Supplier Phone' },
  { key: 'supplier__customer_number', label: 'Supplier Customer Number' },
  { key: 'created_at', label: 'Created At', type: 'datetime' },
  { key: 'updated_at', label: 'Updated At', type: 'datetime' },
  { key: 'ordered_at', label: 'Ordered At', type: 'datetime' },
  { key: 'completed_at', label: 'Completed At', type: 'datetime' },
  { key: 'expected_on', label: 'Expected On' },
  { key: 'notes', label: 'Notes' },
  ...addressFields('billing_address', 'Billing Address'),
  ...addressFields('shipping_address', 'Shipping Address'),
  { key: 'line_items', label: 'Line Items', children: lineItemFields },
  { key: 'line_item_count', label: 'Line Item Count', type: 'integer' },
  { key: 'total_quantity', label: 'Total Quantity', type: 'number' },
  { key: 'subtotal', label: 'Subtotal' },
  { key: 'shipping', label: 'Shipping' },
  { key: 'adjustments', label: 'Adjustments' },
  { key: 'total', label: 'Total' },
];
