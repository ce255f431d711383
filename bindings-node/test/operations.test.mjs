// The generic machinery every operation goes through, on the operations the emulator serves:
// the table the namespaces are generated from, per-call options and withOptions(), AbortSignal,
// withRawResponse, the models' classes, masks and rawJson(), and the state both clients and
// sessions report.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import util from 'node:util';

import {
  AbortError,
  Account,
  AccountGroup,
  AccountList,
  ApiTimeoutError,
  CandescentError,
  Client,
  CustomerProfile,
  Customer,
  Model,
  Money,
  RawResponse,
  ServerError,
  Transaction,
  TransactionList,
  ValidationError,
} from 'candescent';
import { Emulator } from 'candescent/testing';
import { startEmulator, collect, HOST_USER_ID, LOGIN_ID, CHECKING_ID } from './helpers.mjs';

const require = createRequire(import.meta.url);
const { OPS } = require('../lib/api.cjs');
const native = require('../lib/native.cjs');

let emu;
let client;
before(async () => {
  emu = await startEmulator();
});
beforeEach(async () => {
  if (client) await client.close();
  await emu.reset();
  client = emu.client();
});
after(async () => {
  await client.close();
  await emu.stop();
});

/** The method of `target` at a dotted camelCase path (`business.payments.ach.list`). */
function method(target, label) {
  const parts = label.replace(/\(\)$/, '').split('.');
  const name = parts.pop();
  const ns = parts.reduce((at, part) => at?.[part], target);
  return typeof ns?.[name] === 'function' ? ns[name] : null;
}

test('every generated method names its operation by its index in the core table', () => {
  const ids = native.operationIds();
  const ops = Object.values(OPS);
  assert.equal(ops.length, 81, 'the 81 typed operations');
  for (const op of ops) assert.equal(ids[op.index], op.id, op.label);
  assert.equal(new Set(ops.map((op) => op.index)).size, ops.length);
});

test('every operation is a method of the client, of withRawResponse and of a session', async () => {
  const session = await client.userSession({ username: LOGIN_ID, password: 'emulator-password' });
  try {
    for (const op of Object.values(OPS)) {
      assert.ok(method(client, op.label), `client.${op.label}`);
      assert.ok(method(client.withRawResponse, op.label), `client.withRawResponse.${op.label}`);
      assert.ok(method(session, op.label), `session.${op.label}`);
    }
    assert.equal(typeof client.campaigns.jobs.wait, 'function');
    assert.equal(typeof client.campaigns.userLists.wait, 'function');
    assert.equal(typeof client.accounts.groups, 'function');
    assert.throws(() => { client.accounts = null; }, TypeError);
  } finally {
    await session.close();
  }
});

test('sessions and clients report one set of state names', async () => {
  const session = await client.userSession({ username: LOGIN_ID, password: 'emulator-password' });
  for (const target of [client, session]) {
    assert.equal(target.closed, false);
    assert.equal(target.isClosed, false);
  }
  await session.close();
  assert.equal(session.closed, true);
  assert.equal(session.isClosed, true);
  assert.equal(client.isClosed, false);
});

test('per-call options: retries, timeout, unknown names refused before any traffic', async () => {
  await emu.injectFault({ route: 'accounts', kind: 'status', status: 503, retryAfter: 0 });
  await assert.rejects(client.accounts.list({ hostUserId: HOST_USER_ID }, { maxRetries: 0 }), ServerError);
  assert.equal((await emu.stats()).requests.accounts, 1);

  await emu.injectFault({ route: 'accounts', kind: 'stall', stallMs: 5000 });
  const started = performance.now();
  await assert.rejects(client.accounts.list({ hostUserId: HOST_USER_ID }, { timeout: 200, maxRetries: 0 }), ApiTimeoutError);
  assert.ok(performance.now() - started < 4000);

  const before = (await emu.stats()).requests.accounts;
  await assert.rejects(
    client.accounts.list({ hostUserId: HOST_USER_ID }, { retries: 1 }),
    (e) => e instanceof ValidationError && /maxRetries/.test(e.message),
  );
  await assert.rejects(client.accounts.list({ hostUserId: HOST_USER_ID }, { timeout: -5 }), ValidationError);
  await assert.rejects(client.accounts.list({ hostUserId: HOST_USER_ID }, { signal: 'soon' }), ValidationError);
  await assert.rejects(client.accounts.list({ hostUserId: HOST_USER_ID }, 'fast'), ValidationError);
  assert.equal((await emu.stats()).requests.accounts, before);
});

test('withOptions shares the token and the state, with its own defaults', async () => {
  const quick = client.withOptions({ timeout: 200, maxRetries: 0 });
  assert.ok(quick instanceof Client);
  assert.equal(quick.baseUrl, client.baseUrl);
  await client.accessToken();
  assert.equal((await quick.accounts.list({ hostUserId: HOST_USER_ID })).accounts.length, 6);
  assert.equal((await emu.stats()).tokensIssued, 1, 'one token for both');

  await emu.injectFault({ route: 'accounts', kind: 'stall', stallMs: 5000 });
  await assert.rejects(quick.accounts.list({ hostUserId: HOST_USER_ID }), ApiTimeoutError);
  // A call's own options still win over the handle's.
  await emu.injectFault({ route: 'accounts', kind: 'status', status: 503, retryAfter: 0 });
  assert.equal((await quick.accounts.list({ hostUserId: HOST_USER_ID }, { maxRetries: 1 })).accounts.length, 6);

  assert.throws(() => client.withOptions({ maxRetries: -1 }), ValidationError);
  assert.throws(() => client.withOptions({ timout: 100 }), (e) => e instanceof ValidationError && /timeout/.test(e.message));
  await quick.close();
  assert.equal(client.closed, true, 'closing either closes both');
});

test('an aborted signal ends the call with AbortError, and nothing is sent', async () => {
  const controller = new AbortController();
  controller.abort(new Error('changed my mind'));
  const before = (await emu.stats()).requests.accounts;
  await assert.rejects(client.accounts.list({ hostUserId: HOST_USER_ID }, { signal: controller.signal }), (e) => {
    assert.ok(e instanceof AbortError);
    assert.ok(e instanceof CandescentError);
    assert.equal(e.name, 'AbortError');
    assert.equal(e.code, 'ABORT_ERR');
    assert.equal(e.cause.message, 'changed my mind');
    return true;
  });
  assert.equal((await emu.stats()).requests.accounts, before);
});

test('a signal that fires during the request drops it at once', async () => {
  await emu.injectFault({ route: 'account', kind: 'stall', stallMs: 10_000 });
  const started = performance.now();
  await assert.rejects(
    client.accounts.get(CHECKING_ID, { hostUserId: HOST_USER_ID }, { signal: AbortSignal.timeout(100) }),
    (e) => e instanceof AbortError && e.cause?.name === 'TimeoutError',
  );
  assert.ok(performance.now() - started < 5000);
  // The client is fine afterwards.
  assert.equal((await client.accounts.get(CHECKING_ID, { hostUserId: HOST_USER_ID })).id, CHECKING_ID);
});

test('a signal applies to every page of a paged call and to request()', async () => {
  const controller = new AbortController();
  const params = { accountId: CHECKING_ID, hostUserId: HOST_USER_ID, pageSize: 2 };
  const seen = [];
  await assert.rejects(async () => {
    for await (const txn of client.transactions.list(params, { signal: controller.signal })) {
      seen.push(txn);
      if (seen.length === 3) controller.abort();
    }
  }, AbortError);
  // The page in hand is handed out whole; the abort stops the next page's request.
  assert.equal(seen.length, 4);
  const gone = new AbortController();
  gone.abort();
  await assert.rejects(client.request({ method: 'GET', path: '/v1/institution-disclosures', signal: gone.signal }), AbortError);
});

test('withRawResponse: status, headers and transactionId for a call and a paged call', async () => {
  const raw = await client.withRawResponse.accounts.get(CHECKING_ID, { hostUserId: HOST_USER_ID });
  assert.ok(raw instanceof RawResponse);
  assert.equal(raw.status, 200);
  assert.match(raw.transactionId, /^[0-9a-f-]{36}$/);
  assert.equal(raw.headers.get('content-type'), 'application/json');
  assert.ok(raw.parse() instanceof Account);
  // A paged call's raw answer is its first page, as pages() reads it.
  const params = { accountId: CHECKING_ID, hostUserId: HOST_USER_ID, pageSize: 5 };
  const first = (await client.withRawResponse.transactions.list(params)).parse();
  assert.ok(first instanceof TransactionList);
  assert.ok(first.transactions[0] instanceof Transaction);
  const [firstPage] = await collect(client.transactions.list(params).pages());
  assert.deepEqual(first.transactions.map((t) => t.id), firstPage.map((t) => t.id));
  assert.ok(firstPage.length < (await collect(client.transactions.list(params))).length);
  assert.throws(() => client.withRawResponse.accounts.groups({ loginId: 'gen-12' }), TypeError);
  await assert.rejects(client.withRawResponse.campaigns.jobs.wait('00000000-0000-4000-8000-000000000000'), TypeError);
});

test('paged calls keep the last response and read pages only as asked', async () => {
  const txns = client.transactions.list({ accountId: CHECKING_ID, hostUserId: HOST_USER_ID, pageSize: 4 });
  assert.equal(txns.lastResponse, null);
  const iterator = txns.pages()[Symbol.asyncIterator]();
  const { value: first } = await iterator.next();
  assert.equal(first.length, 4);
  assert.equal(txns.lastResponse.status, 200);
  assert.equal((await emu.stats()).requests.transactions, 1);
  await iterator.return();
  // A refused argument rejects the first next(), not the call that made the iterable.
  const bad = client.transactions.list({ accountId: CHECKING_ID, hostUserId: HOST_USER_ID, pageSize: 1.5 });
  await assert.rejects(collect(bad), (e) => e instanceof ValidationError && /pageSize/.test(e.message));
});

test('the native pager reads item by item or page by page from one shared buffer', async () => {
  const { args, tagged } = require('../lib/args.cjs');
  const settings = { baseUrl: emu.baseUrl, clientId: emu.clientId, clientSecret: emu.clientSecret, institutionId: emu.institutionId, useEnv: false };
  const c = new native.NativeClient(args(settings, 'options', Error), null);
  const params = tagged({ accountId: CHECKING_ID, hostUserId: HOST_USER_ID, pageSize: 4 }, 'params', Error);
  const pager = c.pager(OPS.transactionsList.index, params, null);
  const first = JSON.parse(await pager.next(0));
  const rest = JSON.parse(await pager.nextPage(0));
  assert.equal(typeof first.id, 'string');
  assert.equal(rest.length, 3, 'the rest of the first page');
  assert.equal(pager.lastResponse().status, 200);
  await c.close();
});

test('answers are model classes all the way down, exported from the package', async () => {
  const list = await client.accounts.list({ hostUserId: HOST_USER_ID });
  assert.ok(list instanceof AccountList && list instanceof Model);
  const account = list.accounts.find((a) => a.id === CHECKING_ID);
  assert.ok(account instanceof Account);
  assert.ok(account.currentBalance instanceof Money);
  assert.equal(account.type.constructor.name, 'AccountType');
  assert.equal(account.accountType, account.type, 'accountType is a second name of type');
  assert.ok(!Object.keys(account).includes('accountType'));
  assert.ok(!JSON.stringify(account).includes('"accountType"'));
  const profile = await client.customers.find({ loginId: 'gen-12' });
  assert.ok(profile instanceof CustomerProfile);
  assert.ok(profile.customers.every((c) => c instanceof Customer));
  const groups = await collect(client.accounts.groups({ loginId: 'gen-12' }));
  assert.ok(groups.every((g) => g instanceof AccountGroup && g.accounts instanceof AccountList));
  assert.ok(groups.every((g) => g.accounts.accounts.every((a) => a instanceof Account && typeof a.extra === 'object')));
  const txn = (await collect(client.transactions.list({ accountId: CHECKING_ID, hostUserId: HOST_USER_ID })))[0];
  assert.equal(txn.transactionType, txn.type);
});

test('rawJson gives the server JSON of any model, nested ones too, numbers exact', async () => {
  const account = await client.accounts.get(CHECKING_ID, { hostUserId: HOST_USER_ID });
  const money = JSON.parse(account.currentBalance.rawJson().replace(/:(\d+\.\d+)/, ':"$1"'));
  assert.deepEqual(money, { currencyCode: 'USD', amount: '12345678901234.56' });
  assert.match(account.rawJson(), /"amount":12345678901234\.56[,}]/);
  const profile = await client.customers.find({ loginId: 'gen-12' });
  assert.equal(JSON.parse(profile.customers[0].rawJson()).customerId, profile.customers[0].customerId);
  const [group] = await collect(client.accounts.groups({ loginId: 'gen-12' }));
  assert.throws(() => group.rawJson(), TypeError, 'a group is not an answer of the API');
});

test('util.inspect masks every field the table marks as personal data, in every model', async () => {
  const profile = await client.customers.find({ loginId: 'gen-12' });
  const shown = util.inspect(profile, { depth: 10 });
  for (const c of profile.customers) {
    for (const value of [c.memberNumber, c.hostLoginId]) {
      if (typeof value === 'string' && value.length > 4) assert.ok(!shown.includes(value), shown);
    }
  }
  assert.match(shown, /CustomerProfile \{/);
  assert.match(shown, /memberNumber: '\*\*\*\*\d{4}'/);
  const list = await client.accounts.list({ hostUserId: HOST_USER_ID });
  const listShown = util.inspect(list, { depth: 10 });
  for (const a of list.accounts) {
    for (const value of [a.accountNumber, a.routingNumber, a.micrNumber]) {
      if (typeof value === 'string' && value.length > 4) assert.ok(!listShown.includes(value), value);
    }
  }
  // Values stay whole for code that needs them.
  assert.ok(JSON.stringify(list).includes(list.accounts[0].accountNumber));
});

test('the emulator: Symbol.asyncDispose stops it; stats() counts per operation when the emulator does', async () => {
  // What `await using emu = await Emulator.start()` does at the end of its block (the syntax
  // needs Node 22 and TypeScript 5.2; examples/typed.ts type-checks it).
  const scoped = await Emulator.start();
  const base = scoped.baseUrl;
  try {
    const stats = await scoped.stats();
    assert.equal(typeof stats.operations, 'object');
    const c = scoped.client();
    await c.accounts.list({ hostUserId: HOST_USER_ID });
    await c.close();
    const counted = (await scoped.stats()).operations;
    // An emulator that counts per operation names listAccountsV1; one that does not gives {}.
    if (Object.keys(counted).length > 0) assert.ok(counted.listAccountsV1 >= 1, JSON.stringify(counted));
  } finally {
    await scoped[Symbol.asyncDispose]();
  }
  await assert.rejects(fetch(`${base}/__emulator/stats`));
});

test('institution disclosures through the table', async () => {
  const created = await client.disclosures.institution.create({
    body: { institutionDisclosureName: 'FEES', institutionDisclosureStatus: true },
  });
  assert.equal(created.institutionDisclosureName, 'FEES');
  const { institutionDisclosures } = await client.disclosures.institution.list();
  assert.ok(institutionDisclosures.some((d) => d.institutionDisclosureName === 'FEES'));
});

test('institution disclosures: a body refused before any traffic', async () => {
  const before = (await emu.stats()).requests.disclosures;
  await assert.rejects(
    client.disclosures.institution.create({ body: { institutionDisclosureNmae: 'FEES' } }),
    (e) => e instanceof ValidationError && /did you mean "institutionDisclosureName"/.test(e.message),
  );
  await assert.rejects(client.disclosures.institution.create({}), (e) => e instanceof ValidationError && /body is required/.test(e.message));
  await assert.rejects(client.disclosures.institution.create({ body: { institutionDisclosureStatus: 'yes' } }), ValidationError);
  assert.equal((await emu.stats()).requests.disclosures, before);
});
