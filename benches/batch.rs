//! Batch throughput: synthetic candidates made from the example (other names, shuffled
//! and trimmed answers, portraits with different bytes), rendered in-process by the
//! library's batch run on all cores, as `barakcha batch --force` would.
//!
//! `cargo bench --bench batch`; leaflets per second are criterion's "thrpt" figures.

use barakcha::batch::{self, Job, Options};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

const INTERVIEW: &str = include_str!("../examples/bazeyan/interview.toml");
const PORTRAIT: &[u8] = include_bytes!("../examples/bazeyan/portrait.jpg");
const GIVEN: [&str; 8] = [
    "Айгүл",
    "Бакыт",
    "Гүлнара",
    "Нурлан",
    "Жылдыз",
    "Талант",
    "Чолпон",
    "Эрлан",
];
const FAMILY: [&str; 8] = [
    "Базеян",
    "Осмонов",
    "Токтогулова",
    "Сыдыков",
    "Абдыкадырова",
    "Жумабеков",
    "Мамбетова",
    "Ибраимов",
];

/// A small deterministic generator (64-bit LCG, Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// Candidate `i`'s interview: another name; each answer's paragraphs shuffled, one
/// dropped now and then, and the whole answer repeated `text` times.
fn interview(i: usize, text: usize) -> String {
    let mut rng = Lcg(i as u64 + 1);
    let name = format!("{} {}", GIVEN[i % 8], FAMILY[(i / 8) % 8]);
    let source = INTERVIEW.replace("Джульетта Базеян", &name);
    let mut out = String::with_capacity(source.len() * text);
    let mut rest = source.as_str();
    while let Some(start) = rest.find("a = \"\"\"") {
        let body_start = start + "a = \"\"\"".len();
        let body_len = rest[body_start..].find("\"\"\"").expect("closed string");
        out.push_str(&rest[..body_start]);
        let mut paragraphs: Vec<&str> = rest[body_start..body_start + body_len]
            .split("\n\n")
            .map(str::trim)
            .collect();
        let mut answer = Vec::new();
        for _ in 0..text {
            rng.shuffle(&mut paragraphs);
            let keep = if paragraphs.len() > 2 && rng.below(3) == 0 {
                paragraphs.len() - 1
            } else {
                paragraphs.len()
            };
            answer.extend_from_slice(&paragraphs[..keep]);
        }
        out.push('\n');
        out.push_str(&answer.join("\n\n"));
        rest = &rest[body_start + body_len..];
    }
    out.push_str(rest);
    out
}

/// The example JPEG with a comment segment (COM) naming the candidate: other bytes,
/// the same picture.
fn portrait(i: usize) -> Vec<u8> {
    let comment = format!("synthetic candidate {i}");
    let len = (comment.len() + 2) as u16;
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xFE];
    jpeg.extend_from_slice(&len.to_be_bytes());
    jpeg.extend_from_slice(comment.as_bytes());
    jpeg.extend_from_slice(&PORTRAIT[2..]);
    jpeg
}

/// An A1 sheet in five columns: the example's type sizes, room for ten times its text.
fn poster_layout() -> String {
    barakcha::layout::DEFAULT_LAYOUT
        .replacen("width = \"210mm\"", "width = \"594mm\"", 1)
        .replacen("height = \"297mm\"", "height = \"841mm\"", 1)
        .replacen("columns = 3", "columns = 5", 1)
}

/// Writes `count` candidates with `text` times the example's answers under `root/in`.
fn generate(root: &Path, count: usize, text: usize) -> Vec<Job> {
    let input = root.join("in");
    for i in 0..count {
        let dir = input.join(format!("c{i:04}"));
        std::fs::create_dir_all(&dir).expect("temporary folder");
        std::fs::write(dir.join("interview.toml"), interview(i, text)).expect("write");
        std::fs::write(dir.join("portrait.jpg"), portrait(i)).expect("write");
    }
    let layout = (text > 1).then(|| {
        let path = root.join("poster.toml");
        std::fs::write(&path, poster_layout()).expect("write");
        path
    });
    batch::plan(&input, &root.join("out"), layout.as_deref()).expect("a plan")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("barakcha-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn batch_throughput(c: &mut Criterion) {
    let mut group = c.benchmark_group("batch");
    group.sample_size(10).warm_up_time(Duration::from_secs(1));
    let cases = [(1, 1), (10, 1), (100, 1), (1, 10), (10, 10)];
    for (count, text) in cases {
        let root = scratch(&format!("{count}x{text}"));
        let jobs = generate(&root, count, text);
        let out = root.join("out");
        let cancel = AtomicBool::new(false);
        let options = Options {
            threads: 0,
            force: true,
            ..Options::default()
        };
        let seconds = if count * text >= 100 { 20 } else { 5 };
        group.measurement_time(Duration::from_secs(seconds));
        group.throughput(Throughput::Elements(count as u64));
        let id = BenchmarkId::new(format!("text{text}x"), count);
        group.bench_with_input(id, &jobs, |b, jobs| {
            b.iter(|| {
                let report =
                    batch::run(jobs, &out, options.clone(), &cancel, &|_| {}).expect("run");
                assert_eq!(report.totals.rendered, count, "every leaflet renders");
            })
        });
        let _ = std::fs::remove_dir_all(&root);
    }
    group.finish();
}

fn engine_load(c: &mut Criterion) {
    c.bench_function("engine/load builtin layout", |b| {
        b.iter(|| barakcha::Engine::new(barakcha::layout::Layout::builtin()).expect("loads"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = batch_throughput, engine_load
}
criterion_main!(benches);
