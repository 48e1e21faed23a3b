//! sha256 of large files, remembered per (path, size, mtime).
//!
//! The model's sha256 is part of every cache key and fingerprint; hashing
//! 63 MB on every run made an all-up-to-date build slow. The memo lives in
//! the data folder (`hashes.json`); if it cannot be read or written the sum
//! is simply computed, so the memo can only save time, never change a
//! result: an entry is used only when size and mtime (to the nanosecond)
//! still match.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    size: u64,
    mtime_ns: u128,
    sha256: String,
}

type Memo = BTreeMap<String, Entry>;

/// The memo file in the data folder.
fn memo_path() -> Option<PathBuf> {
    super::home::data_dir().map(|d| d.join("hashes.json"))
}

/// sha256 of `path` as lowercase hex, from the memo when the file is unchanged.
pub fn sha256(path: &Path) -> Result<String> {
    sha256_with(path, memo_path().as_deref())
}

/// As [`sha256`], with the memo file given (tests).
pub fn sha256_with(path: &Path, memo_file: Option<&Path>) -> Result<String> {
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    let key = path
        .canonicalize()
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string();
    let stamp = |sha256: String| Entry {
        size: meta.len(),
        mtime_ns: meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos()),
        sha256,
    };
    let mut memo: Memo = memo_file
        .and_then(|f| std::fs::read(f).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let probe = stamp(String::new());
    if let Some(e) = memo.get(&key) {
        if e.size == probe.size && e.mtime_ns == probe.mtime_ns && probe.mtime_ns != 0 {
            return Ok(e.sha256.clone());
        }
    }
    let sum = hash_file(path)?;
    if let Some(f) = memo_file {
        memo.insert(key, stamp(sum.clone()));
        // Best effort: a read-only data folder only costs the next run time.
        if let Ok(json) = serde_json::to_vec_pretty(&memo) {
            if let Some(dir) = f.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = crate::atomic::write(f, &json);
        }
    }
    Ok(sum)
}

/// sha256 of a file's bytes, streamed.
pub fn hash_file(path: &Path) -> Result<String> {
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(read_err)?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(read_err)?;
    Ok(hex::encode(hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memo_is_used_while_the_file_is_unchanged_and_dropped_when_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("model.onnx");
        let memo = dir.path().join("home/hashes.json");
        std::fs::write(&file, b"abc").unwrap();
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(sha256_with(&file, Some(&memo)).unwrap(), abc);
        assert!(memo.is_file(), "memo written");
        // A memo entry is trusted while size and mtime match: prove it is
        // read by planting a different sum for the same stamp.
        let text = std::fs::read_to_string(&memo)
            .unwrap()
            .replace(abc, "planted");
        std::fs::write(&memo, text).unwrap();
        assert_eq!(sha256_with(&file, Some(&memo)).unwrap(), "planted");
        // Changing the file (size) makes the memo entry stale.
        std::fs::write(&file, b"abcd").unwrap();
        assert_eq!(
            sha256_with(&file, Some(&memo)).unwrap(),
            "88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589"
        );
        // A corrupt memo is ignored, not an error.
        std::fs::write(&memo, b"{not json").unwrap();
        assert_eq!(
            sha256_with(&file, Some(&memo)).unwrap(),
            "88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589"
        );
        assert!(sha256_with(&dir.path().join("nope"), Some(&memo))
            .unwrap_err()
            .to_string()
            .contains("nope"));
    }
}
