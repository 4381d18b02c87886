//! `barakcha batch` at the terminal: Ctrl-C, progress while it runs, a summary at the end.
//! The work itself is the library's [`barakcha::batch`].

use barakcha::batch::{self, BatchReport, Options, Outcome, Status, report};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Runs a batch; returns the exit code: 0 all made, 1 a failure, 130 interrupted.
pub fn run(input: &Path, out: &Path, layout: Option<&Path>, options: Options) -> i32 {
    // A broken --layout would fail every candidate alike: say it once, before starting.
    if let Err(d) = super::load_layout(layout) {
        say!("{d}");
        return 1;
    }
    let jobs = match batch::plan(input, out, layout) {
        Ok(jobs) => jobs,
        Err(d) => {
            say!("{d}");
            return 1;
        }
    };
    let cancel = Arc::new(AtomicBool::new(false));
    stop_on_ctrl_c(&cancel);
    let progress = Progress::new(jobs.len());
    let started = Instant::now();
    let result = batch::run(&jobs, out, options, &cancel, &|o| progress.done(o));
    progress.finish();
    match result {
        Ok(report) => {
            summary(&report, out, started.elapsed());
            exit_code(&report)
        }
        Err(d) => {
            say!("{d}");
            1
        }
    }
}

fn exit_code(report: &BatchReport) -> i32 {
    match report.totals {
        t if t.cancelled > 0 => 130,
        t if t.failed > 0 => 1,
        _ => 0,
    }
}

/// Ctrl-C sets the flag: no new leaflet is started, those in progress are finished and
/// written whole, and the report is written. The process is never killed mid-write.
fn stop_on_ctrl_c(cancel: &Arc<AtomicBool>) {
    let flag = Arc::clone(cancel);
    let installed = ctrlc::set_handler(move || {
        if !flag.swap(true, Ordering::Relaxed) {
            say!("\ninterrupted: finishing the leaflets in progress, starting no more");
        }
    });
    if let Err(e) = installed {
        say!("warning: Ctrl-C will stop the batch abruptly ({e})");
    }
}

/// A progress bar on a terminal; one plain line per leaflet elsewhere (CI, logs).
enum Progress {
    Bar(ProgressBar),
    Lines { total: usize, done: AtomicUsize },
}

impl Progress {
    fn new(total: usize) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress::Lines {
                total,
                done: AtomicUsize::new(0),
            };
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{bar:30} {pos}/{len} leaflets  {rate:.bold}  ETA {eta}  {wide_msg}",
        )
        .expect("the template is valid")
        .with_key("rate", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0}/s", s.per_sec());
        });
        bar.set_style(style);
        Progress::Bar(bar)
    }

    /// Called from any worker when a candidate is finished.
    fn done(&self, o: &Outcome) {
        let failure = o.error.as_ref().map(|e| first_line(&e.text));
        match self {
            Progress::Bar(bar) => {
                if let Some(f) = failure {
                    bar.println(format!("failed: {}: {f}", o.name));
                }
                bar.set_message(o.output.clone());
                bar.inc(1);
            }
            Progress::Lines { total, done } => {
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                match (o.status, failure) {
                    (Status::Cancelled, _) => {}
                    (_, Some(f)) => say!("[{n}/{total}] failed {}: {f}", o.name),
                    (status, None) => say!("[{n}/{total}] {} {}", word(status), o.output),
                }
            }
        }
    }

    fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

fn word(status: Status) -> &'static str {
    match status {
        Status::Rendered => "rendered",
        Status::Unchanged => "unchanged",
        Status::Failed => "failed",
        Status::Cancelled => "cancelled",
    }
}

fn first_line(text: &str) -> &str {
    let line = text.lines().next().unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line)
}

/// The closing lines: counts and rate, then a table of the failures.
fn summary(report: &BatchReport, out: &Path, elapsed: Duration) {
    let t = report.totals;
    let seconds = elapsed.as_secs_f64();
    let cancelled = match t.cancelled {
        0 => String::new(),
        n => format!(", {n} cancelled"),
    };
    let rate = match t.rendered {
        0 => String::new(),
        n => format!(" ({:.1} leaflets/s)", n as f64 / seconds.max(1e-9)),
    };
    say!(
        "{} rendered, {} unchanged, {} failed{cancelled} in {seconds:.2} s{rate}",
        t.rendered,
        t.unchanged,
        t.failed,
    );
    let warned = report
        .candidates
        .iter()
        .filter(|c| !c.warnings.is_empty())
        .count();
    if warned > 0 {
        say!("{warned} leaflets have warnings: see the report");
    }
    let failed: Vec<&Outcome> = report
        .candidates
        .iter()
        .filter(|c| c.status == Status::Failed)
        .collect();
    if !failed.is_empty() {
        say!("\n{}", failure_table(&failed));
    }
    say!("report: {}", out.join(report::FILE_NAME).display());
}

/// Failures as aligned columns: name, where (file:line:col), what.
fn failure_table(failed: &[&Outcome]) -> String {
    let rows: Vec<[String; 3]> = failed
        .iter()
        .map(|o| {
            let e = o.error.as_ref().expect("a failed candidate has an error");
            let place = match (&e.file, e.line, e.column) {
                (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}"),
                (Some(f), _, _) => f.clone(),
                (None, _, _) => "-".to_string(),
            };
            [o.name.clone(), place, e.message.clone()]
        })
        .collect();
    let header = ["FAILED".to_string(), "WHERE".into(), "ERROR".into()];
    let width = |i: usize| {
        rows.iter()
            .chain([&header])
            .map(|r| r[i].chars().count())
            .max()
            .unwrap_or(0)
    };
    let (w0, w1) = (width(0), width(1));
    let line = |r: &[String; 3]| {
        let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w - s.chars().count()));
        format!("  {}  {}  {}", pad(&r[0], w0), pad(&r[1], w1), r[2])
    };
    let mut table = vec![line(&header)];
    table.extend(rows.iter().map(line));
    table.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use barakcha::batch::ErrorRecord;

    #[test]
    fn failures_line_up() {
        let failed = |name: &str, line| Outcome {
            name: name.into(),
            interview: format!("{name}.toml"),
            output: format!("{name}.pdf"),
            status: Status::Failed,
            pages: 0,
            bytes: 0,
            warnings: vec![],
            error: Some(ErrorRecord {
                file: Some(format!("{name}.toml")),
                line,
                column: line,
                message: "bad".into(),
                hints: vec![],
                text: "error: bad".into(),
            }),
            input_hash: None,
        };
        let (a, b) = (failed("Базеян", Some(3)), failed("xy", None));
        let table = failure_table(&[&a, &b]);
        let expected = "  FAILED  WHERE            ERROR\n  \
                        Базеян  Базеян.toml:3:3  bad\n  \
                        xy      xy.toml          bad";
        assert_eq!(table, expected);
    }
}
