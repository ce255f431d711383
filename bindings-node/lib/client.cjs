'use strict';
// The public Client: a thin shell over the addon's NativeClient. Its namespaces are generated
// from the core's operation table (lib/api.cjs) and call every operation through the runtime
// (lib/runtime.cjs); this file holds the client's own methods: settings, request(), tokens,
// sessions, close().
const util = require('node:util');
const native = require('./native.cjs');
const { call, callSync, ConfigurationError, ValidationError } = require('./errors.cjs');
const { args, tag, tagged } = require('./args.cjs');
const { namespaces } = require('./api.cjs');
const { withSignal } = require('./runtime.cjs');
const { Response } = require('./response.cjs');
const { requestLogger } = require('./logging.cjs');

function plainOptions(value, what, errorClass) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new errorClass(`${what} must be an object`);
  }
  return value;
}

/** A mapping, or an iterable of [name, value] pairs, as text pairs for the core. */
function textPairs(value, what) {
  if (value === undefined || value === null) return [];
  let entries;
  if (Array.isArray(value) || (typeof value === 'object' && typeof value[Symbol.iterator] === 'function')) {
    entries = [];
    for (const entry of value) {
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw new ValidationError(`${what} entries must be [name, value] pairs`);
      }
      entries.push(entry);
    }
  } else if (typeof value === 'object') {
    entries = Object.entries(value);
  } else {
    throw new ValidationError(`${what} must be an object or a list of [name, value] pairs`);
  }
  const out = [];
  const push = (name, v) => {
    if (v === undefined || v === null) return;
    if (!['string', 'number', 'boolean', 'bigint'].includes(typeof v)) {
      throw new ValidationError(`${what} value of ${JSON.stringify(name)} must be a string, number, boolean or bigint`);
    }
    out.push([name, String(v)]);
  };
  for (const [name, v] of entries) {
    if (typeof name !== 'string') throw new ValidationError(`${what} names must be strings`);
    if (Array.isArray(v)) v.forEach((item) => push(name, item));
    else push(name, v);
  }
  return out;
}

function jsonText(value) {
  // Like form and query, null means "none": no body.
  if (value === undefined || value === null) return null;
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new ValidationError(`json cannot be encoded: ${e.message} (send a bigint as a string or number)`);
  }
  if (text === undefined) throw new ValidationError('json cannot be encoded: it is not a JSON value');
  return text;
}

// Makes a Client around an existing native client (withOptions); not exported.
const wrapping = Symbol('Client.wrap');

class Client {
  // Private: the credentials live only inside the native client, never on a JS property.
  #native;

  constructor(options, wrapped) {
    if (options === wrapping) {
      this.#native = wrapped;
    } else {
      const { logger, ...settings } = plainOptions(options, 'Client options', ConfigurationError);
      const onRequest = requestLogger(logger);
      const taggedSettings = args(settings, 'Client options', ConfigurationError);
      this.#native = callSync(() => new native.NativeClient(taggedSettings, onRequest), ConfigurationError);
    }
    namespaces(this, this.#native, false);
    /** Every typed call, answering a RawResponse (status, headers, transactionId, parse()). */
    this.withRawResponse = Object.freeze(namespaces({}, this.#native, true));
    Object.freeze(this);
  }

  /**
   * This client with other defaults for its calls, `{ timeout, maxRetries, retry, deadline }`
   * (milliseconds), sharing its connections, token, rate limit and state: closing either
   * closes both.
   */
  withOptions(options) {
    const opts = plainOptions(options, 'withOptions() options', ValidationError);
    const text = tagged(opts, 'withOptions() options', ValidationError);
    return new Client(wrapping, callSync(() => this.#native.withOptions(text), ValidationError));
  }

  /**
   * A request to any endpoint, through the token, retries and errors of the typed calls:
   * `{ method, path, query, json, form, headers, retry }`. `path` is relative to the base URL.
   */
  async request(options) {
    const o = plainOptions(options, 'request() options', ValidationError);
    const { method, path, query, json, form, headers, retry, signal, ...rest } = o;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) {
      throw new ValidationError(`unknown request() option ${JSON.stringify(unknown[0])}; expected method, path, query, json, form, headers, retry, signal`);
    }
    if (signal !== undefined && signal !== null && !(signal instanceof AbortSignal)) {
      throw new ValidationError('signal must be an AbortSignal');
    }
    if (typeof method !== 'string') throw new ValidationError('request() needs a method string, e.g. "GET"');
    if (typeof path !== 'string') throw new ValidationError('request() needs a path string, e.g. "/v1/..."');
    if (retry !== undefined && retry !== null && typeof retry !== 'boolean') {
      throw new ValidationError('retry must be a boolean');
    }
    const formPairs = form === undefined || form === null ? null : textPairs(form, 'form');
    const queryPairs = textPairs(query, 'query');
    const headerPairs = textPairs(headers, 'headers');
    const body = jsonText(json);
    const answer = await withSignal(signal ?? null, (handle) =>
      this.#native.request(method, path, queryPairs, headerPairs, formPairs, body, retry ?? null, handle),
    );
    return new Response(answer);
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
    namespaces(this, nativeSession.client(), false);
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

  /** Alias of `closed`, the name Rust and Python also have. */
  get isClosed() {
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

module.exports = { Client, UserSession };
