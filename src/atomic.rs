//! Writing a file so that readers see the old version or the new one, never
//! half of either: a temp file in the same folder, fsync, rename, fsync the
//! folder. The new file keeps the permissions of the one it replaces (a new
//! one gets the umask's default), and a symlink is written through to its
//! target, so a site that links its feed keeps the link.
//!
//! Every temp file of this process is registered while it exists, so an
//! interrupted run (SIGINT/SIGTERM) removes them before it exits
//! ([`remove_registered`]), and a later build removes those of runs that
//! were killed outright ([`remove_stale`]).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// How this project's temp files are named: `.narrate-XXXXXX.part`.
pub const TEMP_PREFIX: &str = ".narrate-";
pub const TEMP_SUFFIX: &str = ".part";

static TEMPS: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

fn temps() -> std::sync::MutexGuard<'static, BTreeSet<PathBuf>> {
    TEMPS.lock().unwrap_or_else(|p| p.into_inner())
}

/// Remembers a temp file until [`unregister`].
pub fn register(path: &Path) {
    temps().insert(path.to_path_buf());
}

pub fn unregister(path: &Path) {
    temps().remove(path);
}

/// Removes every temp file this process has open (for a signal handler);
/// returns how many were removed.
pub fn remove_registered() -> usize {
    let paths: Vec<PathBuf> = temps().iter().cloned().collect();
    paths
        .iter()
        .filter(|p| std::fs::remove_file(p).is_ok())
        .count()
}

/// Removes temp files of killed runs in `dir` (not recursive) that are
/// older than `min_age`; returns how many. Called under the build lock, so
/// no live build owns them; `min_age` protects commands that do not lock.
pub fn remove_stale(dir: &Path, min_age: std::time::Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
        })
        .filter(|e| {
            e.metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age >= min_age)
        })
        .filter(|e| temps().get(&e.path()).is_none())
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// The file a write to `path` should replace: through symlinks to their
/// final target (relative links resolved from the link's folder).
pub fn write_target(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&p) {
            Ok(target) => {
                p = match p.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                }
            }
            Err(_) => break,
        }
    }
    p
}

/// The permissions a new file gets: 0666 less the process umask (read from
/// /proc, which does not change it; 022 where that is not available).
fn new_file_mode() -> u32 {
    let umask = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0o022);
    0o666 & !umask
}

/// fsync a folder, so a rename in it survives a power cut.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// A temp file beside `dir`'s final files, registered for cleanup.
pub fn temp_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    register(tmp.path());
    Ok(tmp)
}

/// Renames a registered temp file into place and syncs the folder.
pub fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> std::io::Result<()> {
    let temp = tmp.path().to_path_buf();
    let r = tmp.persist(path).map(|_| ()).map_err(|e| {
        // Dropping the temp file removes it.
        let err = e.error;
        drop(e.file);
        err
    });
    unregister(&temp);
    if r.is_ok() {
        sync_dir(
            path.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
        );
    }
    r
}

/// A file written to a temp file beside its destination, not yet in place.
/// Dropping it removes the temp file; [`Staged::commit`] renames it into
/// place. Staging several files and committing them only when all are
/// written is how a failed post leaves every previous output as it was.
pub struct Staged {
    /// `None` once committed.
    tmp: Option<tempfile::NamedTempFile>,
    path: PathBuf,
}

impl Staged {
    pub fn commit(mut self) -> Result<()> {
        let tmp = self.tmp.take().expect("committed once");
        persist(tmp, &self.path).map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }

    /// The temp file holding it now (to read it back before committing).
    pub fn temp_path(&self) -> &Path {
        self.tmp.as_ref().expect("not committed").path()
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // Not committed: the temp file goes (NamedTempFile removes it).
        if let Some(tmp) = self.tmp.take() {
            let p = tmp.path().to_path_buf();
            drop(tmp);
            unregister(&p);
        }
    }
}

/// Writes the temp file for `path` with `fill`, fsyncs it and gives it the
/// permissions of the file it will replace (or the umask's default). A
/// symlink at `path` is written through: its target is replaced.
pub fn stage_with(
    path: &Path,
    fill: impl FnOnce(&mut std::io::BufWriter<&std::fs::File>) -> std::io::Result<()>,
) -> Result<Staged> {
    let path = &write_target(path);
    let write_error = |source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = temp_in(dir).map_err(write_error)?;
    let staged = Staged {
        tmp: Some(tmp),
        path: path.to_path_buf(),
    };
    let tmp = staged.tmp.as_ref().expect("just made");
    {
        let mut w = std::io::BufWriter::new(tmp.as_file());
        fill(&mut w).map_err(write_error)?;
        w.flush().map_err(write_error)?;
    }
    tmp.as_file().sync_all().map_err(write_error)?;
    let perms = match std::fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => {
            use std::os::unix::fs::PermissionsExt;
            std::fs::Permissions::from_mode(new_file_mode())
        }
    };
    std::fs::set_permissions(tmp.path(), perms).map_err(write_error)?;
    Ok(staged)
}

pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut std::io::BufWriter<&std::fs::File>) -> std::io::Result<()>,
) -> Result<()> {
    stage_with(path, fill)?.commit()
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |w| w.write_all(bytes))
}

/// Copies `from` to `to` atomically (its folder made if needed), unless
/// `to` already holds the same bytes; whether it copied.
pub fn copy(from: &Path, to: &Path) -> Result<bool> {
    let bytes = std::fs::read(from).map_err(|source| Error::Read {
        path: from.to_path_buf(),
        source,
    })?;
    let same_len = std::fs::metadata(to).is_ok_and(|m| m.len() == bytes.len() as u64);
    if same_len && std::fs::read(to).ok().as_deref() == Some(bytes.as_slice()) {
        return Ok(false);
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    write(to, &bytes)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn replaces_content_and_keeps_permissions() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("feed.xml");
        write(&p, b"one").unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o644
        );
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn symlinks_are_written_through_and_new_files_follow_the_umask() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("public/index.xml");
        std::fs::create_dir_all(real.parent().unwrap()).unwrap();
        std::fs::write(&real, b"old").unwrap();
        let link = tmp.path().join("feed.xml");
        std::os::unix::fs::symlink("public/index.xml", &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        let fresh = tmp.path().join("fresh.mp3");
        write(&fresh, b"x").unwrap();
        assert_eq!(
            std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
            new_file_mode()
        );
    }

    #[test]
    fn temp_files_are_registered_until_committed_or_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("a.vtt");
        let staged = stage_with(&p, |w| w.write_all(b"x")).unwrap();
        let temp = staged.temp_path().to_path_buf();
        assert!(temps().contains(&temp));
        drop(staged);
        assert!(!temps().contains(&temp) && !temp.exists());
        // A killed run's leftover: removed once old enough, a young one kept.
        let stale = tmp.path().join(".narrate-dead1.part");
        std::fs::write(&stale, b"x").unwrap();
        assert_eq!(
            remove_stale(tmp.path(), std::time::Duration::from_secs(3600)),
            0
        );
        assert_eq!(remove_stale(tmp.path(), std::time::Duration::ZERO), 1);
        assert!(!stale.exists());
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("a.mp3");
        write(&p, b"old").unwrap();
        let r = write_with(&p, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("encoder failed"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
