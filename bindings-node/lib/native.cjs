'use strict';
// The addon is built into the package folder by `npm run build` (napi build); one copy per
// package, so CommonJS and ESM users share the same classes and the same tokio runtime.
const path = require('node:path');

const file = path.join(__dirname, '..', 'candescent.node');
let native;
try {
  native = require(file);
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    throw new Error(
      `candescent: the native addon ${file} is missing; run "npm run build" inside the candescent package folder`,
    );
  }
  throw err;
}
module.exports = native;
