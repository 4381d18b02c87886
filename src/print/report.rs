//! The report's print section (`--report`, field `print`): what print decided, as the
//! report's JSON shows it. Field names are stable and documented in README.

use serde::Serialize;

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

/// Rounds a figure for the report.
pub fn rounded(v: f64) -> f64 {
    let f = 10f64.powi(1);
    (v * f).round() / f
}
