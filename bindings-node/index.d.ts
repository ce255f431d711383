// Public types of the `candescent` package. The namespaces, parameters and answers of every
// operation are generated (`api.d.ts`, re-exported here); the rest is written by hand.

/**
 * Settings of a Client. Missing values come from the CANDESCENT_* environment variables. An
 * unknown name, a wrong type, a fractional or negative count or a timeout below 50 ms (a value
 * in seconds by mistake) throws ConfigurationError, naming the option.
 */
export interface ClientOptions {
  /** The Developer Console's Shared Key (CANDESCENT_CLIENT_ID). */
  clientId?: string;
  /** The Developer Console's Secret Key (CANDESCENT_CLIENT_SECRET). Never logged or printed. */
  clientSecret?: string;
  /** The financial institution's id, e.g. "00016" (CANDESCENT_INSTITUTION_ID). */
  institutionId?: string;
  /** Default "stage" (CANDESCENT_ENVIRONMENT). */
  environment?: 'stage' | 'production';
  /** Overrides `environment` (CANDESCENT_BASE_URL); `http` only to loopback hosts. */
  baseUrl?: string;
  /** Scopes to request; none = every scope the application is allowed. */
  scopes?: string[];
  /** Per-attempt timeout in milliseconds (default 30 000; at least 50). */
  timeout?: number;
  /** Connect timeout in milliseconds (default 10 000). */
  connectTimeout?: number;
  /** Optional bound in milliseconds on one call including its retries. */
  deadline?: number;
  /** Extra attempts on connection failures, timeouts, 408, 429 and 5xx (default 2). */
  maxRetries?: number;
  /** Send client_id/client_secret in the token request body instead of HTTP Basic. */
  credentialsInBody?: boolean;
  /** Endpoint path overrides by name (token, revoke, accounts, transactions, customers), e.g. `{ accounts: '/accounts/v1/accounts' }`. */
  routes?: Partial<Record<'token' | 'revoke' | 'accounts' | 'transactions' | 'customers', string>>;
  /** Read CANDESCENT_* variables for unset values (default true). */
  useEnv?: boolean;
  /** The largest successful answer read, in bytes (default 32 MiB). */
  maxResponseBytes?: number;
  /**
   * Where tokens are shared (CANDESCENT_TOKEN_CACHE): "memory" (default, this process),
   * "file:///path" (the processes of one machine), "redis://[user:password@]host[:port][/db]"
   * or "rediss://..." (a fleet: one token request for all processes). Stored tokens are sealed
   * with a key derived from the client secret; a failing store never fails a call.
   */
  tokenCache?: string;
  /** Prefix of the shared cache's keys (default "candescent"; CANDESCENT_TOKEN_CACHE_PREFIX). */
  tokenCachePrefix?: string;
  /**
   * Requests per second, minute or hour, e.g. "50/s" or "3000/min" (CANDESCENT_RATE_LIMIT):
   * for the whole fleet with a Redis tokenCache, else for this client. A call waits for its
   * slot and throws RateLimitError if none comes within its deadline (or timeout).
   */
  rateLimit?: string;
  /**
   * The proxy every request goes through, "http://[user:password@]host:port" (its password is
   * never printed), or "none" / false for direct connections. Unset: CANDESCENT_PROXY, then
   * HTTPS_PROXY / HTTP_PROXY / ALL_PROXY unless NO_PROXY names the host (these standard
   * variables are read even with useEnv: false).
   */
  proxy?: string | false;
  /**
   * A PEM file of certificate authorities to trust besides the built-in web roots and the
   * system's store, e.g. the CA of a proxy that re-signs TLS (CANDESCENT_CA_BUNDLE). A missing
   * or certificate-less file throws ConfigurationError naming it. NODE_EXTRA_CA_CERTS is not
   * read (it belongs to Node's own TLS): pass the same file here. SSL_CERT_FILE, when set,
   * replaces the system's store.
   */
  caBundle?: string;
  /** "default" (built-in roots, the system's store and caBundle) or "bundle-only" (caBundle alone). */
  trust?: 'default' | 'bundle-only';
  /** Receives one line per HTTP attempt (debug: ok, warn: retry, error: failed). */
  logger?: Logger;
}

/** Any console-like logger: console, pino, winston... */
export interface Logger {
  debug(message: string, ...rest: unknown[]): unknown;
  info(message: string, ...rest: unknown[]): unknown;
  warn(message: string, ...rest: unknown[]): unknown;
  error(message: string, ...rest: unknown[]): unknown;
}

/** The object passed to the logger after the message line. Holds no secret. */
export interface RequestEvent {
  method: string;
  /** Without the query string. */
  path: string;
  status?: number;
  /** 1-based. */
  attempt: number;
  elapsedMs: number;
  transactionId: string;
  outcome: 'ok' | 'retry' | 'error';
  error?: string;
}

export * from './api';
import type {
  Account,
  AccountGroup,
  AccountList,
  AccountsApi,
  AccountsGetParams,
  AccountsListParams,
  Api,
  Customer,
  CustomersApi,
  CustomersFindParams,
  RawAccountsApi,
  RawApi,
  TransactionsApi,
  TransactionsListParams,
} from './api';

/** A date as the API writes it, `YYYY-MM-DD`. */
export type DateString = string;

/** Raw JSON the SDK does not model; numbers beyond a double's precision arrive as their text. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** Fields the server sent that the SDK does not name. */
export type Extra = { [key: string]: JsonValue };

/**
 * What every answer object has. Objects are built from the API's JSON with its field names;
 * numbers of the document (money, rates) are exact decimal strings (`"501306.06"`), never a
 * JS number, which cannot hold most cent values exactly. `util.inspect` masks personal data
 * (account numbers as `****0101`); `JSON.stringify` keeps every value.
 */
export declare abstract class Model {
  /** The server's JSON text of this object, numbers with their exact text. */
  rawJson(): string;
}

/**
 * The options of one call, its second (or last) argument. Times are in milliseconds; what is
 * not given comes from the client (`withOptions`, then its settings).
 */
export interface CallOptions {
  /**
   * Aborts the call: its request is dropped and it rejects with `AbortError` (`name`
   * `'AbortError'`, `code` `'ABORT_ERR'`, `cause` the signal's reason). An answer already in
   * wins. On a paged call, it applies to every page.
   */
  signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds (at least 50). */
  timeout?: number;
  /** Extra attempts on connection failures, timeouts, 408, 429 and 5xx. */
  maxRetries?: number;
  /**
   * Whether failures may be repeated. Reads are by default; writes are not, since the API has
   * no idempotency key and a repeated write acts twice.
   */
  retry?: boolean;
  /** A bound in milliseconds on all attempts, the wait for a token and for a rate-limit slot. */
  deadline?: number;
}

/** The defaults `client.withOptions()` sets for every call of the client it returns. */
export type ClientCallOptions = Omit<CallOptions, 'signal'>;

/**
 * The items of a paged operation, read page by page as you iterate (`for await`); `pages()`
 * gives each page's items as an array. Arguments are checked when iteration starts: a refused
 * one rejects the first `next()`.
 */
// `P` names one page's whole answer: what `withRawResponse` gives for the same call.
export interface Paged<T, P = unknown> extends AsyncIterable<T> {
  pages(): AsyncGenerator<T[], void, undefined>;
  /** Status, headers and transactionId of the last page read; null before the first. */
  readonly lastResponse: ResponseMeta | null;
  [Symbol.asyncIterator](): AsyncGenerator<T, void, undefined>;
}

/** The groups of a business user's accounts, one request per group as you iterate. */
export interface AccountGroupList<G = AccountGroup> extends AsyncIterable<G> {
  [Symbol.asyncIterator](): AsyncGenerator<G, void, undefined>;
}

/**
 * The answer of an operation that documents `206 Partial Content`: `complete` is false when the
 * API carried out only part of the request; `result` then says what succeeded.
 */
export declare class PartialResult<T> {
  private constructor();
  readonly complete: boolean;
  readonly status: number;
  readonly result: T;
}

// Names of earlier versions, kept.
export type View = NonNullable<AccountsListParams['view']>;
export type Category = Account['category'];
/** Exactly one of hostUserId / loginId. */
export type UserSelector = Pick<AccountsListParams, 'hostUserId' | 'loginId' | 'institutionCustomerId'>;
export type ListAccountsParams = AccountsListParams;
export type GetAccountParams = AccountsGetParams;
export type ListTransactionsParams = TransactionsListParams;
export type FindCustomerParams = CustomersFindParams;
export type Accounts = AccountsApi;
export type Customers = CustomersApi;
export type Transactions = TransactionsApi;
export type RawAccounts = RawAccountsApi;

declare module './api' {
  interface CustomerProfile {
    /**
     * `[groupIndex, customer]` of the customer with this member number (a business location's
     * TIN), or null. The index is the `skipGroups` of its account group.
     */
    customer(memberNumber: string): [number, Customer] | null;
  }
}

/** Status, headers and transactionId of an answer, for support tickets. */
export interface ResponseMeta {
  readonly status: number;
  /** A WHATWG `Headers`: `get()` is case-insensitive. */
  readonly headers: Headers;
  /** The `transactionId` the SDK sent on the attempt that got this answer. */
  readonly transactionId: string;
}

/**
 * The answer to `client.request()` (always 2xx: other answers reject with the usual errors).
 * `json()` keeps numbers exact: a number with a fraction or an exponent, or an integer beyond
 * `Number.MAX_SAFE_INTEGER`, arrives as its decimal string (`"501306.06"`); other integers are
 * numbers.
 */
export declare class Response implements ResponseMeta {
  private constructor();
  readonly status: number;
  readonly headers: Headers;
  readonly transactionId: string;
  /** The body as received. */
  readonly body: Buffer;
  /** The body as UTF-8 text; DecodeError when it is not. */
  readonly text: string;
  /** The body as JSON (exact numbers as above); DecodeError when it is not JSON. */
  json<T = any>(): T;
}

/** A typed call's answer with its metadata, from `client.withRawResponse`. */
export declare class RawResponse<T> implements ResponseMeta {
  private constructor();
  readonly status: number;
  readonly headers: Headers;
  readonly transactionId: string;
  /** The result the typed call would have returned. */
  parse(): T;
}

/** `query`, `form` and `headers` of `request()`: an object or `[name, value]` pairs; an array value repeats the name; undefined/null leave it out. */
export type RequestParams =
  | Record<string, string | number | boolean | bigint | null | undefined | Array<string | number | boolean | bigint>>
  | Iterable<[string, string | number | boolean | bigint]>;

export interface RequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | Lowercase<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS'>;
  /** Relative to the base URL, e.g. "/v1/institution-disclosures". */
  path: string;
  query?: RequestParams;
  /** Any JSON value, serialized with JSON.stringify (a bigint is refused: send it as a string). Not with `form`. */
  json?: unknown;
  /** Sent form-encoded. Not with `json`. */
  form?: RequestParams;
  /** Refused: Authorization, Proxy-Authorization, transactionId, institutionId, User-Agent, Host, Content-Length, Transfer-Encoding, Connection, Keep-Alive, Upgrade, TE, Trailer, Expect. */
  headers?: RequestParams;
  /** Retry failures (connection errors, timeouts, 408, 429, 5xx)? Default: yes for idempotent methods, no for POST and PATCH. */
  retry?: boolean;
  /** Aborts the request: it rejects with `AbortError`. */
  signal?: AbortSignal;
}

export interface Client extends Api {}
export declare class Client {
  /** Throws ConfigurationError when a setting is missing or wrong; sends nothing. */
  constructor(options?: ClientOptions);
  /** Every setting from the CANDESCENT_* environment variables. */
  static fromEnv(options?: ClientOptions): Client;
  /** Every typed call, answering a RawResponse (status, headers, transactionId, parse()). */
  readonly withRawResponse: RawApi;
  /**
   * This client with other defaults for its calls (milliseconds), sharing its connections,
   * token, rate limit and state: closing either closes both. A wrong name or value throws
   * ValidationError.
   */
  withOptions(options: ClientCallOptions): Client;
  /**
   * A request to any endpoint with the token, retries and errors of the typed calls. Refused
   * before any traffic (ValidationError): absolute URLs outside the base URL, "." and ".."
   * segments (encoded or not), control characters, and the headers the SDK owns.
   */
  request(options: RequestOptions): Promise<Response>;
  /** Whether close() was called. */
  readonly closed: boolean;
  /** Alias of `closed` (the name Rust and Python also have). */
  readonly isClosed: boolean;
  /** Where requests go, e.g. "https://api.candescent.com/digitalbanking/stage". */
  readonly baseUrl: string;
  /** The financial institution's id the client was configured with. */
  readonly institutionId: string;
  /** The current access token, for endpoints the SDK does not cover yet. Keep it secret. */
  accessToken(): Promise<string>;
  /** Revokes the token (best effort); afterwards calls fail with ClientClosedError. */
  close(): Promise<void>;
  /**
   * Signs a user in with the password grant: a UserSession whose calls need no hostUserId or
   * loginId. The password is kept (as a secret) for the session's life, to sign in again
   * should the refresh token be refused. AuthenticationError when the server refuses them.
   */
  userSession(options: UserSessionOptions): Promise<UserSession>;
  /** Exchanges an OpenID Connect authorization code (authorization_code grant) for the user's session. */
  exchangeCode(code: string, options?: ExchangeCodeOptions): Promise<UserSession>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface UserSessionOptions {
  /** The user's online banking username (login id). */
  username: string;
  password: string;
}

export interface ExchangeCodeOptions {
  /** Sent when given: then it must be the redirect URI the code was issued for. */
  redirectUri?: string;
}

/**
 * A signed-in user's session: the client's calls with the user's own token (no hostUserId or
 * loginId needed), renewed with the refresh token before it expires. close() (or
 * `await using`) revokes the access token and the refresh token.
 */
export interface UserSession extends Api {}
export declare class UserSession {
  private constructor();
  /** The OpenID Connect ID token, when the grant returned one. Keep it secret. */
  readonly idToken: string | null;
  /** Whether close() was called. */
  readonly closed: boolean;
  /** Alias of `closed` (the name Rust and Python also have). */
  readonly isClosed: boolean;
  /** The user's current access token, renewed if needed. Keep it secret. */
  accessToken(): Promise<string>;
  /** Revokes both tokens (best effort); the client stays open. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** The accounts as the text table every demo prints: masked numbers, exact amounts. */
export declare function formatAccounts(accounts: Account[] | AccountList): string;

export interface ErrorFields {
  status?: number;
  code?: string;
  transactionId?: string;
  retryAfter?: number;
}

export declare class CandescentError extends Error {
  constructor(message?: string, fields?: ErrorFields & { cause?: unknown });
  /** HTTP status, for ApiError and subclasses. */
  readonly status?: number;
  /** The API's error code, e.g. ACC_00601. */
  readonly code?: string;
  /** transactionId of the last attempt, to quote to Candescent support. */
  readonly transactionId?: string;
  /** Seconds the server asked to wait (RateLimitError). */
  readonly retryAfter?: number;
}
export declare class ConfigurationError extends CandescentError {}
export declare class ValidationError extends CandescentError {}
export declare class ApiConnectionError extends CandescentError {}
export declare class ApiTimeoutError extends ApiConnectionError {}
export declare class DecodeError extends CandescentError {}
export declare class ClientClosedError extends CandescentError {}
export declare class ApiError extends CandescentError {
  readonly status: number;
}
export declare class BadRequestError extends ApiError {}
export declare class AuthenticationError extends ApiError {}
export declare class PermissionDeniedError extends ApiError {}
export declare class NotFoundError extends ApiError {}
export declare class RateLimitError extends ApiError {}
export declare class ServerError extends ApiError {}
/**
 * A call whose `signal` fired before its answer came: `name` is `'AbortError'` and `code`
 * `'ABORT_ERR'`, as for Node's own aborted operations; `cause` is the signal's reason.
 */
export declare class AbortError extends CandescentError {
  readonly code: 'ABORT_ERR';
}

/** The package version (equal to the Rust workspace version). */
export declare const VERSION: string;
