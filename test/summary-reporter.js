// Ends a jest run with one plain line, "jest: N passed, N failed", that any CI log reader understands.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    console.log(`jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed`);
  }
}
module.exports = SummaryReporter;
