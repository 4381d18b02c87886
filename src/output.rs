//! Writing output files safely: a reader never sees a half-written PDF.

use crate::diag::{Diagnostic, Result};
use std::path::Path;

/// Writes through a temporary file in the same folder and renames it into place,
/// so a reader never sees a half-written file and a failure leaves nothing behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|()| replace(&tmp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Diagnostic::in_file(path, format!("cannot write the output: {e}"))
            .hint("check that the folder exists and is writable")
    })
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
}
