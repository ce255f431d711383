'use strict';
// Every result arrives as one JSON text in the core's wire form (exact decimals as text, dates
// as YYYY-MM-DD, unknown fields under `extra`), and JSON.parse builds the objects: far cheaper
// than creating each field through napi, and no field the core decodes can be left out.
// The parsed objects only get a class prototype, so what every account shares (masking in
// util.inspect, rawJson()) lives once on the prototype instead of on each object.
const util = require('node:util');
const native = require('./native.cjs');

/** An account. `accountNumber` holds the full value; util.inspect shows the core's mask. */
class Account {
  /** The server's JSON text for this account, numbers with their exact text. */
  rawJson() {
    return native.rawJson('account', JSON.stringify(this));
  }

  // Logging an object is often not deliberate, so inspect never shows the full numbers;
  // JSON.stringify is a deliberate act and is left alone.
  [util.inspect.custom](depth, options, inspect = util.inspect) {
    if (depth < 0) return options.stylize('[Account]', 'special');
    const shown = { ...this, accountNumber: native.maskAccountNumber(String(this.accountNumber)) };
    if (typeof this.overdraftAccountNumber === 'string') {
      shown.overdraftAccountNumber = native.maskAccountNumber(this.overdraftAccountNumber);
    }
    // Same level as the account itself, so the remaining depth carries over unchanged.
    return `Account ${inspect(shown, { ...options, depth })}`;
  }
}

/** The answer of accounts.list(): `accounts`, `totalGroupCount` when paging by group, `extra`. */
class AccountList {
  /** The server's JSON text for the whole list. */
  rawJson() {
    return native.rawJson('accountList', JSON.stringify(this));
  }
}

/** A transaction. */
class Transaction {
  /** The server's JSON text for this transaction, numbers with their exact text. */
  rawJson() {
    return native.rawJson('transaction', JSON.stringify(this));
  }
}

function accountFromWire(text) {
  return Object.setPrototypeOf(JSON.parse(text), Account.prototype);
}

function accountListFromWire(text) {
  const list = Object.setPrototypeOf(JSON.parse(text), AccountList.prototype);
  const { accounts } = list;
  for (let i = 0; i < accounts.length; i++) Object.setPrototypeOf(accounts[i], Account.prototype);
  return list;
}

/** A page of transactions, or null after the last page. */
function transactionsFromWire(text) {
  if (text === null || text === undefined) return null;
  const page = JSON.parse(text);
  for (let i = 0; i < page.length; i++) Object.setPrototypeOf(page[i], Transaction.prototype);
  return page;
}

module.exports = {
  Account,
  AccountList,
  Transaction,
  accountFromWire,
  accountListFromWire,
  transactionsFromWire,
};
