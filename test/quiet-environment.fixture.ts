// Run only by quiet-environment.test.ts, in a jest of its own: one test passes, one fails.
it('passes', () => {
  console.log('held back: this test passed');
  expect(true).toBe(true);
});

it('fails', () => {
  console.warn('shown: this test failed');
  expect(true).toBe(false);
});
