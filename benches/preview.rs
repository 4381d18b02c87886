//! The designer's loop: from a save of the interview to new PNG pages, engine warm,
//! for the example at 100 dpi (the figure README quotes: under 50 ms).

use barakcha::export::preview::{self, Options, Overlays};
use barakcha::live::{Session, Setup};
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::PathBuf;

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/bazeyan/interview.toml")
}

/// Rebuild (read, parse, typeset, PDF in memory), draw both pages, encode them as PNGs.
fn save_to_pngs(c: &mut Criterion) {
    let interview = example();
    let mut session = Session::new(Setup {
        interview: interview.clone(),
        ..Setup::default()
    });
    let options = Options {
        dpi: 100.0,
        overlays: Overlays::DEFAULT,
        page: None,
    };
    session.build(&[]);
    c.bench_function("save to PNG pages, example, 100 dpi", |b| {
        b.iter(|| {
            let build = session.build(std::slice::from_ref(&interview));
            let guides = session.guides(&build);
            let pages = session.draw(&build, guides.as_ref(), &options);
            let bytes: usize = preview::pngs(&pages).iter().map(|(_, p)| p.len()).sum();
            assert!(bytes > 100_000);
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = save_to_pngs
}
criterion_main!(benches);
