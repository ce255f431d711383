// Signed-in users: the password grant, renewal with the refresh token (counted by the emulator),
// the fallback to the password, revocation on close, and the authorization code exchange.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';

import {
  AuthenticationError,
  ClientClosedError,
  PermissionDeniedError,
  UserSession,
  ValidationError,
} from 'candescent';
import { startEmulator, collect, LOGIN_ID, CHECKING_ID } from './helpers.mjs';

const PASSWORD = 'emulator-password';
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

test('a session needs no user and reaches the user’s own data', async () => {
  const client = emu.client();
  const session = await client.userSession({ username: LOGIN_ID, password: PASSWORD });
  assert.ok(session instanceof UserSession);
  const mine = await session.accounts.list();
  const theirs = await client.accounts.list({ loginId: LOGIN_ID });
  assert.equal(mine.accounts.length, theirs.accounts.length);
  assert.equal((await session.accounts.get(CHECKING_ID)).id, CHECKING_ID);
  assert.ok((await collect(session.transactions.list({ accountId: CHECKING_ID }))).length > 0);
  await assert.rejects(session.accounts.list({ hostUserId: 'gen-3' }), PermissionDeniedError);
  await assert.rejects(client.accounts.list(), ValidationError);
  assert.equal((await emu.stats()).grants.password, 1);
  await session.close();
  await client.close();
});

test('one refresh per token lifetime and no password grant after the first', async () => {
  const client = emu.client();
  const session = await client.userSession({ username: LOGIN_ID, password: PASSWORD });
  for (let lifetime = 1; lifetime <= 4; lifetime++) {
    await emu.expireTokens({ refreshTokens: false });
    await Promise.all(Array.from({ length: 20 }, () => session.accounts.list()));
    const { grants } = await emu.stats();
    assert.equal(grants.refreshToken, lifetime);
    assert.equal(grants.password, 1);
  }
  await session.close();
  await client.close();
});

test('a refused refresh token falls back to the password once', async () => {
  const client = emu.client();
  const session = await client.userSession({ username: LOGIN_ID, password: PASSWORD });
  await emu.revokeTokens();
  const before = await emu.stats();
  await session.accounts.list();
  const after = await emu.stats();
  assert.equal(after.requests.token - before.requests.token, 2);
  assert.equal(after.grants.password, 2);
  assert.equal(after.grants.refreshToken, 0);
  await session.close();
  await client.close();
});

test('close revokes the access token and the refresh token', async () => {
  const client = emu.client();
  const used = await client.userSession({ username: LOGIN_ID, password: PASSWORD });
  await used.accounts.list();
  // What `await using` calls at the end of its block (Node >= 22 has the syntax).
  await (typeof Symbol.asyncDispose === 'symbol' ? used[Symbol.asyncDispose]() : used.close());
  assert.deepEqual((await emu.stats()).revoked, { accessTokens: 1, refreshTokens: 1 });
  const session = await client.userSession({ username: LOGIN_ID, password: PASSWORD });
  await session.close();
  assert.equal(session.closed, true);
  await assert.rejects(session.accounts.list(), ClientClosedError);
  assert.equal(client.closed, false);
  await client.close();
});

test('exchangeCode gives the same kind of session, with an ID token', async () => {
  const client = emu.client();
  const code = emu.authorizationCode(LOGIN_ID);
  const session = await client.exchangeCode(code);
  assert.equal(session.idToken.split('.').length, 3);
  assert.ok(!util.inspect(session).includes(session.idToken));
  await session.accounts.list();
  await emu.expireTokens({ refreshTokens: false });
  await session.accounts.list();
  assert.equal((await emu.stats()).grants.refreshToken, 1);
  await assert.rejects(client.exchangeCode(code, { redirectUri: 'https://example.org/cb' }), (e) => {
    assert.ok(e instanceof AuthenticationError);
    assert.match(e.message, /already used/);
    return true;
  });
  // Without a password, a refused refresh token ends the session.
  await emu.revokeTokens();
  await assert.rejects(session.accounts.list(), (e) => {
    assert.ok(e instanceof AuthenticationError);
    assert.match(e.message, /sign in again/);
    return true;
  });
  await session.close();
  await client.close();
});

test('a wrong password names what to fix; secrets stay out of inspect, errors and logs', async () => {
  const lines = [];
  const record = (level) => (...args) => lines.push(`${level} ${args.map((a) => util.inspect(a, { depth: 5 })).join(' ')}`);
  const logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  const client = emu.client({ logger });
  const wrong = await client.userSession({ username: LOGIN_ID, password: 'not-the-password' }).catch((e) => e);
  assert.ok(wrong instanceof AuthenticationError);
  assert.match(wrong.message, /check the username and password/);
  assert.ok(!util.inspect(wrong).includes('not-the-password'));
  for (const bad of [{ username: '', password: PASSWORD }, { username: LOGIN_ID }, { username: 7, password: PASSWORD }]) {
    await assert.rejects(client.userSession(bad), ValidationError);
  }
  await assert.rejects(client.userSession(), ValidationError);
  const session = await client.exchangeCode(emu.authorizationCode());
  const token = await session.accessToken();
  const idToken = session.idToken;
  await session.accounts.list();
  const shown = util.inspect(session, { depth: 5, showHidden: true }) + JSON.stringify(session);
  await session.close();
  const text = lines.join('\n') + shown;
  for (const secret of [PASSWORD, token, idToken]) assert.ok(!text.includes(secret));
  await client.close();
});
