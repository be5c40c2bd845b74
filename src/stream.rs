//! Streaming analysis: JSON Lines in, JSON Lines out, for running norbrief as
//! one stage of a larger pipeline.
//!
//! Input: one object per line, `{"id": …, "text": "…"}` (`id` any JSON value,
//! `text` the article). Output: one line per input line, in input order: the
//! analysis document with the input's `id` added, or `{"id": …, "error": "…"}`
//! for a line that cannot be analysed. Lines are analysed in parallel in
//! chunks, so memory stays bounded by the chunk size.

use std::io::{BufRead, Write};

use rayon::prelude::*;
use serde::Deserialize;

use crate::error::{Error, ErrorKind, Result};
use crate::Options;

/// Lines analysed together; output is written after each chunk.
pub const CHUNK_LINES: usize = 256;

#[derive(Deserialize)]
struct Request {
    #[serde(default)]
    id: serde_json::Value,
    text: String,
}

/// Counts of a streaming run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamSummary {
    /// Lines analysed.
    pub ok: usize,
    /// Lines that produced an error object.
    pub failed: usize,
}

/// Analyses every line of `input` and writes the results to `output`.
pub fn analyze_jsonl<R: BufRead, W: Write>(
    input: R,
    mut output: W,
    options: &Options,
) -> Result<StreamSummary> {
    let mut summary = StreamSummary::default();
    let mut lines = input.lines();
    let mut line_no = 0usize;
    loop {
        let mut chunk: Vec<(usize, String)> = Vec::with_capacity(CHUNK_LINES);
        for line in lines.by_ref() {
            line_no += 1;
            let line = line.map_err(|e| {
                Error::new(ErrorKind::Io, format!("cannot read line {line_no}: {e}"))
            })?;
            if line.trim().is_empty() {
                continue;
            }
            chunk.push((line_no, line));
            if chunk.len() == CHUNK_LINES {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let results: Vec<(bool, String)> = chunk
            .par_iter()
            .map(|(no, line)| analyze_line(*no, line, options))
            .collect();
        for (ok, json) in results {
            if ok {
                summary.ok += 1;
            } else {
                summary.failed += 1;
            }
            output
                .write_all(json.as_bytes())
                .and_then(|()| output.write_all(b"\n"))
                .map_err(|e| Error::new(ErrorKind::Output, format!("cannot write: {e}")))?;
        }
        output
            .flush()
            .map_err(|e| Error::new(ErrorKind::Output, format!("cannot write: {e}")))?;
    }
    Ok(summary)
}

fn analyze_line(line_no: usize, line: &str, options: &Options) -> (bool, String) {
    let error = |id: serde_json::Value, msg: String| {
        let v = serde_json::json!({ "id": id, "line": line_no, "error": msg });
        (false, v.to_string())
    };
    let request: Request = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(e) => {
            return error(
                serde_json::Value::Null,
                format!("line {line_no}: not a {{\"id\", \"text\"}} object: {e}"),
            )
        }
    };
    match crate::analyze_bytes(request.text.as_bytes(), options) {
        Ok(doc) => match serde_json::to_value(&doc) {
            Ok(serde_json::Value::Object(mut map)) => {
                let mut out = serde_json::Map::with_capacity(map.len() + 1);
                out.insert("id".to_string(), request.id);
                out.append(&mut map);
                (true, serde_json::Value::Object(out).to_string())
            }
            Ok(_) | Err(_) => error(request.id, "cannot serialise the analysis".to_string()),
        },
        Err(e) => error(request.id, e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_come_back_in_order_with_ids_and_errors_inline() {
        let mut input = String::new();
        for i in 0..600 {
            input.push_str(&format!(
                "{{\"id\": {i}, \"text\": \"Setning nummer {i}. Og en til.\"}}\n"
            ));
        }
        input.push_str("not json\n");
        let mut out = Vec::new();
        let s = analyze_jsonl(input.as_bytes(), &mut out, &Options::default()).unwrap();
        assert_eq!(s, StreamSummary { ok: 600, failed: 1 });
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 601);
        for (i, l) in lines.iter().take(600).enumerate() {
            assert_eq!(l["id"], i);
            assert_eq!(l["units"].as_array().unwrap().len(), 2);
        }
        assert!(lines[600]["error"].as_str().unwrap().contains("line 601"));
    }
}
