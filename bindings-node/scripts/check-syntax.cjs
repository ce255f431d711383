'use strict';
// A dependency-free lint: every JS file of the package must parse (`node --check`).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const files = ['bin', 'lib', 'examples', 'test', 'scripts'].flatMap((dir) =>
  fs
    .readdirSync(path.join(root, dir))
    .filter((f) => /\.(c|m)?js$/.test(f))
    .map((f) => path.join(dir, f)),
);
for (const file of files) {
  execFileSync(process.execPath, ['--check', path.join(root, file)], { stdio: 'inherit' });
}
console.log(`node --check: ${files.length} files parse`);
