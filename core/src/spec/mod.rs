//! Every operation of Candescent's official API document, as data: the operation table.
//!
//! `codegen/generate.py` writes [`OPERATIONS`] and the schemas' [`Model`]s from the facts
//! extract of the document and the overrides of `codegen/overrides.toml`; nothing in
//! `generated/` is written by hand. The client, the bindings and the command line read this
//! table: adding an operation to the document means regenerating, and nothing else.
//!
//! ```
//! let op = candescent::spec::operation("listRecipientsV1").unwrap();
//! assert_eq!(op.path, "/v1/recipients");
//! assert_eq!(op.name, "recipients.list");
//! assert!(op.retry);
//! let create = candescent::spec::find("recipients.create").unwrap();
//! assert!(!create.retry); // a repeated create would be a second recipient
//! ```

mod generated;
mod lookup;

pub use generated::models;
pub use generated::OPERATIONS;
pub use lookup::{find, model, operation, operations};

/// An HTTP method of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl HttpMethod {
    /// The method's name, e.g. `"GET"`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// Whether the SDK offers an operation as a typed call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    /// A typed call in every language.
    Typed,
    /// Used by the client itself (the token grants and revocation), not called directly.
    Machinery(&'static str),
    /// Not yet typed (reachable through `request()`), with the reason.
    Deferred(&'static str),
}

/// How a request proves who sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer` with an OAuth V2 token (the client's, or a user session's).
    Bearer,
    /// `Authorization: Bearer` with an OAuth V1 token.
    BearerV1,
    /// `Authorization: Basic` with the client id and secret.
    Basic,
}

/// The header that carries a request's trace id (a fresh UUID per attempt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trace {
    /// `transactionId`
    TransactionId,
    /// `correlationId`
    CorrelationId,
    /// `di_tid`
    DiTid,
}

impl Trace {
    /// The header's name as the document spells it.
    pub fn header(self) -> &'static str {
        match self {
            Trace::TransactionId => "transactionId",
            Trace::CorrelationId => "correlationId",
            Trace::DiTid => "di_tid",
        }
    }
}

/// Which configurable route an operation's path hangs from (see
/// [`Routes`](crate::Routes)); [`Route::Base`] is the base URL itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `{base}{path}`
    Base,
    /// The accounts route, then the rest of the path after `/v1/accounts`.
    Accounts,
    /// The transactions route.
    Transactions,
    /// The customers route, then the rest of the path after `/v1/customers`.
    Customers,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A path segment (`{name}` in the template).
    Path,
    /// The query string.
    Query,
    /// A header.
    Header,
    /// One of an operation's [`Select`] choices: the value goes into the path.
    Select,
    /// A field of a form or multipart body, given as an argument of its own.
    Body,
}

/// One parameter of an operation.
#[derive(Debug)]
pub struct Param {
    /// The SDK's name in snake_case (`host_user_id`); callers spell it their own way.
    pub name: &'static str,
    /// The name on the wire (`hostUserId`, `$filter`).
    pub wire: &'static str,
    /// Where it travels.
    pub location: Location,
    /// Its type and constraints.
    pub ty: Ty,
    /// Whether the document requires it.
    pub required: bool,
    /// Set by the SDK (paging, fixed companions), never by the caller.
    pub hidden: bool,
    /// The value a hidden parameter takes when a [`Rule::With`] brings it.
    pub fixed: Option<&'static str>,
    /// `hostUserId` or `loginId`: whom the call is about.
    pub user: bool,
    /// Personal data: never shown in messages.
    pub sensitive: bool,
    /// Other spellings the SDK accepts for enum values (`small` for `s`).
    pub aliases: &'static [(&'static str, &'static str)],
}

/// How a request body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// `application/json`
    Json,
    /// `application/x-www-form-urlencoded`
    Form,
    /// `multipart/form-data`
    Multipart,
}

/// An operation's request body.
#[derive(Debug)]
pub struct Body {
    /// The argument that holds it (`body`).
    pub name: &'static str,
    /// How it is encoded.
    pub media: Media,
    /// Its schema.
    pub ty: Ty,
    /// Whether the document requires it.
    pub required: bool,
    /// Its fields are arguments of their own ([`Location::Body`] parameters), as for forms and
    /// uploads, instead of one `body` argument.
    pub flatten: bool,
}

/// A documented successful answer.
#[derive(Debug)]
pub struct Response {
    /// `200`, `201`, `202`, `204`, `206`.
    pub status: u16,
    /// The body's schema; `None` for an answer without a body.
    pub ty: Option<Ty>,
}

/// How the pages of a list are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// One answer holds everything.
    None,
    /// `$skip`/`$top`, following the answer's `pagination` when it has one.
    SkipTop {
        /// The offset parameter (`$skip`).
        skip: &'static str,
        /// The page size parameter (`$top`).
        top: &'static str,
        /// The page size when the caller gives none.
        default_size: u32,
    },
    /// A token from each answer asks for the next page, in the request body.
    PageToken {
        /// The body field that carries the token.
        request: &'static str,
        /// The answer's field that holds the next token.
        response: &'static str,
    },
    /// `page` (from 0) and `size`, with the answer's `page` object giving the total.
    PageSize {
        /// The page number parameter.
        page: &'static str,
        /// The page size parameter.
        size: &'static str,
        /// The page size when the caller gives none.
        default_size: u32,
    },
    /// `pageNo` (from 0) and `pageSize`; a short page is the last.
    PageNo {
        /// The page number parameter.
        page: &'static str,
        /// The page size parameter.
        size: &'static str,
        /// The page size when the caller gives none.
        default_size: u32,
    },
    /// A date range read window by window, each at most `days` long.
    DateWindows {
        /// The first day parameter.
        from: &'static str,
        /// The last day parameter.
        to: &'static str,
        /// The longest range one request may ask for, in days.
        days: u32,
    },
}

/// A check across parameters.
#[derive(Debug)]
pub enum Rule {
    /// When `when` is given, the hidden parameters `set` go with their fixed values.
    With {
        /// The parameter that brings the others.
        when: &'static str,
        /// Hidden parameters (wire names) sent with their fixed value.
        set: &'static [&'static str],
    },
    /// At most one of these may be given.
    Exclusive {
        /// SDK names.
        params: &'static [&'static str],
        /// Why, in words.
        why: &'static str,
    },
    /// `first` may not come after `then` (a date range).
    Ordered {
        /// The SDK name of the start.
        first: &'static str,
        /// The SDK name of the end.
        then: &'static str,
    },
    /// When `param` has one of `values`, every parameter of `require` is required.
    RequiredWhen {
        /// The SDK name of the deciding parameter.
        param: &'static str,
        /// Its values that require the others.
        values: &'static [&'static str],
        /// SDK names of the parameters then required.
        require: &'static [&'static str],
    },
}

/// One argument among several names the subject of the call: its value goes into the path
/// parameter `into`, and its kind into the query parameter `kind`.
#[derive(Debug)]
pub struct Select {
    /// The path parameter's wire name.
    pub into: &'static str,
    /// The query parameter's wire name.
    pub kind: &'static str,
    /// `(SDK name, value of kind)` per choice.
    pub choices: &'static [(&'static str, &'static str)],
}

/// How `wait()` reads a job again and again until it ends: the operation that has it is the
/// one reading the job, and its namespace gets a `wait` method with the same arguments.
#[derive(Debug)]
pub struct Wait {
    /// Where the state is in the answer: wire names and list indexes, by dots
    /// (`userLists.0.fileStatus.jobStatus`).
    pub state: &'static str,
    /// The states after which nothing changes.
    pub final_states: &'static [&'static str],
}

/// Whom a call is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserRule {
    /// Nobody in particular.
    None,
    /// Exactly one of `hostUserId` and `loginId`, unless a signed-in user's token names the user.
    HostOrLogin,
    /// `loginId`, required unless a signed-in user's token names the user.
    Login,
    /// `loginId`, optional.
    LoginOptional,
}

/// One operation of the API.
#[derive(Debug)]
pub struct Operation {
    /// The document's `operationId`.
    pub id: &'static str,
    /// Its title in the document.
    pub title: &'static str,
    /// Its tag (`Recipients`).
    pub tag: &'static str,
    /// The SDK's name: namespaces and method in snake_case (`business.payments.ach.list`).
    pub name: &'static str,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template, `{wire}` for each path parameter.
    pub path: &'static str,
    /// The configurable route the path hangs from.
    pub route: Route,
    /// Its parameters, hidden ones included.
    pub params: &'static [Param],
    /// Its request body.
    pub body: Option<&'static Body>,
    /// Its documented successful answers.
    pub responses: &'static [Response],
    /// How it authenticates.
    pub auth: Auth,
    /// Its trace header.
    pub trace: Trace,
    /// Whether failures may be repeated automatically: reads only (the API has no
    /// idempotency key, so a repeated write is a second write).
    pub retry: bool,
    /// How its pages are read.
    pub paging: Paging,
    /// The answer's field holding a page's items (for paged operations).
    pub items: &'static str,
    /// Whom it is about.
    pub user: UserRule,
    /// Checks across parameters.
    pub rules: &'static [Rule],
    /// Names of other calls' arguments refused with a reason.
    pub hints: &'static [(&'static str, &'static str)],
    /// A choice of subject that fills the path.
    pub select: Option<&'static Select>,
    /// How to wait for the job it reads to end.
    pub wait: Option<&'static Wait>,
    /// The name of an extra method reading the answer one business customer group at a time
    /// (`accounts.groups`).
    pub groups: Option<&'static str>,
    /// Whether the SDK types it.
    pub availability: Availability,
    /// Its page in Candescent's reference.
    pub reference: &'static str,
}

impl Operation {
    /// The parameter with this SDK name.
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// The parameter with this wire name.
    pub fn wire_param(&self, wire: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.wire == wire)
    }

    /// The schema of the answer with this status, if it has a body.
    pub fn response(&self, status: u16) -> Option<Ty> {
        self.responses
            .iter()
            .find(|r| r.status == status)
            .and_then(|r| r.ty)
    }
}

/// A value's type, with the constraints the document states.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// A string.
    Str(&'static StrRule),
    /// A whole number.
    Int(&'static NumRule),
    /// A number, kept exact (money, rates).
    Num(&'static NumRule),
    /// `true` or `false`.
    Bool,
    /// An array.
    List(&'static Ty),
    /// An object of a known schema.
    Obj(&'static Model),
    /// An object whose values all have one type.
    Map(&'static Ty),
    /// One of several object schemas.
    Union(&'static [&'static Model]),
    /// Any JSON.
    Any,
}

/// The format of a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Any text.
    Text,
    /// `YYYY-MM-DD`
    Date,
    /// An RFC 3339 date and time.
    DateTime,
    /// A UUID.
    Uuid,
    /// An e-mail address.
    Email,
    /// Base64 data.
    Base64,
    /// A file's bytes (multipart uploads).
    Binary,
}

/// The constraints of a string.
#[derive(Debug)]
pub struct StrRule {
    /// Its format.
    pub format: Format,
    /// The values it may take; empty when any.
    pub values: &'static [&'static str],
    /// A regular expression it must match.
    pub pattern: Option<&'static str>,
    /// Its shortest length, in characters.
    pub min_len: Option<u32>,
    /// Its longest length, in characters.
    pub max_len: Option<u32>,
    /// The component schema of its enum, if it has one.
    pub enum_name: Option<&'static str>,
}

/// The constraints of a number.
#[derive(Debug)]
pub struct NumRule {
    /// The smallest value allowed.
    pub minimum: Option<f64>,
    /// The largest value allowed.
    pub maximum: Option<f64>,
}

/// One field of an object schema.
#[derive(Debug)]
pub struct Field {
    /// Its name on the wire (`availableBalance`).
    pub wire: &'static str,
    /// Its SDK name in snake_case (`available_balance`).
    pub name: &'static str,
    /// Its type.
    pub ty: Ty,
    /// [`REQUIRED`], [`READ_ONLY`], [`WRITE_ONLY`], [`SENSITIVE`], [`EMPTY_WHEN_ABSENT`].
    pub flags: u8,
}

/// The schema requires the field.
pub const REQUIRED: u8 = 1;
/// The field appears only in answers.
pub const READ_ONLY: u8 = 2;
/// The field appears only in requests.
pub const WRITE_ONLY: u8 = 4;
/// Personal data: masked in `Debug`, `repr` and `util.inspect`.
pub const SENSITIVE: u8 = 8;
/// A list that an answer may leave out (or send as `null`), read as an empty list, so that
/// callers always find one (`accounts` of `AccountsResponse`).
pub const EMPTY_WHEN_ABSENT: u8 = 16;

impl Field {
    /// A field; `flags` combines [`REQUIRED`], [`READ_ONLY`], [`WRITE_ONLY`], [`SENSITIVE`],
    /// [`EMPTY_WHEN_ABSENT`].
    pub const fn new(wire: &'static str, name: &'static str, ty: Ty, flags: u8) -> Field {
        Field {
            wire,
            name,
            ty,
            flags,
        }
    }

    /// Whether the schema requires it.
    pub fn required(&self) -> bool {
        self.flags & REQUIRED != 0
    }

    /// Whether it appears only in answers.
    pub fn read_only(&self) -> bool {
        self.flags & READ_ONLY != 0
    }

    /// Whether it appears only in requests.
    pub fn write_only(&self) -> bool {
        self.flags & WRITE_ONLY != 0
    }

    /// Whether it holds personal data.
    pub fn sensitive(&self) -> bool {
        self.flags & SENSITIVE != 0
    }

    /// Whether an answer without it reads as an empty list.
    pub fn empty_when_absent(&self) -> bool {
        self.flags & EMPTY_WHEN_ABSENT != 0
    }
}

/// Plain text.
pub static TEXT: StrRule = StrRule::format(Format::Text);
/// `YYYY-MM-DD`.
pub static DATE: StrRule = StrRule::format(Format::Date);
/// An RFC 3339 date and time.
pub static DATE_TIME: StrRule = StrRule::format(Format::DateTime);
/// A UUID.
pub static UUID: StrRule = StrRule::format(Format::Uuid);
/// An e-mail address.
pub static EMAIL: StrRule = StrRule::format(Format::Email);
/// Base64 data.
pub static BASE64: StrRule = StrRule::format(Format::Base64);
/// A file's bytes.
pub static BINARY: StrRule = StrRule::format(Format::Binary);
/// A number without bounds.
pub static ANY_NUMBER: NumRule = NumRule {
    minimum: None,
    maximum: None,
};

impl StrRule {
    /// A string of this format without other constraints.
    pub const fn format(format: Format) -> StrRule {
        StrRule {
            format,
            values: &[],
            pattern: None,
            min_len: None,
            max_len: None,
            enum_name: None,
        }
    }
}

/// An object schema: its fields in the document's order.
#[derive(Debug)]
pub struct Model {
    /// The schema's name (`Recipient`).
    pub name: &'static str,
    /// Its fields.
    pub fields: &'static [Field],
    /// The type of the values beyond `fields`, when the schema declares them.
    pub extra: Option<&'static Ty>,
    /// Field indexes sorted by wire name, to find a field in a few comparisons.
    pub by_wire: &'static [u16],
    /// Field indexes sorted by SDK name.
    pub by_name: &'static [u16],
    /// The one list field that makes the model a list (`recipients` of `Recipients`).
    pub items: Option<u16>,
}

impl Model {
    /// The index of the field with this wire name.
    pub fn wire_index(&self, wire: &str) -> Option<usize> {
        self.by_wire
            .binary_search_by(|&i| self.fields[usize::from(i)].wire.cmp(wire))
            .ok()
            .map(|at| usize::from(self.by_wire[at]))
    }

    /// The index of the field with this SDK name.
    pub fn name_index(&self, name: &str) -> Option<usize> {
        self.by_name
            .binary_search_by(|&i| self.fields[usize::from(i)].name.cmp(name))
            .ok()
            .map(|at| usize::from(self.by_name[at]))
    }
}
