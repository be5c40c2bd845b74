//! Safe output: files are written atomically (a temporary file in the same
//! folder, then a rename), so a reader never sees a half-written file and a
//! failure leaves no partial output behind.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, ErrorKind, Result};

/// The name prefix of temporary files (hidden on Unix).
pub const TEMP_PREFIX: &str = ".norbrief-";
/// The name suffix of temporary files.
pub const TEMP_SUFFIX: &str = ".tmp";

/// Writes `bytes` to `path` atomically, syncing the data to disk before the
/// rename (see [`write_atomic_with`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, bytes, Sync::Data)
}

/// Whether [`write_atomic_with`] waits for the data to reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sync {
    /// Sync the temporary file before renaming it: after a power failure the
    /// path holds the old file or the whole new one. Costs a disk flush per
    /// file (several times the rest of a small write on an ordinary disk).
    Data,
    /// Rename without a sync: a killed or failing process still never leaves
    /// a partial file, but a power failure right after the rename may leave
    /// an empty one.
    RenameOnly,
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// then a rename.
pub fn write_atomic_with(path: &Path, bytes: &[u8], sync: Sync) -> Result<()> {
    let fail = |what: &str, e: std::io::Error| {
        Error::new(ErrorKind::Output, format!("cannot {what}: {e}")).with_path(path)
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // A temporary file is private (0600); a finished output is an ordinary
    // file that a web server or a colleague can read, as the umask allows.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| fail("create a temporary file", e))?;
    tmp.write_all(bytes).map_err(|e| fail("write", e))?;
    if sync == Sync::Data {
        tmp.as_file().sync_all().map_err(|e| fail("sync", e))?;
    }
    tmp.persist(path)
        .map_err(|e| fail("rename into place", e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_replaces_content_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn outputs_get_the_permissions_of_an_ordinary_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let reference = dir.path().join("plain.txt");
        std::fs::write(&reference, b"x").unwrap();
        let p = dir.path().join("out.json");
        write_atomic_with(&p, b"x", Sync::RenameOnly).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&p), mode(&reference));
    }

    #[test]
    fn write_atomic_into_missing_folder_fails_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("nope").join("out.json");
        let err = write_atomic(&p, b"x").unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::Output);
        assert!(err.to_string().contains("out.json"));
    }
}
