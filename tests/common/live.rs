//! Running `watch` and `serve` as a person would: a child process, its stderr read line
//! by line, files saved by writing a new file and renaming it over the old one.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// A running `barakcha` command, killed when dropped.
pub struct Running {
    /// The process.
    pub child: Child,
    /// Its stderr, a line at a time.
    pub lines: Receiver<String>,
}

impl Running {
    /// Starts `barakcha ARGS…` with stderr piped: this build's binary, or the one
    /// `BARAKCHA_BIN` names (a release build, for the README's 500-rebuild figure).
    pub fn start(args: &[&str]) -> Running {
        let binary = std::env::var_os("BARAKCHA_BIN")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_barakcha").into());
        let mut child = Command::new(binary)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start barakcha");
        let (tx, lines) = channel();
        let stderr = child.stderr.take().expect("piped stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running { child, lines }
    }

    /// Waits (up to `secs`) for a stderr line containing `text`; the lines read on the way.
    pub fn wait_for(&self, text: &str, secs: u64) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let found = line.contains(text);
                    seen.push(line);
                    if found {
                        return seen;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no line with `{text}` within {secs} s; stderr so far:\n{}",
            seen.join("\n")
        );
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Saves `text` to `path` as many editors do: a new file renamed over the old one.
pub fn save_by_rename(path: &Path, text: &str) {
    let tmp = path.with_extension("toml.swp");
    std::fs::write(&tmp, text).expect("write the new file");
    std::fs::rename(&tmp, path).expect("rename it over the old one");
}

/// Replaces the interview's headline line.
pub fn with_headline(text: &str, headline: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with("headline =") {
                format!("headline = \"{headline}\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The number of lines `barakcha render` sets for `interview`, from its report.
pub fn rendered_lines(interview: &Path) -> u64 {
    let dir = interview.parent().expect("a folder");
    let (pdf, report) = (dir.join("reference.pdf"), dir.join("reference.json"));
    super::render(interview, &pdf, &["--report", report.to_str().unwrap()]);
    super::json(&report)["totals"]["lines"]
        .as_u64()
        .expect("totals.lines")
}
