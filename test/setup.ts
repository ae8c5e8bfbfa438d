import nock from 'nock';

nock.disableNetConnect();

afterEach(() => {
  // A test that left an expected request unmade fails here, not silently.
  const pending = nock.pendingMocks();
  nock.cleanAll();
  if (pending.length > 0) throw new Error(`Requests expected but not made: ${pending.join(', ')}`);
});

// Each test file loads its own copy of nock, which wraps http.request again; unwrap this copy
// when the file is done, so a later file in the same worker starts from Node's own http.
afterAll(() => {
  nock.restore();
});
