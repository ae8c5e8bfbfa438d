// Zapier's runtime requires this file and never unwraps an ES module's `default`.
module.exports = require('./dist/index.js').default;
