//! Transmission units, cross-file checks and ZIP archives for ケアプランデータ連携 files.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
