//! `GET {customers}/{userId}?userIdType=…`: who a user is and which customers they act for.

use super::{
    params::FindCustomer,
    query::{self, UrlBuilder},
};
use crate::{Client, CustomerProfile, Error, Result};

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
        let url = self.find_url(params)?;
        // The customer-management services trace requests by `correlationId`.
        self.client.get_json_traced(url, true).await
    }

    fn find_url(self, params: &FindCustomer) -> Result<String> {
        let naming = self.client.config().naming;
        let host = naming.spell("host_user_id");
        let login = naming.spell("login_id");
        let (id_type, name, id) = match (&params.host_user_id, &params.login_id) {
            (None, Some(id)) => ("LOGIN_ID", login, id),
            (Some(id), None) => ("HOST_USER_ID", host, id),
            (Some(_), Some(_)) => {
                return Err(Error::validation(format!(
                    "give either {login} or {host}, not both"
                )))
            }
            (None, None) => {
                return Err(Error::validation(format!(
                    "{login} or {host} is required: the API needs to know whom to look up"
                )))
            }
        };
        let id = query::non_empty(&name, id)?;
        let mut url = UrlBuilder::new(&self.client.config().customers_url).segment(&name, &id)?;
        url.param("userIdType", id_type);
        Ok(url.finish())
    }
}
