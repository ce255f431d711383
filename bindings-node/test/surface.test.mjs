// The surface shared with Python and Rust: closed/isClosed, baseUrl, the demo table, and an
// emulator client that ignores the developer's environment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { formatAccounts, ConfigurationError, ValidationError } from 'candescent';
import { startEmulator, collect, HOST_USER_ID, CHECKING_ID } from './helpers.mjs';

let emu;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await emu.stop();
});

test('baseUrl, institutionId, closed and its alias isClosed', async () => {
  const c = emu.client();
  assert.equal(c.baseUrl, emu.baseUrl);
  assert.equal(c.institutionId, emu.institutionId);
  assert.equal(c.closed, false);
  assert.equal(c.isClosed, false);
  await c.close();
  assert.equal(c.closed, true);
  assert.equal(c.isClosed, true);
});

test('Emulator.client() ignores CANDESCENT_* variables', async () => {
  process.env.CANDESCENT_SCOPES = 'nonsense:scope';
  try {
    const c = emu.client();
    const { accounts } = await c.accounts.list({ hostUserId: HOST_USER_ID });
    assert.ok(accounts.length > 0);
    await c.close();
  } finally {
    delete process.env.CANDESCENT_SCOPES;
  }
});

test('messages use the Node spelling', async () => {
  const c = emu.client();
  await assert.rejects(c.accounts.list({}), (e) => e instanceof ValidationError && /hostUserId or loginId/.test(e.message));
  assert.throws(() => emu.client({ clientID: 'x' }), (e) => e instanceof ConfigurationError && /clientId/.test(e.message));
  await c.close();
});

test('pages() and the item iterator read the same transactions', async () => {
  const c = emu.client();
  const params = { accountId: CHECKING_ID, hostUserId: HOST_USER_ID, pageSize: 7 };
  const pages = await collect(c.transactions.list(params).pages());
  assert.ok(pages.every((p) => p.length >= 1 && p.length <= 7));
  const items = await collect(c.transactions.list(params));
  assert.deepEqual(pages.flat().map((t) => t.id), items.map((t) => t.id));
  await c.close();
});

test('the demo table', async () => {
  const c = emu.client();
  const table = formatAccounts(await c.accounts.list({ hostUserId: HOST_USER_ID }));
  const lines = table.split('\n');
  assert.deepEqual(lines[0].split(/\s+/).filter(Boolean), ['NUMBER', 'NAME', 'CATEGORY', 'TYPE', 'AVAILABLE']);
  assert.ok(lines[1].startsWith('****0101'), lines[1]);
  assert.ok(table.includes('501306.06 USD'), table);
  await c.close();
});
