//! Input files kept with their text, so any byte offset can be shown as file:line:column.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// A file that was read, with its text.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path as the user gave it (or a name such as `<built-in layout>`).
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
}

/// A position in a source file, 1-based, counted in characters (what an editor shows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: PathBuf,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters.
    pub column: usize,
}

impl Source {
    /// A source from a path and text already read.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        Source {
            path: path.into(),
            text: text.into(),
        }
    }

    /// Reads a UTF-8 file.
    pub fn read(path: &Path) -> std::io::Result<Self> {
        let text = std::fs::read_to_string(path)?;
        Ok(Source::new(path, text))
    }

    /// The line and column of a byte offset (clamped to the text).
    pub fn location(&self, offset: usize) -> Location {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location {
            file: self.path.clone(),
            line,
            column,
        }
    }

    /// Where the `nth` occurrence of `c` inside `span` is, or the start of the span.
    pub fn locate_char(&self, span: Range<usize>, c: char, nth: usize) -> Location {
        let end = span.end.min(self.text.len());
        let start = span.start.min(end);
        let offset = self
            .text
            .get(start..end)
            .and_then(|s| s.match_indices(c).nth(nth))
            .map_or(start, |(i, _)| start + i);
        self.location(offset)
    }

    /// The span of the value at a key path such as `["page", "columns"]`, if present.
    pub fn span_of(&self, path: &[&str]) -> Option<Range<usize>> {
        let doc = toml::de::DeTable::parse(&self.text).ok()?;
        let (first, rest) = path.split_first()?;
        let mut value = doc.get_ref().get(*first)?;
        for key in rest {
            match value.get_ref() {
                toml::de::DeValue::Table(t) => value = t.get(*key)?,
                _ => return None,
            }
        }
        Some(value.span())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let s = Source::new("a.toml", "x = 1\nимя = \"ө\"\n");
        let at = s.text.find('"').unwrap();
        let loc = s.location(at);
        assert_eq!((loc.line, loc.column), (2, 7));
    }

    #[test]
    fn finds_value_spans() {
        let s = Source::new("l.toml", "[page]\ncolumns = 9\n");
        let span = s.span_of(&["page", "columns"]).unwrap();
        assert_eq!(&s.text[span], "9");
        assert!(s.span_of(&["page", "nope"]).is_none());
    }
}
