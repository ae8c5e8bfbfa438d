/** The fake Apicbase supplier API (sandbox/apicbase-fake.ts) served over nock, for tests. */
import nock from 'nock';
import { ApicbaseSupplierApi } from '../../sandbox/apicbase-fake';

export type { FakeApicbaseOptions, FakeRequest } from '../../sandbox/apicbase-fake';

/** nock hands a header over as a string or an array of them. */
const header = (value: unknown): string | undefined =>
  Array.isArray(value) ? header(value[0]) : typeof value === 'string' ? value : undefined;

export class FakeApicbase extends ApicbaseSupplierApi {
  /** Serves the fake at `origin` over nock, for every path. */
  serve(origin: string): void {
    const answer = (method: string, uri: string, authorization: unknown, body: string) =>
      this.answer(method, uri, header(authorization), body);
    nock(origin)
      .persist()
      .intercept(/.*/, 'GET')
      .reply(function (uri) {
        return answer('GET', uri, this.req.headers.authorization, '');
      })
      .intercept(/.*/, 'POST')
      .reply(function (uri, body) {
        return answer(
          'POST',
          uri,
          this.req.headers.authorization,
          typeof body === 'string' ? body : JSON.stringify(body),
        );
      });
  }
}
