//! `barakcha batch`: many interviews in, one leaflet each out, on every core.
//!
//! The stages, each a call below: [`plan`] (a folder is searched by [`discover`], a
//! manifest read by [`manifest`]; every candidate gets a unique output name) → [`run`]:
//! one [`Engine`] per distinct layout, loaded once and shared by the workers; each
//! candidate parsed, hashed ([`hash`]) and skipped when its leaflet was made from the
//! same inputs, else rendered and written atomically; → [`report`] (`batch-report.json`).
//! Nothing here prints: progress goes to a callback, and the caller decides how to show it.

pub mod discover;
pub mod hash;
pub mod manifest;
pub mod report;

use crate::Engine;
use crate::diag::{Diagnostic, Result};
use crate::interview::{Interview, LoadOptions};
use crate::layout::Layout;
use crate::output::write_atomic;
use crate::profile::PrintProfile;
use crate::source::Source;
use hash::{Digest, InputHash};
use rayon::prelude::*;
pub use report::{BatchReport, ErrorRecord, Outcome, Status, Totals};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// One leaflet to make.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Unique name: the output path inside the output folder, without `.pdf`.
    pub name: String,
    /// The interview file.
    pub interview: PathBuf,
    /// The layout file; the built-in layout when `None`.
    pub layout: Option<PathBuf>,
    /// A print run replacing the interview's own.
    pub print_run: Option<u64>,
}

impl Job {
    /// The leaflet's path relative to the output folder.
    pub fn output(&self) -> String {
        format!("{}.pdf", self.name)
    }
}

/// How to run a batch.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Worker threads; 0 for one per core.
    pub threads: usize,
    /// Render every leaflet, even those whose inputs have not changed.
    pub force: bool,
    /// The print profile for every leaflet; the built-in default when `None`.
    pub profile: Option<PrintProfile>,
    /// Let portraits be anywhere, not only in their interview's folder or below.
    pub allow_outside_paths: bool,
}

/// The jobs of a batch: every interview under a folder, or the candidates of a manifest
/// file. `layout` is used for candidates that name none (the built-in one when `None`).
pub fn plan(input: &Path, out_dir: &Path, layout: Option<&Path>) -> Result<Vec<Job>> {
    let meta = std::fs::metadata(input).map_err(|e| {
        Diagnostic::in_file(input, format!("cannot read the batch input: {e}"))
            .hint("give a folder of interviews or a manifest file with [[candidate]] tables")
    })?;
    if meta.is_dir() {
        plan_folder(input, out_dir, layout)
    } else {
        plan_manifest(input, layout)
    }
}

fn plan_folder(root: &Path, out_dir: &Path, layout: Option<&Path>) -> Result<Vec<Job>> {
    let found = discover::interviews(root, out_dir)?;
    if found.is_empty() {
        return Err(
            Diagnostic::in_file(root, "the folder holds no interview files")
                .hint("interviews are *.toml files, in this folder or its subfolders"),
        );
    }
    let names = discover::unique_names(&found, &BTreeSet::new());
    let jobs = found.iter().zip(names).map(|(rel, name)| Job {
        name,
        interview: root.join(rel),
        layout: layout.map(PathBuf::from),
        print_run: None,
    });
    Ok(jobs.collect())
}

fn plan_manifest(path: &Path, layout: Option<&Path>) -> Result<Vec<Job>> {
    let source = Source::read(path)
        .map_err(|e| Diagnostic::in_file(path, format!("cannot read the manifest: {e}")))?;
    let entries = manifest::parse(&source)?;
    let taken: BTreeSet<String> = entries.iter().filter_map(|e| e.output.clone()).collect();
    let unnamed: Vec<PathBuf> = entries
        .iter()
        .filter(|e| e.output.is_none())
        .map(|e| e.written.clone())
        .collect();
    let mut names = discover::unique_names(&unnamed, &taken).into_iter();
    let jobs = entries.into_iter().map(|e| Job {
        name: e
            .output
            .unwrap_or_else(|| names.next().expect("one name per unnamed entry")),
        interview: e.interview,
        layout: e.layout.or_else(|| layout.map(PathBuf::from)),
        print_run: e.print_run,
    });
    Ok(jobs.collect())
}

/// Renders every job into `out_dir` and writes `batch-report.json` there.
///
/// Runs on a pool of `options.threads` workers. A candidate that fails is reported and
/// the others go on. Once `cancel` is set no new leaflet is started: those in progress
/// are finished, the rest are reported as cancelled. `on_done` sees each outcome as it
/// comes (from any worker); the report lists them in job order. The error side is only
/// for what stops the whole batch: an output folder that cannot be written.
pub fn run(
    jobs: &[Job],
    out_dir: &Path,
    options: Options,
    cancel: &AtomicBool,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> Result<BatchReport> {
    prepare_folders(jobs, out_dir)?;
    let worker = Worker {
        out_dir,
        engines: load_engines(jobs, options.profile.as_ref()),
        previous: report::previous(out_dir),
        force: options.force,
        cancel,
        load: LoadOptions {
            allow_outside_paths: options.allow_outside_paths,
        },
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start the worker threads: {e}")))?;
    let outcomes = pool.install(|| {
        jobs.par_iter()
            .map(|job| {
                let outcome = worker.run(job);
                on_done(&outcome);
                outcome
            })
            .collect()
    });
    let report = BatchReport::new(outcomes);
    report.write(out_dir)?;
    Ok(report)
}

/// Creates the output folder and the subfolders that outputs name.
fn prepare_folders(jobs: &[Job], out_dir: &Path) -> Result<()> {
    let folders: BTreeSet<PathBuf> = jobs
        .iter()
        .filter_map(|j| out_dir.join(j.output()).parent().map(PathBuf::from))
        .chain([out_dir.to_path_buf()])
        .collect();
    for f in folders {
        std::fs::create_dir_all(&f).map_err(|e| {
            Diagnostic::in_file(&f, format!("cannot create the output folder: {e}"))
        })?;
        crate::output::remove_stale_temporaries_in(&f);
    }
    Ok(())
}

/// An engine with the hash of what it was loaded from.
struct Loaded {
    engine: Engine,
    key: Digest,
}

/// One engine per distinct layout, loaded before any work starts; a layout that fails
/// to load fails only the candidates that use it.
fn load_engines(
    jobs: &[Job],
    profile: Option<&PrintProfile>,
) -> BTreeMap<Option<PathBuf>, Result<Loaded>> {
    let layouts: BTreeSet<Option<&PathBuf>> = jobs.iter().map(|j| j.layout.as_ref()).collect();
    layouts
        .into_iter()
        .map(|l| (l.cloned(), load_engine(l.map(PathBuf::as_path), profile)))
        .collect()
}

fn load_engine(path: Option<&Path>, profile: Option<&PrintProfile>) -> Result<Loaded> {
    let layout = match path {
        Some(p) => Layout::load(p)?,
        None => Layout::builtin(),
    };
    let profile = profile
        .cloned()
        .unwrap_or_else(PrintProfile::builtin_default);
    let engine = Engine::with_print(layout, profile)?;
    let key = engine_key(&engine);
    Ok(Loaded { engine, key })
}

/// The hash of what every leaflet of an engine shares: our version (it covers the
/// bundled fonts and hyphenation patterns), the layout's text, its font files, its
/// hyphenation exceptions file, and the print profile (its text, overrides and ICC file).
fn engine_key(engine: &Engine) -> Digest {
    let layout = &engine.layout;
    let mut h = InputHash::new();
    h.field(env!("CARGO_PKG_VERSION").as_bytes());
    // The layout and every layout it extends.
    for text in layout.texts() {
        h.field(text.as_bytes());
    }
    for (_, font) in engine.fonts.iter() {
        h.field(font.origin.as_bytes());
        if !font.origin.starts_with("bundled:") {
            h.field(&font.data);
        }
    }
    if let Some(file) = &layout.hyphenation.exceptions {
        let dir = layout.source.path.parent().unwrap_or(Path::new("."));
        // Unreadable: hashed as empty; the render reports it if it reads the file.
        h.field(
            &Source::read(&dir.join(file))
                .map(|s| s.text)
                .unwrap_or_default()
                .into_bytes(),
        );
    }
    let profile = &engine.profile;
    h.field(profile.name.as_bytes())
        .field(profile.source.text.as_bytes())
        .field(&profile.icc);
    for o in &profile.overrides {
        h.field(o.as_bytes());
    }
    h.finish()
}

/// What every worker shares.
struct Worker<'a> {
    out_dir: &'a Path,
    engines: BTreeMap<Option<PathBuf>, Result<Loaded>>,
    previous: BTreeMap<String, Outcome>,
    force: bool,
    cancel: &'a AtomicBool,
    load: LoadOptions,
}

impl Worker<'_> {
    /// One candidate, start to finish; never fails: a failure is an outcome.
    fn run(&self, job: &Job) -> Outcome {
        let output = job.output();
        let previous = self.previous.get(&output);
        let mut outcome = Outcome {
            name: job.name.clone(),
            interview: job.interview.to_string_lossy().into_owned(),
            output,
            status: Status::Cancelled,
            pages: 0,
            bytes: 0,
            warnings: vec![],
            error: None,
            input_hash: None,
        };
        if self.cancel.load(Ordering::Relaxed) {
            // The leaflet on disk, if any, is still the one the old hash describes.
            if let Some(p) = previous {
                outcome.input_hash.clone_from(&p.input_hash);
                (outcome.pages, outcome.bytes) = (p.pages, p.bytes);
            }
            return outcome;
        }
        match self.make(job, &mut outcome, previous) {
            Ok(status) => outcome.status = status,
            Err(d) => {
                outcome.status = Status::Failed;
                outcome.error = Some(ErrorRecord::from(&*d));
                if self.out_dir.join(&outcome.output).exists() {
                    outcome.warnings.push(format!(
                        "{} is left from an earlier run: it does not match the current inputs",
                        outcome.output
                    ));
                }
            }
        }
        outcome
    }

    /// Loads, hashes, and renders unless the existing leaflet was made from the same inputs.
    fn make(&self, job: &Job, outcome: &mut Outcome, previous: Option<&Outcome>) -> Result<Status> {
        let loaded = match self.engines.get(&job.layout) {
            Some(Ok(loaded)) => loaded,
            Some(Err(d)) => return Err(d.clone()),
            None => unreachable!("load_engines loads every job's layout"),
        };
        let (interview, hash) = load(job, loaded.key, self.load)?;
        let target = self.out_dir.join(&outcome.output);
        let inputs: Vec<PathBuf> = std::iter::once(job.interview.clone())
            .chain(interview.portrait.as_ref().map(|p| p.path.clone()))
            .collect();
        crate::output::refuse_inputs_as_outputs(&[&target], &inputs)?;
        let on_disk = std::fs::metadata(&target).ok().map(|m| m.len());
        if let Some(p) = previous.filter(|p| !self.force && p.made_from(hash)) {
            if on_disk == Some(p.bytes) {
                (outcome.pages, outcome.bytes) = (p.pages, p.bytes);
                outcome.warnings.clone_from(&p.warnings);
                outcome.input_hash = Some(hash.to_string());
                return Ok(Status::Unchanged);
            }
        }
        let rendered = loaded.engine.render(&interview).map_err(|f| f.diagnostic)?;
        write_atomic(&target, &rendered.pdf)?;
        outcome.pages = rendered.report.pages;
        outcome.bytes = rendered.pdf.len() as u64;
        outcome.warnings = rendered.report.warnings;
        outcome.input_hash = Some(hash.to_string());
        Ok(Status::Rendered)
    }
}

/// Reads and parses a job's interview, and hashes everything its leaflet is made from:
/// the engine's key, the interview's bytes, the print run override and the portrait's bytes.
fn load(job: &Job, key: Digest, options: LoadOptions) -> Result<(Interview, Digest)> {
    let path = &job.interview;
    let unreadable = |e: &dyn std::fmt::Display| {
        Diagnostic::in_file(path, format!("cannot read the interview: {e}"))
    };
    let bytes =
        crate::source::read_bytes(path, crate::source::limits::TEXT).map_err(|e| unreadable(&e))?;
    let mut h = InputHash::new();
    h.field(&key.0.to_le_bytes()).field(&bytes);
    let text = String::from_utf8(bytes).map_err(|e| unreadable(&e))?;
    let mut interview = Interview::parse_with(Source::new(path, text), options)?;
    if let Some(n) = job.print_run {
        interview.set_print_run(n);
        h.field(&n.to_le_bytes());
    } else {
        h.field(b"");
    }
    if let Some(p) = &mut interview.portrait {
        // Read once: hashed here, decoded by the render. Unreadable: the render reports
        // it with its own message, so the hash is never used.
        p.bytes = crate::source::read_bytes(&p.path, crate::source::limits::IMAGE).ok();
        h.field(p.bytes.as_deref().unwrap_or_default());
    }
    Ok((interview, h.finish()))
}

#[cfg(test)]
mod tests;
