//! Settles asyncio futures without taking the GIL on the runtime's threads.
//!
//! The usual bridge has each finished call take the GIL on a tokio thread to schedule the
//! result on the event loop. With dozens of calls in flight, those threads queue for the GIL
//! while the loop runs Python, and the HTTP work behind them stalls. Here a finished call only
//! queues its result and, if the queue was empty, writes one byte to a socket the loop watches
//! (`loop.add_reader`); the loop then settles every queued future in one callback, on its own
//! thread, where the results become Python objects.
//!
//! Loops without `add_reader` (Windows' proactor loop) or without weak references keep the
//! usual bridge.

use std::cell::RefCell;
use std::future::Future;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyNotImplementedError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyWeakrefMethods, PyWeakrefReference};
use pyo3::IntoPyObjectExt;
use tokio::task::AbortHandle;

/// Turns a finished call's output into the future's result, on the loop's thread.
type Settle = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

struct Finished {
    future: Py<PyAny>,
    settle: Settle,
}

/// The calls of one event loop that finished and wait for the loop to settle them.
struct Queue {
    finished: Mutex<Vec<Finished>>,
    /// Whether a wake-up byte is on its way; one byte wakes the loop for any number of calls.
    armed: AtomicBool,
    wake: UnixStream,
}

impl Queue {
    fn push(&self, finished: Finished) {
        self.finished
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(finished);
        if !self.armed.swap(true, Ordering::AcqRel) {
            // A full socket buffer means wake-ups are already pending.
            let _ = (&self.wake).write(&[1]);
        }
    }
}

/// The loop's reader callback.
#[pyclass(frozen)]
struct Drain {
    queue: Arc<Queue>,
    wake: UnixStream,
}

#[pymethods]
impl Drain {
    fn __call__(&self, py: Python<'_>) -> PyResult<()> {
        let mut bytes = [0u8; 256];
        while matches!((&self.wake).read(&mut bytes), Ok(n) if n == bytes.len()) {}
        // Disarmed before taking the calls: a call queued after this point writes a new byte.
        self.queue.armed.store(false, Ordering::Release);
        let finished = std::mem::take(
            &mut *self
                .queue
                .finished
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        );
        for Finished { future, settle } in finished {
            let future = future.bind(py);
            // Cancelled by the caller: nobody waits for the result.
            if future
                .call_method0(pyo3::intern!(py, "done"))?
                .is_truthy()?
            {
                continue;
            }
            match settle(py) {
                Ok(value) => future.call_method1(pyo3::intern!(py, "set_result"), (value,))?,
                Err(err) => future
                    .call_method1(pyo3::intern!(py, "set_exception"), (err.into_value(py),))?,
            };
        }
        Ok(())
    }
}

/// Stops the request when the caller cancels the future.
#[pyclass(frozen)]
struct Cancel(AbortHandle);

#[pymethods]
impl Cancel {
    fn __call__(&self, future: &Bound<'_, PyAny>) -> PyResult<()> {
        if future.call_method0("cancelled")?.is_truthy()? {
            self.0.abort();
        }
        Ok(())
    }
}

struct Watched {
    event_loop: Py<PyWeakrefReference>,
    pid: u32,
    queue: Arc<Queue>,
}

thread_local! {
    // A thread runs one event loop at a time; the weak reference tells whether it is the same.
    static WATCHED: RefCell<Option<Watched>> = const { RefCell::new(None) };
}

static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The queue of the running loop, watched from now on; `None` when the loop cannot watch a
/// socket (the caller then uses the usual bridge).
fn queue_of(event_loop: &Bound<'_, PyAny>) -> PyResult<Option<Arc<Queue>>> {
    let pid = std::process::id();
    let known = WATCHED.with_borrow(|w| {
        w.as_ref()
            .filter(|w| w.pid == pid)
            .filter(|w| {
                w.event_loop
                    .bind(event_loop.py())
                    .upgrade()
                    .is_some_and(|l| l.is(event_loop))
            })
            .map(|w| w.queue.clone())
    });
    if known.is_some() {
        return Ok(known);
    }
    let Ok(weak) = PyWeakrefReference::new(event_loop) else {
        return Ok(None);
    };
    let (read, write) = UnixStream::pair()?;
    read.set_nonblocking(true)?;
    write.set_nonblocking(true)?;
    let fd = read.as_raw_fd();
    let queue = Arc::new(Queue {
        finished: Mutex::new(Vec::new()),
        armed: AtomicBool::new(false),
        wake: write,
    });
    let drain = Drain {
        queue: queue.clone(),
        wake: read,
    };
    match event_loop.call_method1("add_reader", (fd, drain)) {
        Ok(_) => {}
        Err(e) if e.is_instance_of::<PyNotImplementedError>(event_loop.py()) => return Ok(None),
        Err(e) => return Err(e),
    }
    WATCHED.with_borrow_mut(|w| {
        *w = Some(Watched {
            event_loop: weak.unbind(),
            pid,
            queue: queue.clone(),
        })
    });
    Ok(Some(queue))
}

/// A future of the running loop that `fut` settles, or `Err(fut)` back when the loop cannot
/// be watched.
pub fn spawn<'py, F, T>(py: Python<'py>, fut: F) -> PyResult<Result<Bound<'py, PyAny>, F>>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    let get_running_loop = GET_RUNNING_LOOP
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(py.import("asyncio")?.getattr("get_running_loop")?.unbind())
        })?
        .bind(py);
    let event_loop = get_running_loop.call0()?;
    let Some(queue) = queue_of(&event_loop)? else {
        return Ok(Err(fut));
    };
    let future = event_loop.call_method0(pyo3::intern!(py, "create_future"))?;
    let settled = future.clone().unbind();
    let task = crate::runtime::handle().spawn(async move {
        let output = crate::runtime::catch_panic(fut).await;
        let settle: Settle = Box::new(move |py| {
            let value = output?;
            value.into_bound_py_any(py).map(pyo3::Bound::unbind)
        });
        queue.push(Finished {
            future: settled,
            settle,
        });
    });
    future.call_method1(
        pyo3::intern!(py, "add_done_callback"),
        (Cancel(task.abort_handle()),),
    )?;
    Ok(Ok(future))
}
