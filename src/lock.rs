//! One build at a time per output folder and feed.
//!
//! Two builds of one site (a CI retry beside a local run, two terminals)
//! would each read, modify and rename the feed, and one run's enclosure
//! would be lost — or one run would write the `length` of an MP3 the
//! other has just replaced. A build therefore holds an advisory lock
//! (`flock`, through std's `File::lock`) on the output folder and on the
//! feed's folder themselves for its whole run: no lock file is created,
//! so nothing of narrate's ends up in a folder the site publishes. The segment cache
//! needs none: it is content-addressed and written by rename.
//!
//! The lock also tells which temp files are stale: under it, no other
//! build is writing, so `.narrate-*.part` files left in these folders are
//! from killed runs and are removed.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Held locks; dropping it releases them.
#[derive(Debug)]
pub struct BuildLock {
    _files: Vec<File>,
    /// The folders locked, in the order they were locked.
    pub dirs: Vec<PathBuf>,
}

/// What acquiring found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waited {
    /// The lock was free.
    No,
    /// Another build held it; this one waited.
    Yes,
}

/// Locks `dirs` (deduplicated, in a stable order so two builds cannot
/// deadlock). With `wait`, a held lock is waited for after `on_wait` says
/// so; without, it is an [`Error::Locked`].
pub fn acquire(dirs: &[&Path], wait: bool, on_wait: &dyn Fn(&Path)) -> Result<(BuildLock, Waited)> {
    let mut unique: Vec<PathBuf> = Vec::new();
    for d in dirs {
        std::fs::create_dir_all(d).map_err(|source| Error::Write {
            path: d.to_path_buf(),
            source,
        })?;
        let canon = d.canonicalize().map_err(|source| Error::Read {
            path: d.to_path_buf(),
            source,
        })?;
        if !unique.contains(&canon) {
            unique.push(canon);
        }
    }
    unique.sort();
    let mut files = Vec::new();
    let mut waited = Waited::No;
    for dir in &unique {
        let path = dir.clone();
        // A folder opened for reading takes a flock like a file does.
        let file = std::fs::File::open(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) if wait => {
                on_wait(&path);
                waited = Waited::Yes;
                file.lock().map_err(|source| Error::Write {
                    path: path.clone(),
                    source,
                })?;
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(Error::Locked { path }),
            Err(std::fs::TryLockError::Error(source)) => return Err(Error::Write { path, source }),
        }
        files.push(file);
    }
    Ok((
        BuildLock {
            _files: files,
            dirs: unique,
        },
        waited,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_folder_waits_or_fails() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let (held, _) = acquire(&[&out, &out], false, &|_| {}).unwrap();
        assert_eq!(held.dirs.len(), 1, "one folder named twice is locked once");
        let err = acquire(&[&out], false, &|_| {}).unwrap_err();
        assert!(
            matches!(&err, Error::Locked { path } if *path == out.canonicalize().unwrap()),
            "{err}"
        );
        assert!(err.to_string().contains("another narrate build"), "{err}");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "no lock file");
        // Waiting: released by the holder from another thread.
        let told = std::sync::atomic::AtomicBool::new(false);
        let releaser = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(200));
            drop(held);
        });
        let (_again, waited) = acquire(&[&out], true, &|_| {
            told.store(true, std::sync::atomic::Ordering::SeqCst)
        })
        .unwrap();
        releaser.join().unwrap();
        assert!(matches!(waited, Waited::Yes));
        assert!(told.load(std::sync::atomic::Ordering::SeqCst));
    }
}
