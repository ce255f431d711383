// client.request() (any endpoint) and withRawResponse / lastResponse (the metadata of typed
// calls), against the emulator's institution disclosures, which no typed call covers.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

import { Client, Response, ValidationError, ServerError, BadRequestError, NotFoundError, DecodeError } from 'candescent';
import { startEmulator, HOST_USER_ID, CHECKING_ID } from './helpers.mjs';

const DISCLOSURES = '/v1/institution-disclosures';
const BUSINESS = 'FJLqiQAy1lvswlZXcu9rA0mD8ohakVblGGbi-f-r29A';

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

const quick503 = { route: 'disclosures', kind: 'status', status: 503, retryAfter: 0 };

test('a GET retries after a 503 and replays once after a 401', async () => {
  await client.accessToken();
  await emu.revokeTokens();
  await emu.injectFault(quick503);
  const response = await client.request({ method: 'GET', path: DISCLOSURES });
  assert.ok(response instanceof Response);
  assert.equal(response.status, 200);
  assert.equal(response.json().institutionDisclosures[0].institutionDisclosureName, 'OLS');
  assert.equal(response.headers.get('CONTENT-TYPE'), 'application/json');
  assert.match(response.transactionId, /^[0-9a-f-]{36}$/);
  assert.ok(Buffer.isBuffer(response.body));
  assert.equal(response.body.toString('utf8'), response.text);
  const stats = await emu.stats();
  // The 503, then a 401 for the revoked token, then the replay with a new token.
  assert.equal(stats.requests.disclosures, 3);
  assert.equal(stats.tokensIssued, 2);
});

test('a POST is not retried unless asked', async () => {
  const json = { institutionDisclosureName: 'FEES', institutionDisclosureStatus: true };
  await emu.injectFault(quick503);
  await assert.rejects(client.request({ method: 'POST', path: DISCLOSURES, json }), (e) => {
    assert.ok(e instanceof ServerError);
    assert.equal(e.status, 503);
    assert.ok(e.transactionId);
    return true;
  });
  assert.equal((await emu.stats()).requests.disclosures, 1);
  await emu.injectFault(quick503);
  const created = await client.request({ method: 'post', path: DISCLOSURES, json, retry: true });
  assert.equal(created.status, 200);
  assert.equal(created.json().institutionDisclosureName, 'FEES');
  assert.equal((await emu.stats()).requests.disclosures, 3);
});

test('non-2xx answers reject with the usual errors', async () => {
  await assert.rejects(
    client.request({ method: 'POST', path: DISCLOSURES, json: { institutionDisclosureStatus: 'yes' } }),
    BadRequestError,
  );
  await assert.rejects(client.request({ method: 'GET', path: '/v1/no-such-route' }), NotFoundError);
});

test('json() keeps money exact as decimal strings; safe integers stay numbers', async () => {
  const response = await client.request({
    method: 'GET',
    path: `/v1/accounts/${BUSINESS}`,
    query: { hostUserId: HOST_USER_ID, viewName: undefined },
  });
  const account = response.json();
  assert.equal(account.availableBalance.amount, '501306.06');
  assert.equal(typeof account.interestRate, 'number');
  const created = await client.request({
    method: 'POST',
    path: DISCLOSURES,
    json: { institutionDisclosureName: 'BIG', fee: 0.1, id: 12345678901234567890n.toString() },
  });
  assert.equal(created.json().fee, '0.1');
  await assert.rejects(
    client.request({ method: 'POST', path: DISCLOSURES, json: { n: 1n } }),
    ValidationError,
  );
});

for (const path of [
  'https://example.com/v1/institution-disclosures',
  '//example.com/v1/x',
  '/v1/../oauth2/v1/token',
  '/v1/%2e%2e/oauth2/v1/token',
  '/v1/x\r\nHost: example.com',
  'v1/institution-disclosures',
]) {
  test(`path ${JSON.stringify(path)} is refused before any traffic`, async () => {
    await assert.rejects(client.request({ method: 'GET', path }), ValidationError);
    const stats = await emu.stats();
    assert.equal(stats.requests.disclosures, 0);
    assert.equal(stats.tokensIssued, 0);
  });
}

for (const [name, options] of [
  ['Authorization header', { headers: { Authorization: 'Bearer x' } }],
  ['transactionId header', { headers: { transactionId: 'x' } }],
  ['Host header', { headers: { Host: 'example.com' } }],
  ['CRLF in a header value', { headers: { 'X-Note': 'a\r\nb' } }],
  ['invalid header name', { headers: { 'bad name': 'x' } }],
  ['json and form together', { json: { a: 1 }, form: { b: '2' } }],
  ['an object as a query value', { query: { a: {} } }],
  ['an unknown option', { body: 'x' }],
  ['a bad method', { method: 'BREW' }],
]) {
  test(`${name} is refused before any traffic`, async () => {
    await assert.rejects(client.request({ method: 'POST', path: DISCLOSURES, ...options }), (e) => {
      assert.ok(e instanceof ValidationError, String(e));
      assert.ok(!String(e.message).includes('Bearer x'));
      return true;
    });
    assert.equal((await emu.stats()).requests.disclosures, 0);
  });
}

test('caller headers reach the server; correlationId defaults to the transactionId', async () => {
  const profile = await client.request({
    method: 'GET',
    path: '/v1/customers/testUser',
    query: [['userIdType', 'LOGIN_ID']],
  });
  assert.equal(profile.json().userName, 'testUser');
  await assert.rejects(
    client.request({
      method: 'GET',
      path: '/v1/customers/testUser',
      query: { userIdType: 'LOGIN_ID' },
      headers: { correlationId: 'not-a-uuid' },
    }),
    BadRequestError,
  );
});

test('withRawResponse gives the metadata and parse() the typed result', async () => {
  const raw = await client.withRawResponse.accounts.list({ hostUserId: HOST_USER_ID });
  assert.equal(raw.status, 200);
  assert.equal(raw.headers.get('Content-Type'), 'application/json');
  assert.match(raw.transactionId, /^[0-9a-f-]{36}$/);
  const list = raw.parse();
  assert.ok(list.accounts.length > 0);
  const one = await client.withRawResponse.accounts.get(BUSINESS, { hostUserId: HOST_USER_ID });
  assert.equal(one.parse().id, BUSINESS);
  assert.equal(one.parse().availableBalance.amount, '501306.06');
  assert.notEqual(one.transactionId, raw.transactionId);
});

test('transaction pages give their lastResponse', async () => {
  const txns = client.transactions.list({ accountId: CHECKING_ID, hostUserId: HOST_USER_ID, pageSize: 2 });
  assert.equal(txns.lastResponse, null);
  for await (const page of txns.pages()) {
    assert.ok(page.length > 0);
    const meta = txns.lastResponse;
    assert.equal(meta.status, 200);
    assert.match(meta.transactionId, /^[0-9a-f-]{36}$/);
    break;
  }
});

test('Client is still frozen with the new members', () => {
  assert.ok(Object.isFrozen(client));
  assert.ok(client instanceof Client);
});

test('json() keeps the server key order; a broken body is a DecodeError', async () => {
  await emu.injectFault({ route: 'disclosures', kind: 'body', status: 200, body: '{"z": 1, "a": 2.50, "big": 12345678901234567890}' });
  const data = (await client.request({ method: 'GET', path: DISCLOSURES })).json();
  assert.deepEqual(Object.keys(data), ['z', 'a', 'big']);
  assert.equal(data.a, '2.50');
  assert.equal(data.big, '12345678901234567890');
  await emu.injectFault({ route: 'disclosures', kind: 'body', status: 200, body: '{"a": 1,' });
  const broken = await client.request({ method: 'GET', path: DISCLOSURES });
  assert.throws(() => broken.json(), (e) => e instanceof DecodeError && Boolean(e.transactionId));
});
