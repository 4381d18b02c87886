//! Finding the interviews in a folder, and naming each leaflet after its interview.

use crate::diag::{Diagnostic, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// Every interview file under `root`, as paths relative to it, in a fixed order.
///
/// An interview is any `*.toml` file, except hidden files and folders (`.git`, our own
/// sidecars), the folder `skip` (the output folder, when it lies inside the input),
/// and TOML files that are plainly something else: a layout (a `[sheet]` table) or a
/// batch manifest (`[[candidate]]` tables). A broken interview is still an interview,
/// so that it fails with its own message rather than vanish from the batch.
pub fn interviews(root: &Path, skip: &Path) -> Result<Vec<PathBuf>> {
    let skip = std::fs::canonicalize(skip).ok();
    let mut found = Vec::new();
    walk(root, Path::new(""), skip.as_deref(), &mut found)?;
    Ok(found)
}

fn walk(root: &Path, rel: &Path, skip: Option<&Path>, found: &mut Vec<PathBuf>) -> Result<()> {
    let dir = root.join(rel);
    let unreadable =
        |e: std::io::Error| Diagnostic::in_file(&dir, format!("cannot read the folder: {e}"));
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        entries.push(entry.file_name());
    }
    // read_dir's order depends on the file system: sort so names and reports are stable.
    entries.sort();
    for name in entries {
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let rel = rel.join(&name);
        let path = root.join(&rel);
        // symlink_metadata: a linked folder is not followed (no cycles); a linked file is read.
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if skip.is_none_or(|s| std::fs::canonicalize(&path).ok().as_deref() != Some(s)) {
                walk(root, &rel, skip, found)?;
            }
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
            && !is_other_toml(&path)
        {
            found.push(rel);
        }
    }
    Ok(())
}

/// Whether a TOML file is a layout or a manifest rather than an interview.
fn is_other_toml(path: &Path) -> bool {
    let Ok(crate::source::Source { text, .. }) = crate::source::Source::read(path) else {
        return false;
    };
    let Ok(doc) = toml::de::DeTable::parse(&text) else {
        return false;
    };
    let doc = doc.get_ref();
    let is_table = |key: &str| {
        doc.get(key)
            .is_some_and(|v| matches!(v.get_ref(), toml::de::DeValue::Table(_)))
    };
    let is_array = |key: &str| {
        doc.get(key)
            .is_some_and(|v| matches!(v.get_ref(), toml::de::DeValue::Array(_)))
    };
    is_table("sheet") || is_table("page") || is_array("candidate")
}

/// Unique, stable output names (without `.pdf`) for interview paths, given relative to
/// the input folder. `taken` holds names already in use (a manifest's explicit outputs).
///
/// A file named `interview.toml` is named after its folder (`bazeyan/interview.toml` →
/// `bazeyan`), any other after its stem (`bazeyan.toml` → `bazeyan`). Names that clash
/// (ignoring case, as some file systems do) use their whole relative path instead
/// (`2021/bazeyan`, `2024/bazeyan` → `2021-bazeyan`, `2024-bazeyan`); what still clashes
/// gets `-2`, `-3`… in the given order.
pub fn unique_names(paths: &[PathBuf], taken: &BTreeSet<String>) -> Vec<String> {
    let short: Vec<String> = paths.iter().map(|p| short_name(p)).collect();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for name in short.iter().chain(taken) {
        *count.entry(name.to_lowercase()).or_default() += 1;
    }
    let mut used: BTreeSet<String> = taken.iter().map(|n| n.to_lowercase()).collect();
    let mut out = Vec::with_capacity(paths.len());
    for (path, short) in paths.iter().zip(short) {
        let base = if count[&short.to_lowercase()] > 1 {
            long_name(path)
        } else {
            short
        };
        let mut name = base.clone();
        let mut n = 1;
        while !used.insert(name.to_lowercase()) {
            n += 1;
            name = format!("{base}-{n}");
        }
        out.push(name);
    }
    out
}

/// The parts of a relative path that name a candidate: `..`, `.` and the root dropped,
/// the extension removed, and a final `interview` dropped in favour of its folder.
fn parts(path: &Path) -> Vec<String> {
    let mut parts: Vec<String> = path
        .with_extension("")
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if parts.len() > 1
        && parts
            .last()
            .is_some_and(|p| p.eq_ignore_ascii_case("interview"))
    {
        parts.pop();
    }
    parts
}

fn short_name(path: &Path) -> String {
    sanitize(parts(path).last().map_or("", String::as_str))
}

fn long_name(path: &Path) -> String {
    sanitize(&parts(path).join("-"))
}

/// Keeps letters (any script), digits, `-`, `_` and `.`; anything else becomes `_`,
/// so a name is one safe file name on every system. Never empty, never hidden.
fn sanitize(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.starts_with('.') {
        s.replace_range(..1, "_");
    }
    if s.is_empty() {
        s.push_str("candidate");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(paths: &[&str], taken: &[&str]) -> Vec<String> {
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        let taken = taken.iter().map(|s| s.to_string()).collect();
        unique_names(&paths, &taken)
    }

    #[test]
    fn names_come_from_the_folder_or_the_stem() {
        let cases: [(&[&str], &[&str]); 6] = [
            (&["bazeyan/interview.toml"], &["bazeyan"]),
            (&["bazeyan.toml"], &["bazeyan"]),
            (&["interview.toml"], &["interview"]),
            (&["2021/bishkek/Interview.TOML"], &["bishkek"]),
            (&["Базеян Дж.toml"], &["Базеян_Дж"]),
            (&["a/.hidden.toml"], &["_hidden"]),
        ];
        for (paths, expected) in cases {
            assert_eq!(names(paths, &[]), expected, "{paths:?}");
        }
    }

    #[test]
    fn clashing_names_use_the_whole_path() {
        let got = names(
            &[
                "2021/bazeyan/interview.toml",
                "2024/bazeyan/interview.toml",
                "osmonov.toml",
                "2024/Osmonov.toml",
            ],
            &[],
        );
        let expected = ["2021-bazeyan", "2024-bazeyan", "osmonov", "2024-Osmonov"];
        assert_eq!(got, expected);
    }

    #[test]
    fn what_still_clashes_is_numbered_in_order() {
        let got = names(&["a-b/c.toml", "a/b/c.toml", "x/c.toml"], &[]);
        assert_eq!(got, ["a-b-c", "a-b-c-2", "x-c"]);
    }

    #[test]
    fn names_taken_by_a_manifest_are_avoided() {
        assert_eq!(names(&["x/bazeyan.toml"], &["bazeyan"]), ["x-bazeyan"]);
        assert_eq!(names(&["bazeyan.toml"], &["Bazeyan"]), ["bazeyan-2"]);
    }

    #[test]
    fn finds_interviews_but_not_layouts_manifests_or_hidden_files() {
        let dir = std::env::temp_dir().join(format!("barakcha-discover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let files = [
            ("b/interview.toml", "lang = \"ky\"\n"),
            ("a.toml", "this is = not [valid"),
            ("layout.toml", "[page]\ncolumns = 2\n"),
            ("batch.toml", "[[candidate]]\ninterview = \"a.toml\"\n"),
            (".git/x.toml", ""),
            ("out/old.toml", ""),
            ("b/portrait.jpg", ""),
        ];
        for (name, text) in files {
            let p = dir.join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let found = interviews(&dir, &dir.join("out")).unwrap();
        let expected = [PathBuf::from("a.toml"), PathBuf::from("b/interview.toml")];
        assert_eq!(found, expected);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
