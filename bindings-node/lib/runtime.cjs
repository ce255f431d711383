'use strict';
// What every generated namespace and model (lib/api.cjs) shares: calling an operation of the
// core's table through the addon's few entry points, and turning its answer into objects.
//
// Answers arrive as text in the core's wire form (exact numbers as decimal strings, unknown
// fields under `extra`); JSON.parse builds the objects, which is far cheaper than creating
// each field through napi, and each object then gets its class's prototype, walking the
// generated map of which fields hold nested objects. A long list arrives in pieces, each
// parsed while the core writes the next.
const util = require('node:util');
const native = require('./native.cjs');
const { call: callNative, callSync, AbortError, ValidationError } = require('./errors.cjs');
const { args, tagged, tag } = require('./args.cjs');
const { RawResponse, responseMeta } = require('./response.cjs');

// Keys of the generated tables, kept off the objects users see.
const META = Symbol('candescent.model');
const STATE = Symbol('candescent.namespace');

/** What every answer object has: its server JSON back, and util.inspect that hides personal data. */
class Model {
  /** The server's JSON text of this object, numbers with their exact text. */
  rawJson() {
    const schema = this.constructor[META]?.schema;
    if (!schema) throw new TypeError(`${this.constructor.name} is not an answer of the API: it has no JSON of its own`);
    return callSync(() => native.rawJson(schema, JSON.stringify(this)), ValidationError);
  }

  // Logging an object is often not deliberate, so inspect never shows personal data in full;
  // JSON.stringify is a deliberate act and is left alone.
  [util.inspect.custom](depth, options, inspect = util.inspect) {
    const name = this.constructor.name;
    if (depth < 0) return options.stylize(`[${name}]`, 'special');
    const shown = { ...this };
    const sensitive = this.constructor[META]?.sensitive;
    if (sensitive) {
      for (const [field, how] of sensitive) {
        const value = this[field];
        if (value === undefined || value === null) continue;
        shown[field] = how === 'last4' ? native.maskAccountNumber(String(value)) : '****';
      }
    }
    // Same level as the object itself, so the remaining depth carries over unchanged.
    return `${name} ${inspect(shown, { ...options, depth })}`;
  }
}

/** Bytes go back to base64 in JSON, as the API sent them. */
function bytesToJSON() {
  const out = { ...this };
  for (const field of this.constructor[META].bytes) {
    if (Buffer.isBuffer(out[field])) out[field] = out[field].toString('base64');
  }
  return out;
}

/**
 * Describes a generated model class: `schema` (its name in the core's table), `sensitive`
 * ({field: how util.inspect masks it}), `aliases` ({alias: field}), `bytes` (base64 fields,
 * given as Buffers), `media` ({kind, types}: the `mediaType` of its bytes), `items` and `item`
 * (the field holding a list answer's items, and their class), and `adopt` (the generated
 * function giving a parsed object its class and its nested objects theirs; a class without
 * nested objects or bytes has none: its objects only need the prototype).
 */
function model(cls, schema, meta) {
  cls[META] = {
    schema,
    sensitive: meta.sensitive ? Object.entries(meta.sensitive) : null,
    bytes: meta.bytes ?? null,
    items: meta.items ?? null,
    item: meta.item ?? null,
    adopt: meta.adopt ?? null,
  };
  for (const [alias, field] of Object.entries(meta.aliases ?? {})) {
    Object.defineProperty(cls.prototype, alias, {
      get() {
        return this[field];
      },
      enumerable: false,
      configurable: true,
    });
  }
  if (meta.media) {
    const { kind, types } = meta.media;
    Object.defineProperty(cls.prototype, 'mediaType', {
      get() {
        return Object.hasOwn(types, this[kind]) ? types[this[kind]] : null;
      },
      enumerable: false,
      configurable: true,
    });
  }
  if (meta.bytes) {
    Object.defineProperty(cls.prototype, 'toJSON', { value: bytesToJSON, enumerable: false, configurable: true });
  }
}

/** Gives `value` (parsed JSON) the class `cls`, and its nested objects theirs. */
function adopt(value, cls) {
  if (value === null || typeof value !== 'object') return value;
  const generated = cls[META].adopt;
  if (generated !== null) return generated(value);
  return Object.setPrototypeOf(value, cls.prototype);
}

function adoptAll(items, cls) {
  for (let i = 0; i < items.length; i++) if (items[i] !== null) adopt(items[i], cls);
  return items;
}

/** The objects of an answer described by `result` (a class, [class] or null). */
function build(result, value) {
  if (result === null || value === null) return value;
  if (Array.isArray(result)) return Array.isArray(value) ? adoptAll(value, result[0]) : value;
  return adopt(value, result);
}

/** A generated operation: its index in the core's table and how its answer is built. */
function op(spec) {
  return Object.freeze({ path: [], item: null, empty: null, partial: false, ...spec });
}

/** The base of every generated namespace: which client it calls, and whether it answers raw. */
class Namespace {
  constructor(nativeClient, raw) {
    Object.defineProperty(this, STATE, { value: { native: nativeClient, raw: Boolean(raw) } });
  }

  [util.inspect.custom]() {
    return `${this.constructor.name} {}`;
  }
}

/** A call's arguments (positional path values, then the params object) as tagged JSON text. */
function callArgs(op, path, params) {
  const entries = args(params, `${op.label} parameters`, ValidationError, true);
  for (let i = op.path.length - 1; i >= 0; i--) {
    if (path[i] !== undefined) entries.unshift([op.path[i], tag(path[i], 0, true)]);
  }
  return JSON.stringify(entries);
}

/** The per-call options (`signal` apart) as tagged JSON text, or null. */
function callOptions(options) {
  if (options === undefined || options === null) return [null, null];
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ValidationError('call options must be an object: { signal, timeout, maxRetries, retry, deadline }');
  }
  const { signal, ...rest } = options;
  if (signal !== undefined && signal !== null && !(signal instanceof AbortSignal)) {
    throw new ValidationError('signal must be an AbortSignal');
  }
  const keys = Object.keys(rest);
  return [keys.length === 0 ? null : tagged(rest, 'call options', ValidationError), signal ?? null];
}

function abortError(signal) {
  return new AbortError('the call was aborted: its AbortSignal fired', { cause: signal.reason });
}

/**
 * Runs `run(handle)` (a native call) so that `signal` aborting drops it in the addon and
 * rejects with AbortError, whose `cause` is the signal's reason.
 */
async function withSignal(signal, run) {
  if (signal === null) return callNative(() => run(0));
  if (signal.aborted) throw abortError(signal);
  const handle = native.abortHandle();
  const onAbort = () => native.abort(handle);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await callNative(() => run(handle));
  } catch (err) {
    if (err instanceof AbortError && err.cause === undefined) err.cause = signal.reason;
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The answer from the addon: text, pieces of a long list, or null. */
async function answer(op, got) {
  if (got === null || got === undefined) return op.empty === 'void' ? undefined : null;
  if (typeof got === 'string') return build(op.result, JSON.parse(got));
  return fromPieces(op.result, got);
}

/**
 * A long list from its pieces: arrays of items, then the answer itself with the items not sent
 * before (all of them on `restart`). Each piece is parsed while the core writes the next one.
 */
async function fromPieces(cls, parts) {
  const { items, item: itemCls } = cls[META];
  let pieces = [];
  for (;;) {
    const { text, last, restart } = await callNative(() => parts.next());
    if (restart) pieces = [];
    if (last) {
      const whole = JSON.parse(text);
      if (pieces.length === 0) return adopt(whole, cls);
      // The pieces' items have their prototype already: only the rest is adopted.
      const rest = whole[items] ?? [];
      whole[items] = [];
      adopt(whole, cls);
      if (itemCls !== null) adoptAll(rest, itemCls);
      whole[items] = [].concat(...pieces, rest);
      return whole;
    }
    const piece = JSON.parse(text);
    pieces.push(itemCls === null ? piece : adoptAll(piece, itemCls));
  }
}

function state(ns) {
  return ns[STATE];
}

/**
 * A stream given for an upload (`fs.createReadStream(…)`, any async iterable of bytes or text)
 * read to its end: the addon takes the file's bytes.
 */
async function readStreams(params) {
  if (params === null || typeof params !== 'object') return params;
  let out = params;
  for (const [key, value] of Object.entries(params)) {
    const stream = value !== null && typeof value === 'object' && !(value instanceof Uint8Array)
      && typeof value[Symbol.asyncIterator] === 'function';
    if (!stream) continue;
    const chunks = [];
    for await (const chunk of value) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    out = { ...out, [key]: Buffer.concat(chunks) };
  }
  return out;
}

/** A typed call: the answer's objects, a RawResponse (withRawResponse), or a PartialResult. */
async function call(ns, op, path, params, options) {
  const { native: client, raw } = state(ns);
  const text = callArgs(op, path, op.upload ? await readStreams(params) : params);
  const [opts, signal] = callOptions(options);
  if (raw || op.partial) {
    const { meta, body } = await withSignal(signal, (h) => client.callWithMeta(op.index, text, opts, h));
    const parse = () => build(op.result, body === null || body === undefined ? null : JSON.parse(body)) ?? (op.empty === 'void' ? undefined : null);
    if (raw) return new RawResponse(meta, parse);
    return new PartialResult(meta.status, parse());
  }
  return answer(op, await withSignal(signal, (h) => client.call(op.index, text, opts, h)));
}

/** `wait()` of an operation that reads a job: its last answer. */
async function wait(ns, op, path, params, options) {
  const { native: client, raw } = state(ns);
  if (raw) throw new TypeError('wait() answers no RawResponse: call it on the client, not withRawResponse');
  const text = callArgs(op, path, params);
  const [opts, signal] = callOptions(options);
  return build(op.result, JSON.parse(await withSignal(signal, (h) => client.wait(op.index, text, opts, h))));
}

/** A paged operation: its pages as you iterate; withRawResponse gives the first one's answer. */
function paged(ns, op, path, params, options) {
  const { native: client, raw } = state(ns);
  if (raw) return call(ns, op, path, params, options);
  return new Paged(client, op, op.item, () => {
    const text = callArgs(op, path, params);
    const [opts, signal] = callOptions(options);
    return [callSync(() => client.pager(op.index, text, opts), ValidationError), signal];
  });
}

/** `accounts.groups()`: one business customer group per request. */
function groups(ns, op, groupCls, params, options) {
  const { native: client, raw } = state(ns);
  if (raw) throw new TypeError('groups() answers no RawResponse: call it on the client, not withRawResponse');
  return new Paged(client, op, groupCls, () => {
    const text = callArgs(op, [], params);
    const [opts, signal] = callOptions(options);
    return [callSync(() => client.groups(op.index, text, opts), ValidationError), signal];
  });
}

/**
 * The items of a paged operation, read page by page as you iterate (`for await`), or the pages
 * themselves (`pages()`). The arguments are checked when iteration starts, so a refused one
 * rejects the first `next()`.
 */
class Paged {
  #client;
  #op;
  #item;
  #start;
  #pager = null;

  constructor(client, op, item, start) {
    this.#client = client;
    this.#op = op;
    this.#item = item;
    this.#start = start;
  }

  /** Status, headers and transactionId of the last page read; null before the first. */
  get lastResponse() {
    return this.#pager === null ? null : responseMeta(this.#pager.lastResponse());
  }

  /** Each page's items, as the API returns them. */
  async *pages() {
    const [pager, signal] = this.#start();
    this.#pager = pager;
    for (;;) {
      const text = await withSignal(signal, (h) => pager.nextPage(h));
      if (text === null) return;
      const page = JSON.parse(text);
      if (this.#item !== null) adoptAll(page, Array.isArray(this.#item) ? this.#item[0] : this.#item);
      yield page;
    }
  }

  async *[Symbol.asyncIterator]() {
    for await (const page of this.pages()) yield* page;
  }

  [util.inspect.custom]() {
    return `Paged { operation: '${this.#op.label}' }`;
  }
}

/**
 * The answer of an operation that documents `206 Partial Content`: `complete` is false when
 * the API carried out only part of the request, and `result` says what succeeded.
 */
class PartialResult {
  constructor(status, result) {
    /** Whether the API carried out the whole request (any status but 206). */
    this.complete = status !== 206;
    /** The HTTP status. */
    this.status = status;
    /** The answer (null when there is no body). */
    this.result = result;
    Object.freeze(this);
  }
}

module.exports = {
  Model,
  Namespace,
  Paged,
  PartialResult,
  model,
  op,
  call,
  paged,
  wait,
  groups,
  withSignal,
};
