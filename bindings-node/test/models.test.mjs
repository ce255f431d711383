// Nothing the server sends is lost on the way to JS: for every account and transaction the
// emulator serves (the example user's hand-written ones and generated ones of every kind),
// the Node object holds every field of the emulator's own response, and `rawJson()` rebuilt
// from the Node object alone gives that response back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import util from 'node:util';

import { startEmulator, collect, HOST_USER_ID, CHECKING_ID } from './helpers.mjs';

let emu;
let client;
let token;
before(async () => {
  emu = await startEmulator();
  client = emu.client();
  token = await client.accessToken();
});
after(async () => {
  await client.close();
  await emu.stop();
});

/** The emulator's answer as sent, read with plain fetch and the client's own token. */
async function raw(path) {
  const res = await fetch(`${emu.baseUrl}${path}`, {
    headers: {
      authorization: `Bearer ${token}`,
      transactionId: randomUUID(),
      institutionId: emu.institutionId,
    },
  });
  assert.equal(res.status, 200, path);
  return res.json();
}

const MONEY = /^-?\d+(\.\d+)?$/;

/**
 * `node` carries every field of `wire`: named ones beside each other, unknown ones under
 * `extra`, money amounts as the exact decimal text of the JSON number.
 */
function assertCarries(node, wire, where) {
  for (const [key, value] of Object.entries(wire)) {
    const here = `${where}.${key}`;
    if (key in node && key !== 'extra') {
      const got = node[key];
      if (Array.isArray(value)) {
        assert.ok(Array.isArray(got), here);
        assert.equal(got.length, value.length, here);
        value.forEach((v, i) => {
          if (v !== null && typeof v === 'object') assertCarries(got[i], v, `${here}[${i}]`);
          else assert.deepEqual(got[i], v, `${here}[${i}]`);
        });
      } else if (value !== null && typeof value === 'object') {
        if ('amount' in value && typeof got.amount === 'string') {
          assert.match(got.amount, MONEY, here);
          assert.equal(Number(got.amount), value.amount, here);
          const { amount, ...rest } = value;
          const { amount: _, ...gotRest } = got;
          assertCarries(gotRest, rest, here);
        } else {
          assertCarries(got, value, here);
        }
      } else if (typeof got === 'string' && typeof value === 'number') {
        assert.equal(Number(got), value, here); // a decimal (interestRate)
      } else {
        assert.deepEqual(got, value, here);
      }
    } else {
      assert.ok(node.extra && key in node.extra, `${here} is neither a field nor in extra`);
      assert.deepEqual(node.extra[key], value, here);
    }
  }
}

function assertSameAsWire(model, wire, where) {
  assertCarries(model, wire, where);
  assert.deepEqual(JSON.parse(model.rawJson()), wire, `${where}.rawJson()`);
}

const USERS = [HOST_USER_ID, 'gen-60'];

test('every field of every account reaches Node, in list and get', async () => {
  const kinds = new Set();
  for (const hostUserId of USERS) {
    const query = `hostUserId=${hostUserId}&crossAccount=true`;
    const wire = await raw(`/v1/accounts?${query}`);
    const list = await client.accounts.list({ hostUserId, crossAccount: true });
    assert.equal(list.accounts.length, wire.accounts.length);
    assertSameAsWire(list, wire, `accounts(${hostUserId})`);
    for (const [i, account] of list.accounts.entries()) {
      kinds.add(`${account.category}/${account.type.value}`);
      const one = await client.accounts.get(account.id, { hostUserId, crossAccount: true });
      const oneWire = await raw(`/v1/accounts/${encodeURIComponent(account.id)}?${query}`);
      assertSameAsWire(one, oneWire, `account ${account.id}`);
      assertSameAsWire(account, wire.accounts[i], `accounts[${i}]`);
    }
  }
  // The data covers more than one kind, or the test proves little.
  assert.ok(kinds.size >= 5, [...kinds].join(', '));
});

test('every field of every transaction reaches Node', async () => {
  const list = await client.accounts.list({ hostUserId: HOST_USER_ID, crossAccount: true });
  const gen = await client.accounts.list({ hostUserId: 'gen-5' });
  const accounts = [
    ...list.accounts.map((a) => [HOST_USER_ID, a.id]),
    ...gen.accounts.map((a) => ['gen-5', a.id]),
  ];
  let seen = 0;
  for (const [hostUserId, accountId] of accounts) {
    const params = { accountId, hostUserId, retrieveFutureTransactions: true, pageSize: 1000 };
    const txns = await collect(client.transactions.list(params));
    const query = new URLSearchParams({
      accountId,
      hostUserId,
      retrieveFutureTransactions: 'true',
      $top: '1000',
      $skip: '0',
    });
    const wire = await raw(`/v1/transactions?${query}`);
    assert.equal(txns.length, wire.transactions.length, accountId);
    for (const [i, txn] of txns.entries()) assertSameAsWire(txn, wire.transactions[i], `${accountId}/${i}`);
    seen += txns.length;
  }
  assert.ok(seen > 100, `${seen} transactions`);
});

test('models are class instances; inspect masks from the prototype, not per object', async () => {
  const list = await client.accounts.list({ hostUserId: HOST_USER_ID });
  const [account] = list.accounts;
  assert.equal(account.constructor.name, 'Account');
  assert.equal(list.constructor.name, 'AccountList');
  assert.deepEqual(Object.getOwnPropertySymbols(account), []);
  assert.ok(Object.keys(account).every((k) => !k.startsWith('__')));
  assert.match(util.inspect(account), /^Account \{/);
  assert.match(util.inspect(account), new RegExp(`'\\*\\*\\*\\*${account.accountNumber.slice(-4)}'`));
  // JSON.stringify gives the plain wire form, full numbers included.
  assert.equal(JSON.parse(JSON.stringify(account)).accountNumber, account.accountNumber);
});

test('rawJson keeps the exact text of money, even where a double would not', async () => {
  const account = (await client.accounts.list({ hostUserId: HOST_USER_ID })).accounts.find(
    (a) => a.currentBalance?.amount === '12345678901234.56',
  );
  assert.ok(account, 'the example user has the 12345678901234.56 balance');
  assert.match(account.rawJson(), /"amount":12345678901234\.56[,}]/);
});

// Answers cross as UTF-8 bytes and become a string in JS by a shortcut when they are ASCII; text
// that is not ASCII must take the full decoding and arrive intact.
test('text that is not ASCII reaches Node intact', async () => {
  const params = { accountId: CHECKING_ID, hostUserId: HOST_USER_ID, filter: "contains(description, 'Café')" };
  const found = await collect(client.transactions.list(params));
  assert.deepEqual(
    found.map((t) => t.description),
    ['Café Luna Purchase'],
  );
});

test('a long list arrives in pieces and is whole, in order, every account an Account', async () => {
  const user = 'gen-1500'; // about 1.5 MB: several pieces
  const list = await client.accounts.list({ hostUserId: user });
  const sent = await raw(`/v1/accounts?hostUserId=${user}`);
  assert.equal(list.accounts.length, sent.accounts.length);
  assert.deepEqual(list.accounts.map((a) => a.id), sent.accounts.map((a) => a.id));
  for (const account of list.accounts) assert.equal(account.constructor.name, 'Account');
  assert.deepEqual(JSON.parse(list.accounts[1499].rawJson()), sent.accounts[1499]);
  assert.deepEqual(list.extra, {});
});

test('a long list with an unusual account late in it is still whole', async () => {
  // The first pieces go out before the unusual account is reached; the list then comes whole.
  const sent = await raw('/v1/accounts?hostUserId=gen-1500');
  sent.accounts[1400].ownershipType = 'JOINT';
  await emu.injectFault({ route: 'accounts', kind: 'body', status: 200, body: JSON.stringify(sent) });
  const list = await client.accounts.list({ hostUserId: 'gen-1500' });
  assert.equal(list.accounts.length, 1500);
  assert.deepEqual(list.accounts.map((a) => a.id), sent.accounts.map((a) => a.id));
  assert.deepEqual(list.accounts[1400].extra, { ownershipType: 'JOINT' });
  assert.deepEqual(list.accounts[0].extra, {});
});
