//! Input files kept with their text, so any byte offset can be shown as file:line:column.

use std::io::{Error, ErrorKind, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The largest input barakcha reads, by kind, checked before reading (README, "Limits").
/// Each is far above anything real and far below what would exhaust memory.
pub mod limits {
    /// Interview, layout, print profile, manifest: 4 MiB of text is about 300 A4 pages of
    /// 9-point type; a leaflet holds two.
    pub const TEXT: u64 = 4 << 20;
    /// Raw text for `import`, and hyphenation exception files.
    pub const RAW_TEXT: u64 = 16 << 20;
    /// A portrait file.
    pub const IMAGE: u64 = 64 << 20;
    /// A font file (Noto CJK, among the largest, is 20 MiB).
    pub const FONT: u64 = 64 << 20;
    /// An ICC profile.
    pub const ICC: u64 = 16 << 20;
    /// Pixels of a portrait (width × height), checked before any decoding: 100 million is
    /// an A1 page at 300 ppi with room to spare, and 400 MB decoded.
    pub const PIXELS: u64 = 100_000_000;
    /// One line read from standard input by `hyphenate`.
    pub const LINE: u64 = 64 << 10;
}

/// Reads a whole file of at most `limit` bytes. Only a regular file is read: a FIFO,
/// device or folder is refused without waiting on it (the file is opened non-blocking,
/// then its type checked on the open handle, so nothing can be swapped in between). The
/// size is checked before reading, and the read itself stops past the limit, so a file
/// that grows while being read cannot exhaust memory either.
pub fn read_bytes(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Err(too_large(size, limit));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// Opens `path` for reading if it is a regular file (following symlinks).
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Opening a FIFO for reading blocks until a writer comes; non-blocking, it returns at once.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(O_NONBLOCK);
    }
    let file = options.open(path)?;
    let kind = file.metadata()?.file_type();
    if !kind.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("it is {}, not a regular file", describe(kind)),
        ));
    }
    Ok(file)
}

/// `O_NONBLOCK`, whose value differs between systems.
#[cfg(unix)]
const O_NONBLOCK: i32 = libc::O_NONBLOCK;

/// A file type in words, for messages.
pub fn describe(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else if kind.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

fn too_large(size: u64, limit: u64) -> Error {
    Error::new(
        ErrorKind::InvalidData,
        format!(
            "it is larger than barakcha's limit of {} for this kind of file ({} or more)",
            human(limit),
            human(size)
        ),
    )
}

/// A byte count as people write it: `4 MiB`, `512 KiB`, `300 bytes`.
pub fn human(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

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

    /// Reads a UTF-8 text file (an interview, layout, profile or manifest) of at most
    /// [`limits::TEXT`] bytes, through [`read_bytes`]: never a FIFO, device or folder.
    pub fn read(path: &Path) -> std::io::Result<Self> {
        let bytes = read_bytes(path, limits::TEXT)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("it is not UTF-8 text (byte {at} is not valid UTF-8): save it as UTF-8"),
            )
        })?;
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

    /// The line holding `span.start`, cut to about 120 characters around the span, with
    /// the span's part of it to underline.
    pub fn excerpt(&self, span: Range<usize>) -> crate::diag::Excerpt {
        let text = &self.text;
        let mut at = span.start.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let line = text[line_start..line_end].trim_end_matches('\r');
        // A span may start on the line's `\r` or `\n`, past the line as shown.
        let from = (at - line_start).min(line.len());
        let to = (span.end.max(at) - line_start).clamp(from, line.len());
        // Keep at most 50 characters before the span and 70 from its start.
        let keep_from = line[..from]
            .char_indices()
            .rev()
            .nth(49)
            .map_or(0, |(i, _)| i);
        let keep_to = line[from..]
            .char_indices()
            .nth(70)
            .map_or(line.len(), |(i, _)| from + i);
        let prefix = if keep_from > 0 { "…" } else { "" };
        let suffix = if keep_to < line.len() { "…" } else { "" };
        let shown = format!("{prefix}{}{suffix}", &line[keep_from..keep_to]);
        let start = prefix.len() + from - keep_from;
        let end = (prefix.len() + to.min(keep_to) - keep_from).max(start);
        // An empty span (or one at the line's end) still gets one caret.
        let end = if end > start {
            end
        } else {
            shown[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8())
        };
        crate::diag::Excerpt {
            text: shown,
            span: start..end,
        }
    }

    /// Where the `nth` occurrence of `c` inside `span` is, or the start of the span.
    pub fn locate_char(&self, span: Range<usize>, c: char, nth: usize) -> Location {
        self.location(self.find_char(span, c, nth))
    }

    /// The byte offset of the `nth` occurrence of `c` inside `span`, or the span's start.
    pub fn find_char(&self, span: Range<usize>, c: char, nth: usize) -> usize {
        let end = span.end.min(self.text.len());
        let start = span.start.min(end);
        self.text
            .get(start..end)
            .and_then(|s| s.match_indices(c).nth(nth))
            .map_or(start, |(i, _)| start + i)
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
    use crate::interview::Interview;

    #[test]
    fn reads_only_regular_files_within_the_limit() {
        let dir = std::env::temp_dir().join(format!("barakcha-src-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.txt");
        std::fs::write(&p, b"12345").unwrap();
        assert_eq!(read_bytes(&p, 5).unwrap(), b"12345");
        let err = read_bytes(&p, 4).unwrap_err().to_string();
        assert!(err.contains("limit of 4 bytes"), "{err}");
        let err = read_bytes(&dir, 4).unwrap_err().to_string();
        assert!(err.contains("a folder, not a regular file"), "{err}");
        let err = read_bytes(Path::new("/dev/zero"), 4)
            .unwrap_err()
            .to_string();
        assert!(err.contains("a device"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn line_and_column_count_characters() {
        let s = Source::new("a.toml", "x = 1\nимя = \"ө\"\n");
        let at = s.text.find('"').unwrap();
        let loc = s.location(at);
        assert_eq!((loc.line, loc.column), (2, 7));
    }

    #[test]
    fn excerpts_are_cut_around_the_span() {
        let long = format!("a = \"{}\"\nb = 1\n", "ж".repeat(100_000));
        let s = Source::new("x.toml", long.as_str());
        let x = s.excerpt(4..long.find('\n').unwrap());
        assert!(x.text.chars().count() < 130, "{}", x.text.len());
        assert_eq!(&x.text[x.span.clone()][..1], "\"");
        let b = long.find("b =").unwrap();
        let x = s.excerpt(b + 4..b + 5);
        assert_eq!((x.text.as_str(), &x.text[x.span]), ("b = 1", "1"));
        // Found by fuzzing: a span on the `\n` of a `\r\n` line.
        let crlf = Source::new("x.toml", "'\x1c\x0b\x04:So\r\nrce9 ");
        let x = crlf.excerpt(8..9);
        assert!(x.span.end <= x.text.len());
        assert!(Interview::parse(crlf).is_err());
        // Past the end: still a caret.
        let x = s.excerpt(long.len()..long.len());
        assert!(x.span.is_empty() || x.span.end <= x.text.len());
    }

    #[test]
    fn finds_value_spans() {
        let s = Source::new("l.toml", "[page]\ncolumns = 9\n");
        let span = s.span_of(&["page", "columns"]).unwrap();
        assert_eq!(&s.text[span], "9");
        assert!(s.span_of(&["page", "nope"]).is_none());
    }
}
