'use strict';
// Tags each argument with its JS type so the addon receives exactly what the caller passed
// (no napi coercion, no "Failed to convert JavaScript value"); the core checks names, types and
// ranges and words the messages (see src/args.rs). Values of other types are sent by type name
// only: a secret of the wrong type never crosses, so it cannot be echoed.

// Request bodies nest; anything deeper than this is surely a cycle or a mistake.
const MAX_DEPTH = 32;

function typeName(value) {
  if (typeof value !== 'object') return typeof value;
  const ctor = Object.getPrototypeOf(value)?.constructor;
  return typeof ctor === 'function' && ctor.name ? `${ctor.name} object` : 'object';
}

function isPlainObject(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * One value, tagged. `bytes`: a Buffer or typed array crosses as its bytes (a call's file
 * upload); elsewhere (settings, secrets) it crosses by its type name only.
 */
function tag(value, depth, bytes = false) {
  if (value === undefined || value === null) return ['z'];
  switch (typeof value) {
    case 'string':
      return ['s', value];
    case 'number':
      return ['n', String(value)];
    case 'boolean':
      return ['b', value];
    case 'object':
      if (depth < MAX_DEPTH && Array.isArray(value)) return ['l', value.map((v) => tag(v, depth + 1, bytes))];
      if (depth < MAX_DEPTH && isPlainObject(value)) return ['m', entries(value, depth + 1, bytes)];
      // A file's bytes (uploads): as base64, which the addon decodes.
      if (bytes && value instanceof Uint8Array) {
        return ['y', Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')];
      }
      return ['o', typeName(value)];
    default:
      return ['o', typeName(value)];
  }
}

function entries(object, depth = 0, bytes = false) {
  const out = [];
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined) out.push([key, tag(value, depth, bytes)]);
  }
  return out;
}

/**
 * `{a: 1}` as `[['a', ['n', '1']]]`; `what` names the argument in the error, `bytes` as for
 * `tag()`.
 */
function args(object, what, errorClass, bytes = false) {
  if (object === undefined || object === null) return [];
  if (typeof object !== 'object' || Array.isArray(object) || !isPlainObject(object)) {
    throw new errorClass(`${what} must be an object, not ${Array.isArray(object) ? 'an array' : `a ${typeName(object)}`}`);
  }
  return entries(object, 0, bytes);
}

/** `args()` as the JSON text the addon's calls take. */
function tagged(object, what, errorClass) {
  return JSON.stringify(args(object, what, errorClass));
}

module.exports = { args, tag, tagged };
