// The bad-input table of tests/bad_inputs.json (shared with the Rust core and the Python
// package): every case is refused with the SDK's own error, naming the argument as Node spells
// it, before any traffic, and no secret appears in any message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import util from 'node:util';

import { Client, CandescentError } from 'candescent';
import { startEmulator } from './helpers.mjs';

const table = JSON.parse(readFileSync(new URL('../../tests/bad_inputs.json', import.meta.url), 'utf8'));
const cases = table.cases.filter((c) => (c.only ?? ['node']).includes('node'));
const SECRET = 'canary-secret-7f3a';
const BASE = {
  clientId: 'id',
  clientSecret: SECRET,
  institutionId: '00016',
  baseUrl: 'https://api.example.com',
  useEnv: false,
};

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const { OPS } = createRequire(import.meta.url)('../lib/api.cjs');

/**
 * A typed operation by its SDK name (`recipients.get`): its path parameters are taken out of
 * the args and passed first, as users pass them. A paged answer is read to its first item.
 */
async function callOperation(name, args) {
  const label = `${name.split('.').map(camel).join('.')}()`;
  const op = Object.values(OPS).find((o) => o.label === label);
  assert.ok(op, `no operation ${label}`);
  const params = { ...args };
  const positional = op.path.map((p) => {
    const v = params[p];
    delete params[p];
    return v;
  });
  const path = label.slice(0, -2).split('.');
  const owner = path.slice(0, -1).reduce((o, k) => o[k], client);
  const answer = owner[path.at(-1)](...positional, params);
  if (answer && typeof answer.then !== 'function' && answer[Symbol.asyncIterator]) {
    for await (const item of answer) return item;
    return undefined;
  }
  return answer;
}

function value(v) {
  if (Array.isArray(v)) return v.map(value);
  if (v !== null && typeof v === 'object') {
    if ('$big' in v) return BigInt(v.$big);
    if ('$float' in v) return Number(v.$float);
    if ('$date' in v) return v.$date;
    if ('$wrap' in v) {
      // eslint-disable-next-line no-new-wrappers
      return v.$wrap === 'string_object' ? new String(SECRET) : Buffer.from(SECRET);
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x)]));
  }
  return v;
}

let emu;
let client;
before(async () => {
  emu = await startEmulator();
  client = emu.client();
});
after(async () => {
  await client.close();
  await emu.stop();
});

async function run(c) {
  const args = Object.fromEntries(
    Object.entries(c.args).map(([k, v]) => [c.raw_names ? k : camel(k), value(v)]),
  );
  switch (c.call) {
    case 'client':
      return new Client({ ...BASE, ...args });
    case 'accounts.list':
      return client.accounts.list(args);
    case 'accounts.get': {
      const { accountId, ...rest } = args;
      return client.accounts.get(accountId, rest);
    }
    case 'customers.find':
      return client.customers.find(args);
    case 'accounts.groups':
      for await (const group of client.accounts.groups(args)) return group;
      return undefined;
    case 'request':
      return client.request(args);
    case 'transactions.list':
      for await (const txn of client.transactions.list(args)) return txn;
      return undefined;
    default:
      return callOperation(c.call, args);
  }
}

test('the table has cases', () => assert.ok(cases.length >= 30));

for (const c of cases) {
  test(c.name, async () => {
    const before = await emu.stats();
    let err;
    try {
      await run(c);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof CandescentError, `expected ${c.expect.error}, got ${err}`);
    assert.equal(err.name, c.expect.error, err.message);
    for (const name of c.expect.mentions ?? []) assert.ok(err.message.includes(camel(name)), err.message);
    for (const word of c.expect.words ?? []) assert.ok(err.message.includes(word), err.message);
    assert.doesNotMatch(err.message, /Failed to convert|napi/);
    if (c.expect.secret) {
      for (const text of [err.message, String(err), err.stack, util.inspect(err)]) {
        assert.ok(!text.includes(c.expect.secret), text);
      }
    }
    const after = await emu.stats();
    assert.equal(after.requests.accounts, before.requests.accounts);
    assert.equal(after.requests.transactions, before.requests.transactions);
    assert.deepEqual(after.operations, before.operations, 'no operation reached the emulator');
  });
}
