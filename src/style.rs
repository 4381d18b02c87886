//! The style stage: interview + layout → blocks of paragraphs, each with its
//! typographic style, text already through the language's typographic rules.

use crate::diag::{Diagnostic, Result};
use crate::interview::{Interview, Text};
use crate::layout::{Content, Layout, Style};
use crate::text::font::FontBook;
use crate::text::items::ParStyle;

/// What a block is; flow places each kind differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Headline across the columns of page 1.
    Headline,
    /// The candidate's name under the headline.
    Name,
    /// The candidate's role and party under the name.
    Role,
    /// Lead paragraphs, first in column 1.
    Lead,
    /// A question (its number from 1).
    Question(usize),
    /// The answer to question n.
    Answer(usize),
    /// The portrait caption.
    Caption,
    /// The imprint at the foot of the last page.
    Imprint,
    /// The campaign slogan.
    Slogan,
    /// The pull quote.
    PullQuote,
    /// The call to action.
    CallToAction,
    /// The ballot or list number.
    BallotNumber,
    /// The election date.
    ElectionDate,
    /// The district.
    District,
    /// Website and phone.
    Contacts,
}

impl Kind {
    /// The name a designer reads in messages: "question 4 answer".
    pub fn name(self) -> String {
        match self {
            Kind::Headline => "headline".into(),
            Kind::Name => "candidate name".into(),
            Kind::Role => "role line".into(),
            Kind::Lead => "lead".into(),
            Kind::Question(n) => format!("question {n}"),
            Kind::Answer(n) => format!("question {n} answer"),
            Kind::Caption => "portrait caption".into(),
            Kind::Imprint => "imprint".into(),
            Kind::Slogan => "slogan".into(),
            Kind::PullQuote => "pull quote".into(),
            Kind::CallToAction => "call to action".into(),
            Kind::BallotNumber => "ballot number".into(),
            Kind::ElectionDate => "election date".into(),
            Kind::District => "district".into(),
            Kind::Contacts => "contacts".into(),
        }
    }
}

/// One paragraph with how to set it.
#[derive(Clone, Debug)]
pub struct StyledPar {
    /// Text after the typographic rules.
    pub text: String,
    /// Font, size, colour, justification, hyphenation, indent.
    pub style: ParStyle,
    /// Baseline-to-baseline distance.
    pub leading: f64,
}

/// A block: paragraphs of one kind.
#[derive(Clone, Debug)]
pub struct Block {
    /// What it is.
    pub kind: Kind,
    /// Its paragraphs.
    pub paragraphs: Vec<StyledPar>,
}

/// Everything to be set, in reading order.
#[derive(Clone, Debug)]
pub struct Blocks {
    /// Lead, then question/answer pairs: the story.
    pub body: Vec<Block>,
    /// The display texts the interview gives, by the content a frame shows them as:
    /// headline, name, role, caption, imprint and the campaign's texts.
    pub displays: Vec<(Content, Block)>,
}

impl Blocks {
    /// The display text shown as `content`, if the interview gives it.
    pub fn display(&self, content: Content) -> Option<&Block> {
        self.displays
            .iter()
            .find(|(c, _)| *c == content)
            .map(|(_, b)| b)
    }
}

/// Styles the interview with the layout; fails if a font lacks a character.
pub fn style(interview: &Interview, layout: &Layout, fonts: &FontBook) -> Result<Blocks> {
    check_glyphs(interview, layout, fonts)?;
    let st = Styler {
        layout,
        fonts,
        interview,
    };
    let s = &layout.styles;
    let caption = interview.portrait.as_ref().and_then(|p| p.caption.as_ref());
    let imprint = interview.imprint.paragraphs(interview.lang);
    let mut displays = st.header();
    displays.extend(caption.map(|c| {
        let block = st.display(Kind::Caption, c.get_ref(), &s.caption);
        (Content::Caption, block)
    }));
    let imprint = Block {
        kind: Kind::Imprint,
        paragraphs: imprint.iter().map(|t| st.imprint(t, &s.imprint)).collect(),
    };
    displays.push((Content::Imprint, imprint));
    displays.extend(st.campaign());
    check_chosen_quote(interview, layout, fonts, &displays)?;
    Ok(Blocks {
        body: st.body(),
        displays,
    })
}

/// Turns texts into styled paragraphs for one interview.
struct Styler<'a> {
    layout: &'a Layout,
    fonts: &'a FontBook,
    interview: &'a Interview,
}

impl Styler<'_> {
    /// One paragraph, through the typographic rules of the interview's language.
    fn par(
        &self,
        text: &str,
        st: &Style,
        justify: bool,
        hyphenate: bool,
        indent: f64,
    ) -> StyledPar {
        let style = ParStyle {
            font: self.fonts.id(&st.font),
            size: st.size.pt(),
            color: self.layout.color(st.color, self.accent()),
            justify,
            hyphenate,
            indent,
            // Ragged and unhyphenated: a display line, balanced.
            balance: !justify && !hyphenate,
        };
        StyledPar {
            text: self.interview.typographic(text),
            style,
            leading: st.leading.pt(),
        }
    }

    /// An imprint field: ragged (justified without hyphens, a line of legal text at 6.5 pt
    /// spaced out visibly), never hyphenated (names and addresses), each line as full as
    /// it goes (unlike display lines, not balanced).
    fn imprint(&self, text: &str, st: &Style) -> StyledPar {
        let mut par = self.par(text, st, false, false, 0.0);
        par.style.balance = false;
        par
    }

    /// A one-paragraph block set ragged and never hyphenated: headline, name, role,
    /// question, caption are display lines, not running text.
    fn display(&self, kind: Kind, text: &str, st: &Style) -> Block {
        Block {
            kind,
            paragraphs: vec![self.par(text, st, false, false, 0.0)],
        }
    }

    /// Running text: justified, hyphenated as the layout says, paragraphs after the first indented.
    fn running(&self, kind: Kind, texts: &[Text], st: &Style) -> Block {
        let (indent, hyphenate) = (
            self.layout.body.indent.pt(),
            self.layout.hyphenation.enabled,
        );
        let paragraphs = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                self.par(
                    t.get_ref(),
                    st,
                    true,
                    hyphenate,
                    if i == 0 { 0.0 } else { indent },
                )
            })
            .collect();
        Block { kind, paragraphs }
    }

    fn header(&self) -> Vec<(Content, Block)> {
        let (s, interview) = (&self.layout.styles, self.interview);
        let mut header = vec![
            (
                Content::Headline,
                self.display(Kind::Headline, interview.headline.get_ref(), &s.headline),
            ),
            (
                Content::Name,
                self.display(Kind::Name, interview.candidate.name.get_ref(), &s.name),
            ),
        ];
        header.extend(
            role_line(interview).map(|r| (Content::Role, self.display(Kind::Role, &r, &s.role))),
        );
        header
    }

    /// The party colour, when the interview gives one: it replaces the accent.
    fn accent(&self) -> Option<crate::units::Cmyk> {
        let c = self.interview.campaign.party_color.as_ref()?;
        Some(*c.get_ref())
    }

    /// The campaign's texts that the layout has a style for (only those a frame can show).
    fn campaign(&self) -> Vec<(Content, Block)> {
        let (c, lang) = (&self.interview.campaign, self.interview.lang);
        let text = |t: &Option<crate::interview::Text>| t.as_ref().map(|t| t.get_ref().clone());
        let chosen = || {
            let layout = self.layout;
            let asks = layout
                .frames
                .values()
                .any(|f| f.from_answers && f.content.0.contains(&Content::PullQuote));
            asks.then(|| chosen_quote(self.interview)).flatten()
        };
        let quote = text(&c.pull_quote)
            .or_else(chosen)
            .map(|q| format!("\"{}\"", q.trim()));
        let ballot = text(&c.ballot_number).map(|n| format!("№ {n}"));
        let contacts: Vec<String> = [text(&c.website), text(&c.phone)]
            .into_iter()
            .flatten()
            .collect();
        let shown = [
            (
                Content::Slogan,
                Kind::Slogan,
                text(&c.slogan).into_iter().collect(),
            ),
            (
                Content::PullQuote,
                Kind::PullQuote,
                quote.into_iter().collect(),
            ),
            (
                Content::CallToAction,
                Kind::CallToAction,
                text(&c.call_to_action).into_iter().collect(),
            ),
            (
                Content::BallotNumber,
                Kind::BallotNumber,
                ballot.into_iter().collect(),
            ),
            (
                Content::ElectionDate,
                Kind::ElectionDate,
                c.election_date_text(lang).into_iter().collect(),
            ),
            (
                Content::District,
                Kind::District,
                text(&c.district).into_iter().collect(),
            ),
            (Content::Contacts, Kind::Contacts, contacts),
        ];
        let mut out = Vec::new();
        for (content, kind, texts) in shown {
            let Some(st) = self.layout.style_of(content) else {
                continue;
            };
            if texts.is_empty() {
                continue;
            }
            // A web address prints exactly as its QR code reads: no typographic rules.
            let paragraphs = texts
                .iter()
                .map(|t| match c.website.as_ref().filter(|w| w.get_ref() == t) {
                    Some(_) => self.plain(t, st),
                    None => self.par(t, st, false, false, 0.0),
                })
                .collect();
            out.push((content, Block { kind, paragraphs }));
        }
        out
    }

    /// A paragraph set as written, ragged, not through the typographic rules.
    fn plain(&self, text: &str, st: &Style) -> StyledPar {
        let mut p = self.par("", st, false, false, 0.0);
        p.text = text.to_string();
        p
    }

    fn body(&self) -> Vec<Block> {
        let (s, interview) = (&self.layout.styles, self.interview);
        let mut body = Vec::new();
        if !interview.lead.is_empty() {
            body.push(self.running(Kind::Lead, &interview.lead, &s.lead));
        }
        for (i, qa) in interview.qa.iter().enumerate() {
            body.push(self.display(Kind::Question(i + 1), qa.q.get_ref(), &s.question));
            body.push(self.running(Kind::Answer(i + 1), &qa.a, &s.answer));
        }
        body
    }
}

/// A pull quote chosen from the answers was checked in the answers' font; its own may lack
/// a character.
fn check_chosen_quote(
    interview: &Interview,
    layout: &Layout,
    fonts: &FontBook,
    displays: &[(Content, Block)],
) -> Result<()> {
    let chosen = interview.campaign.pull_quote.is_none();
    let quote = displays.iter().find(|(c, _)| *c == Content::PullQuote);
    let (Some((_, block)), Some(st), true) = (quote, layout.style_of(Content::PullQuote), chosen)
    else {
        return Ok(());
    };
    let font = fonts.get(fonts.id(&st.font));
    let text: String = block.paragraphs.iter().map(|p| p.text.as_str()).collect();
    match font.missing_chars(&text).first() {
        Some(c) => Err(Diagnostic::in_file(
            &interview.source.path,
            format!(
                "the font has no glyph for '{c}' (U+{:04X}) in the pull quote chosen from the answers (font {})",
                *c as u32, font.origin
            ),
        )
        .hint("write a [campaign] pull_quote, or name a font that has it in the layout's [styles.pull_quote]")),
        None => Ok(()),
    }
}

/// A pull quote chosen from the answers: their first sentence of 8 to 24 words (short
/// enough to print large, long enough to say something), in reading order.
pub fn chosen_quote(interview: &Interview) -> Option<String> {
    let paragraphs = interview.qa.iter().flat_map(|qa| &qa.a);
    for p in paragraphs {
        let mut start = 0;
        let text = p.get_ref();
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            let boundary = matches!(c, '.' | '!' | '?')
                && text[end..].chars().next().is_none_or(char::is_whitespace);
            if !boundary {
                continue;
            }
            let sentence = text[start..end].trim();
            let words = sentence.split_whitespace().count();
            if (8..=24).contains(&words) && !sentence.contains('"') {
                return Some(sentence.to_string());
            }
            start = end;
        }
    }
    None
}

/// "Role, "Party" партиясы": the role with the party named as the language does.
fn role_line(interview: &Interview) -> Option<String> {
    let c = &interview.candidate;
    let party = c.party.as_ref().map(|p| match interview.lang {
        crate::lang::Lang::Ky => format!("\"{}\" партиясы", p.get_ref()),
        crate::lang::Lang::Ru => format!("партия \"{}\"", p.get_ref()),
        crate::lang::Lang::Kk => format!("\"{}\" партиясы", p.get_ref()),
    });
    match (
        c.role.as_ref().map(|r| r.get_ref().trim().to_string()),
        party,
    ) {
        (Some(r), Some(p)) => Some(format!("{r}, {p}")),
        (Some(r), None) => Some(r),
        (None, p) => p,
    }
}

/// Every character must exist in the font that will set it: no tofu, no silent fallback.
fn check_glyphs(interview: &Interview, layout: &Layout, fonts: &FontBook) -> Result<()> {
    let s = &layout.styles;
    let mut texts: Vec<(String, &Text, &Style)> = Vec::new();
    for (name, text) in interview.texts() {
        let campaign = match name.as_str() {
            "slogan" => Some(Content::Slogan),
            "call to action" => Some(Content::CallToAction),
            "ballot number" => Some(Content::BallotNumber),
            "district" => Some(Content::District),
            "website" | "phone" => Some(Content::Contacts),
            "pull quote" => Some(Content::PullQuote),
            _ => None,
        };
        if let Some(content) = campaign {
            // Checked in the style that shows it; a text no frame shows needs no glyphs.
            if let Some(st) = layout.style_of(content) {
                texts.push((name, text, st));
            }
            continue;
        }
        let st = match name.as_str() {
            "headline" => &s.headline,
            "candidate name" => &s.name,
            "role" | "party" => &s.role,
            "lead" => &s.lead,
            "portrait caption" => &s.caption,
            n if n.ends_with("answer") => &s.answer,
            _ => &s.question,
        };
        texts.push((name, text, st));
    }
    let mut problems = Vec::new();
    for (name, text, st) in texts {
        let font = fonts.get(fonts.id(&st.font));
        for c in font.missing_chars(text.get_ref()) {
            let offset = interview.source.find_char(text.span(), c, 0);
            let loc = interview.source.location(offset);
            let at = format!("{}:{}:{}", loc.file.display(), loc.line, loc.column);
            problems.push((
                format!(
                    "'{c}' (U+{:04X}) in the {name} at {at} (font {})",
                    c as u32, font.origin
                ),
                offset..offset + c.len_utf8(),
            ));
        }
    }
    // The imprint is printed too, and the law requires it legible: its fields have no
    // spans of their own, so a missing character is found where the file has it.
    let imprint_font = fonts.get(fonts.id(&s.imprint.font));
    let imprint = interview.imprint.paragraphs(interview.lang).join(" ");
    for c in imprint_font.missing_chars(&imprint) {
        let at = interview.source.text.find(c).unwrap_or(0);
        let loc = interview.source.location(at);
        let span = at..at + c.len_utf8();
        let place = format!("{}:{}:{}", loc.file.display(), loc.line, loc.column);
        problems.push((
            format!(
                "'{c}' (U+{:04X}) in the imprint at {place} (font {})",
                c as u32, imprint_font.origin
            ),
            span,
        ));
    }
    let Some((_, first)) = problems.first() else {
        return Ok(());
    };
    let listing: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
    let message = format!("the font has no glyph for {}", listing.join("; "));
    let d = Diagnostic::at(&interview.source, first.clone(), message);
    Err(d.hint("replace the character in the interview, or name a font that has it in the layout's [fonts]"))
}
