// The Node package against fetch and undici with a hand-cached token, on the emulator at
// BENCH_BASE_URL: 64 accounts.list calls in flight, and one 5,000-account answer fetched and
// decoded (SDK objects against fetch + JSON.parse into plain objects). Prints one
// `RESULT {json}` line per comparison. Run by bench/run.sh (`make bench`).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { Client } from 'candescent';

const base = process.env.BENCH_BASE_URL;
const clientId = process.env.BENCH_CLIENT_ID ?? 'candescent-emulator';
const clientSecret = process.env.BENCH_CLIENT_SECRET ?? 'emulator-secret';
const institutionId = process.env.BENCH_INSTITUTION_ID ?? '00016';
const seconds = Number(process.env.BENCH_SECONDS ?? '3');
const IN_FLIGHT = 64;
const USER = '1234567890';

function result(caseName, peer, ours, theirs, kind) {
  console.log(`RESULT ${JSON.stringify({ language: 'Node', case: caseName, peer, ours, peer_value: theirs, kind })}`);
}

/** Calls per second with IN_FLIGHT calls always pending. */
async function throughput(call) {
  await Promise.all(Array.from({ length: IN_FLIGHT }, call)); // warm: token, connections
  let done = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  async function worker() {
    while (performance.now() < end) {
      await call();
      done += 1;
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return done / ((performance.now() - started) / 1000);
}

/**
 * Best time of each of two calls, in ms, over `rounds` rounds of each, taken in alternating
 * blocks so that a machine whose speed drifts during the run favours neither.
 */
async function bestOfBoth(rounds, ours, theirs) {
  await ours();
  await theirs();
  const best = [Infinity, Infinity];
  const BLOCK = 5;
  for (let done = 0; done < rounds; done += BLOCK) {
    for (const [i, call] of [ours, theirs].entries()) {
      for (let j = 0; j < BLOCK; j++) {
        const started = performance.now();
        await call();
        best[i] = Math.min(best[i], performance.now() - started);
      }
    }
  }
  return best;
}

async function handToken() {
  const res = await fetch(`${base}/oauth2/v1/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      transactionId: randomUUID(),
      institutionId,
    },
    body: 'grant_type=client_credentials',
  });
  if (!res.ok) throw new Error(`token: ${res.status}`);
  return (await res.json()).access_token;
}

const client = new Client({ baseUrl: base, clientId, clientSecret, institutionId, useEnv: false });
const token = await handToken();
const headers = () => ({ authorization: `Bearer ${token}`, transactionId: randomUUID(), institutionId });

async function viaFetch(user) {
  const res = await fetch(`${base}/v1/accounts?hostUserId=${user}`, { headers: headers() });
  if (!res.ok) throw new Error(`fetch: ${res.status}`);
  return JSON.parse(await res.text());
}

const pool = new Pool(base, { connections: IN_FLIGHT });
async function viaUndici(user) {
  const res = await pool.request({ path: `/v1/accounts?hostUserId=${user}`, method: 'GET', headers: headers() });
  if (res.statusCode !== 200) throw new Error(`undici: ${res.statusCode}`);
  return JSON.parse(await res.body.text());
}

const sdk = await throughput(() => client.accounts.list({ hostUserId: USER }));
const fetched = await throughput(() => viaFetch(USER));
const undici = await throughput(() => viaUndici(USER));
result('64 in flight', 'fetch, hand-cached token', sdk, fetched, 'throughput');
result('64 in flight', 'undici, hand-cached token', sdk, undici, 'throughput');

const big = 'gen-5000';
const [sdkDecode, fetchDecode] = await bestOfBoth(
  30,
  async () => {
    const list = await client.accounts.list({ hostUserId: big });
    if (list.accounts.length !== 5000) throw new Error('expected 5,000 accounts');
  },
  async () => {
    const body = await viaFetch(big);
    if (body.accounts.length !== 5000) throw new Error('expected 5,000 accounts');
  },
);
result('fetch and decode 5,000 accounts', 'fetch + JSON.parse', sdkDecode, fetchDecode, 'time');

await client.close();
await pool.close();
