import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import * as esm from 'candescent';
import * as esmTesting from 'candescent/testing';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

const ERROR_TREE = {
  CandescentError: 'Error',
  ConfigurationError: 'CandescentError',
  ValidationError: 'CandescentError',
  ApiConnectionError: 'CandescentError',
  ApiTimeoutError: 'ApiConnectionError',
  DecodeError: 'CandescentError',
  ClientClosedError: 'CandescentError',
  ApiError: 'CandescentError',
  BadRequestError: 'ApiError',
  AuthenticationError: 'ApiError',
  PermissionDeniedError: 'ApiError',
  NotFoundError: 'ApiError',
  RateLimitError: 'ApiError',
  ServerError: 'ApiError',
};

test('package.json version equals the Cargo workspace version and the addon version', () => {
  const pkg = JSON.parse(readFileSync(path.join(here, '..', 'package.json'), 'utf8'));
  const cargo = readFileSync(path.join(here, '..', '..', 'Cargo.toml'), 'utf8');
  const section = cargo.split('[workspace.package]')[1].split('\n[')[0];
  const cargoVersion = /^version\s*=\s*"([^"]+)"/m.exec(section)[1];
  assert.equal(pkg.name, 'candescent');
  assert.equal(pkg.version, cargoVersion);
  assert.equal(esm.VERSION, cargoVersion);
});

test('CommonJS require and ESM import load the same classes', () => {
  const cjs = require('candescent');
  const cjsTesting = require('candescent/testing');
  assert.equal(cjs.Client, esm.Client);
  assert.equal(cjs.RateLimitError, esm.RateLimitError);
  assert.equal(cjsTesting.Emulator, esmTesting.Emulator);
  assert.equal(typeof esm.default, 'object');
});

test('the error tree is real classes with the documented parents', () => {
  for (const [name, parent] of Object.entries(ERROR_TREE)) {
    const cls = esm[name];
    assert.equal(typeof cls, 'function', name);
    const parentClass = parent === 'Error' ? Error : esm[parent];
    assert.equal(Object.getPrototypeOf(cls), parentClass, `${name} extends ${parent}`);
    const err = new cls('boom', { status: 429, code: 'X', transactionId: 't', retryAfter: 3 });
    assert.ok(err instanceof Error && err instanceof esm.CandescentError);
    assert.equal(err.name, name);
    assert.ok(err.stack.startsWith(`${name}: boom`));
    assert.deepEqual([err.status, err.code, err.transactionId, err.retryAfter], [429, 'X', 't', 3]);
  }
});

test('every public name is exported', () => {
  for (const name of ['Client', 'VERSION', ...Object.keys(ERROR_TREE)]) {
    assert.ok(name in esm, name);
  }
  assert.equal(typeof esmTesting.Emulator.start, 'function');
});
