'use strict';
// Tags each argument with its JS type so the addon receives exactly what the caller passed
// (no napi coercion, no "Failed to convert JavaScript value"); the core checks names, types and
// ranges and words the messages (see src/args.rs). Values of other types are sent by type name
// only: a secret of the wrong type never crosses, so it cannot be echoed.

function typeName(value) {
  if (typeof value !== 'object') return typeof value;
  const ctor = Object.getPrototypeOf(value)?.constructor;
  return typeof ctor === 'function' && ctor.name ? `${ctor.name} object` : 'object';
}

function isPlainObject(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function tag(value, depth) {
  if (value === undefined || value === null) return ['z'];
  switch (typeof value) {
    case 'string':
      return ['s', value];
    case 'number':
      return ['n', String(value)];
    case 'boolean':
      return ['b', value];
    case 'object':
      if (depth < 3 && Array.isArray(value)) return ['l', value.map((v) => tag(v, depth + 1))];
      if (depth < 3 && isPlainObject(value)) return ['m', entries(value, depth + 1)];
      return ['o', typeName(value)];
    default:
      return ['o', typeName(value)];
  }
}

function entries(object, depth = 0) {
  const out = [];
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined) out.push([key, tag(value, depth)]);
  }
  return out;
}

/** `{a: 1}` as `[['a', ['n', '1']]]`; `what` names the argument in the error. */
function args(object, what, errorClass) {
  if (object === undefined || object === null) return [];
  if (typeof object !== 'object' || Array.isArray(object) || !isPlainObject(object)) {
    throw new errorClass(`${what} must be an object, not ${Array.isArray(object) ? 'an array' : `a ${typeName(object)}`}`);
  }
  return entries(object);
}

module.exports = { args, tag };
