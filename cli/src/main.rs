//! The `candescent` binary.

fn main() {
    std::process::exit(candescent_cli::run(std::env::args_os()));
}
