//! The batch manifest: which interviews to render, each with optional overrides.
//!
//! ```toml
//! [[candidate]]
//! interview = "bazeyan/interview.toml"   # required; relative to the manifest's folder
//! output = "bishkek/bazeyan.pdf"         # optional; relative to the output folder
//! layout = "layouts/poster.toml"         # optional; relative to the manifest's folder
//! print_run = 5000                       # optional; replaces the imprint's print_run
//! ```

use crate::diag::{Diagnostic, Result};
use crate::source::Source;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// One `[[candidate]]` of a manifest, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The interview as written in the manifest (its name is derived from this).
    pub written: PathBuf,
    /// The interview, resolved against the manifest's folder.
    pub interview: PathBuf,
    /// The output path relative to the output folder, without `.pdf`, if given.
    pub output: Option<String>,
    /// A layout for this candidate, resolved against the manifest's folder.
    pub layout: Option<PathBuf>,
    /// A print run replacing the interview's `[imprint] print_run`.
    pub print_run: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    candidate: Vec<EntryFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    interview: Spanned<String>,
    output: Option<Spanned<String>>,
    layout: Option<Spanned<String>>,
    print_run: Option<Spanned<i64>>,
}

const SHAPE: &str = "a manifest lists [[candidate]] tables with interview = \"…\" \
    and optional output = \"….pdf\", layout = \"….toml\", print_run = N";

/// Parses and validates a manifest's text.
pub fn parse(source: &Source) -> Result<Vec<Entry>> {
    let file: File =
        toml::from_str(&source.text).map_err(|e| Diagnostic::from_toml(source, &e).hint(SHAPE))?;
    if file.candidate.is_empty() {
        return Err(
            Diagnostic::in_file(&source.path, "the manifest lists no candidates").hint(SHAPE),
        );
    }
    let dir = source.path.parent().unwrap_or(Path::new(""));
    // Lower-cased output → where it was first given: two candidates must not share a file.
    let mut outputs: BTreeMap<String, usize> = BTreeMap::new();
    let mut entries = Vec::with_capacity(file.candidate.len());
    for c in file.candidate {
        let output = match &c.output {
            Some(o) => Some(output_name(source, o, &mut outputs)?),
            None => None,
        };
        let print_run = match c.print_run {
            Some(n) if *n.get_ref() < 1 => {
                return Err(Diagnostic::at(
                    source,
                    n.span(),
                    format!("print_run = {} is not a number of copies", n.get_ref()),
                )
                .hint("give the number of copies printed, at least 1"));
            }
            Some(n) => Some(*n.get_ref() as u64),
            None => None,
        };
        let written = PathBuf::from(c.interview.get_ref());
        entries.push(Entry {
            interview: dir.join(&written),
            written,
            output,
            layout: c.layout.map(|l| dir.join(l.get_ref())),
            print_run,
        });
    }
    Ok(entries)
}

/// Checks an `output = "…"`: a relative path inside the output folder ending in `.pdf`,
/// used by no other candidate. Returns it without the extension.
fn output_name(
    source: &Source,
    output: &Spanned<String>,
    seen: &mut BTreeMap<String, usize>,
) -> Result<String> {
    let text = output.get_ref();
    let path = Path::new(text);
    let inside = !text.is_empty()
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(s) if !s.to_string_lossy().starts_with('.')));
    let stem = text
        .len()
        .checked_sub(4)
        .filter(|&n| text.is_char_boundary(n) && text[n..].eq_ignore_ascii_case(".pdf"))
        .map(|n| &text[..n]);
    let (true, Some(stem)) = (inside, stem.filter(|s| !s.ends_with('/') && !s.is_empty())) else {
        return Err(Diagnostic::at(
            source,
            output.span(),
            format!("output = \"{text}\" is not a PDF file name inside the output folder"),
        )
        .hint("write a relative path ending in .pdf, such as \"bishkek/bazeyan.pdf\" (no `..`, no hidden names)"));
    };
    if let Some(first) = seen.insert(stem.to_lowercase(), output.span().start) {
        let at = source.location(first);
        return Err(Diagnostic::at(
            source,
            output.span(),
            format!(
                "output = \"{text}\" is already the output of the candidate at line {}",
                at.line
            ),
        )
        .hint("give each candidate its own output file"));
    }
    Ok(stem.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Vec<Entry>> {
        parse(&Source::new("m/batch.toml", text))
    }

    #[test]
    fn reads_candidates_with_overrides() {
        let entries = parse_text(
            "[[candidate]]\ninterview = \"a/interview.toml\"\noutput = \"x/A.PDF\"\n\
             layout = \"l.toml\"\nprint_run = 5000\n\n[[candidate]]\ninterview = \"b.toml\"\n",
        )
        .unwrap();
        assert_eq!(
            entries[0],
            Entry {
                written: "a/interview.toml".into(),
                interview: "m/a/interview.toml".into(),
                output: Some("x/A".into()),
                layout: Some("m/l.toml".into()),
                print_run: Some(5000),
            }
        );
        assert_eq!(entries[1].interview, PathBuf::from("m/b.toml"));
        assert_eq!(
            (entries[1].output.as_ref(), entries[1].print_run),
            (None, None)
        );
    }

    #[test]
    fn errors_point_at_the_key() {
        let cases = [
            (
                "[[candidate]]\ninterview = \"a.toml\"\nprnt_run = 5\n",
                "3:1",
                "did you mean `print_run`",
            ),
            (
                "[[candidate]]\ninterview = \"a.toml\"\nprint_run = 0\n",
                "3:13",
                "at least 1",
            ),
            (
                "[[candidate]]\ninterview = \"a.toml\"\noutput = \"../a.pdf\"\n",
                "3:10",
                "no `..`",
            ),
            (
                "[[candidate]]\ninterview = \"a.toml\"\noutput = \"a.png\"\n",
                "3:10",
                "ending in .pdf",
            ),
            ("[[candidate]]\noutput = \"a.pdf\"\n", "1:1", "interview"),
            (
                "[[candidate]]\ninterview = \"a.toml\"\noutput = \"a.pdf\"\n\
                 [[candidate]]\ninterview = \"b.toml\"\noutput = \"A.pdf\"\n",
                "6:10",
                "line 3",
            ),
            ("candidate = []\n", "", "no candidates"),
            ("lang = \"ky\"\n", "1:1", "[[candidate]]"),
        ];
        for (text, at, expected) in cases {
            let err = parse_text(text).unwrap_err().to_string();
            assert!(err.contains(&format!("m/batch.toml:{at}")), "{text}\n{err}");
            assert!(err.contains(expected), "{text}\n{err}");
        }
    }
}
