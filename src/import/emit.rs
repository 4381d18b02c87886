//! Step 6: write the interview TOML (the format of examples/*/interview.toml),
//! with a `# TODO:` comment wherever a human has to fill in or check a field.
//! A missing required field is left out rather than invented, so `render`
//! refuses the file until someone fills it.

use std::fmt::Write as _;

use super::imprint::Imprint;
use super::{Interview, Qa};
use crate::lang::Lang;

/// Renders `doc` as interview TOML.
pub(crate) fn emit(doc: &Interview) -> String {
    let mut out = String::new();
    out.push_str(
        "# Imported by `barakcha import`. Check every line marked TODO; \
         `barakcha render` refuses the file while a required field is missing.\n",
    );
    top_level(&mut out, doc);
    candidate(&mut out, doc);
    portrait(&mut out, doc);
    campaign(&mut out);
    for qa in &doc.qa {
        question(&mut out, qa);
    }
    imprint(&mut out, &doc.imprint, doc.lang);
    out
}

/// Top-level keys must precede the first table header.
fn top_level(out: &mut String, doc: &Interview) {
    let lang = match doc.lang {
        Lang::Ky => "ky",
        Lang::Ru => "ru",
        Lang::Kk => "kk",
    };
    line(out, format_args!("lang = {}", basic(lang)));
    match &doc.headline {
        Some(h) => {
            out.push_str("# TODO: check the headline: taken from the first line of the source.\n");
            line(out, format_args!("headline = {}", basic(h)));
        }
        None => out.push_str(
            "# TODO: no headline in the source. Optional: add headline = \"…\", \
             e.g. a short sentence of the candidate's.\n",
        ),
    }
    if doc.lead.is_empty() {
        out.push_str("# TODO: lead = \"\"\"…\"\"\": no lead paragraphs were found before the first question.\n");
    } else {
        line(out, format_args!("lead = {}", multiline(&doc.lead)));
    }
}

fn candidate(out: &mut String, doc: &Interview) {
    out.push_str("\n[candidate]\n");
    match &doc.name {
        Some(name) => {
            out.push_str(
                "# TODO: check the name: guessed from the most repeated name in the lead.\n",
            );
            line(out, format_args!("name = {}", basic(name)));
        }
        None => out.push_str("# TODO: name = \"…\": the candidate's name was not found.\n"),
    }
    out.push_str(
        "# TODO: role = \"…\": the office the candidate runs for, e.g. a council seat; \
         not found in the source.\n",
    );
    match &doc.party {
        Some(party) => {
            out.push_str(
                "# TODO: check the party: guessed from the party name quoted most often.\n",
            );
            line(out, format_args!("party = {}", basic(party)));
        }
        None => out.push_str("# TODO: party = \"…\": no party name was found.\n"),
    }
}

/// Sources never carry a usable portrait: leave a commented stub.
fn portrait(out: &mut String, doc: &Interview) {
    out.push_str(
        "\n# TODO: no portrait in the source. Put the photo next to this file, \
         then uncomment these lines and set file = \"…\".\n# [portrait]\n# file = \"portrait.jpg\"\n",
    );
    if let Some(name) = &doc.name {
        line(out, format_args!("# caption = {}", basic(name)));
    }
}

/// Sources never carry the campaign's own details: a commented table to fill in.
fn campaign(out: &mut String) {
    out.push_str(
        "\n# TODO: the campaign's details, all optional; a layout shows those it has frames for.\n\
         # Uncomment the table and the keys you fill in.\n\
         # [campaign]\n\
         # slogan = \"…\"\n\
         # call_to_action = \"…\"\n\
         # election_date = 2021-04-11        # a TOML date\n\
         # ballot_number = 5                 # or a string: \"5А\"\n\
         # district = \"…\"\n\
         # website = \"https://…\"           # also drawn as a QR code\n\
         # phone = \"+996 …\"\n\
         # logo = \"logo.png\"               # PNG or JPEG next to this file\n\
         # pull_quote = \"…\"                # printed large in « »\n\
         # party_color = [0, 90, 85, 5]      # CMYK; replaces the layout's accent\n",
    );
}

fn question(out: &mut String, qa: &Qa) {
    out.push_str("\n[[qa]]\n");
    line(out, format_args!("q = {}", basic(&qa.q)));
    if qa.a.is_empty() {
        out.push_str("# TODO: a = \"\"\"…\"\"\": no answer was found for this question.\n");
    } else {
        line(out, format_args!("a = {}", multiline(&qa.a)));
    }
}

fn imprint(out: &mut String, imp: &Imprint, lang: Lang) {
    out.push_str("\n[imprint]\n");
    let jurisdiction = match lang {
        Lang::Ky => "KG",
        Lang::Ru => "RU",
        Lang::Kk => "KZ",
    };
    line(out, format_args!("jurisdiction = {}", basic(jurisdiction)));
    let text_fields = [
        ("customer", &imp.customer),
        ("producer", &imp.producer),
        ("producer_address", &imp.producer_address),
        ("financed_by", &imp.financed_by),
        ("paid_from", &imp.paid_from),
    ];
    for (name, value) in text_fields {
        match value {
            Some(v) => line(out, format_args!("{name} = {}", basic(v))),
            None => missing(out, name, lang),
        }
    }
    match imp.issue_date {
        Some(d) => line(
            out,
            format_args!("issue_date = {:04}-{:02}-{:02}", d.year, d.month, d.day),
        ),
        None => missing(out, "issue_date", lang),
    }
    match imp.print_run {
        Some(n) => line(out, format_args!("print_run = {n}")),
        None => missing(out, "print_run", lang),
    }
    if !imp.leftover.is_empty() {
        out.push_str(
            "# TODO: imprint text that fits no field; move it into a field above or delete it:\n",
        );
        for text in &imp.leftover {
            line(out, format_args!("#   {}", one_line(text)));
        }
    }
}

/// A comment naming the missing field, its label in the leaflet's language
/// and what to write.
fn missing(out: &mut String, field: &str, lang: Lang) {
    let (label, example) = match (field, lang) {
        ("customer", Lang::Ky) => ("Буйуртмачы", "\"…\""),
        ("customer", Lang::Ru) => ("Заказчик", "\"…\""),
        ("producer", Lang::Ky) => ("Аткаруучу", "\"…\""),
        ("producer", Lang::Ru) => ("Изготовитель", "\"…\""),
        ("producer_address", _) => ("address", "\"…\""),
        ("financed_by", Lang::Ky) => ("… тарабынан каржыланды.", "\"…\""),
        ("financed_by", Lang::Ru) => ("who financed it", "\"…\""),
        ("paid_from", Lang::Ky) => ("… шайлоо фондунун каражатынан төлөндү.", "\"…\""),
        ("paid_from", Lang::Ru) => ("Оплачено из средств избирательного фонда …", "\"…\""),
        ("issue_date", Lang::Ky) => ("Чыга турган күнү", "YYYY-MM-DD"),
        ("issue_date", Lang::Ru) => ("Дата выпуска", "YYYY-MM-DD"),
        ("print_run", Lang::Ky) => ("Нускасы", "a number"),
        ("customer", Lang::Kk) => ("Тапсырыс беруші", "\"…\""),
        ("producer", Lang::Kk) => ("Дайындаған", "\"…\""),
        ("financed_by", Lang::Kk) => ("who financed it", "\"…\""),
        ("paid_from", Lang::Kk) => ("… сайлау қорының қаражатынан төленді.", "\"…\""),
        ("issue_date", Lang::Kk) => ("Шыққан күні", "YYYY-MM-DD"),
        ("print_run", Lang::Kk) => ("Таралымы", "a number"),
        _ => ("Тираж", "a number"),
    };
    line(
        out,
        format_args!(
            "# TODO: {field} = {example} ({label}): not found in the source; required for printing."
        ),
    );
}

fn line(out: &mut String, args: std::fmt::Arguments<'_>) {
    // Writing to a String cannot fail.
    let _ = out.write_fmt(args);
    out.push('\n');
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
pub(crate) fn basic(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML multi-line basic string: paragraphs separated by a blank line,
/// opened with a newline (which TOML drops) so the text starts at column 0.
/// A quote is escaped where it would form «"""» or touch the closing
/// delimiter; the others stay readable.
pub(crate) fn multiline(paragraphs: &[String]) -> String {
    let body = paragraphs.join("\n\n");
    let chars: Vec<char> = body.chars().collect();
    let mut out = String::with_capacity(body.len() + 8);
    out.push_str("\"\"\"\n");
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '"' if matches!(chars.get(i + 1), None | Some('"')) => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push_str("\"\"\"");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Probe {
        s: String,
        m: String,
    }

    fn round_trip(s: &str, paragraphs: &[String]) -> Probe {
        let text = format!("s = {}\nm = {}\n", basic(s), multiline(paragraphs));
        toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    #[test]
    fn strings_survive_toml() {
        let tricky = [
            "\"Эмгек\" партиясы",
            "ends with a quote\"",
            "three \"\"\" quotes and \\ backslash \\n",
            "tab\tand control\u{7}\u{1b}",
            "\"",
            "\"\"",
        ];
        for s in tricky {
            let paragraphs = vec![s.to_owned(), format!("{s}{s}")];
            let probe = round_trip(s, &paragraphs);
            assert_eq!(probe.s, s);
            assert_eq!(probe.m, paragraphs.join("\n\n"));
        }
    }

    #[test]
    fn multiline_keeps_quotes_readable() {
        let m = multiline(&["Өзүм \"Кара-Жыгачта\" турам.".to_owned()]);
        assert_eq!(m, "\"\"\"\nӨзүм \"Кара-Жыгачта\" турам.\"\"\"");
    }
}
