//! A call's answer: its status, metadata and body, decoded on demand.

use crate::client::Answer;
use crate::data::{self, Data};
use crate::spec::Operation;
use crate::{ResponseMeta, Result};

/// A 2xx answer to a call of the table.
///
/// `206 Partial Content` is a partial success: [`is_partial`](Self::is_partial) says so, and
/// the body lists what succeeded and what did not.
pub struct Reply {
    op: &'static Operation,
    answer: Answer,
}

impl Reply {
    pub(crate) fn new(op: &'static Operation, answer: Answer) -> Reply {
        Reply { op, answer }
    }

    /// The HTTP status (`200`, `201`, `202`, `204`, `206`).
    pub fn status(&self) -> u16 {
        self.answer.status
    }

    /// Whether the API carried out only part of the request (`206`).
    pub fn is_partial(&self) -> bool {
        self.answer.status == 206
    }

    /// The operation answered.
    pub fn operation(&self) -> &'static Operation {
        self.op
    }

    /// Status, headers and `transactionId`, taking the headers out of the answer.
    pub fn take_meta(&mut self) -> ResponseMeta {
        self.answer.take_meta()
    }

    /// The `transactionId` of the attempt that was answered.
    pub fn transaction_id(&self) -> &str {
        &self.answer.transaction_id
    }

    /// The raw body.
    pub fn bytes(&self) -> &[u8] {
        &self.answer.body
    }

    /// The body decoded against the document's schema for this status ([`Data::Null`] for an
    /// answer without a body).
    ///
    /// # Errors
    /// [`ErrorKind::Decode`](crate::ErrorKind::Decode) naming the operation and the field when
    /// the body does not fit the schema.
    pub fn data(&self) -> Result<Data> {
        // A success status the document does not list (a 201 for a documented 200) is read
        // with the schema of the documented one.
        let documented = self
            .op
            .responses
            .iter()
            .any(|r| r.status == self.answer.status);
        let ty = if documented {
            self.op.response(self.answer.status)
        } else {
            self.op.responses.iter().find_map(|r| r.ty)
        };
        let Some(ty) = ty else {
            return Ok(Data::Null);
        };
        if self.answer.body.iter().all(u8::is_ascii_whitespace) {
            // A documented body that did not come is a broken answer, not an empty result.
            return Err(self
                .answer
                .decode_error(&"the answer has no body, where the document gives one"));
        }
        let text = self.answer.text()?;
        data::decode(text, ty).map_err(|e| self.answer.decode_error(&e))
    }

    /// The body in the wire form of [`data::to_wire_text`] (UTF-8 JSON; `null` without a body).
    ///
    /// # Errors
    /// As [`data`](Self::data).
    pub fn wire(&self) -> Result<Vec<u8>> {
        Ok(data::to_wire_text(&self.data()?))
    }
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reply")
            .field("operation", &self.op.id)
            .field("status", &self.answer.status)
            .field("transaction_id", &self.answer.transaction_id)
            .finish_non_exhaustive()
    }
}
