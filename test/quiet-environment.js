// Keeps `npm test` quiet: what a test prints (console.*, and z.console, which writes through
// console) is held while that test runs and shown only if it fails, under the test's name.
const { Writable } = require('node:stream');
const { BufferedConsole, CustomConsole, getConsoleOutput } = require('@jest/console');
const { TestEnvironment } = require('jest-environment-node');

const testName = (test) => {
  const names = [];
  for (let block = test; block && block.parent; block = block.parent) names.unshift(block.name);
  return names.join(' › ');
};

class QuietEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.projectConfig = config.projectConfig;
    this.globalConfig = config.globalConfig;
    this.held = [];
  }

  handleTestEvent(event) {
    if (event.name === 'test_start') {
      this.fileConsole = this.global.console;
      this.held = [];
      const hold = new Writable({
        write: (chunk, _encoding, done) => {
          this.held.push(String(chunk));
          done();
        },
      });
      // The same block jest prints (type, message, where it was called), kept until the verdict.
      const format = (type, message) =>
        getConsoleOutput(BufferedConsole.write([], type, message, 4), this.projectConfig, this.globalConfig);
      this.global.console = new CustomConsole(hold, hold, format);
    } else if (event.name === 'test_done') {
      this.global.console = this.fileConsole;
      if (event.test.errors.length > 0 && this.held.length > 0) {
        process.stderr.write(`\n  Console of the failed test "${testName(event.test)}":\n${this.held.join('')}\n`);
      }
      this.held = [];
    }
  }
}

module.exports = QuietEnvironment;
