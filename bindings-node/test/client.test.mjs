import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import {
  Client,
  ConfigurationError,
  ValidationError,
  NotFoundError,
  ClientClosedError,
  CandescentError,
} from 'candescent';
import {
  startEmulator,
  withoutCandescentEnv,
  collect,
  HOST_USER_ID,
  LOGIN_ID,
  CHECKING_ID,
  FUTURE_ID,
  FUTURE_USER,
} from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
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

test('new Client({}) with nothing set is a ConfigurationError naming the variable', () => {
  withoutCandescentEnv(() => {
    assert.throws(
      () => new Client({}),
      (err) => err instanceof ConfigurationError && /CANDESCENT_CLIENT_ID/.test(err.message),
    );
    assert.throws(() => new Client(), ConfigurationError);
    assert.throws(() => Client.fromEnv(), ConfigurationError);
  });
});

test('bad settings fail at construction', () => {
  const base = { clientId: 'id', clientSecret: 's', institutionId: '00016', useEnv: false };
  assert.throws(() => new Client({ ...base, baseUrl: 'http://example.com' }), ConfigurationError);
  assert.throws(() => new Client({ ...base, environment: 'nope' }), ConfigurationError);
  assert.throws(() => new Client({ ...base, timeout: -5 }), ConfigurationError);
  assert.throws(() => new Client({ ...base, maxRetries: -1 }), ConfigurationError);
  assert.throws(() => new Client({ ...base, clientId: 42 }), ConfigurationError);
  assert.throws(() => new Client({ ...base, logger: {} }), ConfigurationError);
  assert.throws(() => new Client('nope'), ConfigurationError);
  // Good settings: no traffic, no error.
  new Client({ ...base, environment: 'production', scopes: ['accounts:read'], timeout: 5000, maxRetries: 0 });
});

test('Client.fromEnv reads the CANDESCENT_* variables', async () => {
  await withoutCandescentEnv(async () => {
    process.env.CANDESCENT_CLIENT_ID = emu.clientId;
    process.env.CANDESCENT_CLIENT_SECRET = emu.clientSecret;
    process.env.CANDESCENT_INSTITUTION_ID = emu.institutionId;
    process.env.CANDESCENT_BASE_URL = emu.baseUrl;
    let fromEnv;
    try {
      fromEnv = Client.fromEnv();
    } finally {
      for (const k of ['CLIENT_ID', 'CLIENT_SECRET', 'INSTITUTION_ID', 'BASE_URL']) {
        delete process.env[`CANDESCENT_${k}`];
      }
    }
    const { accounts } = await fromEnv.accounts.list({ hostUserId: HOST_USER_ID });
    assert.ok(accounts.length > 0);
    await fromEnv.close();
  });
});

test('accounts.list by hostUserId and by loginId', async () => {
  const byHost = await client.accounts.list({ hostUserId: HOST_USER_ID });
  const byLogin = await client.accounts.list({ loginId: LOGIN_ID });
  assert.ok(byHost.accounts.length >= 5);
  assert.deepEqual(
    byHost.accounts.map((a) => a.id),
    byLogin.accounts.map((a) => a.id),
  );
  const a = byHost.accounts[0];
  assert.equal(typeof a.id, 'string');
  assert.equal(typeof a.institutionId, 'string');
  assert.equal(typeof a.type.value, 'string');
  assert.equal(typeof a.extra, 'object');
  assert.equal(typeof byHost.extra, 'object');
});

test('accounts.list: hostUserId and loginId together, or neither, is a ValidationError before traffic', async () => {
  const before = (await emu.stats()).requests.accounts;
  await assert.rejects(
    client.accounts.list({ hostUserId: HOST_USER_ID, loginId: LOGIN_ID }),
    ValidationError,
  );
  await assert.rejects(client.accounts.list(), ValidationError);
  await assert.rejects(client.accounts.list({ hostUserId: 5 }), ValidationError);
  await assert.rejects(client.accounts.list({ hostUserId: HOST_USER_ID, view: 'xl' }), ValidationError);
  assert.equal((await emu.stats()).requests.accounts, before);
});

test('accounts.list: filter', async () => {
  const { accounts } = await client.accounts.list({ hostUserId: HOST_USER_ID, filter: "category eq 'LOAN'" });
  assert.ok(accounts.length >= 1);
  for (const a of accounts) assert.equal(a.category, 'LOAN');
  await assert.rejects(
    client.accounts.list({ hostUserId: HOST_USER_ID, filter: 'category eq' }),
    (err) => err instanceof CandescentError && err.status === 400,
  );
});

test('accounts.list: view s and m project fewer fields than the full view', async () => {
  const full = await client.accounts.list({ hostUserId: HOST_USER_ID });
  const small = await client.accounts.list({ hostUserId: HOST_USER_ID, view: 's' });
  const medium = await client.accounts.list({ hostUserId: HOST_USER_ID, view: 'm' });
  const keys = (list) => list.accounts.reduce((n, a) => n + Object.keys(a).length, 0);
  assert.ok(keys(small) < keys(full), 'small view has fewer fields');
  assert.ok(keys(small) <= keys(medium) && keys(medium) <= keys(full));
});

test('accounts.list: crossAccount false leaves out cross-user accounts', async () => {
  const all = await client.accounts.list({ hostUserId: HOST_USER_ID, crossAccount: true });
  const own = await client.accounts.list({ hostUserId: HOST_USER_ID, crossAccount: false });
  assert.ok(all.accounts.some((a) => a.category === 'CROSS_USER_ACCOUNT'));
  assert.ok(!own.accounts.some((a) => a.category === 'CROSS_USER_ACCOUNT'));
});

test('accounts.list: additionalFields', async () => {
  // The document's Account names no additionalInfo; the API sends it in a transaction's
  // StringMap shape, which the table declares (codegen/overrides.toml [models.fields]).
  const { accounts } = await client.accounts.list({ hostUserId: HOST_USER_ID, additionalFields: true });
  const info = accounts.find((a) => a.additionalInfo !== undefined).additionalInfo;
  assert.ok(info.entry.length > 0);
  assert.ok(info.entry.every((e) => typeof e.key === 'string' && typeof e.value === 'string'));
  assert.equal(accounts.find((a) => a.additionalInfo).extra.additionalInfo, undefined);
});

test('accounts.list: institutionCustomerId and skipGroups', async () => {
  const { accounts } = await client.accounts.list({ hostUserId: HOST_USER_ID });
  const customer = accounts.find((a) => a.institutionCustomerId).institutionCustomerId;
  const located = await client.accounts.list({ hostUserId: HOST_USER_ID, institutionCustomerId: customer });
  assert.ok(located.accounts.length > 0);
  for (const a of located.accounts) assert.equal(a.institutionCustomerId, customer);

  const group = await client.accounts.list({ hostUserId: HOST_USER_ID, skipGroups: 0 });
  assert.equal(typeof group.totalGroupCount, 'number');
  assert.ok(group.accounts.length > 0);
});

test('accounts.get', async () => {
  const account = await client.accounts.get(CHECKING_ID, { hostUserId: HOST_USER_ID });
  assert.equal(account.id, CHECKING_ID);
  const byLogin = await client.accounts.get(CHECKING_ID, { loginId: LOGIN_ID, view: 'm', crossAccount: true, additionalFields: false });
  assert.equal(byLogin.id, CHECKING_ID);
  await assert.rejects(client.accounts.get('no-such-account', { hostUserId: HOST_USER_ID }), NotFoundError);
  await assert.rejects(client.accounts.list({ hostUserId: 'nobody' }), (err) => {
    assert.ok(err instanceof NotFoundError);
    assert.equal(err.status, 404);
    assert.equal(err.code, 'ACC_00101');
    assert.match(err.transactionId, /^[0-9a-f-]{36}$/);
    return true;
  });
});

test('money is the exact decimal text the emulator serves', async () => {
  const { accounts } = await client.accounts.list({ hostUserId: HOST_USER_ID });
  const amounts = accounts.flatMap((a) =>
    Object.values(a).filter((v) => v && typeof v === 'object' && 'amount' in v).map((m) => m.amount),
  );
  for (const amount of amounts) assert.equal(typeof amount, 'string');
  for (const exact of ['501306.06', '0.1', '12345678901234.56', '-220']) {
    assert.ok(amounts.includes(exact), `${exact} in ${amounts.join(', ')}`);
  }
  const checking = accounts.find((a) => a.id === CHECKING_ID);
  assert.equal(checking.currentBalance.constructor.name, 'Money');
  assert.deepEqual({ ...checking.currentBalance }, { amount: '12345678901234.56', currencyCode: 'USD' });
  assert.equal(checking.availableBalance.amount, '0.1');
  assert.equal(checking.lastStatementBalance.amount, '-220');
});

test('unknown fields and values are kept in extra, not at top level', async () => {
  const account = await client.accounts.get(FUTURE_ID, { hostUserId: FUTURE_USER });
  assert.equal(account.category, 'FUTURE_CATEGORY');
  assert.equal(account.type.value, 'FUTURE_TYPE');
  assert.equal(account.extra.hostAccountNumber, '00099887766');
  assert.equal(account.extra.ownershipType, 'JOINT');
  assert.equal(account.hostAccountNumber, undefined);
  assert.equal(account.ownershipType, undefined);
});

test('util.inspect masks the account number; the field holds the full value', async () => {
  const account = await client.accounts.get(CHECKING_ID, { hostUserId: HOST_USER_ID });
  assert.equal(account.accountNumber, '3300120071');
  const shown = util.inspect(account, { depth: 5 });
  assert.ok(!shown.includes('3300120071'), shown);
  assert.match(shown, /0071/);
  assert.ok(!Object.keys(account).some((k) => k.startsWith('__')));
  const list = await client.accounts.list({ hostUserId: HOST_USER_ID });
  const listShown = util.inspect(list, { depth: 10 });
  for (const a of list.accounts) {
    if (a.accountNumber.length > 4) assert.ok(!listShown.includes(a.accountNumber), listShown);
  }
  // The numbers are still there for code that needs them.
  assert.ok(JSON.stringify(account).includes('3300120071'));
});

test('transactions.list iterates every page', async () => {
  const params = { accountId: CHECKING_ID, hostUserId: HOST_USER_ID };
  const all = await collect(client.transactions.list(params));
  assert.ok(all.length > 10);
  const paged = await collect(client.transactions.list({ ...params, pageSize: 7 }));
  assert.deepEqual(
    paged.map((t) => t.id),
    all.map((t) => t.id),
  );
  const pages = await collect(client.transactions.list({ ...params, pageSize: 7 }).pages());
  assert.equal(pages.length, Math.ceil(all.length / 7));
  const t = all[0];
  assert.equal(typeof t.id, 'string');
  assert.match(t.transactionDate, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(typeof t.amount.amount, 'string');
  assert.ok(all.some((x) => x.amount && x.amount.amount === '0.1'));
  assert.equal(typeof t.extra, 'object');
});

test('transactions.list options', async () => {
  const params = { accountId: CHECKING_ID, hostUserId: HOST_USER_ID };
  const april = await collect(
    client.transactions.list({ ...params, startDate: '2026-04-01', endDate: '2026-04-30' }),
  );
  assert.ok(april.length > 0);
  for (const t of april) assert.ok(t.transactionDate >= '2026-04-01' && t.transactionDate <= '2026-04-30');
  const credits = await collect(client.transactions.list({ ...params, isCreditTransaction: true }));
  assert.ok(credits.length > 0);
  for (const t of credits) assert.equal(t.isCreditTransaction, true);
  const byLogin = await collect(
    client.transactions.list({ accountId: CHECKING_ID, loginId: LOGIN_ID, retrieveFutureTransactions: true, additionalFields: true, filter: "contains(description, 'Interest')" }),
  );
  assert.ok(byLogin.length >= 1);
  await assert.rejects(collect(client.transactions.list({ ...params, startDate: '04/01/2026' })), ValidationError);
});

test('accessToken and close', async () => {
  const c = emu.client();
  const token = await c.accessToken();
  assert.equal(typeof token, 'string');
  assert.ok(token.length > 10);
  assert.equal(c.closed, false);
  await c.close();
  assert.equal(c.closed, true);
  await assert.rejects(c.accounts.list({ hostUserId: HOST_USER_ID }), ClientClosedError);
  await assert.rejects(c.accessToken(), ClientClosedError);
});

test('a panic in the addon becomes a CandescentError, not a crash', () => {
  // In a child process: the deliberate panic's report goes to the child's stderr, and a crash
  // would show as a non-zero exit instead of taking the test runner down.
  const script = `
    const native = require('../lib/native.cjs');
    const { call, CandescentError } = require('../lib/errors.cjs');
    (async () => {
      for (const sync of [false, true]) {
        const err = await call(() => native.__panicForTests(sync)).then(() => null, (e) => e);
        if (!err || err.constructor !== CandescentError || !/deliberate panic/.test(err.message)) {
          throw new Error('unexpected: ' + err);
        }
      }
      console.log('survived');
    })();`;
  const child = spawnSync(process.execPath, ['-e', script], { cwd: here, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), 'survived');
});

test('routes override endpoint paths; an unknown route name is a ConfigurationError', async () => {
  const gateway = emu.client({
    baseUrl: `${emu.baseUrl}/digitalbanking/stage`,
    routes: { accounts: '/accounts/v1/accounts' },
  });
  try {
    const { accounts } = await gateway.accounts.list({ hostUserId: HOST_USER_ID });
    assert.equal(accounts.length, 6);
  } finally {
    await gateway.close();
  }
  assert.throws(() => emu.client({ routes: { balances: '/v1/balances' } }), ConfigurationError);
});
