import type { Bundle, ZObject } from 'zapier-platform-core';
import app from '../../src';
import type { TriggerInputField } from '../../src/descriptor/vendor';
import type { PurchaseOrder } from '../../src/record/purchase-order';

type Step<Result> = (z: ZObject, bundle: Bundle) => Promise<Result>;

/** A trigger of the app definition as a test drives it: every step typed, a step it lacks throws. */
export type TriggerUnderTest = {
  key: string;
  noun: string;
  display: { label: string; description: string; directions?: string; hidden?: boolean };
  operation: {
    type: 'hook' | 'polling';
    canPaginate?: boolean;
    inputFields: readonly TriggerInputField[];
    perform: Step<PurchaseOrder[]>;
    performList: Step<PurchaseOrder[]>;
    performSubscribe: Step<Record<string, unknown>>;
    performUnsubscribe: Step<Record<string, unknown>>;
    sample: PurchaseOrder;
  };
};

/** The app definition's trigger `key`, as Zapier runs it. */
export function appTrigger(key: string): TriggerUnderTest {
  const trigger = app.triggers[key];
  if (!trigger) throw new Error(`The app has no trigger ${key}.`);
  const operation = trigger.operation as Partial<TriggerUnderTest['operation']>;
  const lacks = (step: string) => () => Promise.reject(new Error(`${key} has no ${step}.`));
  return {
    ...trigger,
    operation: {
      ...trigger.operation,
      inputFields: operation.inputFields ?? [],
      performList: operation.performList ?? lacks('performList'),
      performSubscribe: operation.performSubscribe ?? lacks('performSubscribe'),
      performUnsubscribe: operation.performUnsubscribe ?? lacks('performUnsubscribe'),
    },
  };
}
