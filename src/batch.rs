//! Batch processing: many articles in, one output folder per article out.
//!
//! Input: files and folders ([`collect_inputs`] walks folders recursively,
//! follows no symlink loop, and keeps `.txt`, `.md`, `.markdown`, `.html` and
//! `.htm` files). Output: for every article a folder under the output root with
//! each requested [`OutputKind`], and one [`ArticleReport`] per article. A new
//! article folder is filled under a temporary name and renamed into place
//! whole, so it is there complete or not at all; in a folder that exists,
//! each file is replaced atomically. Articles are processed in parallel
//! (rayon); a bad file never stops the batch. Nothing is kept in memory
//! between articles but their counts, so memory stays flat however large the
//! archive.
//!
//! An article that cleaning leaves without text fails with [`ErrorKind::NoText`]
//! rather than getting empty outputs.
//!
//! An article whose outputs all exist and are newer than the input is skipped
//! unless `force` is set.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::error::{Error, ErrorKind, Result};
use crate::export::{self, ExportOptions};
use crate::model::Document;
use crate::render::Briefer;
use crate::Options;

/// One output a batch writes per article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum OutputKind {
    /// The analysis JSON (`analysis.json`).
    Json,
    /// XLIFF 2.1 (`units.xlf`).
    Xliff,
    /// XLIFF 1.2 (`units.xliff12.xlf`).
    Xliff12,
    /// JSONL units (`units.jsonl`).
    Jsonl,
    /// TMX 1.4 (`units.tmx`).
    Tmx,
    /// The Markdown briefing (`briefing.md`).
    Brief,
}

impl OutputKind {
    /// The file name of this output inside an article's folder.
    pub fn file_name(self) -> &'static str {
        match self {
            OutputKind::Json => "analysis.json",
            OutputKind::Xliff => "units.xlf",
            OutputKind::Xliff12 => "units.xliff12.xlf",
            OutputKind::Jsonl => "units.jsonl",
            OutputKind::Tmx => "units.tmx",
            OutputKind::Brief => "briefing.md",
        }
    }

    /// Renders this output for a document.
    pub fn render(
        self,
        doc: &Document,
        export: &ExportOptions,
        brief: &crate::render::BriefOptions,
    ) -> Result<Vec<u8>> {
        self.render_file(doc, export, None, || crate::render::briefing(doc, brief))
    }

    /// Whether this output is a translator file (made with an
    /// [`Annotator`](export::context::Annotator)).
    pub fn is_translator_file(self) -> bool {
        !matches!(self, OutputKind::Json | OutputKind::Brief)
    }

    /// [`OutputKind::render`] of a shared document, with the briefing's
    /// template compiled once for many documents, and an annotator of the
    /// document that its translator files share (one is made here when none
    /// is given). The briefing reads the document without a copy.
    pub fn render_with(
        self,
        doc: &Arc<Document>,
        export: &ExportOptions,
        briefer: &Briefer,
        annotator: Option<&export::context::Annotator<'_>>,
    ) -> Result<Vec<u8>> {
        self.render_file(doc, export, annotator, || briefer.render(doc))
    }

    /// Renders this output; `briefing` renders the briefing.
    fn render_file(
        self,
        doc: &Document,
        export: &ExportOptions,
        annotator: Option<&export::context::Annotator<'_>>,
        briefing: impl FnOnce() -> Result<String>,
    ) -> Result<Vec<u8>> {
        let units = |format| match annotator {
            Some(a) => export::write_units_with(doc, format, export, a),
            None => export::write_units(doc, format, export),
        };
        match self {
            OutputKind::Json => {
                let mut json = Vec::with_capacity(export::size_hint(doc, 10));
                export::json::write_pretty(&mut json, doc).map_err(|e| {
                    Error::new(ErrorKind::Output, format!("cannot write JSON: {e}"))
                })?;
                json.push(b'\n');
                Ok(json)
            }
            OutputKind::Xliff => units(export::Format::Xliff2),
            OutputKind::Xliff12 => units(export::Format::Xliff12),
            OutputKind::Jsonl => units(export::Format::Jsonl),
            OutputKind::Tmx => units(export::Format::Tmx),
            OutputKind::Brief => briefing().map(String::into_bytes),
        }
    }
}

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// The outputs to write per article.
    pub outputs: Vec<OutputKind>,
    /// The root folder for the article folders.
    pub out_dir: PathBuf,
    /// Redo articles whose outputs are up to date.
    pub force: bool,
    /// Sync every output to disk before renaming it into place
    /// ([`crate::output::Sync::Data`]); without it outputs are still never
    /// partial, but a power failure may leave an empty one, which a rerun
    /// redoes.
    pub fsync: bool,
    /// Worker threads; 0 uses one per core.
    pub jobs: usize,
    /// Refuse inputs larger than this many bytes.
    pub max_bytes: u64,
    /// Pipeline options (rules, encoding, format) for every article.
    pub pipeline: Options,
    /// Options for translator files.
    pub export: ExportOptions,
    /// Options for the briefing.
    pub brief: crate::render::BriefOptions,
}

/// One input article and the folder its outputs go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The input file.
    pub input: PathBuf,
    /// The article's output folder, relative to the output root.
    pub folder: PathBuf,
}

/// What happened to one article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleReport {
    /// The input file.
    pub input: PathBuf,
    /// The outcome.
    pub outcome: Outcome,
}

/// The outcome for one article.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Outputs written.
    Done {
        /// Units in the article.
        units: usize,
        /// Words in the units.
        words: usize,
        /// Warnings from the analysis (e.g. no article text left).
        warnings: Vec<String>,
    },
    /// Outputs were up to date.
    Skipped,
    /// The article failed; nothing was written for it.
    Failed(String),
}

/// Totals of a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Articles processed (written).
    pub done: usize,
    /// Articles skipped as up to date.
    pub skipped: usize,
    /// Articles that failed.
    pub failed: usize,
    /// Units written.
    pub units: usize,
    /// Words in those units.
    pub words: usize,
    /// Articles with warnings.
    pub warned: usize,
}

const EXTENSIONS: [&str; 5] = ["txt", "md", "markdown", "html", "htm"];

/// Collects the article files under `paths` (files as given, folders walked
/// recursively in name order). Returns the jobs and the paths that could not be
/// read, each with its reason.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<Job>, Vec<(PathBuf, String)>) {
    let mut jobs = Vec::new();
    let mut problems = Vec::new();
    let mut seen_dirs = BTreeSet::new();
    for root in paths {
        match std::fs::metadata(root) {
            Ok(m) if m.is_dir() => walk(root, root, &mut seen_dirs, &mut jobs, &mut problems),
            Ok(_) => jobs.push(Job {
                input: root.clone(),
                folder: PathBuf::from(stem(root)),
            }),
            Err(e) => problems.push((root.clone(), format!("cannot read: {e}"))),
        }
    }
    disambiguate(&mut jobs);
    (jobs, problems)
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".to_string())
}

fn walk(
    root: &Path,
    dir: &Path,
    seen: &mut BTreeSet<PathBuf>,
    jobs: &mut Vec<Job>,
    problems: &mut Vec<(PathBuf, String)>,
) {
    // A symlink loop leads back to a folder already walked: its canonical path repeats.
    match std::fs::canonicalize(dir) {
        Ok(c) => {
            if !seen.insert(c) {
                return;
            }
        }
        Err(e) => {
            problems.push((dir.to_path_buf(), format!("cannot read folder: {e}")));
            return;
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push((dir.to_path_buf(), format!("cannot read folder: {e}")));
            return;
        }
    };
    // The folder listing says what most entries are, so that only symlinks
    // need a `stat` of their own (a large archive is walked before any
    // article starts, on one thread).
    let mut entries: Vec<(std::ffi::OsString, Option<std::fs::FileType>)> = entries
        .filter_map(|e| e.ok().map(|e| (e.file_name(), e.file_type().ok())))
        .collect();
    // The paths share this folder, so their order is their names' order:
    // comparing names costs a fraction of comparing paths part by part.
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, file_type) in entries {
        let path = dir.join(name);
        match entry_kind(&path, file_type) {
            Ok(EntryKind::Dir) => walk(root, &path, seen, jobs, problems),
            Ok(EntryKind::File) => {
                let ext = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase);
                if ext.as_deref().is_some_and(|e| EXTENSIONS.contains(&e)) {
                    let rel = path.strip_prefix(root).unwrap_or(&path);
                    let folder = rel.with_extension("");
                    jobs.push(Job {
                        input: path.clone(),
                        folder,
                    });
                }
            }
            // A dangling symlink, or one we may not follow.
            Err(e) => problems.push((path.clone(), format!("cannot read: {e}"))),
        }
    }
}

enum EntryKind {
    Dir,
    File,
}

/// What a folder entry is, symlinks followed; `file_type` is what the listing
/// said, when it said it.
fn entry_kind(path: &Path, file_type: Option<std::fs::FileType>) -> std::io::Result<EntryKind> {
    let is_dir = match file_type {
        Some(t) if t.is_dir() => true,
        Some(t) if !t.is_symlink() => false,
        _ => std::fs::metadata(path)?.is_dir(),
    };
    Ok(if is_dir {
        EntryKind::Dir
    } else {
        EntryKind::File
    })
}

/// Two inputs must never share an output folder: later ones get `-2`, `-3` …
fn disambiguate(jobs: &mut [Job]) {
    // Hashed: only membership matters, and a path hashes faster than it
    // compares part by part.
    let mut used = std::collections::HashSet::with_capacity(jobs.len());
    for job in jobs.iter_mut() {
        let base = job.folder.clone();
        let mut n = 1;
        while !used.insert(job.folder.clone()) {
            n += 1;
            let mut name = base.as_os_str().to_os_string();
            name.push(format!("-{n}"));
            job.folder = PathBuf::from(name);
        }
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// When a finished output was last written; `None` for a missing or empty file
/// (every output has content, so an empty one is a write a power failure cut).
fn output_modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path)
        .ok()
        .filter(|m| m.len() > 0)
        .and_then(|m| m.modified().ok())
}

fn up_to_date(job: &Job, options: &BatchOptions) -> bool {
    let Some(input_time) = modified(&job.input) else {
        return false;
    };
    let folder = options.out_dir.join(&job.folder);
    options
        .outputs
        .iter()
        .all(|k| output_modified(&folder.join(k.file_name())).is_some_and(|t| t >= input_time))
}

/// Reads, analyses and writes one article.
pub fn process(job: &Job, options: &BatchOptions) -> Outcome {
    match Briefer::new(&options.brief) {
        Ok(briefer) => process_in(job, options, &briefer, OutDir::Existing),
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// What is known about the output root before a batch starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OutDir {
    /// It may hold earlier outputs: check them, and sweep stale temporary files.
    Existing,
    /// This batch created it: it holds nothing but this batch's own outputs, so
    /// no article can be up to date yet and no folder holds stale files.
    Fresh,
}

fn process_in(job: &Job, options: &BatchOptions, briefer: &Briefer, out_dir: OutDir) -> Outcome {
    if !options.force && out_dir == OutDir::Existing && up_to_date(job, options) {
        return Outcome::Skipped;
    }
    match process_inner(job, options, briefer, out_dir) {
        Ok(outcome) => outcome,
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

fn process_inner(
    job: &Job,
    options: &BatchOptions,
    briefer: &Briefer,
    out_dir: OutDir,
) -> Result<Outcome> {
    let path = &job.input;
    let bytes = crate::read_file(path, options.max_bytes)?;
    let mut pipeline = options.pipeline.clone();
    pipeline.source_name = Some(path.display().to_string());
    // Shared, so that the briefing's template reads it without a copy.
    let doc = Arc::new(crate::analyze_bytes(&bytes, &pipeline).map_err(|e| e.with_path(path))?);
    if doc.units.is_empty() {
        // An empty briefing or translator file would pretend all is well.
        return Err(Error::new(
            ErrorKind::NoText,
            "no article text left after cleaning (empty, or only boilerplate); nothing written",
        )
        .with_path(path));
    }
    // Render everything first: an article that fails one output writes none.
    let annotator = options
        .outputs
        .iter()
        .any(|k| k.is_translator_file())
        .then(|| export::context::Annotator::new(&doc));
    let rendered: Vec<(OutputKind, Vec<u8>)> = options
        .outputs
        .iter()
        .map(|&k| {
            k.render_with(&doc, &options.export, briefer, annotator.as_ref())
                .map(|b| (k, b))
        })
        .collect::<Result<_>>()
        .map_err(|e| e.with_path(path))?;
    let folder = options.out_dir.join(&job.folder);
    let sync = if options.fsync {
        crate::output::Sync::Data
    } else {
        crate::output::Sync::RenameOnly
    };
    let done = Outcome::Done {
        units: doc.units.len(),
        words: doc.meta.word_count,
        warnings: doc.warnings.clone(),
    };
    // A folder not there yet is written whole under a temporary name and
    // renamed into place: one rename instead of one per file.
    let files: Vec<(&str, &[u8])> = rendered
        .iter()
        .map(|(kind, bytes)| (kind.file_name(), bytes.as_slice()))
        .collect();
    if (out_dir == OutDir::Fresh || !folder.exists())
        && crate::output::write_folder_atomic(&folder, &files, sync)?
    {
        return Ok(done);
    }
    // The folder exists: each output is replaced on its own, atomically.
    std::fs::create_dir_all(&folder).map_err(|e| {
        Error::new(ErrorKind::Output, format!("cannot create folder: {e}")).with_path(&folder)
    })?;
    if out_dir == OutDir::Existing {
        crate::output::sweep_temporaries(&folder);
    }
    for (name, bytes) in files {
        crate::output::write_atomic_with(&folder.join(name), bytes, sync)?;
    }
    Ok(done)
}

/// Removes the temporary folders and files that a killed earlier run left
/// beside the article folders of `jobs`, once per parent folder.
fn sweep_stale_temporaries(jobs: &[Job], out_dir: &Path) {
    let parents: BTreeSet<PathBuf> = jobs
        .iter()
        .filter_map(|job| out_dir.join(&job.folder).parent().map(Path::to_path_buf))
        .collect();
    for parent in parents {
        crate::output::sweep_temporaries(&parent);
    }
}

/// Runs the jobs in parallel, calling `report` for each article as it finishes
/// (from worker threads), and returns the totals. A briefing template that
/// cannot be read or compiled is an error before any article starts.
pub fn run<F>(jobs: &[Job], options: &BatchOptions, report: F) -> Result<Summary>
where
    F: Fn(&ArticleReport) + Sync,
{
    let briefer = if options.outputs.contains(&OutputKind::Brief) {
        Briefer::new(&options.brief)?
    } else {
        // No briefing is written: the template folder is not read.
        Briefer::new(&crate::render::BriefOptions::default())?
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .map_err(|e| Error::new(ErrorKind::Usage, format!("cannot start workers: {e}")))?;
    // A root that cannot be made here is left to each article, which then
    // fails with the reason.
    let out_dir = if !jobs.is_empty()
        && !options.out_dir.exists()
        && std::fs::create_dir_all(&options.out_dir).is_ok()
    {
        OutDir::Fresh
    } else {
        OutDir::Existing
    };
    if out_dir == OutDir::Existing {
        sweep_stale_temporaries(jobs, &options.out_dir);
    }
    let summary = pool.install(|| {
        if !jobs.is_empty() {
            crate::warm_up(&options.pipeline);
        }
        jobs.par_iter()
            .map(|job| {
                let outcome = process_in(job, options, &briefer, out_dir);
                let r = ArticleReport {
                    input: job.input.clone(),
                    outcome,
                };
                report(&r);
                tally(&r.outcome)
            })
            .reduce(Summary::default, add)
    });
    Ok(summary)
}

fn tally(outcome: &Outcome) -> Summary {
    match outcome {
        Outcome::Done {
            units,
            words,
            warnings,
        } => Summary {
            done: 1,
            units: *units,
            words: *words,
            warned: usize::from(!warnings.is_empty()),
            ..Summary::default()
        },
        Outcome::Skipped => Summary {
            skipped: 1,
            ..Summary::default()
        },
        Outcome::Failed(_) => Summary {
            failed: 1,
            ..Summary::default()
        },
    }
}

fn add(a: Summary, b: Summary) -> Summary {
    Summary {
        done: a.done + b.done,
        skipped: a.skipped + b.skipped,
        failed: a.failed + b.failed,
        units: a.units + b.units,
        words: a.words + b.words,
        warned: a.warned + b.warned,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(out: &Path) -> BatchOptions {
        BatchOptions {
            outputs: vec![OutputKind::Json, OutputKind::Jsonl],
            out_dir: out.to_path_buf(),
            force: false,
            fsync: false,
            jobs: 2,
            max_bytes: 1_000_000,
            pipeline: Options::default(),
            export: ExportOptions::default(),
            brief: crate::render::BriefOptions::default(),
        }
    }

    #[test]
    fn folders_are_walked_and_same_stems_get_distinct_folders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/x.txt"), "En.").unwrap();
        std::fs::write(dir.path().join("a/b/x.txt"), "To.").unwrap();
        std::fs::write(dir.path().join("a/skip.png"), "x").unwrap();
        let (jobs, problems) = collect_inputs(&[dir.path().join("a"), dir.path().join("a/x.txt")]);
        assert!(problems.is_empty());
        let folders: Vec<_> = jobs.iter().map(|j| j.folder.clone()).collect();
        assert_eq!(
            folders,
            [
                PathBuf::from("b/x"),
                PathBuf::from("x"),
                PathBuf::from("x-2")
            ]
        );
    }

    #[test]
    fn a_walk_lists_files_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("in");
        for sub in ["a", "a b", "a.b", "B", "å", "a/c", "a-"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        let files = [
            "a.txt",
            "a/x.txt",
            "a/c/y.md",
            "a b/z.txt",
            "a.b/q.txt",
            "B/r.txt",
            "å/s.txt",
            "a-/t.txt",
            "A.txt",
            "a0.txt",
            "Ø.txt",
            "ab.html",
        ];
        for f in files {
            std::fs::write(root.join(f), "En.").unwrap();
        }
        let (jobs, problems) = collect_inputs(std::slice::from_ref(&root));
        assert!(problems.is_empty());
        let inputs: Vec<PathBuf> = jobs.into_iter().map(|j| j.input).collect();
        let mut sorted = inputs.clone();
        sorted.sort();
        assert_eq!(inputs.len(), files.len());
        assert_eq!(inputs, sorted);
    }

    const ARTICLE: &[u8] = "Kim reiser til Moskva. Det sier kildene.".as_bytes();

    /// A folder `in` under `dir` holding these files.
    fn input_folder(dir: &Path, files: &[(&str, &[u8])]) -> PathBuf {
        let input = dir.join("in");
        std::fs::create_dir(&input).unwrap();
        for (name, bytes) in files {
            std::fs::write(input.join(name), bytes).unwrap();
        }
        input
    }

    #[test]
    fn a_bad_file_does_not_stop_the_batch_and_reruns_skip() {
        let dir = tempfile::tempdir().unwrap();
        let input = input_folder(
            dir.path(),
            &[("good.txt", ARTICLE), ("bad.txt", b"\x00\x01binary")],
        );
        let out = dir.path().join("out");
        let opts = options(&out);
        let (jobs, _) = collect_inputs(&[input]);
        let summary = run(&jobs, &opts, |_| {}).unwrap();
        assert_eq!((summary.done, summary.failed), (1, 1));
        assert!(out.join("good/analysis.json").exists());
        assert!(!out.join("bad").exists());
        let again = run(&jobs, &opts, |_| {}).unwrap();
        assert_eq!((again.done, again.skipped, again.failed), (0, 1, 1));
    }

    #[test]
    fn an_empty_output_is_redone_and_stale_temp_files_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let input = input_folder(dir.path(), &[("a.txt", ARTICLE)]);
        let out = dir.path().join("out");
        let opts = BatchOptions {
            fsync: true,
            ..options(&out)
        };
        let (jobs, _) = collect_inputs(&[input]);
        assert_eq!(run(&jobs, &opts, |_| {}).unwrap().done, 1);
        // What a power failure after an unsynced rename can leave behind.
        std::fs::write(out.join("a/analysis.json"), "").unwrap();
        let stale = out.join(format!(
            "a/{}x{}",
            crate::output::TEMP_PREFIX,
            crate::output::TEMP_SUFFIX
        ));
        std::fs::write(&stale, "half").unwrap();
        // What a batch killed while it filled a new article folder leaves.
        let stale_folder = out.join(format!(
            "{}y{}",
            crate::output::TEMP_PREFIX,
            crate::output::TEMP_SUFFIX
        ));
        std::fs::create_dir(&stale_folder).unwrap();
        std::fs::write(stale_folder.join("analysis.json"), "{").unwrap();
        let again = run(&jobs, &opts, |_| {}).unwrap();
        assert_eq!((again.done, again.skipped), (1, 0));
        assert!(
            std::fs::metadata(out.join("a/analysis.json"))
                .unwrap()
                .len()
                > 0
        );
        assert!(!stale.exists());
        assert!(!stale_folder.exists());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::fs::create_dir(&a).unwrap();
        std::fs::write(a.join("x.txt"), "En.").unwrap();
        std::os::unix::fs::symlink(&a, a.join("loop")).unwrap();
        let (jobs, _) = collect_inputs(&[a]);
        assert_eq!(jobs.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_to_files_are_followed_and_dangling_ones_reported() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::fs::create_dir(&a).unwrap();
        std::fs::write(dir.path().join("real.txt"), "En.").unwrap();
        std::os::unix::fs::symlink(dir.path().join("real.txt"), a.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("gone.txt"), a.join("dangling.txt")).unwrap();
        let (jobs, problems) = collect_inputs(std::slice::from_ref(&a));
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].input, a.join("link.txt"));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, a.join("dangling.txt"));
    }

    #[test]
    fn a_batch_into_a_new_root_writes_everything_and_a_rerun_skips() {
        let dir = tempfile::tempdir().unwrap();
        let input = input_folder(dir.path(), &[("a.txt", ARTICLE), ("b.txt", ARTICLE)]);
        let out = dir.path().join("new/root");
        let (jobs, _) = collect_inputs(&[input]);
        let first = run(&jobs, &options(&out), |_| {}).unwrap();
        assert_eq!((first.done, first.skipped), (2, 0));
        assert!(out.join("b/units.jsonl").exists());
        let again = run(&jobs, &options(&out), |_| {}).unwrap();
        assert_eq!((again.done, again.skipped), (0, 2));
    }
}
