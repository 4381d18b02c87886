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
            let mut width = grid.place(f).map_or(0.0, |b| b.width) - 2.0 * f.padding.pt();
            if imprint_alone(f) {
                // The imprint in columns of about 80 characters (flow/imprint.rs).
                width = crate::flow::imprint::ImprintColumns::of(layout, width).measure;
            }
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

/// The interview's pictures, loaded (JPEGs only as far as their headers).
pub(crate) struct Pictures {
    /// The document's images.
    pub images: Vec<Image>,
    /// Which of them is the portrait.
    pub portrait: Option<usize>,
    /// Which of them is the logo.
    pub logo: Option<usize>,
}

impl Pictures {
    /// Loads the portrait and the logo; an error points at the interview's key.
    pub fn load(interview: &Interview) -> Result<Pictures> {
        let mut out = Pictures {
            images: Vec::new(),
            portrait: None,
            logo: None,
        };
        if let Some(p) = &interview.portrait {
            let image = match &p.bytes {
                Some(bytes) => crate::image::decode(&p.path, bytes.clone()),
                None => crate::image::load(&p.path),
            };
            out.images
                .push(at_key(interview, image, &p.path, p.span.clone())?);
            out.portrait = Some(out.images.len() - 1);
        }
        if let Some(logo) = &interview.campaign.logo {
            let path = logo.get_ref();
            let image = at_key(interview, crate::image::load(path), path, logo.span())?;
            out.images.push(image);
            out.logo = Some(out.images.len() - 1);
        }
        Ok(out)
    }
}

impl Pictures {
    /// What each image is, for messages.
    pub fn names(&self) -> Vec<&'static str> {
        (0..self.images.len())
            .map(|i| {
                if Some(i) == self.logo {
                    "logo"
                } else {
                    "portrait"
                }
            })
            .collect()
    }
}

/// An image error pointed at the interview's key that names the file.
fn at_key(
    interview: &Interview,
    image: Result<Image>,
    path: &std::path::Path,
    span: std::ops::Range<usize>,
) -> Result<Image> {
    let at = span.start;
    image.map_err(|mut d| {
        // Point at the interview's `file = …`, where the user fixes it.
        d.message = format!("{} ({})", d.message, path.display());
        d.location = Some(interview.source.location(at));
        d.excerpt = Some(interview.source.excerpt(span));
        d
    })
}

/// A picture refused for print (too coarse, too large, not convertible), at the key
/// that names it.
pub(crate) fn picture_error(interview: &Interview, message: String) -> Box<Diagnostic> {
    // What to do depends on what is wrong: too coarse, too large, or not convertible.
    let hint = if message.contains(" ppi") {
        "use a picture with more pixels (300 ppi at the placed size), or a profile that accepts it"
    } else if message.contains("too large") {
        "scale the picture down: 300 ppi at the placed size is enough (about 700 × 900 pixels for the default layout)"
    } else {
        "export the picture again as an sRGB JPEG, or print with the digital-x4 profile, which keeps it as it is"
    };
    let mut d = Diagnostic::error(message.clone()).hint(hint);
    let logo = interview.campaign.logo.as_ref().map(|l| l.span());
    let portrait = interview.portrait.as_ref().map(|p| p.span.clone());
    let span = if message.starts_with("the logo") {
        logo
    } else {
        portrait
    };
    if let Some(span) = span {
        d.location = Some(interview.source.location(span.start));
        d.excerpt = Some(interview.source.excerpt(span));
    }
    d
}

/// A frame that holds the imprint and nothing else sets it in columns.
pub(crate) fn imprint_alone(f: &crate::layout::FrameSpec) -> bool {
    f.content.0 == [Content::Imprint]
}

/// Frames that draw a picture, a code or a band, with what they draw.
pub(crate) fn pictures(
    layout: &Layout,
    interview: &Interview,
    pictures: &Pictures,
) -> Result<Vec<(String, Drawn)>> {
    let image = |index: Option<usize>, cover: bool| {
        index.map(|image| {
            let i = &pictures.images[image];
            // As it is shown: a JPEG's orientation may turn it.
            let (w, h) = i.displayed();
            Drawn::Image {
                image,
                aspect: w as f64 / h as f64,
                cover,
            }
        })
    };
    let mut out = Vec::new();
    for (name, f) in layout.frames_in_order() {
        let drawn = match f.first() {
            Content::Portrait => image(pictures.portrait, true),
            Content::Logo => image(pictures.logo, false),
            Content::Qr => qr(interview)?,
            Content::Band => Some(Drawn::Band),
            _ => None,
        };
        out.extend(drawn.map(|d| (name.to_string(), d)));
    }
    Ok(out)
}

/// The website as a QR code, when the interview gives one.
fn qr(interview: &Interview) -> Result<Option<Drawn>> {
    let Some(site) = &interview.campaign.website else {
        return Ok(None);
    };
    let (size, dark) = crate::qr::encode(site.get_ref()).map_err(|m| {
        Diagnostic::at(&interview.source, site.span(), m).hint("use a shorter address")
    })?;
    Ok(Some(Drawn::Qr { size, dark }))
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

/// The interview's party colour checked against the print profile (ink limit, and rich
/// black when the layout sets text in the accent), at the interview's `party_color`.
pub(crate) fn check_party_color(
    interview: &Interview,
    layout: &Layout,
    profile: &crate::profile::PrintProfile,
) -> Result<()> {
    let Some(c) = &interview.campaign.party_color else {
        return Ok(());
    };
    let in_text = layout
        .named_styles()
        .iter()
        .any(|(_, s)| s.color == crate::layout::Paint::Accent);
    match profile.colour_problem("campaign.party_color", *c.get_ref(), in_text) {
        Some((message, hint)) => {
            Err(Diagnostic::at(&interview.source, c.span(), message).hint(hint))
        }
        None => Ok(()),
    }
}
