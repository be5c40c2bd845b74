//! The `norbrief` command: a thin shell over the library. It parses arguments,
//! reads input, calls the library and writes the result; errors become exit
//! code 1 (2 for usage errors, 0 for a closed pipe).

/// mimalloc (see [`norbrief::alloc`]): the analysis makes many small,
/// short-lived strings, and glibc's allocator took about a sixth of a
/// batch's instructions.
#[global_allocator]
static GLOBAL: norbrief::alloc::Mimalloc = norbrief::alloc::Mimalloc;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use norbrief::export::{ExportOptions, Format as ExportFormat};
use norbrief::model::{Document, InputFormat};
use norbrief::{Options, Rules};

/// Scraped Norwegian news in; clean sentence units, an analysis, a briefing and
/// translator files out.
#[derive(Debug, Parser)]
#[command(name = "norbrief", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyse an article and print the analysis (the norbrief/1 contract).
    Analyze(AnalyzeArgs),
    /// Print the cleaned article text (`--explain` lists what was removed and why).
    Clean(CleanArgs),
    /// Split text into sentence units (paragraphs separated by blank lines).
    Segment(SegmentArgs),
    /// Write the translation units as a translator file (XLIFF 2.1, XLIFF 1.2,
    /// TMX, JSONL), or count their words with --stats.
    Units(UnitsArgs),
    /// Read a translated XLIFF/TMX back and write a bilingual briefing, the
    /// translated article or an aligned TMX.
    Merge(MergeArgs),
    /// Process many articles (files and folders) in parallel, one output
    /// folder per article.
    Batch(BatchArgs),
    /// Render the Markdown briefing for translators (with front matter for static-site generators).
    Brief(BriefArgs),
    /// Work with the briefing templates (`--dump DIR` writes the built-in ones for customising).
    Templates(TemplatesArgs),
}

#[derive(Debug, Args)]
struct BatchArgs {
    /// Article files and folders (folders are walked recursively for .txt, .md,
    /// .markdown, .html and .htm files).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The output root: one folder per article is made under it.
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// Outputs to write per article.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [BatchFormat::Json, BatchFormat::Brief, BatchFormat::Xliff, BatchFormat::Jsonl])]
    formats: Vec<BatchFormat>,
    /// Worker threads (default: one per core).
    #[arg(short, long, default_value_t = 0)]
    jobs: usize,
    /// Redo articles whose outputs are newer than the input.
    #[arg(long)]
    force: bool,
    /// Sync each output to disk before renaming it into place, so that even a
    /// power failure cannot leave an empty file (slower: a disk flush per file).
    /// Without it a killed run still never leaves a partial file.
    #[arg(long)]
    fsync: bool,
    /// No progress bar.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    pipeline: PipelineArgs,
    #[command(flatten)]
    lang: LangArgs,
    #[command(flatten)]
    style: BriefStyleArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BatchFormat {
    /// analysis.json
    Json,
    /// units.xlf (XLIFF 2.1)
    Xliff,
    /// units.xliff12.xlf (XLIFF 1.2)
    Xliff12,
    /// units.jsonl
    Jsonl,
    /// units.tmx (source-only TMX 1.4)
    Tmx,
    /// briefing.md (the Markdown briefing)
    Brief,
}

#[derive(Debug, Args)]
struct InputArgs {
    /// The article: a file path, or `-` for standard input.
    #[arg(default_value = "-")]
    file: String,
    #[command(flatten)]
    pipeline: PipelineArgs,
}

/// How articles are read: the options every reading subcommand shares.
#[derive(Debug, Clone, Args)]
struct PipelineArgs {
    /// Input format (default: from the file extension, else HTML when the input
    /// starts like a page, else plain text).
    #[arg(long = "input", value_enum)]
    input: Option<FormatArg>,
    /// Force an input encoding (utf-8, windows-1252, iso-8859-1, utf-16le …).
    #[arg(long)]
    encoding: Option<String>,
    /// Extra boilerplate rules (same syntax as data/boilerplate.rules).
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = 20_000_000, value_name = "BYTES")]
    max_bytes: u64,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Markdown,
    Html,
}

#[derive(Debug, Args)]
struct AnalyzeArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Json)]
    format: AnalyzeFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Stream: read `{"id": …, "text": …}` objects, one per line, and write one
    /// analysis (with its `id`) per line, in input order.
    #[arg(long, conflicts_with = "output")]
    jsonl: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum AnalyzeFormat {
    /// Pretty-printed JSON.
    Json,
    /// JSON on one line.
    JsonCompact,
}

#[derive(Debug, Args)]
struct CleanArgs {
    #[command(flatten)]
    input: InputArgs,
    /// List every removed piece and why, after the text (on standard error).
    #[arg(long)]
    explain: bool,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct SegmentArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SegmentFormat::Jsonl)]
    format: SegmentFormat,
    /// Segment the text as it is: no boilerplate removal, no heading detection.
    #[arg(long)]
    no_clean: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SegmentFormat {
    /// One JSON object per unit: id, text, paragraph, span, kind.
    Jsonl,
    /// One unit per line, an empty line between paragraphs.
    Lines,
}

#[derive(Debug, Args)]
struct LangArgs {
    /// Target language (BCP 47).
    #[arg(long, default_value = "en", value_name = "LANG")]
    target_lang: String,
    /// Source language (BCP 47); required when the article is not Norwegian.
    #[arg(long, value_name = "LANG")]
    source_lang: Option<String>,
}

impl LangArgs {
    fn export_options(&self) -> norbrief::export::ExportOptions {
        norbrief::export::ExportOptions {
            target_lang: self.target_lang.clone(),
            source_lang: self.source_lang.clone(),
            ..norbrief::export::ExportOptions::default()
        }
    }
}

#[derive(Debug, Args)]
struct UnitsArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Translator file format.
    #[arg(long, value_enum, default_value_t = UnitsFormat::Xliff)]
    format: UnitsFormat,
    #[command(flatten)]
    lang: LangArgs,
    /// XLIFF 2.1: one unit per sentence inside a paragraph group (for readers
    /// that keep only one segment per unit).
    #[arg(long)]
    flat: bool,
    /// Copy the source into the target (OmegaT translates from the target;
    /// TMX gets a target copy per unit).
    #[arg(long)]
    prefill: bool,
    /// TMX: write protected names as OmegaT tags (<m0>…</m0>) so that OmegaT
    /// matches the segments of norbrief's XLIFF 1.2.
    #[arg(long)]
    omegat_tags: bool,
    /// Print the word-count analysis (words per unit, repetitions, totals)
    /// instead of a file.
    #[arg(long)]
    stats: bool,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum UnitsFormat {
    /// XLIFF 2.1 with metadata and glossary modules.
    Xliff,
    /// XLIFF 1.2 (OmegaT, Trados, memoQ).
    Xliff12,
    /// TMX 1.4 translation memory.
    Tmx,
    /// One JSON object per unit and line.
    Jsonl,
}

#[derive(Debug, Args)]
struct MergeArgs {
    /// The article the translated file was made from (`-` for standard input).
    #[arg(value_name = "ARTICLE")]
    article: String,
    /// The translated XLIFF 2.1, XLIFF 1.2 or TMX file.
    #[arg(value_name = "TRANSLATED")]
    translated: PathBuf,
    /// How the article is read (the same options as when the units were written).
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = MergeFormat::Md)]
    format: MergeFormat,
    /// Markdown: only the translated article, not the bilingual briefing.
    #[arg(long, conflicts_with = "omegat_tags")]
    target_only: bool,
    /// Source language for the TMX header when the article is not Norwegian.
    #[arg(long, value_name = "LANG")]
    source_lang: Option<String>,
    /// TMX: write protected names as OmegaT tags (<m0>…</m0>) so that OmegaT
    /// matches the segments of norbrief's XLIFF 1.2.
    #[arg(long)]
    omegat_tags: bool,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum MergeFormat {
    /// Markdown: bilingual briefing, or the translation with --target-only.
    Md,
    /// TMX 1.4 with the aligned source and target of every translated unit.
    Tmx,
}

#[derive(Debug, Args)]
struct BriefArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    style: BriefStyleArgs,
    /// The input is an analysis (`norbrief analyze` JSON), not an article.
    #[arg(long)]
    from_analysis: bool,
}

/// How a briefing is written: the options `brief` and `batch` share.
#[derive(Debug, Args)]
struct BriefStyleArgs {
    /// The briefing's front matter: YAML (`---`, Hugo, Zola, Jekyll, Eleventy,
    /// MkDocs), TOML (`+++`, Hugo, Zola) or none.
    #[arg(long, value_enum, default_value_t = FrontMatterArg::Yaml)]
    front_matter: FrontMatterArg,
    /// A folder whose `briefing.md.j2` replaces the built-in template
    /// (`norbrief templates --dump DIR` writes it there to start from).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// The language of the briefing's headings and labels.
    #[arg(long, value_enum, default_value_t = UiArg::En)]
    ui: UiArg,
}

impl BriefStyleArgs {
    fn brief_options(self) -> norbrief::render::BriefOptions {
        norbrief::render::BriefOptions {
            front_matter: match self.front_matter {
                FrontMatterArg::Yaml => norbrief::render::FrontMatter::Yaml,
                FrontMatterArg::Toml => norbrief::render::FrontMatter::Toml,
                FrontMatterArg::None => norbrief::render::FrontMatter::None,
            },
            ui: match self.ui {
                UiArg::En => norbrief::render::Ui::En,
                UiArg::Nb => norbrief::render::Ui::Nb,
            },
            templates: self.templates,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FrontMatterArg {
    /// `---` YAML front matter.
    Yaml,
    /// `+++` TOML front matter.
    Toml,
    /// No front matter.
    None,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum UiArg {
    /// English headings and labels.
    En,
    /// Norwegian (Bokmål) headings and labels.
    Nb,
}

#[derive(Debug, Args)]
struct TemplatesArgs {
    /// Write the built-in templates into this folder (created if missing);
    /// existing files are not overwritten unless `--force` is given.
    #[arg(long, value_name = "DIR")]
    dump: PathBuf,
    /// Overwrite templates that already exist in the folder.
    #[arg(long)]
    force: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("norbrief: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Analyze(args) => analyze(args),
        Command::Clean(args) => clean(args),
        Command::Segment(args) => segment(args),
        Command::Units(args) => units(args),
        Command::Merge(args) => merge(args),
        Command::Batch(args) => batch(args),
        Command::Brief(args) => brief(args),
        Command::Templates(args) => templates(args),
    }
}

impl InputArgs {
    fn display_name(&self) -> String {
        if self.file == "-" {
            "<stdin>".to_string()
        } else {
            self.file.clone()
        }
    }

    fn read(&self) -> anyhow::Result<Vec<u8>> {
        let name = self.display_name();
        let max = self.pipeline.max_bytes;
        let result = if self.file == "-" {
            norbrief::read_limited(io::stdin().lock(), max)
        } else {
            let path = Path::new(&self.file);
            if path.is_dir() {
                bail!("{name}: is a directory, not an article file");
            }
            norbrief::read_file(path, max)
        };
        result.map_err(|e| anyhow::anyhow!("{name}: {}", e.message()))
    }

    fn options(&self) -> anyhow::Result<Options> {
        self.pipeline
            .options((self.file != "-").then(|| self.file.clone()))
    }
}

impl PipelineArgs {
    fn options(&self, source_name: Option<String>) -> anyhow::Result<Options> {
        let encoding = match &self.encoding {
            Some(label) => Some(norbrief::decode::encoding_for_label(label)?),
            None => None,
        };
        let rules = match &self.rules {
            Some(path) => Some(Rules::with_user_rules(path)?),
            None => None,
        };
        Ok(Options {
            format: self.input.map(|f| match f {
                FormatArg::Text => InputFormat::Text,
                FormatArg::Markdown => InputFormat::Markdown,
                FormatArg::Html => InputFormat::Html,
            }),
            encoding,
            rules,
            source_name,
            no_clean: false,
            units_only: false,
        })
    }
}

/// Reads and analyses the input, naming the file in any error.
fn load(input: &InputArgs) -> anyhow::Result<Document> {
    let bytes = input.read()?;
    let options = input.options()?;
    let doc = norbrief::analyze_bytes(&bytes, &options)
        .map_err(|e| anyhow::anyhow!("{}: {}", input.display_name(), e))?;
    warn(input, &doc.warnings);
    Ok(doc)
}

/// Reads, cleans (unless `no_clean`) and segments the input, naming the file
/// in any error.
fn load_outline(input: &InputArgs, no_clean: bool) -> anyhow::Result<norbrief::Outline> {
    let bytes = input.read()?;
    let mut options = input.options()?;
    options.no_clean = no_clean;
    let outline = norbrief::outline_owned(bytes, &options)
        .map_err(|e| anyhow::anyhow!("{}: {}", input.display_name(), e))?;
    warn(input, &outline.warnings);
    Ok(outline)
}

fn warn(input: &InputArgs, warnings: &[String]) {
    for w in warnings {
        eprintln!("norbrief: warning: {}: {w}", input.display_name());
    }
}

fn emit(output: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match output {
        Some(path) => norbrief::output::write_atomic(path, bytes)?,
        None => {
            let mut out = io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
        }
    }
    Ok(())
}

fn analyze(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    if args.jsonl {
        return analyze_stream(&args.input);
    }
    let doc = load(&args.input)?;
    let mut json = Vec::with_capacity(norbrief::export::size_hint(&doc, 10));
    match args.format {
        AnalyzeFormat::Json => norbrief::export::json::write_pretty(&mut json, &doc)?,
        AnalyzeFormat::JsonCompact => norbrief::export::json::write_compact(&mut json, &doc)?,
    }
    json.push(b'\n');
    emit(args.output.as_deref(), &json)?;
    Ok(ExitCode::SUCCESS)
}

fn clean(args: CleanArgs) -> anyhow::Result<ExitCode> {
    let outline = load_outline(&args.input, false)?;
    let mut text = outline.layout.clean_text;
    text.push('\n');
    emit(args.output.as_deref(), text.as_bytes())?;
    if args.explain {
        let mut err = io::stderr().lock();
        writeln!(err, "removed {} piece(s):", outline.removed.len())?;
        for r in &outline.removed {
            writeln!(err, "  [{}] {}", r.reason.as_str(), r.text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn segment(args: SegmentArgs) -> anyhow::Result<ExitCode> {
    let outline = load_outline(&args.input, args.no_clean)?;
    let out = io::stdout().lock();
    match args.format {
        SegmentFormat::Jsonl => outline.layout.write_jsonl(out)?,
        SegmentFormat::Lines => outline.layout.write_lines(out)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn units(args: UnitsArgs) -> anyhow::Result<ExitCode> {
    let doc = load(&args.input)?;
    let name = args.input.display_name();
    if args.stats {
        let stats = norbrief::export::stats::stats(&doc);
        emit(args.output.as_deref(), stats.to_text().as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let options = ExportOptions {
        target_lang: args.lang.target_lang.clone(),
        source_lang: args.lang.source_lang.clone(),
        flat: args.flat,
        prefill: args.prefill,
        omegat_tags: args.omegat_tags,
    };
    let format = match args.format {
        UnitsFormat::Xliff => ExportFormat::Xliff2,
        UnitsFormat::Xliff12 => ExportFormat::Xliff12,
        UnitsFormat::Tmx => ExportFormat::Tmx,
        UnitsFormat::Jsonl => ExportFormat::Jsonl,
    };
    let bytes = norbrief::export::write_units(&doc, format, &options)
        .map_err(|e| anyhow::anyhow!("{name}: {}", e.message()))?;
    emit(args.output.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

fn merge(args: MergeArgs) -> anyhow::Result<ExitCode> {
    let input = InputArgs {
        file: args.article.clone(),
        pipeline: args.pipeline.clone(),
    };
    let doc = load(&input)?;
    let translated_name = args.translated.display().to_string();
    let bytes = std::fs::read(&args.translated)
        .with_context(|| format!("{translated_name}: cannot read"))?;
    let merged = norbrief::export::merge::merge(&doc, &bytes, &translated_name)?;
    for w in &merged.warnings {
        eprintln!("norbrief: warning: {translated_name}: {w}");
    }
    if !merged.untranslated.is_empty() {
        eprintln!(
            "norbrief: warning: {translated_name}: {} of {} units untranslated: {}",
            merged.untranslated.len(),
            doc.units.len(),
            merged.untranslated.join(", ")
        );
    }
    if args.target_only && matches!(args.format, MergeFormat::Tmx) {
        bail!("--target-only applies to --format md, not to --format tmx");
    }
    let out = match args.format {
        MergeFormat::Md if args.target_only => {
            norbrief::export::markdown::target_only(&doc, &merged).into_bytes()
        }
        MergeFormat::Md => norbrief::export::markdown::bilingual(&doc, &merged).into_bytes(),
        MergeFormat::Tmx => {
            let options = ExportOptions {
                target_lang: merged.target_lang.clone(),
                source_lang: args
                    .source_lang
                    .clone()
                    .or(Some(merged.source_lang.clone())),
                omegat_tags: args.omegat_tags,
                ..ExportOptions::default()
            };
            norbrief::export::tmx::write(&doc, Some(&merged.targets()), &options)?
        }
    };
    emit(args.output.as_deref(), &out)?;
    Ok(ExitCode::SUCCESS)
}

fn analyze_stream(input: &InputArgs) -> anyhow::Result<ExitCode> {
    let options = input.options()?;
    let name = input.display_name();
    let stdout = io::stdout();
    let summary = if input.file == "-" {
        norbrief::stream::analyze_jsonl(io::stdin().lock(), stdout.lock(), &options)
    } else {
        let file =
            std::fs::File::open(&input.file).with_context(|| format!("{name}: cannot open"))?;
        norbrief::stream::analyze_jsonl(io::BufReader::new(file), stdout.lock(), &options)
    }
    .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    if summary.failed > 0 {
        eprintln!(
            "norbrief: {name}: {} of {} line(s) failed (see their \"error\" fields)",
            summary.failed,
            summary.failed + summary.ok
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn batch(args: BatchArgs) -> anyhow::Result<ExitCode> {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use norbrief::batch::{self, BatchOptions, Outcome, OutputKind};
    use std::io::IsTerminal;

    let started = std::time::Instant::now();
    let pipeline = args.pipeline.options(None)?;
    let mut outputs: Vec<OutputKind> = args
        .formats
        .iter()
        .map(|f| match f {
            BatchFormat::Json => OutputKind::Json,
            BatchFormat::Xliff => OutputKind::Xliff,
            BatchFormat::Xliff12 => OutputKind::Xliff12,
            BatchFormat::Jsonl => OutputKind::Jsonl,
            BatchFormat::Tmx => OutputKind::Tmx,
            BatchFormat::Brief => OutputKind::Brief,
        })
        .collect();
    outputs.sort();
    outputs.dedup();
    let options = BatchOptions {
        outputs,
        out_dir: args.output.clone(),
        force: args.force,
        fsync: args.fsync,
        jobs: args.jobs,
        max_bytes: args.pipeline.max_bytes,
        pipeline,
        export: args.lang.export_options(),
        brief: args.style.brief_options(),
    };
    // The rules and word lists are built while the folders are walked: a
    // large archive takes a while to list, on one thread.
    let (jobs, problems) = std::thread::scope(|s| {
        s.spawn(|| norbrief::warm_up(&options.pipeline));
        batch::collect_inputs(&args.inputs)
    });
    for (path, why) in &problems {
        eprintln!("norbrief: error: {}: {why}", path.display());
    }
    let bar = ProgressBar::new(jobs.len() as u64);
    if args.quiet || !io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} articles, {per_sec}, ETA {eta} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let summary = batch::run(&jobs, &options, |r| {
        match &r.outcome {
            Outcome::Failed(why) => bar.suspend(|| eprintln!("norbrief: error: {why}")),
            Outcome::Done { warnings, .. } => {
                for w in warnings {
                    bar.suspend(|| eprintln!("norbrief: warning: {}: {w}", r.input.display()));
                }
            }
            Outcome::Skipped => {}
        }
        bar.inc(1);
    })?;
    bar.finish_and_clear();
    let failed = summary.failed + problems.len();
    let secs = started.elapsed().as_secs_f64();
    // Formatted first and written whole: stderr is unbuffered, and a line
    // printed piece by piece can be split by another writer's output.
    let line = format!(
        "norbrief: batch: {} article(s): {} written, {} up to date, {} failed; {} units, {} words; {:.2} s ({:.0} articles/s)\n",
        jobs.len() + problems.len(),
        summary.done,
        summary.skipped,
        failed,
        summary.units,
        summary.words,
        secs,
        if secs > 0.0 { (summary.done + summary.skipped) as f64 / secs } else { 0.0 },
    );
    // A closed stderr is no reason to fail a batch whose outputs are written.
    let _ = io::stderr().write_all(line.as_bytes());
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads a `norbrief/1` analysis and checks the contract's invariants.
fn load_analysis(input: &InputArgs) -> anyhow::Result<Document> {
    let name = input.display_name();
    let doc: Document = serde_json::from_slice(&input.read()?)
        .with_context(|| format!("{name}: not a norbrief analysis (JSON)"))?;
    if doc.schema != norbrief::model::SCHEMA {
        bail!(
            "{name}: schema is '{}', expected '{}'",
            doc.schema,
            norbrief::model::SCHEMA
        );
    }
    let problems = doc.check();
    if !problems.is_empty() {
        bail!("{name}: invalid analysis: {}", problems.join("; "));
    }
    Ok(doc)
}

fn brief(args: BriefArgs) -> anyhow::Result<ExitCode> {
    let doc = if args.from_analysis {
        load_analysis(&args.input)?
    } else {
        load(&args.input)?
    };
    let options = args.style.brief_options();
    if doc.units.is_empty() {
        bail!(
            "{}: no article text left after cleaning (empty, or only boilerplate); no briefing written",
            args.input.display_name()
        );
    }
    let markdown = norbrief::render::briefing_shared(&std::sync::Arc::new(doc), &options)?;
    emit(args.output.as_deref(), markdown.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn templates(args: TemplatesArgs) -> anyhow::Result<ExitCode> {
    let dir = &args.dump;
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    for (name, source) in norbrief::render::BUILTIN_TEMPLATES {
        let path = dir.join(name);
        if path.exists() && !args.force {
            bail!(
                "{}: already exists (use --force to overwrite)",
                path.display()
            );
        }
        norbrief::output::write_atomic(&path, source.as_bytes())?;
        eprintln!("norbrief: wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
