//! A call's answer: its status, metadata and body, decoded on demand.

use crate::client::Answer;
use crate::data::{self, Data, WirePart};
use crate::spec::{Operation, Ty};
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

    /// The schema of the body, or `None` for an answer without one.
    ///
    /// An empty body is an answer without one only where the document allows that (a `204`, or
    /// a success it describes without a body); elsewhere it is a decoding error.
    fn schema(&self) -> Result<Option<Ty>> {
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
            return Ok(None);
        };
        if !self.answer.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Some(ty));
        }
        let may_be_empty = self
            .op
            .responses
            .iter()
            .any(|r| (200..300).contains(&r.status) && r.ty.is_none());
        if may_be_empty {
            Ok(None)
        } else {
            Err(self
                .answer
                .decode_error(&"the body is empty, where the document describes one"))
        }
    }

    /// Whether the answer has a body to decode (`204 No Content` and the other answers the
    /// document describes without one have none).
    pub fn has_body(&self) -> bool {
        !matches!(self.schema(), Ok(None))
    }

    /// Whether the body is a list model (a schema with [`items`](crate::spec::Model::items),
    /// such as `AccountList`), whose items [`wire_parts`](Self::wire_parts) hands over in
    /// pieces.
    pub fn is_list(&self) -> bool {
        matches!(self.schema(), Ok(Some(Ty::Obj(m))) if m.items.is_some())
    }

    /// The body decoded against the document's schema for this status ([`Data::Null`] for an
    /// answer without a body).
    ///
    /// # Errors
    /// [`ErrorKind::Decode`](crate::ErrorKind::Decode) naming the operation and the field when
    /// the body does not fit the schema.
    pub fn data(&self) -> Result<Data> {
        let Some(ty) = self.schema()? else {
            return Ok(Data::Null);
        };
        let text = self.answer.text()?;
        data::decode(text, ty).map_err(|e| self.answer.decode_error(&e))
    }

    /// The body decoded as the model `T` (the typed calls of [`crate::api`]).
    ///
    /// # Errors
    /// [`ErrorKind::Decode`](crate::ErrorKind::Decode) naming the operation when the body does
    /// not fit the model.
    pub fn typed<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        self.answer.decode()
    }

    /// The body in the wire form of [`data::to_wire_text`] (UTF-8 JSON; `null` without a
    /// body), written in one pass by [`data::wire_text`].
    ///
    /// # Errors
    /// As [`data`](Self::data).
    pub fn wire(&self) -> Result<Vec<u8>> {
        let Some(ty) = self.schema()? else {
            return Ok(b"null".to_vec());
        };
        let text = self.answer.text()?;
        data::wire_text(text, ty).map_err(|e| self.answer.decode_error(&e))
    }

    /// Like [`wire`](Self::wire), handing the items of a list answer over in pieces of about
    /// `part_bytes` as they are written ([`data::wire_parts`]); any other answer comes as one
    /// [`WirePart::Whole`].
    ///
    /// # Errors
    /// As [`data`](Self::data); pieces handed over before the error are void.
    pub fn wire_parts(&self, part_bytes: usize, sink: &mut dyn FnMut(WirePart)) -> Result<()> {
        let Some(ty) = self.schema()? else {
            sink(WirePart::Whole {
                text: b"null".to_vec(),
                restart: false,
            });
            return Ok(());
        };
        let text = self.answer.text()?;
        data::wire_parts(text, ty, part_bytes, sink).map_err(|e| self.answer.decode_error(&e))
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
