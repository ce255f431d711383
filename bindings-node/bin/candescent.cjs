#!/usr/bin/env node
'use strict';
// The `candescent` command line (`npx candescent`): the Rust program linked into the addon,
// the same as the `candescent` binary. It writes to file descriptors 1 and 2 itself. Nothing
// here may touch `process.stdout` or `process.stderr`: Node would open them as streams and
// put a pipe in non-blocking mode, and the program's writes to a slow reader would fail.
const native = require('../lib/native.cjs');

process.exitCode = native.runCli(['candescent', ...process.argv.slice(2)]);
