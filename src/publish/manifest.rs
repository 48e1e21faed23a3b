//! `episodes.json` in the output folder: every episode narrate has made,
//! by slug, for site templates and for the podcast feed.
//!
//! A site whose feed is regenerated on every deploy cannot keep the
//! enclosures narrate wrote into it; its templates read this file instead
//! (the book's generator pages show a Hugo partial and a Jekyll include). It is also the
//! record the podcast feed is made from, so a build of one post still
//! lists every episode: entries of earlier builds stay while their MP3 is
//! in the output folder. Written atomically, in slug order, only when it
//! changes, so an unchanged build leaves it byte-identical.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The file's name in the output folder.
pub const FILE: &str = "episodes.json";

/// One episode, as templates and the podcast feed need it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub title: String,
    /// The date as the post writes it.
    pub date: Option<String>,
    /// The same date in RFC 2822, as RSS wants it.
    pub pub_date: Option<String>,
    pub link: Option<String>,
    /// Stable across builds: the post's guid, else its link, else the audio URL.
    pub guid: String,
    pub description: Option<String>,
    pub url: String,
    pub length: u64,
    pub duration_seconds: f64,
    /// `H:MM:SS`.
    pub duration: String,
    pub transcript_url: Option<String>,
    pub chapters_url: Option<String>,
    /// The episode's own artwork, when the post names an image by URL.
    pub image: Option<String>,
    /// The voice preset it was spoken with.
    pub voice: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub episodes: BTreeMap<String, Entry>,
}

pub fn path(out_dir: &Path) -> PathBuf {
    out_dir.join(FILE)
}

/// The manifest in `out_dir`: empty when there is none yet. A file that
/// does not parse is reported (the caller warns) and replaced.
pub fn read(out_dir: &Path) -> (Manifest, Option<String>) {
    let p = path(out_dir);
    match std::fs::read(&p) {
        Err(_) => (Manifest::default(), None),
        Ok(bytes) => match serde_json::from_slice(&bytes) {
            Ok(m) => (m, None),
            Err(e) => (
                Manifest::default(),
                Some(format!(
                    "{}: not a narrate manifest ({e}); writing a new one",
                    p.display()
                )),
            ),
        },
    }
}

/// Earlier entries whose MP3 is still in `out_dir`, then `fresh` ones over them.
pub fn merge(previous: Manifest, fresh: Vec<(String, Entry)>, out_dir: &Path) -> Manifest {
    let mut episodes: BTreeMap<String, Entry> = previous
        .episodes
        .into_iter()
        .filter(|(slug, _)| {
            // Slugs from a file on disk are checked before they name a file.
            crate::post::slugify(slug) == *slug
                && out_dir.join(crate::episode_files::mp3_name(slug)).is_file()
        })
        .collect();
    episodes.extend(fresh);
    Manifest { episodes }
}

/// The manifest as written: pretty JSON, keys in a stable order, newline at the end.
pub fn render(m: &Manifest) -> String {
    let mut s = serde_json::to_string_pretty(m).expect("a manifest serializes");
    s.push('\n');
    s
}

/// Writes the manifest atomically if it changed; says whether it did.
pub fn write(out_dir: &Path, m: &Manifest) -> Result<bool> {
    let p = path(out_dir);
    let text = render(m);
    if std::fs::read(&p).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(false);
    }
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Write {
        path: out_dir.to_path_buf(),
        source,
    })?;
    crate::atomic::write(&p, text.as_bytes())?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn entry(title: &str) -> Entry {
        Entry {
            title: title.into(),
            date: Some("2026-06-13".into()),
            pub_date: Some("Sat, 13 Jun 2026 00:00:00 +0000".into()),
            link: None,
            guid: format!("guid-{title}"),
            description: None,
            url: format!("https://x.org/audio/{title}.mp3"),
            length: 10,
            duration_seconds: 1.5,
            duration: "0:00:02".into(),
            transcript_url: None,
            chapters_url: None,
            image: None,
            voice: "joe".into(),
        }
    }

    #[test]
    fn earlier_entries_stay_while_their_file_exists_and_writing_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("kept.mp3"), b"x").unwrap();
        let prev = Manifest {
            episodes: [
                ("kept".to_string(), entry("kept")),
                ("gone".to_string(), entry("gone")),
                ("../evil".to_string(), entry("evil")),
            ]
            .into(),
        };
        let m = merge(prev, vec![("new".into(), entry("new"))], out);
        assert_eq!(m.episodes.keys().collect::<Vec<_>>(), vec!["kept", "new"]);
        assert!(write(out, &m).unwrap(), "first write");
        assert!(!write(out, &m).unwrap(), "unchanged: not rewritten");
        let (back, warning) = read(out);
        assert_eq!((back, warning), (m, None));
        std::fs::write(path(out), b"{broken").unwrap();
        let (empty, warning) = read(out);
        assert!(empty.episodes.is_empty());
        assert!(warning.unwrap().contains("not a narrate manifest"));
    }
}
