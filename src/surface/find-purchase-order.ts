/** Find Purchase Order: one search over every registered vendor with a finder, returning the shared record. */
import type { Bundle, Search, ZObject } from 'zapier-platform-core';
import { joinWords } from '../common/words';
import type { VendorDescriptor } from '../descriptor/vendor';
import { purchaseOrderOutputFields } from '../record/output-fields';
import type { PurchaseOrder } from '../record/purchase-order';
import { VENDORS } from '../vendors';
import { RECORD_NOUN } from './triggers';

const FINDERS = VENDORS.filter(
  (vendor): vendor is VendorDescriptor & Required<Pick<VendorDescriptor, 'finder'>> =>
    vendor.finder !== undefined && !vendor.retired,
);
/** Sources no longer offered whose old Zaps still send them: each answers its retirement sentence. */
const RETIRED = VENDORS.filter((vendor) => vendor.retired !== undefined);
const SOURCES = Object.fromEntries(FINDERS.map((vendor) => [vendor.source, vendor.name]));
const NAMES = joinWords(
  FINDERS.map((vendor) => vendor.name),
  'or',
);
const firstFinder = FINDERS[0];
if (!firstFinder) throw new Error('No registered vendor has a search finder.');

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

export async function findPurchaseOrder(z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> {
  const { source } = bundle.inputData;
  const retired = RETIRED.find((candidate) => candidate.source === source)?.retired;
  if (retired) throw new z.errors.Error(retired.message);
  const vendor = FINDERS.find((candidate) => candidate.source === source);
  if (!vendor) {
    throw new z.errors.Error(
      `Source must be one of ${Object.keys(SOURCES).join(', ')}, not ${JSON.stringify(source)}. Pick it from the list.`,
    );
  }
  return vendor.finder.find(
    z,
    { purchaseOrderId: text(bundle.inputData.purchase_order_id), number: text(bundle.inputData.number) },
    bundle.authData ?? {},
  );
}

export const findPurchaseOrderSearch = {
  key: 'find_purchase_order',
  noun: RECORD_NOUN,
  display: {
    label: 'Find Purchase Order',
    description: `Finds a purchase order in ${NAMES} by its id or number.`,
  },
  operation: {
    inputFields: [
      {
        key: 'source',
        label: 'Source',
        required: true,
        choices: SOURCES,
        helpText: 'The system that holds the purchase order.',
      },
      {
        key: 'purchase_order_id',
        label: 'Purchase Order ID',
        required: false,
        helpText: `The purchase order's id in that system (not its number): the Purchase Order ID field of a trigger, or the number at the end of the purchase order page address in ${NAMES}.`,
      },
      {
        key: 'number',
        label: 'Purchase Order Number',
        required: false,
        helpText: 'The number people see, such as PO-0001. Used when Purchase Order ID is empty.',
      },
    ],
    perform: findPurchaseOrder,
    sample: firstFinder.samples.search,
    outputFields: purchaseOrderOutputFields,
  },
} satisfies Search;
