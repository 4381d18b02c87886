use super::*;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/bazeyan");

/// A folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("barakcha-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies the example into `root/NAME/` for each name.
fn candidates(root: &Path, names: &[&str]) {
    for name in names {
        let dir = root.join("in").join(name);
        std::fs::create_dir_all(&dir).unwrap();
        for file in ["interview.toml", "portrait.jpg"] {
            std::fs::copy(Path::new(EXAMPLE).join(file), dir.join(file)).unwrap();
        }
    }
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_cancelled_batch_starts_nothing_and_says_so() {
    let tmp = TempDir::new("batch-cancelled");
    candidates(&tmp.0, &["a", "b"]);
    let out = tmp.0.join("out");
    let jobs = plan(&tmp.0.join("in"), &out, None).unwrap();
    let cancel = AtomicBool::new(true);
    let report = run(&jobs, &out, Options::default(), &cancel, &|_| {}).unwrap();
    assert_eq!(report.totals.cancelled, 2);
    assert_eq!(files(&out), ["batch-report.json"]);
}

#[test]
fn cancelling_midway_finishes_what_started_and_leaves_no_partial_file() {
    let tmp = TempDir::new("batch-midway");
    candidates(&tmp.0, &["a", "b", "c"]);
    let out = tmp.0.join("out");
    let jobs = plan(&tmp.0.join("in"), &out, None).unwrap();
    let cancel = AtomicBool::new(false);
    // What a Ctrl-C handler does: set the flag while a worker is busy.
    let stop = |_: &Outcome| cancel.store(true, Ordering::Relaxed);
    let options = Options {
        threads: 1,
        force: false,
        ..Options::default()
    };
    let report = run(&jobs, &out, options, &cancel, &stop).unwrap();
    assert_eq!((report.totals.rendered, report.totals.cancelled), (1, 2));
    let done = &report
        .candidates
        .iter()
        .find(|c| c.status == Status::Rendered);
    let done = done.expect("one leaflet was finished");
    let mut expected = ["batch-report.json".to_string(), done.output.clone()];
    expected.sort();
    assert_eq!(files(&out), expected);
    let pdf = std::fs::read(out.join(&done.output)).unwrap();
    assert!(
        pdf.ends_with(b"%%EOF\n") || pdf.ends_with(b"%%EOF"),
        "a whole PDF"
    );
}

#[test]
fn the_hash_covers_the_interview_the_portrait_and_the_print_run() {
    let tmp = TempDir::new("batch-hash");
    candidates(&tmp.0, &["a"]);
    let interview = tmp.0.join("in/a/interview.toml");
    let job = Job {
        name: "a".into(),
        interview: interview.clone(),
        layout: None,
        print_run: None,
    };
    let key = Digest(7);
    let hash = |job: &Job| load(job, key, LoadOptions::default()).unwrap().1;
    let first = hash(&job);
    assert_eq!(first, hash(&job), "stable");
    assert_ne!(
        first,
        load(&job, Digest(8), LoadOptions::default()).unwrap().1,
        "engine key"
    );
    let run_5000 = Job {
        print_run: Some(5000),
        ..job.clone()
    };
    assert_eq!(
        load(&run_5000, key, LoadOptions::default())
            .unwrap()
            .0
            .imprint
            .print_run,
        5000
    );
    assert_ne!(first, hash(&run_5000), "print run");
    std::fs::write(tmp.0.join("in/a/portrait.jpg"), b"other").unwrap();
    let second = hash(&job);
    assert_ne!(first, second, "portrait");
    let text = std::fs::read_to_string(&interview).unwrap();
    std::fs::write(&interview, text.replace("Базеян", "Базиян")).unwrap();
    assert_ne!(second, hash(&job), "interview");
}

#[test]
fn engines_differ_by_print_profile() {
    let default = load_engine(None, None).unwrap().key;
    let x1a = crate::profile::PrintProfile::builtin("offset-x1a").unwrap();
    assert_ne!(default, load_engine(None, Some(&x1a)).unwrap().key);
}

#[test]
fn engines_differ_by_layout_text_and_exceptions() {
    let builtin = load_engine(None, None).unwrap();
    assert_eq!(builtin.key, load_engine(None, None).unwrap().key);
    let tmp = TempDir::new("batch-engine");
    let path = tmp.0.join("l.toml");
    let text = crate::layout::DEFAULT_LAYOUT.replace("gutter = \"5mm\"", "gutter = \"6mm\"");
    std::fs::write(&path, &text).unwrap();
    let gutter = load_engine(Some(&path), None).unwrap().key;
    assert_ne!(builtin.key, gutter);
    let with_exceptions = text.replace("# exceptions = ", "exceptions = \"ex.txt\" # ");
    std::fs::write(&path, with_exceptions).unwrap();
    std::fs::write(tmp.0.join("ex.txt"), "ком-пью-тер\n").unwrap();
    let first = load_engine(Some(&path), None).unwrap().key;
    assert_ne!(first, gutter);
    std::fs::write(tmp.0.join("ex.txt"), "ком-пьютер\n").unwrap();
    assert_ne!(
        first,
        load_engine(Some(&path), None).unwrap().key,
        "exceptions file"
    );
}

#[test]
fn a_manifest_plans_names_layouts_and_print_runs() {
    let tmp = TempDir::new("batch-manifest");
    let manifest = tmp.0.join("batch.toml");
    let text = "[[candidate]]\ninterview = \"x/a/interview.toml\"\nprint_run = 5\n\
        [[candidate]]\ninterview = \"y/a/interview.toml\"\nlayout = \"l.toml\"\n\
        [[candidate]]\ninterview = \"b.toml\"\noutput = \"sub/b.pdf\"\n";
    std::fs::write(&manifest, text).unwrap();
    let jobs = plan(&manifest, &tmp.0, Some(Path::new("default.toml"))).unwrap();
    let summary: Vec<(&str, Option<&Path>, Option<u64>)> = jobs
        .iter()
        .map(|j| (j.name.as_str(), j.layout.as_deref(), j.print_run))
        .collect();
    let default = Path::new("default.toml");
    let own = tmp.0.join("l.toml");
    let expected = [
        ("x-a", Some(default), Some(5)),
        ("y-a", Some(own.as_path()), None),
        ("sub/b", Some(default), None),
    ];
    assert_eq!(summary, expected);
    assert_eq!(jobs[2].output(), "sub/b.pdf");
    assert_eq!(jobs[0].interview, tmp.0.join("x/a/interview.toml"));
}

#[test]
fn a_bad_layout_fails_only_its_candidates() {
    let tmp = TempDir::new("batch-layout");
    candidates(&tmp.0, &["a", "b"]);
    let out = tmp.0.join("out");
    let mut jobs = plan(&tmp.0.join("in"), &out, None).unwrap();
    jobs[1].layout = Some(tmp.0.join("missing.toml"));
    let cancel = AtomicBool::new(false);
    let report = run(&jobs, &out, Options::default(), &cancel, &|_| {}).unwrap();
    let status: Vec<Status> = report.candidates.iter().map(|c| c.status).collect();
    assert_eq!(status, [Status::Rendered, Status::Failed]);
    let error = report.candidates[1].error.as_ref().unwrap();
    assert!(
        error.message.contains("cannot read the layout"),
        "{error:?}"
    );
}
