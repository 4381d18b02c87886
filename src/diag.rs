//! Diagnostics: what went wrong, where (file:line:column), and what to do about it.
//! Every stage reports through these; printing happens once, in the CLI.

use crate::source::{Location, Source};
use std::fmt;
use std::ops::Range;
use std::path::Path;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Rendering stops; no PDF is written.
    Error,
    /// The leaflet is produced, but someone should look.
    Warning,
}

/// One message for the user.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where in the input the problem is, when it is in a file.
    pub location: Option<Location>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub hints: Vec<String>,
    /// The source line the location points at, shown under the message with a caret.
    pub excerpt: Option<Excerpt>,
    /// More problems found in the same pass, printed after this one, so that one run
    /// names them all (every missing imprint field, not one per run).
    pub also: Vec<Diagnostic>,
}

/// A line of source, cut to a readable length around what it points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// The line (or the part of it around the span), without its line break.
    pub text: String,
    /// The bytes of `text` to underline (never empty).
    pub span: Range<usize>,
}

/// The longest message or hint printed, in characters: values quoted in a message (a
/// 50 MB caption) are cut to this.
const MAX_MESSAGE: usize = 400;

/// The result type of every stage: the error side holds one diagnostic.
pub type Result<T> = std::result::Result<T, Box<Diagnostic>>;

impl Diagnostic {
    /// An error without a location.
    pub fn error(message: impl Into<String>) -> Box<Self> {
        Box::new(Diagnostic {
            severity: Severity::Error,
            location: None,
            message: message.into(),
            hints: vec![],
            excerpt: None,
            also: vec![],
        })
    }

    /// A warning without a location.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..*Diagnostic::error(message)
        }
    }

    /// An error at a byte span of a source.
    pub fn at(source: &Source, span: Range<usize>, message: impl Into<String>) -> Box<Self> {
        let mut d = Diagnostic::error(message);
        d.location = Some(source.location(span.start));
        d.excerpt = Some(source.excerpt(span));
        d
    }

    /// An error about a file as a whole (line 1, column 1 would mislead, so no line).
    pub fn in_file(path: &Path, message: impl Into<String>) -> Box<Self> {
        let mut d = Diagnostic::error(message);
        d.location = Some(Location {
            file: path.to_path_buf(),
            line: 0,
            column: 0,
        });
        d
    }

    /// The first of `errors` with the rest attached, to be printed together.
    /// `errors` must not be empty.
    pub fn all(errors: Vec<Box<Diagnostic>>) -> Box<Self> {
        let mut errors = errors.into_iter();
        let mut first = errors
            .next()
            .unwrap_or_else(|| Diagnostic::error("no error was given"));
        first.also.extend(errors.map(|d| *d));
        first
    }

    /// Adds a hint.
    pub fn hint(mut self: Box<Self>, hint: impl Into<String>) -> Box<Self> {
        self.hints.push(hint.into());
        self
    }

    /// Turns a TOML syntax or schema error into a diagnostic at its position,
    /// with a "did you mean" hint for unknown keys, and type errors in plain words.
    pub fn from_toml(source: &Source, err: &toml::de::Error) -> Box<Self> {
        Diagnostic::from_toml_in(source, err, &[])
    }

    /// As [`Diagnostic::from_toml`]; `schema` lists each table's keys (`""` for the top
    /// of the file), so a key under the wrong table is told where it belongs.
    pub fn from_toml_in(
        source: &Source,
        err: &toml::de::Error,
        schema: &[(&str, &[&str])],
    ) -> Box<Self> {
        let raw = err.message().trim().to_string();
        let key = err.span().and_then(|s| key_before(&source.text, s.start));
        let (message, example) = match plain_type_error(&raw, key.as_deref()) {
            Some((m, e)) => (m, Some(e)),
            None => (raw.clone(), None),
        };
        let mut d = match err.span() {
            Some(span) => Diagnostic::at(source, span, message),
            None => Diagnostic::in_file(&source.path, message),
        };
        if let Some(e) = example {
            d = d.hint(e);
        }
        if let Some(hint) = belongs_elsewhere(&raw, schema).or_else(|| did_you_mean(&raw)) {
            d = d.hint(hint);
        }
        d
    }
}

/// `text` cut to at most `max` characters, with `…` and the full length when cut, so a
/// 50 MB value never makes a 50 MB message.
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((end, _)) => format!(
            "{}… ({} characters in all)",
            &text[..end],
            text.chars().count()
        ),
    }
}

/// The key whose value starts at `offset` (`print_run` in `print_run = "x"`), if the
/// value follows its key on the same line.
fn key_before(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let key = line.trim_end().strip_suffix('=')?.trim();
    let last = key.rsplit('.').next()?.trim().trim_matches(['"', '\'']);
    (!last.is_empty() && last.len() <= 64).then(|| last.to_string())
}

/// serde's "invalid type: string "бир", expected i64" as a person says it:
/// "`print_run` must be a whole number, not the text "бир"", with an example line.
fn plain_type_error(message: &str, key: Option<&str>) -> Option<(String, String)> {
    let rest = message.strip_prefix("invalid type: ")?;
    let (found, expected) = rest.split_once(", expected ")?;
    let (what, example) = match expected {
        "i64" | "u64" | "u32" | "i32" | "u16" | "u8" | "usize" | "an integer" => {
            ("a whole number", "1000")
        }
        "f64" | "f32" | "a number" => ("a number", "12.5"),
        "a boolean" | "bool" => ("true or false", "true"),
        "a string" => ("text in double quotes", "\"…\""),
        e if e.contains("datetime") => ("a date without quotes", "2021-06-28"),
        e if e.contains("sequence") => ("a list in square brackets", "[…]"),
        e if e.contains("length") => ("a length", "\"12mm\""),
        e if e.contains("CMYK") || e.contains("colour") => ("a colour", "[0, 0, 0, 100]"),
        _ => return None,
    };
    // serde writes `string "бир"`, `integer `5``, `floating point `1.5``, `boolean `true``.
    let found = match (found.strip_prefix("string "), found.split_once('`')) {
        (Some(text), _) => format!("the text {}", cut(text, 40)),
        (None, Some((_, value))) => cut(value.trim_end_matches('`'), 40),
        (None, None) => found.to_string(),
    };
    let (subject, example) = match key {
        Some("print_run") => (
            "`print_run` must be a whole number of copies".to_string(),
            "print_run = 1000".to_string(),
        ),
        Some(k) => (format!("`{k}` must be {what}"), format!("{k} = {example}")),
        None => (format!("this value must be {what}"), example.to_string()),
    };
    Some((
        format!("{subject}, not {found}"),
        format!("write it as, e.g., `{example}`"),
    ))
}

/// For an unknown key that is a known key of another table: where it belongs.
fn belongs_elsewhere(message: &str, schema: &[(&str, &[&str])]) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (given, _) = rest.split_once('`')?;
    let (table, _) = schema.iter().find(|(_, keys)| keys.contains(&given))?;
    Some(match *table {
        "" => format!(
            "`{given}` belongs at the top of the file, above the first [table]: a key after a [table] header is part of that table"
        ),
        t => format!("`{given}` belongs under [{t}]"),
    })
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" and suggests the closest key.
fn did_you_mean(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (given, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let best = candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(given, c), *c))
        .min()?;
    let listing = candidates.join(", ");
    if best.0 <= given.chars().count().max(3) / 2 + 1 {
        Some(format!("did you mean `{}`? (allowed: {listing})", best.1))
    } else {
        Some(format!("allowed here: {listing}"))
    }
}

impl fmt::Display for Diagnostic {
    /// `error: FILE:LINE:COLUMN: message`, then the source line with a caret under what
    /// is wrong, then the hints: drawn by `annotate-snippets`, as rustc draws its own.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use annotate_snippets::{AnnotationKind, Element, Level, Renderer, Snippet};
        let mut title = String::new();
        if let Some(loc) = &self.location {
            title.push_str(&loc.file.display().to_string());
            if loc.line > 0 {
                title.push_str(&format!(":{}:{}", loc.line, loc.column));
            }
            title.push_str(": ");
        }
        title.push_str(&cut(&self.message, MAX_MESSAGE));
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut elements: Vec<Element> = Vec::new();
        if let (Some(x), Some(loc)) = (&self.excerpt, &self.location) {
            let mark = AnnotationKind::Primary.span(x.span.clone());
            elements.push(
                Snippet::source(x.text.as_str())
                    .line_start(loc.line.max(1))
                    .annotation(mark)
                    .into(),
            );
        }
        let hints: Vec<String> = self.hints.iter().map(|h| cut(h, MAX_MESSAGE)).collect();
        for h in &hints {
            elements.push(
                Level::HELP
                    .with_name(Some("hint"))
                    .message(h.as_str())
                    .into(),
            );
        }
        let report = [level.primary_title(title.as_str()).elements(elements)];
        write!(f, "{}", Renderer::plain().render(&report))?;
        for other in &self.also {
            write!(f, "\n{other}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys() {
        let m = "unknown field `colums`, expected one of `columns`, `gutter`, `pages`";
        assert_eq!(
            did_you_mean(m).unwrap(),
            "did you mean `columns`? (allowed: columns, gutter, pages)"
        );
    }

    #[test]
    fn type_errors_are_said_in_plain_words() {
        let (m, e) = plain_type_error(
            "invalid type: string \"бир\", expected i64",
            Some("print_run"),
        )
        .unwrap();
        assert_eq!(
            m,
            "`print_run` must be a whole number of copies, not the text \"бир\""
        );
        assert_eq!(e, "write it as, e.g., `print_run = 1000`");
        let (m, _) = plain_type_error(
            "invalid type: floating point `1000000000.0`, expected u8",
            Some("jpeg_quality"),
        )
        .unwrap();
        assert_eq!(m, "`jpeg_quality` must be a whole number, not 1000000000.0");
        assert_eq!(
            key_before("[a]\nprint_run = \"x\"", 16).as_deref(),
            Some("print_run")
        );
    }

    #[test]
    fn a_key_under_the_wrong_table_is_told_where_it_belongs() {
        let schema: &[(&str, &[&str])] = &[("", &["lang"]), ("portrait", &["caption"])];
        let m = "unknown field `lang`, expected one of `name`, `role`";
        assert!(
            belongs_elsewhere(m, schema)
                .unwrap()
                .contains("top of the file")
        );
        let m = "unknown field `caption`, expected `q` or `a`";
        assert_eq!(
            belongs_elsewhere(m, schema).unwrap(),
            "`caption` belongs under [portrait]"
        );
    }

    #[test]
    fn lists_keys_when_nothing_is_close() {
        let m = "unknown field `zzzzzzzz`, expected `columns` or `gutter`";
        assert!(did_you_mean(m).unwrap().starts_with("allowed here"));
    }

    #[test]
    fn displays_location_and_hint() {
        let s = Source::new("x.toml", "a = 1\nb = 2\n");
        let d = Diagnostic::at(&s, 6..7, "bad b").hint("remove it");
        let want = "error: x.toml:2:1: bad b\n  |\n2 | b = 2\n  | ^\n  |\n  = hint: remove it";
        assert_eq!(d.to_string(), want);
    }
}
