import { version as platformVersion } from 'zapier-platform-core';
import { authentication } from './surface/authentication';
import { attachVendorCredentials, mapVendorErrors } from './surface/middleware';
import { findPurchaseOrderSearch } from './surface/find-purchase-order';
import { defineTrigger } from './surface/triggers';
import { VENDORS } from './vendors';
import { assertUniqueKeys } from './common/unique-keys';

// package.json sits outside src/, so it is read at run time rather than compiled in.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const packageJson = require('../package.json') as { version: string };

const triggers = assertUniqueKeys(
  VENDORS.flatMap((vendor) => vendor.triggers.map((spec) => defineTrigger(vendor, spec))),
  'trigger key',
);
const searches = [findPurchaseOrderSearch];

const app = {
  version: packageJson.version,
  platformVersion,
  authentication,
  beforeRequest: [attachVendorCredentials],
  afterResponse: [mapVendorErrors],
  triggers: Object.fromEntries(triggers.map((trigger) => [trigger.key, trigger])),
  searches: Object.fromEntries(searches.map((search) => [search.key, search])),
};

export default app;
