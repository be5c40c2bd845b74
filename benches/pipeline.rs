//! Benchmarks: segmentation throughput (the sentence splitter alone, and the
//! whole path of `segment`) and the whole pipeline on one article.
//!
//! Run with `cargo bench`. The segmentation text is the UD Norwegian dev split
//! when `../shared/data/ud/` is present beside the repository, else the bundled
//! corpus articles repeated to a similar size.

use divan::counter::BytesCount;
use divan::Bencher;
use norbrief::{analyze_bytes, Options, Rules};

// The same allocator as the norbrief binary, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: norbrief::alloc::Mimalloc = norbrief::alloc::Mimalloc;

fn main() {
    divan::main();
}

fn ud_paragraphs() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paragraphs = Vec::new();
    for lang in ["nb", "nn"] {
        let path = root.join(format!("../shared/data/ud/{lang}-dev.jsonl"));
        if let Ok(text) = std::fs::read_to_string(path) {
            for line in text.lines() {
                let v: serde_json::Value = serde_json::from_str(line).expect("valid JSONL");
                let sentences: Vec<&str> = v["sentences"]
                    .as_array()
                    .expect("sentences")
                    .iter()
                    .filter_map(|s| s.as_str())
                    .collect();
                paragraphs.push(sentences.join(" "));
            }
        }
    }
    if paragraphs.is_empty() {
        let corpus = root.join("tests/fixtures/corpus");
        for entry in std::fs::read_dir(corpus).expect("corpus fixtures") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "txt") {
                let doc = analyze_bytes(&std::fs::read(&path).expect("read"), &Options::default())
                    .expect("analyze");
                for _ in 0..50 {
                    paragraphs.extend(doc.clean_text.split("\n\n").map(str::to_string));
                }
            }
        }
    }
    paragraphs
}

#[divan::bench]
fn segment_sentences(bencher: Bencher) {
    let paragraphs = ud_paragraphs();
    let rules = Rules::builtin();
    let bytes: usize = paragraphs.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        paragraphs
            .iter()
            .map(|p| norbrief::segment::sentences(divan::black_box(p), rules).len())
            .sum::<usize>()
    });
}

/// What `norbrief segment --no-clean` does after reading its input: decode,
/// read, segment and write JSON Lines (here into a sink).
#[divan::bench]
fn segment_whole_path(bencher: Bencher) {
    let text = ud_paragraphs().join("\n\n");
    let options = Options {
        no_clean: true,
        ..Options::default()
    };
    bencher
        .counter(BytesCount::new(text.len()))
        .with_inputs(|| text.clone().into_bytes())
        .bench_values(|bytes| {
            let outline = norbrief::outline_owned(bytes, &options).expect("text");
            outline.layout.write_jsonl(std::io::sink()).expect("sink");
            outline.layout.units.len()
        });
}

#[divan::bench]
fn analyze_seed_article(bencher: Bencher) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus/dn-kim-putin.txt");
    let bytes = std::fs::read(path).expect("seed article");
    let options = Options::default();
    // Compile the rules once outside the measured loop, as a long-running process would.
    analyze_bytes(&bytes, &options).expect("analyze");
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| analyze_bytes(divan::black_box(&bytes), &options).expect("analyze"));
}

#[divan::bench]
fn read_html_page(bencher: Bencher) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/html/vg-brann-fredrikstad.html");
    let bytes = std::fs::read(path).expect("test page");
    let text = norbrief::decode::decode_html(&bytes, None)
        .expect("decode")
        .text;
    bencher.counter(BytesCount::new(text.len())).bench(|| {
        norbrief::html::read_html(divan::black_box(&text))
            .blocks
            .len()
    });
}

/// A 500-word article: two corpus articles back to back.
fn five_hundred_words() -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let mut text = std::fs::read_to_string(dir.join("vg-brann-fredrikstad.txt")).expect("article");
    text.push_str("\n\n");
    text.push_str(&std::fs::read_to_string(dir.join("dn-kim-putin.txt")).expect("article"));
    text.into_bytes()
}

#[divan::bench]
fn analyze_and_brief_500_words(bencher: Bencher) {
    let bytes = five_hundred_words();
    let options = Options::default();
    let brief = norbrief::render::BriefOptions::default();
    let doc = analyze_bytes(&bytes, &options).expect("analyze");
    assert!(
        (450..650).contains(&doc.meta.word_count),
        "{} words",
        doc.meta.word_count
    );
    norbrief::render::briefing(&doc, &brief).expect("brief");
    bencher.bench(|| {
        let doc = analyze_bytes(divan::black_box(&bytes), &options).expect("analyze");
        norbrief::render::briefing(&doc, &brief).expect("brief")
    });
}
