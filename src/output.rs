//! Writing output files safely: a reader never sees a half-written PDF.

use crate::diag::{Diagnostic, Result};
use std::path::{Path, PathBuf};

/// Writes through a temporary file in the same folder and renames it into place,
/// so a reader never sees a half-written file and a failure leaves nothing behind.
/// Only a regular file is ever replaced: a device, FIFO, socket or folder in the way is
/// an error. A symbolic link is written through: the file it points to is replaced (in
/// its own folder, atomically) and the link stays, so no link, `/dev/stdout` included,
/// is ever turned into a file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let target = resolve(path)?;
    let path = target.as_path();
    let (dir, name) = dir_and_name(path);
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|()| replace(&tmp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Diagnostic::in_file(path, format!("cannot write the output: {e}"))
            .hint("check that the folder exists and is writable")
    })
}

fn dir_and_name(path: &Path) -> (&Path, String) {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, name)
}

/// The file an output path writes: itself, or what its symbolic link points to. It
/// must be a regular file or nothing yet: as root, renaming over `/dev/null` would
/// replace the device node itself.
fn resolve(path: &Path) -> Result<PathBuf> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(path.to_path_buf());
    };
    let (target, kind) = if meta.file_type().is_symlink() {
        let target = std::fs::canonicalize(path).map_err(|_| {
            Diagnostic::in_file(
                path,
                "will not write here: it is a symbolic link to nothing",
            )
            .hint("remove the link, or make it point to a file")
        })?;
        let kind = std::fs::metadata(&target)
            .map_err(|e| Diagnostic::in_file(path, format!("cannot write the output: {e}")))?
            .file_type();
        (target, kind)
    } else {
        (path.to_path_buf(), meta.file_type())
    };
    if kind.is_file() {
        return Ok(target);
    }
    Err(Diagnostic::in_file(
        path,
        format!(
            "will not write here: it is {}, and barakcha writes only regular files",
            crate::source::describe(kind)
        ),
    )
    .hint("give a file name for the output, e.g. -o leaflet.pdf"))
}

/// Refuses to run when an output would replace one of the run's inputs (the interview,
/// its portrait, the layout, a font …) or another of its outputs. Files are compared by
/// device and inode, so `./x.toml`, `x.toml`, a hard link and a symbolic link to it
/// are one file (a link is written through).
pub fn refuse_inputs_as_outputs(outputs: &[&Path], inputs: &[PathBuf]) -> Result<()> {
    for (i, out) in outputs.iter().enumerate() {
        let id = identity(out, true);
        let clash = inputs
            .iter()
            .find(|p| id.is_some() && identity(p, true) == id);
        if let Some(input) = clash {
            return Err(Diagnostic::in_file(
                out,
                format!(
                    "will not write the output over {}, an input of this run",
                    input.display()
                ),
            )
            .hint("choose another output path (-o, --report, --dump)"));
        }
        if outputs[..i].iter().any(|o| same_place(o, out)) {
            return Err(
                Diagnostic::in_file(out, "two outputs of this run are the same file")
                    .hint("give -o, --report and --dump different paths"),
            );
        }
    }
    Ok(())
}

/// Whether two output paths name the same place: the same file if one exists, else the
/// same name in the same folder.
fn same_place(a: &Path, b: &Path) -> bool {
    if let (Some(x), Some(y)) = (identity(a, true), identity(b, true)) {
        return x == y;
    }
    let place = |p: &Path| {
        let (dir, name) = dir_and_name(p);
        (std::fs::canonicalize(dir).ok(), name)
    };
    let (pa, pb) = (place(a), place(b));
    pa.0.is_some() && pa == pb
}

/// Device and inode of a file, following a symbolic link or not.
fn identity(path: &Path, follow: bool) -> Option<(u64, u64)> {
    let meta = if follow {
        std::fs::metadata(path)
    } else {
        std::fs::symlink_metadata(path)
    }
    .ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        std::fs::canonicalize(path).ok().map(|p| (0, fxhash(&p)))
    }
}

#[cfg(not(unix))]
fn fxhash(p: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    p.hash(&mut h);
    h.finish()
}

/// Removes temporary files that an earlier, killed run left beside `path`
/// (`.NAME.PID.tmp`, our naming only), when the process that made them is gone.
pub fn remove_stale_temporaries(path: &Path) {
    let (dir, name) = dir_and_name(path);
    sweep(dir, Some(&format!(".{name}")));
}

/// Removes every stale temporary of our naming in `dir` (a batch's output folders).
pub fn remove_stale_temporaries_in(dir: &Path) {
    sweep(dir, None);
}

/// Removes `STEM.PID.tmp` files (STEM starting with a dot, and equal to `stem` when
/// given) whose PID names no running process.
fn sweep(dir: &Path, stem: Option<&str>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some((found, pid)) = file
            .to_str()
            .and_then(|f| f.strip_suffix(".tmp"))
            .and_then(|f| f.rsplit_once('.'))
        else {
            continue;
        };
        let ours = found.starts_with('.') && stem.is_none_or(|s| s == found);
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if ours && pid != std::process::id() && !process_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a process is running (Linux's /proc); elsewhere assumed, so nothing is removed.
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Moves `tmp` to `path` in one step. Where the system can, the two files swap places and
/// the old one is removed after: renaming over an existing file makes ext4 start writing
/// the new one out at once (its `auto_da_alloc`), which took half a millisecond, as long
/// as the rest of writing a leaflet. A reader sees the old file or the new one, never
/// neither, in both ways.
fn replace(tmp: &Path, path: &Path) -> std::io::Result<()> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use nix::fcntl::{AT_FDCWD, RenameFlags, renameat2};
        // Only ever swap with a file: a folder in the way must stay an error, not move.
        let file = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file());
        if file && renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RenameFlags::RENAME_EXCHANGE).is_ok() {
            // `tmp` is now the old file; should removing it fail, the new one is in place.
            let _ = std::fs::remove_file(tmp);
            return Ok(());
        }
        // No file to swap with yet, or a file system without exchange: rename.
    }
    std::fs::rename(tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_leaves_no_temporary_behind() {
        let dir = std::env::temp_dir().join(format!("barakcha-out-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.pdf");
        write_atomic(&p, b"%PDF-1.6").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"%PDF-1.6");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        // Over an existing file: the new bytes, and still no temporary left.
        write_atomic(&p, b"%PDF-1.7 again").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"%PDF-1.7 again");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        let err = write_atomic(&dir.join("missing/b.pdf"), b"x").unwrap_err();
        assert!(err.message.contains("cannot write"), "{err}");
        // A folder where the file should go is an error, and the folder stays.
        let folder = dir.join("c.pdf");
        std::fs::create_dir(&folder).unwrap();
        assert!(write_atomic(&folder, b"x").is_err());
        assert!(folder.is_dir());
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn devices_and_inputs_are_never_replaced() {
        let err = write_atomic(Path::new("/dev/null"), b"x").unwrap_err();
        assert!(err.message.contains("it is a device"), "{err}");
        let dir = std::env::temp_dir().join(format!("barakcha-inputs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join("x.toml");
        std::fs::write(&input, b"lang = 1").unwrap();
        let same = dir.join(".").join("x.toml");
        let err = refuse_inputs_as_outputs(&[&same], std::slice::from_ref(&input)).unwrap_err();
        assert!(err.message.contains("an input of this run"), "{err}");
        let out = dir.join("a.pdf");
        std::fs::write(&out, b"old").unwrap();
        let err =
            refuse_inputs_as_outputs(&[&out, &out], std::slice::from_ref(&input)).unwrap_err();
        assert!(err.message.contains("same file"), "{err}");
        // A link is written through: the link stays, its file gets the bytes; a link to
        // a device is refused like the device.
        #[cfg(unix)]
        {
            let link = dir.join("link.pdf");
            std::os::unix::fs::symlink(&out, &link).unwrap();
            write_atomic(&link, b"new").unwrap();
            assert!(
                std::fs::symlink_metadata(&link)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            assert_eq!(std::fs::read(&out).unwrap(), b"new");
            let err = refuse_inputs_as_outputs(&[&link], std::slice::from_ref(&out)).unwrap_err();
            assert!(err.message.contains("an input of this run"), "{err}");
            let null = dir.join("null.pdf");
            std::os::unix::fs::symlink("/dev/null", &null).unwrap();
            let err = write_atomic(&null, b"x").unwrap_err();
            assert!(err.message.contains("it is a device"), "{err}");
            assert!(
                std::fs::symlink_metadata(&null)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            std::fs::remove_file(&link).unwrap();
            std::fs::remove_file(&null).unwrap();
        }
        // A stale temporary of a process that is gone goes; ours stays until renamed.
        let stale = dir.join(".a.pdf.4294967290.tmp");
        std::fs::write(&stale, b"half").unwrap();
        remove_stale_temporaries(&out);
        assert!(!stale.exists());
        assert!(out.exists() && input.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
