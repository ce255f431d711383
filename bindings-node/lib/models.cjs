'use strict';
// Accounts are plain objects whose `accountNumber` holds the full value (it is the caller's
// data), but printing one must not leak it to logs: a non-enumerable util.inspect hook shows the
// core's masked form instead. JSON.stringify is left alone on purpose: serializing is a
// deliberate act, logging an object is often not.
const util = require('node:util');

// Must match MASKED_KEY in src/models.rs.
const MASKED_KEY = '__candescentMasked';

function decorateAccount(account) {
  const masked = account[MASKED_KEY] || {};
  delete account[MASKED_KEY];
  Object.defineProperty(account, util.inspect.custom, {
    value(depth, options, inspect = util.inspect) {
      if (depth < 0) return options.stylize('[Account]', 'special');
      // Same level as the account itself, so the remaining depth carries over unchanged.
      return inspect({ ...this, ...masked }, { ...options, depth });
    },
    enumerable: false,
    writable: false,
    configurable: true,
  });
  return account;
}

function decorateAccountList(list) {
  list.accounts.forEach(decorateAccount);
  return list;
}

module.exports = { decorateAccount, decorateAccountList };
