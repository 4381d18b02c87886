//! Watching the inputs: notify on the files' folders (editors that save by writing a
//! new file and renaming it over the old one replace the file's inode, so a watch on
//! the file itself would go deaf after the first save), events gathered for a few tens
//! of milliseconds so that one save (write, rename, chmod) is one rebuild.

use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// How long events are gathered after the first one: a save by rename is a few events
/// within a millisecond or two, and this wait is part of every save's latency.
pub const GATHER: Duration = Duration::from_millis(20);

/// Watches a set of files through their folders.
pub struct Watcher {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    folders: BTreeSet<PathBuf>,
    files: BTreeSet<PathBuf>,
}

impl Watcher {
    /// A watcher with nothing watched yet.
    pub fn new() -> notify::Result<Watcher> {
        let (tx, events) = channel();
        let watcher = notify::recommended_watcher(move |e| {
            // The loop may have ended; a lost event then matters to no one.
            let _ = tx.send(e);
        })?;
        Ok(Watcher {
            watcher,
            events,
            folders: BTreeSet::new(),
            files: BTreeSet::new(),
        })
    }

    /// Watches exactly `files` (their folders, not recursively) from now on.
    pub fn set(&mut self, files: &[PathBuf]) -> notify::Result<()> {
        self.files = files.iter().map(|f| absolute(f)).collect();
        let wanted: BTreeSet<PathBuf> = self
            .files
            .iter()
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        for gone in self.folders.difference(&wanted) {
            let _ = self.watcher.unwatch(gone);
        }
        for new in wanted.difference(&self.folders) {
            self.watcher.watch(new, RecursiveMode::NonRecursive)?;
        }
        self.folders = wanted;
        Ok(())
    }

    /// Waits for a change to a watched file; returns the files changed in one gathering
    /// and when the first event came (the save, for the latency figure), or `None` when
    /// the watcher has stopped.
    pub fn next(&self) -> Option<(Vec<PathBuf>, Instant)> {
        let mut changed = BTreeSet::new();
        let mut first = Instant::now();
        while changed.is_empty() {
            let event = self.events.recv().ok()?;
            first = Instant::now();
            self.collect(event, &mut changed);
        }
        let deadline = first + GATHER;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.events.recv_timeout(left) {
                Ok(event) => self.collect(event, &mut changed),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        Some((changed.into_iter().collect(), first))
    }

    fn collect(&self, event: notify::Result<Event>, changed: &mut BTreeSet<PathBuf>) {
        let Ok(event) = event else { return };
        if event.kind.is_access() {
            return;
        }
        for path in event.paths {
            if self.files.contains(&path) {
                changed.insert(path);
            }
        }
    }
}

/// The path made absolute (notify reports absolute paths), without resolving links.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
