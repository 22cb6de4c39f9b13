//! What the command-line tests share: running the `livesim` binary (a panic fails the test), and scratch files and folders removed on drop.
// Each test crate uses a part of this module.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one invocation printed, and how it exited.
pub struct Ran {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary with `args` and no input.
pub fn livesim(args: &[&str]) -> Ran {
    run(args, None)
}

/// Runs the binary with `args` and `input` on standard input.
pub fn livesim_with_stdin(args: &[&str], input: &str) -> Ran {
    run(args, Some(input))
}

/// Runs the binary with `args` and, if given, `input` on standard input.
pub fn run(args: &[&str], input: Option<&str>) -> Ran {
    let mut child = Command::new(env!("CARGO_BIN_EXE_livesim"))
        .args(args)
        .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("RUST_BACKTRACE")
        .spawn()
        .expect("the binary starts");
    if let Some(input) = input {
        // The binary may refuse the command line without reading its input.
        let _ = child.stdin.take().expect("piped").write_all(input.as_bytes());
    }
    let out = child.wait_with_output().expect("the binary ends");
    let what = args.join(" ");
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
    assert_no_panic(&what, &stdout, &stderr);
    assert_ne!(out.status.code(), Some(101), "`livesim {what}` exited as a panic does:\n{stderr}");
    Ran { code: out.status.code(), stdout, stderr }
}

/// Fails if `livesim WHAT` printed a panic on either stream.
pub fn assert_no_panic(what: &str, stdout: &str, stderr: &str) {
    for text in [stdout, stderr] {
        assert!(
            !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
            "`livesim {what}` printed a panic:\n{text}"
        );
    }
}

/// Runs `args` and expects exit 0.
pub fn succeeds(args: &[&str]) -> Ran {
    let ran = livesim(args);
    assert_eq!(ran.code, Some(0), "`livesim {}` failed:\n{}", args.join(" "), ran.stderr);
    ran
}

/// `livesim ARGS` is refused with exit 2, nothing on stdout and a message containing every `needles`.
pub fn refused(args: &[&str], needles: &[&str]) {
    let ran = livesim(args);
    assert_eq!(ran.code, Some(2), "`livesim {}` should exit 2; stderr:\n{}", args.join(" "), ran.stderr);
    assert!(ran.stdout.is_empty(), "nothing on stdout: {}", ran.stdout);
    for needle in needles {
        assert!(ran.stderr.contains(needle), "stderr should mention {needle:?}:\n{}", ran.stderr);
    }
}

/// A file in the temp directory, named after the process and `name`, removed on drop.
pub struct TempFile(PathBuf);

impl TempFile {
    /// The path, with nothing there yet.
    pub fn new(name: &str) -> TempFile {
        let path = std::env::temp_dir().join(format!("livesim-{}-{name}", std::process::id()));
        let _ = std::fs::remove_file(&path);
        TempFile(path)
    }

    pub fn with_text(name: &str, text: &str) -> TempFile {
        let file = TempFile::new(name);
        std::fs::write(&file.0, text).expect("the temp directory is writable");
        file
    }

    /// `doc` on one line.
    pub fn with_json(name: &str, doc: &serde_json::Value) -> TempFile {
        TempFile::with_text(name, &doc.to_string())
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn arg(&self) -> &str {
        self.0.to_str().expect("temp paths are UTF-8")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A scratch folder in the temp directory, emptied at the start, removed on drop.
pub struct Dir(PathBuf);

impl Dir {
    pub fn new(name: &str) -> Dir {
        let dir = std::env::temp_dir().join(format!("livesim-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the temp directory is writable");
        Dir(dir)
    }

    /// The path of `name` inside it.
    pub fn file(&self, name: &str) -> String {
        self.0.join(name).to_str().expect("temp paths are UTF-8").to_string()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
