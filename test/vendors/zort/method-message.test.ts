/**
 * Review of ZORT's method-mismatch refusal (break23): the method is echoed from the delivery's
 * address whole, so a long one makes a message the length of the address.
 */
import { errors, type Bundle, type ZObject } from 'zapier-platform-core';
import { appTrigger } from '../../helpers/triggers';
import { TRIGGER_KEYS } from '../../helpers/contract-keys';

const z = { errors } as unknown as ZObject;
const zortCreated = appTrigger(TRIGGER_KEYS.zortCreated);

describe('a ZORT delivery whose method is 10,000 characters long', () => {
  it('is refused with a message that shows the method cut short, as other values are', async () => {
    const method = 'A'.repeat(10_000);
    const error = await Promise.resolve()
      .then(() =>
        zortCreated.operation.perform(z, {
          rawRequest: { content: '{}', querystring: `method=${method}`, headers: { 'Http-Authorization': 'Basic k' } },
          subscribeData: { key1: 'k' },
        } as unknown as Bundle),
      )
      .then(
        () => {
          throw new Error('expected a HaltedError');
        },
        (reason: Error) => reason,
      );
    expect(error.name).toBe('HaltedError');
    expect(error.message).toMatch(/^Refused this ZORT delivery: it was sent for ZORT's "A+…?" webhook/);
    expect(error.message.length).toBeLessThan(1_000);
  });
});
