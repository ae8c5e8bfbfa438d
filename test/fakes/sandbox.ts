/**
 * The fakes wired together, as the demo and the story tests start them: every vendor fake on one
 * loopback server, the app pointed at it through ZORT_BASE_URL, SHOPIFY_BASE_URL and
 * APICBASE_BASE_URL, and a Zap runner driving the app with the sandbox store's connection.
 */
import { startZapRunner, type AppDefinition, type RunnerLimits, type ZapRunner } from './zapier';
import { startVendorSandbox, type Credentials, type ShopifyCredentials, type VendorSandbox } from './vendors';

/** The sandbox store's connection: what the fakes accept, and what `invoke` needs in `.env`. */
export const SANDBOX_CREDENTIALS: Credentials = {
  zort_store_name: 'sandboxstore',
  zort_api_key: 'sandbox-zort-key',
  zort_api_secret: 'sandbox-zort-secret',
  apicbase_webhook_secret: 'sandbox-apicbase-secret',
  apicbase_client_id: 'sandbox-apicbase-client-id',
  apicbase_client_secret: 'sandbox-apicbase-client-secret',
};
export const SANDBOX_SHOPIFY_CREDENTIALS: ShopifyCredentials = {
  shopify_store_domain: 'sandbox-shop.myshopify.com',
  shopify_client_id: 'sandbox-shopify-client-id',
  shopify_client_secret: 'sandbox-shopify-client-secret',
};

/** The environment variables that point the app at the sandbox, and their values. */
function sandboxEnvironment(vendors: VendorSandbox): Record<string, string> {
  return {
    ZORT_BASE_URL: vendors.zortBaseUrl,
    SHOPIFY_BASE_URL: vendors.shopifyBaseUrl,
    APICBASE_BASE_URL: vendors.apicbaseBaseUrl,
  };
}

export type Sandbox = {
  app: AppDefinition;
  vendors: VendorSandbox;
  runner: ZapRunner;
  environment: Record<string, string>;
  /** Stops both servers and puts the environment back. */
  close: () => Promise<void>;
};

export type SandboxStart = {
  /** The app, or how to load it once the environment points at the sandbox. */
  app: AppDefinition | (() => AppDefinition);
  vendorPort?: number;
  runnerPort?: number;
  limits?: Partial<RunnerLimits>;
};

export async function startSandbox(options: SandboxStart): Promise<Sandbox> {
  const vendors = await startVendorSandbox(options.vendorPort ?? 0, SANDBOX_CREDENTIALS, SANDBOX_SHOPIFY_CREDENTIALS);
  const environment = sandboxEnvironment(vendors);
  const saved = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
  Object.assign(process.env, environment);
  const restore = () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  try {
    const app = typeof options.app === 'function' ? options.app() : options.app;
    const runner = await startZapRunner(
      app,
      options.runnerPort ?? 0,
      { ...SANDBOX_CREDENTIALS, ...SANDBOX_SHOPIFY_CREDENTIALS },
      options.limits,
    );
    return {
      app,
      vendors,
      runner,
      environment,
      close: async () => {
        await runner.close();
        await vendors.close();
        restore();
      },
    };
  } catch (error) {
    await vendors.close();
    restore();
    throw error;
  }
}

type PacingClock = { now: () => number; sleep: (ms: number) => Promise<void> };

/**
 * The app's Shopify pacing clocks made the fake Shopify's: a wait for the cost bucket moves the
 * fake's clock instead of waiting, as a story moves it between polls. Gives back a function that
 * puts the real clocks back.
 */
export function pacingOnFakeClock(vendors: VendorSandbox, clocks: PacingClock[]): () => void {
  const saved = clocks.map((clock) => ({ ...clock }));
  for (const clock of clocks) {
    clock.now = vendors.shopifyClock.now;
    clock.sleep = (ms) => {
      vendors.shopifyClock.advance(ms);
      return Promise.resolve();
    };
  }
  return () => clocks.forEach((clock, index) => Object.assign(clock, saved[index]));
}
