'use strict';
// `candescent/testing`: the emulator crate embedded in the addon, served on the addon's tokio
// runtime, so tests need neither network nor a separate binary.
const util = require('node:util');
const native = require('./native.cjs');
const { call, ValidationError } = require('./errors.cjs');
const { Client } = require('./client.cjs');

const constructing = Symbol('Emulator.start');

class Emulator {
  #native;

  constructor(token, nativeEmulator) {
    if (token !== constructing) throw new TypeError('use `await Emulator.start(options)`');
    this.#native = nativeEmulator;
    // Read once: these never change for a running emulator.
    this.baseUrl = nativeEmulator.baseUrl;
    this.clientId = nativeEmulator.clientId;
    this.clientSecret = nativeEmulator.clientSecret;
    this.institutionId = nativeEmulator.institutionId;
    Object.freeze(this);
  }

  /** Binds (port 0 or absent: a free port) and resolves once it serves. */
  static async start(options) {
    if (options != null && (typeof options !== 'object' || Array.isArray(options))) {
      throw new ValidationError('Emulator options must be an object');
    }
    const nativeEmulator = await call(() => native.startEmulator(options ?? {}));
    return new Emulator(constructing, nativeEmulator);
  }

  /** Request counters; `operations` is `{}` when this emulator does not count per operation. */
  async stats() {
    const stats = await call(() => this.#native.stats());
    return { ...stats, operations: stats.operations ?? {} };
  }

  /** The next `count` (default 1) requests to `route` misbehave as `kind` says. */
  async injectFault(fault) {
    return call(() => this.#native.injectFault(fault));
  }

  /** Every issued token expires now; `{ refreshTokens: false }` expires only the access tokens. */
  async expireTokens(options) {
    if (options != null && (typeof options !== 'object' || Array.isArray(options))) {
      throw new ValidationError('expireTokens() options must be an object');
    }
    const refreshTokens = options?.refreshTokens;
    if (refreshTokens !== undefined && typeof refreshTokens !== 'boolean') {
      throw new ValidationError('refreshTokens must be a boolean');
    }
    return call(() => this.#native.expireTokens(refreshTokens));
  }

  /**
   * A one-time OpenID Connect authorization code for the user `loginId` (default `testUser`,
   * password `emulator-password`), issued to this emulator's own application: pass it to
   * `client.exchangeCode(code)`.
   */
  authorizationCode(loginId = 'testUser') {
    if (typeof loginId !== 'string') throw new ValidationError('loginId must be a string');
    return this.#native.authorizationCode(loginId);
  }

  async revokeTokens() {
    return call(() => this.#native.revokeTokens());
  }

  async reset() {
    return call(() => this.#native.reset());
  }

  async stop() {
    return call(() => this.#native.stop());
  }

  /** A Client pointed at this emulator; CANDESCENT_* variables are ignored so tests are hermetic. */
  client(overrides) {
    return new Client({
      baseUrl: this.baseUrl,
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      institutionId: this.institutionId,
      useEnv: false,
      ...(overrides ?? {}),
    });
  }

  [util.inspect.custom]() {
    return `Emulator { baseUrl: '${this.baseUrl}' }`;
  }
}

if (typeof Symbol.asyncDispose === 'symbol') {
  Emulator.prototype[Symbol.asyncDispose] = function asyncDispose() {
    return this.stop();
  };
}

module.exports = { Emulator };
