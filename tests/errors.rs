//! The errors of the three library crates have one shape (issue 14 §5): one boxed type per
//! crate with `kind()`, `into_kind()`, `position()` and `source()` chained through, and a
//! `Debug` that reads as the sentence of `Display`, which is what a program prints when
//! `main` returns the error.

use std::error::Error as StdError;
use std::io;

use careplan::bundle::{self, ArchiveReader};
use careplan::csv::{self, FileName};
use careplan::model::value::{Flaw, ParseError, YearMonth};
use careplan::model::Position;

/// What `fn main() -> Result<(), Box<dyn Error>>` prints for `e`: `Error: {e:?}`.
fn as_main_prints(e: impl StdError + 'static) -> String {
    let boxed: Box<dyn StdError> = Box::new(e);
    format!("Error: {boxed:?}")
}

/// A readable line: the sentence of `Display`, not a dump of the error's parts.
fn assert_readable(printed: &str, display: &str) {
    assert_eq!(printed, format!("Error: {display}"));
    assert!(
        !printed.contains('{') && !printed.contains('\n'),
        "{printed}"
    );
}

#[test]
fn a_value_error_from_main_reads_as_a_sentence() {
    let e = "202413".parse::<YearMonth>().unwrap_err();
    let display = e.to_string();
    assert_eq!(
        display,
        "\"202413\" is not a valid year-month (YYYYMM): the month 13 is not between 1 and 12"
    );
    assert_readable(&as_main_prints(e.clone()), &display);
    assert_eq!(e.position(), None);
    assert!(e.source().is_none());
    assert!(matches!(e.kind(), Flaw::OutOfRange { part: "month", .. }));
    assert!(matches!(e.into_kind(), Flaw::OutOfRange { found: 13, .. }));
    assert_eq!(
        std::mem::size_of::<ParseError>(),
        std::mem::size_of::<usize>()
    );
}

#[test]
fn a_name_error_is_the_csv_crates_one_error() {
    let e =
        FileName::parse("UPPLAN_202504_131000000_43_1310000002_11_20250401093000.CSV").unwrap_err();
    let display = e.to_string();
    assert_eq!(
        display,
        "sender office number must be 10 digits, found 9: 131000000"
    );
    assert_eq!(e.position(), None);
    assert!(e.source().is_none());
    let csv::ErrorKind::InvalidName(flaw) = e.kind() else {
        panic!("{e:#?}")
    };
    assert_eq!(flaw.part(), csv::NamePart::SenderOffice);
    assert_readable(&as_main_prints(e), &display);
}

#[test]
fn a_csv_error_keeps_its_position_and_chains_its_source() {
    let e = csv::Error::from(io::Error::other("disk gone")).at(Position::new(120, 3, 3));
    assert_eq!(e.position().map(|p| p.line()), Some(3));
    assert_eq!(
        e.source().map(ToString::to_string).as_deref(),
        Some("disk gone")
    );
    let display = e.to_string();
    assert_eq!(display, "line 3 (record 3, byte 120): I/O error: disk gone");
    assert_readable(&as_main_prints(e), &display);
}

#[test]
fn a_bundle_error_chains_through_the_csv_error_to_the_io_error() {
    let inner = csv::Error::from(io::Error::other("disk gone")).at(Position::new(0, 7, 7));
    let e = bundle::Error::from(inner).for_file("in/month.zip");
    assert_eq!(e.position().map(|p| p.line()), Some(7));
    let csv_error = e.source().expect("the CSV layer's error");
    assert!(csv_error.is::<csv::Error>());
    let io_error = csv_error.source().expect("the I/O error");
    assert_eq!(io_error.to_string(), "disk gone");
    let display = e.to_string();
    assert_eq!(
        display,
        "in/month.zip: line 7 (record 7, byte 0): I/O error: disk gone"
    );
    assert_readable(&as_main_prints(e), &display);
}

#[test]
fn a_refused_archive_from_main_reads_as_a_sentence() {
    let e = ArchiveReader::new(io::Cursor::new(b"202407,1\r\n".to_vec())).unwrap_err();
    assert!(matches!(e.kind(), bundle::ErrorKind::NotZip { .. }));
    assert_eq!(e.position(), None);
    let display = e.to_string();
    assert_readable(&as_main_prints(e), &display);
}

#[test]
fn a_name_built_wrong_is_a_name_error_in_the_bundle_too() {
    let csv_error = FileName::parse("UPPLAN.CSV").unwrap_err();
    let e = bundle::Error::from(csv_error);
    assert!(matches!(e.kind(), bundle::ErrorKind::Name(_)));
    assert!(e.source().is_some_and(|s| s.is::<csv::Error>()));
    assert!(matches!(e.into_kind(), bundle::ErrorKind::Name(_)));
}

/// Whether `T` implements `std::error::Error`, told apart at compile time: the inherent
/// method exists only when the bound holds, and the trait's method answers otherwise.
struct Probe<T>(std::marker::PhantomData<T>);

trait NotAnError {
    fn is_error(&self) -> bool {
        false
    }
}

impl<T> NotAnError for Probe<T> {}

impl<T: StdError> Probe<T> {
    fn is_error(&self) -> bool {
        true
    }
}

/// Whether the type `$t` implements `std::error::Error` (a macro: the probe must see the
/// type itself, not a generic parameter).
macro_rules! is_error {
    ($t:ty) => {
        Probe::<$t>(std::marker::PhantomData).is_error()
    };
}

#[test]
fn one_error_type_per_crate_and_its_kind_is_no_error() {
    assert!(is_error!(ParseError));
    assert!(is_error!(csv::Error));
    assert!(is_error!(bundle::Error));
    assert!(!is_error!(Flaw));
    assert!(!is_error!(csv::ErrorKind));
    assert!(!is_error!(bundle::ErrorKind));
}

#[test]
fn a_bundle_io_error_chains_to_the_io_error_and_reads_as_its_kind() {
    let e = bundle::Error::from(io::Error::other("disk gone"));
    assert_eq!(e.to_string(), "I/O error: disk gone");
    assert_eq!(e.kind().to_string(), e.to_string());
    let io_error = e.source().expect("the I/O error");
    assert!(io_error.is::<io::Error>());
    assert_eq!(io_error.to_string(), "disk gone");
}
