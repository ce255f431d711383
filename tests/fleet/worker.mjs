// One Node process of the fleet test: a client configured from the CANDESCENT_* variables that
// run.py sets. See run.py for the protocol on stdin and stdout.
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { Client } = await import(pathToFileURL(path.join(root, 'bindings-node/lib/index.mjs')).href);

const USER = '1234567890';

async function burst(client, calls) {
  const results = await Promise.allSettled(
    Array.from({ length: calls }, () => client.accounts.list({ hostUserId: USER })),
  );
  const errors = results.filter((r) => r.status === 'rejected').map((r) => `${r.reason.name}: ${r.reason.message}`);
  return { ok: results.length - errors.length, failed: errors.length, errors: errors.slice(0, 3) };
}

async function flood(client, seconds) {
  const end = performance.now() + seconds * 1000;
  const counts = { ok: 0, failed: 0 };
  const errors = [];
  async function loop() {
    while (performance.now() < end) {
      try {
        await client.accounts.list({ hostUserId: USER });
        counts.ok += 1;
      } catch (e) {
        counts.failed += 1;
        errors.push(`${e.name}: ${e.message}`);
      }
    }
  }
  await Promise.all(Array.from({ length: 20 }, loop));
  return { ...counts, errors: errors.slice(0, 3) };
}

const client = Client.fromEnv();
console.log('ready');
for await (const line of createInterface({ input: process.stdin })) {
  const [command, arg] = line.split(' ');
  let report;
  if (command === 'burst') report = await burst(client, Number(arg));
  else if (command === 'flood') report = await flood(client, Number(arg));
  else break;
  console.log(JSON.stringify(report));
}
await client.close();
process.exit(0); // stdin stays open as long as the runner holds it
