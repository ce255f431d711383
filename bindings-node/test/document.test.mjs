// Operations the emulator does not serve yet, against a scripted HTTP server that answers with
// the document's shapes: what each call sends (method, path, query, body, headers) and what it
// makes of the answer (classes, bytes, 204, 206, every paging scheme, wait(), long lists in
// pieces). The same calls against the emulator are in emulator_ops.test.mjs.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import util from 'node:util';

import {
  AlertTemplateResources,
  Client,
  DecodeError,
  ImageInfo,
  Job,
  PartialResult,
  Recipient,
  Recipients,
  ServerError,
  UXAccount,
  ValidationError,
} from 'candescent';
import { collect } from './helpers.mjs';

const JOB_ID = '0b9c4d36-1c1f-4e7a-9f31-54c1e1f4a1b2';
const GROUP_ID = '7d1f6a52-3c1e-4b7a-8f21-44c1e1f4a1b9';

/** The requests the server saw, and the answers it gives by `METHOD /path` (a function or a list). */
let seen = [];
let answers = new Map();
let server;
let client;

function reply(res, { status = 200, json, body, type = 'application/json' }) {
  const text = json !== undefined ? JSON.stringify(json) : body ?? '';
  res.writeHead(status, text ? { 'content-type': type, 'content-length': Buffer.byteLength(text) } : {});
  res.end(text);
}

before(async () => {
  server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://localhost');
      if (url.pathname === '/oauth2/v1/token') {
        return reply(res, { json: { access_token: 'scripted-token', token_type: 'Bearer', expires_in: 3600 } });
      }
      if (url.pathname === '/oauth2/v1/revoke') return reply(res, { status: 204 });
      const request = { method: req.method, path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(request);
      const answer = answers.get(`${req.method} ${url.pathname}`);
      const next = Array.isArray(answer) ? answer.shift() : answer;
      if (next === undefined) return reply(res, { status: 404, json: { code: 'NOT_FOUND', message: 'not scripted' } });
      return reply(res, typeof next === 'function' ? next(request) : next);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
});

beforeEach(async () => {
  seen = [];
  answers = new Map();
  if (client) await client.close();
  client = new Client({
    baseUrl: `http://127.0.0.1:${server.address().port}`,
    clientId: 'scripted-id',
    clientSecret: 'scripted-secret',
    institutionId: '00016',
    useEnv: false,
  });
});

after(async () => {
  await client.close();
  await new Promise((resolve) => server.close(resolve));
});

const RECIPIENT = { id: 'r1', nickName: 'Mom', accountNumber: '123456789', accountType: 'CHECKING', email: 'mom@example.org', fullName: 'A Mom' };

test('recipients.create sends its body and query, is not repeated, and answers Recipients', async () => {
  answers.set('POST /v1/recipients', [{ status: 503, json: { code: 'X', message: 'busy' } }, { json: { recipients: [RECIPIENT] } }]);
  const body = { nickName: 'Mom', accountNumber: '123456789', accountType: 'CHECKING' };
  await assert.rejects(client.recipients.create({ hostUserId: '1234567890', validate: true, body }), ServerError);
  assert.equal(seen.length, 1, 'a write is not repeated by itself');
  const created = await client.recipients.create({ hostUserId: '1234567890', validate: true, body });
  const request = seen[1];
  assert.equal(request.method, 'POST');
  assert.equal(request.query.get('hostUserId'), '1234567890');
  assert.equal(request.query.get('validate'), 'true');
  assert.match(request.headers['content-type'], /^application\/json/);
  assert.deepEqual(JSON.parse(request.body), body);
  assert.match(request.headers.transactionid, /^[0-9a-f-]{36}$/);
  assert.equal(request.headers.authorization, 'Bearer scripted-token');
  assert.ok(created instanceof Recipients);
  const [recipient] = created.recipients;
  assert.ok(recipient instanceof Recipient);
  assert.equal(recipient.nickName, 'Mom');
  const shown = util.inspect(created, { depth: 5 });
  assert.ok(!shown.includes('123456789') && shown.includes('****6789'), shown);
  assert.ok(!shown.includes('mom@example.org'), 'an e-mail address is hidden whole');
  assert.deepEqual(JSON.parse(recipient.rawJson()), RECIPIENT);
});

test('a write is repeated when the call says retry: true', async () => {
  answers.set('POST /v1/transfers', [{ status: 503, json: { code: 'X', message: 'busy' } }, { json: { id: 't1' } }]);
  const transfer = await client.transfers.create({ hostUserId: '1', body: {} }, { retry: true });
  assert.equal(transfer.id, 't1');
  assert.equal(seen.length, 2);
});

test('path ids are encoded into their own segment; deletes resolve undefined', async () => {
  answers.set('GET /v1/recipients/a%2Fb%20c', { json: { recipients: [RECIPIENT] } });
  answers.set('DELETE /v1/recipients/r1', { status: 204 });
  assert.equal((await client.recipients.get('a/b c', { loginId: 'gen-1' })).recipients[0].id, 'r1');
  assert.equal(await client.recipients.delete('r1', { loginId: 'gen-1' }), undefined);
  await assert.rejects(client.recipients.get('..', { loginId: 'gen-1' }), ValidationError);
  await assert.rejects(client.recipients.get('r1'), (e) => e instanceof ValidationError && /hostUserId or loginId/.test(e.message));
  assert.equal(seen.length, 2);
});

test('query enums are checked, maps come through, withRawResponse gives the status', async () => {
  const template = { alertTypeName: 'LOW_BALANCE', locale: 'en_US', state: 'ACTIVE', variableMap: { amount: 'Amount', 'x.y': 'Z' }, templateContents: [{}] };
  answers.set('GET /v1/alert-templates', { json: { alertTemplateResources: [template] } });
  answers.set('POST /v1/alert-templates', { status: 201, json: template });
  const list = await client.alerts.templates.list({ locale: 'en_US', alertTypeName: 'LOW_BALANCE' });
  assert.ok(list instanceof AlertTemplateResources);
  assert.deepEqual({ ...list.alertTemplateResources[0].variableMap }, template.variableMap);
  assert.equal(seen[0].query.get('locale'), 'en_US');
  const raw = await client.withRawResponse.alerts.templates.create({ body: { alertTypeName: 'LOW_BALANCE' } });
  assert.equal(raw.status, 201);
  assert.equal(raw.parse().alertTypeName, 'LOW_BALANCE');
  await assert.rejects(client.alerts.templates.list({ channel: 'PIGEON' }), ValidationError);
});

test('date windows: a long range is read 30 days at a time', async () => {
  const payment = (id) => ({
    paymentId: id, paymentDescription: 'Rent', paymentType: 'ACH_PAYMENT', transactionType: 'CREDIT',
    deliveryDate: '2026-01-02', accountNumber: '2', tinNumber: '1', achCompanyId: 'c', achSecCode: 'COMMERCIAL_CCD',
    achTransactions: [], totalAmount: 12.1,
  });
  answers.set('GET /v1/ach-payments', (req) => ({ json: { payments: [payment(req.query.get('fromDate'))] } }));
  const payments = client.business.payments.ach.list({ loginId: 'gen-12', fromDate: '2026-01-01', toDate: '2026-03-15' });
  const all = await collect(payments);
  assert.deepEqual(seen.map((r) => [r.query.get('fromDate'), r.query.get('toDate')]), [
    ['2026-01-01', '2026-01-30'],
    ['2026-01-31', '2026-03-01'],
    ['2026-03-02', '2026-03-15'],
  ]);
  assert.equal(all.length, 3);
  assert.equal(all[0].totalAmount, '12.1', 'money is exact decimal text');
  assert.equal(payments.lastResponse.status, 200);
  await assert.rejects(
    collect(client.business.payments.ach.list({ loginId: 'gen-12', fromDate: '2026-03-15', toDate: '2026-01-01' })),
    ValidationError,
  );
});

test('page tokens: the next page asks with the token the last one gave; 204 is no page', async () => {
  answers.set('POST /v1/banking-activities', [
    { json: { count: 2, nextPageToken: 'p2', bankingActivities: [{ a: 1 }, { a: 2 }] } },
    { json: { count: 1, bankingActivities: [{ a: 3 }] } },
  ]);
  const body = { startTime: '2026-01-01T00:00:00Z', endTime: '2026-01-31T00:00:00Z', pageSize: 2 };
  const items = await collect(client.bankingActivities.search({ body }));
  assert.deepEqual(items.map((i) => i.a), [1, 2, 3]);
  assert.equal(JSON.parse(seen[0].body).nextPageToken, undefined);
  assert.equal(JSON.parse(seen[1].body).nextPageToken, 'p2');
  answers.set('POST /v1/banking-activities', { status: 204 });
  assert.deepEqual(await collect(client.bankingActivities.search({ body })), []);
});

test('page numbers: pageNo/pageSize until a short page; page/size until the last page', async () => {
  answers.set('GET /v1/alert-preferences', [
    { json: { alertPreferences: [{ additionalInfo: 'a' }, { additionalInfo: 'b' }] } },
    { json: { alertPreferences: [{ additionalInfo: 'c', preferenceId: 'p3' }] } },
  ]);
  const prefs = await collect(client.alerts.preferences.list({ hostUserId: '1', pageSize: 2 }));
  assert.deepEqual(prefs.map((p) => p.additionalInfo), ['a', 'b', 'c']);
  assert.deepEqual(prefs[2].extra, { preferenceId: 'p3' }, 'the items of a page carry extra');
  assert.deepEqual(seen.map((r) => [r.query.get('pageNo'), r.query.get('pageSize')]), [['0', '2'], ['1', '2']]);
  seen = [];
  const group = (n) => ({ groupId: GROUP_ID, groupName: `g${n}`, groupType: 'STATIC', noOfParticipants: n, links: [] });
  answers.set('GET /v3/groups', [
    { json: { links: [], content: [group(1)], page: { size: 1, totalElements: 2, totalPages: 2, number: 0 } } },
    { json: { links: [], content: [group(2)], page: { size: 1, totalElements: 2, totalPages: 2, number: 1 } } },
  ]);
  const pages = await collect(client.campaigns.experienceGroups.list({ pageSize: 1 }).pages());
  assert.deepEqual(pages.map((p) => p.map((g) => g.groupName)), [['g1'], ['g2']]);
  assert.equal(pages[0][0].constructor.name, 'GroupsWithParticipantsCount');
});

test('wait() reads the job again until its state is final', async () => {
  const job = (status) => ({
    jobId: JOB_ID, groupId: GROUP_ID, groupName: 'g', groupType: 'STATIC', inputFileName: 'in.csv',
    workingFileName: 'w.csv', type: 'ADD', totalRecordsCount: 2, successRecordsCount: 2, failedRecordsCount: 0,
    jobStatus: status, jobCreatedBy: 'me', createdDateTime: '2026-01-31T09:30:00Z', lastUpdatedDateTime: '2026-01-31T09:31:00Z',
  });
  answers.set(`GET /v3/jobs/${JOB_ID}`, [{ json: job('IN_PROGRESS') }, { json: job('COMPLETED') }]);
  const done = await client.campaigns.jobs.wait(JOB_ID);
  assert.ok(done instanceof Job);
  assert.equal(done.jobStatus, 'COMPLETED');
  assert.equal(seen.length, 2);
  answers.set(`GET /v3/jobs/${JOB_ID}`, () => ({ json: job('IN_PROGRESS') }));
  await assert.rejects(client.campaigns.jobs.wait(JOB_ID, { deadline: 600 }), (e) => e.name === 'ApiTimeoutError' && /IN_PROGRESS/.test(e.message));
});

test('206 is a partial result; 204 a complete one without a body', async () => {
  const report = { totalCount: 1, statementOptInReport: [{ userId: 'u', userName: 'n', accountNumber: '4410020101', accountType: 'CHECKING', optInEstatement: true, optInPaperStatement: false }] };
  answers.set('POST /v1/reports/e-statements', [{ status: 206, json: report }, { json: report }]);
  const partial = await client.eStatements.report({ body: { accountType: 'CHECKING' } });
  assert.ok(partial instanceof PartialResult);
  assert.deepEqual([partial.complete, partial.status, partial.result.totalCount], [false, 206, 1]);
  assert.ok(!util.inspect(partial, { depth: 6 }).includes('4410020101'));
  assert.equal((await client.eStatements.report({ body: {} })).complete, true);
  answers.set('PUT /v2/e-statements/user/preferences', { status: 204 });
  const updated = await client.eStatements.updateUserPreferences({ hostUserId: '1', body: { activateEstatement: true } });
  assert.deepEqual([updated.complete, updated.status, updated.result], [true, 204, null]);
});

test('base64 fields are Buffers with a media type, and base64 again in JSON', async () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 250]);
  answers.set('GET /v1/banking-images/img1', {
    json: {
      id: 'img1', institutionCustomerId: 'c', institutionId: '00016', accountId: 'a', imageType: 'CHECK',
      imageInfoItems: { imageInfo: [{ data: png.toString('base64'), type: 'PNG', view: 'FRONT' }, { data: '', type: 'TIFF' }] },
    },
  });
  const image = await client.images.get('img1', { hostUserId: '1', accountId: 'a', imageType: 'CHECK' });
  const [front, other] = image.imageInfoItems.imageInfo;
  assert.ok(front instanceof ImageInfo);
  assert.ok(Buffer.isBuffer(front.data));
  assert.deepEqual([...front.data], [...png]);
  assert.equal(front.mediaType, 'image/png');
  assert.equal(other.mediaType, null);
  assert.equal(JSON.parse(JSON.stringify(front)).data, png.toString('base64'));
  assert.equal(JSON.parse(front.rawJson()).data, png.toString('base64'));
  assert.equal(seen[0].query.get('imageType'), 'CHECK');
});

test('uploads go as multipart, the file given as a Buffer', async () => {
  answers.set(`PUT /v3/groups/${GROUP_ID}/participants`, { json: { code: 'OK', message: 'accepted', jobId: JOB_ID, jobStatus: 'IN_PROGRESS' } });
  const file = Buffer.from('loginId\ngen-1\ngen-2\n');
  const answer = await client.campaigns.experienceGroups.uploadParticipants(GROUP_ID, { type: 'ADD', file });
  assert.equal(answer.jobId, JOB_ID);
  const body = seen[0].body.toString('utf8');
  assert.match(seen[0].headers['content-type'], /^multipart\/form-data; boundary=/);
  assert.match(body, /name="type"\r\n\r\nADD\r\n/);
  assert.match(body, /name="fileName"; filename="[^"]+"\r\nContent-Type: text\/csv\r\n\r\nloginId\ngen-1\ngen-2\n\r\n/);
  await assert.rejects(client.campaigns.experienceGroups.uploadParticipants(GROUP_ID, { type: 'ADD', file: 42 }), ValidationError);
  await assert.rejects(client.campaigns.experienceGroups.uploadParticipants('not-a-uuid', { type: 'ADD', file }), ValidationError);
});

test('answers without a body: void operations resolve undefined, optional ones null', async () => {
  answers.set('PUT /v1/customers/c1:reset-password', { status: 204 });
  answers.set('POST /v1/realtime-events', { status: 202 });
  answers.set('GET /v1/customers/c1:accounts', [{ status: 204 }, { json: [] }]);
  assert.equal(await client.customers.resetPassword('c1', { body: { contactMethodId: 'm1' } }), undefined);
  assert.equal(await client.alerts.events.publish({ hostUserId: '1', body: {} }), undefined);
  assert.equal(await client.accounts.listWithTransactions('c1', { hostUserId: '1' }), null);
  assert.deepEqual(await client.accounts.listWithTransactions('c1', { hostUserId: '1' }), []);
});

test('a list answer of any operation arrives in pieces, whole and in order', async () => {
  const many = Array.from({ length: 9000 }, (_, i) => ({ ...RECIPIENT, id: `r${i}`, nickName: `Recipient number ${i} with a long enough name`, extraField: i }));
  answers.set('GET /v1/recipients', { json: { recipients: many } });
  const list = await client.recipients.list({ hostUserId: '1' });
  assert.ok(JSON.stringify(many).length > 1024 * 1024, 'long enough to come in pieces');
  assert.equal(list.recipients.length, many.length);
  assert.ok(list.recipients.every((r, i) => r instanceof Recipient && r.id === `r${i}` && r.extra.extraField === i));
  assert.deepEqual(list.extra, {});
});

test('an answer that does not fit the document is a DecodeError', async () => {
  answers.set('GET /v1/recipients', [{ json: { recipients: 5 } }, { body: '' }]);
  await assert.rejects(client.recipients.list({ hostUserId: '1' }), (e) => e instanceof DecodeError && /recipients/.test(e.message));
  await assert.rejects(client.recipients.list({ hostUserId: '1' }), (e) => e instanceof DecodeError && /empty/.test(e.message));
});

test('UXAccount lists: classes for the items of a list answer', async () => {
  const ux = {
    id: 'u1', accountNumber: '4410020101', customerId: 'c1', category: 'DEPOSIT', accountType: { value: 'CHECKING' },
    balance: {},
    accountTransaction: [{
      id: 't1', accountId: 'u1', fiId: '00016', amount: { amount: 1.5, currencyCode: 'USD' },
      creditTransaction: false, pending: false, persistentTnum: true, transactionType: 'DEBIT',
    }],
  };
  answers.set('GET /v1/customers/c1:accounts', { json: [ux] });
  const [account] = await client.accounts.listWithTransactions('c1', { loginId: 'gen-1' });
  assert.ok(account instanceof UXAccount);
  assert.equal(account.accountTransaction[0].amount.amount, '1.5');
  assert.ok(!util.inspect(account, { depth: 4 }).includes('4410020101'));
});
