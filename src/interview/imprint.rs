//! The imprint (выходные данные): the block the law requires on every campaign leaflet.
//! A leaflet is never produced without every field its jurisdiction requires.

use crate::diag::{Diagnostic, Result};
use crate::lang::Lang;
use crate::source::Source;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

/// Whose election law applies; it decides which imprint fields are required.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Jurisdiction {
    /// Kyrgyz Republic.
    KG,
    /// Russian Federation (also needs the printer's tax id, ИНН).
    RU,
    /// Republic of Kazakhstan.
    KZ,
}

impl Jurisdiction {
    fn law(self) -> &'static str {
        match self {
            Jurisdiction::KG => {
                "Kyrgyz election law requires every printed campaign leaflet to state"
            }
            Jurisdiction::RU => {
                "Federal Law 67-FZ (art. 54) requires every printed campaign leaflet to state"
            }
            Jurisdiction::KZ => {
                "Kazakhstan's Constitutional Law \"On Elections\" (art. 28) requires every printed campaign leaflet to state"
            }
        }
    }
}

/// The imprint as written in the file; every field optional here so that a
/// missing one gets our message, not serde's.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ImprintFile {
    jurisdiction: Option<Spanned<Jurisdiction>>,
    customer: Option<Spanned<String>>,
    producer: Option<Spanned<String>>,
    producer_address: Option<Spanned<String>>,
    producer_tax_id: Option<Spanned<String>>,
    financed_by: Option<Spanned<String>>,
    paid_from: Option<Spanned<String>>,
    issue_date: Option<Spanned<Datetime>>,
    print_run: Option<Spanned<i64>>,
}

/// A complete, validated imprint.
#[derive(Clone, Debug)]
pub struct Imprint {
    /// Whose law applies.
    pub jurisdiction: Jurisdiction,
    /// Who ordered the leaflet (Буйуртмачы / Заказчик).
    pub customer: String,
    /// Who printed it (Аткаруучу / Изготовитель).
    pub producer: String,
    /// Where the producer is.
    pub producer_address: String,
    /// The producer's tax id (ИНН), required in RU.
    pub producer_tax_id: Option<String>,
    /// Who paid, worded as the law wants it.
    pub financed_by: String,
    /// Which election fund paid.
    pub paid_from: String,
    /// Date of issue (year, month, day).
    pub issue_date: (u16, u8, u8),
    /// Number of copies, at least 1.
    pub print_run: u64,
}

impl Imprint {
    /// An empty imprint, standing in for one that failed validation while the rest of
    /// the interview is checked (so every error is reported in one run). Never printed.
    pub(crate) fn placeholder() -> Imprint {
        Imprint {
            jurisdiction: Jurisdiction::KG,
            customer: String::new(),
            producer: String::new(),
            producer_address: String::new(),
            producer_tax_id: None,
            financed_by: String::new(),
            paid_from: String::new(),
            issue_date: (1970, 1, 1),
            print_run: 1,
        }
    }
}

/// What each field is for, as the law puts it.
const PURPOSE: [(&str, &str); 8] = [
    ("customer", "who ordered it (Буйуртмачы / Заказчик)"),
    ("producer", "who produced it (Аткаруучу / Изготовитель)"),
    ("producer_address", "the producer's address"),
    ("producer_tax_id", "the producer's tax id (ИНН)"),
    ("financed_by", "who financed it"),
    ("paid_from", "from which election fund it was paid"),
    ("issue_date", "its date of issue"),
    ("print_run", "its print run (Нускасы / Тираж)"),
];

fn purpose(field: &str) -> &'static str {
    PURPOSE
        .iter()
        .find(|(f, _)| *f == field)
        .map_or("", |(_, p)| p)
}

pub(super) fn missing_table(source: &Source) -> Box<Diagnostic> {
    Diagnostic::in_file(&source.path, "the interview has no [imprint]: a campaign leaflet must carry its imprint, so none is produced")
        .hint("add an [imprint] table with jurisdiction, customer, producer, producer_address, financed_by, paid_from, issue_date and print_run")
}

impl Imprint {
    pub(super) fn validate(source: &Source, file: Spanned<ImprintFile>) -> Result<Imprint> {
        let table = file.span();
        let f = file.into_inner();
        let Some(jurisdiction) = f.jurisdiction.map(Spanned::into_inner) else {
            return Err(Diagnostic::at(source, table, "the [imprint] has no `jurisdiction`")
                .hint("add jurisdiction = \"KG\" (or \"RU\", \"KZ\"): it decides which fields the law requires"));
        };
        // Every problem is collected, so one run names them all.
        let mut errors: Vec<Box<Diagnostic>> = Vec::new();
        let mut need = |name: &str, v: Option<Spanned<String>>| -> String {
            let problem = match v {
                Some(s) if s.get_ref().chars().any(super::unprintable) => {
                    let c = s.get_ref().chars().find(|c| super::unprintable(*c));
                    let what = format!("imprint field `{name}`");
                    super::control_char(source, s.span(), &what, c.unwrap_or('\0'))
                }
                Some(s) if !s.get_ref().trim().is_empty() => return s.get_ref().trim().to_string(),
                Some(s) => missing(source, s.span(), jurisdiction, name, "is empty"),
                None => missing(source, table.clone(), jurisdiction, name, "is missing"),
            };
            errors.push(problem);
            String::new()
        };
        let customer = need("customer", f.customer);
        let producer = need("producer", f.producer);
        let producer_address = need("producer_address", f.producer_address);
        let producer_tax_id = match jurisdiction {
            Jurisdiction::RU => Some(need("producer_tax_id", f.producer_tax_id)),
            _ => f.producer_tax_id.map(|s| s.into_inner()),
        };
        let financed_by = need("financed_by", f.financed_by);
        let paid_from = need("paid_from", f.paid_from);
        let issue_date = date(source, &table, jurisdiction, f.issue_date);
        let print_run = print_run(source, &table, jurisdiction, f.print_run);
        let (issue_date, print_run) = match (issue_date, print_run) {
            (Ok(d), Ok(n)) if errors.is_empty() => (d, n),
            (d, n) => {
                errors.extend(d.err());
                errors.extend(n.err());
                return Err(Diagnostic::all(errors));
            }
        };
        Ok(Imprint {
            jurisdiction,
            customer,
            producer,
            producer_address,
            producer_tax_id,
            financed_by,
            paid_from,
            issue_date,
            print_run,
        })
    }

    /// The imprint's paragraphs, one per field, labelled in `lang` and in the order of the
    /// jurisdiction's law. A label is held to its value by no-break spaces, so "Дата
    /// выпуска:" never ends a line without its date.
    pub fn paragraphs(&self, lang: Lang) -> Vec<String> {
        self.jurisdiction
            .order()
            .iter()
            .map(|&field| {
                let value = sentence(&self.value(field, lang));
                match labels(lang).label(field) {
                    Some(label) => format!("{}:{NBSP}{value}", bound(label)),
                    None => value,
                }
            })
            .collect()
    }

    /// A field's value as printed.
    fn value(&self, field: Field, lang: Lang) -> String {
        match field {
            Field::Producer => {
                let tax = self
                    .producer_tax_id
                    .as_deref()
                    .map(|t| format!(", {}{NBSP}{t}", labels(lang).tax_id));
                format!(
                    "{}, {}{}",
                    self.producer,
                    self.producer_address,
                    tax.unwrap_or_default()
                )
            }
            Field::Customer => self.customer.clone(),
            Field::FinancedBy => self.financed_by.clone(),
            Field::PaidFrom => self.paid_from.clone(),
            Field::IssueDate => {
                let (y, m, d) = self.issue_date;
                format!("{d:02}.{m:02}.{y}{}", labels(lang).year_suffix)
            }
            Field::PrintRun => {
                let copies = labels(lang).copies;
                let n = print_run_digits(self.print_run);
                if copies.is_empty() {
                    n
                } else {
                    format!("{n}{NBSP}{copies}")
                }
            }
        }
    }
}

/// NO-BREAK SPACE.
const NBSP: char = '\u{a0}';

/// A field of the imprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Producer,
    Customer,
    FinancedBy,
    PaidFrom,
    IssueDate,
    PrintRun,
}

impl Jurisdiction {
    /// The fields in the order the law lists them.
    fn order(self) -> &'static [Field] {
        use Field::*;
        match self {
            // Kyrgyz practice (and the seed leaflet): who paid first, then who made it.
            Jurisdiction::KG => &[
                FinancedBy, PaidFrom, Producer, Customer, IssueDate, PrintRun,
            ],
            // 67-FZ art. 54 p. 2: producer, customer, print run, date, payment.
            Jurisdiction::RU => &[
                Producer, Customer, PrintRun, IssueDate, FinancedBy, PaidFrom,
            ],
            // Constitutional Law "On Elections" art. 28 p. 5: the producer with the place of
            // printing and the print run, who ordered it, which funds paid.
            Jurisdiction::KZ => &[
                Producer, PrintRun, Customer, FinancedBy, PaidFrom, IssueDate,
            ],
        }
    }
}

/// The imprint's words in one language.
struct Labels {
    producer: &'static str,
    customer: &'static str,
    issue_date: &'static str,
    print_run: &'static str,
    tax_id: &'static str,
    /// After the date ("-ж." in Kyrgyz: жыл).
    year_suffix: &'static str,
    /// After the print run ("экз." in Russian).
    copies: &'static str,
}

impl Labels {
    fn label(&self, field: Field) -> Option<&'static str> {
        match field {
            Field::Producer => Some(self.producer),
            Field::Customer => Some(self.customer),
            Field::IssueDate => Some(self.issue_date),
            Field::PrintRun => Some(self.print_run),
            // Worded as sentences by the candidate ("… тарабынан каржыланды."): no label.
            Field::FinancedBy | Field::PaidFrom => None,
        }
    }
}

fn labels(lang: Lang) -> Labels {
    match lang {
        Lang::Ky => Labels {
            producer: "Аткаруучу",
            customer: "Буйуртмачы",
            issue_date: "Чыга турган күнү",
            print_run: "Нускасы",
            tax_id: "ИНН",
            year_suffix: "-ж",
            copies: "",
        },
        // Constitutional Law "On Elections" art. 28 p. 5, in the words Kazakh imprints use.
        Lang::Kk => Labels {
            producer: "Дайындаған",
            customer: "Тапсырыс беруші",
            issue_date: "Шыққан күні",
            print_run: "Таралымы",
            tax_id: "БСН",
            year_suffix: "\u{a0}ж",
            copies: "дана",
        },
        Lang::Ru => Labels {
            producer: "Изготовитель",
            customer: "Заказчик",
            issue_date: "Дата выпуска",
            print_run: "Тираж",
            tax_id: "ИНН",
            year_suffix: "",
            copies: "экз",
        },
    }
}

/// A label of several words held together ("Дата выпуска").
fn bound(label: &str) -> String {
    label.replace(' ', &NBSP.to_string())
}

/// "3000", "10 000": a print run of five digits or more in groups of three, thin
/// no-break spaces between them (four digits stay together, as Russian setting has it).
fn print_run_digits(n: u64) -> String {
    let digits = n.to_string();
    if digits.len() < 5 {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// Ends a phrase with a full stop unless it already ends with punctuation.
fn sentence(s: &str) -> String {
    let s = s.trim();
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

fn missing(
    source: &Source,
    span: std::ops::Range<usize>,
    j: Jurisdiction,
    field: &str,
    what: &str,
) -> Box<Diagnostic> {
    Diagnostic::at(
        source,
        span,
        format!(
            "imprint field `{field}` {what}: {} {}",
            j.law(),
            purpose(field)
        ),
    )
    .hint(format!(
        "add {} under [imprint]; the leaflet is not produced without it",
        example(field)
    ))
}

/// A line that fills `field` as the file must write it: dates and numbers without quotes.
fn example(field: &str) -> String {
    match field {
        "issue_date" => "issue_date = 2021-06-28 (a date, without quotes)".to_string(),
        "print_run" => "print_run = 1000 (the number of copies, without quotes)".to_string(),
        _ => format!("{field} = \"…\""),
    }
}

fn date(
    source: &Source,
    table: &std::ops::Range<usize>,
    j: Jurisdiction,
    v: Option<Spanned<Datetime>>,
) -> Result<(u16, u8, u8)> {
    let Some(v) = v else {
        return Err(missing(
            source,
            table.clone(),
            j,
            "issue_date",
            "is missing",
        ));
    };
    match (v.get_ref().date, v.get_ref().time) {
        (Some(d), None) => Ok((d.year, d.month, d.day)),
        _ => Err(Diagnostic::at(
            source,
            v.span(),
            "imprint field `issue_date` must be a date without a time",
        )
        .hint("write it as a TOML date: issue_date = 2021-06-28")),
    }
}

fn print_run(
    source: &Source,
    table: &std::ops::Range<usize>,
    j: Jurisdiction,
    v: Option<Spanned<i64>>,
) -> Result<u64> {
    let Some(v) = v else {
        return Err(missing(source, table.clone(), j, "print_run", "is missing"));
    };
    u64::try_from(*v.get_ref()).ok().filter(|n| *n >= 1).ok_or_else(|| {
        Diagnostic::at(source, v.span(), format!("imprint field `print_run` is {}: the print run is a number of copies, at least 1", v.get_ref()))
            .hint("write the real number of copies, e.g. print_run = 5000")
    })
}
