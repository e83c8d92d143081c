//! Family-structure images (UPKIHON_IMAGE, spec layouts/_notes_yobo.md): the name ends with
//! a 4-digit 枝番 and `.jpg`, the content is JPEG. A wrong name is reported wherever the
//! file sits — an upload, a ZIP, a folder — and the image is never read as CSV.

use std::io::{Cursor, Write};

use careplan_bundle::FileSet;
use careplan_model::{FileKind, Problem, ProblemKind, Severity};

const GOOD: &str = "UPKIHON_IMAGE_0300000100_43_0300000005_11_20250401100000_0001.JPG";
const SHORT_BRANCH: &str = "UPKIHON_IMAGE_0300000100_43_0300000005_11_20250401100000_1.jpg";
const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00";

fn problems(set: &FileSet) -> Vec<(ProblemKind, Severity)> {
    set.files()
        .iter()
        .flat_map(|f| f.problems())
        .chain(set.notes())
        .map(|p: &Problem| (p.kind, p.severity))
        .collect()
}

fn zip(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file(name, zip::write::SimpleFileOptions::default())
        .unwrap();
    w.write_all(bytes).unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn a_good_image_is_kept_without_a_problem() {
    let mut set = FileSet::new();
    set.add_bytes(GOOD, JPEG.to_vec()).unwrap();
    assert!(problems(&set).is_empty(), "{:?}", problems(&set));
    assert_eq!(set.files()[0].kind(), Some(FileKind::YoboKihonImage));
    assert!(set.files()[0].records().is_empty());
}

#[test]
fn a_branch_of_other_than_4_digits_is_reported_wherever_the_image_sits() {
    let expect = [(ProblemKind::InvalidFileName, Severity::Error)];
    // An upload.
    let mut set = FileSet::new();
    set.add_bytes(SHORT_BRANCH, JPEG.to_vec()).unwrap();
    assert_eq!(problems(&set), expect);
    let f = &set.files()[0];
    assert_eq!(f.kind(), Some(FileKind::YoboKihonImage));
    assert!(f.records().is_empty(), "never read as CSV");
    assert_eq!(f.bytes(), JPEG);
    let p = f.problems().next().unwrap();
    assert_eq!(p.found.as_deref(), Some("1"), "{p:?}");
    // In a ZIP, in a folder of the ZIP.
    for path in [SHORT_BRANCH.to_string(), format!("家族/{SHORT_BRANCH}")] {
        let mut set = FileSet::new();
        set.add_bytes("upload.zip", zip(&path, JPEG)).unwrap();
        assert_eq!(problems(&set), expect, "{path}");
        assert_eq!(
            set.files()[0].display(),
            format!("upload.zip/{path}").as_str()
        );
    }
    // In a folder on disk, and by its path.
    let dir = std::env::temp_dir().join(format!("careplan-images-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub").join(SHORT_BRANCH), JPEG).unwrap();
    let mut set = FileSet::new();
    set.add_path(&dir).unwrap();
    assert_eq!(problems(&set), expect);
    let mut set = FileSet::new();
    set.add_path(dir.join("sub").join(SHORT_BRANCH)).unwrap();
    assert_eq!(problems(&set), expect);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_image_that_is_not_jpeg_is_an_error() {
    let mut set = FileSet::new();
    set.add_bytes(GOOD, b"202407,131001\r\n".to_vec()).unwrap();
    assert_eq!(
        problems(&set),
        [(ProblemKind::InvalidFormat, Severity::Error)]
    );
    let p = set.files()[0].problems().next().unwrap();
    assert_eq!(p.found.as_deref(), Some("32 30 32 34"));
    assert!(set.files()[0].has_errors());
}
