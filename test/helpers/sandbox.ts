/** The sandbox (test/fakes/sandbox.ts) for one describe block, driving the app under test over loopback. */
import nock from 'nock';
import app from '../../src';
import { startSandbox, type Sandbox } from '../fakes/sandbox';
import type { RunnerLimits } from '../fakes/zapier';

/** Started before the block's first test, closed after its last; real sockets on loopback only. */
export function useSandbox(limits: Partial<RunnerLimits> = {}): Sandbox {
  const world = {} as Sandbox;
  beforeAll(async () => {
    nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
    Object.assign(world, await startSandbox({ app, limits }));
  });
  afterAll(async () => {
    await world.close();
    nock.disableNetConnect();
  });
  return world;
}
