//! The JSON report (`--report`): what a designer or a shop's script needs to know
//! about a render. Field names are stable and documented in README.

use crate::flow::PlacedLine;
use crate::units::to_mm;
use serde::Serialize;

/// The report of one render.
#[derive(Serialize, Debug, Clone)]
pub struct Report {
    /// Format version of this report.
    pub version: u32,
    /// Whether a PDF was produced.
    pub ok: bool,
    /// The error, when no PDF was produced.
    pub error: Option<String>,
    /// Pages (sides) used.
    pub pages: usize,
    /// Smallest font size drawn, in points.
    pub smallest_font_size_pt: f64,
    /// The portrait, if any.
    pub portrait: Option<PortraitReport>,
    /// Text that did not fit, if any.
    pub overflow: Option<Overflow>,
    /// How the file was made for print (absent when the render failed).
    pub print: Option<PrintReport>,
    /// Totals over the body lines.
    pub totals: Totals,
    /// Every line, in reading order.
    pub lines: Vec<LineReport>,
    /// Warnings.
    pub warnings: Vec<String>,
}

/// Text that did not fit.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Overflow {
    /// The block where the overflow starts ("question 5 answer").
    pub block: String,
    /// Lines that did not fit.
    pub lines: usize,
}

/// The portrait as placed.
#[derive(Serialize, Debug, Clone)]
pub struct PortraitReport {
    /// Pixel size.
    pub pixels: [u32; 2],
    /// Resolution at the placed size (the lower of both axes), pixels per inch.
    pub effective_ppi: f64,
    /// How it was embedded.
    pub embedding: String,
}

/// How the PDF was made for print.
#[derive(Serialize, Debug, Clone)]
pub struct PrintReport {
    /// The print profile's name.
    pub profile: String,
    /// Settings the command line overrode ("--no-marks").
    pub overrides: Vec<String>,
    /// The PDF/X flavour ("PDF/X-1a:2001", "PDF/X-4").
    pub pdfx: String,
    /// The output intent's OutputConditionIdentifier ("FOGRA39").
    pub output_condition: String,
    /// Bleed on every side, millimetres.
    pub bleed_mm: f64,
    /// Crop marks drawn.
    pub marks: bool,
    /// Slug line drawn.
    pub slug_line: bool,
    /// Glyphs outlined (with an invisible text layer).
    pub outline_text: bool,
    /// Width and height of the sheet (MediaBox), millimetres.
    pub sheet_mm: Option<[f64; 2]>,
    /// The profile's total ink limit, percent.
    pub ink_limit_pct: f64,
    /// The highest total ink drawn (vector colours and converted images), percent.
    pub max_ink_pct: f64,
    /// Every image, as embedded.
    pub images: Vec<ImageReport>,
}

/// One image as embedded.
#[derive(Serialize, Debug, Clone)]
pub struct ImageReport {
    /// Pixel size.
    pub pixels: [u32; 2],
    /// Resolution at the placed size (the lower of both axes), when placed.
    pub effective_ppi: Option<f64>,
    /// The colour conversion done (or "passed through").
    pub conversion: String,
    /// The highest total ink of its pixels, percent, when computed here.
    pub max_ink_pct: Option<f64>,
}

/// Line statistics.
#[derive(Serialize, Debug, Clone, Default)]
pub struct Totals {
    /// Lines of all kinds.
    pub lines: usize,
    /// Lines ending with a discretionary hyphen.
    pub hyphenated: usize,
    /// Justified lines stretched beyond ratio 1 (looser than the glue allows).
    pub stretched_beyond_1: usize,
    /// Largest adjustment ratio among justified lines.
    pub max_ratio: f64,
}

/// One line as placed.
#[derive(Serialize, Debug, Clone)]
pub struct LineReport {
    /// Page, from 1.
    pub page: usize,
    /// Column, from 1 (1 for lines across the page).
    pub column: usize,
    /// Block ("headline", "question 2", "question 2 answer", "imprint", …).
    pub block: String,
    /// Baseline, millimetres from the top trim edge.
    pub baseline_mm: f64,
    /// Left edge, millimetres from the left trim edge.
    pub x_mm: f64,
    /// The line's text as printed.
    pub text: String,
    /// Adjustment ratio of the line's spaces.
    pub ratio: f64,
    /// Whether it ends with a hyphen the breaker added.
    pub hyphen: bool,
}

/// Rounds for a stable, readable report.
fn round(v: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (v * f).round() / f
}

/// The per-line part of the report, with totals; `page_height` turns baselines into top-down millimetres.
pub fn lines(placed: &[PlacedLine], page_height: f64) -> (Vec<LineReport>, Totals) {
    let mut totals = Totals::default();
    let out = placed
        .iter()
        .map(|p| {
            totals.lines += 1;
            totals.hyphenated += p.line.hyphen as usize;
            totals.stretched_beyond_1 += (p.line.ratio > 1.0) as usize;
            totals.max_ratio = totals.max_ratio.max(round(p.line.ratio, 3));
            LineReport {
                page: p.page + 1,
                column: p.column + 1,
                block: p.kind.name(),
                baseline_mm: round(to_mm(page_height - p.baseline), 2),
                x_mm: round(to_mm(p.x), 2),
                text: p.line.text.clone(),
                ratio: round(p.line.ratio, 3),
                hyphen: p.line.hyphen,
            }
        })
        .collect();
    (out, totals)
}

/// The report of a render that failed.
pub fn failed(error: String, overflow: Option<Overflow>) -> Box<Report> {
    Box::new(Report {
        version: 1,
        ok: false,
        error: Some(error),
        pages: 0,
        smallest_font_size_pt: 0.0,
        portrait: None,
        overflow,
        print: None,
        totals: Totals::default(),
        lines: vec![],
        warnings: vec![],
    })
}

/// Rounds a figure for the report.
pub fn rounded(v: f64) -> f64 {
    round(v, 1)
}
