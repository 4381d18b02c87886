//! Shared helpers for the integration tests: run the real binary, read its PDF back.
#![allow(dead_code)]

pub mod preflight;

use lopdf::content::Content;
use lopdf::{Document, Object};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[cfg(feature = "crosscheck")]
pub mod chromium;
pub mod engine;
pub mod live;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("barakcha-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// Runs the built `barakcha` binary.
pub fn barakcha(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_barakcha"))
        .args(args)
        .output()
        .expect("run barakcha")
}

/// Stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The example interview.
pub fn example() -> PathBuf {
    root().join("examples/bazeyan/interview.toml")
}

/// Copies the example (interview and portrait) into `dir`, with `edit` applied to the interview.
pub fn example_copy(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let text = std::fs::read_to_string(example()).expect("example");
    std::fs::copy(
        root().join("examples/bazeyan/portrait.jpg"),
        dir.join("portrait.jpg"),
    )
    .expect("portrait");
    let path = dir.join("interview.toml");
    std::fs::write(&path, edit(text)).expect("write interview");
    path
}

/// Runs `barakcha render INTERVIEW -o OUT EXTRA…`.
pub fn try_render(interview: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "render",
        interview.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    barakcha(&args)
}

/// Renders an interview; panics with stderr if it fails.
pub fn render(interview: &Path, out: &Path, extra: &[&str]) -> Output {
    let o = try_render(interview, out, extra);
    assert!(o.status.success(), "render failed: {}", stderr(&o));
    o
}

/// Runs an external tool; a tool that is not installed fails the test, naming its package.
pub fn tool(name: &str, package: &str, args: &[&str]) -> Output {
    Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!(
            "required tool `{name}` cannot be run ({e}): install it with apt-get install {package}"
        )
    })
}

/// The Python that runs preflight.py: $BARAKCHA_PYTHON (one with pikepdf, which
/// .ci/run sets up), else `python3`.
pub fn python() -> String {
    std::env::var("BARAKCHA_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// The shared preflight checker, when there is one: $BARAKCHA_PREFLIGHT, or
/// shared/tools/ beside the repository. The project's own checks (`preflight`) run
/// always; this one is a second opinion where it is installed.
pub fn preflight_script() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("BARAKCHA_PREFLIGHT").map(PathBuf::from),
        Some(root().join("../shared/tools/preflight.py")),
        Some(root().join("../../shared/tools/preflight.py")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_file())
}

/// A PDF read back with lopdf.
pub struct Pdf {
    /// The parsed document.
    pub doc: Document,
}

impl Pdf {
    /// Opens and parses a PDF file.
    pub fn open(path: &Path) -> Pdf {
        Pdf {
            doc: Document::load(path).expect("the PDF parses"),
        }
    }

    /// Page object ids in order.
    pub fn pages(&self) -> Vec<(u32, u16)> {
        self.doc.get_pages().into_values().collect()
    }

    /// A page dictionary's rectangle entry, e.g. b"TrimBox".
    pub fn page_box(&self, page: (u32, u16), key: &[u8]) -> Vec<f64> {
        let dict = self.doc.get_dictionary(page).expect("page dict");
        let arr = dict
            .get(key)
            .and_then(Object::as_array)
            .expect("box present");
        arr.iter()
            .map(|o| {
                o.as_float()
                    .map(f64::from)
                    .or_else(|_| o.as_i64().map(|v| v as f64))
                    .expect("number")
            })
            .collect()
    }

    /// The text a page shows, in content order, honouring /ActualText spans.
    pub fn page_text(&self, page: (u32, u16)) -> String {
        let cmaps: BTreeMap<Vec<u8>, BTreeMap<u16, String>> = self
            .doc
            .get_page_fonts(page)
            .expect("fonts")
            .into_iter()
            .map(|(name, font)| {
                let stream = font
                    .get_deref(b"ToUnicode", &self.doc)
                    .and_then(Object::as_stream)
                    .expect("ToUnicode");
                (
                    name,
                    parse_cmap(&stream.get_plain_content().expect("inflate")),
                )
            })
            .collect();
        let content = Content::decode(&self.doc.get_page_content(page).expect("content"))
            .expect("content parses");
        let mut out = String::new();
        let mut font: Option<Vec<u8>> = None;
        let mut actual: Option<String> = None;
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => font = op.operands[0].as_name().ok().map(<[u8]>::to_vec),
                "BDC" => actual = actual_text(&op.operands),
                "EMC" => {
                    if let Some(a) = actual.take() {
                        out.push_str(&a);
                    }
                }
                "TJ" | "Tj" if actual.is_none() => {
                    let cmap = &cmaps[font.as_ref().expect("a font is set")];
                    for shown in shown(&op.operands) {
                        match shown {
                            Shown::Codes(s) => {
                                for code in s.chunks_exact(2) {
                                    let cid = u16::from_be_bytes([code[0], code[1]]);
                                    let text = cmap.get(&cid).map_or("\u{fffd}", String::as_str);
                                    out.push_str(text);
                                }
                            }
                            // A move right of more than a tenth of an em inside a TJ array
                            // is a word space, as pdftotext reads it.
                            Shown::Move(m) if m < -100.0 => out.push(' '),
                            Shown::Move(_) => {}
                        }
                    }
                    out.push(' ');
                }
                _ => {}
            }
        }
        out
    }

    /// Text of all pages.
    pub fn text(&self) -> String {
        self.pages()
            .into_iter()
            .map(|p| self.page_text(p))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn actual_text(operands: &[Object]) -> Option<String> {
    let dict = operands.get(1)?.as_dict().ok()?;
    let s = dict.get(b"ActualText").ok()?.as_str().ok()?;
    Some(decode_text_string(s))
}

/// A PDF text string: UTF-16BE with BOM, or PDFDocEncoding (ASCII here).
fn decode_text_string(b: &[u8]) -> String {
    if b.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = b[2..]
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}

/// What a text-showing operator's operands hold, in order.
enum Shown {
    /// A string of glyph codes.
    Codes(Vec<u8>),
    /// A TJ adjustment, thousandths of text space (negative moves right).
    Move(f64),
}

fn shown(operands: &[Object]) -> Vec<Shown> {
    let mut out = Vec::new();
    for o in operands {
        match o {
            Object::String(s, _) => out.push(Shown::Codes(s.clone())),
            Object::Array(a) => out.extend(shown(a)),
            Object::Integer(i) => out.push(Shown::Move(*i as f64)),
            Object::Real(r) => out.push(Shown::Move(f64::from(*r))),
            _ => {}
        }
    }
    out
}

/// A JSON file the binary wrote (a `--report`, a batch report), parsed.
pub fn json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("the JSON file was written");
    serde_json::from_str(&text).expect("it is JSON")
}

/// Renders `interview` into `dir/out.pdf` with `extra` arguments and its report into
/// `dir/report.json`, and returns the report.
pub fn render_report(interview: &Path, dir: &Path, extra: &[&str]) -> serde_json::Value {
    let report = dir.join("report.json");
    let mut args = vec!["--report", report.to_str().unwrap()];
    args.extend_from_slice(extra);
    render(interview, &dir.join("out.pdf"), &args);
    json(&report)
}

/// Letters and digits only, lower-cased: text compared regardless of spaces, quotes and dashes.
pub fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Reads a ToUnicode CMap's bfchar and bfrange entries (ISO 32000-1 §9.10.3), independently of the writer.
pub fn parse_cmap(data: &[u8]) -> BTreeMap<u16, String> {
    let text = String::from_utf8_lossy(data);
    let hex = |t: &str| -> Vec<u8> {
        let t = t.trim_matches(|c| c == '<' || c == '>');
        (0..t.len() / 2)
            .map(|i| u8::from_str_radix(&t[2 * i..2 * i + 2], 16).expect("hex"))
            .collect()
    };
    let utf16 = |b: Vec<u8>| {
        String::from_utf16_lossy(
            &b.chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        )
    };
    let code = |b: Vec<u8>| b.iter().fold(0u16, |a, x| (a << 8) | *x as u16);
    let mut map = BTreeMap::new();
    let mut mode = "";
    for line in text.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        match tokens.last().copied() {
            Some(t) if t.starts_with("begin") => {
                mode = if t.ends_with("bfchar") {
                    "char"
                } else if t.ends_with("bfrange") {
                    "range"
                } else {
                    ""
                }
            }
            Some(t) if t.starts_with("end") => mode = "",
            _ if mode == "char" && tokens.len() == 2 => {
                map.insert(code(hex(tokens[0])), utf16(hex(tokens[1])));
            }
            _ if mode == "range" && tokens.len() == 3 => {
                let (lo, hi, mut dst) =
                    (code(hex(tokens[0])), code(hex(tokens[1])), hex(tokens[2]));
                for c in lo..=hi {
                    map.insert(c, utf16(dst.clone()));
                    if let Some(last) = dst.last_mut() {
                        *last = last.wrapping_add(1);
                    }
                }
            }
            _ => {}
        }
    }
    map
}

/// A binary PGM or PPM (P5, P6) as pdftoppm writes it: width, height, and the pixels'
/// bytes (grey, or RGB).
pub fn netpbm(path: &Path) -> (usize, usize, Vec<u8>) {
    let data = std::fs::read(path).unwrap();
    let mut fields = Vec::new();
    let mut i = 0;
    // Magic, width, height and maximum, each followed by whitespace.
    while fields.len() < 4 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..i]).into_owned());
    }
    let (w, h) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, data[i + 1..].to_vec())
}
