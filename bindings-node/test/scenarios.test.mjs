// Runs the cross-language scenarios of ../../tests/scenarios.json (shared with the Rust core and
// the Python package) through the Node surface: snake_case names become camelCase, the
// client's timeout in seconds becomes milliseconds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import * as candescent from 'candescent';
import { startEmulator, collect } from './helpers.mjs';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'scenarios.json');
// A missing file must fail the suite, not skip it.
const scenarios = JSON.parse(readFileSync(file, 'utf8')).scenarios;
assert.ok(scenarios.length > 0, 'no scenarios found');

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const camelKeys = (obj) => Object.fromEntries(Object.entries(obj ?? {}).map(([k, v]) => [camel(k), v]));

function clientOptions(overrides) {
  const options = camelKeys(overrides);
  if (options.timeout !== undefined) options.timeout *= 1000;
  return options;
}

/** Every money amount in a result, wherever it sits (balances, transaction amounts). */
function amounts(value, out = []) {
  if (Array.isArray(value)) value.forEach((v) => amounts(v, out));
  else if (value && typeof value === 'object') {
    if (typeof value.amount === 'string') out.push(value.amount);
    Object.values(value).forEach((v) => amounts(v, out));
  }
  return out;
}

let emu;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await emu.stop();
});

async function resolveReferences(params) {
  const out = { ...params };
  for (const [key, value] of Object.entries(out)) {
    const ref = typeof value === 'string' && /^@first-account-of:(.+)$/.exec(value);
    if (ref) {
      const helper = emu.client();
      const { accounts } = await helper.accounts.list({ hostUserId: ref[1] });
      out[key] = accounts[0].id;
    }
  }
  return out;
}

async function run(client, method, params) {
  switch (method) {
    case 'accounts.list':
      return (await client.accounts.list(params)).accounts;
    case 'accounts.get': {
      const { accountId, ...rest } = params;
      return [await client.accounts.get(accountId, rest)];
    }
    case 'transactions.list':
      return collect(client.transactions.list(params));
    case 'access_token':
      return [await client.accessToken()];
    default:
      throw new Error(`unknown scenario method ${method}`);
  }
}

for (const scenario of scenarios) {
  test(`scenario: ${scenario.name}`, async () => {
    const params = camelKeys(await resolveReferences(scenario.call.params));
    await emu.reset();
    const client = emu.client(clientOptions(scenario.client));
    try {
      for (const step of scenario.setup ?? []) {
        if (step.warm_up) await client.accessToken();
        if (step.fault) await emu.injectFault(camelKeys(step.fault));
        if (step.revoke_tokens) await emu.revokeTokens();
        if (step.expire_tokens) await emu.expireTokens();
      }
      const expect = scenario.expect;
      let result;
      let error;
      try {
        result = await run(client, scenario.call.method, params);
      } catch (err) {
        error = err;
      }
      if (expect.error) {
        assert.ok(error, `expected ${expect.error}, got a result`);
        assert.ok(error instanceof candescent[expect.error], `expected ${expect.error}, got ${error.name}: ${error.message}`);
        assert.ok(error instanceof candescent.CandescentError);
        if (expect.status !== undefined) assert.equal(error.status, expect.status);
        if (expect.code !== undefined) assert.equal(error.code, expect.code);
        if (expect.retry_after !== undefined) assert.equal(error.retryAfter, expect.retry_after);
      } else {
        if (error) throw error;
        if (expect.count !== undefined) assert.equal(result.length, expect.count);
        if (expect.min_count !== undefined) assert.ok(result.length >= expect.min_count, `${result.length} results`);
        const ids = result.map((r) => r && r.id);
        if (expect.unique_ids) assert.equal(new Set(ids).size, ids.length);
        for (const id of expect.ids ?? []) assert.ok(ids.includes(id), `id ${id}`);
        const found = amounts(result);
        for (const amount of expect.amounts ?? []) assert.ok(found.includes(amount), `${amount} in ${found.join(', ')}`);
      }
      const stats = await emu.stats();
      for (const [key, value] of Object.entries(scenario.stats ?? {})) {
        const actual = key === 'tokens_issued' ? stats.tokensIssued : stats.requests[key];
        assert.equal(actual, value, `stats.${key}`);
      }
    } finally {
      await client.close();
    }
  });
}
