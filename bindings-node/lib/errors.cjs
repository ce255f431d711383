'use strict';
// napi-rs can only reject with a plain Error, so the addon puts the class name and fields in a
// JSON payload behind a marker (see src/errors.rs); this module rebuilds the real class so
// `instanceof RateLimitError` works. Messages come from the core, which never puts a secret in one.

const MARKER = '__candescent_error__:';

class CandescentError extends Error {
  constructor(message, fields) {
    super(message, fields && fields.cause !== undefined ? { cause: fields.cause } : undefined);
    if (fields) {
      for (const key of ['status', 'code', 'transactionId', 'retryAfter']) {
        if (fields[key] !== undefined && fields[key] !== null) this[key] = fields[key];
      }
    }
  }
}
class ConfigurationError extends CandescentError {}
class ValidationError extends CandescentError {}
class ApiConnectionError extends CandescentError {}
class ApiTimeoutError extends ApiConnectionError {}
class DecodeError extends CandescentError {}
class ClientClosedError extends CandescentError {}
class ApiError extends CandescentError {}
class BadRequestError extends ApiError {}
class AuthenticationError extends ApiError {}
class PermissionDeniedError extends ApiError {}
class NotFoundError extends ApiError {}
class RateLimitError extends ApiError {}
class ServerError extends ApiError {}
/**
 * A call whose `signal` fired before its answer came. Named `AbortError` with code
 * `ABORT_ERR`, as Node's own aborted operations are; `cause` is the signal's reason.
 */
class AbortError extends CandescentError {
  constructor(message, fields) {
    super(message ?? 'the call was aborted', fields);
    this.code = 'ABORT_ERR';
  }
}

const classes = {
  CandescentError,
  ConfigurationError,
  ValidationError,
  ApiConnectionError,
  ApiTimeoutError,
  DecodeError,
  ClientClosedError,
  ApiError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  RateLimitError,
  ServerError,
  AbortError,
};

// On the prototype, not the instance: the stack header reads "RateLimitError: ..." and
// util.inspect does not list `name` among the fields.
for (const [name, cls] of Object.entries(classes)) {
  Object.defineProperty(cls.prototype, 'name', {
    value: name,
    enumerable: false,
    writable: true,
    configurable: true,
  });
}

// napi's own argument-conversion failures ("Failed to convert ... into rust type `String`")
// carry one of these codes: the caller passed a wrong type, which we report as our error class.
const NAPI_ARGUMENT_CODES = new Set([
  'InvalidArg',
  'ObjectExpected',
  'StringExpected',
  'NameExpected',
  'FunctionExpected',
  'NumberExpected',
  'BooleanExpected',
  'ArrayExpected',
  'BigintExpected',
  'DateExpected',
]);

/** Turns whatever the addon threw into a CandescentError subclass (or rethrows a foreign error). */
function fromNative(err, argumentErrorClass = ValidationError) {
  if (err instanceof CandescentError) return err;
  if (err && typeof err.message === 'string' && err.message.startsWith(MARKER)) {
    let payload;
    try {
      payload = JSON.parse(err.message.slice(MARKER.length));
    } catch {
      return new CandescentError('the native addon returned an unreadable error');
    }
    const cls = Object.hasOwn(classes, payload.class) ? classes[payload.class] : CandescentError;
    return new cls(payload.message, payload);
  }
  if (err && NAPI_ARGUMENT_CODES.has(err.code)) {
    return new argumentErrorClass(err.message);
  }
  return err;
}

/** Runs a native call that returns a Promise (or throws synchronously) and maps its error. */
async function call(fn) {
  try {
    return await fn();
  } catch (err) {
    throw fromNative(err);
  }
}

/** Same for a synchronous native call. */
function callSync(fn, argumentErrorClass) {
  try {
    return fn();
  } catch (err) {
    throw fromNative(err, argumentErrorClass);
  }
}

module.exports = { ...classes, fromNative, call, callSync };
