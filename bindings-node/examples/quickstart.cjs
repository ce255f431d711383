// The same quickstart in CommonJS:  node examples/quickstart.cjs
const { Client, CandescentError, formatAccounts } = require('candescent');
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
    console.log(`Candescent emulator at ${emulator.baseUrl}`);
  }
  try {
    const list = await client.accounts.list({ hostUserId: HOST_USER_ID });
    console.log(`${list.accounts.length} accounts of host user ${HOST_USER_ID}:\n`);
    process.stdout.write(formatAccounts(list));
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
