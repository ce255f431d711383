// Type-checked with `npm run typecheck` (tsc --strict --noEmit); uses every public name.
import {
  Client,
  Response,
  RawResponse,
  UserSession,
  formatAccounts,
  VERSION,
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
  PartialResult,
  Model,
  Recipient,
} from 'candescent';
import type {
  Account,
  AccountList,
  AccountStatus,
  AccountType,
  AllowedActions,
  AccountGroup,
  AccountGroupList,
  Accounts,
  Customer,
  CustomerProfile,
  Customers,
  FindCustomerParams,
  Category,
  ClientOptions,
  ErrorFields,
  Extra,
  GetAccountParams,
  JsonValue,
  ListAccountsParams,
  ListTransactionsParams,
  Logger,
  Money,
  RawAccounts,
  RequestEvent,
  RequestOptions,
  ResponseMeta,
  Transaction,
  TransactionList,
  Transactions,
  Paged,
  CallOptions,
  RecipientsCreateParams,
  Recipients,
  AlertTemplateResources,
  EStatementReportResponse,
  Job,
  ImageInfo,
  UserSelector,
  View,
} from 'candescent';
import { Emulator } from 'candescent/testing';
import type { EmulatorOptions, EmulatorStats, Fault, FaultKind, FaultRoute } from 'candescent/testing';

function describeError(err: unknown): string {
  if (err instanceof RateLimitError) return `rate limited, retry in ${err.retryAfter ?? '?'} s`;
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError) return `denied: ${err.code}`;
  if (err instanceof NotFoundError || err instanceof BadRequestError || err instanceof ServerError) {
    return `${err.status} ${err.code ?? ''} (${err.transactionId ?? 'no transactionId'})`;
  }
  if (err instanceof ApiError) return `API error ${err.status}`;
  if (err instanceof ApiTimeoutError) return 'timed out';
  if (err instanceof ApiConnectionError) return 'connection failed';
  if (err instanceof DecodeError || err instanceof ValidationError || err instanceof ConfigurationError) {
    return err.message;
  }
  if (err instanceof ClientClosedError) return 'closed';
  if (err instanceof CandescentError) return err.message;
  return String(err);
}

function balance(money: Money | undefined): string {
  return money ? `${money.amount} ${money.currencyCode ?? ''}` : '-';
}

function summarize(account: Account): string {
  const type: AccountType = account.type;
  const status: AccountStatus | undefined = account.status;
  const actions: AllowedActions | undefined = account.allowedActions;
  const category: Category = account.category;
  const extra: Extra = account.extra;
  const raw: JsonValue | undefined = extra['hostAccountNumber'];
  return `${account.id} ${category} ${type.value} open=${status?.open} transfer=${actions?.transferFrom} ${balance(account.availableBalance)} ${String(raw)}`;
}

async function main(): Promise<void> {
  const options: EmulatorOptions = { tokenTtl: 3600, latencyMs: 0 };
  const emu: Emulator = await Emulator.start(options);
  const events: RequestEvent[] = [];
  const logger: Logger = {
    debug: (_message: string, ...rest: unknown[]) => void events.push(rest[0] as RequestEvent),
    info: console.info,
    warn: console.warn,
    error: console.error,
  };
  const overrides: ClientOptions = { timeout: 30_000, maxRetries: 2, logger, proxy: false, trust: 'default' };
  const client: Client = emu.client(overrides);
  const explicit = new Client({
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    institutionId: emu.institutionId,
    baseUrl: emu.baseUrl,
    environment: 'stage',
    scopes: ['accounts:read', 'transactions:read'],
    useEnv: false,
    routes: { accounts: '/v1/accounts' },
  });
  try {
    const user: UserSelector = { hostUserId: '1234567890' };
    const view: View = 's';
    const listParams: ListAccountsParams = { ...user, view, crossAccount: true, additionalFields: false };
    const accounts: Accounts = client.accounts;
    const list: AccountList = await accounts.list(listParams);
    console.log(list.totalGroupCount, list.accounts.map(summarize));

    const getParams: GetAccountParams = { loginId: 'testUser' };
    const first = list.accounts[0];
    if (first) {
      const one: Account = await explicit.accounts.get(first.id, getParams);
      const txParams: ListTransactionsParams = { accountId: one.id, ...user, startDate: '2026-01-01', pageSize: 50 };
      const transactions: Transactions = client.transactions;
      const iterable: Paged<Transaction, TransactionList> = transactions.list(txParams);
      for await (const txn of iterable) {
        const t: Transaction = txn;
        console.log(t.transactionDate, t.type, balance(t.amount));
      }
      for await (const page of transactions.list(txParams).pages()) console.log(page.length);
    }

    const customers: Customers = client.customers;
    const who: FindCustomerParams = { loginId: 'gen-12' };
    const profile: CustomerProfile = await customers.find(who);
    const location: Customer | undefined = profile.customers?.[0];
    const found: [number, Customer] | null = location?.memberNumber ? profile.customer(location.memberNumber) : null;
    const groups: AccountGroupList = client.accounts.groups({ loginId: 'gen-12' });
    for await (const group of groups) {
      const g: AccountGroup = group;
      console.log(g.index, g.total, g.customerId, g.accounts.accounts.length, found?.[0]);
    }

    const fault: Fault = { route: 'accounts' as FaultRoute, kind: 'status' as FaultKind, status: 429, retryAfter: 120 };
    await emu.injectFault(fault);
    await client.accounts.list(user).catch((err: unknown) => console.log(describeError(err)));
    await emu.expireTokens();
    await emu.revokeTokens();
    const stats: EmulatorStats = await emu.stats();
    console.log(stats.requests.token, stats.tokensIssued, VERSION, await client.accessToken().then((t) => t.length));
    await emu.reset();
    const fields: ErrorFields = { status: 500 };
    console.log(new ServerError('example', fields).status, client.closed, client.isClosed);
    const where: string = client.baseUrl;
    const institution: string = client.institutionId;
    const table: string = formatAccounts(await client.accounts.list({ hostUserId: '1234567890' }));
    console.log(where, institution, table.length);
    const options: RequestOptions = { method: 'GET', path: '/v1/institution-disclosures', query: { a: 1 } };
    const any: Response = await client.request(options);
    const data = any.json<{ institutionDisclosures: Array<{ institutionDisclosureName: string }> }>();
    console.log(any.status, any.headers.get('content-type'), any.transactionId, any.text.length, any.body.length, data);
    const rawAccounts: RawAccounts = client.withRawResponse.accounts;
    const raw: RawResponse<AccountList> = await rawAccounts.list({ hostUserId: '1234567890' });
    const meta: ResponseMeta = raw;
    console.log(meta.transactionId, raw.parse().accounts.length);
    const pages = client.transactions.list({ accountId: 'x', hostUserId: '1234567890' });
    const last: ResponseMeta | null = pages.lastResponse;
    console.log(last?.status);
    if (process.env.CANDESCENT_CLIENT_ID) await Client.fromEnv().close();

    // Any operation of the table, with per-call options.
    const controller = new AbortController();
    const callOptions: CallOptions = { signal: controller.signal, timeout: 5_000, maxRetries: 1, deadline: 20_000 };
    const create: RecipientsCreateParams = {
      hostUserId: '1234567890',
      body: { nickName: 'Mom', accountNumber: '123456789', accountType: 'CHECKING' },
    };
    const created: Recipients | AbortError = await client.recipients.create(create, callOptions).catch((e: AbortError) => e);
    const recipient: Recipient | undefined = created instanceof AbortError ? undefined : created.recipients?.[0];
    const templates: AlertTemplateResources = await client.alerts.templates.list();
    const report: PartialResult<EStatementReportResponse> = await client.eStatements.report({ body: { accountType: 'CHECKING' } });
    const job: Job = await client.campaigns.jobs.wait('00000000-0000-4000-8000-000000000000');
    const image: ImageInfo | undefined = (await client.images.get('i', { hostUserId: '1', accountId: 'a', imageType: 'CHECK' })).imageInfoItems?.imageInfo?.[0];
    const patient = client.withOptions({ timeout: 60_000, maxRetries: 5 });
    for await (const payment of client.business.payments.ach.list({ loginId: 'gen-12', fromDate: '2026-01-01', toDate: '2026-03-31' })) {
      console.log(payment);
    }
    const model: Model | undefined = recipient;
    console.log(templates, report.complete, report.result, job, image?.mediaType, patient.isClosed, model?.rawJson());

    const session: UserSession = await client.userSession({ username: 'testUser', password: 'emulator-password' });
    const mine: AccountList = await session.accounts.list();
    const token: string = await session.accessToken();
    const idToken: string | null = session.idToken;
    console.log(mine.accounts.length, token.length, idToken, session.closed, session.isClosed);
    await session.close();
    await emu.expireTokens({ refreshTokens: false });
    const coded = await client.exchangeCode(emu.authorizationCode('testUser'), { redirectUri: 'https://example.org/cb' });
    const grants: number = (await emu.stats()).grants.authorizationCode;
    console.log(grants, (await emu.stats()).revoked.refreshTokens);
    await coded.close();
  } finally {
    await client.close();
    await explicit.close();
    await emu.stop();
  }
}

/** `await using` stops the emulator and closes the client when the block ends. */
async function disposable(): Promise<number> {
  await using emu = await Emulator.start();
  await using client = emu.client();
  const stats: EmulatorStats = await emu.stats();
  const perOperation: Record<string, number> = stats.operations;
  return (await client.accounts.list({ hostUserId: '1234567890' })).accounts.length + Object.keys(perOperation).length;
}

void main();
void disposable();
