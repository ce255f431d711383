// The same quickstart in CommonJS:  node examples/quickstart.cjs
const { Client, CandescentError } = require('candescent');
const { Emulator } = require('candescent/testing');

const HOST_USER_ID = process.env.CANDESCENT_HOST_USER_ID ?? '1234567890';

async function main() {
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
  } finally {
    await client.close();
    await emulator?.stop();
  }
}

main().catch((err) => {
  if (err instanceof CandescentError) {
    console.error(`${err.name}: ${err.message} (status ${err.status}, transactionId ${err.transactionId})`);
  } else {
    console.error(err);
  }
  process.exitCode = 1;
});
