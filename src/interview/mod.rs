//! The interview file: schema, loading and validation. Its key names are the
//! product's public interface (see README), so they never change silently.

mod campaign;
mod imprint;

pub use campaign::Campaign;
pub use imprint::{Imprint, Jurisdiction};

use crate::diag::{Diagnostic, Result};
use crate::lang::Lang;
use crate::source::Source;
use crate::text::typography;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;
use toml::Spanned;

/// A piece of interview text with the span of its TOML string, for error positions.
pub type Text = Spanned<String>;

/// A validated interview, ready for styling.
#[derive(Debug)]
pub struct Interview {
    /// The file it came from (for messages and relative paths).
    pub source: Source,
    /// Language of the text.
    pub lang: Lang,
    /// Who is standing.
    pub candidate: Candidate,
    /// The headline; the candidate's name when the file gives none.
    pub headline: Text,
    /// Lead paragraphs, in order.
    pub lead: Vec<Text>,
    /// The portrait, if any.
    pub portrait: Option<Portrait>,
    /// Questions and answers, in order.
    pub qa: Vec<Qa>,
    /// The legally required imprint, complete.
    pub imprint: Imprint,
    /// The campaign's slogan, call to action, dates, numbers, contacts, logo and colour.
    pub campaign: Campaign,
    /// Its texts through the language's typographic rules, by text as written: made on
    /// first use, or ahead of time by [`Interview::prepare_typography`].
    typographed: OnceLock<FxHashMap<String, String>>,
}

/// The candidate block.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// Full name.
    pub name: Text,
    /// What they stand for, shown under the headline.
    pub role: Option<Text>,
    /// Party name.
    pub party: Option<Text>,
}

/// The portrait: an image file relative to the interview, and a caption.
#[derive(Debug)]
pub struct Portrait {
    /// Absolute or interview-relative path resolved against the interview's folder.
    pub path: PathBuf,
    /// Where `file` was written, for messages.
    pub span: Range<usize>,
    /// Caption under the picture.
    pub caption: Option<Text>,
    /// The file's bytes when they were read already (a batch reads them to hash them),
    /// so the render does not read the file again.
    pub bytes: Option<Vec<u8>>,
}

/// One question with its answer paragraphs.
#[derive(Debug)]
pub struct Qa {
    /// The question.
    pub q: Text,
    /// Answer paragraphs (split at blank lines).
    pub a: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    lang: Lang,
    headline: Option<Text>,
    lead: Option<Text>,
    candidate: Candidate,
    portrait: Option<PortraitFile>,
    #[serde(default)]
    qa: Vec<QaFile>,
    imprint: Option<Spanned<imprint::ImprintFile>>,
    campaign: Option<campaign::CampaignFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PortraitFile {
    file: Text,
    caption: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QaFile {
    q: Text,
    a: Text,
}

/// Each table's keys, so a key placed under the wrong table is told where it belongs.
const SCHEMA: &[(&str, &[&str])] = &[
    ("", &["lang", "headline", "lead"]),
    ("candidate", &["name", "role", "party"]),
    ("portrait", &["file", "caption"]),
    ("[qa]", &["q", "a"]),
    (
        "imprint",
        &[
            "jurisdiction",
            "customer",
            "producer",
            "producer_address",
            "producer_tax_id",
            "financed_by",
            "paid_from",
            "issue_date",
            "print_run",
        ],
    ),
];

/// How an interview may be loaded.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// Let the portrait be any path (absolute, or out of the folder with `..`), not only
    /// a file in the interview's folder or below (`--allow-outside-paths`).
    pub allow_outside_paths: bool,
}

impl Interview {
    /// Parses and validates an interview file's text; the portrait must be in the
    /// interview's folder or below.
    pub fn parse(source: Source) -> Result<Interview> {
        Interview::parse_with(source, LoadOptions::default())
    }

    /// Parses and validates an interview file's text with `options`. Every problem
    /// found is reported in one run (the first, with the rest attached), so a person
    /// fixes the file once instead of once per error.
    pub fn parse_with(source: Source, options: LoadOptions) -> Result<Interview> {
        let file: File = toml::from_str(&source.text)
            .map_err(|e| Diagnostic::from_toml_in(&source, &e, SCHEMA))?;
        let mut errors: Vec<Box<Diagnostic>> = Vec::new();
        let imprint = match file.imprint {
            Some(t) => Imprint::validate(&source, t)
                .map_err(|e| errors.push(e))
                .ok(),
            None => {
                errors.push(imprint::missing_table(&source));
                None
            }
        };
        errors.extend(questions_errors(&source, &file.qa));
        let campaign = match file.campaign {
            Some(c) => Campaign::validate(&source, c)
                .map_err(|e| errors.push(e))
                .unwrap_or_default(),
            None => Campaign::default(),
        };
        let dir = source.path.parent().map(PathBuf::from).unwrap_or_default();
        if let Some(p) = &file.portrait {
            if !options.allow_outside_paths && !inside(&dir, p.file.get_ref()) {
                errors.push(outside(&source, &p.file));
            }
        }
        let portrait = file.portrait.map(|p| Portrait {
            path: dir.join(p.file.get_ref()),
            span: p.file.span(),
            caption: p.caption,
            bytes: None,
        });
        let qa = file
            .qa
            .into_iter()
            .map(|x| Qa {
                q: x.q,
                a: paragraphs(&x.a),
            })
            .collect();
        let headline = file.headline.unwrap_or_else(|| file.candidate.name.clone());
        let lead = file.lead.as_ref().map(paragraphs).unwrap_or_default();
        let interview = Interview {
            lang: file.lang,
            candidate: file.candidate,
            headline,
            lead,
            portrait,
            qa,
            // A broken imprint is already an error; the texts are still checked, with a
            // stand-in imprint that never leaves this function.
            imprint: imprint.unwrap_or_else(Imprint::placeholder),
            campaign,
            source,
            typographed: OnceLock::new(),
        };
        errors.extend(interview.text_errors());
        if errors.is_empty() {
            return Ok(interview);
        }
        // Located errors in file order, so the list reads from the top of the file down.
        errors.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
        Err(Diagnostic::all(errors))
    }

    /// Replaces the imprint's print run (a batch manifest's `print_run` override).
    /// The caller checks that `copies` is at least 1, as the interview file's own is.
    pub fn set_print_run(&mut self, copies: u64) {
        debug_assert!(copies >= 1, "a print run is at least one copy");
        self.imprint.print_run = copies;
    }

    /// Puts every text through the typographic rules now, not when it is first styled:
    /// `render` does it while the fonts load.
    pub fn prepare_typography(&self) {
        self.typographed();
    }

    /// `text` as it is set: through the typographic rules of the interview's language
    /// (made once per text of the interview; anything else, such as the imprint's
    /// sentences, on the spot).
    pub fn typographic(&self, text: &str) -> String {
        match self.typographed().get(text) {
            Some(set) => set.clone(),
            None => typography::apply(text, self.lang),
        }
    }

    fn typographed(&self) -> &FxHashMap<String, String> {
        self.typographed.get_or_init(|| {
            self.texts()
                .into_iter()
                .map(|(_, t)| {
                    (
                        t.get_ref().clone(),
                        typography::apply(t.get_ref(), self.lang),
                    )
                })
                .collect()
        })
    }

    /// Every text of the interview with a name for messages, in reading order.
    pub fn texts(&self) -> Vec<(String, &Text)> {
        let mut out = vec![
            ("headline".to_string(), &self.headline),
            ("candidate name".to_string(), &self.candidate.name),
        ];
        out.extend(self.candidate.role.iter().map(|t| ("role".to_string(), t)));
        out.extend(
            self.candidate
                .party
                .iter()
                .map(|t| ("party".to_string(), t)),
        );
        out.extend(self.lead.iter().map(|t| ("lead".to_string(), t)));
        if let Some(c) = self.portrait.as_ref().and_then(|p| p.caption.as_ref()) {
            out.push(("portrait caption".to_string(), c));
        }
        for (i, qa) in self.qa.iter().enumerate() {
            out.push((format!("question {}", i + 1), &qa.q));
            out.extend(
                qa.a.iter()
                    .map(|t| (format!("question {} answer", i + 1), t)),
            );
        }
        out.extend(self.campaign.texts());
        out
    }

    /// Every text's problems: a control character, or an empty required text.
    #[allow(clippy::vec_box)] // boxed as every stage returns them, for Diagnostic::all
    fn text_errors(&self) -> Vec<Box<Diagnostic>> {
        let mut errors = Vec::new();
        for (name, text) in self.texts() {
            if let Some(c) = text.get_ref().chars().find(|c| unprintable(*c)) {
                errors.push(control_char(&self.source, text.span(), &name, c));
            } else if text.get_ref().trim().is_empty() && name != "lead" && name != "party" {
                errors.push(
                    Diagnostic::at(&self.source, text.span(), format!("the {name} is empty"))
                        .hint("write the text, or remove the key if it is optional"),
                );
            }
        }
        errors
    }
}

/// No questions at all, or a question whose answer is empty (it would leave the
/// question hanging): one error for each.
#[allow(clippy::vec_box)] // boxed as every stage returns them, for Diagnostic::all
fn questions_errors(source: &Source, qa: &[QaFile]) -> Vec<Box<Diagnostic>> {
    if qa.is_empty() {
        return vec![
            Diagnostic::in_file(&source.path, "the interview has no questions")
                .hint("add at least one [[qa]] table with q = \"…\" and a = \"…\""),
        ];
    }
    qa.iter()
        .enumerate()
        .filter(|(_, x)| x.a.get_ref().trim().is_empty())
        .map(|(i, x)| {
            Diagnostic::at(
                source,
                x.a.span(),
                format!("the question {} answer is empty", i + 1),
            )
            .hint("write the answer, or remove the whole [[qa]] table")
        })
        .collect()
}

/// A control character (NUL, escape …) has no glyph and no meaning in print; tab and
/// line breaks are spacing.
pub(crate) fn unprintable(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// An error at the first control character of a text.
pub(crate) fn control_char(
    source: &Source,
    span: Range<usize>,
    name: &str,
    c: char,
) -> Box<Diagnostic> {
    // Written as an escape (`\u0000`) in the file, so the caret goes on the string.
    Diagnostic::at(
        source,
        span,
        format!(
            "the {name} holds the control character U+{:04X}, which cannot be printed",
            c as u32
        ),
    )
    .hint("remove it (such characters come with text copied out of PDFs and word processors)")
}

/// Whether `file`, relative to `dir`, stays in `dir` or below: no absolute path, no `..`,
/// and, when it exists, no symbolic link out of the folder.
fn inside(dir: &std::path::Path, file: &str) -> bool {
    use std::path::Component;
    let rel = std::path::Path::new(file);
    let plain = rel
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !plain {
        return false;
    }
    let base = if dir.as_os_str().is_empty() {
        std::path::Path::new(".")
    } else {
        dir
    };
    match (base.join(rel).canonicalize(), base.canonicalize()) {
        (Ok(file), Ok(base)) => file.starts_with(base),
        // Not there (or the folder unreadable): the read reports it, inside the folder.
        _ => true,
    }
}

/// The same words whether or not the file exists: an interview sent in from outside
/// must not learn which files the machine has.
fn outside(source: &Source, file: &Text) -> Box<Diagnostic> {
    Diagnostic::at(
        source,
        file.span(),
        format!(
            "the portrait `{}` is outside the interview's folder, and barakcha reads portraits only from there",
            crate::diag::cut(file.get_ref(), 80)
        ),
    )
    .hint("copy the picture beside the interview and write its name, e.g. file = \"portrait.jpg\"; or, for an interview you trust, pass --allow-outside-paths")
}

/// Splits a TOML string at blank lines into paragraphs, joining wrapped lines with a space.
/// Each paragraph keeps the whole string's span: good enough to point at the right key.
fn paragraphs(text: &Text) -> Vec<Text> {
    let span = text.span();
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.get_ref().lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(Spanned::new(span.clone(), current.join(" ")));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    out
}

#[cfg(test)]
mod tests;
