use super::*;
use crate::units::{mm, to_mm};

fn with(from: &str, to: &str) -> Result<Layout> {
    assert!(DEFAULT_LAYOUT.contains(from), "{from}");
    Layout::parse(Source::new("l.toml", DEFAULT_LAYOUT.replacen(from, to, 1)))
}

/// The error for a changed default layout, with its line.
fn refused(from: &str, to: &str) -> (String, usize) {
    let err = with(from, to).expect_err(to);
    let line = err.location.as_ref().map_or(0, |l| l.line);
    (err.to_string(), line)
}

fn line_of(text: &str) -> usize {
    let at = DEFAULT_LAYOUT.find(text).expect("in the layout");
    DEFAULT_LAYOUT[..at].matches('\n').count() + 1
}

#[test]
fn builtin_is_a4_with_a_story_in_columns_of_about_59mm() {
    let l = Layout::builtin();
    let (w, h) = l.trim();
    assert!((to_mm(w) - 210.0).abs() < 1e-9 && (to_mm(h) - 297.0).abs() < 1e-9);
    assert!((to_mm(l.story_measure()) - 58.67).abs() < 0.01);
    assert_eq!(l.order.first().map(String::as_str), Some("band"));
    assert_eq!(l.order.last().map(String::as_str), Some("imprint"));
}

#[test]
fn every_bundled_layout_is_valid() {
    for (name, _) in BUNDLED {
        let layout = Layout::bundled(name).expect("listed");
        assert!(layout.is_ok(), "{name}: {}", layout.err().unwrap());
    }
    assert!(Layout::bundled("nope").is_none());
}

#[test]
fn absurd_numbers_are_refused_with_their_position() {
    let cases = [
        (
            "columns = 3 ",
            "columns = 40 ",
            "columns = 40 is not allowed",
        ),
        ("sides = \"auto\"", "sides = 0", "sides is 1, 2"),
        (
            "margin_top = \"12mm\"",
            "margin_top = \"1mm\"",
            "margin_top = 1.00mm",
        ),
        ("gutter = \"5mm\"", "gutter = \"-5mm\"", "gutter -5.00mm"),
    ];
    for (from, to, want) in cases {
        let (err, line) = refused(from, to);
        assert!(err.contains(want), "{to}: {err}");
        assert_eq!(line, line_of(from), "{to}: {err}");
    }
    let (err, _) = refused("size = \"6.5pt\"", "size = \"5pt\"");
    assert!(err.contains("style `imprint` has size 5.0pt"), "{err}");
}

#[test]
fn impossible_frames_are_refused_with_their_position_and_a_hint() {
    let cases = [
        // Text within 3 mm of the trim.
        (
            "top = \"12mm\"\nrule",
            "top = \"2mm\"\nrule",
            "frame `header` holds text within 3mm of the trim",
        ),
        // Outside the trim.
        (
            "height = \"94mm\"",
            "height = \"400mm\"",
            "reaches outside the trimmed sheet",
        ),
        // Two text frames on one side that do not give way to each other.
        (
            "cols = [2, 3]\ncolumns = 2",
            "cols = [1, 3]\ncolumns = 3",
            "text frames `story-column-1` and `story-columns-2-3` overlap",
        ),
        // A chain with no frame, and one naming a frame that is not there.
        (
            "chain = [\"story-column-1\", \"story-columns-2-3\", \"story-side-2\"]",
            "chain = []",
            "the story's chain has no frame",
        ),
        (
            "chain = [\"story-column-1\",",
            "chain = [\"story-colum-1\",",
            "did you mean `story-column-1`",
        ),
        // A story frame outside the chain; columns of another measure.
        (
            "columns = 2\n",
            "columns = 1\n",
            "has columns 122.33mm wide, the chain's first frame 58.67mm",
        ),
        (
            "[styles.district]\nfont = \"serif\"\nsize = \"9pt\"\nleading = \"11pt\"\ncolor = [0, 0, 0, 0]\n",
            "",
            "no [styles.district]",
        ),
        (
            "below = [\"portrait\"]",
            "below = [\"portrait\", \"nowhere\"]",
            "names `nowhere`",
        ),
        (
            "cols = [2, 3]",
            "cols = [2, 4]",
            "not a span of the grid's 3 columns",
        ),
    ];
    for (from, to, want) in cases {
        let (err, line) = refused(from, to);
        assert!(err.contains(want), "{to}: {err}");
        assert!(
            err.contains("hint:") || err.contains("help") || line > 0,
            "{err}"
        );
        assert!(line > 0, "{to}: no line in {err}");
    }
}

#[test]
fn frames_that_give_way_in_a_circle_are_refused() {
    let (err, _) = refused(
        "below = [\"header\"]\nclearance",
        "below = [\"caption\"]\nclearance",
    );
    assert!(err.contains("gives way to itself"), "{err}");
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
    let err = with("rule_gap =", "rule_gapp =").unwrap_err().to_string();
    assert!(err.contains("did you mean `rule_gap`"), "{err}");
}

#[test]
fn bad_units_are_explained() {
    let err = with("gutter = \"5mm\"", "gutter = \"5px\"")
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a length"), "{err}");
    assert!(
        err.contains(&format!("l.toml:{}:", line_of("gutter = \"5mm\""))),
        "{err}"
    );
}

#[test]
fn the_grid_places_frames_by_columns_and_millimetres() {
    let l = Layout::builtin();
    let grid = l.grid();
    let b = grid.place(&l.frames["story-columns-2-3"]).unwrap();
    assert!((to_mm(b.x) - (12.0 + 58.6667 + 5.0)).abs() < 1e-3);
    assert!((to_mm(b.width) - (2.0 * 58.6667 + 5.0)).abs() < 1e-3);
    assert!((b.top.unwrap() - mm(297.0 - 12.0)).abs() < 1e-9);
    let header = grid.place(&l.frames["header"]).unwrap();
    assert_eq!(header.bottom, None, "its height comes from its text");
    let portrait = grid.place(&l.frames["portrait"]).unwrap();
    assert!((to_mm(portrait.top.unwrap() - portrait.bottom.unwrap()) - 94.0).abs() < 1e-9);
}

/// A frame placed across two ways (grid columns and millimetres) is refused at the
/// second, instead of one of them being silently ignored.
#[test]
fn a_frame_placed_across_two_ways_is_refused() {
    let (err, line) = refused(
        "cols = [1, 1]\nheight = \"94mm\"",
        "cols = [1, 1]\nleft = \"-20mm\"\nheight = \"94mm\"",
    );
    assert!(
        err.contains("`cols` and `left` both place the frame across"),
        "{err}"
    );
    assert_eq!(line, line_of("cols = [1, 1]\nheight = \"94mm\"") + 1);
}

/// The default layout with every `(from, to)` replaced once.
fn edited(edits: &[(&str, &str)]) -> Result<Layout> {
    let mut text = DEFAULT_LAYOUT.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    Layout::parse(Source::new("l.toml", text))
}

/// The default layout on three grid rows, with `edits` after.
fn on_rows(edits: &[(&str, &str)]) -> Result<Layout> {
    let mut all = vec![("gutter = \"5mm\"", "gutter = \"5mm\"\nrows = 3")];
    all.extend_from_slice(edits);
    edited(&all)
}

const PORTRAIT_BY_MM: &str = "cols = [1, 1]\nheight = \"94mm\"";

#[test]
fn the_grid_places_frames_by_rows_from_the_top() {
    let l = on_rows(&[(PORTRAIT_BY_MM, "cols = [1, 1]\nrows = [1, 2]")]).unwrap();
    let grid = l.grid();
    // 297 - 2 × 12 mm of margins, less two row gutters (the column gutter, 5 mm), in 3.
    let row = (297.0 - 24.0 - 2.0 * 5.0) / 3.0;
    assert!((to_mm(grid.row_height()) - row).abs() < 1e-9);
    let b = grid.place(&l.frames["portrait"]).unwrap();
    assert!((to_mm(b.top.unwrap()) - (297.0 - 12.0)).abs() < 1e-9);
    let height = to_mm(b.top.unwrap() - b.bottom.unwrap());
    assert!((height - (2.0 * row + 5.0)).abs() < 1e-9, "{height}");
    // A row gutter of its own; the last row ends at the bottom margin.
    let l = on_rows(&[
        ("rows = 3", "rows = 3\nrow_gutter = \"2mm\""),
        (PORTRAIT_BY_MM, "cols = [1, 1]\nrows = [3, 3]"),
    ])
    .unwrap();
    let b = l.grid().place(&l.frames["portrait"]).unwrap();
    assert!((to_mm(b.bottom.unwrap()) - 12.0).abs() < 1e-9);
    let height = to_mm(b.top.unwrap() - b.bottom.unwrap());
    assert!((height - (273.0 - 4.0) / 3.0).abs() < 1e-9, "{height}");
}

#[test]
fn without_rows_the_grid_has_one_row_the_type_area() {
    let l = Layout::builtin();
    assert_eq!(l.sheet.rows, 1);
    assert!((to_mm(l.grid().row_height()) - 273.0).abs() < 1e-9);
}

/// A display-text frame on rows has both edges fixed, not a height from its text.
#[test]
fn a_text_frame_on_rows_has_both_edges() {
    let l = on_rows(&[("top = \"12mm\"\nrule", "rows = [1, 1]\nrule")]).unwrap();
    let b = l.grid().place(&l.frames["header"]).unwrap();
    assert!(b.top.is_some() && b.bottom.is_some(), "{b:?}");
}

#[test]
fn a_frame_placed_down_two_ways_is_refused_at_the_second() {
    let to = "cols = [1, 1]\nrows = [1, 1]\nheight = \"94mm\"";
    let err = on_rows(&[(PORTRAIT_BY_MM, to)]).expect_err(to);
    let text = err.to_string();
    assert!(
        text.contains("`rows` and `height` both place the frame down"),
        "{text}"
    );
    assert!(text.contains("rows = [first, last]"), "hint: {text}");
    let line = err.location.as_ref().map_or(0, |l| l.line);
    // At `height`: two lines further down than the unedited `height`, for the lines
    // `rows = 3` and `rows = [1, 1]` written above it.
    assert_eq!(line, line_of(PORTRAIT_BY_MM) + 3, "{text}");
}

#[test]
fn rows_out_of_range_are_refused_with_their_position() {
    let cases = [
        (
            "cols = [1, 1]\nrows = [2, 4]",
            "not a span of the grid's 3 rows",
        ),
        (
            "cols = [1, 1]\nrows = [0, 1]",
            "not a span of the grid's 3 rows",
        ),
        (
            "cols = [1, 1]\nrows = [3, 2]",
            "not a span of the grid's 3 rows",
        ),
    ];
    for (to, want) in cases {
        let err = on_rows(&[(PORTRAIT_BY_MM, to)]).expect_err(to);
        assert!(err.to_string().contains(want), "{to}: {err}");
        let line = err.location.as_ref().map_or(0, |l| l.line);
        assert_eq!(line, line_of(PORTRAIT_BY_MM) + 2, "{to}: {err}");
    }
    for (to, want) in [
        ("rows = 0", "rows = 0 is not allowed"),
        ("rows = 25", "rows = 25 is not allowed"),
        (
            "rows = 24\nrow_gutter = \"10mm\"",
            "rows would be too short",
        ),
        (
            "rows = 2\nrow_gutter = \"31mm\"",
            "row_gutter 31.00mm is out of range",
        ),
    ] {
        let err =
            edited(&[("gutter = \"5mm\"", &format!("gutter = \"5mm\"\n{to}"))]).expect_err(to);
        assert!(err.to_string().contains(want), "{to}: {err}");
        assert!(err.location.is_some(), "{to}: {err}");
    }
}

/// Text frames on rows are checked for overlap as any others are.
#[test]
fn text_frames_on_rows_may_not_overlap() {
    let extra = |rows: &str| {
        format!(
            "[frames.extra]\nside = 1\ncontent = \"district\"\ncols = [3, 3]\nrows = {rows}\n\n[frames.imprint]"
        )
    };
    let two_three = "cols = [2, 3]\ncolumns = 2";
    let story_rows = "cols = [2, 3]\nrows = [1, 2]\ncolumns = 2";
    let err = on_rows(&[
        (two_three, story_rows),
        ("[frames.imprint]", &extra("[2, 3]")),
    ])
    .expect_err("overlapping rows");
    assert!(
        err.to_string()
            .contains("text frames `story-columns-2-3` and `extra` overlap"),
        "{err}"
    );
    let fine = on_rows(&[
        (two_three, story_rows),
        ("[frames.imprint]", &extra("[3, 3]")),
    ]);
    assert!(fine.is_ok(), "{}", fine.err().unwrap());
}

#[test]
fn copyfit_ranges_and_fillers_are_checked_where_they_are_written() {
    let cases = [
        (
            "size = [\"9pt\", \"9.5pt\"]",
            "size = [\"11pt\", \"9pt\"]",
            "the size range runs from 11pt down to 9pt",
        ),
        (
            "size = [\"9pt\", \"9.5pt\"]",
            "size = [\"2pt\", \"9pt\"]",
            "is not one a reader can read",
        ),
        (
            "leading = [\"11.5pt\", \"13.5pt\"]",
            "leading = [\"8pt\", \"13.5pt\"]",
            "lines would touch",
        ),
        (
            "filler = [\"quote\", \"call-to-action\"]",
            "filler = \"qoute\"",
            "the filler `qoute` is not a frame",
        ),
        (
            "filler = [\"quote\", \"call-to-action\"]",
            "filler = \"story-side-2\"",
            "holds the story itself",
        ),
        (
            "filler = [\"quote\", \"call-to-action\"]",
            "filler = 3",
            "give a frame name, or a list",
        ),
    ];
    for (from, to, want) in cases {
        let (err, line) = refused(from, to);
        assert!(err.contains(want), "{to}: {err}");
        assert_eq!(line, line_of(from), "{to}: {err}");
    }
}

#[test]
fn a_filler_fixed_at_both_edges_cannot_grow() {
    let err = with(
        "[frames.quote]\nside = 2",
        "[frames.quote]\nbottom = \"150mm\"\nside = 2",
    )
    .expect_err("fixed");
    assert!(err.to_string().contains("cannot grow"), "{err}");
}
