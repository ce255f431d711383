// Business customers: customers.find() names a user's locations, and accounts.groups() hands out
// their accounts one location at a time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { ValidationError, NotFoundError } from 'candescent';
import { startEmulator, collect, HOST_USER_ID } from './helpers.mjs';

/** A business user of the emulator: 12 accounts in 3 locations. */
const BUSINESS_USER = 'gen-12';

let emu;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await emu.stop();
});

test('find gives the location to list accounts for', async () => {
  const client = emu.client();
  const profile = await client.customers.find({ loginId: BUSINESS_USER });
  assert.equal(profile.userType, 'BUSINESS');
  assert.equal(profile.customers.length, 3);
  const tin = profile.customers[2].memberNumber;
  const [index, location] = profile.customer(tin);
  assert.equal(index, 2);
  const list = await client.accounts.list({ loginId: BUSINESS_USER, institutionCustomerId: location.customerId });
  assert.ok(list.accounts.length > 0);
  assert.deepEqual(new Set(list.accounts.map((a) => a.institutionCustomerId)), new Set([location.customerId]));
  assert.equal(profile.customer('000000000'), null);
  assert.equal(JSON.parse(profile.rawJson()).customers[0].customerId, profile.customers[0].customerId);
  await client.close();
});

test('util.inspect never shows a TIN', async () => {
  const client = emu.client();
  const profile = await client.customers.find({ loginId: BUSINESS_USER });
  const tin = profile.customers[0].memberNumber;
  assert.equal(tin.length, 9);
  const shown = util.inspect(profile, { depth: 5 });
  assert.ok(!shown.includes(tin), shown);
  assert.ok(shown.includes(`****${tin.slice(-4)}`), shown);
  await client.close();
});

test('groups hand out every location once, in the order of the profile', async () => {
  const client = emu.client();
  const profile = await client.customers.find({ loginId: BUSINESS_USER });
  const everything = (await client.accounts.list({ loginId: BUSINESS_USER })).accounts.map((a) => a.id).sort();
  const groups = await collect(client.accounts.groups({ loginId: BUSINESS_USER }));
  assert.deepEqual(groups.map((g) => g.index), [0, 1, 2]);
  assert.deepEqual([...new Set(groups.map((g) => g.total))], [3]);
  assert.deepEqual(groups.map((g) => g.customerId), profile.customers.map((c) => c.customerId));
  assert.deepEqual(groups.flatMap((g) => g.accounts.accounts.map((a) => a.id)).sort(), everything);
  assert.equal(typeof groups[0].accounts.rawJson, 'function');
  const later = await collect(client.accounts.groups({ loginId: BUSINESS_USER, skipGroups: 1 }));
  assert.deepEqual(later.map((g) => g.index), [1, 2]);
  await client.close();
});

test('a retail user by hostUserId', async () => {
  const client = emu.client();
  const profile = await client.customers.find({ hostUserId: HOST_USER_ID });
  assert.equal(profile.userType, 'RETAIL');
  assert.notEqual(profile.customer(HOST_USER_ID), null);
  await client.close();
});

test('bad arguments are refused before any traffic', async () => {
  const client = emu.client();
  const cases = [
    [{}, /loginId, hostUserId or customerId is required/],
    [{ loginId: 'a', hostUserId: 'b' }, /not both/],
    [{ loginId: '..' }, /path segment/],
    [{ userId: 'x' }, /userId/],
  ];
  for (const [params, says] of cases) {
    await assert.rejects(client.customers.find(params), (e) => e instanceof ValidationError && says.test(e.message));
  }
  await assert.rejects(
    collect(client.accounts.groups({ loginId: BUSINESS_USER, institutionCustomerId: 'c' })),
    (e) => e instanceof ValidationError && /institutionCustomerId/.test(e.message),
  );
  await client.close();
});

test('an unknown user is not found', async () => {
  const client = emu.client();
  await assert.rejects(client.customers.find({ loginId: 'nobody-here' }), (e) => e instanceof NotFoundError && e.code === 'ISR_10001');
  await client.close();
});
