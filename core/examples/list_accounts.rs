//! Lists the example user's accounts as a table.
//!
//! ```text
//! cargo run -p candescent --example list_accounts -- --emulator        # against a local emulator
//! CANDESCENT_CLIENT_ID=… CANDESCENT_CLIENT_SECRET=… CANDESCENT_INSTITUTION_ID=… \
//!     cargo run -p candescent --example list_accounts -- HOST_USER_ID   # against Candescent
//! ```

use candescent::{Client, ListAccounts};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let use_emulator = args.iter().any(|a| a == "--emulator");
    let user = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "1234567890".into());

    // Keep the emulator alive for as long as the client talks to it.
    let (client, _emulator) = if use_emulator {
        let emu = candescent_emulator::start(candescent_emulator::Config::default()).await?;
        let c = emu.config();
        let client = Client::builder()
            .use_env(false)
            .base_url(emu.base_url())
            .client_id(&c.client_id)
            .client_secret(&c.client_secret)
            .institution_id(&c.institution_id)
            .build()?;
        println!("Candescent emulator at {}", emu.base_url());
        (client, Some(emu))
    } else {
        (Client::from_env()?, None)
    };

    let list = client
        .accounts()
        .list(&ListAccounts::host_user_id(&user))
        .await?;
    println!("{} accounts of host user {user}:\n", list.accounts.len());
    print!("{}", candescent::format_accounts(&list.accounts));
    client.close().await;
    Ok(())
}
