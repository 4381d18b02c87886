//! Table-driven tests of word division. Each table entry is the expected division;
//! the input is the same word with its hyphens removed.

use super::Hyphenator;
use crate::lang::Lang;

/// Kyrgyz words (mostly from the seed interview), divided by hand from the rules:
/// one vowel per syllable, long vowels whole, the last consonant of a cluster goes
/// on, two letters at least on each side; loanwords (ц, щ, ё, ь, ъ or a listed
/// stem) split their Russian stem as Russian does.
#[rustfmt::skip]
const KY: &[&str] = &[
    // native words: open syllables, clusters, long vowels
    "эм-гек", "са-я-сий", "пар-ти-я-сын-да", "та-лап-кер-лер", "ар-бын", "тар-мак-та-гы",
    "иш-мер-дүү-лүк-тү", "ар-ка-ла-шат", "ишин-де", "ар-тык-чы-лык-туу", "мык-ты", "би-ли-шет",
    "жа-шын-да", "да-ры-гер-лик", "ке-си-би-не", "бо-луп", "би-ли-мин", "таж-рый-ба-сын",
    "баш-ка-лар", "ме-нен", "бө-лү-шүү-гө", "же-ти-шүү-дө", "биш-кек", "шаар-дык", "ке-ңе-ши-не",
    "де-пу-тат", "бо-луу", "са-ла-мат-тык-ты", "сак-тоо", "бе-рүү", "тар-ма-гын", "кри-зис-тен",
    "чы-га-рып", "калк-туу", "ко-нуш-тар-ды", "са-лы-мын", "кош-ку-су", "пар-ти-я-сы",
    "эм-не-си", "кы-зык-тыр-га-нын", "да-ры-гер-лер", "таш-тап", "чы-гып", "ке-тип",
    "жат-ка-нын", "ко-нуш-тар-дын", "жа-шоо-чу-ла-ры", "көй-гөй-лө-рүн", "кан-тип", "че-чип",
    "жа-тыш-ка-нын", "ай-тып", "бер-ди", "биз-дин", "са-я-сат-та-гы", "жүз-дөр-дүн",
    "би-ри-сиз", "өзү-ңүз", "жө-нүн-дө", "бер-се-ңиз", "ме-да-йым", "бол-гон", "ке-сип-ти",
    "оку-ган", "ки-чи-не-кей", "ча-гым-да", "да-ры-гер", "кы-ял-дан-чу-мун", "ака-де-ми-я-га",
    "тап-шы-ра-рым-ды", "бил-чү-мүн", "окуум-ду", "бү-тү-рүп", "жыл-дан", "уни-вер-си-те-тин-де",
    "ана-то-мия", "пред-ме-ти-нен", "ат-ка-рам", "акыр-кы", "тех-ни-ка-лар", "жаб-дыл-ган",
    "за-ман-бап", "ме-ке-ме", "жаб-дуу-ла-ра-быз", "же-тек-чи-ли-ги-биз", "ын-ты-зар-луу",
    "кыз-мат-кер", "са-пат-туу", "жа-сайт", "улут-тук", "он-ко-ло-гия", "бор-бо-рун-да",
    "ор-ди-на-ту-ра-дан", "өтүү-дө-мүн", "де-пу-тат-тык-ка", "бо-луу-га", "экен-сиз",
    "ат-та-нуу-ңуз-га", "түрт-кү", "бор-бор", "ка-лаа-га", "тур-гун-да-ры-на", "жар-дам",
    "бер-гим", "жы-гач-та", "кез-дер-де", "ко-нуш-тун", "көй-гөй-лө-рү", "тур-гун-дар",
    "өзү-лө-рү", "ка-ра-жат", "чо-гул-туу", "алыш-кан", "баа-ры-нын", "эли-та-лык", "ба-тир-лер-ге",
    "жет-пе-ген-дик-тен", "ко-нуш-тар", "бо-луу-да", "жак-тар-да", "коом-дук", "транс-порт",
    "мек-теп", "жа-ры-гы", "тро-ту-ар-лар", "де-ген", "нер-се-лер", "жа-шоо-чу-ла-ры-на",
    "ара-кет", "кы-луу-су-на", "туу-ра", "ошон-дук-тан", "өнүк-тү-рүү", "дол-боор-ло-рун",
    "жар-ты-лай", "кол-доо-го", "тар-ма-гын-да-гы", "ма-се-ле-лер-ди", "отур-са", "да-ры-гер-лер-дин",
    "шарт-та-ры", "ый-лаар-лык", "көп-тө-гөн", "оо-ру-ка-на-лар-да-гы", "жаб-дуу-лар",
    "мо-рал-дык", "фи-зи-ка-лык", "эс-кир-ген", "маал-да", "врач-тар", "хи-рург-дар-ды",
    "дең-гээ-ли", "жо-го-ру", "курс-таш-та-рым", "ке-ти-шип", "кай-туу-ну", "каа-лаш-пайт",
    "ка-ра-ган-да", "алар-дын", "бал-да-рын", "кам-сыз", "бе-ри-шет", "жет-ки-лик-түү",
    "жө-нө-көй", "жа-ран-дар", "оку-туу-чу-лар", "же-тиш-пейт", "иш-төө-гө", "же-тер-лик",
    "мек-теп-тер-де", "жа-ша-ган", "кат-тоо-су", "бо-юн-ча", "ал-ба-ган-дык-тан", "кө-бөй-түү",
    "жо-го-ру-ла-туу", "ошон-чо-лук", "сарп-та-ган-га", "мүм-күн-чү-лүк-төр", "ме-ни-кин-дей",
    "пар-ти-я-лаш-тар", "ише-не-мин", "ой-лон-ду-ңуз", "жа-ңы-лык-тар-ды", "кир-ги-зүү-нү",
    "каа-лайм", "шаа-ры-быз-дын", "өнү-гүү-сү-нө", "ко-шуу-ну", "ой-ло-нуп", "мам-ле-кет-тик",
    "кыз-мат-та-шуу-ну", "кө-тө-рүү", "са-на-лат", "үгүт-төө-чү-сү", "шай-лоо-су-на",
    "уюш-ту-руу", "жүр-гү-зүл-гө-нү-нө", "сук-тан-га-ным", "кам-па-ни-я-сын", "пар-ла-мент-ке",
    "жы-йын-тык-тар-ды", "көр-гө-зүп", "ка-ба-тыр", "таа-ры-ныч", "кө-кү-рө-гүм-дөн",
    "ку-ба-нуу", "план-да-ган", "эмес-мин", "түш-көн-дө", "бү-гүн-кү", "кам-па-ни-я-да-гы",
    "кө-бү-рөөк", "шай-лоо-чу-лар", "жо-лу-гу-шуу", "экен-ди-ги", "арт-кан-да-ры", "эко-ло-гия",
    "бө-лүн-гөн-дүк-төн", "ап-рел-де-ги", "шай-лоо-до", "на-тый-жа-сын-да", "жум-ша-ды",
    "ке-сип-көй", "адис-тер-дин", "ко-ман-да-сы", "тыр-мак", "ки-риш-кен-де", "ал-бет-те",
    "алар-ды-кы", "эре-же-лер-ди", "чын-чыл", "атаан-даш-тык-ка", "ту-руш-тук", "би-ли-шиң",
    "ти-лек-ке", "пар-ти-я-лар-дын", "та-тык-туу", "тең-тай-ла-шуу-га", "ку-ду-ре-ти",
    "жет-кен", "ар-зы-бас", "ка-ра-лоо", "же-түү-гө", "жа-саш-ты", "же-те-ри-биз-ге",
    "сы-ры-быз", "бир-дик-түү-лүк-тө", "ли-дер-ле-риз-де", "маз-мун-дуу", "ке-ңи-ри",
    "та-рап-тан", "өнүк-көн", "гар-мо-ни-я-луу", "фи-нан-сы-лык", "ый-га-рым", "укук-туу",
    "ому-ра-ли-е-ва", "та-ра-бы-нан", "кар-жы-лан-ды", "ат-ка-руу-чу", "про-ме-диа",
    "ток-то-гул", "бу-йурт-ма-чы", "фон-ду-нун", "ка-ра-жа-ты-нан", "нус-ка-сы", "тур-ган",
    // rule examples from the brief
    "тоо-лор", "каа-лоо", "ай-лык", "так-кан", "кас-са", "айт-ты",
    // loanwords: a Russian letter or a listed stem
    "ме-ди-ци-на-лык", "ме-ди-ци-на", "ме-ди-ци-на-ны", "ка-на-ли-за-ция", "ква-ли-фи-ка-ци-я-лоо-нун",
    "ре-пу-та-ци-я-сы", "фев-раль", "про-грам-ма-сы", "про-грам-ма-быз-да", "ди-а-гно-сти-ка",
    "мас-штаб-дуу", "ин-три-га", "объ-ект", "ком-пью-тер",
    // more loanwords, long words (matched in windows) and й, ь, ъ
    "ком-пью-тер-лер", "объ-ек-ти-лер", "подъ-езд-дер", "щет-ка-сы", "коо-пе-ра-ция",
    "про-грам-мист", "аг-ро-ном-дор", "ин-три-га-лар", "ква-ли-фи-ка-ци-я-лоо-ло-ру-буз-дун",
    "де-мо-кра-ти-я-лаш-ты-руу-чу-лар-дын", "кы-йын", "сүй-лөө", "ай-тыл-ган", "аял-дар",
    "иш-тейт", "ра-ди-о-су",
    // built-in exceptions
    "кыр-гыз-стан-ды", "кыр-гыз-стан-да-гы",
];

/// Russian words, checked against the Russian rules (ь, ъ and й stay with the
/// letter before, no single letter on either side).
#[rustfmt::skip]
const RU: &[&str] = &[
    "ком-пью-тер", "объ-ект", "подъ-езд", "про-грам-ма", "де-пу-тат", "кан-ди-дат", "из-би-ра-тель-ный",
    "уча-сток", "ин-тер-вью", "ко-опе-ра-ция", "пар-ла-мент", "го-су-дар-ство", "об-ра-зо-ва-ние",
    "боль-ни-ца", "ме-ди-ци-на", "ква-ли-фи-ка-ция", "пред-се-да-тель", "за-ме-сти-тель",
    "пар-тия", "пред-вы-бор-ный", "кам-па-ния", "пра-ви-тель-ство", "бюд-жет", "эко-но-ми-ка",
    "раз-ви-тие", "стро-и-тель-ство", "транс-порт", "учи-тель", "мо-ло-дёжь", "объ-яв-ле-ние",
    "вью-га", "рай-он", "сен-тябрь", "элек-три-че-ство", "спе-ци-а-лист", "об-ще-ство",
    "воз-мож-ность", "че-ло-век", "сель-ский", "кыр-гыз-стан",
    // short or one-syllable: never broken
    "жизнь", "мысль", "дом", "се-мья",
];

fn check(lang: Lang, table: &[&str]) {
    let hyphenator = Hyphenator::new();
    let failures: Vec<String> = table
        .iter()
        .filter_map(|&expected| {
            let word = expected.replace('-', "");
            let shown = hyphenator.show(&word, lang);
            (shown != expected).then(|| format!("{word}: got {shown}, want {expected}"))
        })
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn kyrgyz_table() {
    assert!(KY.len() >= 150, "{} Kyrgyz words", KY.len());
    check(Lang::Ky, KY);
}

#[test]
fn russian_table() {
    assert!(RU.len() >= 30, "{} Russian words", RU.len());
    check(Lang::Ru, RU);
}

/// Tokens as they appear in running text: (language, token, expected division).
const TOKENS: &[(Lang, &str, &str)] = &[
    // punctuation stays outside the breaks
    (Lang::Ky, "«ооруканалардагы»,", "«оо-ру-ка-на-лар-да-гы»,"),
    (Lang::Ky, "\"Кара-Жыгачта\"", "\"Кара-Жы-гач-та\""),
    (Lang::Ky, "(бул", "(бул"),
    (Lang::Ky, "турабыз.\"Эмгек\"", "ту-ра-быз.\"Эм-гек\""),
    (Lang::Ky, "өтүүдөмүн.-", "өтүү-дө-мүн.-"),
    (Lang::Ru, "«программа»!", "«про-грам-ма»!"),
    // explicit hyphens: every part on its own, nothing next to the hyphen
    (Lang::Ky, "жарым-жартылай", "жа-рым-жар-ты-лай"),
    (Lang::Ky, "бири-бирибизди", "бири-би-ри-биз-ди"),
    (Lang::Ky, "иш-чара", "иш-чара"),
    (Lang::Ky, "ачык-айкын", "ачык-ай-кын"),
    (Lang::Ky, "турак-жай", "ту-рак-жай"),
    // capitals: abbreviations are never broken, capitalised words are
    (Lang::Ky, "БШКга", "БШКга"),
    (Lang::Ky, "БШК", "БШК"),
    (Lang::Ky, "КФ,", "КФ,"),
    (Lang::Ky, "ЭМГЕКТИН", "ЭМГЕКТИН"),
    (Lang::Ky, "Бишкек", "Биш-кек"),
    (Lang::Ky, "Кыргызстандагы", "Кыр-гыз-стан-да-гы"),
    (Lang::Ky, "ПроМедиа", "Про-Ме-диа"),
    (Lang::Ky, "ООРУКАНА", "ООРУКАНА"),
    // digits: the whole token stays
    (Lang::Ky, "6-классымда", "6-классымда"),
    (Lang::Ky, "28.06.2021-ж.", "28.06.2021-ж."),
    (Lang::Ky, "11-апрелдеги", "11-апрелдеги"),
    (Lang::Ky, "90а.", "90а."),
    // short words and single letters
    (Lang::Ky, "М.Омуралиева", "М.Ому-ра-ли-е-ва"),
    (Lang::Ky, "М.З.", "М.З."),
    (Lang::Ky, "туура", "туу-ра"),
    (Lang::Ky, "тоолор", "тоо-лор"),
    (Lang::Ky, "каалоо", "каа-лоо"),
    (Lang::Ky, "ооба", "ооба"),
    (Lang::Ky, "аброюн", "аб-ро-юн"),
    (Lang::Ky, "идеясы", "иде-я-сы"),
    (Lang::Ky, "оюнда", "оюн-да"),
    (Lang::Ky, "даяр", "даяр"),
    (Lang::Ky, "айыл", "айыл"),
    (Lang::Ky, "уулу", "уулу"),
    (Lang::Ky, "ЦИКтин", "ЦИКтин"),
    (Lang::Ky, "-", "-"),
    (Lang::Ky, "", ""),
    (Lang::Ky, "...", "..."),
    // other scripts are left whole
    (Lang::Ky, "Google", "Google"),
    (Lang::Ru, "hyphenation", "hyphenation"),
    // a decomposed й (и + U+0306) is one letter and never split from its mark
    (Lang::Ky, "аи\u{306}лык", "аи\u{306}-лык"),
    (Lang::Ru, "Джульетта", "Джу-льет-та"),
    (Lang::Ru, "«Объявление»", "«Объ-яв-ле-ние»"),
];

#[test]
fn tokens_from_running_text() {
    let hyphenator = Hyphenator::new();
    for &(lang, token, expected) in TOKENS {
        assert_eq!(
            hyphenator.show(token, lang),
            expected,
            "{token:?} ({lang:?})"
        );
    }
}

#[test]
fn exceptions_win_over_the_rules() {
    let mut hyphenator = Hyphenator::new();
    let list = "# local words\n\nбишкек   # never broken\nжар-дам-чы\nЮНЕС-КО\n";
    assert_eq!(hyphenator.add_exceptions(list), Ok(()));
    assert_eq!(hyphenator.show("Бишкек,", Lang::Ky), "Бишкек,");
    assert_eq!(hyphenator.show("БИШКЕК", Lang::Ru), "БИШКЕК");
    assert_eq!(hyphenator.show("«Жардамчы»", Lang::Ky), "«Жар-дам-чы»");
    // an exception is the last word on a word, even an abbreviation
    assert_eq!(hyphenator.show("ЮНЕСКО", Lang::Ru), "ЮНЕС-КО");
    // inflected forms are other words and follow the rules
    assert_eq!(hyphenator.show("Бишкекте", Lang::Ky), "Биш-кек-те");
    // digits still keep a token whole
    assert_eq!(hyphenator.show("2021-жардамчы", Lang::Ky), "2021-жардамчы");
}

#[test]
fn malformed_exceptions_name_their_line() {
    let cases = [
        ("ком-пью-тер\nком пью тер\n", "line 2"),
        ("# comment\n\nком1пью\n", "line 3"),
        ("-компьютер", "line 1"),
        ("ком--пьютер", "line 1"),
        ("компьютер-", "line 1"),
        ("ком.пью", "line 1"),
    ];
    for (text, line) in cases {
        let mut hyphenator = Hyphenator::new();
        match hyphenator.add_exceptions(text) {
            Err(message) => assert!(message.contains(line), "{text:?}: {message}"),
            Ok(()) => panic!("{text:?} was accepted"),
        }
    }
}

#[test]
fn built_in_lists_are_well_formed() {
    let mut hyphenator = Hyphenator::new();
    assert_eq!(hyphenator.add_exceptions(super::BUILTIN_EXCEPTIONS), Ok(()));
    assert!(!hyphenator.exceptions.is_empty());
    assert!(hyphenator.loanwords.iter().all(|stem| {
        stem.chars().count() >= 4 && stem.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
    }));
}

#[test]
fn shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Hyphenator>();
    assert_eq!(Hyphenator::default().show("эмгек", Lang::Ky), "эм-гек");
}

/// Every token of the seed interview: breaks are ascending char boundaries strictly
/// inside the token, with at least two letters on each side before any non-letter.
#[test]
fn offsets_on_the_seed_text() {
    let seed = include_str!("data/exceptions.txt").to_owned() + SEED;
    let hyphenator = Hyphenator::new();
    for lang in [Lang::Ky, Lang::Ru] {
        for token in seed.split_whitespace() {
            let breaks = hyphenator.breaks(token, lang);
            assert!(breaks.windows(2).all(|w| w[0] < w[1]), "{token}");
            for &b in &breaks {
                assert!(
                    b > 0 && b < token.len() && token.is_char_boundary(b),
                    "{token}"
                );
                let before: Vec<char> = token[..b].chars().rev().take(2).collect();
                let after: Vec<char> = token[b..].chars().take(2).collect();
                let letters = before.iter().chain(&after).all(|c| c.is_alphabetic());
                assert!(
                    letters && before.len() == 2 && after.len() == 2,
                    "{token} at {b}"
                );
            }
        }
    }
}

/// Sentences from the seed interview, punctuation and all.
const SEED: &str = "\"Эмгек\" саясий партиясында жаш талапкерлер арбын. Джульетта Базеян 25 \
    жашында дарыгерлик кесибине ээ болуп, билимин, тажрыйбасын башкалар менен \
    бөлүшүүгө да жетишүүдө. 6-классымда эле медициналык академияга тапшырарымды \
    билчүмүн. Ошону менен бирге эле Улуттук онкология борборунда ординатурадан \
    өтүүдөмүн.- Депутаттыкка талапкер болууга бир топ жаш экенсиз. БШКга \
    аттанууңузга эмне түрткү болду? Өзүм \"Кара-Жыгачта\" турам. Көптөгөн \
    ооруканалардагы жабдуулар моралдык жактан дагы, физикалык жактан дагы абдан \
    эскирген. Ошол эле маалда врачтар менен хирургдарды квалификациялоонун \
    деңгээли өтө жогору. Биз бири-бирибизди гармониялуу түрдө толуктап \
    турабыз.\"Эмгек\" саясий партиясынын финансылык маселелер баюнча ыйгарым \
    укуктуу өкүлү М.Омуралиева тарабынан каржыланды.Аткаруучу: \"ПроМедиа Плюс\" \
    КФ, Бишкек шаары, Токтогул көчөсү, 90а. Омуралиева М.З. тарабынан. Чыга \
    турган күнү: 28.06.2021-ж. Нускасы: 1. (бул бизде гана бар). иш-чара \
    көбүрөөк эсиңизде калды?- Шайлоочулар менен болгон жолугушуу.";

#[test]
fn the_cyrillic_fast_path_agrees_with_the_unicode_tables() {
    for c in ('\u{400}'..='\u{4ff}').chain('A'..='z') {
        if let Some((lower, upper)) = super::cyrillic_letter(c) {
            assert!(c.is_alphabetic(), "{c}");
            assert_eq!(upper, c.is_uppercase(), "{c}");
            assert_eq!(lower, super::lowercase(c), "{c}");
        }
    }
    let covered = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяңөүАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯҢӨҮ";
    assert!(covered.chars().all(|c| super::cyrillic_letter(c).is_some()));
}
