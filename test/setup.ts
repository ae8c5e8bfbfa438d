import nock from 'nock';

nock.disableNetConnect();

afterEach(() => {
  // A test that left an expected request unmade fails here, not silently.
  const pending = nock.pendingMocks();
  nock.cleanAll();
  if (pending.length > 0) throw new Error(`Requests expected but not made: ${pending.join(', ')}`);
});
