// Lists the example user's accounts. With CANDESCENT_CLIENT_ID (and the other CANDESCENT_*
// variables) set it talks to Candescent; otherwise to the emulator embedded in the package.
//   node examples/quickstart.mjs
import { Client, CandescentError } from 'candescent';
import { Emulator } from 'candescent/testing';

const HOST_USER_ID = process.env.CANDESCENT_HOST_USER_ID ?? '1234567890';

let emulator;
let client;
if (process.env.CANDESCENT_CLIENT_ID) {
  client = Client.fromEnv();
} else {
  emulator = await Emulator.start();
  client = emulator.client();
  console.log(`CANDESCENT_CLIENT_ID is not set: using the embedded emulator at ${emulator.baseUrl}`);
}

try {
  const { accounts } = await client.accounts.list({ hostUserId: HOST_USER_ID });
  console.log(`${accounts.length} accounts of hostUserId ${HOST_USER_ID}:`);
  for (const account of accounts) {
    const balance = account.availableBalance ?? account.currentBalance;
    const money = balance ? `${balance.amount} ${balance.currencyCode ?? ''}`.trim() : '-';
    console.log(
      `  ${(account.nickName ?? account.description ?? account.id).padEnd(32)} ` +
        `${account.category.padEnd(20)} ${account.type.value.padEnd(18)} ${money}`,
    );
  }
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
