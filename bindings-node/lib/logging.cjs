'use strict';
// Adapts the core's request events (delivered from the tokio threads through a non-blocking
// threadsafe function) to any console-like logger. The message line carries every field, so a
// logger that ignores extra arguments (pino with a string first) still records them all; the
// event object follows for loggers that print it (console). No header, token or secret is in
// an event.
const { ConfigurationError } = require('./errors.cjs');

const LEVELS = ['debug', 'info', 'warn', 'error'];

function format(ev) {
  const status = ev.status == null ? (ev.error ? `failed (${ev.error})` : 'failed') : String(ev.status);
  return (
    `candescent ${ev.method} ${ev.path} -> ${status} ` +
    `[attempt ${ev.attempt}, ${Math.round(ev.elapsedMs)} ms, transactionId ${ev.transactionId}, ${ev.outcome}]`
  );
}

function requestLogger(logger) {
  if (logger == null) return undefined;
  const missing = LEVELS.filter((level) => typeof logger[level] !== 'function');
  if (missing.length > 0) {
    throw new ConfigurationError(
      `logger must have ${LEVELS.join('/')} methods (console or pino work); missing: ${missing.join(', ')}`,
    );
  }
  return (ev) => {
    const event = {
      method: ev.method,
      path: ev.path,
      status: ev.status ?? undefined,
      attempt: ev.attempt,
      elapsedMs: ev.elapsedMs,
      transactionId: ev.transactionId,
      outcome: ev.outcome,
      ...(ev.error == null ? {} : { error: ev.error }),
    };
    // The core decides the level (its one logging policy); anything unknown is logged, not lost.
    const level = LEVELS.includes(ev.level) ? ev.level : 'info';
    try {
      logger[level](format(event), event);
    } catch {
      // A broken logger must not turn into an uncaught exception on the event loop.
    }
  };
}

module.exports = { requestLogger };
