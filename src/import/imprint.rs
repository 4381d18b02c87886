//! Step 5: the imprint («выходные данные»), the legally required lines on
//! campaign print: who ordered it, who printed it, who paid, when, how many.
//! Scrapes run it into the last answer, so it is found by its markers and
//! parsed from labels («Аткаруучу:», «Тираж») and marker sentences.

/// Lower-case markers of imprint text, Kyrgyz, Russian and Kazakh.
const MARKERS: [&str; 17] = [
    "каржыланды",
    "аткаруучу:",
    "буйуртмачы:",
    "чыга турган күнү",
    "нускасы:",
    "шайлоо фондунун",
    "изготовитель",
    "заказчик",
    "тираж",
    "дата выпуска",
    "оплачено из средств",
    "избирательного фонда",
    "дайындаған:",
    "тапсырыс беруші:",
    "шыққан күні",
    "таралымы:",
    "сайлау қоры",
];

/// Which field a label introduces.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Field {
    Producer,
    Customer,
    Date,
    PrintRun,
}

/// Labels, lower case, with the field whose value follows them.
const LABELS: [(&str, Field); 12] = [
    ("аткаруучу", Field::Producer),
    ("изготовитель", Field::Producer),
    ("буйуртмачы", Field::Customer),
    ("заказчик", Field::Customer),
    ("чыга турган күнү", Field::Date),
    ("дата выпуска", Field::Date),
    ("нускасы", Field::PrintRun),
    ("тираж", Field::PrintRun),
    ("дайындаған", Field::Producer),
    ("тапсырыс беруші", Field::Customer),
    ("шыққан күні", Field::Date),
    ("таралымы", Field::PrintRun),
];

/// A calendar date as written in the imprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// The parsed imprint. `None` fields were not found.
#[derive(Debug, Default)]
pub(crate) struct Imprint {
    pub customer: Option<String>,
    pub producer: Option<String>,
    pub producer_address: Option<String>,
    pub financed_by: Option<String>,
    pub paid_from: Option<String>,
    pub issue_date: Option<Date>,
    pub print_run: Option<u64>,
    /// Labels and raw date/number text turned into structure; the word guard
    /// counts them as kept.
    pub consumed: Vec<String>,
    /// Imprint-region text that fits no field; written out as a TODO comment.
    pub leftover: Vec<String>,
}

impl Imprint {
    /// Names of the fields that were filled, in output order.
    pub fn present(&self) -> Vec<&'static str> {
        self.fields()
            .into_iter()
            .filter_map(|(name, set)| set.then_some(name))
            .collect()
    }

    /// Names of the fields that were not found, in output order.
    pub fn missing(&self) -> Vec<&'static str> {
        self.fields()
            .into_iter()
            .filter_map(|(name, set)| (!set).then_some(name))
            .collect()
    }

    fn fields(&self) -> [(&'static str, bool); 7] {
        [
            ("customer", self.customer.is_some()),
            ("producer", self.producer.is_some()),
            ("producer_address", self.producer_address.is_some()),
            ("financed_by", self.financed_by.is_some()),
            ("paid_from", self.paid_from.is_some()),
            ("issue_date", self.issue_date.is_some()),
            ("print_run", self.print_run.is_some()),
        ]
    }
}

/// How many different imprint markers `text` contains.
pub(crate) fn marker_count(text: &str) -> usize {
    let lower = text.to_lowercase();
    MARKERS.iter().filter(|m| lower.contains(*m)).count()
}

/// Splits a paragraph before its first sentence with an imprint marker:
/// (text before, imprint from there on). `None` without a marker.
pub(crate) fn split_marked(text: &str) -> Option<(String, String)> {
    let sentences = sentences(text);
    let first = sentences.iter().position(|s| marker_count(s) > 0)?;
    Some((
        sentences.get(..first)?.join(" "),
        sentences.get(first..)?.join(" "),
    ))
}

/// Parses imprint paragraphs into fields.
pub(crate) fn parse(paragraphs: &[String]) -> Imprint {
    let text = paragraphs.join(" ");
    let mut imprint = Imprint::default();
    let labels = find_labels(&text);
    let first = labels.first().map_or(text.len(), |l| l.start);
    let mut free: Vec<String> = sentences(text.get(..first).unwrap_or_default());
    for (i, label) in labels.iter().enumerate() {
        let end = labels.get(i + 1).map_or(text.len(), |l| l.start);
        imprint.consumed.push(
            text.get(label.start..label.value)
                .unwrap_or_default()
                .trim()
                .to_owned(),
        );
        let mut clause = sentences(text.get(label.value..end).unwrap_or_default());
        if clause.is_empty() {
            continue;
        }
        let value = clause.remove(0);
        set_labelled(&mut imprint, label.field, value);
        free.append(&mut clause);
    }
    for sentence in free {
        set_free(&mut imprint, sentence);
    }
    imprint
}

/// A label occurrence: where it starts, where its value starts, its field.
struct Label {
    start: usize,
    value: usize,
    field: Field,
}

/// Finds labels at clause starts (text start, or after . , ;), so that
/// «тираж» inside a sentence is not taken for one.
fn find_labels(text: &str) -> Vec<Label> {
    let lower = text.to_lowercase();
    // to_lowercase keeps byte offsets for Cyrillic and ASCII; bail out if
    // some other script changed the length.
    if lower.len() != text.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (name, field) in LABELS {
        for (start, _) in lower.match_indices(name) {
            let before = lower.get(..start).unwrap_or_default().trim_end();
            if !(before.is_empty() || before.ends_with(['.', ',', ';'])) {
                continue;
            }
            let rest = lower.get(start + name.len()..).unwrap_or_default();
            // «Заказчика», «Тиражом» are words of a sentence, not labels.
            if rest.starts_with(char::is_alphanumeric) {
                continue;
            }
            let skipped = rest.len() - rest.trim_start_matches([':', ' ', '\u{a0}']).len();
            out.push(Label {
                start,
                value: start + name.len() + skipped,
                field,
            });
        }
    }
    out.sort_by_key(|l| l.start);
    out
}

fn set_labelled(imprint: &mut Imprint, field: Field, value: String) {
    match field {
        Field::Producer if imprint.producer.is_none() => {
            let value = strip_period(&value);
            match split_first_comma(&value) {
                Some((name, address)) => {
                    imprint.producer = Some(name);
                    imprint.producer_address = Some(address);
                }
                None => imprint.producer = Some(value),
            }
        }
        Field::Customer if imprint.customer.is_none() => {
            imprint.customer = Some(strip_period(&value));
        }
        Field::Date if imprint.issue_date.is_none() => match parse_date(&value) {
            Some(date) => {
                imprint.issue_date = Some(date);
                imprint.consumed.push(value);
            }
            None => imprint.leftover.push(value),
        },
        Field::PrintRun if imprint.print_run.is_none() => match parse_count(&value) {
            Some(n) => {
                imprint.print_run = Some(n);
                imprint.consumed.push(value);
            }
            None => imprint.leftover.push(value),
        },
        _ => imprint.leftover.push(value),
    }
}

/// A sentence without a label: the financing and the payment sentences are
/// kept whole, as the law wants them printed.
fn set_free(imprint: &mut Imprint, sentence: String) {
    let lower = sentence.to_lowercase();
    if lower.contains("каржыланды") && imprint.financed_by.is_none() {
        imprint.financed_by = Some(sentence);
    } else if (lower.contains("төлөндү")
        || lower.contains("фондунун")
        || lower.contains("оплачено")
        || lower.contains("избирательного фонда"))
        && imprint.paid_from.is_none()
    {
        imprint.paid_from = Some(sentence);
    } else if sentence.chars().any(char::is_alphanumeric) {
        imprint.leftover.push(sentence);
    }
}

/// Splits «"ПроМедиа Плюс" КФ, Бишкек шаары, …» at the first comma outside
/// quotes into name and address.
fn split_first_comma(value: &str) -> Option<(String, String)> {
    let mut in_straight = false;
    let mut depth = 0i32;
    for (i, c) in value.char_indices() {
        match c {
            '"' => in_straight = !in_straight,
            '«' | '“' => depth += 1,
            '»' | '”' => depth -= 1,
            ',' if !in_straight && depth <= 0 => {
                let name = value.get(..i)?.trim().to_owned();
                let address = value.get(i + 1..)?.trim().to_owned();
                return (!name.is_empty() && !address.is_empty()).then_some((name, address));
            }
            _ => {}
        }
    }
    None
}

/// Drops a closing period, but not the one of a final initial («И.И.»).
fn strip_period(value: &str) -> String {
    let value = value.trim();
    let chars: Vec<(usize, char)> = value.char_indices().collect();
    match chars.last() {
        Some(&(i, '.')) if !follows_initial(&chars, chars.len() - 1) => {
            value.get(..i).unwrap_or(value).trim_end().to_owned()
        }
        _ => value.to_owned(),
    }
}

/// Parses the first DD.MM.YYYY (or D.M.YYYY, with . / or -) in `value`.
pub(crate) fn parse_date(value: &str) -> Option<Date> {
    let chars: Vec<char> = value.chars().collect();
    (0..chars.len())
        .filter(|&i| i == 0 || !chars.get(i - 1).is_some_and(char::is_ascii_digit))
        .find_map(|i| date_at(chars.get(i..)?))
}

fn date_at(chars: &[char]) -> Option<Date> {
    let mut parts = [0u32; 3];
    let mut i = 0;
    for (n, part) in parts.iter_mut().enumerate() {
        let start = i;
        while let Some(d) = chars.get(i).and_then(|c| c.to_digit(10)) {
            *part = part.checked_mul(10)?.checked_add(d)?;
            i += 1;
        }
        let digits = i - start;
        let ok = if n < 2 {
            (1..=2).contains(&digits)
        } else {
            digits == 4
        };
        if !ok {
            return None;
        }
        if n < 2 {
            if !matches!(chars.get(i), Some('.' | '/' | '-')) {
                return None;
            }
            i += 1;
        }
    }
    let [day, month, year] = parts;
    let valid =
        (1..=31).contains(&day) && (1..=12).contains(&month) && (1900..=2200).contains(&year);
    valid.then_some(Date {
        year: u16::try_from(year).ok()?,
        month: u8::try_from(month).ok()?,
        day: u8::try_from(day).ok()?,
    })
}

/// Parses the first number in `value`, allowing spaces between digit
/// groups («1 000 нуска»).
fn parse_count(value: &str) -> Option<u64> {
    let start = value.find(|c: char| c.is_ascii_digit())?;
    let mut n: u64 = 0;
    let mut chars = value.get(start..)?.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(d) = c.to_digit(10) {
            n = n.checked_mul(10)?.checked_add(u64::from(d))?;
        } else if matches!(c, ' ' | '\u{a0}' | '\u{202f}')
            && chars.peek().is_some_and(char::is_ascii_digit)
        {
            continue;
        } else {
            break;
        }
    }
    Some(n)
}

/// Splits text into sentences at . ! ? followed by an upper-case letter,
/// digit or quote, but not after an initial («М.З. тарабынан»,
/// «М.Омуралиева»), where the next word is part of the same sentence.
pub(crate) fn sentences(text: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let rest = chars.get(k + 1..).unwrap_or_default();
        let spaced = rest.first().is_some_and(|p| p.1.is_whitespace());
        let next = rest.iter().map(|p| p.1).find(|c| !c.is_whitespace());
        // A digit right after the period is a date («28.06.2021»).
        let opens = next.is_some_and(|n| {
            n.is_uppercase() || "\"«“".contains(n) || (spaced && n.is_ascii_digit())
        });
        if !opens || follows_initial(&chars, k) || follows_abbreviation(&chars, k) {
            continue;
        }
        let end = i + c.len_utf8();
        push_trimmed(&mut out, text.get(start..end));
        start = end;
    }
    push_trimmed(&mut out, text.get(start..));
    out
}

/// True if the period at `k` ends a one-letter upper-case word (an initial).
fn follows_initial(chars: &[(usize, char)], k: usize) -> bool {
    let prev = k.checked_sub(1).and_then(|j| chars.get(j)).map(|p| p.1);
    let before = k.checked_sub(2).and_then(|j| chars.get(j)).map(|p| p.1);
    prev.is_some_and(char::is_uppercase) && !before.is_some_and(char::is_alphanumeric)
}

/// Address and count abbreviations that a capitalised word often follows
/// («г. Москва», «ул. Ленина», «Бишкек ш. Токтогул»).
const ABBREVIATIONS: [&str; 14] = [
    "г",
    "ул",
    "д",
    "пр",
    "просп",
    "ш",
    "обл",
    "мкр",
    "кв",
    "им",
    "тел",
    "көч",
    "экз",
    "корп",
];

fn follows_abbreviation(chars: &[(usize, char)], k: usize) -> bool {
    let word: String = chars
        .get(..k)
        .unwrap_or_default()
        .iter()
        .rev()
        .map(|p| p.1)
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

fn push_trimmed(out: &mut Vec<String>, piece: Option<&str>) {
    if let Some(piece) = piece.map(str::trim).filter(|p| !p.is_empty()) {
        out.push(piece.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_IMPRINT: [&str; 3] = [
        "\"Эмгек\" саясий партиясынын финансылык маселелер баюнча ыйгарым укуктуу өкүлү М.Омуралиева тарабынан каржыланды.",
        "Аткаруучу: \"ПроМедиа Плюс\" КФ, Бишкек шаары, Токтогул көчөсү, 90а. Буйуртмачы: \"Эмгек партиясы\" саясий партиясы. Партиянын финансы маселелери боюнча ыйгарым укуктуу өкүлү Омуралиева М.З. тарабынан \"Эмгек партиясы\" саясий партиясынын атайын шайлоо фондунун каражатынан төлөндү.",
        "Чыга турган күнү: 28.06.2021-ж. Нускасы: 1.",
    ];

    #[test]
    fn parses_the_seed_imprint() {
        let paragraphs: Vec<String> = SEED_IMPRINT.iter().map(|s| (*s).to_owned()).collect();
        let imp = parse(&paragraphs);
        assert_eq!(
            imp.customer.as_deref(),
            Some("\"Эмгек партиясы\" саясий партиясы")
        );
        assert_eq!(imp.producer.as_deref(), Some("\"ПроМедиа Плюс\" КФ"));
        assert_eq!(
            imp.producer_address.as_deref(),
            Some("Бишкек шаары, Токтогул көчөсү, 90а")
        );
        assert_eq!(imp.financed_by.as_deref(), Some(SEED_IMPRINT[0]));
        assert!(imp.paid_from.as_deref().is_some_and(
            |p| p.starts_with("Партиянын финансы") && p.ends_with("каражатынан төлөндү.")
        ));
        assert_eq!(
            imp.issue_date,
            Some(Date {
                year: 2021,
                month: 6,
                day: 28
            })
        );
        assert_eq!(imp.print_run, Some(1));
        assert!(imp.leftover.is_empty(), "{:?}", imp.leftover);
        assert!(imp.missing().is_empty());
    }

    #[test]
    fn parses_a_glued_single_line() {
        let line = SEED_IMPRINT.join("").replace(". ", ".");
        let imp = parse(&[line]);
        assert_eq!(imp.present().len(), 7, "{imp:?}");
    }

    #[test]
    fn parses_a_kazakh_imprint() {
        let text = "Дайындаған: «Баспа» ЖШС, Алматы қ., Абай даңғылы, 10. \
                    Тапсырыс беруші: «Ақ жол» партиясы. Таралымы: 5000 дана. Шыққан күні: 14.08.2026.";
        let imp = parse(&[text.to_owned()]);
        assert_eq!(imp.producer.as_deref(), Some("«Баспа» ЖШС"), "{imp:?}");
        assert_eq!(
            imp.customer.as_deref(),
            Some("«Ақ жол» партиясы"),
            "{imp:?}"
        );
        assert_eq!(imp.print_run, Some(5000), "{imp:?}");
        assert_eq!(imp.issue_date.map(|d| d.year), Some(2026), "{imp:?}");
    }

    #[test]
    fn parses_a_russian_imprint() {
        let text = "Изготовитель: ООО «Принт», г. Москва, ул. Ленина, 1. Заказчик: кандидат Иванов И.И. \
                    Тираж 10 000 экз. Дата выпуска 01.09.2021. \
                    Оплачено из средств избирательного фонда кандидата Иванова И.И.";
        let imp = parse(&[text.to_owned()]);
        assert_eq!(imp.producer.as_deref(), Some("ООО «Принт»"));
        assert_eq!(
            imp.producer_address.as_deref(),
            Some("г. Москва, ул. Ленина, 1")
        );
        assert_eq!(imp.customer.as_deref(), Some("кандидат Иванов И.И."));
        assert_eq!(imp.print_run, Some(10_000));
        assert_eq!(
            imp.issue_date,
            Some(Date {
                year: 2021,
                month: 9,
                day: 1
            })
        );
        assert!(
            imp.paid_from
                .as_deref()
                .is_some_and(|p| p.starts_with("Оплачено"))
        );
        assert_eq!(imp.missing(), ["financed_by"]);
    }

    #[test]
    fn dates_and_counts() {
        assert_eq!(
            parse_date("28.06.2021-ж."),
            Some(Date {
                year: 2021,
                month: 6,
                day: 28
            })
        );
        assert_eq!(
            parse_date("1/2/2020"),
            Some(Date {
                year: 2020,
                month: 2,
                day: 1
            })
        );
        assert_eq!(parse_date("32.01.2021"), None);
        assert_eq!(parse_date("эртең"), None);
        assert_eq!(parse_count("1."), Some(1));
        assert_eq!(parse_count("1 000 нуска"), Some(1000));
        assert_eq!(parse_count("жок"), None);
    }

    #[test]
    fn split_marked_cuts_before_the_first_marked_sentence() {
        assert!(split_marked("Биз жеңебиз. Рахмат.").is_none());
        let glued = format!("Биз жеңебиз. {}{}", SEED_IMPRINT[0], SEED_IMPRINT[2]);
        let (body, tail) = split_marked(&glued).expect("imprint found");
        assert_eq!(body, "Биз жеңебиз.");
        assert!(tail.starts_with("\"Эмгек\" саясий"));
    }

    #[test]
    fn sentences_respect_initials() {
        let s = sentences("Өкүлү М.Омуралиева тарабынан. Омуралиева М.З. тарабынан төлөндү.Чыга");
        assert_eq!(
            s,
            [
                "Өкүлү М.Омуралиева тарабынан.",
                "Омуралиева М.З. тарабынан төлөндү.",
                "Чыга"
            ]
        );
    }
}
