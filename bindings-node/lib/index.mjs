// ESM entry: re-exports the CommonJS implementation so `import` and `require` share one set of
// classes (an error from either passes `instanceof` for both) and one native addon.
import cjs from './index.cjs';

export * from './api.mjs';
export const {
  Client,
  Response,
  RawResponse,
  UserSession,
  Model,
  Paged,
  PartialResult,
  formatAccounts,
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
  VERSION,
} = cjs;
export default cjs;
