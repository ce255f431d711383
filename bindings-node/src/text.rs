//! Wire text handed to JS without a copy where the runtime allows it.
//!
//! An answer's text is ASCII nearly always, and then a one-byte JS string can point at the
//! Rust buffer itself (`node_api_create_external_string_latin1`, in Node since 18.18 and 20.4):
//! `JSON.parse` reads it in place, and the buffer is freed when the string is collected. That
//! saves copying a long answer on the JS thread, which is the thread every other call waits
//! for. The function is looked up at run time, so older runtimes, short texts and text that is
//! not ASCII are copied into a string by the runtime: a one-byte string straight from the
//! bytes when they are ASCII, UTF-8 decoding otherwise. Either way JS receives a string and
//! makes no `Buffer` and no decoding of its own, which measured cheaper for the short answers
//! most calls get.

use std::ffi::c_void;
use std::ptr;

use napi::bindgen_prelude::{ToNapiValue, TypeName};
use napi::{sys, ValueType};

/// Shorter texts are copied: the copy costs next to nothing, and every external string waits
/// for a garbage collection to be freed.
const EXTERNAL_MIN: usize = 64 * 1024;

/// UTF-8 JSON text on its way to JS, as a string: without a copy when it is long and ASCII.
pub struct WireText {
    bytes: Vec<u8>,
    ascii: bool,
}

impl WireText {
    /// Checks the text here, off the JS thread.
    pub fn new(bytes: Vec<u8>) -> Self {
        let ascii = bytes.is_ascii();
        Self { bytes, ascii }
    }
}

impl TypeName for WireText {
    fn type_name() -> &'static str {
        "string"
    }

    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl ToNapiValue for WireText {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        if val.ascii && val.bytes.len() >= EXTERNAL_MIN {
            if let Some(create) = external_latin1() {
                let owned = Box::into_raw(Box::new(val.bytes));
                // SAFETY: `owned` stays alive until `free` runs, which the runtime calls once:
                // when the string is collected, or at once when it copied the text instead.
                let (data, len) = unsafe { ((*owned).as_ptr(), (*owned).len()) };
                // V8 does not count the text as its own memory; without this, dead answers would
                // wait for a full collection that nothing triggers. Counted before the call:
                // `free` (which counts it out) may run during it, when the runtime copies.
                adjust(env, len as i64);
                let mut result = ptr::null_mut();
                let mut copied = false;
                let status = unsafe {
                    create(
                        env,
                        data.cast(),
                        len as isize,
                        Some(free),
                        owned.cast(),
                        &mut result,
                        &mut copied,
                    )
                };
                if status == sys::Status::napi_ok {
                    return Ok(result);
                }
                adjust(env, -(len as i64));
                // SAFETY: on failure the runtime took no ownership and will not call `free`.
                let bytes = unsafe { *Box::from_raw(owned) };
                return copied_string(env, &bytes, true);
            }
        }
        copied_string(env, &val.bytes, val.ascii)
    }
}

/// A JS string copied from `bytes`: Latin-1 (a plain copy into a one-byte string) for ASCII,
/// UTF-8 decoding otherwise.
fn copied_string(env: sys::napi_env, bytes: &[u8], ascii: bool) -> napi::Result<sys::napi_value> {
    let mut result = ptr::null_mut();
    // SAFETY: `bytes` is valid for its length during the call, which copies it.
    let status = unsafe {
        if ascii {
            sys::napi_create_string_latin1(
                env,
                bytes.as_ptr().cast(),
                bytes.len() as isize,
                &mut result,
            )
        } else {
            sys::napi_create_string_utf8(
                env,
                bytes.as_ptr().cast(),
                bytes.len() as isize,
                &mut result,
            )
        }
    };
    if status == sys::Status::napi_ok {
        Ok(result)
    } else {
        Err(napi::Error::new(
            napi::Status::GenericFailure,
            "the answer could not be made into a string",
        ))
    }
}

type CreateExternalLatin1 = unsafe extern "C" fn(
    env: sys::napi_env,
    text: *const std::ffi::c_char,
    length: isize,
    finalize: Option<unsafe extern "C" fn(sys::napi_env, *mut c_void, *mut c_void)>,
    hint: *mut c_void,
    result: *mut sys::napi_value,
    copied: *mut bool,
) -> sys::napi_status;

unsafe extern "C" fn free(env: sys::napi_env, _data: *mut c_void, hint: *mut c_void) {
    // SAFETY: `hint` is the `Box<Vec<u8>>` leaked in `to_napi_value`, freed only here.
    let bytes = unsafe { Box::from_raw(hint.cast::<Vec<u8>>()) };
    if !env.is_null() {
        adjust(env, -(bytes.len() as i64));
    }
}

fn adjust(env: sys::napi_env, bytes: i64) {
    let mut total = 0;
    // SAFETY: `env` is the live environment the text belongs to. A failure only leaves V8's
    // estimate of external memory off, never memory itself.
    unsafe { sys::napi_adjust_external_memory(env, bytes, &mut total) };
}

#[cfg(unix)]
fn external_latin1() -> Option<CreateExternalLatin1> {
    use std::sync::OnceLock;
    static FOUND: OnceLock<Option<CreateExternalLatin1>> = OnceLock::new();
    *FOUND.get_or_init(|| {
        // SAFETY: a lookup in the running process; the symbol, when present, has this signature
        // (Node-API's `node_api_create_external_string_latin1`).
        let symbol = unsafe {
            libc::dlsym(
                libc::RTLD_DEFAULT,
                c"node_api_create_external_string_latin1".as_ptr(),
            )
        };
        (!symbol.is_null())
            .then(|| unsafe { std::mem::transmute::<*mut c_void, CreateExternalLatin1>(symbol) })
    })
}

#[cfg(not(unix))]
fn external_latin1() -> Option<CreateExternalLatin1> {
    None
}
