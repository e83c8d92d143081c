//! The `careplan` binary: see the `careplan-cli` crate's documentation, or `careplan --help`.

fn main() {
    std::process::exit(careplan_cli::main_status());
}
