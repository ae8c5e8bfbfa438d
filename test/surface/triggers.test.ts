/** The trigger builder: a trigger's code loads on its first run, once. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { defineTrigger } from '../../src/surface/triggers';
import type { TriggerOperations, TriggerSpec } from '../../src/descriptor/vendor';
import { autoPurchaseOrders } from '../../src/vendors/auto-purchase-orders';

const z = {} as ZObject;
const bundle = {} as Bundle;

function specLoading(load: TriggerSpec['load']): TriggerSpec {
  return { key: 'apo_purchase_order_created', kind: 'polling', label: 'New', description: 'Triggers when.', load };
}

describe("a trigger's code", () => {
  it('loads once, on the first run, for every later run', async () => {
    const operations: TriggerOperations = { perform: () => [] };
    const load = jest.fn(() => Promise.resolve(operations));
    const trigger = defineTrigger(autoPurchaseOrders, specLoading(load));
    expect(load).not.toHaveBeenCalled();
    await trigger.operation.perform(z, bundle);
    await trigger.operation.perform(z, bundle);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('that failed to load is loaded again on the next run, not failed for the life of the process', async () => {
    const operations: TriggerOperations = { perform: () => [] };
    const load = jest
      .fn<Promise<TriggerOperations>, []>()
      .mockRejectedValueOnce(new Error('EMFILE: too many open files'))
      .mockResolvedValue(operations);
    const trigger = defineTrigger(autoPurchaseOrders, specLoading(load));
    await expect(trigger.operation.perform(z, bundle)).rejects.toThrow('EMFILE');
    await expect(trigger.operation.perform(z, bundle)).resolves.toEqual([]);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
