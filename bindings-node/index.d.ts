// Public types of the `candescent` package (hand-written; the addon's generated types are internal).

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

export type View = 's' | 'm' | 'small' | 'medium';

/** Exactly one of hostUserId / loginId. */
export interface UserSelector {
  hostUserId?: string;
  loginId?: string;
  /** Business-banking location. */
  institutionCustomerId?: string;
}

export interface GetAccountParams extends UserSelector {
  view?: View;
  crossAccount?: boolean;
  additionalFields?: boolean;
}

export interface ListAccountsParams extends GetAccountParams {
  /** OData $filter, e.g. "category eq 'DEPOSIT'". */
  filter?: string;
  /** Business-banking paging by customer group ($skipGroups; one group per page). */
  skipGroups?: number;
}

export interface ListTransactionsParams extends UserSelector {
  accountId: string;
  /** YYYY-MM-DD, inclusive. */
  startDate?: string;
  /** YYYY-MM-DD, inclusive. */
  endDate?: string;
  retrieveFutureTransactions?: boolean;
  filter?: string;
  isCreditTransaction?: boolean;
  additionalFields?: boolean;
  /** $top per page (default 100). */
  pageSize?: number;
}

/** Raw JSON the SDK does not model; numbers beyond a double's precision arrive as their text. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type Extra = { [key: string]: JsonValue };

/**
 * A money amount. `amount` is the exact decimal text the API sent ("501306.06"), never a JS
 * number: doubles cannot hold most cents exactly (0.1 + 0.2 !== 0.3). Use a decimal library
 * (or BigInt cents) for arithmetic.
 */
export interface Money {
  amount: string;
  currencyCode?: string;
  extra?: Extra;
}

/** Open set: an unknown value arrives as its string. */
export type Category =
  | 'DEPOSIT'
  | 'LOAN'
  | 'INVESTMENT'
  | 'TIERED_LOAN'
  | 'CROSS_USER_ACCOUNT'
  | (string & {});

export interface AccountType {
  /** CHECKING, SAVINGS, MONEY_MARKET, ... (open set). */
  value: string;
  fiRawAccountType?: JsonValue;
  fiAccountType?: JsonValue;
  description?: string;
  extra?: Extra;
}

export interface AccountStatus {
  open?: boolean;
  closed?: boolean;
  negativeBalance?: boolean;
  delinquent?: boolean;
  inCollection?: boolean;
  overLimit?: boolean;
  writtenOff?: boolean;
  creditBalance?: boolean;
  paymentCoupon?: boolean;
  retirementPlan?: boolean;
  retPlanOwnedByDeceased?: boolean;
  approved?: boolean;
  notApproved?: boolean;
  deleted?: boolean;
  verified?: boolean;
  extra?: Extra;
}

export interface AllowedActions {
  summary?: boolean;
  transferFrom?: boolean;
  transferTo?: boolean;
  isHistoryEnabled?: boolean;
  isHistoryEntitled?: boolean;
  isOnlineStatementEnabled?: boolean;
  extra?: Extra;
}

/**
 * An account, with the API's field names. `accountNumber` holds the full value; `util.inspect`
 * (console.log) shows it masked to its last four digits.
 */
export interface Account {
  id: string;
  institutionUserId: string;
  institutionCustomerId?: string;
  institutionId: string;
  description?: string;
  nickName?: string;
  accountNumber: string;
  category: Category;
  type: AccountType;
  primaryHolderName?: string;
  routingNumber?: string;
  micrNumber?: string;
  tpvReference?: string;
  tpvProductCode?: string;
  overdraftAccountNumber?: string;
  /** Exact decimal text, like money amounts. */
  interestRate?: string;
  currentBalance?: Money;
  availableBalance?: Money;
  lastStatementBalance?: Money;
  interestYearToDate?: Money;
  overdraftLimit?: Money;
  overdraftAvailableAmount?: Money;
  currentYearEligibleContribution?: Money;
  lastYearEligibleContribution?: Money;
  lastYearMaxContribution?: Money;
  escrowBalance?: Money;
  currentPrincipalBalance?: Money;
  nextPaymentAmount?: Money;
  payOffAmount?: Money;
  calculatedPayOffAmount?: Money;
  minimumPayment?: Money;
  lineOfCreditLimit?: Money;
  lastPrincipalPaymentAmount?: Money;
  originalLoanAmount?: Money;
  /** YYYY-MM-DD. */
  nextPaymentDate?: string;
  maturityDate?: string;
  loanOriginationDate?: string;
  pastPrincipalDueDate?: string;
  term?: JsonValue;
  status?: AccountStatus;
  allowedActions?: AllowedActions;
  additionalInfo?: JsonValue;
  /** Every field the server sent that this SDK does not know. */
  extra: Extra;
  /** The server's JSON text for this account, numbers with their exact text. */
  rawJson(): string;
}

export interface AccountList {
  accounts: Account[];
  /** Present when paging by customer group. */
  totalGroupCount?: number;
  extra: Extra;
  /** The server's JSON text for the whole answer. */
  rawJson(): string;
}

export interface Transaction {
  id: string;
  institutionId?: string;
  institutionUserId?: string;
  institutionCustomerId?: string;
  accountId?: string;
  transactionNumber?: string;
  /** YYYY-MM-DD. */
  transactionDate?: string;
  effectiveDate?: string;
  memo?: string;
  description?: string;
  amount?: Money;
  /** Open set of strings, e.g. RETURN_OF_GOODS. */
  type?: string;
  isCreditTransaction?: boolean;
  isExportable?: boolean;
  isPending?: boolean;
  additionalInfo?: JsonValue;
  extra: Extra;
  /** The server's JSON text for this transaction, numbers with their exact text. */
  rawJson(): string;
}

/** Whom `customers.find()` looks up: exactly one of loginId / hostUserId. */
export interface FindCustomerParams {
  loginId?: string;
  hostUserId?: string;
}

/** One customer a user acts for. util.inspect masks `memberNumber` (a business's TIN) and `hostLoginId`. */
export interface Customer {
  /** The id to pass as `institutionCustomerId`. */
  customerId: string;
  /** The member number; for a business location, its TIN. */
  memberNumber?: string;
  /** RETAIL or BUSINESS (open set). */
  customerType?: string;
  hostLoginId?: string;
  /** Present only when the server sent fields not named above. */
  extra?: Extra;
}

/** A user and the customers (business locations) they act for. */
export interface CustomerProfile {
  userId?: string;
  fiId?: string;
  userName?: string;
  firstName?: string;
  lastName?: string;
  fullName?: string;
  /** RETAIL or BUSINESS (open set). */
  userType?: string;
  userRole?: string;
  /** In the order of the account groups: customer i is group i. */
  customers: Customer[];
  extra: Extra;
  /** `[groupIndex, customer]` of the customer with this member number (TIN), or null. */
  customer(memberNumber: string): [number, Customer] | null;
  /** The server's JSON text for this profile. */
  rawJson(): string;
}

/** One customer group (business location) of `accounts.groups()`. */
export interface AccountGroup {
  /** The group's position, from 0 (its skipGroups). */
  index: number;
  /** How many groups there are. */
  total: number;
  /** The location the accounts belong to. */
  customerId: string | null;
  accounts: AccountList;
}

/** The groups of a business user's accounts, one request per group as you iterate. */
export interface AccountGroupList extends AsyncIterable<AccountGroup> {
  [Symbol.asyncIterator](): AsyncGenerator<AccountGroup, void, undefined>;
}

/** `client.accounts` (a type only: not constructible). */
export interface Accounts {
  list(params?: ListAccountsParams): Promise<AccountList>;
  get(accountId: string, params?: GetAccountParams): Promise<Account>;
  /** A business user's accounts one customer group (location) at a time, from `skipGroups` (0). */
  groups(params?: Omit<ListAccountsParams, 'institutionCustomerId'>): AccountGroupList;
}

/** `client.customers` (a type only: not constructible). */
export interface Customers {
  /** Who a user is and which customers (business locations) they act for. */
  find(params: FindCustomerParams): Promise<CustomerProfile>;
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
  json<T = unknown>(): T;
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
}

/** `client.withRawResponse.accounts`. */
export interface RawAccounts {
  list(params?: ListAccountsParams): Promise<RawResponse<AccountList>>;
  get(accountId: string, params?: GetAccountParams): Promise<RawResponse<Account>>;
}

/** All transactions of an account, fetched page by page as you iterate. */
export interface TransactionList extends AsyncIterable<Transaction> {
  pages(): AsyncGenerator<Transaction[], void, undefined>;
  /** Status, headers and transactionId of the last page read; null before the first. */
  readonly lastResponse: ResponseMeta | null;
  [Symbol.asyncIterator](): AsyncGenerator<Transaction, void, undefined>;
}

/** `client.transactions` (a type only: not constructible). */
export interface Transactions {
  list(params: ListTransactionsParams): TransactionList;
}

export declare class Client {
  /** Throws ConfigurationError when a setting is missing or wrong; sends nothing. */
  constructor(options?: ClientOptions);
  /** Every setting from the CANDESCENT_* environment variables. */
  static fromEnv(options?: ClientOptions): Client;
  readonly accounts: Accounts;
  readonly transactions: Transactions;
  readonly customers: Customers;
  /** The typed calls answering a RawResponse (status, headers, transactionId, parse()). */
  readonly withRawResponse: { readonly accounts: RawAccounts };
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
export declare class UserSession {
  private constructor();
  readonly accounts: Accounts;
  readonly transactions: Transactions;
  /** The OpenID Connect ID token, when the grant returned one. Keep it secret. */
  readonly idToken: string | null;
  /** Whether close() was called. */
  readonly closed: boolean;
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
  constructor(message?: string, fields?: ErrorFields);
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

/** The package version (equal to the Rust workspace version). */
export declare const VERSION: string;
