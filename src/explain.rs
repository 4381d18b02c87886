//! Render failures explained in the interview's own terms: which text, at which line,
//! and what to do. Also the early refusal of an interview far longer than its layout
//! holds, so that it costs milliseconds, not seconds.

use crate::diag::{self, Diagnostic, Result};
use crate::interview::Interview;
use crate::layout::Layout;
use crate::{print, units};

/// Points an overflow at the text it names (`question 3 answer`) in the interview file.
pub(crate) fn locate_overflow(
    interview: &Interview,
    d: &Diagnostic,
    block: &str,
) -> Box<Diagnostic> {
    let texts = interview.texts();
    let span = texts
        .iter()
        .find(|(name, _)| name == block)
        .map(|(_, t)| t.span());
    let mut located = match span {
        Some(span) => Diagnostic::at(&interview.source, span, d.message.clone()),
        None => Diagnostic::in_file(&interview.source.path, d.message.clone()),
    };
    located.hints.clone_from(&d.hints);
    located
}

/// Refuses, before any setting, an interview whose text is many times what the pages
/// hold: a 4 MB answer took seconds and gigabytes only to be told it does not fit. The
/// estimate is generous (narrow letters, every line full), so nothing that could fit is
/// refused; what might fit is set and measured exactly.
pub(crate) fn fits_roughly(interview: &Interview, layout: &Layout) -> Result<()> {
    // The smallest setting the copyfit may choose holds the most.
    let body = crate::copyfit::settings(layout)[0];
    let grid = layout.grid();
    // Every line of every story frame (their whole height, as if nothing pushed them).
    let lines: f64 = layout
        .story
        .chain
        .iter()
        .filter_map(|name| {
            let f = layout.frames.get(name)?;
            let b = grid.place(f).ok()?;
            let height = b.top.unwrap_or(0.0) - b.bottom.unwrap_or(0.0);
            let columns = f.columns.unwrap_or(1) as f64;
            Some((height / body.leading.max(1.0)).ceil() * columns)
        })
        .sum();
    // A third of an em per letter is narrower than any Cyrillic text set in a book face.
    let per_line = layout.story_measure() / (body.size / 3.0).max(0.1);
    let capacity = lines * per_line;
    let texts = interview.texts();
    let chars: usize = texts.iter().map(|(_, t)| t.get_ref().chars().count()).sum();
    if (chars as f64) <= capacity * 2.0 {
        return Ok(());
    }
    let (name, longest) = texts
        .iter()
        .max_by_key(|(_, t)| t.get_ref().len())
        .expect("an interview has texts");
    let sides = if layout.sheet.sides.most() == 1 {
        "1 side"
    } else {
        "2 sides"
    };
    Err(Diagnostic::at(
        &interview.source,
        longest.span(),
        format!(
            "the text does not fit: {chars} characters, where {sides} of this layout hold at most about {:.0}; the longest text is the {name}",
            capacity
        ),
    )
    .hint("shorten the text, or use a layout with more room (a larger page, more columns, smaller type)"))
}

/// A word too wide for its column, pointed at in the interview file.
pub(crate) fn overset_error(interview: &Interview, o: &print::Overset) -> Box<Diagnostic> {
    let word = o.text.trim();
    let shown = diag::cut(word, 60);
    let message = format!(
        "«{shown}» is {:.0} mm wide, too wide for its column on page {}, and cannot be set",
        units::to_mm(o.width),
        o.page
    );
    let source = &interview.source;
    // The word as written, else its longest run of letters and digits (the typographic
    // rules may have changed quotes or dashes around it).
    let longest = word
        .split(|c: char| !c.is_alphanumeric())
        .max_by_key(|run| run.len())
        .unwrap_or_default();
    let found = [word, longest]
        .into_iter()
        .filter(|probe| !probe.is_empty())
        .find_map(|probe| source.text.find(probe).map(|at| at..at + probe.len()));
    let d = match found {
        Some(span) => Diagnostic::at(source, span, message),
        None => Diagnostic::in_file(&source.path, message),
    };
    d.hint("break it with a space or a hyphen, or shorten it (a web address: a short link); or choose a wider column in the layout")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn layout(story: &str) -> Layout {
        let text = format!("extends = \"a4-two-sided\"\n[story]\n{story}\n");
        Layout::parse(Source::new("l.toml", &text)).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The example with its answers repeated `k` times.
    fn example_times(k: usize) -> Interview {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/bazeyan/interview.toml"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let (start, end) = (
            text.find("[[qa]]").unwrap(),
            text.find("[imprint]").unwrap(),
        );
        let longer = format!(
            "{}{}{}",
            &text[..start],
            text[start..end].repeat(k),
            &text[end..]
        );
        Interview::parse(Source::new(path, &longer)).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_rough_check_counts_the_smallest_setting_the_copyfit_may_choose() {
        // Fixed at the answer style's own 9.5/12 pt, and a range down to 6/7.5 pt.
        let fixed = layout("size = \"9.5pt\"\nleading = \"12pt\"");
        let range = layout("size = [\"6pt\", \"12pt\"]\nleading = [\"7.5pt\", \"15pt\"]");
        // The first length refused at 9.5/12 pt takes 40 % of the room at 6/7.5 pt, so
        // the range must let it through to be set and measured.
        let k = (1..40)
            .find(|&k| fits_roughly(&example_times(k), &fixed).is_err())
            .expect("some length is refused at 12 pt");
        assert!(fits_roughly(&example_times(k), &range).is_ok());
        assert!(fits_roughly(&example_times(k * 8), &range).is_err());
    }
}
