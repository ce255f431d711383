'use strict';
// What request() and withRawResponse answer. Headers are a WHATWG `Headers` (case-insensitive
// `get()`, a header sent several times reads as its values joined by ", "). Numbers in json()
// are exact: a number with a fraction or an exponent, or an integer beyond
// Number.MAX_SAFE_INTEGER, arrives as its decimal string ("501306.06"), as money does in the
// typed models; other integers are numbers. The core does that rewrite (exact_json_text).
const util = require('node:util');
const { call, callSync, DecodeError } = require('./errors.cjs');

function headersOf(pairs) {
  const headers = new Headers();
  for (const [name, value] of pairs) headers.append(name, value);
  return headers;
}

function metaOf(meta) {
  return { status: meta.status, headers: headersOf(meta.headers), transactionId: meta.transactionId };
}

/** The answer to `client.request()`: always 2xx (other answers reject with the usual errors). */
class Response {
  #native;
  constructor(native) {
    this.#native = native;
    const meta = metaOf(native.meta);
    /** The HTTP status. */
    this.status = meta.status;
    /** The headers (a `Headers`: `get()` is case-insensitive). */
    this.headers = meta.headers;
    /** The `transactionId` of the attempt that got this answer. */
    this.transactionId = meta.transactionId;
    Object.freeze(this);
  }

  /** The body as received, a Buffer. */
  get body() {
    return this.#native.body;
  }

  /** The body as UTF-8 text; DecodeError when it is not. */
  get text() {
    return callSync(() => this.#native.text(), DecodeError);
  }

  /** The body as JSON, inexact numbers as decimal strings (see the top of this file). */
  json() {
    return JSON.parse(callSync(() => this.#native.exactJson(), DecodeError));
  }

  [util.inspect.custom]() {
    return `Response { status: ${this.status}, transactionId: '${this.transactionId}' }`;
  }
}

/** A typed call's answer with its metadata (`client.withRawResponse`): `parse()` gives the result. */
class RawResponse {
  #parse;
  constructor(meta, parse) {
    const m = metaOf(meta);
    this.status = m.status;
    this.headers = m.headers;
    this.transactionId = m.transactionId;
    this.#parse = parse;
    Object.freeze(this);
  }

  /** The typed result the call would have returned. */
  parse() {
    return this.#parse();
  }

  [util.inspect.custom]() {
    return `RawResponse { status: ${this.status}, transactionId: '${this.transactionId}' }`;
  }
}

/** Status, headers and transactionId of an answer (`Paged.lastResponse`). */
function responseMeta(meta) {
  return meta === null || meta === undefined ? null : Object.freeze(metaOf(meta));
}

module.exports = { Response, RawResponse, responseMeta, call };
