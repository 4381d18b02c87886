//! Commands, arguments and exit codes. Messages are printed here and only here.

/// Prints a line on standard error, and carries on when it cannot: a closed pipe
/// (`barakcha batch … 2>&1 | head -1`) is a reason to stop printing, never to panic, and
/// a batch must still write its report.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod batch;
mod live;

use barakcha::diag::{Diagnostic, Result};
use barakcha::interview::{Interview, LoadOptions};
use barakcha::lang::Lang;
use barakcha::layout::Layout;
use barakcha::live::Setup;
use barakcha::output::write_atomic;
use barakcha::profile::{Overrides, PdfX, PrintProfile};
use barakcha::source::Source;
use barakcha::units::Length;
use barakcha::{Engine, Failure};
use clap::{Parser, Subcommand};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

/// Typesets a candidate interview into a print-ready A4 PDF leaflet.
#[derive(Parser)]
#[command(name = "barakcha", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render an interview into a PDF leaflet.
    Render {
        /// The interview file (TOML).
        interview: PathBuf,
        /// Where to write the PDF.
        #[arg(short, long, default_value = "leaflet.pdf")]
        output: PathBuf,
        /// A layout file (TOML) or a bundled layout's name (`barakcha layouts`); a4-two-sided when omitted.
        #[arg(long)]
        layout: Option<PathBuf>,
        /// Write a JSON report of pages, lines and overflow.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Write a plain-text dump of the set lines.
        #[arg(long)]
        dump: Option<PathBuf>,
        /// Extra hyphenation exceptions, one word per line with hyphens ("ком-пью-тер").
        #[arg(long)]
        hyphenation: Option<PathBuf>,
        /// Set the text without hyphenation (to compare; the layout can also turn it off).
        #[arg(long)]
        no_hyphenation: bool,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Let the portrait be any path, not only a file in the interview's folder or below.
        #[arg(long)]
        allow_outside_paths: bool,
        #[command(flatten)]
        print: PrintArgs,
    },
    /// Render many interviews in parallel: one PDF each, and a batch-report.json.
    ///
    /// Exit code 0 when every leaflet was made (or was unchanged), 1 when any candidate
    /// failed or the input is unusable, 130 when interrupted (Ctrl-C).
    Batch {
        /// A folder of interview files (searched recursively), or a manifest (TOML with [[candidate]] tables).
        input: PathBuf,
        /// The folder for the PDFs and batch-report.json (created when missing).
        #[arg(short, long)]
        output: PathBuf,
        /// A layout file (TOML) for candidates that name none; the built-in default when omitted.
        #[arg(long)]
        layout: Option<PathBuf>,
        /// Worker threads; one per core when omitted.
        #[arg(short = 'j', long = "jobs", value_name = "N")]
        jobs: Option<usize>,
        /// Render every leaflet, even those whose inputs have not changed.
        #[arg(long)]
        force: bool,
        /// Let portraits be any path, not only files in their interview's folder or below.
        #[arg(long)]
        allow_outside_paths: bool,
        #[command(flatten)]
        print: PrintArgs,
    },
    /// Turn raw interview text (as scraped from the web) into an interview file.
    Import {
        /// The raw text file (UTF-8, UTF-16 with BOM, or Windows-1251).
        raw: PathBuf,
        /// Where to write the interview TOML.
        #[arg(short, long, default_value = "interview.toml")]
        output: PathBuf,
        /// Language of the text; detected when omitted.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Draw the leaflet's pages as PNGs, as they print (CMYK soft-proofed), with overlays.
    ///
    /// Exit code 1 when the text overflows: the pages show what fits, and a red box.
    Preview {
        #[command(flatten)]
        live: LiveArgs,
        /// Where to write: OUT.png for one page, else OUT-1.png, OUT-2.png …
        #[arg(short, long)]
        output: PathBuf,
        /// Pixels per inch.
        #[arg(long, default_value_t = 100.0, value_parser = parse_dpi)]
        dpi: f64,
        /// Only this page (from 1).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        page: Option<u32>,
        /// Overlays, comma-separated: trim, bleed, safe, columns, baselines, frames,
        /// spacing, hyphens, overflow, folds; or all, none. Default: overflow.
        #[arg(long, value_parser = parse_overlays, default_value = "overflow")]
        overlay: barakcha::export::preview::Overlays,
    },
    /// Rebuild the PDF (and PNG pages) whenever the interview, layout, profile, portrait,
    /// fonts or exceptions file change; a broken edit keeps the last good PDF.
    Watch {
        #[command(flatten)]
        live: LiveArgs,
        /// Where to write the PDF.
        #[arg(short, long)]
        output: PathBuf,
        /// Also write the pages as PNGs (100 dpi) into this folder: page-1.png, page-2.png …
        #[arg(long, value_name = "DIR")]
        png: Option<PathBuf>,
    },
    /// A live page on 127.0.0.1: the pages side by side, refreshed on every save, with
    /// overlays, the report's figures, and errors shown over the last good pages.
    Serve {
        #[command(flatten)]
        live: LiveArgs,
        /// The port on 127.0.0.1 (0 picks a free one).
        #[arg(long, default_value_t = 7878)]
        port: u16,
    },
    /// Start a new candidate folder: an interview to fill in (every field explained), a
    /// placeholder portrait and a layout, ready for `serve` or `watch`.
    Init {
        /// The folder to create (or an empty one to fill).
        dir: PathBuf,
        /// Language of the interview.
        #[arg(long, value_enum, default_value = "ky")]
        lang: LangArg,
    },
    /// List the bundled layouts, usable by name with --layout.
    Layouts,
    /// Show where words may be hyphenated (words from standard input when none are given).
    Hyphenate {
        /// Language of the words.
        #[arg(long, value_enum, default_value = "ky")]
        lang: LangArg,
        /// Extra hyphenation exceptions file.
        #[arg(long)]
        exceptions: Option<PathBuf>,
        /// Words to hyphenate.
        words: Vec<String>,
    },
}

/// The print profile and single overrides of it.
#[derive(clap::Args)]
struct PrintArgs {
    /// Print profile: a built-in name (digital-x4, offset-x1a) or a profile file (.toml).
    #[arg(long, value_name = "NAME|FILE.toml")]
    profile: Option<String>,
    /// Bleed beyond the trim on every side ("3mm").
    #[arg(long, value_name = "LENGTH", value_parser = parse_length, allow_hyphen_values = true)]
    bleed: Option<Length>,
    /// Draw crop marks (in a slug around the bleed).
    #[arg(long, overrides_with = "no_marks")]
    marks: bool,
    /// Draw no crop marks.
    #[arg(long, overrides_with = "marks")]
    no_marks: bool,
    /// The PDF/X flavour.
    #[arg(long, value_enum, value_name = "FLAVOUR")]
    pdfx: Option<PdfXArg>,
    /// Draw glyphs as paths (an invisible text layer keeps the PDF searchable).
    #[arg(long)]
    outline_text: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum PdfXArg {
    /// PDF/X-1a:2001: CMYK only, PDF 1.3.
    X1a,
    /// PDF/X-4.
    X4,
}

fn parse_dpi(text: &str) -> std::result::Result<f64, String> {
    match text.parse::<f64>() {
        Ok(d) if (10.0..=1200.0).contains(&d) => Ok(d),
        _ => Err("a resolution from 10 to 1200 pixels per inch".into()),
    }
}

fn parse_overlays(text: &str) -> std::result::Result<barakcha::export::preview::Overlays, String> {
    barakcha::export::preview::Overlays::parse(text)
}

fn parse_length(text: &str) -> std::result::Result<Length, String> {
    Length::parse(text)
}

impl PrintArgs {
    /// The profile, with the command line's overrides applied.
    fn profile(&self) -> Result<PrintProfile> {
        let mut p = match &self.profile {
            Some(arg) => PrintProfile::load(arg)?,
            None => PrintProfile::builtin_default(),
        };
        p.apply(&self.overrides())?;
        Ok(p)
    }

    /// The single settings given over the profile.
    fn overrides(&self) -> Overrides {
        let marks = match (self.marks, self.no_marks) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        };
        Overrides {
            bleed: self.bleed,
            marks,
            pdfx: self.pdfx.map(|x| match x {
                PdfXArg::X1a => PdfX::X1a,
                PdfXArg::X4 => PdfX::X4,
            }),
            outline_text: self.outline_text.then_some(true),
        }
    }
}

/// What the live commands (`preview`, `watch`, `serve`) read, with the switches `render`
/// takes for it.
#[derive(clap::Args)]
struct LiveArgs {
    /// The interview file (TOML).
    interview: PathBuf,
    /// A layout file (TOML) or a bundled layout's name; the built-in default when omitted.
    #[arg(long)]
    layout: Option<PathBuf>,
    #[command(flatten)]
    print: PrintArgs,
    /// Set the text without hyphenation (to compare; the layout can also turn it off).
    #[arg(long)]
    no_hyphenation: bool,
    /// Let the portrait and logo be any path, not only files in the interview's folder or below.
    #[arg(long)]
    allow_outside_paths: bool,
}

impl LiveArgs {
    /// A live session's files and settings, as `render` would take them.
    fn setup(self) -> Setup {
        Setup {
            overrides: self.print.overrides(),
            interview: self.interview,
            layout: self.layout,
            profile: self.print.profile,
            no_hyphenation: self.no_hyphenation,
            allow_outside_paths: self.allow_outside_paths,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LangArg {
    Ky,
    Ru,
    Kk,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Ky => Lang::Ky,
            LangArg::Ru => Lang::Ru,
            LangArg::Kk => Lang::Kk,
        }
    }
}

/// Runs the command line; returns the exit code (0 ok, 1 bad input or failed render).
pub fn run() -> i32 {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Batch {
            input,
            output,
            layout,
            jobs,
            force,
            allow_outside_paths,
            print,
        } => {
            let profile = match print.profile() {
                Ok(p) => Some(p),
                Err(d) => {
                    say!("{d}");
                    return 1;
                }
            };
            let options = barakcha::batch::Options {
                threads: jobs.map_or(0, cap_jobs),
                force,
                profile,
                allow_outside_paths,
            };
            return batch::run(&input, &output, layout.as_deref(), options);
        }
        Command::Render {
            interview,
            output,
            layout,
            report,
            dump,
            hyphenation,
            no_hyphenation,
            timings,
            allow_outside_paths,
            print,
        } => {
            let outputs = Outputs {
                pdf: &output,
                report: report.as_deref(),
                dump: dump.as_deref(),
                timings,
                allow_outside_paths,
            };
            // Run on a worker of the thread pool, not beside it: the main thread waits, and
            // a two-core machine has two busy threads, not three.
            rayon::scope(|_| {
                render(
                    &interview,
                    outputs,
                    layout.as_deref(),
                    hyphenation.as_deref(),
                    no_hyphenation,
                    &print,
                )
            })
        }
        Command::Hyphenate {
            lang,
            exceptions,
            words,
        } => hyphenate(lang.into(), exceptions.as_deref(), words),
        Command::Preview {
            live,
            output,
            dpi,
            page,
            overlay,
        } => {
            let setup = live.setup();
            let options = barakcha::export::preview::Options {
                dpi,
                overlays: overlay,
                page: page.map(|p| p as usize - 1),
            };
            live::preview(setup, &output, options)
        }
        Command::Watch { live, output, png } => {
            let setup = live.setup();
            live::watch(setup, &output, png.as_deref())
        }
        Command::Init { dir, lang } => barakcha::init::init(&dir, lang.into()).map(|files| {
            let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            say!("wrote {}", names.join(", "));
            say!(
                "next: barakcha serve {} --layout {}",
                dir.join("interview.toml").display(),
                dir.join("layout.toml").display()
            );
        }),
        Command::Serve { live, port } => {
            let setup = live.setup();
            barakcha::serve::run(setup, port, |addr| {
                say!("serving http://{addr}/ (Ctrl-C to stop)");
            })
        }
        Command::Import {
            raw,
            output,
            lang,
            force,
        } => import(&raw, &output, lang.map(Lang::from), force),
        Command::Layouts => layouts(),
    };
    match result {
        Ok(()) => 0,
        Err(d) => {
            say!("{d}");
            1
        }
    }
}

/// At most 4 workers per core: more only adds threads that wait, and `-j 100000` would
/// start a hundred thousand of them.
fn cap_jobs(asked: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let most = cores * 4;
    if asked > most {
        say!("note: -j {asked} is more than 4 per core; using {most} workers");
    }
    asked.min(most)
}

/// Reads a UTF-8 file as a source, with a clear message when it cannot be read.
fn read_source(path: &Path, what: &str) -> Result<Source> {
    Source::read(path)
        .map_err(|e| Diagnostic::in_file(path, format!("cannot read the {what}: {e}")))
}

fn load_layout(path: Option<&Path>) -> Result<Layout> {
    match path {
        Some(p) => Layout::load(p),
        None => Ok(Layout::builtin()),
    }
}

/// `barakcha layouts`: the bundled layouts, the default first, with their first comment line.
fn layouts() -> Result<()> {
    for (name, text) in barakcha::layout::BUNDLED {
        let about = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix('#'))
            .and_then(|l| l.split_once(':').map(|(_, a)| a.trim()))
            .unwrap_or_default();
        let _ = writeln!(std::io::stdout(), "{name:<14} {about}");
    }
    Ok(())
}

/// Where `render` writes, and whether it says how long it took.
struct Outputs<'a> {
    pdf: &'a Path,
    report: Option<&'a Path>,
    dump: Option<&'a Path>,
    timings: bool,
    allow_outside_paths: bool,
}

fn render(
    interview: &Path,
    out: Outputs,
    layout: Option<&Path>,
    exceptions: Option<&Path>,
    no_hyphenation: bool,
    print: &PrintArgs,
) -> Result<()> {
    // The engine (fonts, shaper, profile) and the interview load side by side: a render
    // takes a few milliseconds, and loading is a tenth of it.
    let started = std::time::Instant::now();
    let (engine, interview) = rayon::join(
        || load_engine(layout, exceptions, no_hyphenation, print),
        || -> Result<Interview> {
            // The texts through the typographic rules, too, while the fonts load.
            let options = LoadOptions {
                allow_outside_paths: out.allow_outside_paths,
            };
            let interview = Interview::parse_with(read_source(interview, "interview")?, options)?;
            interview.prepare_typography();
            Ok(interview)
        },
    );
    let (engine, interview) = (engine?, interview?);
    let loaded = started.elapsed();
    let (output, report, dump) = (out.pdf, out.report, out.dump);
    let outputs: Vec<&Path> = [Some(output), report, dump].into_iter().flatten().collect();
    let inputs = inputs_of(&interview, &engine, exceptions);
    barakcha::output::refuse_inputs_as_outputs(&outputs, &inputs)?;
    // Killed runs' temporaries are swept while the leaflet renders: listing a folder of
    // 3000 entries took 1.3 ms, a sixth of the render. Our own temporary is never swept.
    let swept = output.to_path_buf();
    let sweep = std::thread::spawn(move || barakcha::output::remove_stale_temporaries(&swept));
    let job = output.file_name().map_or_else(
        || output.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    match engine.render_as(&interview, &job) {
        Ok(mut r) => {
            for w in &r.report.warnings {
                say!("{}", Diagnostic::warning(w.clone()));
            }
            if let Some(p) = report {
                write_atomic(p, &report_json(&r.report))?;
            }
            if let Some(p) = dump {
                write_atomic(p, r.dump().as_bytes())?;
            }
            write_atomic(output, &r.pdf)?;
            // A sweep cut short would leave nothing half-done (each removal is whole).
            let _ = sweep.join();
            say!(
                "wrote {} ({} pages, {} bytes)",
                output.display(),
                r.report.pages,
                r.pdf.len()
            );
            if out.timings {
                r.timings.stages.insert(0, ("load", loaded));
                r.timings.mark("write");
                say!("timings: {}", r.timings);
            }
            // The process ends now: the system takes the memory back at once, where
            // freeing the word cache and the pages entry by entry took a tenth of a millisecond.
            std::mem::forget((engine, r));
            Ok(())
        }
        Err(Failure {
            diagnostic,
            report: rep,
        }) => {
            if let Some(p) = report {
                write_atomic(p, &report_json(&rep))?;
            }
            Err(diagnostic)
        }
    }
}

/// Every file a render reads: an output must be none of them.
fn inputs_of(interview: &Interview, engine: &Engine, exceptions: Option<&Path>) -> Vec<PathBuf> {
    let layout_dir = engine.layout.source.path.parent().unwrap_or(Path::new("."));
    let mut files = vec![
        interview.source.path.clone(),
        engine.layout.source.path.clone(),
        engine.profile.source.path.clone(),
    ];
    files.extend(interview.portrait.as_ref().map(|p| p.path.clone()));
    files.extend(exceptions.map(Path::to_path_buf));
    files.extend(
        engine
            .layout
            .hyphenation
            .exceptions
            .as_ref()
            .map(|f| layout_dir.join(f)),
    );
    files.extend(
        engine
            .fonts
            .iter()
            .filter(|(_, f)| !f.origin.starts_with("bundled:"))
            .map(|(_, f)| layout_dir.join(&f.origin)),
    );
    files
}

/// The engine for `render`: layout, print profile, fonts and hyphenation exceptions.
fn load_engine(
    layout: Option<&Path>,
    exceptions: Option<&Path>,
    no_hyphenation: bool,
    print: &PrintArgs,
) -> Result<Engine> {
    let mut layout = load_layout(layout)?;
    layout.hyphenation.enabled &= !no_hyphenation;
    let mut engine = Engine::with_print(layout, print.profile()?)?;
    if let Some(p) = exceptions {
        let text = read_source(p, "hyphenation exceptions")?.text;
        engine
            .add_hyphenation_exceptions(&text)
            .map_err(|e| Diagnostic::in_file(p, e))?;
    }
    Ok(engine)
}

fn report_json(report: &barakcha::export::report::Report) -> Vec<u8> {
    let mut s = serde_json::to_vec_pretty(report).expect("the report is plain data");
    s.push(b'\n');
    s
}

fn import(raw: &Path, output: &Path, lang: Option<Lang>, force: bool) -> Result<()> {
    barakcha::output::refuse_inputs_as_outputs(&[output], &[raw.to_path_buf()])?;
    if !force && std::fs::symlink_metadata(output).is_ok() {
        return Err(Diagnostic::in_file(
            output,
            "already exists; import does not replace it (it may hold hand-made edits)",
        )
        .hint("give another path with -o, or pass --force to replace it"));
    }
    let bytes = barakcha::source::read_bytes(raw, barakcha::source::limits::RAW_TEXT)
        .map_err(|e| Diagnostic::in_file(raw, format!("cannot read the raw text: {e}")))?;
    let imported = barakcha::import::import(&bytes, lang)
        .map_err(|e| Diagnostic::in_file(raw, e.to_string()))?;
    // The result must load with render's own parser: a file render refuses is not an import.
    let check = Source::new(output, imported.toml.clone());
    // Left out on purpose, each with a TODO: imprint fields, the portrait, the name.
    if let Err(d) = Interview::parse(check) {
        let expected = ["imprint", "portrait", "missing field `name`"];
        if !expected.iter().any(|e| d.message.contains(e)) {
            return Err(Diagnostic::in_file(
                raw,
                format!(
                    "import made an interview that render would refuse ({}); nothing was written",
                    d.message
                ),
            )
            .hint("this is a bug in barakcha: please report it with the raw text file"));
        }
    }
    write_atomic(output, imported.toml.as_bytes())?;
    say!("{}", imported.summary);
    say!(
        "wrote {}: check every `# TODO` comment before rendering",
        output.display()
    );
    Ok(())
}

fn hyphenate(lang: Lang, exceptions: Option<&Path>, words: Vec<String>) -> Result<()> {
    let mut h = barakcha::text::hyphenate::Hyphenator::new();
    if let Some(p) = exceptions {
        let text = read_source(p, "hyphenation exceptions")?.text;
        h.add_exceptions(&text)
            .map_err(|e| Diagnostic::in_file(p, e))?;
    }
    let mut out = std::io::stdout().lock();
    if !words.is_empty() {
        let shown: Vec<String> = words.iter().map(|w| h.show(w, lang)).collect();
        return print_lines(&mut out, &shown);
    }
    // Line by line, each line bounded: `/dev/zero` or a endless pipe on standard input
    // must not grow memory without end.
    let mut input = std::io::stdin().lock();
    let mut line = Vec::new();
    for number in 1.. {
        line.clear();
        let read = (&mut input)
            .take(barakcha::source::limits::LINE + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| Diagnostic::error(format!("cannot read standard input: {e}")))?;
        if read == 0 {
            break;
        }
        if line.len() as u64 > barakcha::source::limits::LINE {
            return Err(Diagnostic::error(format!(
                "line {number} of standard input is longer than {}",
                barakcha::source::human(barakcha::source::limits::LINE)
            ))
            .hint("give words separated by spaces or newlines"));
        }
        let text = String::from_utf8_lossy(&line);
        let shown: Vec<String> = text.split_whitespace().map(|w| h.show(w, lang)).collect();
        print_lines(&mut out, &shown)?;
    }
    Ok(())
}

/// Prints lines on standard output; a reader that went away (`| head -1`) ends the
/// command quietly, as it ends `cat`.
fn print_lines(out: &mut impl Write, lines: &[String]) -> Result<()> {
    for l in lines {
        if let Err(e) = writeln!(out, "{l}") {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            return Err(Diagnostic::error(format!(
                "cannot write standard output: {e}"
            )));
        }
    }
    Ok(())
}
