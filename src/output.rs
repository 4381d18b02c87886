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
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Diagnostic::in_file(path, format!("cannot write the output: {e}"))
            .hint("check that the folder exists and is writable")
    })
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
        let err = write_atomic(&dir.join("missing/b.pdf"), b"x").unwrap_err();
        assert!(err.message.contains("cannot write"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
