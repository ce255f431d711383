//! `GET {customers}/{userId}?userIdType=…`: who a user is and which customers they act for.

use super::params::FindCustomer;
use crate::call::CallOptions;
use crate::{Client, CustomerProfile, Result};

/// The institution's customers; from [`Client::customers`].
#[derive(Debug, Clone, Copy)]
pub struct Customers<'a> {
    pub(crate) client: &'a Client,
}

impl Customers<'_> {
    /// Looks a user up and lists the customers they act for: for a business user, its
    /// locations, whose `customer_id` is the `institution_customer_id` of account calls.
    ///
    /// ```no_run
    /// # async fn run(client: candescent::Client) -> candescent::Result<()> {
    /// use candescent::{FindCustomer, ListAccounts};
    /// let profile = client.customers().find(&FindCustomer::login_id("gen-12")).await?;
    /// if let Some((_, location)) = profile.customer("100084028") {
    ///     let params = ListAccounts::login_id("gen-12").institution_customer_id(&location.customer_id);
    ///     let accounts = client.accounts().list(&params).await?;
    ///     println!("{} accounts", accounts.accounts.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn find(self, params: &FindCustomer) -> Result<CustomerProfile> {
        let op = crate::spec::find("customers.find").expect("the table has customers.find");
        let prepared = self
            .client
            .prepare(op, params.args(self.client.config().naming))?;
        self.client
            .call(&prepared, &CallOptions::default())
            .await?
            .typed()
    }
}
