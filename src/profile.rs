//! Print profiles: how a leaflet is made for one print shop (PDF/X flavour, bleed,
//! marks, ink limit, image rules, output intent), kept apart from the design layout.
//! Built-in profiles live in `profiles/` and are compiled in; `--profile FILE.toml`
//! reads a shop's own, and single settings can be overridden on the command line.

use crate::diag::{Diagnostic, Result};
use crate::layout::Layout;
use crate::source::Source;
use crate::units::{Cmyk, Length, mm};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::path::Path;

/// The built-in profiles, by name; the first is the default.
pub const BUILTIN: [(&str, &str); 2] = [
    ("digital-x4", include_str!("../profiles/digital-x4.toml")),
    ("offset-x1a", include_str!("../profiles/offset-x1a.toml")),
];

/// The name of the profile used when none is given.
pub const DEFAULT_PROFILE: &str = BUILTIN[0].0;

/// ICC profiles a profile may name as `bundled:FILE`.
const BUNDLED_ICC: [(&str, &[u8]); 1] = [(
    "FOGRA39L_coated.icc",
    include_bytes!("../icc/FOGRA39L_coated.icc"),
)];

/// A bundled ICC profile by file name.
pub fn bundled_icc(name: &str) -> Option<&'static [u8]> {
    BUNDLED_ICC
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, d)| *d)
}

/// Which PDF/X standard the file claims and obeys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub enum PdfX {
    /// PDF/X-1a:2001 (ISO 15930-1): PDF 1.3, CMYK/grey/spot only, no transparency.
    #[serde(rename = "x1a")]
    X1a,
    /// PDF/X-4 (ISO 15930-7): PDF 1.6, ICC-based colour allowed.
    #[serde(rename = "x4")]
    X4,
}

impl PdfX {
    /// The value of `GTS_PDFXVersion` (ISO 15930-1 §6.1.1, ISO 15930-7 §6.2.2).
    pub fn version(self) -> &'static str {
        match self {
            PdfX::X1a => "PDF/X-1:2001",
            PdfX::X4 => "PDF/X-4",
        }
    }

    /// The value of `GTS_PDFXConformance`, which only PDF/X-1a has.
    pub fn conformance(self) -> Option<&'static str> {
        match self {
            PdfX::X1a => Some("PDF/X-1a:2001"),
            PdfX::X4 => None,
        }
    }

    /// The name a person reads ("PDF/X-1a:2001", "PDF/X-4").
    pub fn label(self) -> &'static str {
        self.conformance().unwrap_or(self.version())
    }

    /// The PDF version the standard is based on.
    pub fn pdf_version(self) -> (u8, u8) {
        match self {
            PdfX::X1a => (1, 3),
            PdfX::X4 => (1, 6),
        }
    }
}

/// How RGB images are mapped into the output condition's CMYK.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RenderingIntent {
    /// Compresses the whole gamut (the profile's B2A0 table): best for photographs.
    Perceptual,
    /// Relative colorimetric: in-gamut colours exact, the rest clipped.
    Relative,
}

/// A validated print profile.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrintProfile {
    /// Short name, shown in the report and the slug line.
    pub name: String,
    /// One line on what it is for.
    pub description: String,
    /// PDF/X flavour.
    pub pdfx: PdfX,
    /// Bleed beyond the trim on every side.
    pub bleed: Length,
    /// Highest total ink (sum of C, M, Y, K in percent) a colour may use.
    pub ink_limit: f64,
    /// Crop marks and slug line.
    pub marks: MarksSpec,
    /// Text drawing.
    pub text: TextSpec,
    /// Image resolution and colour conversion.
    pub images: ImagesSpec,
    /// The printing condition (PDF/X output intent).
    pub output_intent: IntentSpec,
    /// Where the profile came from, for messages and relative ICC paths.
    #[serde(skip)]
    pub source: Source,
    /// The output intent's ICC profile (CMYK, output class), loaded.
    #[serde(skip)]
    pub icc: Cow<'static, [u8]>,
    /// Settings the command line overrode, as typed ("--bleed 5mm").
    #[serde(skip)]
    pub overrides: Vec<String>,
}

/// Printer's marks.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarksSpec {
    /// Draw crop marks (and widen the MediaBox by a slug to hold them).
    pub crop: bool,
    /// Write file, date, page and profile in the slug (only with crop marks).
    pub slug_line: bool,
    /// Distance from the bleed edge to the start of each mark, so marks never
    /// print inside the bleed whatever the bleed is.
    pub gap: Length,
    /// Length of each mark.
    pub length: Length,
    /// Line width of the marks.
    pub weight: Length,
}

/// Text drawing.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TextSpec {
    /// Draw glyphs as vector paths, with an invisible text layer for search and copy.
    pub outline: bool,
}

/// Image rules.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesSpec {
    /// Warn below this effective resolution (pixels per inch at the placed size).
    pub warn_below_ppi: f64,
    /// Refuse to render below this effective resolution.
    pub refuse_below_ppi: f64,
    /// RGB → CMYK rendering intent.
    pub rendering_intent: RenderingIntent,
    /// JPEG quality (50–100) of RGB JPEGs re-encoded as CMYK.
    pub jpeg_quality: u8,
}

/// The PDF/X output intent (ISO 15930-7 §6.2.4).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IntentSpec {
    /// OutputConditionIdentifier, e.g. "FOGRA39".
    pub identifier: String,
    /// OutputCondition: the condition in words.
    pub condition: String,
    /// RegistryName: where the identifier is registered.
    pub registry: String,
    /// Info: a description of the profile.
    pub info: String,
    /// The CMYK output profile: `bundled:FILE` or a path relative to the profile file.
    pub icc: String,
}

impl Default for PrintProfile {
    fn default() -> Self {
        PrintProfile {
            name: "custom".into(),
            description: String::new(),
            pdfx: PdfX::X4,
            bleed: Length(mm(3.0)),
            ink_limit: 320.0,
            marks: MarksSpec::default(),
            text: TextSpec::default(),
            images: ImagesSpec::default(),
            output_intent: IntentSpec::default(),
            source: Source::new("<built-in profile>", ""),
            icc: Cow::Borrowed(BUNDLED_ICC[0].1),
            overrides: vec![],
        }
    }
}

impl Default for MarksSpec {
    fn default() -> Self {
        MarksSpec {
            crop: false,
            slug_line: true,
            gap: Length(mm(1.0)),
            length: Length(mm(5.0)),
            weight: Length(0.25),
        }
    }
}

impl Default for ImagesSpec {
    fn default() -> Self {
        ImagesSpec {
            warn_below_ppi: 300.0,
            refuse_below_ppi: 150.0,
            rendering_intent: RenderingIntent::Perceptual,
            jpeg_quality: 92,
        }
    }
}

impl Default for IntentSpec {
    fn default() -> Self {
        IntentSpec {
            identifier: "FOGRA39".into(),
            condition: "Offset printing, coated paper (ISO 12647-2:2004)".into(),
            registry: "http://www.color.org".into(),
            info: "Coated FOGRA39 (ISO 12647-2:2004)".into(),
            icc: "bundled:FOGRA39L_coated.icc".into(),
        }
    }
}

/// Single settings given on the command line, applied over a profile.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// `--bleed`.
    pub bleed: Option<Length>,
    /// `--marks` (true) or `--no-marks` (false).
    pub marks: Option<bool>,
    /// `--pdfx`.
    pub pdfx: Option<PdfX>,
    /// `--outline-text`.
    pub outline_text: Option<bool>,
}

/// A check of one setting: the key path, whether it holds, the message and a hint.
type Check = (&'static [&'static str], bool, String, &'static str);

impl PrintProfile {
    /// The default built-in profile.
    pub fn builtin_default() -> PrintProfile {
        PrintProfile::builtin(DEFAULT_PROFILE).expect("the default profile is built in")
    }

    /// A built-in profile by name.
    pub fn builtin(name: &str) -> Option<PrintProfile> {
        let (name, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
        let source = Source::new(format!("<built-in profile {name}>"), *text);
        Some(PrintProfile::parse(source).expect("built-in profiles are valid: profile::tests"))
    }

    /// A built-in profile's name, or a profile file (anything ending in `.toml` or
    /// naming a path), as `--profile` takes it.
    pub fn load(arg: &str) -> Result<PrintProfile> {
        if arg.ends_with(".toml") || arg.contains(['/', '\\']) {
            let path = Path::new(arg);
            let source = Source::read(path).map_err(|e| {
                Diagnostic::in_file(path, format!("cannot read the print profile: {e}"))
            })?;
            return PrintProfile::parse(source);
        }
        PrintProfile::builtin(arg).ok_or_else(|| {
            let names: Vec<&str> = BUILTIN.iter().map(|b| b.0).collect();
            let best = names
                .iter()
                .min_by_key(|n| strsim::damerau_levenshtein(n, arg))
                .copied()
                .unwrap_or(DEFAULT_PROFILE);
            Diagnostic::error(format!("there is no built-in print profile `{arg}`")).hint(format!(
                "did you mean `{best}`? built in: {}; or give a profile file (*.toml)",
                names.join(", ")
            ))
        })
    }

    /// Parses and validates a profile file's text, and loads its ICC profile.
    pub fn parse(source: Source) -> Result<PrintProfile> {
        let mut p: PrintProfile =
            toml::from_str(&source.text).map_err(|e| Diagnostic::from_toml(&source, &e))?;
        p.source = source;
        p.validate()?;
        p.icc = p.load_icc()?;
        Ok(p)
    }

    /// Applies command-line overrides and validates the result again.
    pub fn apply(&mut self, o: &Overrides) -> Result<()> {
        if let Some(b) = o.bleed {
            self.bleed = b;
            self.overrides.push(format!("--bleed {b}"));
        }
        if let Some(m) = o.marks {
            self.marks.crop = m;
            self.overrides
                .push(if m { "--marks" } else { "--no-marks" }.into());
        }
        if let Some(x) = o.pdfx {
            self.pdfx = x;
            self.overrides.push(format!("--pdfx {}", x.label()));
        }
        if let Some(t) = o.outline_text {
            self.text.outline = t;
            self.overrides.push("--outline-text".into());
        }
        self.validate()
    }

    /// The name with any overrides, for the report and the slug line.
    pub fn display_name(&self) -> String {
        if self.overrides.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.overrides.join(" "))
        }
    }

    /// An error at a key's value in the profile file; for a key the command line
    /// overrode, an error naming the flag instead.
    fn err(&self, path: &[&str], message: String, hint: &str) -> Box<Diagnostic> {
        let flag = "--bleed";
        if path == ["bleed"] && self.overrides.iter().any(|o| o.starts_with(flag)) {
            return Diagnostic::error(format!("{flag}: {message}")).hint(hint);
        }
        let d = match self.source.span_of(path) {
            Some(span) => Diagnostic::at(&self.source, span, message),
            None => Diagnostic::in_file(&self.source.path, message),
        };
        d.hint(hint)
    }

    fn validate(&self) -> Result<()> {
        let checks = self.sheet_checks().into_iter().chain(self.image_checks());
        for (path, ok, message, hint) in checks {
            if !ok {
                return Err(self.err(path, message, hint));
            }
        }
        Ok(())
    }

    /// The rules for the sheet (bleed, ink, marks) as data: a failed one is reported at its key.
    fn sheet_checks(&self) -> Vec<Check> {
        let (b, m) = (self.bleed, &self.marks);
        let within = |v: Length, lo: f64, hi: f64| (lo..=hi).contains(&v.pt());
        vec![
            (
                &["name"],
                !self.name.trim().is_empty(),
                "the profile has an empty name".into(),
                "give it a short name such as \"offset-x1a\"",
            ),
            (
                &["bleed"],
                within(b, 0.0, mm(20.0)),
                format!("bleed {b} is impossible"),
                "use a bleed between 0mm and 20mm (shops usually want 3mm)",
            ),
            (
                &["ink_limit"],
                (100.0..=400.0).contains(&self.ink_limit),
                format!("ink_limit = {}% is impossible", self.ink_limit),
                "total ink lies between 100% (one full ink) and 400% (all four); offset on coated paper is usually 300-330%",
            ),
            (
                &["marks", "gap"],
                within(m.gap, 0.0, mm(10.0)),
                format!("marks.gap {} is out of range", m.gap),
                "use a gap between 0mm and 10mm beyond the bleed",
            ),
            (
                &["marks", "length"],
                within(m.length, mm(2.0), mm(20.0)),
                format!("marks.length {} is out of range", m.length),
                "use a length between 2mm and 20mm",
            ),
            (
                &["marks", "weight"],
                within(m.weight, 0.05, 2.0),
                format!("marks.weight {:.2}pt is out of range", m.weight.pt()),
                "crop marks are hairlines: use 0.25pt (between 0.05pt and 2pt)",
            ),
        ]
    }

    /// The rules for images and the output intent.
    fn image_checks(&self) -> Vec<Check> {
        let i = &self.images;
        vec![
            (
                &["images", "refuse_below_ppi"],
                (0.0..=1200.0).contains(&i.refuse_below_ppi),
                format!("refuse_below_ppi = {} is impossible", i.refuse_below_ppi),
                "use a resolution between 0 and 1200 ppi (150 is usual)",
            ),
            (
                &["images", "warn_below_ppi"],
                (i.refuse_below_ppi..=2400.0).contains(&i.warn_below_ppi),
                format!(
                    "warn_below_ppi = {} is below refuse_below_ppi = {}",
                    i.warn_below_ppi, i.refuse_below_ppi
                ),
                "warn at a resolution at least as high as the one refused (300 is usual)",
            ),
            (
                &["images", "jpeg_quality"],
                (50..=100).contains(&i.jpeg_quality),
                format!("jpeg_quality = {} is out of range", i.jpeg_quality),
                "use a quality between 50 and 100 (92 keeps a photograph's detail)",
            ),
            (
                &["output_intent", "identifier"],
                !self.output_intent.identifier.trim().is_empty(),
                "the output intent has no identifier".into(),
                "name the printing condition, e.g. \"FOGRA39\" (PDF/X requires OutputConditionIdentifier)",
            ),
        ]
    }

    /// Reads the output intent's ICC profile and checks it is a CMYK output profile.
    fn load_icc(&self) -> Result<Cow<'static, [u8]>> {
        let name = &self.output_intent.icc;
        let at = |message: String, hint: &str| self.err(&["output_intent", "icc"], message, hint);
        let bytes: Cow<'static, [u8]> = if let Some(file) = name.strip_prefix("bundled:") {
            let found = BUNDLED_ICC.iter().find(|(n, _)| *n == file);
            Cow::Borrowed(found.map(|f| f.1).ok_or_else(|| {
                at(
                    format!("there is no bundled ICC profile `{file}`"),
                    "bundled: FOGRA39L_coated.icc; or give a path to a .icc file",
                )
            })?)
        } else {
            let dir = self.source.path.parent().unwrap_or(Path::new("."));
            let path = dir.join(name);
            Cow::Owned(
                crate::source::read_bytes(&path, crate::source::limits::ICC).map_err(|e| {
                    at(
                        format!("cannot read the ICC profile {}: {e}", path.display()),
                        "the path is relative to the profile file",
                    )
                })?,
            )
        };
        let head = |r: std::ops::Range<usize>| bytes.get(r).unwrap_or_default();
        if head(36..40) != b"acsp" || head(16..20) != b"CMYK" || head(12..16) != b"prtr" {
            return Err(at(
                format!("`{name}` is not a CMYK output (printer) ICC profile"),
                "PDF/X needs the CMYK profile of the printing condition as DestOutputProfile",
            ));
        }
        // A bundled profile is known to read (profile::tests): parsing its 120 KB of tables
        // at every render cost more than the rest of loading the profile.
        let bundled = matches!(bytes, Cow::Borrowed(_));
        if !bundled && moxcms::ColorProfile::new_from_slice(&bytes).is_err() {
            return Err(at(
                format!("the ICC profile `{name}` cannot be read"),
                "export the profile again (ICC v2 or v4)",
            ));
        }
        Ok(bytes)
    }

    /// Checks the colours a layout uses against this profile: none above the ink
    /// limit, no text in rich black. Errors point at the layout's colour.
    pub fn check_layout(&self, layout: &Layout) -> Result<()> {
        for (path, colour, is_text) in layout_colours(layout) {
            let key = path.join(".");
            if let Some((message, hint)) = self.colour_problem(&key, colour, is_text) {
                let keys: Vec<&str> = path.iter().map(String::as_str).collect();
                let d = match layout.locate(&keys) {
                    Some((src, span)) => Diagnostic::at(src, span, message),
                    None => Diagnostic::in_file(&layout.source.path, message),
                };
                return Err(d.hint(hint));
            }
        }
        Ok(())
    }

    /// What is wrong with colour `key` for this profile (above the ink limit, or rich
    /// black where text is drawn in it), as a message and a hint.
    pub fn colour_problem(
        &self,
        key: &str,
        colour: Cmyk,
        is_text: bool,
    ) -> Option<(String, String)> {
        let ink = total_ink(colour);
        if ink > self.ink_limit + 1e-6 {
            return Some((
                format!(
                    "{key} uses {ink:.0}% total ink; the print profile `{}` allows {:.0}%",
                    self.name, self.ink_limit
                ),
                "lower its C, M, Y or K, or use a profile with a higher ink_limit".into(),
            ));
        }
        let [c, m, y, k] = colour.0;
        if is_text && k >= 1.0 - 1e-9 && c + m + y > 0.0 {
            return Some((
                format!(
                    "{key} is rich black ({}): small text in four inks misregisters",
                    percent(colour)
                ),
                "set text black as [0, 0, 0, 100]".into(),
            ));
        }
        None
    }
}

/// The colours a layout uses: key path, colour, and whether text is drawn in it. A
/// style or frame in the accent is checked as the accent, at `[colors] accent`.
pub fn layout_colours(layout: &Layout) -> Vec<(Vec<String>, Cmyk, bool)> {
    let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut out = Vec::new();
    let accent_in_text = layout
        .named_styles()
        .iter()
        .any(|(_, s)| s.color == crate::layout::Paint::Accent);
    if let Some(accent) = layout.colors.accent {
        out.push((path(&["colors", "accent"]), accent, accent_in_text));
    }
    for (name, style) in layout.named_styles() {
        if let crate::layout::Paint::Cmyk(c) = style.color {
            out.push((path(&["styles", name, "color"]), c, true));
        }
    }
    for (name, f) in layout.frames_in_order() {
        for (key, paint) in [("fill", f.fill), ("rule_color", f.rule_color)] {
            if let Some(crate::layout::Paint::Cmyk(c)) = paint {
                out.push((path(&["frames", name, key]), c, false));
            }
        }
    }
    out
}

/// Total ink of a colour, in percent.
pub fn total_ink(c: Cmyk) -> f64 {
    c.0.iter().sum::<f64>() * 100.0
}

fn percent(c: Cmyk) -> String {
    let p = c.0.map(|v| format!("{:.0}", v * 100.0));
    format!("[{}]", p.join(", "))
}

#[cfg(test)]
mod tests;
