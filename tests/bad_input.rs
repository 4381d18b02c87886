//! The bad-input catalogue: every hostile or careless input found while hardening
//! (issue 13), with the command, the message it must give, its exit code, and the check
//! that no file in its folder was changed, replaced or left half-written. One table, so
//! each case stays fixed.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One case: how its folder is made, the command (run in the folder), what stderr must
/// hold, and the exit code.
struct Case {
    name: &'static str,
    setup: fn(&Path),
    args: &'static [&'static str],
    want: &'static [&'static str],
    code: i32,
}

/// The example in `dir` with `edit` applied to its interview text.
fn example_with(dir: &Path, edit: impl Fn(String) -> String) {
    example_copy(dir, edit);
}

fn plain(dir: &Path) {
    example_with(dir, |t| t);
}

/// Inserts `text` at the start of the first answer.
fn in_answer(t: &str, text: &str) -> String {
    let at = t.find("a = \"\"\"").expect("an answer") + 7;
    format!("{}{text}{}", &t[..at], &t[at..])
}

fn layout_with(dir: &Path, from: &str, to: &str) {
    plain(dir);
    let text = std::fs::read_to_string(root().join("layouts/a4-two-sided.toml")).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(dir.join("layout.toml"), text.replacen(from, to, 1)).unwrap();
}

/// The example's portrait with a JPEG frame header claiming `w` × `h` pixels.
fn portrait_claiming(dir: &Path, w: u16, h: u16) {
    plain(dir);
    let mut b = std::fs::read(dir.join("portrait.jpg")).unwrap();
    let sof = b.windows(2).position(|x| x == [0xFF, 0xC0]).expect("SOF0");
    b[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    b[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    std::fs::write(dir.join("portrait.jpg"), b).unwrap();
}

/// An APP1 Exif segment holding only the orientation tag.
fn exif_orientation(o: u8) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01".to_vec();
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, o, 0, 0, 0, 0, 0, 0]);
    let mut seg = vec![0xFF, 0xE1];
    seg.extend(((2 + 6 + tiff.len()) as u16).to_be_bytes());
    seg.extend(b"Exif\0\0");
    seg.extend(tiff);
    seg
}

fn fifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(ok.success());
}

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    vec![
        // Damage: outputs onto inputs, devices and folders.
        Case { name: "output onto the interview", setup: plain, args: &["render", "interview.toml", "-o", "interview.toml"], want: &["will not write the output over interview.toml, an input of this run"], code: 1 },
        Case { name: "report onto the interview", setup: plain, args: &["render", "interview.toml", "-o", "x.pdf", "--report", "./interview.toml"], want: &["an input of this run"], code: 1 },
        Case { name: "output onto the portrait", setup: plain, args: &["render", "interview.toml", "-o", "portrait.jpg"], want: &["an input of this run"], code: 1 },
        Case { name: "output and dump the same file", setup: plain, args: &["render", "interview.toml", "-o", "a.pdf", "--dump", "./a.pdf"], want: &["two outputs of this run are the same file"], code: 1 },
        Case { name: "output onto a device", setup: plain, args: &["render", "interview.toml", "-o", "/dev/null"], want: &["/dev/null: will not write here: it is a device"], code: 1 },
        Case { name: "output onto a folder", setup: |d| { plain(d); std::fs::create_dir(d.join("out.pdf")).unwrap() }, args: &["render", "interview.toml", "-o", "out.pdf"], want: &["it is a folder"], code: 1 },
        Case { name: "import onto its own input, even with --force", setup: |d| std::fs::write(d.join("raw.txt"), "- Суроо?\n\nЖооп.\n").unwrap(), args: &["import", "raw.txt", "-o", "raw.txt", "--force"], want: &["an input of this run"], code: 1 },
        Case { name: "import over a hand-edited interview", setup: |d| { plain(d); std::fs::write(d.join("raw.txt"), "- Суроо?\n\nЖооп.\n").unwrap() }, args: &["import", "raw.txt"], want: &["interview.toml: already exists", "--force"], code: 1 },
        // Hangs and unbounded memory.
        Case { name: "a FIFO as the portrait", setup: |d| { example_with(d, |t| t.replace("portrait.jpg", "pipe.jpg")); fifo(&d.join("pipe.jpg")) }, args: &["render", "interview.toml", "-o", "x.pdf"], want: &["interview.toml:15:8", "it is a FIFO (named pipe), not a regular file"], code: 1 },
        Case { name: "/dev/zero as the portrait", setup: |d| example_with(d, |t| t.replace("portrait.jpg", "/dev/zero")), args: &["render", "interview.toml", "-o", "x.pdf", "--allow-outside-paths"], want: &["it is a device, not a regular file"], code: 1 },
        Case { name: "/dev/zero as a font", setup: |d| layout_with(d, "bundled:NotoSerif-Regular.ttf", "/dev/zero"), args: &["render", "interview.toml", "-o", "x.pdf", "--layout", "layout.toml"], want: &["layout.toml:21:", "it is a device"], code: 1 },
        Case { name: "/dev/zero as exceptions", setup: plain, args: &["render", "interview.toml", "-o", "x.pdf", "--hyphenation", "/dev/zero"], want: &["cannot read the hyphenation exceptions: it is a device"], code: 1 },
        Case { name: "/dev/zero to import", setup: plain, args: &["import", "/dev/zero", "-o", "new.toml"], want: &["/dev/zero: cannot read the raw text: it is a device"], code: 1 },
        Case { name: "a folder as the interview", setup: plain, args: &["render", ".", "-o", "x.pdf"], want: &["cannot read the interview: it is a folder"], code: 1 },
        Case { name: "a 5 MB interview", setup: |d| example_with(d, |t| in_answer(&t, &"сөз ".repeat(1_000_000))), args: &["render", "interview.toml", "-o", "x.pdf"], want: &["larger than barakcha's limit of 4 MiB"], code: 1 },
        Case { name: "a 2 MB answer refused before setting", setup: |d| example_with(d, |t| in_answer(&t, &"сөз ".repeat(300_000))), args: &["render", "interview.toml", "-o", "x.pdf"], want: &["interview.toml:20:5: the text does not fit", "question 1 answer"], code: 1 },
        Case { name: "-j 100000", setup: |d| { plain(d); std::fs::create_dir(d.join("in")).unwrap(); example_copy(&d.join("in"), |t| t); }, args: &["batch", "in", "-o", "out", "-j", "100000"], want: &["more than 4 per core; using", "1 rendered"], code: 0 },
        // Silent bad output.
        Case { name: "nan margin", setup: |d| layout_with(d, "margin_top = \"12mm\"", "margin_top = nan"), args: &["render", "interview.toml", "-o", "x.pdf", "--layout", "layout.toml"], want: &["layout.toml:", "`NaN` is not a length"], code: 1 },
        Case { name: "nan leading", setup: |d| layout_with(d, "leading = \"12pt\"", "leading = nan"), args: &["render", "interview.toml", "-o", "x.pdf", "--layout", "layout.toml"], want: &["layout.toml:", "is not a length"], code: 1 },
        Case { name: "inf portrait height", setup: |d| layout_with(d, "height = \"94mm\"", "height = inf"), args: &["render", "interview.toml", "-o", "x.pdf", "--layout", "layout.toml"], want: &["layout.toml:", "`inf` is not a length"], code: 1 },
        Case { name: "an absurd length", setup: |d| layout_with(d, "gutter = \"5mm\"", "gutter = 1e300"), args: &["render", "interview.toml", "-o", "x.pdf", "--layout", "layout.toml"], want: &["layout.toml:", "is not a length"], code: 1 },
        Case { name: "a glyph the font lacks in the imprint", setup: |d| example_with(d, |t| t.replacen("customer = \"", "customer = \"★ ", 1)), args: &["render", "interview.toml", "-o", "x.pdf"], want: &["no glyph for '★' (U+2605) in the imprint"], code: 1 },
        Case { name: "a truncated JPEG", setup: |d| { plain(d); let b = std::fs::read(d.join("portrait.jpg")).unwrap(); std::fs::write(d.join("portrait.jpg"), &b[..b.len() / 2]).unwrap() }, args: &["render", "interview.toml", "-o", "x.pdf"], want: &["truncated"], code: 1 },
        Case { name: "a JPEG with damaged scan structure", setup: |d| { plain(d); let mut b = std::fs::read(d.join("portrait.jpg")).unwrap(); let n = b.len(); b[n / 2] = 0xFF; b[n / 2 + 1] = 0x12; std::fs::write(d.join("portrait.jpg"), b).unwrap() }, args: &["render", "interview.toml", "-o", "x.pdf"], want: &["the JPEG's structure is damaged"], code: 1 },
        Case { name: "a JPEG header claiming 30000 × 30000", setup: |d| portrait_claiming(d, 30000, 30000), args: &["render", "interview.toml", "-o", "x.pdf"], want: &["30000 × 30000 pixels", "100 million"], code: 1 },
        Case { name: "a JPEG header claiming more than its data", setup: |d| portrait_claiming(d, 9000, 9000), args: &["render", "interview.toml", "-o", "x.pdf"], want: &["holds too little image data"], code: 1 },
        Case { name: "a NUL in an answer", setup: |d| example_with(d, |t| in_answer(&t, "жооп\\u0000 ")), args: &["render", "interview.toml", "-o", "x.pdf"], want: &["interview.toml:20:5", "control character U+0000"], code: 1 },
        // Internal errors and misleading messages.
        Case { name: "a URL wider than the column", setup: |d| { example_with(d, |t| { in_answer(&t, &format!("https://example.com/{} ", "a".repeat(150))) }) }, args: &["render", "interview.toml", "-o", "x.pdf"], want: &["interview.toml:20:8", "too wide for its column", "short link"], code: 1 },
        Case { name: "a 200-letter word", setup: |d| example_with(d, |t| in_answer(&t, &format!("{} ", "ж".repeat(200)))), args: &["render", "interview.toml", "-o", "x.pdf"], want: &["interview.toml:20:8", "200 characters in all", "too wide for its column"], code: 1 },
        Case { name: "a type error in print_run", setup: |d| example_with(d, |t| t.replace("print_run = 1", "print_run = \"бир\"")), args: &["render", "interview.toml", "-o", "x.pdf"], want: &["`print_run` must be a whole number of copies, not the text \"бир\"", "print_run = 1000"], code: 1 },
        Case { name: "every missing imprint field at once", setup: |d| { example_with(d, |t| { t.lines() .filter(|l| { !l.starts_with("print_run") && !l.starts_with("issue_date") && !l.starts_with("customer") }) .collect::<Vec<_>>() .join("\n") }) }, args: &["render", "interview.toml", "-o", "x.pdf"], want: &["`customer` is missing", "`issue_date` is missing", "issue_date = 2021-06-28 (a date, without quotes)", "`print_run` is missing", "print_run = 1000 (the number of copies, without quotes)"], code: 1 },
        Case { name: "lang under [candidate]", setup: |d| { example_with(d, |t| { t.replacen("lang = \"ky\"\n", "", 1).replacen("[candidate]\n", "[candidate]\nlang = \"ky\"\n", 1,) }) }, args: &["render", "interview.toml", "-o", "x.pdf"], want: &["unknown field `lang`", "belongs at the top of the file"], code: 1 },
        Case { name: "a font collection", setup: |d| { layout_with(d, "bundled:NotoSerif-Regular.ttf", "fonts.ttc"); std::fs::write(d.join("fonts.ttc"), b"ttcf\0\x01\0\0\0\0\0\x02\0\0\0\0\0\0\0\0",) .unwrap() }, args: &["render", "interview.toml", "-o", "x.pdf", "--layout", "layout.toml"], want: &["is a font collection (.ttc) of 2 fonts"], code: 1 },
        Case { name: "overflow names the file and the question", setup: |d| example_with(d, |t| in_answer(&t, &"сөз ".repeat(3000))), args: &["render", "interview.toml", "-o", "x.pdf"], want: &["interview.toml:20:5: question 1 answer does not fit"], code: 1 },
        Case { name: "import of KOI8-R text", setup: |d| { std::fs::write(d.join("raw.txt"), b"\xf7\xd3\xd4\xd5\xd0\xcc\xc5\xce\xc9\xc5 \xd4\xc5\xcb\xd3\xd4\xc1.\n\n- \xf7\xc1\xdb \xd0\xc5\xd2\xd7\xd9\xca \xd7\xcf\xd0\xd2\xcf\xd3?\n\n\xef\xd4\xd7\xc5\xd4 \xda\xc4\xc5\xd3\xd8.\n").unwrap() }, args: &["import", "raw.txt", "-o", "new.toml"], want: &["encoding: KOI8-R", "wrote new.toml"], code: 0 },
        Case { name: "import without the candidate's name", setup: |d| { std::fs::write(d.join("raw.txt"), "Вступление.\n\n- Первый вопрос?\n\nОтвет.\n",) .unwrap() }, args: &["import", "raw.txt", "-o", "new.toml"], want: &["wrote new.toml"], code: 0 },
        // Security: portraits stay in the interview's folder, and the message is the same
        // whether or not the file exists.
        Case { name: "a portrait outside the folder that exists", setup: |d| { example_with(d, |t| { t.replace("portrait.jpg", "../../../../../../etc/hostname") }) }, args: &["render", "interview.toml", "-o", "x.pdf"], want: &["is outside the interview's folder", "--allow-outside-paths"], code: 1 },
        Case { name: "a portrait outside the folder that does not exist", setup: |d| { example_with(d, |t| { t.replace("portrait.jpg", "../../../../../../etc/nothing-here") }) }, args: &["render", "interview.toml", "-o", "x.pdf"], want: &["is outside the interview's folder", "--allow-outside-paths"], code: 1 },
        Case { name: "an absolute portrait path", setup: |d| example_with(d, |t| t.replace("portrait.jpg", "/etc/passwd")), args: &["render", "interview.toml", "-o", "x.pdf"], want: &["is outside the interview's folder"], code: 1 },
        Case { name: "a 600 kB caption", setup: |d| { example_with(d, |t| { t.replacen("caption = \"", &format!("caption = \"{}", "сөз ".repeat(70_000)), 1,) }) }, args: &["render", "interview.toml", "-o", "x.pdf"], want: &["the text does not fit", "portrait caption"], code: 1 },
        Case { name: "a FIFO portrait in a batch", setup: |d| { let sub = d.join("in/a"); std::fs::create_dir_all(&sub).unwrap(); example_copy(&sub, |t| t.replace("portrait.jpg", "pipe.jpg")); fifo(&sub.join("pipe.jpg")) }, args: &["batch", "in", "-o", "out"], want: &["FIFO", "0 rendered, 0 unchanged, 1 failed", "batch-report.json"], code: 1 },
        Case { name: "an interview in Windows-1251", setup: |d| { std::fs::write(d.join("cp.toml"), b"lang = \"ky\"\nheadline = \"\xc1\xe0\xf8\"\n",) .unwrap() }, args: &["render", "cp.toml", "-o", "x.pdf"], want: &["cp.toml: cannot read the interview: it is not UTF-8 text", "save it as UTF-8"], code: 1 },
        Case { name: "hyphenate on endless input", setup: plain, args: &["hyphenate"], want: &["line 1 of standard input is longer than 64 KiB"], code: 1 },
    ]
}

/// Every file under `dir` with its bytes (a folder or FIFO as a marker), to see that a
/// failed run changed nothing.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let kind = e.file_type().unwrap();
        let content = if kind.is_file() {
            std::fs::read(e.path()).unwrap()
        } else if kind.is_dir() {
            for (p, b) in snapshot(&e.path()) {
                out.insert(p, b);
            }
            b"<folder>".to_vec()
        } else {
            b"<special>".to_vec()
        };
        out.insert(e.path(), content);
    }
    out
}

/// Runs the command with a deadline: a hang fails the case, it never hangs the suite.
fn run(dir: &Path, args: &[&str], stdin_zero: bool) -> (Option<i32>, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_barakcha"));
    cmd.args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd.stdin(if stdin_zero {
        Stdio::from(std::fs::File::open("/dev/zero").unwrap())
    } else {
        Stdio::null()
    });
    let mut child = cmd.spawn().expect("run barakcha");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            return (status.code(), err);
        }
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("{args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn every_bad_input_gets_its_message_and_damages_nothing() {
    let table = cases();
    let mut failures = Vec::new();
    for (n, case) in table.iter().enumerate() {
        let dir = temp_dir(&format!("bad-{n}"));
        (case.setup)(&dir);
        let before = snapshot(&dir);
        let (code, err) = run(&dir, case.args, case.args == ["hyphenate"]);
        let mut problems = Vec::new();
        if code != Some(case.code) {
            problems.push(format!("exit {code:?}, wanted {}", case.code));
        }
        for w in case.want {
            if !err.contains(w) {
                problems.push(format!("no {w:?}"));
            }
        }
        if err.contains("internal error") || err.contains("panicked") || err.len() > 8000 {
            problems.push(format!(
                "an internal error, a panic or a {}-byte message",
                err.len()
            ));
        }
        let after = snapshot(&dir);
        for (path, bytes) in &before {
            if after.get(path) != Some(bytes) {
                problems.push(format!("{} was changed", path.display()));
            }
        }
        let made: Vec<_> = after.keys().filter(|p| !before.contains_key(*p)).collect();
        // A failing batch still writes its report, in its output folder.
        let batch = case.args[0] == "batch";
        if case.code != 0 && !batch && !made.is_empty() {
            problems.push(format!("a failed run left {made:?}"));
        }
        if made.iter().any(|p| p.to_string_lossy().ends_with(".tmp")) {
            problems.push(format!("temporaries left: {made:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}\n{err}", case.name, problems.join("; ")));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(
        std::fs::symlink_metadata("/dev/null").is_ok_and(|m| !m.file_type().is_file()),
        "/dev/null was replaced"
    );
    eprintln!("{} cases", table.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The same words for a path outside the folder whether or not the file exists.
#[test]
fn outside_paths_do_not_tell_what_exists() {
    let said = |target: &str| {
        let dir = temp_dir(&format!("outside-{}", target.len()));
        example_copy(&dir, |t| t.replace("portrait.jpg", target));
        let (_, err) = run(&dir, &["render", "interview.toml", "-o", "x.pdf"], false);
        err.replace(target, "PATH")
    };
    assert_eq!(said("/etc/hostname"), said("/etc/hostnamX"));
}

/// A portrait stored sideways with EXIF orientation 6 is placed turned (a rotation in
/// the placement matrix), its bytes embedded as they are.
#[test]
fn exif_orientation_is_honoured_without_re_encoding() {
    let dir = temp_dir("exif");
    example_copy(&dir, |t| t);
    let jpeg = std::fs::read(dir.join("portrait.jpg")).unwrap();
    let turned = [&jpeg[..2], &exif_orientation(6), &jpeg[2..]].concat();
    std::fs::write(dir.join("portrait.jpg"), &turned).unwrap();
    let out = dir.join("x.pdf");
    render(&dir.join("interview.toml"), &out, &[]);
    let pdf = Pdf::open(&out);
    let page = pdf.pages()[0];
    let content = String::from_utf8_lossy(&pdf.doc.get_page_content(page).unwrap()).into_owned();
    assert!(
        content.contains("0 -1 1 0 0 1 cm"),
        "no rotation in:\n{}",
        &content[..500]
    );
    let embedded = pdf
        .doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .any(|s| s.content == turned);
    assert!(embedded, "the JPEG is not embedded byte for byte");
}

/// `dir/in` with `n` copies of the example, each in a folder of its own, for `batch`.
fn batch_input(dir: &Path, n: usize) {
    for k in 0..n {
        let sub = dir.join(format!("in/c{k}"));
        std::fs::create_dir_all(&sub).unwrap();
        example_copy(&sub, |t| t);
    }
}

/// `batch … 2>&1 | head -1` and `hyphenate … | head -1`: the reader goes away; the batch
/// still finishes and writes its report, and nothing panics.
#[test]
fn a_closed_pipe_stops_printing_not_the_work() {
    let dir = temp_dir("pipe");
    batch_input(&dir, 3);
    let mut child = Command::new(env!("CARGO_BIN_EXE_barakcha"))
        .args(["batch", "in", "-o", "out", "-j", "1"])
        .current_dir(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: stderr is now a closed pipe.
    let status = child.wait().unwrap();
    assert_ne!(status.code(), Some(101), "panicked");
    assert!(dir.join("out/batch-report.json").is_file(), "no report");
    let mut child = Command::new(env!("CARGO_BIN_EXE_barakcha"))
        .args(["hyphenate"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        for _ in 0..20_000 {
            if writeln!(input, "оорукананардагы дарыгерлик").is_err() {
                break;
            }
        }
    });
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "оо-ру-ка-на-нар-да-гы");
    let status = child.wait().unwrap();
    writer.join().unwrap();
    assert_eq!(status.code(), Some(0));
}

/// SIGTERM makes a batch stop as Ctrl-C does: the report is written.
#[test]
fn sigterm_on_a_batch_writes_the_report() {
    let dir = temp_dir("sigterm");
    batch_input(&dir, 40);
    let mut child = Command::new(env!("CARGO_BIN_EXE_barakcha"))
        .args(["batch", "in", "-o", "out", "-j", "1"])
        .current_dir(&dir)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Once the first leaflet is done, the batch is surely running.
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    err.read_line(&mut first).unwrap();
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let mut rest = String::new();
    err.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{first}{rest}");
    assert!(rest.contains("interrupted"), "{rest}");
    let report = std::fs::read_to_string(dir.join("out/batch-report.json")).unwrap();
    assert!(report.contains("\"cancelled\""), "{report}");
}

/// A temporary left by a killed run is removed by the next one; a live process's is not.
#[test]
fn stale_temporaries_of_our_naming_are_removed() {
    let dir = temp_dir("stale");
    example_copy(&dir, |t| t);
    let stale = dir.join(".x.pdf.4194303.tmp");
    let live = dir.join(format!(".x.pdf.{}.tmp", std::process::id()));
    let other = dir.join(".notes.4194303.txt");
    for f in [&stale, &live, &other] {
        std::fs::write(f, b"half").unwrap();
    }
    render(&dir.join("interview.toml"), &dir.join("x.pdf"), &[]);
    assert!(!stale.exists(), "stale temporary kept");
    assert!(
        live.exists() && other.exists(),
        "removed what was not ours to remove"
    );
}

/// The hints for a missing `print_run` and `issue_date`, and for a type error, work
/// when followed: the line they suggest, put under [imprint], makes the leaflet.
#[test]
fn hints_work_when_followed() {
    let dir = temp_dir("hints");
    let without = |t: String| {
        t.lines()
            .filter(|l| !l.starts_with("print_run") && !l.starts_with("issue_date"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let interview = example_copy(&dir, without);
    let (code, err) = run(&dir, &["render", "interview.toml", "-o", "x.pdf"], false);
    assert_eq!(code, Some(1), "{err}");
    // "= hint: add print_run = 1000 (the number …) under [imprint]; …"
    let suggested: Vec<String> = err
        .lines()
        .filter_map(|l| l.split_once("hint: add ").map(|(_, rest)| rest))
        .map(|rest| rest.split(" (").next().unwrap().to_string())
        .collect();
    assert_eq!(
        suggested,
        ["issue_date = 2021-06-28", "print_run = 1000"],
        "{err}"
    );
    let text = std::fs::read_to_string(&interview).unwrap();
    let fixed = text.replacen(
        "[imprint]\n",
        &format!("[imprint]\n{}\n", suggested.join("\n")),
        1,
    );
    std::fs::write(&interview, fixed).unwrap();
    let (code, err) = run(&dir, &["render", "interview.toml", "-o", "x.pdf"], false);
    assert_eq!(code, Some(0), "{err}");
    // The type error's hint, followed, works too.
    let text = std::fs::read_to_string(&interview).unwrap();
    std::fs::write(
        &interview,
        text.replace("print_run = 1000", "print_run = \"1000\""),
    )
    .unwrap();
    let (_, err) = run(&dir, &["render", "interview.toml", "-o", "x.pdf"], false);
    let example = err
        .split("e.g., `")
        .nth(1)
        .and_then(|r| r.split('`').next())
        .unwrap();
    let text = std::fs::read_to_string(&interview).unwrap();
    std::fs::write(&interview, text.replace("print_run = \"1000\"", example)).unwrap();
    let (code, err) = run(&dir, &["render", "interview.toml", "-o", "x.pdf"], false);
    assert_eq!(code, Some(0), "{err}");
}
