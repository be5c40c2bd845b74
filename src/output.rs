//! Safe output: files are written atomically (a temporary file in the same
//! folder, then a rename), so a reader never sees a half-written file and a
//! failure leaves no partial output behind. A new folder of outputs can be
//! written the same way as a whole ([`write_folder_atomic`]).

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
    let fail = failure(path);
    let mut tmp = temporary(0o666)
        .tempfile_in(parent_or_here(path))
        .map_err(|e| fail("create a temporary file", e))?;
    tmp.write_all(bytes).map_err(|e| fail("write", e))?;
    if sync == Sync::Data {
        tmp.as_file().sync_all().map_err(|e| fail("sync", e))?;
    }
    tmp.persist(path)
        .map_err(|e| fail("rename into place", e.error))?;
    Ok(())
}

/// An output error about `path`: "cannot {what}: {reason}".
fn failure(path: &Path) -> impl Fn(&str, std::io::Error) -> Error + '_ {
    move |what, e| Error::new(ErrorKind::Output, format!("cannot {what}: {e}")).with_path(path)
}

/// The folder `path` is in (`.` for a bare name).
fn parent_or_here(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// A maker of hidden temporary files or folders, created with `mode` as the
/// umask allows: a temporary file is otherwise private (0600), and a
/// finished output is an ordinary file or folder that a web server or a
/// colleague can read.
fn temporary(mode: u32) -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    builder
}

/// Writes a new folder whole: `files` (name, content) go into a temporary
/// folder beside `folder`, which is then renamed to `folder`. A reader sees
/// no folder or a complete one; a failure or a kill leaves at most a
/// temporary folder (named like temporary files), never a partial `folder`.
/// Missing parent folders are created.
///
/// One rename for the whole folder costs less than one per file. Returns
/// `Ok(false)`, having written nothing, when `folder` exists (or appeared
/// meanwhile): the caller then writes its files one by one.
pub fn write_folder_atomic(folder: &Path, files: &[(&str, &[u8])], sync: Sync) -> Result<bool> {
    let fail = failure(folder);
    let parent = parent_or_here(folder);
    let builder = temporary(0o777);
    let tmp = match builder.tempdir_in(parent) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(parent).map_err(|e| fail("create folder", e))?;
            builder.tempdir_in(parent)
        }
        other => other,
    }
    .map_err(|e| fail("create a temporary folder", e))?;
    for (name, bytes) in files {
        let path = tmp.path().join(name);
        let mut file = std::fs::File::create_new(&path).map_err(|e| fail("create", e))?;
        file.write_all(bytes).map_err(|e| fail("write", e))?;
        if sync == Sync::Data {
            file.sync_all().map_err(|e| fail("sync", e))?;
        }
    }
    if sync == Sync::Data {
        std::fs::File::open(tmp.path())
            .and_then(|d| d.sync_all())
            .map_err(|e| fail("sync", e))?;
    }
    match std::fs::rename(tmp.path(), folder) {
        Ok(()) => {
            // Renamed: nothing is left to clean up.
            let _ = tmp.keep();
            Ok(true)
        }
        // Another writer made the folder first; the temporary one is removed.
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::DirectoryNotEmpty
            ) =>
        {
            Ok(false)
        }
        Err(e) => Err(fail("rename into place", e)),
    }
}

/// Removes what a killed earlier run left in `folder`: temporary files and
/// temporary folders (finished outputs are never temporary: they are renamed
/// into place whole).
pub fn sweep_temporaries(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
            let path = entry.path();
            let _ = match entry.file_type() {
                Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
                _ => std::fs::remove_file(&path),
            };
        }
    }
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
    fn a_new_folder_is_written_whole_with_ordinary_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("a").join("b");
        let files: [(&str, &[u8]); 2] = [("one.json", b"1"), ("two.md", b"2")];
        assert!(write_folder_atomic(&folder, &files, Sync::Data).unwrap());
        assert_eq!(std::fs::read(folder.join("one.json")).unwrap(), b"1");
        assert_eq!(std::fs::read(folder.join("two.md")).unwrap(), b"2");
        // Only the folder itself: no temporary folder is left beside it.
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["b"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let reference = dir.path().join("plain");
            std::fs::create_dir(&reference).unwrap();
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&folder), mode(&reference));
            std::fs::write(reference.join("f"), b"x").unwrap();
            assert_eq!(mode(&folder.join("one.json")), mode(&reference.join("f")));
        }
    }

    #[test]
    fn an_existing_folder_is_left_to_the_caller_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("b");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("old.txt"), b"old").unwrap();
        let files: [(&str, &[u8]); 1] = [("one.json", b"1")];
        assert!(!write_folder_atomic(&folder, &files, Sync::RenameOnly).unwrap());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["b"], "the temporary folder is removed");
        assert_eq!(std::fs::read(folder.join("old.txt")).unwrap(), b"old");
        assert!(!folder.join("one.json").exists());
    }

    #[test]
    fn sweeping_removes_temporary_files_and_folders_only() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join(".norbrief-x1.tmp"), b"partial").unwrap();
        std::fs::create_dir(d.join(".norbrief-x2.tmp")).unwrap();
        std::fs::write(d.join(".norbrief-x2.tmp").join("analysis.json"), b"{").unwrap();
        std::fs::write(d.join("keep.tmp"), b"x").unwrap();
        std::fs::create_dir(d.join("article")).unwrap();
        sweep_temporaries(d);
        let mut names: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["article", "keep.tmp"]);
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
