// Lists the example user's accounts. With CANDESCENT_CLIENT_ID (and the other CANDESCENT_*
// variables) set it talks to Candescent; otherwise to the emulator embedded in the package.
//   node examples/quickstart.mjs
import { Client, CandescentError, formatAccounts } from 'candescent';
import { Emulator } from 'candescent/testing';

const HOST_USER_ID = process.env.CANDESCENT_HOST_USER_ID ?? '1234567890';

let emulator;
let client;
if (process.env.CANDESCENT_CLIENT_ID) {
  client = Client.fromEnv();
} else {
  emulator = await Emulator.start();
  client = emulator.client();
  console.log(`Candescent emulator at ${emulator.baseUrl}`);
}

try {
  const list = await client.accounts.list({ hostUserId: HOST_USER_ID });
  console.log(`${list.accounts.length} accounts of host user ${HOST_USER_ID}:\n`);
  process.stdout.write(formatAccounts(list));
} catch (err) {
  if (err instanceof CandescentError) {
    console.error(`${err.name}: ${err.message} (status ${err.status}, transactionId ${err.transactionId})`);
    process.exitCode = 1;
  } else {
    throw err;
  }
} finally {
  await client.close();
  await emulator?.stop();
}
