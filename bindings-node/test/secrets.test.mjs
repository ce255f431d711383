import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';

import { CandescentError } from 'candescent';
import { startEmulator, HOST_USER_ID, CHECKING_ID } from './helpers.mjs';

const SECRET = 'sEcReT-Do-Not-Leak-8f3b2c';
let emu;
before(async () => {
  emu = await startEmulator({ clientSecret: SECRET });
});
after(async () => {
  await emu.stop();
});

function captureLogger() {
  const lines = [];
  const record = (level) => (...args) => lines.push(`${level} ${args.map((a) => util.inspect(a, { depth: 5 })).join(' ')}`);
  return { lines, logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') } };
}

test('secrets never appear in inspect output, error messages, stacks or logs', async () => {
  const { lines, logger } = captureLogger();
  const client = emu.client({ logger, maxRetries: 1 });
  const token = await client.accessToken();
  const basic = Buffer.from(`${emu.clientId}:${SECRET}`).toString('base64');
  const forbidden = [SECRET, basic, token];

  const errors = [];
  await emu.injectFault({ route: 'accounts', count: 1, kind: 'status', status: 503 });
  await client.accounts.list({ hostUserId: HOST_USER_ID });
  await emu.injectFault({ route: 'accounts', count: 2, kind: 'status', status: 401, code: 'ACC_00601' });
  await client.accounts.list({ hostUserId: HOST_USER_ID }).catch((e) => errors.push(e));
  await emu.injectFault({ route: 'accounts', count: 1, kind: 'malformed' });
  await client.accounts.list({ hostUserId: HOST_USER_ID }).catch((e) => errors.push(e));
  await client.accounts.get('missing', { hostUserId: HOST_USER_ID }).catch((e) => errors.push(e));
  await client.accounts.get(CHECKING_ID, { hostUserId: HOST_USER_ID });

  // Wrong credentials: the token endpoint says no, and the secret sent must not come back.
  const wrong = emu.client({ clientSecret: `${SECRET}-wrong`, logger });
  await wrong.accounts.list({ hostUserId: HOST_USER_ID }).catch((e) => errors.push(e));
  await client.close();
  await client.accounts.list({ hostUserId: HOST_USER_ID }).catch((e) => errors.push(e));

  assert.equal(errors.length, 5);
  // Events arrive through a non-blocking queue: give the event loop a turn to deliver them.
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(lines.length >= 6, lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('warn ') && l.includes('503')), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('error ') && l.includes('404')), lines.join('\n'));
  assert.ok(lines.some((l) => l.includes('/oauth2/v1/token')), lines.join('\n'));

  const texts = [
    util.inspect(client, { depth: 10, showHidden: true }),
    util.inspect(wrong, { depth: 10, showHidden: true }),
    ...errors.flatMap((e) => [e.message, e.stack, util.inspect(e, { depth: 10, showHidden: true }), JSON.stringify(e), String(e)]),
    ...lines,
  ];
  for (const text of texts) {
    for (const secret of forbidden) {
      assert.ok(!text.includes(secret), `leaked in: ${text}`);
    }
  }
  for (const e of errors) assert.ok(e instanceof CandescentError);
});

test('log events carry method, path, status, attempt, elapsed and transactionId', async () => {
  const { lines, logger } = captureLogger();
  const events = [];
  const spy = { ...logger, debug: (msg, ev) => { events.push(ev); logger.debug(msg, ev); } };
  const client = emu.client({ logger: spy });
  await client.accounts.list({ hostUserId: HOST_USER_ID });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const ev = events.find((e) => e.path.endsWith('/accounts'));
  assert.ok(ev, lines.join('\n'));
  assert.equal(ev.method, 'GET');
  assert.equal(ev.status, 200);
  assert.equal(ev.attempt, 1);
  assert.equal(typeof ev.elapsedMs, 'number');
  assert.match(ev.transactionId, /^[0-9a-f-]{36}$/);
  assert.equal(ev.outcome, 'ok');
  await client.close();
});
