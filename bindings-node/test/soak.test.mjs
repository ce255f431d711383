// Soak: many calls at about 10 % injected faults, all recoverable, so every call must succeed;
// resident memory is sampled at each tenth of the run and must stay flat. SOAK_CALLS sets the
// number of calls (10,000 by default; `make soak` runs 100,000).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startEmulator, HOST_USER_ID } from './helpers.mjs';

let emu;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await emu.stop();
});

/** The same mix as the Rust and Python soaks: recoverable faults, Retry-After 0 where possible. */
function faultFor(i) {
  if (i % 10 !== 0) return undefined;
  const n = Math.floor(i / 10) % 50;
  if (n === 0) return { kind: 'reset' };
  return [
    { kind: 'stall', stallMs: 5 },
    { kind: 'status', status: 503, retryAfter: 0 },
    { kind: 'status', status: 429, retryAfter: 0 },
    { kind: 'status', status: 401, code: 'ACC_00601' },
    { kind: 'status', status: 500, retryAfter: 0 },
  ][n % 5];
}

test('soak: every call succeeds and memory stays flat', { timeout: 30 * 60 * 1000 }, async () => {
  const total = Number(process.env.SOAK_CALLS ?? 10000);
  const step = Math.max(Math.floor(total / 10), 1);
  const client = emu.client();
  let failures = 0;
  const samples = [];
  for (let i = 1; i <= total; i += 1) {
    const fault = faultFor(i);
    if (fault) await emu.injectFault({ route: 'accounts', ...fault });
    try {
      await client.accounts.list({ hostUserId: HOST_USER_ID });
    } catch (e) {
      failures += 1;
      console.log(`call ${i} failed: ${e}`);
    }
    if (i % step === 0) {
      if (global.gc) global.gc();
      samples.push(process.memoryUsage().rss);
      console.log(`soak (node): ${i} calls, ${failures} failures, rss ${(samples.at(-1) / 2 ** 20).toFixed(1)} MiB`);
    }
  }
  await client.close();
  assert.equal(failures, 0);
  assert.ok(samples.at(-1) - samples[0] < 48 * 2 ** 20, `memory grew: ${samples}`);
});

test('long lists handed over without a copy are freed without an explicit collection', async () => {
  // About 1 MB of text per call: kept alive by nothing, each must be collected in time.
  const client = emu.client();
  const rss = [];
  for (let i = 1; i <= 300; i += 1) {
    const list = await client.accounts.list({ hostUserId: 'gen-1000' });
    assert.equal(list.accounts.length, 1000);
    if (i % 100 === 0) rss.push(process.memoryUsage().rss);
  }
  await client.close();
  // 200 more calls after the first sample would hold about 200 MB if nothing were freed.
  assert.ok(rss.at(-1) - rss[0] < 100 * 2 ** 20, `memory grew: ${rss}`);
});
