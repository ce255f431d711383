//! Decoding time of one saved `accounts` answer into models, into `serde_json::Value` and into
//! the Node wire form: `cargo run --release -p candescent --example decode_bench -- answer.json`
//! (`-- answer.json models`, `wire`, `data` or `generic` loops one step alone, for a profiler).

use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn best<T>(rounds: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let started = Instant::now();
        std::hint::black_box(f());
        best = best.min(started.elapsed().as_secs_f64() * 1e3);
    }
    best
}

fn main() {
    let path = std::env::args().nth(1).expect("a saved accounts answer");
    let body = std::fs::read(path).expect("readable");
    if std::env::args().nth(2).as_deref() == Some("wire") {
        let list: candescent::AccountList = serde_json::from_slice(&body).unwrap();
        for _ in 0..300 {
            std::hint::black_box(candescent::wire::to_wire(&list));
        }
        return;
    }
    if std::env::args().nth(2).as_deref() == Some("generic") {
        let ty = candescent::spec::find("accounts.list")
            .unwrap()
            .response(200)
            .unwrap();
        let text = std::str::from_utf8(&body).unwrap();
        for _ in 0..300 {
            std::hint::black_box(candescent::data::wire_text(text, ty).unwrap());
        }
        return;
    }
    if std::env::args().nth(2).as_deref() == Some("data") {
        let ty = candescent::spec::find("accounts.list")
            .unwrap()
            .response(200)
            .unwrap();
        let text = std::str::from_utf8(&body).unwrap();
        for _ in 0..60 {
            std::hint::black_box(candescent::data::decode(text, ty).unwrap());
        }
        return;
    }
    if std::env::args().nth(2).as_deref() == Some("models") {
        // Only the model decoding, for a profiler.
        for _ in 0..100 {
            std::hint::black_box(serde_json::from_slice::<candescent::AccountList>(&body).unwrap());
        }
        return;
    }
    let list: candescent::AccountList = serde_json::from_slice(&body).expect("an account list");
    let decode = best(20, || {
        serde_json::from_slice::<candescent::AccountList>(&body).unwrap()
    });
    let via_str = best(20, || {
        let text = std::str::from_utf8(&body).unwrap();
        serde_json::from_str::<candescent::AccountList>(text).unwrap()
    });
    let lists: Vec<_> = (0..20)
        .map(|_| serde_json::from_slice::<candescent::AccountList>(&body).unwrap())
        .collect();
    let mut lists = lists.into_iter();
    let free = best(20, || drop(lists.next()));
    let value = best(20, || {
        serde_json::from_slice::<serde_json::Value>(&body).unwrap()
    });
    let ty = candescent::spec::find("accounts.list")
        .unwrap()
        .response(200)
        .unwrap();
    let data = best(20, || {
        candescent::data::decode(std::str::from_utf8(&body).unwrap(), ty).unwrap()
    });
    let decoded = candescent::data::decode(std::str::from_utf8(&body).unwrap(), ty).unwrap();
    let data_wire = best(20, || candescent::data::to_wire_text(&decoded));
    println!("data tree {data:.2} ms, its wire form {data_wire:.2} ms");
    let wire = best(20, || candescent::wire::to_wire(&list));
    let text = std::str::from_utf8(&body).unwrap();
    let transcode = best(20, || candescent::data::wire_text(text, ty).unwrap());
    println!("models {decode:.2} ms (via str {via_str:.2} ms), freeing {free:.2} ms, serde_json::Value {value:.2} ms, to_wire {wire:.2} ms, answer to wire in one pass {transcode:.2} ms");
}
