// Ends a jest run with one plain line, "jest: N passed, N failed", that any CI log reader understands.
// A test file that cannot even run (a syntax error) counts as a failure too, or the line would hide it.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    console.log(`jest: ${results.numPassedTests} passed, ${failed} failed`);
  }
}
module.exports = SummaryReporter;
