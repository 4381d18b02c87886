//! The style stage: interview + layout → blocks of paragraphs, each with its
//! typographic style, text already through the language's typographic rules.

use crate::diag::{Diagnostic, Result};
use crate::interview::{Interview, Text};
use crate::layout::{Layout, Style};
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
    /// Headline and role line (page 1, across the columns).
    pub header: Vec<Block>,
    /// Lead, then question/answer pairs, in column flow.
    pub body: Vec<Block>,
    /// Caption under the portrait, when there is a portrait with a caption.
    pub caption: Option<Block>,
    /// The imprint.
    pub imprint: Block,
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
    Ok(Blocks {
        header: st.header(),
        body: st.body(),
        caption: caption.map(|c| st.display(Kind::Caption, c.get_ref(), &s.caption)),
        imprint: Block {
            kind: Kind::Imprint,
            paragraphs: imprint.iter().map(|t| st.imprint(t, &s.imprint)).collect(),
        },
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
            color: st.color,
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

    fn header(&self) -> Vec<Block> {
        let (s, interview) = (&self.layout.styles, self.interview);
        let mut header = vec![
            self.display(Kind::Headline, interview.headline.get_ref(), &s.headline),
            self.display(Kind::Name, interview.candidate.name.get_ref(), &s.name),
        ];
        header.extend(role_line(interview).map(|r| self.display(Kind::Role, &r, &s.role)));
        header
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
