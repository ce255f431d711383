//! `wait()`: a job read again and again, with a growing pause, until it ends.

use std::time::Duration;

use super::{CallOptions, Prepared};
use crate::data::Data;
use crate::{Client, Error, ErrorKind, Result};

/// The first pause between two reads; each next one is half as long again, up to `MAX_PAUSE`.
const FIRST_PAUSE: Duration = Duration::from_millis(250);
const MAX_PAUSE: Duration = Duration::from_secs(5);
/// How long `wait()` waits without a deadline of its own.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(600);

/// The value at a dotted path of wire names and list indexes (`userLists.0.fileStatus.jobStatus`).
fn at<'a>(data: &'a Data, path: &str) -> Option<&'a Data> {
    let mut here = data;
    for step in path.split('.') {
        here = match here {
            Data::Obj(o) => o.get_wire(step)?,
            Data::List(items) => items.get(step.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(here)
}

impl Client {
    /// Reads the job of `prepared` (an operation with a [`Wait`](crate::spec::Wait), such as
    /// `campaigns.jobs.get`) until its state is final, pausing a little longer after each read
    /// (from a quarter of a second up to 5 s), and gives the last answer.
    ///
    /// The wait ends at `options.deadline`, else the client's deadline, else after 10 minutes.
    ///
    /// # Errors
    /// [`ErrorKind::Timeout`] when the job has not ended by then (naming its last state), and
    /// the errors of the read itself.
    pub async fn wait(&self, prepared: &Prepared, options: &CallOptions) -> Result<Data> {
        let op = prepared.op;
        let spec = op.wait.ok_or_else(|| {
            Error::validation(format!(
                "{} reads no job: there is nothing to wait for",
                op.id
            ))
        })?;
        let limit = options
            .deadline
            .or(self.options().deadline)
            .unwrap_or(DEFAULT_WAIT);
        let until = tokio::time::Instant::now() + limit;
        let mut pause = FIRST_PAUSE;
        loop {
            // Each read is a call of its own; the wait's deadline bounds them all.
            let left = until.saturating_duration_since(tokio::time::Instant::now());
            let read = CallOptions {
                deadline: Some(left.max(Duration::from_millis(1))),
                ..*options
            };
            let data = self.call(prepared, &read).await?.data()?;
            let state = at(&data, spec.state)
                .and_then(Data::as_str)
                .map(str::to_owned);
            if state
                .as_deref()
                .is_some_and(|s| spec.final_states.contains(&s))
            {
                return Ok(data);
            }
            let now = tokio::time::Instant::now();
            if now + pause >= until {
                return Err(Error::new(
                    ErrorKind::Timeout,
                    format!(
                        "the job had not ended after {limit:?} (its state was {}); wait again, \
                         or give a longer deadline",
                        state.as_deref().unwrap_or("unknown")
                    ),
                ));
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 3 / 2).min(MAX_PAUSE);
        }
    }
}
