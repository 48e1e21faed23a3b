//! Helpers shared by the integration tests: temp dirs and running the binary.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A data folder for the tests, so they never read or write the user's
/// (`~/.local/share/narrate`); the voice comes from this repository's
/// models/, the fallback of a binary built here.
pub fn test_home() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-home")
}

pub fn narrate(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args(args)
        .current_dir(dir)
        .env("CI", "true")
        .env("NARRATE_HOME", test_home())
        .output()
        .expect("run narrate")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it instead, so a
/// change is a reviewed diff.
pub fn assert_golden(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "{} missing: run with UPDATE_GOLDEN=1 and review it",
            path.display()
        )
    });
    pretty_assertions::assert_eq!(expected, actual, "golden {} differs", path.display());
}

/// Every file under `dir` (recursively), by path relative to `dir`, with
/// its bytes: "nothing changed" is two equal snapshots.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten() {
            let p = e.expect("readable folder").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("under dir").to_path_buf();
                out.insert(rel, std::fs::read(&p).expect("readable file"));
            }
        }
    }
    out
}

/// The lines `after` added to `before` and the lines it removed, in order,
/// by a longest-common-subsequence line diff: a duplicated, moved or
/// reordered line counts (a set of lines would miss it). Checked: `before`
/// is exactly `after` without the added lines, plus the removed ones.
pub fn diff(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let b: Vec<&str> = before.split_inclusive('\n').collect();
    let a: Vec<&str> = after.split_inclusive('\n').collect();
    // lcs[i][j]: common lines of b[i..] and a[j..].
    let mut lcs = vec![vec![0usize; a.len() + 1]; b.len() + 1];
    for i in (0..b.len()).rev() {
        for j in (0..a.len()).rev() {
            lcs[i][j] = if b[i] == a[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut added, mut removed, mut kept_after) = (Vec::new(), Vec::new(), String::new());
    while i < b.len() || j < a.len() {
        if i < b.len() && j < a.len() && b[i] == a[j] {
            kept_after.push_str(a[j]);
            i += 1;
            j += 1;
        } else if j < a.len() && (i == b.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.push(a[j].trim_end_matches(['\n', '\r']).to_string());
            j += 1;
        } else {
            removed.push(b[i].trim_end_matches(['\n', '\r']).to_string());
            i += 1;
        }
    }
    if removed.is_empty() {
        assert_eq!(
            kept_after, before,
            "after minus its added lines is before, byte for byte"
        );
    }
    (added, removed)
}
