//! The library's error type: one [`Error`] with a documented [`ErrorKind`].
//!
//! Errors about a file name the file; errors in rule files and templates also
//! give the line. The binary adds context with `anyhow`; the library does not.

use std::fmt;
use std::path::PathBuf;

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input could not be read.
    Io,
    /// The input is binary (NUL bytes, mostly control characters).
    Binary,
    /// The input's bytes are not valid in the chosen encoding.
    Undecodable,
    /// An encoding name that is not known.
    UnknownEncoding,
    /// The input is larger than the configured limit.
    TooLarge,
    /// A rules file has a syntax error or an invalid regex.
    Rules,
    /// A template failed to load or render.
    Template,
    /// An output could not be produced (serialisation, writing).
    Output,
    /// A translated file does not belong to the article, or cannot be read.
    Merge,
    /// The article is not in a language the requested output supports.
    Language,
    /// Anything the caller asked for that does not make sense.
    Usage,
    /// Cleaning left no article text (the input was empty or only boilerplate).
    NoText,
}

/// A norbrief error: a kind, an optional file and line, and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
    line: Option<usize>,
    message: String,
}

impl Error {
    /// A new error of `kind` with a message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            path: None,
            line: None,
            message: message.into(),
        }
    }

    /// Attaches the file the error is about.
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Attaches the 1-based line the error is on.
    pub fn with_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// The kind of error.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The file the error is about, if any.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// The 1-based line, if any.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The message without file and line.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(p), Some(l)) => write!(f, "{}:{}: {}", p.display(), l, self.message),
            (Some(p), None) => write!(f, "{}: {}", p.display(), self.message),
            (None, Some(l)) => write!(f, "line {}: {}", l, self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;
