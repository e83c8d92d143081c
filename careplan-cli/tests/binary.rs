//! The installed binary: `--help` that teaches, `--version`, exit statuses and streams.

use assert_cmd::Command;

const NAME: &str = "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";

fn careplan() -> Command {
    let mut c = Command::cargo_bin("careplan").unwrap();
    c.env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

#[test]
fn help_names_every_command_and_the_exit_status() {
    let out = careplan()
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(out).unwrap();
    for command in [
        "check", "convert", "export", "import", "answer", "diff", "generate",
    ] {
        assert!(help.contains(command), "{command} in {help}");
    }
    assert!(help.contains("Exit status:"), "{help}");
    for command in ["check", "export", "import", "answer", "diff", "generate"] {
        let out = careplan()
            .args([command, "--help"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let help = String::from_utf8(out).unwrap();
        assert!(help.contains("Exit status:"), "{command}: {help}");
        assert!(help.contains("1  errors were found"), "{command}: {help}");
    }
}

#[test]
fn version_is_the_crate_version() {
    let out = careplan()
        .arg("--version")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!("careplan {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_wrong_command_line_exits_two() {
    careplan().assert().code(2);
    careplan().arg("check").assert().code(2);
    careplan()
        .args(["check", "--lang", "fr", "x.CSV"])
        .assert()
        .code(2);
}

#[test]
fn check_reads_standard_input_and_exits_one_on_an_error() {
    let line = "202407,131001,0000012345,20250320,202504,1310000001,\"Yamada\",250,,20250230,,1000,1100,1,111111,,,\"\",,1310000002,\"A\",,0,1310000001,\r\n";
    let out = careplan()
        .args(["check", "--json", "--stdin-name", NAME, "-"])
        .write_stdin(line)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["schema"], 1);
    assert_eq!(v["files"][0]["problems"][0]["code"], "invalid_date");
    // Without its name, standard input's report points at --stdin-name.
    let err = careplan()
        .args(["check", "--lang", "en", "-"])
        .write_stdin(line)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&err);
    assert!(err.contains("give it with --stdin-name"), "{err}");
}

#[test]
fn lang_defaults_from_the_environment() {
    let line = "202407,131001,0000012345,20250320,202504,1310000001,\"Yamada\",250,,20250230,,1000,1100,1,111111,,,\"\",,1310000002,\"A\",,0,1310000001,\r\n";
    let ja = careplan()
        .env("LANG", "ja_JP.UTF-8")
        .args(["check", "--stdin-name", NAME, "-"])
        .write_stdin(line)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(ja).unwrap().contains("存在しない日付"));
    let en = careplan()
        .args(["check", "--stdin-name", NAME, "-"])
        .write_stdin(line)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(en)
        .unwrap()
        .contains("is not a date in the calendar"));
}

#[test]
fn no_progress_bar_when_standard_error_is_not_a_terminal() {
    let d = std::env::temp_dir().join(format!("careplan-binary-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    let month = d.join("m.zip");
    careplan()
        .args([
            "generate",
            "--users",
            "30",
            "--month",
            "202504",
            month.to_str().unwrap(),
        ])
        .assert()
        .success();
    let err = careplan()
        .args(["check", month.to_str().unwrap()])
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    assert!(err.is_empty(), "{}", String::from_utf8_lossy(&err));
}

/// An endless line on standard input, counting what is read of it.
struct Endless {
    given: usize,
}

impl std::io::Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        buf.fill(b'a');
        self.given += buf.len();
        Ok(buf.len())
    }
}

impl std::io::BufRead for Endless {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        static LINE: [u8; 64 * 1024] = [b'a'; 64 * 1024];
        Ok(&LINE)
    }
    fn consume(&mut self, n: usize) {
        self.given += n;
    }
}

#[test]
fn standard_input_is_streamed_a_line_past_the_record_limit_is_refused_having_read_about_it() {
    // Read whole first, an endless input never ends; a 1 GB line took 1 GB.
    let mut stdin = Endless { given: 0 };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let name = "UPPLAN_202504_1310000001_43_1310000002_11_20250325093000.CSV";
    let args = [
        "careplan",
        "check",
        "--lang",
        "en",
        "--stdin-name",
        name,
        "-",
    ];
    let status = careplan_cli::run(args, &mut stdin, &mut out, &mut err);
    assert_eq!(status, 2, "{}", String::from_utf8_lossy(&err));
    let text = String::from_utf8_lossy(&out).into_owned() + &String::from_utf8_lossy(&err);
    assert!(text.contains("larger than the limit"), "{text}");
    assert!(stdin.given < 20 << 20, "read {} bytes", stdin.given);
}
