'use strict';
// The native addon, loaded once per process so CommonJS and ESM users share the same classes
// and the same tokio runtime. Where it comes from: see native-loader.cjs.
module.exports = require('./native-loader.cjs').loadNative().addon;
