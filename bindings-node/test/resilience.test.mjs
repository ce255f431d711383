import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

import {
  ApiConnectionError,
  ApiTimeoutError,
  AuthenticationError,
  DecodeError,
  RateLimitError,
  ServerError,
} from 'candescent';
import { startEmulator, HOST_USER_ID } from './helpers.mjs';

const params = { hostUserId: HOST_USER_ID };
let emu;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await emu.stop();
});
beforeEach(async () => {
  await emu.reset();
});

test('1,000 concurrent accounts.list on a fresh client make exactly one token request', async () => {
  const client = emu.client();
  const results = await Promise.all(Array.from({ length: 1000 }, () => client.accounts.list(params)));
  assert.equal(results.length, 1000);
  const stats = await emu.stats();
  assert.equal(stats.requests.token, 1);
  assert.equal(stats.tokensIssued, 1);
  assert.equal(stats.requests.accounts, 1000);
  await client.close();
});

test('revoked tokens: one new token, and calls succeed', async () => {
  const client = emu.client();
  await client.accounts.list(params);
  await emu.revokeTokens();
  const results = await Promise.all(Array.from({ length: 20 }, () => client.accounts.list(params)));
  assert.equal(results.length, 20);
  assert.equal((await emu.stats()).requests.token, 2);
  await client.close();
});

test('expired tokens are replaced too', async () => {
  const client = emu.client();
  await client.accounts.list(params);
  await emu.expireTokens();
  await client.accounts.list(params);
  assert.equal((await emu.stats()).requests.token, 2);
  await client.close();
});

test('a second 401 is an AuthenticationError', async () => {
  const client = emu.client();
  await emu.injectFault({ route: 'accounts', count: 2, kind: 'status', status: 401, code: 'ACC_00601' });
  await assert.rejects(client.accounts.list(params), (err) => {
    assert.ok(err instanceof AuthenticationError);
    assert.equal(err.status, 401);
    assert.equal(err.code, 'ACC_00601');
    assert.match(err.transactionId, /^[0-9a-f-]{36}$/);
    return true;
  });
  assert.equal((await emu.stats()).requests.token, 2);
  await client.close();
});

test('503 with Retry-After 1 is retried and succeeds', async () => {
  const client = emu.client();
  await emu.injectFault({ route: 'accounts', count: 1, kind: 'status', status: 503, retryAfter: 1 });
  const started = Date.now();
  const { accounts } = await client.accounts.list(params);
  assert.ok(accounts.length > 0);
  assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
  assert.equal((await emu.stats()).requests.accounts, 2);
  await client.close();
});

test('429 with Retry-After 120 is a RateLimitError with retryAfter 120', async () => {
  const client = emu.client();
  await emu.injectFault({ route: 'accounts', count: 1, kind: 'status', status: 429, retryAfter: 120 });
  await assert.rejects(client.accounts.list(params), (err) => {
    assert.ok(err instanceof RateLimitError);
    assert.equal(err.status, 429);
    assert.equal(err.retryAfter, 120);
    assert.equal(typeof err.transactionId, 'string');
    return true;
  });
  await client.close();
});

test('5xx past the retries is a ServerError with status and code', async () => {
  const client = emu.client({ maxRetries: 0 });
  await emu.injectFault({ route: 'accounts', count: 1, kind: 'status', status: 500, code: 'ACC_99999' });
  await assert.rejects(client.accounts.list(params), (err) => {
    assert.ok(err instanceof ServerError);
    assert.equal(err.status, 500);
    assert.equal(err.code, 'ACC_99999');
    assert.match(err.transactionId, /^[0-9a-f-]{36}$/);
    return true;
  });
  await client.close();
});

test('a reset connection is an ApiConnectionError once retries are exhausted', async () => {
  const client = emu.client({ maxRetries: 0 });
  await client.accessToken();
  await emu.injectFault({ route: 'accounts', count: 1, kind: 'reset' });
  await assert.rejects(client.accounts.list(params), (err) => {
    assert.ok(err instanceof ApiConnectionError);
    assert.ok(!(err instanceof ApiTimeoutError));
    return true;
  });
  await client.close();
});

test('a stall past the timeout is an ApiTimeoutError', async () => {
  const client = emu.client({ maxRetries: 0, timeout: 300 });
  await client.accessToken();
  await emu.injectFault({ route: 'accounts', count: 1, kind: 'stall', stallMs: 3000 });
  await assert.rejects(client.accounts.list(params), (err) => {
    assert.ok(err instanceof ApiTimeoutError);
    assert.ok(err instanceof ApiConnectionError);
    return true;
  });
  await client.close();
});

test('a malformed body is a DecodeError', async () => {
  const client = emu.client();
  await emu.injectFault({ route: 'accounts', count: 1, kind: 'malformed' });
  await assert.rejects(client.accounts.list(params), (err) => {
    assert.ok(err instanceof DecodeError);
    assert.equal(typeof err.transactionId, 'string');
    return true;
  });
  await client.close();
});

test('the event loop keeps running while a call waits on a 2 s stall', async () => {
  const client = emu.client({ timeout: 10_000 });
  await client.accessToken();
  await emu.injectFault({ route: 'accounts', count: 1, kind: 'stall', stallMs: 2000 });
  let ticks = 0;
  const timer = setInterval(() => {
    ticks += 1;
  }, 50);
  const started = Date.now();
  try {
    await client.accounts.list(params);
  } finally {
    clearInterval(timer);
  }
  assert.ok(Date.now() - started >= 1900, 'the call did wait on the stall');
  assert.ok(ticks >= 25, `setInterval fired ${ticks} times during 2 s`);
  await client.close();
});
