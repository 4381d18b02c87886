//! `batch-report.json`: what happened to each candidate. It is also the batch's memory:
//! the next run reads each leaflet's input hash from it to skip what has not changed.

use super::hash::Digest;
use crate::diag::{Diagnostic, Result};
use crate::output::write_atomic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The report's file name inside the output folder.
pub const FILE_NAME: &str = "batch-report.json";

/// The whole batch.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BatchReport {
    /// Format version of this file.
    pub version: u32,
    /// The barakcha version that wrote it.
    pub barakcha: String,
    /// Counts by status.
    pub totals: Totals,
    /// One entry per candidate, in the order of the input (folder order or manifest order).
    pub candidates: Vec<Outcome>,
}

/// How many candidates ended in each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// All candidates.
    pub candidates: usize,
    /// Leaflets written by this run.
    pub rendered: usize,
    /// Leaflets skipped because their inputs had not changed.
    pub unchanged: usize,
    /// Candidates that produced no leaflet.
    pub failed: usize,
    /// Candidates not started because the run was interrupted.
    pub cancelled: usize,
}

/// What happened to one candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The leaflet was rendered and written.
    Rendered,
    /// The existing leaflet was produced from the same inputs, so it was kept.
    Unchanged,
    /// No leaflet: see the error.
    Failed,
    /// Not started: the run was interrupted.
    Cancelled,
}

/// One candidate's line in the report.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Outcome {
    /// The candidate's unique name (the output path without `.pdf`).
    pub name: String,
    /// The interview file.
    pub interview: String,
    /// The leaflet, relative to the output folder.
    pub output: String,
    /// What happened.
    pub status: Status,
    /// Pages of the leaflet (0 when there is none).
    pub pages: usize,
    /// Size of the leaflet in bytes (0 when there is none).
    pub bytes: u64,
    /// Warnings about a leaflet that was produced (low-resolution portrait, …).
    pub warnings: Vec<String>,
    /// Why there is no leaflet, for failed candidates.
    pub error: Option<ErrorRecord>,
    /// FNV-1a 128 of everything the leaflet was made from, when there is one.
    pub input_hash: Option<String>,
}

/// A diagnostic in the report, with its position split out for tools.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorRecord {
    /// The file at fault.
    pub file: Option<String>,
    /// Line, from 1 (absent when the file as a whole is at fault).
    pub line: Option<usize>,
    /// Column in characters, from 1.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hints: Vec<String>,
    /// The whole diagnostic as the command line prints it (`error: file:line:col: …`).
    pub text: String,
}

impl From<&Diagnostic> for ErrorRecord {
    fn from(d: &Diagnostic) -> Self {
        let loc = d.location.as_ref();
        let known = |n: usize| (n > 0).then_some(n);
        ErrorRecord {
            file: loc.map(|l| l.file.to_string_lossy().into_owned()),
            line: loc.and_then(|l| known(l.line)),
            column: loc.and_then(|l| known(l.column)),
            message: d.message.clone(),
            hints: d.hints.clone(),
            text: d.to_string(),
        }
    }
}

impl Outcome {
    /// Whether this entry's input hash is `hash`.
    pub fn made_from(&self, hash: Digest) -> bool {
        self.input_hash.as_deref() == Some(hash.to_string().as_str())
    }
}

impl BatchReport {
    /// A report of outcomes, with its totals counted.
    pub fn new(candidates: Vec<Outcome>) -> BatchReport {
        let mut totals = Totals {
            candidates: candidates.len(),
            ..Totals::default()
        };
        for c in &candidates {
            *match c.status {
                Status::Rendered => &mut totals.rendered,
                Status::Unchanged => &mut totals.unchanged,
                Status::Failed => &mut totals.failed,
                Status::Cancelled => &mut totals.cancelled,
            } += 1;
        }
        BatchReport {
            version: 1,
            barakcha: env!("CARGO_PKG_VERSION").to_string(),
            totals,
            candidates,
        }
    }

    /// Writes the report into the output folder (atomically).
    pub fn write(&self, out_dir: &Path) -> Result<()> {
        let mut json = serde_json::to_vec_pretty(self).expect("the report is plain data");
        json.push(b'\n');
        write_atomic(&out_dir.join(FILE_NAME), &json)
    }
}

/// The previous run's leaflets that exist with a known input hash, by output path.
/// A missing or unreadable report means nothing is known: everything is rendered.
pub fn previous(out_dir: &Path) -> BTreeMap<String, Outcome> {
    let Ok(bytes) = std::fs::read(out_dir.join(FILE_NAME)) else {
        return BTreeMap::new();
    };
    let Ok(report) = serde_json::from_slice::<BatchReport>(&bytes) else {
        return BTreeMap::new();
    };
    report
        .candidates
        .into_iter()
        .filter(|c| c.input_hash.is_some() && c.bytes > 0)
        .map(|c| (c.output.clone(), c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    #[test]
    fn errors_keep_their_position() {
        let s = Source::new("c/a.toml", "x = 1\ny = 2\n");
        let d = Diagnostic::at(&s, 6..7, "bad y").hint("remove it");
        let e = ErrorRecord::from(&*d);
        assert_eq!(e.file.as_deref(), Some("c/a.toml"));
        assert_eq!((e.line, e.column), (Some(2), Some(1)));
        assert_eq!(
            e.text,
            "error: c/a.toml:2:1: bad y\n  |\n2 | y = 2\n  | ^\n  |\n  = hint: remove it"
        );
        let whole = ErrorRecord::from(&*Diagnostic::in_file(Path::new("p.jpg"), "corrupt"));
        assert_eq!((whole.line, whole.column), (None, None));
    }

    #[test]
    fn counts_and_reads_back() {
        let outcome = |name: &str, status, hash: Option<&str>| Outcome {
            name: name.into(),
            interview: format!("{name}.toml"),
            output: format!("{name}.pdf"),
            status,
            pages: 2,
            bytes: 10,
            warnings: vec![],
            error: None,
            input_hash: hash.map(String::from),
        };
        let report = BatchReport::new(vec![
            outcome("a", Status::Rendered, Some("01")),
            outcome("b", Status::Failed, None),
            outcome("c", Status::Unchanged, Some("02")),
        ]);
        assert_eq!((report.totals.rendered, report.totals.failed), (1, 1));
        let dir = std::env::temp_dir().join(format!("barakcha-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        report.write(&dir).unwrap();
        let known: Vec<String> = previous(&dir).into_keys().collect();
        assert_eq!(known, ["a.pdf", "c.pdf"]);
        std::fs::write(dir.join(FILE_NAME), "not json").unwrap();
        assert!(previous(&dir).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
