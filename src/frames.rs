//! Between style and flow: which frames of the layout this interview fills. A frame
//! whose content the interview does not give is left out (its space goes to the
//! frames that give way to it), unless the layout marks it `required`.

use crate::diag::{Diagnostic, Result};
use crate::flow::Drawn;
use crate::image::Image;
use crate::interview::Interview;
use crate::layout::{Content, Layout};
use crate::style::{Block, Blocks};

/// Frames of display texts with the blocks they show and their measure, in drawing order.
pub(crate) fn display_jobs<'a>(
    layout: &'a Layout,
    blocks: &'a Blocks,
) -> Vec<(&'a str, f64, Vec<&'a Block>)> {
    let grid = layout.grid();
    layout
        .frames_in_order()
        .filter(|(_, f)| f.content.0.iter().all(|c| c.is_display()))
        .filter_map(|(name, f)| {
            let width = grid.place(f).map_or(0.0, |b| b.width) - 2.0 * f.padding.pt();
            let shown: Vec<&Block> = f
                .content
                .0
                .iter()
                .filter_map(|c| blocks.display(*c))
                .collect();
            (!shown.is_empty()).then_some((name, width, shown))
        })
        .collect()
}

/// Frames that draw a picture, a code or a band, with what they draw.
pub(crate) fn pictures(layout: &Layout, portrait: Option<&Image>) -> Vec<(String, Drawn)> {
    let mut out = Vec::new();
    for (name, f) in layout.frames_in_order() {
        let drawn = match f.first() {
            Content::Portrait => portrait.map(|p| Drawn::Image {
                image: 0,
                aspect: p.width as f64 / p.height as f64,
                cover: true,
            }),
            Content::Band => Some(Drawn::Band),
            _ => None,
        };
        out.extend(drawn.map(|d| (name.to_string(), d)));
    }
    out
}

/// A `required` frame whose content the interview does not give is an error naming the
/// interview key to fill in.
pub(crate) fn check_required(
    interview: &Interview,
    layout: &Layout,
    blocks: &Blocks,
    pictures: &[(String, Drawn)],
) -> Result<()> {
    for (name, f) in layout.frames_in_order().filter(|(_, f)| f.required) {
        let given = f.content.0.iter().all(|c| match c {
            Content::Story | Content::Band => true,
            c if c.is_display() => blocks.display(*c).is_some(),
            _ => pictures.iter().any(|(n, _)| n == name),
        });
        if !given {
            let missing = f
                .content
                .0
                .iter()
                .find(|c| !c.is_display() || blocks.display(**c).is_none());
            let key = missing.map_or("?", |c| c.interview_key());
            return Err(Diagnostic::in_file(
                &interview.source.path,
                format!("the layout's frame `{name}` is required, and the interview has no {key}"),
            )
            .hint(format!(
                "add {key} to the interview, or use a layout that does not require it"
            )));
        }
    }
    Ok(())
}
