use super::*;

const GOOD: &str = r#"lang = "ky"
headline = "Баш сөз"
lead = """Биринчи абзац.

Экинчи абзац."""

[candidate]
name = "Джульетта Базеян"

[[qa]]
q = "Суроо?"
a = """Жооп бир.

Жооп эки."""

[imprint]
jurisdiction = "KG"
customer = "Партия"
producer = "Басма"
producer_address = "Бишкек"
financed_by = "Каржыланды."
paid_from = "Фонддон төлөндү."
issue_date = 2021-06-28
print_run = 1
"#;

fn parse(text: &str) -> Result<Interview> {
    Interview::parse(Source::new("i.toml", text))
}

#[test]
fn parses_a_complete_interview() {
    let i = parse(GOOD).unwrap();
    assert_eq!(i.lead.len(), 2);
    assert_eq!(i.qa[0].a.len(), 2);
    assert_eq!(i.imprint.issue_date, (2021, 6, 28));
    let lines = i.imprint.paragraphs(Lang::Ky);
    assert_eq!(
        lines[2..],
        [
            "Аткаруучу:\u{a0}Басма, Бишкек.",
            "Буйуртмачы:\u{a0}Партия.",
            "Чыга\u{a0}турган\u{a0}күнү:\u{a0}28.06.2021-ж.",
            "Нускасы:\u{a0}1.",
        ]
    );
}

#[test]
fn the_imprint_follows_the_jurisdictions_order_with_labels_bound_to_values() {
    let ru = GOOD
        .replace(
            "jurisdiction = \"KG\"",
            "jurisdiction = \"RU\"\nproducer_tax_id = \"5406000000\"",
        )
        .replace("print_run = 1", "print_run = 25000");
    let i = parse(&ru).unwrap();
    let lines = i.imprint.paragraphs(Lang::Ru);
    // 67-FZ art. 54: producer (with its tax id), customer, print run, date, payment.
    assert!(lines[0].starts_with("Изготовитель:\u{a0}Басма, Бишкек, ИНН\u{a0}5406000000."));
    assert_eq!(lines[1], "Заказчик:\u{a0}Партия.");
    assert_eq!(lines[2], "Тираж:\u{a0}25\u{202f}000\u{a0}экз.");
    assert_eq!(lines[3], "Дата\u{a0}выпуска:\u{a0}28.06.2021.");
    assert_eq!(lines.len(), 6);
}

#[test]
fn every_missing_imprint_field_is_named() {
    for field in [
        "customer",
        "producer",
        "producer_address",
        "financed_by",
        "paid_from",
        "issue_date",
        "print_run",
    ] {
        let text: String = GOOD
            .lines()
            .filter(|l| !l.starts_with(&format!("{field} =")))
            .collect::<Vec<_>>()
            .join("\n");
        let err = parse(&text).unwrap_err().to_string();
        assert!(
            err.contains(&format!("imprint field `{field}` is missing")),
            "{field}: {err}"
        );
        assert!(err.contains("i.toml:"), "{err}");
    }
}

#[test]
fn empty_imprint_field_points_at_it() {
    let err = parse(&GOOD.replace("customer = \"Партия\"", "customer = \"  \"")).unwrap_err();
    assert!(err.message.contains("`customer` is empty"), "{err}");
    assert_eq!(err.location.as_ref().unwrap().line, 18);
}

#[test]
fn russian_imprint_needs_a_tax_id() {
    let err = parse(&GOOD.replace("\"KG\"", "\"RU\"")).unwrap_err();
    assert!(err.message.contains("producer_tax_id"), "{err}");
}

#[test]
fn print_run_must_be_positive() {
    let err = parse(&GOOD.replace("print_run = 1", "print_run = 0")).unwrap_err();
    assert!(err.message.contains("at least 1"), "{err}");
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let err = parse(&GOOD.replace("headline =", "headlin ="))
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `headlin`"), "{err}");
    assert!(err.contains("did you mean `headline`?"), "{err}");
    assert!(err.contains("i.toml:2:1"), "{err}");
}

#[test]
fn no_imprint_table_is_refused() {
    let cut = GOOD.split("[imprint]").next().unwrap();
    let err = parse(cut).unwrap_err();
    assert!(err.message.contains("no [imprint]"), "{err}");
}

#[test]
fn an_empty_answer_is_refused_where_it_is() {
    let err =
        parse(&GOOD.replace("a = \"\"\"Жооп бир.\n\nЖооп эки.\"\"\"", "a = \"  \"")).unwrap_err();
    assert!(err.message.contains("question 1 answer is empty"), "{err}");
    assert_eq!(err.location.as_ref().unwrap().line, 12);
}

const CAMPAIGN: &str = r#"
[campaign]
slogan = "Бишкек - баарыбыздын шаар"
call_to_action = "Добуш бериңиз!"
election_date = 2021-04-11
ballot_number = 5
district = "№ 3 шайлоо округу"
website = "https://example.kg/bazeyan"
phone = "+996 555 123 456"
logo = "logo.png"
pull_quote = "Шаар өсүп жатат."
party_color = [0, 60, 100, 0]
"#;

#[test]
fn parses_the_campaign_table() {
    let i = parse(&format!("{GOOD}{CAMPAIGN}")).unwrap();
    let c = &i.campaign;
    assert_eq!(c.ballot_number.as_ref().unwrap().get_ref(), "5");
    assert_eq!(*c.election_date.as_ref().unwrap().get_ref(), (2021, 4, 11));
    assert_eq!(
        c.election_date_text(Lang::Ky).unwrap(),
        "Шайлоо күнү: 11.04.2021-ж."
    );
    assert!(c.logo.as_ref().unwrap().get_ref().ends_with("logo.png"));
    assert_eq!(c.party_color.as_ref().unwrap().get_ref().0[1], 0.6);
    // The campaign's texts go through the checks and the typographic rules.
    let names: Vec<String> = i.texts().into_iter().map(|(n, _)| n).collect();
    assert!(names.contains(&"slogan".to_string()) && names.contains(&"website".to_string()));
    assert_eq!(
        i.typographic("Бишкек - баарыбыздын шаар"),
        "Бишкек\u{a0}— баарыбыздын шаар"
    );
    // A string ballot number is kept as written.
    let named = CAMPAIGN.replace("ballot_number = 5", "ballot_number = \"5А\"");
    let i = parse(&format!("{GOOD}{named}")).unwrap();
    assert_eq!(i.campaign.ballot_number.unwrap().into_inner(), "5А");
}

#[test]
fn bad_campaign_values_are_refused_at_their_key() {
    let cases = [
        (
            "website = \"https://example.kg/bazeyan\"",
            "website = \"example kg\"",
            "is not a web address",
        ),
        (
            "phone = \"+996 555 123 456\"",
            "phone = \"call me\"",
            "is not a phone number",
        ),
        (
            "ballot_number = 5",
            "ballot_number = 0",
            "is not a ballot or list number",
        ),
        (
            "election_date = 2021-04-11",
            "election_date = 2021-04-11T10:00:00",
            "without a time",
        ),
        (
            "logo = \"logo.png\"",
            "logo = \"logo.svg\"",
            "not a PNG or JPEG",
        ),
        ("slogan =", "slogn =", "did you mean `slogan`"),
        (
            "party_color = [0, 60, 100, 0]",
            "party_color = [0, 60, 100]",
            "four CMYK percentages",
        ),
    ];
    for (from, to, want) in cases {
        let text = format!("{GOOD}{}", CAMPAIGN.replace(from, to));
        let err = parse(&text).unwrap_err();
        assert!(err.to_string().contains(want), "{to}: {err}");
        let line = text
            .lines()
            .position(|l| l.starts_with(to.split(' ').next().unwrap()))
            .unwrap()
            + 1;
        assert_eq!(err.location.as_ref().unwrap().line, line, "{to}: {err}");
    }
}

/// Every problem of an interview comes in one run, in file order: a control character
/// in the headline, an empty answer, a campaign website that is no address and a missing imprint field.
#[test]
fn every_problem_of_an_interview_is_reported_at_once() {
    let text = GOOD
        .replace("headline = \"Баш сөз\"", "headline = \"Баш\\u0000сөз\"")
        .replace("a = \"\"\"Жооп бир.\n\nЖооп эки.\"\"\"", "a = \"\"")
        .replace("print_run = 1\n", "")
        + "\n[campaign]\nwebsite = \"сайт\"\n";
    let d = parse(&text).unwrap_err();
    let all: Vec<String> = std::iter::once(d.message.clone())
        .chain(d.also.iter().map(|a| a.message.clone()))
        .collect();
    let has = |what: &str| all.iter().any(|m| m.contains(what));
    assert!(has("control character U+0000"), "{all:#?}");
    assert!(has("question 1 answer is empty"), "{all:#?}");
    assert!(has("print_run"), "{all:#?}");
    assert!(has("`website` is not a web address"), "{all:#?}");
    let lines: Vec<usize> = std::iter::once(&*d)
        .chain(&d.also)
        .filter_map(|d| d.location.as_ref().map(|l| l.line))
        .filter(|&l| l > 0)
        .collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
}
