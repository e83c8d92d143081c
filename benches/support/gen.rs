//! The generated 第6表 (UPPLAN) the benches read and write: the library's samples
//! (`careplan::bundle::sample`), under the names the benches use (each bench uses some).
#![allow(unused_imports)]

pub use careplan::bundle::sample::{file_name, sized, upplan, GenReader, Table};
