'use strict';
// Every result arrives as one JSON text in the core's wire form (exact decimals as text, dates
// as YYYY-MM-DD, unknown fields under `extra`), and JSON.parse builds the objects: far cheaper
// than creating each field through napi, and no field the core decodes can be left out.
// The parsed objects only get a class prototype, so what every account shares (masking in
// util.inspect, rawJson()) lives once on the prototype instead of on each object.
const util = require('node:util');
const { isAscii } = require('node:buffer');
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

/**
 * One customer a user acts for. util.inspect masks the member number (a business's TIN) and the
 * host login id, which institutions often set to that same number.
 */
class Customer {
  [util.inspect.custom](depth, options, inspect = util.inspect) {
    if (depth < 0) return options.stylize('[Customer]', 'special');
    const shown = { ...this };
    for (const key of ['memberNumber', 'hostLoginId']) {
      if (typeof this[key] === 'string') shown[key] = native.maskAccountNumber(this[key]);
    }
    return `Customer ${inspect(shown, { ...options, depth })}`;
  }
}

/** A user and the customers (business locations) they act for: customers.find(). */
class CustomerProfile {
  /**
   * `[groupIndex, customer]` of the customer whose member number (a business location's TIN)
   * is `memberNumber`, or null. The index is the `skipGroups` of its account group.
   */
  customer(memberNumber) {
    const index = this.customers.findIndex((c) => c.memberNumber === memberNumber);
    return index < 0 ? null : [index, this.customers[index]];
  }

  /** The server's JSON text for this profile. */
  rawJson() {
    return native.rawJson('customerProfile', JSON.stringify(this));
  }
}

/** One customer group (location) of accounts.groups(): index, total, customerId, accounts. */
class AccountGroup {}

/**
 * The text of a wire-form answer, which arrives as UTF-8 bytes. ASCII (nearly always) becomes a
 * one-byte string by a plain copy, far cheaper than UTF-8 decoding of a long answer.
 */
function wireText(bytes) {
  if (typeof bytes === 'string') return bytes;
  // isAscii is missing before Node 18.15/19.6; UTF-8 decoding is always correct.
  return typeof isAscii === 'function' && isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

function accountFromWire(bytes) {
  return Object.setPrototypeOf(JSON.parse(wireText(bytes)), Account.prototype);
}

function asAccounts(accounts) {
  for (let i = 0; i < accounts.length; i++) Object.setPrototypeOf(accounts[i], Account.prototype);
  return accounts;
}

/**
 * The list from its pieces (`next()` gives each): arrays of accounts, then the list itself with
 * the accounts not sent before. Each piece is parsed while the core transcodes the next one.
 */
async function accountListFromParts(next) {
  let pieces = [];
  for (;;) {
    const { bytes, last, restart } = await next();
    if (restart) pieces = [];
    if (last) {
      const list = Object.setPrototypeOf(JSON.parse(wireText(bytes)), AccountList.prototype);
      asAccounts(list.accounts);
      if (pieces.length > 0) list.accounts = [].concat(...pieces, list.accounts);
      return list;
    }
    pieces.push(asAccounts(JSON.parse(wireText(bytes))));
  }
}

/** A whole account list in wire form. */
function accountListFromWire(bytes) {
  const list = Object.setPrototypeOf(JSON.parse(wireText(bytes)), AccountList.prototype);
  asAccounts(list.accounts);
  return list;
}

/** A page of transactions, or null after the last page. */
function transactionsFromWire(bytes) {
  if (bytes === null || bytes === undefined) return null;
  const page = JSON.parse(wireText(bytes));
  for (let i = 0; i < page.length; i++) Object.setPrototypeOf(page[i], Transaction.prototype);
  return page;
}

function customerProfileFromWire(bytes) {
  const profile = Object.setPrototypeOf(JSON.parse(wireText(bytes)), CustomerProfile.prototype);
  if (!Array.isArray(profile.customers)) profile.customers = [];
  for (const c of profile.customers) Object.setPrototypeOf(c, Customer.prototype);
  return profile;
}

/** A group, or null after the last one. */
function accountGroupFromWire(bytes) {
  if (bytes === null || bytes === undefined) return null;
  const group = Object.setPrototypeOf(JSON.parse(wireText(bytes)), AccountGroup.prototype);
  Object.setPrototypeOf(group.accounts, AccountList.prototype);
  asAccounts(group.accounts.accounts);
  return group;
}

module.exports = {
  Account,
  AccountGroup,
  AccountList,
  Customer,
  CustomerProfile,
  Transaction,
  accountGroupFromWire,
  customerProfileFromWire,
  accountFromWire,
  accountListFromParts,
  accountListFromWire,
  transactionsFromWire,
};
