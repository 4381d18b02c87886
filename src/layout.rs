//! The layout file: page, columns, fonts, frames and styles. It holds the design;
//! the interview holds the words. The built-in default is `layouts/default.toml`.

use crate::diag::{Diagnostic, Result};
use crate::source::Source;
use crate::units::{Cmyk, Length, mm};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The built-in layout's text, compiled in so `render` needs no files.
pub const DEFAULT_LAYOUT: &str = include_str!("../layouts/default.toml");

/// A validated layout.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// Page size, margins, columns.
    pub page: PageSpec,
    /// Font names used by styles, mapped to `bundled:FILE` or a path.
    pub fonts: BTreeMap<String, String>,
    /// Headline block across the columns of page 1.
    pub header: HeaderSpec,
    /// Portrait frame at the top of column 1.
    pub portrait: PortraitSpec,
    /// Spacing of body text.
    pub body: BodySpec,
    /// Imprint zone at the foot of the last page.
    pub imprint: ImprintSpec,
    /// Text styles.
    pub styles: Styles,
    /// Hyphenation switch and extra exceptions (optional table).
    #[serde(default)]
    pub hyphenation: HyphenationSpec,
    /// Where the layout came from, for messages and relative font paths.
    #[serde(skip, default = "default_source")]
    pub source: Source,
}

fn default_source() -> Source {
    Source::new("<built-in layout>", "")
}

/// Page geometry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageSpec {
    /// Trimmed page width.
    pub width: Length,
    /// Trimmed page height.
    pub height: Length,
    /// Sides the leaflet may use (1 or 2).
    pub pages: u32,
    /// Number of text columns.
    pub columns: u32,
    /// Space between columns.
    pub gutter: Length,
    /// Top margin.
    pub margin_top: Length,
    /// Bottom margin.
    pub margin_bottom: Length,
    /// Left margin.
    pub margin_left: Length,
    /// Right margin.
    pub margin_right: Length,
}

/// The header (headline and role line).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderSpec {
    /// Space between the header rule and the columns.
    pub space_below: Length,
    /// Rule thickness under the header (0 for none).
    pub rule: Length,
    /// Rule colour.
    pub rule_color: Cmyk,
}

/// The portrait frame.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortraitSpec {
    /// Height of the picture (its width is one column).
    pub height: Length,
    /// Space between picture and caption.
    pub caption_gap: Length,
    /// Space below the caption.
    pub space_below: Length,
}

/// Body spacing.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodySpec {
    /// First-line indent of a paragraph following another.
    pub indent: Length,
    /// Space after the lead.
    pub lead_space_below: Length,
    /// Space above each question.
    pub question_space_above: Length,
    /// Space between a question and its answer.
    pub question_space_below: Length,
}

/// The imprint zone.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImprintSpec {
    /// Space between the columns and the imprint rule.
    pub space_above: Length,
    /// Rule thickness above the imprint (0 for none).
    pub rule: Length,
}

/// Hyphenation settings.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HyphenationSpec {
    /// Hyphenate lead and answers (headline, questions and captions never are).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// An exceptions file relative to the layout: one word per line, hyphens at every break.
    pub exceptions: Option<String>,
}

fn yes() -> bool {
    true
}

impl Default for HyphenationSpec {
    fn default() -> Self {
        HyphenationSpec {
            enabled: true,
            exceptions: None,
        }
    }
}

/// All text styles.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Styles {
    /// Headline.
    pub headline: Style,
    /// Candidate's name under the headline.
    pub name: Style,
    /// Role line under the name.
    pub role: Style,
    /// Lead paragraphs.
    pub lead: Style,
    /// Questions.
    pub question: Style,
    /// Answers.
    pub answer: Style,
    /// Portrait caption.
    pub caption: Style,
    /// Imprint.
    pub imprint: Style,
}

/// One text style.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// A key of `[fonts]`.
    pub font: String,
    /// Font size.
    pub size: Length,
    /// Baseline-to-baseline distance.
    pub leading: Length,
    /// Fill colour.
    pub color: Cmyk,
}

impl Layout {
    /// The built-in default layout.
    pub fn builtin() -> Layout {
        Layout::parse(Source::new("<built-in layout>", DEFAULT_LAYOUT))
            .expect("the built-in layout is valid: tested in layout::tests")
    }

    /// Parses and validates a layout file's text.
    pub fn parse(source: Source) -> Result<Layout> {
        let mut layout: Layout =
            toml::from_str(&source.text).map_err(|e| Diagnostic::from_toml(&source, &e))?;
        layout.source = source;
        layout.validate()?;
        Ok(layout)
    }

    /// Width of the text area (all columns and gutters).
    pub fn text_width(&self) -> f64 {
        self.page.width.pt() - self.page.margin_left.pt() - self.page.margin_right.pt()
    }

    /// Width of one column.
    pub fn column_width(&self) -> f64 {
        let n = self.page.columns as f64;
        (self.text_width() - (n - 1.0) * self.page.gutter.pt()) / n
    }

    /// The styles with their names, for checks and messages.
    pub fn named_styles(&self) -> [(&'static str, &Style); 8] {
        let s = &self.styles;
        [
            ("headline", &s.headline),
            ("name", &s.name),
            ("role", &s.role),
            ("lead", &s.lead),
            ("question", &s.question),
            ("answer", &s.answer),
            ("caption", &s.caption),
            ("imprint", &s.imprint),
        ]
    }

    fn err(&self, path: &[&str], message: String, hint: &str) -> Box<Diagnostic> {
        let d = match self.source.span_of(path) {
            Some(span) => Diagnostic::at(&self.source, span, message),
            None => Diagnostic::in_file(&self.source.path, message),
        };
        d.hint(hint)
    }

    fn validate(&self) -> Result<()> {
        self.validate_page()?;
        for (name, style) in self.named_styles() {
            self.validate_style(name, style)?;
        }
        self.validate_frames()
    }

    fn validate_page(&self) -> Result<()> {
        let p = &self.page;
        let in_range = |v: Length, lo: f64, hi: f64| (mm(lo)..=mm(hi)).contains(&v.pt());
        let checks: [(&str, bool, String, &str); 5] = [
            (
                "width",
                in_range(p.width, 50.0, 1000.0),
                format!("page width {} is not a printable page", p.width),
                "use a width between 50mm and 1000mm (A4 is 210mm)",
            ),
            (
                "height",
                in_range(p.height, 50.0, 1000.0),
                format!("page height {} is not a printable page", p.height),
                "use a height between 50mm and 1000mm (A4 is 297mm)",
            ),
            (
                "pages",
                (1..=2).contains(&p.pages),
                format!("pages = {} is not allowed", p.pages),
                "a leaflet has 1 or 2 sides",
            ),
            (
                "columns",
                (1..=6).contains(&p.columns),
                format!("columns = {} is not allowed", p.columns),
                "use 1 to 6 columns",
            ),
            (
                "gutter",
                in_range(p.gutter, 0.0, 30.0),
                format!("gutter {} is out of range", p.gutter),
                "use a gutter between 0mm and 30mm",
            ),
        ];
        for (key, ok, message, hint) in checks {
            if !ok {
                return Err(self.err(&["page", key], message, hint));
            }
        }
        self.validate_margins()
    }

    fn validate_margins(&self) -> Result<()> {
        let p = &self.page;
        let margins = [
            ("margin_top", p.margin_top),
            ("margin_bottom", p.margin_bottom),
            ("margin_left", p.margin_left),
            ("margin_right", p.margin_right),
        ];
        for (key, m) in margins {
            // Print shops trim with ±1 mm tolerance; text closer than 3 mm to the trim may be cut.
            if m.pt() < mm(3.0) || m.pt() > p.width.pt().min(p.height.pt()) / 3.0 {
                return Err(self.err(&["page", key], format!("{key} = {m} is out of range"), "margins must be at least 3mm (the trim's safe zone) and less than a third of the page"));
            }
        }
        if self.column_width() < mm(25.0) {
            return Err(self.err(
                &["page", "columns"],
                format!(
                    "columns would be {} wide, too narrow to set text",
                    Length(self.column_width())
                ),
                "use fewer columns, a smaller gutter or smaller margins (at least 25mm a column)",
            ));
        }
        Ok(())
    }

    fn validate_style(&self, name: &str, s: &Style) -> Result<()> {
        if !self.fonts.contains_key(&s.font) {
            let names: Vec<&str> = self.fonts.keys().map(String::as_str).collect();
            let best = names.iter().min_by_key(|n| strsim::levenshtein(n, &s.font));
            let hint = match best {
                Some(b) => format!(
                    "did you mean \"{b}\"? fonts defined in [fonts]: {}",
                    names.join(", ")
                ),
                None => "define the font under [fonts]".to_string(),
            };
            return Err(self.err(
                &["styles", name, "font"],
                format!(
                    "style `{name}` uses font \"{}\", which [fonts] does not define",
                    s.font
                ),
                &hint,
            ));
        }
        let min = if name == "imprint" { 6.0 } else { 4.0 };
        if !(min..=200.0).contains(&s.size.pt()) {
            return Err(self.err(
                &["styles", name, "size"],
                format!("style `{name}` has size {:.1}pt", s.size.pt()),
                &format!(
                    "use a size between {min}pt and 200pt{}",
                    if name == "imprint" {
                        " (the imprint must stay legible: never below 6pt)"
                    } else {
                        ""
                    }
                ),
            ));
        }
        if s.leading.pt() < s.size.pt() * 0.8 || s.leading.pt() > s.size.pt() * 4.0 {
            return Err(self.err(
                &["styles", name, "leading"],
                format!(
                    "style `{name}` has leading {:.1}pt for a {:.1}pt size",
                    s.leading.pt(),
                    s.size.pt()
                ),
                "use a leading between 0.8 and 4 times the size (1.2 times is usual)",
            ));
        }
        Ok(())
    }

    fn validate_frames(&self) -> Result<()> {
        let text_height =
            self.page.height.pt() - self.page.margin_top.pt() - self.page.margin_bottom.pt();
        if self.portrait.height.pt() < mm(10.0) || self.portrait.height.pt() > text_height * 0.8 {
            return Err(self.err(
                &["portrait", "height"],
                format!(
                    "portrait height {} does not fit the page",
                    self.portrait.height
                ),
                "use a height between 10mm and most of the column",
            ));
        }
        let lengths = [
            (["header", "space_below"], self.header.space_below),
            (["header", "rule"], self.header.rule),
            (["portrait", "caption_gap"], self.portrait.caption_gap),
            (["portrait", "space_below"], self.portrait.space_below),
            (["body", "indent"], self.body.indent),
            (["body", "lead_space_below"], self.body.lead_space_below),
            (
                ["body", "question_space_above"],
                self.body.question_space_above,
            ),
            (
                ["body", "question_space_below"],
                self.body.question_space_below,
            ),
            (["imprint", "space_above"], self.imprint.space_above),
            (["imprint", "rule"], self.imprint.rule),
        ];
        for (path, v) in lengths {
            if !(0.0..=mm(50.0)).contains(&v.pt()) {
                return Err(self.err(
                    &path,
                    format!("{}.{} = {v} is out of range", path[0], path[1]),
                    "use a length between 0mm and 50mm",
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(from: &str, to: &str) -> Result<Layout> {
        assert!(DEFAULT_LAYOUT.contains(from), "{from}");
        Layout::parse(Source::new("l.toml", DEFAULT_LAYOUT.replacen(from, to, 1)))
    }

    #[test]
    fn builtin_is_valid_with_three_columns_of_about_59mm() {
        let l = Layout::builtin();
        assert_eq!(l.page.columns, 3);
        assert!((crate::units::to_mm(l.column_width()) - 58.67).abs() < 0.01);
    }

    #[test]
    fn absurd_numbers_are_refused_with_their_position() {
        let cases = [
            (
                "columns = 3",
                "columns = 40",
                "columns = 40 is not allowed",
                12,
            ),
            ("pages = 2", "pages = 0", "pages = 0", 11),
            (
                "margin_top = \"12mm\"",
                "margin_top = \"1mm\"",
                "margin_top = 1.00mm",
                14,
            ),
            (
                "size = \"6.5pt\"",
                "size = \"5pt\"",
                "style `imprint` has size 5.0pt",
                0,
            ),
            (
                "gutter = \"5mm\"",
                "gutter = \"-5mm\"",
                "gutter -5.00mm",
                13,
            ),
        ];
        for (from, to, want, line) in cases {
            let err = with(from, to).unwrap_err();
            assert!(err.message.contains(want), "{to}: {err}");
            if line > 0 {
                assert_eq!(err.location.as_ref().unwrap().line, line, "{to}: {err}");
            }
        }
    }

    #[test]
    fn unknown_font_name_suggests_one() {
        let err = with("font = \"serif\"", "font = \"serf\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean \"serif\""), "{err}");
    }

    #[test]
    fn unknown_key_is_an_error() {
        let err = with("gutter =", "gutte =").unwrap_err().to_string();
        assert!(err.contains("did you mean `gutter`"), "{err}");
    }

    #[test]
    fn bad_units_are_explained() {
        let err = with("gutter = \"5mm\"", "gutter = \"5px\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a length"), "{err}");
        assert!(err.contains("l.toml:13:"), "{err}");
    }
}
