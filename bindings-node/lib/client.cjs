'use strict';
// The public Client: a thin shell over the addon's NativeClient. Every method returns a Promise
// settled from the Rust runtime; this file only forwards options and maps errors.
const util = require('node:util');
const native = require('./native.cjs');
const { call, callSync, ConfigurationError, ValidationError } = require('./errors.cjs');
const { args, tag } = require('./args.cjs');
const { accountFromWire, accountListFromParts, transactionsFromWire } = require('./models.cjs');
const { requestLogger } = require('./logging.cjs');

function plainOptions(value, what, errorClass) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new errorClass(`${what} must be an object`);
  }
  return value;
}

class Accounts {
  #native;
  constructor(nativeClient) {
    this.#native = nativeClient;
  }

  async list(params) {
    const query = args(params, 'accounts.list() parameters', ValidationError);
    const parts = callSync(() => this.#native.listAccounts(query), ValidationError);
    return accountListFromParts(() => call(() => parts.next()));
  }

  async get(accountId, params) {
    const query = args(params, 'accounts.get() parameters', ValidationError);
    return accountFromWire(await call(() => this.#native.getAccount(tag(accountId, 0), query)));
  }

  [util.inspect.custom]() {
    return 'Accounts {}';
  }
}

/** What `transactions.list()` returns: an async iterable of transactions, fetched page by page. */
class TransactionList {
  #native;
  #params;
  constructor(nativeClient, params) {
    this.#native = nativeClient;
    this.#params = params;
  }

  /** Each page as an array, as the API returns it ($skip/$top driven by the core). */
  async *pages() {
    const query = args(this.#params, 'transactions.list() parameters', ValidationError);
    const pager = callSync(() => this.#native.listTransactions(query), ValidationError);
    for (;;) {
      const page = transactionsFromWire(await call(() => pager.nextPage()));
      if (page === null) return;
      yield page;
    }
  }

  async *[Symbol.asyncIterator]() {
    for await (const page of this.pages()) yield* page;
  }

  [util.inspect.custom]() {
    return 'TransactionList {}';
  }
}

class Transactions {
  #native;
  constructor(nativeClient) {
    this.#native = nativeClient;
  }

  list(params) {
    return new TransactionList(this.#native, params);
  }

  [util.inspect.custom]() {
    return 'Transactions {}';
  }
}

class Client {
  // Private: the credentials live only inside the native client, never on a JS property.
  #native;

  constructor(options) {
    const { logger, ...settings } = plainOptions(options, 'Client options', ConfigurationError);
    const onRequest = requestLogger(logger);
    const tagged = args(settings, 'Client options', ConfigurationError);
    this.#native = callSync(() => new native.NativeClient(tagged, onRequest), ConfigurationError);
    this.accounts = new Accounts(this.#native);
    this.transactions = new Transactions(this.#native);
    Object.freeze(this);
  }

  /** Every setting from the CANDESCENT_* variables; `options` (e.g. a logger) still wins. */
  static fromEnv(options) {
    return new Client({ ...plainOptions(options, 'Client options', ConfigurationError), useEnv: true });
  }

  /** The current access token, for endpoints the SDK does not cover yet. */
  async accessToken() {
    return call(() => this.#native.accessToken());
  }

  /** Revokes the token (best effort); afterwards every call fails with ClientClosedError. */
  async close() {
    return call(() => this.#native.close());
  }

  /** Whether close() was called. */
  get closed() {
    return this.#native.closed;
  }

  /** Alias of `closed`, the name Rust and Python also have. */
  get isClosed() {
    return this.#native.closed;
  }

  /** Where requests go, e.g. `https://api.candescent.com/digitalbanking/stage`. */
  get baseUrl() {
    return this.#native.baseUrl;
  }

  /** The financial institution's id the client was configured with. */
  get institutionId() {
    return this.#native.institutionId;
  }

  [util.inspect.custom]() {
    const n = this.#native;
    return `Client { baseUrl: '${n.baseUrl}', institutionId: '${n.institutionId}', closed: ${n.closed} }`;
  }

  /**
   * Signs a user in with the password grant: a UserSession whose calls need no hostUserId or
   * loginId. The password is kept (as a secret, in the core) for the session's life.
   */
  async userSession(options) {
    const { username, password } = plainOptions(options, 'userSession() options', ValidationError);
    const session = await call(() => this.#native.userSession(tag(username, 0), tag(password, 0)));
    return new UserSession(sessionToken, session);
  }

  /** Exchanges an OpenID Connect authorization code for the user's UserSession. */
  async exchangeCode(code, options) {
    const { redirectUri } = plainOptions(options, 'exchangeCode() options', ValidationError);
    const session = await call(() => this.#native.exchangeCode(tag(code, 0), tag(redirectUri, 0)));
    return new UserSession(sessionToken, session);
  }
}

const sessionToken = Symbol('UserSession');

/**
 * A signed-in user's session: the client's calls with the user's own token, renewed with the
 * refresh token before it expires. `close()` (or `await using`) revokes both tokens.
 */
class UserSession {
  // Private: the tokens live only inside the native session, never on a JS property.
  #native;

  constructor(token, nativeSession) {
    if (token !== sessionToken) throw new TypeError('use `await client.userSession({ username, password })`');
    this.#native = nativeSession;
    const client = nativeSession.client();
    this.accounts = new Accounts(client);
    this.transactions = new Transactions(client);
    Object.freeze(this);
  }

  /** The OpenID Connect ID token, when the grant returned one; otherwise null. */
  get idToken() {
    return this.#native.idToken ?? null;
  }

  /** The user's current access token, renewed if needed. */
  async accessToken() {
    return call(() => this.#native.accessToken());
  }

  /** Revokes the access token and the refresh token (best effort); the client stays open. */
  async close() {
    return call(() => this.#native.close());
  }

  /** Whether close() was called. */
  get closed() {
    return this.#native.closed;
  }

  [util.inspect.custom]() {
    return `UserSession { closed: ${this.#native.closed} }`;
  }
}

if (typeof Symbol.asyncDispose === 'symbol') {
  Client.prototype[Symbol.asyncDispose] = function asyncDispose() {
    return this.close();
  };
  UserSession.prototype[Symbol.asyncDispose] = function asyncDispose() {
    return this.close();
  };
}

module.exports = { Client, UserSession, Accounts, Transactions, TransactionList };
