import type { Bundle } from 'zapier-platform-core';

/** A webhook delivery as Zapier hands it to a hook trigger's perform. */
export function hookBundle(
  content: string,
  options: { headers?: Record<string, string>; querystring?: string; authData?: Record<string, string> } = {},
): Partial<Bundle> {
  let cleaned: unknown = {};
  try {
    cleaned = JSON.parse(content);
  } catch {
    cleaned = {};
  }
  return {
    authData: options.authData ?? {},
    inputData: {},
    meta: { isLoadingSample: false, page: 0, limit: -1 } as Bundle['meta'],
    rawRequest: {
      method: 'POST',
      querystring: options.querystring ?? '',
      headers: { 'Http-Content-Type': 'application/json', ...options.headers },
      content,
    },
    cleanedRequest: cleaned,
  };
}

/** Asserts that a promise rejects with Zapier's HaltedError and a message matching `pattern`. */
export async function expectHalted(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  const error = await promise.then(
    () => {
      throw new Error('expected the delivery to be refused, but it produced records');
    },
    (reason: unknown) => reason as Error,
  );
  expect(error.name).toBe('HaltedError');
  expect(error.message).toMatch(pattern);
}

/** z.errors.Error and ThrottledError carry JSON ({message, delay, ...}) in their message. */
export function errorDetails(error: Error): { message: string; delay?: number } {
  try {
    const parsed = JSON.parse(error.message) as { message?: unknown; delay?: unknown };
    if (typeof parsed.message === 'string') {
      return typeof parsed.delay === 'number'
        ? { message: parsed.message, delay: parsed.delay }
        : { message: parsed.message };
    }
  } catch {
    // a plain message
  }
  return { message: error.message };
}
