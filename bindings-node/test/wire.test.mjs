// The generated surface against the embedded emulator, over real HTTP: what each call sends
// (path, query, body, headers, multipart) shown by what the emulator does with it (the object
// read back, the filter applied, the job's counts, `stats().operations` counting the requests a
// pager or a retry made), and what a call makes of the answer (classes, bytes, 204, 206, every
// paging scheme, wait(), long lists in pieces), checked against the emulator's seed data. A 503
// to retry is a `status` fault; the answers no seed data gives (a body that does not fit the
// document, an image type it does not list, a 204 or an empty list from the customer route) are
// `body` faults on the operation. The same operations as whole user flows are in
// emulator_ops.test.mjs.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';

import {
  AlertTemplateResources,
  BadRequestError,
  DecodeError,
  ImageInfo,
  Job,
  NotFoundError,
  PartialResult,
  Recipient,
  Recipients,
  ServerError,
  UXAccount,
  ValidationError,
} from 'candescent';
import { startEmulator, collect, HOST_USER_ID, LOGIN_ID, CHECKING_ID } from './helpers.mjs';

/** The example user's customer that holds CHECKING_ID and its new recipients; Jordan Lee's host user id. */
const CUSTOMER_ID = '8fe733f4e27246908f92e8f7c0b96847';
const JORDAN = '2200334455';
const EARLY_ACCESS = 'e1a3000d-117b-4cf7-8113-b96748057717';

let emu;
let client;

/** Requests the emulator answered per operationId since the last reset. */
async function ops() {
  return (await emu.stats()).operations;
}

before(async () => {
  emu = await startEmulator();
});

// Every test starts from the seed, with no fault pending and the counters at zero.
beforeEach(async () => {
  if (client) await client.close();
  await emu.reset();
  client = emu.client();
});

after(async () => {
  await client.close();
  await emu.stop();
});

test('recipients.create sends its body and query, is not repeated, and answers Recipients', async () => {
  const user = { hostUserId: HOST_USER_ID };
  const body = { nickName: 'Mom', fullName: 'A Mom', memberNumber: '2200112200', accountNumber: '123456789', accountType: 'CHECKING', email: 'mom@example.org' };
  await emu.injectFault({ route: 'createRecipientV1', kind: 'status', status: 503, retryAfter: 0 });
  await assert.rejects(client.recipients.create({ ...user, body }), (e) => e instanceof ServerError && e.status === 503);
  assert.equal((await ops()).createRecipientV1, 1, 'a write is not repeated by itself');
  assert.equal((await client.recipients.list(user)).recipients.length, 3, 'the refused write created nothing');

  // validate=true needs fromAccountId (REC_12013 otherwise): both query parameters arrived.
  const created = await client.recipients.create({ ...user, validate: true, fromAccountId: CHECKING_ID, body });
  assert.ok(created instanceof Recipients);
  const [recipient] = created.recipients;
  assert.ok(recipient instanceof Recipient);
  assert.equal(recipient.nickName, 'Mom');
  // The JSON body arrived whole, stored for the user hostUserId names (its customer).
  const stored = { id: 'rcp-0004', institutionId: '00016', institutionCustomerId: CUSTOMER_ID, ...body };
  assert.deepEqual(JSON.parse(recipient.rawJson()), stored);
  const [readBack] = (await client.recipients.get('rcp-0004', user)).recipients;
  assert.deepEqual(JSON.parse(readBack.rawJson()), stored);
  // Validating it again answers it as it is; without validate=true the same one is a duplicate.
  const again = await client.recipients.create({ ...user, validate: true, fromAccountId: CHECKING_ID, body });
  assert.equal(again.recipients[0].id, 'rcp-0004');
  await assert.rejects(client.recipients.create({ ...user, body }), (e) => e instanceof BadRequestError && e.code === 'REC_13001');
  // The emulator answers nothing without a valid transactionId and a bearer token it issued:
  // every call above carried both, all on the one token.
  const stats = await emu.stats();
  assert.equal(stats.operations.createRecipientV1, 4);
  assert.equal(stats.tokensIssued, 1);

  const shown = util.inspect(created, { depth: 5 });
  assert.ok(!shown.includes('123456789') && shown.includes('****6789'), shown);
  assert.ok(!shown.includes('mom@example.org'), 'an e-mail address is hidden whole');
});

test('a write is repeated when the call says retry: true', async () => {
  await emu.injectFault({ route: 'createTransferV1', kind: 'status', status: 503, retryAfter: 0 });
  const body = { fromAccountId: 'FJLqiQAy1lvswlZXcu9rA0mD8ohakVblGGbi-f-r29A', toAccountId: CHECKING_ID, amount: { amount: '25.10', currencyCode: 'USD' }, memo: 'rent share' };
  const transfer = await client.transfers.create({ hostUserId: HOST_USER_ID, body }, { retry: true });
  assert.equal(transfer.status, 'SUCCESS');
  assert.match(transfer.id, /^[0-9a-f]{32}$/);
  assert.match(transfer.confirmation, /^TR[0-9A-F]{10}$/);
  assert.deepEqual([transfer.fromAccountId, transfer.toAccountId, transfer.amount.amount, transfer.memo], [body.fromAccountId, CHECKING_ID, '25.10', 'rent share']);
  assert.equal((await ops()).createTransferV1, 2, 'the 503, then the repeat');
});

test('path ids are encoded into their own segment; deletes resolve undefined', async () => {
  const user = { loginId: 'gen-1' };
  // Sent unencoded, `a/b c` would be two segments and no route; encoded, it reaches
  // getRecipientV1, which names the id it was given.
  await assert.rejects(
    client.recipients.get('a/b c', user),
    (e) => e instanceof BadRequestError && e.code === 'REC_14004' && e.message.includes('Recipient a/b c not found'),
  );
  const [first] = (await client.recipients.get('rcp-0001', user)).recipients;
  assert.deepEqual([first.id, first.nickName], ['rcp-0001', 'Supplier 1']);
  assert.equal(await client.recipients.delete('rcp-0001', user), undefined);
  assert.deepEqual((await client.recipients.list(user)).recipients.map((r) => r.id), ['rcp-0002']);
  await assert.rejects(client.recipients.get('rcp-0001', user), (e) => e instanceof BadRequestError && e.code === 'REC_14004');
  // Refused before any request.
  await assert.rejects(client.recipients.get('..', user), ValidationError);
  await assert.rejects(client.recipients.get('rcp-0002'), (e) => e instanceof ValidationError && /hostUserId or loginId/.test(e.message));
  const counted = await ops();
  assert.deepEqual([counted.getRecipientV1, counted.deleteRecipientV1, counted.listRecipientsV1], [3, 1, 1]);
});

test('query enums are checked, maps come through, withRawResponse gives the status', async () => {
  const list = await client.alerts.templates.list({ locale: 'en_US', alertTypeName: 'LOW_BALANCE' });
  assert.ok(list instanceof AlertTemplateResources);
  // Both filters arrived: the es_US draft of LOW_BALANCE (109) and the other types are left out.
  assert.deepEqual(
    list.alertTemplateResources.map((t) => [String(t.alertTypeResourceId), t.alertTypeName, t.locale]),
    [['101', 'LOW_BALANCE', 'en_US']],
  );
  assert.deepEqual({ ...list.alertTemplateResources[0].variableMap }, { detail: 'event.summary', firstName: 'user.firstName' });

  const variableMap = { amount: 'Amount', 'x.y': 'Z' };
  const raw = await client.withRawResponse.alerts.templates.create({ body: { alertTypeName: 'LOW_BALANCE', locale: 'fr_CA', state: 'DRAFT', variableMap } });
  assert.equal(raw.status, 201);
  const created = raw.parse();
  assert.deepEqual([created.alertTypeName, created.locale, created.state], ['LOW_BALANCE', 'fr_CA', 'DRAFT']);
  assert.deepEqual({ ...created.variableMap }, variableMap);
  const [readBack] = (await client.alerts.templates.list({ locale: 'fr_CA' })).alertTemplateResources;
  assert.equal(String(readBack.alertTypeResourceId), String(created.alertTypeResourceId));
  assert.deepEqual({ ...readBack.variableMap }, variableMap);

  await assert.rejects(client.alerts.templates.list({ channel: 'PIGEON' }), ValidationError);
  assert.equal((await ops()).listAlertTemplatesV1, 2, 'the bad enum was refused before sending');
});

test('date windows: a long range is read 30 days at a time', async () => {
  const range = { loginId: LOGIN_ID, fromDate: '2025-03-26', toDate: '2026-04-30' };
  // The emulator refuses more than 30 days at once.
  await assert.rejects(
    client.request({ method: 'GET', path: '/v1/ach-payments', query: range }),
    (e) => e instanceof BadRequestError && e.code === 'BBP-133',
  );
  const payments = client.business.payments.ach.list(range);
  const all = await collect(payments);
  // 401 days, 30 at a time: 14 windows, each one request.
  assert.equal((await ops()).getAchPaymentsV1, 1 + 14);
  assert.equal(all.length, 40);
  assert.equal(new Set(all.map((p) => p.id)).size, 40, 'no payment read twice');
  assert.ok(all.every((p) => p.deliveryDate >= range.fromDate && p.deliveryDate <= range.toDate));
  // Oldest window first.
  assert.ok(all[0].deliveryDate < all[39].deliveryDate);
  const amounts = all.map((p) => p.totalAmount);
  assert.ok(amounts.includes('12345678901234.56') && amounts.includes('0.1'), 'money is exact decimal text');
  assert.equal(payments.lastResponse.status, 200);
  await assert.rejects(
    collect(client.business.payments.ach.list({ loginId: LOGIN_ID, fromDate: '2026-03-15', toDate: '2026-01-01' })),
    ValidationError,
  );
  assert.equal((await ops()).getAchPaymentsV1, 15, 'a reversed range is refused before sending');
});

test('page tokens: the next page asks with the token the last one gave; 204 is no page', async () => {
  const body = { startTime: '2026-03-01T00:00:00Z', endTime: '2026-04-30T23:59:59Z', pageSize: 20, userId: LOGIN_ID, userIdType: 'loginId' };
  const pages = await collect(client.bankingActivities.search({ body }).pages());
  assert.deepEqual(pages.map((p) => p.length), [20, 20, 5]);
  const items = pages.flat();
  assert.equal(new Set(items.map((a) => a.ReqCtx_id)).size, 45, 'each page went on from the last');
  assert.ok(items.every((a) => a.loginId === LOGIN_ID));
  assert.equal((await ops()).searchBankingActivitiesV1, 3);
  // The first answer's token, sent with the same criteria, is the pager's second page.
  const first = (await client.withRawResponse.bankingActivities.search({ body })).parse();
  assert.equal(Number(first.count), 20);
  assert.equal(typeof first.nextPageToken, 'string');
  const second = (await client.withRawResponse.bankingActivities.search({ body: { ...body, nextPageToken: first.nextPageToken } })).parse();
  assert.deepEqual(second.bankingActivities.map((a) => a.ReqCtx_id), pages[1].map((a) => a.ReqCtx_id));
  // No match: the emulator answers 204.
  assert.deepEqual(await collect(client.bankingActivities.search({ body: { ...body, eventIds: ['noSuchEvent'] } })), []);
  assert.equal((await ops()).searchBankingActivitiesV1, 6);
});

test('page numbers: pageNo/pageSize until a short page; page/size until the last page', async () => {
  // A preference with a field the document does not list (the emulator keeps it), sent as is.
  const extra = await client.request({
    method: 'POST',
    path: '/v1/alert-preferences',
    query: { hostUserId: HOST_USER_ID },
    json: {
      alertOpted: true, preferenceId: 'p3',
      alertPreferenceAccountDetails: { accountId: 'LucHSRuNSd8zWXLh_x0o9XuPyoAfObcCKKvpEh_J4WM' },
      alertPreferenceDetails: { alertTypeName: 'LOW_BALANCE', channelTypeName: 'SMS' },
    },
  });
  assert.equal(extra.status, 201);
  const prefs = await collect(client.alerts.preferences.list({ hostUserId: HOST_USER_ID, pageSize: 50 }));
  // 120 seed preferences and the new one: pages of 50, 50 and 21, the short one the last.
  assert.equal((await ops()).listAlertPreferencesV1, 3);
  assert.deepEqual(
    prefs.map((p) => Number(p.alertPreferenceDetails.alertPrefId)),
    Array.from({ length: 121 }, (_, i) => 5001 + i),
  );
  assert.deepEqual(prefs[0].extra, {});
  assert.deepEqual(prefs[120].extra, { preferenceId: 'p3' }, 'the items of a page carry extra');

  const pages = await collect(client.campaigns.experienceGroups.list({ pageSize: 1 }).pages());
  assert.deepEqual(pages.map((p) => p.map((g) => g.groupName)), [['Early Access Card'], ['Mobile Deposit Pilot'], ['Budget Tools Beta']]);
  assert.equal(pages[0][0].constructor.name, 'GroupsWithParticipantsCount');
  assert.equal(pages[0][0].groupId, EARLY_ACCESS);
  assert.equal((await ops()).listExperienceGroupsV3, 3);
});

test('wait() reads the job again until its state is final', async () => {
  const { jobId } = await client.campaigns.experienceGroups.uploadParticipants(EARLY_ACCESS, { type: 'ADD', file: Buffer.from('ParticipantId\n1001\n1002\n') });
  // Each read moves the job one step: CREATED → PROCESSING → SUCCESSFUL. A deadline shorter
  // than the first pause between reads (250 ms) ends the wait after one read.
  await assert.rejects(
    client.campaigns.jobs.wait(jobId, { deadline: 240 }),
    (e) => e.name === 'ApiTimeoutError' && /PROCESSING/.test(e.message),
  );
  assert.equal((await ops()).getJobV3, 1);
  const done = await client.campaigns.jobs.wait(jobId);
  assert.ok(done instanceof Job);
  assert.deepEqual([done.jobId, done.jobStatus, Number(done.successRecordsCount), Number(done.failedRecordsCount)], [jobId, 'SUCCESSFUL', 2, 0]);
  assert.equal((await ops()).getJobV3, 2);
});

test('206 is a partial result; 204 a complete one without a body', async () => {
  const complete = await client.eStatements.report({ body: { accountType: 'CHECKING' } });
  assert.ok(complete instanceof PartialResult);
  assert.deepEqual([complete.complete, complete.status, Number(complete.result.totalCount)], [true, 200, 3]);

  // Jordan Lee keeps a record for an account he closed: that one fails, the others succeed.
  const jordan = await client.eStatements.updateUserPreferences({ hostUserId: JORDAN, body: { activateEstatement: true } });
  assert.ok(jordan instanceof PartialResult);
  assert.deepEqual([jordan.complete, jordan.status], [false, 206]);
  assert.deepEqual([...jordan.result.failedAccounts], ['cLoSeDaCcOuNt0000000000000000000000000000001']);
  assert.equal(jordan.result.updatedAccounts.length, 2);

  // A report covering him now misses that account: 206.
  const partial = await client.eStatements.report({ body: {} });
  assert.deepEqual([partial.complete, partial.status, Number(partial.result.totalCount)], [false, 206, 5]);
  const numbers = partial.result.statementOptInReport.map((r) => r.accountNumber);
  assert.ok(numbers.includes('4410020101') && numbers.includes('7700112233'), numbers.join());
  const shown = util.inspect(partial, { depth: 6 });
  assert.ok(!shown.includes('4410020101') && !shown.includes('7700112233'), shown);

  const updated = await client.eStatements.updateUserPreferences({ hostUserId: HOST_USER_ID, body: { activateEstatement: true } });
  assert.deepEqual([updated.complete, updated.status, updated.result], [true, 204, null]);
});

test('base64 fields are Buffers with a media type, and base64 again in JSON', async () => {
  const params = { hostUserId: HOST_USER_ID, accountId: CHECKING_ID, imageType: 'CHECK', transactionDate: '2026-04-20' };
  const check = 'chk-cHeCk00000000000000000000000000000000002301';
  const image = await client.images.get(check, params);
  // imageType arrived: the check is found among the account's CHECK images.
  assert.deepEqual([image.id, image.imageType, image.transactionImageNumber], [check, 'CHECK', '2301']);
  const [front, back] = image.imageInfoItems.imageInfo;
  assert.ok(front instanceof ImageInfo);
  assert.deepEqual([front.view, back.view], ['FRONT', 'BACK']);
  assert.ok(Buffer.isBuffer(front.data));
  assert.deepEqual([...front.data.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  assert.equal(front.mediaType, 'image/png');
  const base64 = JSON.parse(front.rawJson()).data;
  assert.equal(Buffer.from(base64, 'base64').compare(front.data), 0);
  assert.equal(JSON.parse(JSON.stringify(front)).data, base64);
  await assert.rejects(client.images.get(check, { ...params, imageType: 'STATEMENT', statementDate: '2026-04-30' }), NotFoundError);

  const statement = await client.images.get('statement-paGLhmRd-202604', { hostUserId: HOST_USER_ID, accountId: CHECKING_ID, imageType: 'STATEMENT', statementDate: '2026-04-30' });
  const [pdf] = statement.imageInfoItems.imageInfo;
  assert.equal(pdf.mediaType, 'application/pdf');
  assert.equal(pdf.data.subarray(0, 5).toString('latin1'), '%PDF-');

  // A type the document does not list (the emulator serves only PNG and PDF): no media type.
  const tiff = { ...JSON.parse(image.rawJson()), imageInfoItems: { imageInfo: [{ data: '', type: 'TIFF' }] } };
  await emu.injectFault({ route: 'getBankingImageByIdV1', kind: 'body', body: JSON.stringify(tiff) });
  const [other] = (await client.images.get(check, params)).imageInfoItems.imageInfo;
  assert.equal(other.mediaType, null);
  assert.equal(other.data.length, 0);
});

test('uploads go as multipart, the file given as a Buffer', async () => {
  const file = Buffer.from('ParticipantId\n1001\nnot-an-id\n');
  const answer = await client.campaigns.experienceGroups.uploadParticipants(EARLY_ACCESS, { type: 'ADD', file });
  assert.equal(answer.jobStatus, 'CREATED');
  const job = await client.campaigns.jobs.wait(answer.jobId, { deadline: 5_000 });
  // The type field and the file part (its name, its CSV rows) arrived.
  assert.deepEqual(
    [job.groupId, job.type, job.jobStatus, Number(job.totalRecordsCount), Number(job.successRecordsCount), Number(job.failedRecordsCount)],
    [EARLY_ACCESS, 'ADD', 'PARTIAL_SUCCESS', 2, 1, 1],
  );
  assert.match(job.inputFileName, /\.csv$/);
  const errors = await collect(client.campaigns.jobs.errors(answer.jobId));
  assert.equal(errors.length, 1);
  assert.match(JSON.stringify(errors[0]), /not-an-id/);
  const groups = await collect(client.campaigns.experienceGroups.list());
  assert.equal(groups.find((g) => g.groupId === EARLY_ACCESS).noOfParticipants, 13, 'the valid row was added');
  await assert.rejects(client.campaigns.experienceGroups.uploadParticipants(EARLY_ACCESS, { type: 'ADD', file: 42 }), ValidationError);
  await assert.rejects(client.campaigns.experienceGroups.uploadParticipants('not-a-uuid', { type: 'ADD', file }), ValidationError);
  assert.equal((await ops()).uploadExperienceGroupParticipantsV3, 1);
});

test('answers without a body: void operations resolve undefined, optional ones null', async () => {
  const reset = { body: { contactMethodId: 'cm-1', protocol: 'SMS' } };
  assert.equal((await client.withRawResponse.customers.resetPassword(CUSTOMER_ID, reset)).status, 204);
  assert.equal(await client.customers.resetPassword(CUSTOMER_ID, reset), undefined);
  const event = { eventDomainType: 'AccountEvent', eventDetails: { eventType: 'LOW_BALANCE', eventSource: 'CORE', eventId: 'evt-wire-1' } };
  assert.equal(await client.alerts.events.publish({ hostUserId: HOST_USER_ID, body: event }), undefined);
  // The 202 recorded the alert in the user's history.
  const history = await client.alerts.history.list({ hostUserId: HOST_USER_ID });
  assert.ok(history.alertHistorySummaryResources.some((h) => h.eventId === 'evt-wire-1' && h.alertTypeName === 'LOW_BALANCE'));
  assert.equal((await ops()).publishAlertEventsV1, 1);

  // Every customer of the seed users has accounts, so the 204 of a customer without any, and an
  // empty list (which the emulator would answer as 204), come from faults on the same route.
  const params = { hostUserId: HOST_USER_ID };
  assert.deepEqual((await client.accounts.listWithTransactions(CUSTOMER_ID, params)).map((a) => a.id), [CHECKING_ID, 'Rt7hbI17jeO7D58RUJJYQUb1jTV2te3Dv6pcY3cE-Wu']);
  await emu.injectFault({ route: 'getCustomerAccountsTransactionsV1', kind: 'body', status: 204, body: '' });
  assert.equal(await client.accounts.listWithTransactions(CUSTOMER_ID, params), null);
  await emu.injectFault({ route: 'getCustomerAccountsTransactionsV1', kind: 'body', body: '[]' });
  assert.deepEqual(await client.accounts.listWithTransactions(CUSTOMER_ID, params), []);
  assert.equal((await ops()).getCustomerAccountsTransactionsV1, 3);
});

test('a list answer of any operation arrives in pieces, whole and in order', async () => {
  // Recipients with a field the document does not list, stored as sent: long enough together
  // (over 1 MiB) to come in pieces.
  const user = { hostUserId: 'gen-3' };
  const count = 250;
  for (let i = 0; i < count; i++) {
    await client.request({
      method: 'POST',
      path: '/v1/recipients',
      query: user,
      json: { nickName: `Recipient number ${i} with a long enough name`, memberNumber: `${3000000000 + i}`, accountNumber: `${5000000000 + i}`, accountType: 'CHECKING', extraField: i, note: `note ${i} `.repeat(500) },
    });
  }
  const sent = await client.request({ method: 'GET', path: '/v1/recipients', query: user });
  assert.ok(sent.body.length > 1024 * 1024, 'long enough to come in pieces');
  const list = await client.recipients.list(user);
  const expected = sent.json().recipients;
  assert.equal(expected.length, count + 2);
  assert.equal(list.recipients.length, expected.length);
  assert.deepEqual(list.recipients.map((r) => r.id), expected.map((r) => r.id));
  assert.ok(list.recipients.slice(0, 2).every((r) => r instanceof Recipient && Object.keys(r.extra).length === 0), 'the seed ones');
  assert.ok(list.recipients.slice(2).every((r, i) => r instanceof Recipient && r.nickName === `Recipient number ${i} with a long enough name` && r.extra.extraField === i));
  assert.deepEqual(JSON.parse(list.recipients.at(-1).rawJson()), expected.at(-1));
  assert.deepEqual(list.extra, {});
});

test('an answer that does not fit the document is a DecodeError', async () => {
  await emu.injectFault({ route: 'listRecipientsV1', kind: 'body', body: '{"recipients":5}' });
  await assert.rejects(client.recipients.list({ hostUserId: HOST_USER_ID }), (e) => e instanceof DecodeError && /recipients/.test(e.message));
  await emu.injectFault({ route: 'listRecipientsV1', kind: 'body', body: '' });
  await assert.rejects(client.recipients.list({ hostUserId: HOST_USER_ID }), (e) => e instanceof DecodeError && /empty/.test(e.message));
  // Neither was retried, and the next answer is the seed's again.
  assert.equal((await ops()).listRecipientsV1, 2);
  assert.equal((await client.recipients.list({ hostUserId: HOST_USER_ID })).recipients.length, 3);
});

test('UXAccount lists: classes for the items of a list answer', async () => {
  const accounts = await client.accounts.listWithTransactions(CUSTOMER_ID, { loginId: LOGIN_ID });
  assert.deepEqual(accounts.map((a) => a.id), [CHECKING_ID, 'Rt7hbI17jeO7D58RUJJYQUb1jTV2te3Dv6pcY3cE-Wu']);
  const [account] = accounts;
  assert.ok(account instanceof UXAccount);
  assert.equal(account.accountNumber, '3300120071');
  assert.deepEqual([account.balance.currentBalance.amount, account.balance.availableBalance.amount], ['12345678901234.56', '0.1']);
  const check = account.accountTransaction.find((t) => t.id === 'cHeCk00000000000000000000000000000000002301');
  assert.deepEqual([check.amount.amount, check.transactionType, check.creditTransaction], ['125.00', 'CHECK', false]);
  assert.ok(account.accountTransaction.some((t) => t.amount.amount === '0.1'));
  assert.ok(!util.inspect(account, { depth: 4 }).includes('3300120071'));
});
