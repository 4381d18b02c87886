//! The optional `[campaign]` table: what a campaign leaflet exists for. Slogan, call to
//! action, election date, ballot number, district, website (also drawn as a QR code),
//! phone, logo, pull quote and the party colour. A layout shows each only where one of
//! its frames asks for it.

use super::Text;
use crate::diag::{Diagnostic, Result};
use crate::lang::Lang;
use crate::source::Source;
use crate::units::Cmyk;
use serde::Deserialize;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::value::Datetime;

/// The table as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CampaignFile {
    slogan: Option<Text>,
    call_to_action: Option<Text>,
    election_date: Option<Spanned<Datetime>>,
    ballot_number: Option<Spanned<BallotNumber>>,
    district: Option<Text>,
    website: Option<Text>,
    phone: Option<Text>,
    logo: Option<Text>,
    pull_quote: Option<Text>,
    party_color: Option<Spanned<Cmyk>>,
}

/// A ballot or list number: an integer, or a string such as "5А".
#[derive(Deserialize)]
#[serde(untagged)]
enum BallotNumber {
    Number(i64),
    Text(String),
}

/// The campaign's texts and marks, validated.
#[derive(Debug, Default)]
pub struct Campaign {
    /// The slogan.
    pub slogan: Option<Text>,
    /// The call to action ("Vote for …").
    pub call_to_action: Option<Text>,
    /// Election day (year, month, day), with where it was written.
    pub election_date: Option<Spanned<(u16, u8, u8)>>,
    /// The ballot or list number as printed ("5", "5А").
    pub ballot_number: Option<Text>,
    /// The district.
    pub district: Option<Text>,
    /// The website: a URL, printed and drawn as a QR code.
    pub website: Option<Text>,
    /// A phone number.
    pub phone: Option<Text>,
    /// The logo file (PNG or JPEG), resolved against the interview's folder.
    pub logo: Option<Spanned<PathBuf>>,
    /// A sentence printed large in « ».
    pub pull_quote: Option<Text>,
    /// The party colour, replacing the layout's accent, with where it was written.
    pub party_color: Option<Spanned<Cmyk>>,
}

impl Campaign {
    pub(super) fn validate(source: &Source, f: CampaignFile) -> Result<Campaign> {
        let dir = source.path.parent().unwrap_or(Path::new(""));
        let campaign = Campaign {
            election_date: f.election_date.map(|d| date(source, d)).transpose()?,
            ballot_number: f.ballot_number.map(|n| ballot(source, n)).transpose()?,
            website: f.website.map(|w| website(source, w)).transpose()?,
            phone: f.phone.map(|p| phone(source, p)).transpose()?,
            logo: f.logo.map(|l| logo(source, dir, l)).transpose()?,
            slogan: f.slogan,
            call_to_action: f.call_to_action,
            district: f.district,
            pull_quote: f.pull_quote,
            party_color: f.party_color,
        };
        Ok(campaign)
    }

    /// Its texts with a name for messages (the glyph check and empty-text check).
    pub fn texts(&self) -> Vec<(String, &Text)> {
        let named = [
            ("slogan", &self.slogan),
            ("call to action", &self.call_to_action),
            ("ballot number", &self.ballot_number),
            ("district", &self.district),
            ("website", &self.website),
            ("phone", &self.phone),
            ("pull quote", &self.pull_quote),
        ];
        named
            .into_iter()
            .filter_map(|(n, t)| Some((n.to_string(), t.as_ref()?)))
            .collect()
    }

    /// The election date as printed, with its label in `lang`.
    pub fn election_date_text(&self, lang: Lang) -> Option<String> {
        let (y, m, d) = *self.election_date.as_ref()?.get_ref();
        Some(match lang {
            Lang::Ky => format!("Шайлоо күнү: {d:02}.{m:02}.{y}-ж."),
            Lang::Ru => format!("День выборов: {d:02}.{m:02}.{y}"),
            Lang::Kk => format!("Сайлау күні: {d:02}.{m:02}.{y} ж."),
        })
    }
}

fn err(source: &Source, span: Range<usize>, message: String, hint: &str) -> Box<Diagnostic> {
    Diagnostic::at(source, span, message).hint(hint)
}

fn date(source: &Source, v: Spanned<Datetime>) -> Result<Spanned<(u16, u8, u8)>> {
    match (v.get_ref().date, v.get_ref().time) {
        (Some(d), None) => Ok(Spanned::new(v.span(), (d.year, d.month, d.day))),
        _ => Err(err(
            source,
            v.span(),
            "campaign field `election_date` must be a date without a time".into(),
            "write it as a TOML date: election_date = 2021-04-11",
        )),
    }
}

fn ballot(source: &Source, v: Spanned<BallotNumber>) -> Result<Text> {
    let span = v.span();
    let text = match v.into_inner() {
        BallotNumber::Number(n) if n >= 1 => n.to_string(),
        BallotNumber::Text(s) if !s.trim().is_empty() && s.trim().chars().count() <= 12 => {
            s.trim().to_string()
        }
        _ => {
            return Err(err(
                source,
                span,
                "campaign field `ballot_number` is not a ballot or list number".into(),
                "write a number of at least 1 (ballot_number = 5) or a short string (ballot_number = \"5А\")",
            ));
        }
    };
    Ok(Spanned::new(span, text))
}

/// A URL a phone can open from the QR code: http(s), a host with a dot, no spaces.
fn website(source: &Source, v: Text) -> Result<Text> {
    let url = v.get_ref().trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    let ok = host.is_some_and(|h| h.contains('.') && !h.starts_with('.') && !h.ends_with('.'))
        && !url.chars().any(char::is_whitespace)
        && url.len() <= 300;
    if !ok {
        return Err(err(
            source,
            v.span(),
            format!("campaign field `website` is not a web address: \"{url}\""),
            "write the whole address, e.g. website = \"https://example.kg\" (at most 300 characters)",
        ));
    }
    Ok(Spanned::new(v.span(), url.to_string()))
}

fn phone(source: &Source, v: Text) -> Result<Text> {
    let p = v.get_ref().trim();
    let digits = p.chars().filter(char::is_ascii_digit).count();
    let ok =
        p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) && (5..=15).contains(&digits);
    if !ok {
        return Err(err(
            source,
            v.span(),
            format!("campaign field `phone` is not a phone number: \"{p}\""),
            "write digits with spaces, +, - or brackets, e.g. phone = \"+996 555 123 456\"",
        ));
    }
    Ok(Spanned::new(v.span(), p.to_string()))
}

fn logo(source: &Source, dir: &Path, v: Text) -> Result<Spanned<PathBuf>> {
    let name = v.get_ref().trim();
    let lower = name.to_lowercase();
    if !(lower.ends_with(".png") || lower.ends_with(".jpg") || lower.ends_with(".jpeg")) {
        return Err(err(
            source,
            v.span(),
            format!("campaign field `logo` names \"{name}\", which is not a PNG or JPEG file"),
            "give a .png or .jpg file next to the interview; convert an SVG logo to a PNG of at least 1000 pixels",
        ));
    }
    Ok(Spanned::new(v.span(), dir.join(name)))
}
