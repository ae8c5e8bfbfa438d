import { version as platformVersion } from 'zapier-platform-core';
import { authentication } from './authentication';
import { attachVendorCredentials, mapVendorErrors } from './middleware';
import { apoTriggers } from './vendors/auto-purchase-orders/triggers';

// package.json sits outside src/, so it is read at run time rather than compiled in.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const packageJson = require('../package.json') as { version: string };

const triggers = [apoTriggers.created, apoTriggers.updated, apoTriggers.completed];

const app = {
  version: packageJson.version,
  platformVersion,
  authentication,
  beforeRequest: [attachVendorCredentials],
  afterResponse: [mapVendorErrors],
  triggers: Object.fromEntries(triggers.map((trigger) => [trigger.key, trigger])),
  searches: {},
};

export default app;
