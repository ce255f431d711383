// The operations table of tests/operations.json (shared with the Rust core and the Python
// package): every typed operation called through the generated namespaces against the
// emulator, in the table's order, its answer checked against the values the table expects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { Model, PartialResult } from 'candescent';
import { startEmulator } from './helpers.mjs';

const TABLE = JSON.parse(readFileSync(new URL('../../tests/operations.json', import.meta.url), 'utf8')).cases;
const CASES = TABLE.filter((c) => (c.only ?? ['node']).includes('node'));
const { OPS } = createRequire(import.meta.url)('../lib/api.cjs');

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** A scalar's text, as the Rust runner compares it: booleans lower case, null empty. */
const text = (v) => (v === null || v === undefined ? '' : String(v));

function subset(path, actual, expected) {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    assert.ok(actual.length >= expected.length, `${path}: expected at least ${expected.length} items, got ${actual.length}`);
    expected.forEach((e, i) => subset(`${path}[${i}]`, actual[i], e));
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [k, e] of Object.entries(expected)) subset(`${path}.${k}`, actual[k], e);
  } else if (text(expected) !== text(actual)) {
    // Numbers by value: an amount the server computed may drop a trailing zero.
    const same = expected !== '' && typeof expected !== 'boolean' && Number(expected) === Number(actual);
    assert.ok(same, `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

function count(actual) {
  if (Array.isArray(actual)) return actual.length;
  if (actual !== null && typeof actual === 'object') {
    const lists = Object.values(actual).filter(
      (v) => Array.isArray(v) && v.every((x) => x !== null && typeof x === 'object'),
    );
    return lists.length === 1 ? lists[0].length : undefined;
  }
  return undefined;
}

/** A result as the server's JSON: a model's own, a pager's items, a partial success as {complete, result}. */
function wire(value) {
  if (value instanceof PartialResult) return { complete: value.complete, result: wire(value.result) };
  if (value instanceof Model) return JSON.parse(value.rawJson());
  if (Array.isArray(value)) return value.map(wire);
  return value ?? null;
}

function check(c, outcome, error) {
  const { expect } = c;
  if (error) {
    assert.equal(error.name, expect.error, `failed with ${error.name}: ${error.message}`);
    return;
  }
  assert.ok(!expect.error, `expected ${expect.error}, got ${JSON.stringify(outcome)}`);
  if (expect.empty) assert.equal(outcome, null, `expected no result, got ${JSON.stringify(outcome)}`);
  if ('count' in expect) assert.equal(count(outcome), expect.count, `expected ${expect.count} items`);
  if ('complete' in expect) subset('complete', outcome.complete, expect.complete);
  if ('json' in expect) subset('result', outcome, expect.json);
}

/** Path parameters positionally, as users pass them; the body and the rest in one object. */
async function call(owner, c) {
  const names = c.op.split('.').map(camel);
  const target = names.slice(0, -1).reduce((o, k) => o[k], owner);
  const params = Object.fromEntries(
    Object.entries(c.args ?? {}).map(([k, v]) => [camel(k), v?.bytes !== undefined ? Buffer.from(v.bytes) : v]),
  );
  if (c.body !== undefined) params.body = c.body;
  const answer = target[names.at(-1)](...Object.values(c.path ?? {}), params);
  if (typeof answer?.then === 'function') return answer;
  const items = [];
  for await (const item of answer) items.push(item);
  return items;
}

test('every typed operation has a Node case', () => {
  const named = new Set(CASES.map((c) => c.op.split('.').map(camel).join('.')));
  const missing = Object.values(OPS)
    .map((op) => op.label.slice(0, -2))
    .filter((label) => !named.has(label));
  assert.deepEqual(missing, []);
});

test('every operation answers with its values', async () => {
  const emu = await startEmulator();
  const client = emu.client();
  const user = await client.userSession({ username: 'testUser', password: 'emulator-password' });
  const failures = [];
  try {
    for (const c of CASES) {
      let outcome = null;
      let error = null;
      try {
        outcome = wire(await call(c.as === 'user' ? user : client, c));
      } catch (e) {
        error = e;
      }
      try {
        check(c, outcome, error);
      } catch (e) {
        failures.push(`${c.name}: ${e.message}`);
      }
    }
  } finally {
    await user.close();
    await client.close();
    await emu.stop();
  }
  assert.deepEqual(failures, []);
});

test('the expectations compare values as the Rust runner does', () => {
  subset('result', { a: '1.5' }, { a: '1.50' });
  subset('result', [{ x: true, y: 1 }], [{ x: true }]);
  assert.throws(() => subset('result', { a: '1.5' }, { a: '1.6' }), /expected "1.6"/);
});
