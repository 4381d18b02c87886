//! Render speed: the example leaflet in-process with fonts already loaded, and the
//! loading that a batch does once. `cargo bench --bench render`.

use barakcha::Engine;
use barakcha::interview::Interview;
use barakcha::layout::Layout;
use barakcha::source::Source;
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;

fn example() -> Source {
    Source::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/bazeyan/interview.toml"))
        .expect("example")
}

fn render(c: &mut Criterion) {
    let engine = Engine::new(Layout::builtin()).expect("engine");
    let source = example();
    c.bench_function("render example (parse + render, fonts loaded)", |b| {
        b.iter(|| {
            let interview = Interview::parse(source.clone()).expect("parses");
            engine.render(&interview).ok().expect("renders").pdf.len()
        })
    });
    c.bench_function("load engine (layout + fonts, once per batch)", |b| {
        b.iter(|| {
            Engine::new(Layout::builtin())
                .expect("engine")
                .fonts
                .iter()
                .count()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = render
}
criterion_main!(benches);
