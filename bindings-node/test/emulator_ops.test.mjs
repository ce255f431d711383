// The operations beyond accounts, transactions and customers, against the embedded emulator,
// written to the document's shapes: one test a family, each a user's whole flow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import {
  AlertTemplateResource,
  BusinessRegistrationConfig,
  Client,
  ContactMethodResponse,
  InstitutionDisclosure,
  InstitutionUserDisclosuresResponse,
  Job,
  PartialResult,
  Recipient,
  Recipients,
  UserStatus1,
} from 'candescent';
import { startEmulator, collect, HOST_USER_ID, LOGIN_ID, CHECKING_ID } from './helpers.mjs';

/** The example user's business checking account, with its online statement disclosure. */
const BUSINESS_ID = 'FJLqiQAy1lvswlZXcu9rA0mD8ohakVblGGbi-f-r29A';

let emu = null;
let client;
before(async () => {
  emu = await startEmulator();
  client = emu.client();
});
after(async () => {
  await client.close();
  await emu.stop();
});

test('recipients: create, list, get, update, delete', async () => {
  const user = { hostUserId: HOST_USER_ID };
  const created = await client.recipients.create({ ...user, body: { nickName: 'Mom', fullName: 'A Mom', memberNumber: '1234567890', accountNumber: '123456789', accountType: 'CHECKING', email: 'mom@example.org' } });
  assert.ok(created instanceof Recipients);
  const recipient = created.recipients[0];
  assert.ok(recipient instanceof Recipient && recipient.id);
  assert.ok((await client.recipients.list(user)).recipients.some((r) => r.id === recipient.id));
  assert.equal((await client.recipients.get(recipient.id, user)).recipients[0].nickName, 'Mom');
  const updated = await client.recipients.update(recipient.id, { ...user, body: { ...JSON.parse(recipient.rawJson()), nickName: 'Mum' } });
  assert.equal(updated.recipients[0].nickName, 'Mum');
  assert.equal(await client.recipients.delete(recipient.id, user), undefined);
  assert.ok(!(await client.recipients.list(user)).recipients?.some((r) => r.id === recipient.id));
});

test('transfers: between two of the user’s accounts', async () => {
  const { accounts } = await client.accounts.list({ hostUserId: HOST_USER_ID });
  const [from, to] = accounts.filter((a) => a.category === 'DEPOSIT');
  const transfer = await client.transfers.create({
    hostUserId: HOST_USER_ID,
    body: { fromAccountId: from.id, toAccountId: to.id, amount: { amount: '10.00', currencyCode: 'USD' } },
  });
  assert.ok(transfer.id);
});

test('alerts: templates, types and institution types, created, listed, updated and deleted', async () => {
  const created = await client.alerts.templates.create({ body: { alertTypeName: 'LOW_BALANCE', locale: 'fr_CA', state: 'DRAFT' } });
  assert.ok(created instanceof AlertTemplateResource);
  const { alertTemplateResources } = await client.alerts.templates.list({ alertTypeName: 'LOW_BALANCE' });
  assert.ok(alertTemplateResources.length >= 1);
  const updated = await client.alerts.templates.update({ body: { ...JSON.parse(created.rawJson()), state: 'PUBLISHED' } });
  assert.equal(updated.state, 'PUBLISHED');
  if (created.id !== undefined) assert.equal(await client.alerts.templates.delete(created.id), undefined);
  assert.ok(Array.isArray((await client.alerts.types.list()).alertTypes ?? (await client.alerts.types.list()).alertTypeResources ?? []));
  await client.alerts.institutionTypes.list();
});

test('alerts: a user’s preferences, paged, and their history', async () => {
  const user = { loginId: LOGIN_ID };
  await client.alerts.preferences.create({ ...user, body: { alertOpted: true, alertPreferenceDetails: { alertTypeName: 'LOW_BALANCE', channelTypeName: 'EMAIL' } } });
  const prefs = await collect(client.alerts.preferences.list({ ...user, pageSize: 1 }));
  assert.ok(prefs.length >= 1);
  await client.alerts.history.list(user);
  assert.equal(await client.alerts.events.publish({ ...user, body: { eventDomainType: 'AccountEvent', eventDetails: { eventType: 'LOW_BALANCE', eventId: 'e-1' } } }), undefined);
});

test('alerts: the institution’s preferences', async () => {
  const listed = await client.alerts.institutionPreferences.list();
  const [first] = listed.fiAlertPreferences ?? listed.institutionAlertPreferences ?? Object.values(listed).find(Array.isArray) ?? [];
  assert.ok(first, 'the institution has preferences');
  const updated = await client.alerts.institutionPreferences.update(first.institutionAlertPrefId, { body: { ...JSON.parse(first.rawJson()), alertOpted: !first.alertOpted } });
  assert.equal(updated.alertOpted, !first.alertOpted);
});

test('disclosures: the user’s, created, listed, updated and deleted', async () => {
  const user = { hostUserId: HOST_USER_ID };
  assert.equal(await client.disclosures.user.create({ ...user, accountType: 'CHECKING', body: { institutionDisclosureName: 'OLS', accountId: CHECKING_ID, paperWaiver: true } }), undefined);
  const list = await client.disclosures.user.list(user);
  assert.ok(list instanceof InstitutionUserDisclosuresResponse);
  assert.equal(await client.disclosures.user.delete({ ...user, accountType: 'CHECKING', body: { institutionDisclosureName: 'OLS', accountId: CHECKING_ID } }), undefined);
});

test('disclosures: the institution’s, created, listed and updated', async () => {
  const created = await client.disclosures.institution.create({ body: { institutionDisclosureName: 'FEES', institutionDisclosureStatus: true } });
  assert.ok(created instanceof InstitutionDisclosure);
  const id = created.institutionDisclosureId;
  const updated = await client.disclosures.institution.update(id, { body: { institutionDisclosureId: id, institutionDisclosureName: 'FEES', institutionDisclosureStatus: false } });
  assert.equal(updated.institutionDisclosureStatus, false);
});

test('e-statements: preferences and the report, partial or complete', async () => {
  const user = { hostUserId: HOST_USER_ID };
  await client.eStatements.accountPreferences(BUSINESS_ID, user);
  assert.equal(await client.eStatements.updateAccountPreferences({ ...user, body: { activateEstatement: true, accountId: BUSINESS_ID } }), undefined);
  const prefs = await client.eStatements.updateUserPreferences({ ...user, body: { activateEstatement: true } });
  assert.ok(prefs instanceof PartialResult);
  const report = await client.eStatements.report({ body: {} });
  assert.ok(report instanceof PartialResult && report.result.totalCount >= 0);
});

test('campaigns: a group, its participants uploaded, the job waited for', async () => {
  const group = await client.campaigns.experienceGroups.create({ body: { groupName: `group-${Date.now()}` } });
  const groupId = group.groupId;
  const upload = await client.campaigns.experienceGroups.uploadParticipants(groupId, { type: 'ADD', file: Buffer.from('ParticipantId\n1234567890\n') });
  const job = await client.campaigns.jobs.wait(upload.jobId, { deadline: 60_000 });
  assert.ok(job instanceof Job);
  assert.ok((await collect(client.campaigns.jobs.list({ groupId }))).some((j) => j.jobId === upload.jobId));
  await collect(client.campaigns.jobs.errors(upload.jobId));
  assert.ok((await collect(client.campaigns.experienceGroups.list())).some((g) => g.groupId === groupId));
  await client.campaigns.experienceGroups.delete(groupId);
});

test('campaigns: participants uploaded from a file stream and from any async iterable', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'candescent-upload-'));
  const path = join(dir, 'participants.csv');
  writeFileSync(path, 'ParticipantId\n1001\nnot-an-id\n');
  const group = 'e1a3000d-117b-4cf7-8113-b96748057717';
  const fromFile = await client.campaigns.experienceGroups.uploadParticipants(group, { type: 'ADD', file: createReadStream(path) });
  const done = await client.campaigns.jobs.wait(fromFile.jobId, { deadline: 5_000 });
  assert.equal(done.jobStatus, 'PARTIAL_SUCCESS');
  assert.deepEqual([done.successRecordsCount, done.failedRecordsCount], [1, 1]);
  const lines = Readable.from(['ParticipantId\n', '1002\n', '1003\n']);
  const fromIterable = await client.campaigns.experienceGroups.uploadParticipants(group, { type: 'ADD', file: lines });
  const second = await client.campaigns.jobs.wait(fromIterable.jobId, { deadline: 5_000 });
  assert.deepEqual([second.jobStatus, second.successRecordsCount], ['SUCCESSFUL', 2]);
  rmSync(dir, { recursive: true });
});

test('campaigns: a user list created and waited for', async () => {
  const name = 'FI00016_users_20260131093000.csv';
  await client.campaigns.userLists.create({ body: { userLists: [{ fileMetadata: { userlistFileName: name, userlistName: 'users', userlistOperation: 'CREATE' } }] } });
  const list = await client.campaigns.userLists.wait({ userlistFileName: name, view: 'fileStatus' }, { deadline: 60_000 });
  assert.ok(list.userLists.length >= 1);
});

test('business banking: details, registrations, entitlements, payments', async () => {
  await client.business.details({ searchType: 'LOGIN_ID', searchValue: 'gen-12' });
  assert.ok((await client.business.registrations.config()) instanceof BusinessRegistrationConfig);
  const registration = await client.business.registrations.create({
    body: {
      businessName: 'Acme',
      tins: [{ tinName: 'Acme', tinNumber: '900112233', primary: true }],
      users: [{ firstName: 'Pat', lastName: 'Example', email: 'pat@acme.example', userType: 'PRIMARY_ADMIN' }],
      contact: { firstName: 'Pat', lastName: 'Example', email: 'pat@acme.example', address: { address1: '1 Main St', city: 'Atlanta', state: 'GA', zipCode: '30301' } },
    },
  });
  if (registration.registrationId) await client.business.registrations.get(registration.registrationId);
  await client.business.entitlements.userLimits({ loginId: 'gen-12' });
  const range = { loginId: 'gen-12', fromDate: '2026-01-01', toDate: '2026-03-31' };
  await collect(client.business.payments.ach.list(range));
  await collect(client.business.payments.wire.list(range));
});

test('customer management: contact methods, unlock, institution users', async () => {
  assert.ok((await client.customers.contactMethods(LOGIN_ID, { userIdType: 'LOGIN_ID' })) instanceof ContactMethodResponse);
  assert.equal(await client.customers.unlock(LOGIN_ID), undefined);
  await client.institutionUsers.getV1(LOGIN_ID, { userIdType: 'LOGIN_ID' });
  await client.institutionUsers.get(LOGIN_ID, { userIdType: 'LOGIN_ID' });
  assert.ok((await client.institutionUsers.status(LOGIN_ID, { userIdType: 'LOGIN_ID' })) instanceof UserStatus1);
});

test('images and banking activities', async () => {
  const statements = { imageType: 'STATEMENT', statementStartDate: '2025-05-01', statementEndDate: '2026-04-30' };
  const images = await client.images.list({ hostUserId: HOST_USER_ID, accountId: CHECKING_ID, ...statements });
  for (const image of images?.bankingImages ?? []) {
    const one = await client.images.get(image.id, { hostUserId: HOST_USER_ID, accountId: CHECKING_ID, imageType: 'STATEMENT', statementDate: image.statementDate });
    for (const info of one.imageInfoItems?.imageInfo ?? []) assert.ok(Buffer.isBuffer(info.data));
  }
  // The emulator's today is 2026-04-30; a search starts within the last three months.
  await collect(client.bankingActivities.search({ body: { startTime: '2026-03-01T00:00:00Z', endTime: '2026-04-30T00:00:00Z' } }));
});

test('a customer’s accounts with their transactions', async () => {
  const { accounts } = await client.accounts.list({ hostUserId: HOST_USER_ID });
  const answer = await client.accounts.listWithTransactions(accounts[0].institutionCustomerId, { hostUserId: HOST_USER_ID });
  assert.ok(answer === null || Array.isArray(answer));
});
