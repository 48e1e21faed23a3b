//! A site's posts split over N machines: `narrate build --shard K/N` builds
//! the posts whose slug hashes to K (stable: the same on every machine,
//! whatever the order of the files, and adding a post moves no other), and
//! writes the episodes and a shard record, `narrate-shard-K-of-N.json`:
//! what became of each of its posts, and the length and sha256 of every
//! episode file. `narrate publish` reads the records of all N shards
//! (`super::gather`), checks every file against them, and writes the feed,
//! the podcast feed and the manifest once, as a full build would.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{EpisodeFiles, PostReport, Status};
use crate::error::{Error, Result};

/// Shard `index` of `count` (1-based, as CI matrices count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

/// A `--shard` value that is not K/N with 1 ≤ K ≤ N ≤ 1000.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{0}`: expected K/N, shard K of N, e.g. 2/4 (1 ≤ K ≤ N ≤ 1000)")]
pub struct BadShard(pub String);

impl FromStr for Shard {
    type Err = BadShard;

    fn from_str(s: &str) -> std::result::Result<Shard, BadShard> {
        let bad = || BadShard(s.to_string());
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count) = (
            k.trim().parse::<u32>().map_err(|_| bad())?,
            n.trim().parse::<u32>().map_err(|_| bad())?,
        );
        if index == 0 || index > count || count > 1000 {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// The shard of `count` a slug belongs to: the first 8 bytes of its
    /// sha256, modulo `count`. A hash, not the post's position, so every
    /// machine agrees and a new post changes no other post's shard.
    pub fn of(slug: &str, count: u32) -> Shard {
        let digest = Sha256::digest(slug.as_bytes());
        let n = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
        Shard {
            index: (n % u64::from(count.max(1))) as u32 + 1,
            count,
        }
    }

    /// Whether the post with `slug` is this shard's.
    pub fn has(&self, slug: &str) -> bool {
        Shard::of(slug, self.count) == *self
    }

    /// The record's file name in the shard's output folder.
    pub fn record_name(&self) -> String {
        format!("narrate-shard-{}-of-{}.json", self.index, self.count)
    }
}

/// What one shard built: written by `build --shard`, read by `publish`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The narrate that wrote it (publish refuses another format).
    pub format: u32,
    pub shard: u32,
    pub of: u32,
    pub posts: Vec<RecordedPost>,
}

/// Bumped when the record changes shape.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedPost {
    pub slug: String,
    pub status: Status,
    /// The episode, for a post that has one after the shard's build.
    pub episode: Option<RecordedEpisode>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedEpisode {
    pub title: String,
    pub guid: Option<String>,
    pub link: Option<String>,
    pub duration_ms: u64,
    pub chapters: usize,
    /// The fingerprint in the MP3's tag.
    pub fingerprint: String,
    /// The MP3, the transcript and the chapters.
    pub files: Vec<RecordedFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedFile {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

/// Copies into the shard's folder the episodes of its `posts` that the
/// site's own output folder already holds (narrate's: their MP3 carries a
/// fingerprint tag), so the shard finds them up to date, or recognizes the
/// feed's enclosures as narrate's, as a full build would, instead of
/// narrating them again. Returns how many episodes were copied.
pub fn seed(posts: &[crate::post::Post], site_out: &Path, shard_out: &Path) -> Result<usize> {
    let same = match (site_out.canonicalize(), shard_out.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same || !site_out.is_dir() {
        return Ok(0);
    }
    let mut copied = 0;
    for p in posts {
        let (from, to) = (
            EpisodeFiles::new(site_out, &p.meta.slug),
            EpisodeFiles::new(shard_out, &p.meta.slug),
        );
        if crate::audio::tags::read_fingerprint(&from.mp3).is_none()
            || !(from.vtt.is_file() && from.chapters.is_file())
        {
            continue;
        }
        for (a, b) in [
            (&from.mp3, &to.mp3),
            (&from.vtt, &to.vtt),
            (&from.chapters, &to.chapters),
        ] {
            crate::atomic::copy(a, b)?;
        }
        copied += 1;
    }
    Ok(copied)
}

/// The length and sha256 of a file (streamed, as setup hashes models).
pub fn sum(path: &Path) -> Result<(u64, String)> {
    let len = std::fs::metadata(path)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    Ok((len, crate::install::hashes::hash_file(path)?))
}

/// Writes this shard's record into `out_dir`: every report, and each
/// episode's files summed as they are now. Returns its path.
pub fn write_record(shard: Shard, reports: &[PostReport], out_dir: &Path) -> Result<PathBuf> {
    let mut posts = Vec::with_capacity(reports.len());
    for r in reports {
        let episode = match &r.episode {
            None => None,
            Some(e) => {
                let out = EpisodeFiles::new(out_dir, &e.slug);
                let mut files = Vec::new();
                for path in [&out.mp3, &out.vtt, &out.chapters] {
                    let (bytes, sha256) = sum(path)?;
                    let name = path.file_name().expect("a file").to_string_lossy().into();
                    files.push(RecordedFile {
                        name,
                        bytes,
                        sha256,
                    });
                }
                Some(RecordedEpisode {
                    title: e.title.clone(),
                    guid: e.guid.clone(),
                    link: e.link.clone(),
                    duration_ms: e.duration.0,
                    chapters: e.chapters,
                    fingerprint: e.fingerprint.clone(),
                    files,
                })
            }
        };
        posts.push(RecordedPost {
            slug: r.slug.clone(),
            status: r.status.clone(),
            episode,
        });
    }
    let record = Record {
        format: FORMAT,
        shard: shard.index,
        of: shard.count,
        posts,
    };
    let path = out_dir.join(shard.record_name());
    let text = serde_json::to_string_pretty(&record).expect("plain data serializes") + "\n";
    crate::atomic::write(&path, text.as_bytes())?;
    // A record of an earlier split in this folder would make publish see
    // two splits: this folder now holds this shard only.
    for e in std::fs::read_dir(out_dir).into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("narrate-shard-")
            && name.ends_with(".json")
            && name != shard.record_name()
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Computed independently: `int.from_bytes(sha256(slug)[:8], "big") % 4 + 1`.
    const FIXED: [u32; 4] = [1, 1, 2, 2];

    #[test]
    fn k_of_n_parses_and_nonsense_is_refused() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        assert_eq!(" 1 / 1 ".parse(), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "1/1001", ""] {
            let err = bad.parse::<Shard>().unwrap_err();
            assert_eq!(err, BadShard(bad.to_string()));
            assert!(err.to_string().contains("expected K/N"), "{bad}: {err}");
        }
        assert_eq!(Shard { index: 2, count: 4 }.to_string(), "2/4");
    }

    #[test]
    fn every_slug_has_one_shard_the_same_everywhere_and_new_posts_move_no_other() {
        let slugs: Vec<String> = (0..60).map(|i| format!("post-{i}")).collect();
        for count in [1, 2, 3, 4, 7] {
            let before: Vec<Shard> = slugs.iter().map(|s| Shard::of(s, count)).collect();
            // Each post in exactly one shard.
            for (slug, shard) in slugs.iter().zip(&before) {
                let owners = (1..=count)
                    .filter(|&k| Shard { index: k, count }.has(slug))
                    .count();
                assert_eq!(owners, 1, "{slug}");
                assert!((1..=count).contains(&shard.index));
            }
            // No shard is left empty by the hash (60 posts).
            for k in 1..=count {
                assert!(before.iter().any(|s| s.index == k), "{count}: {k} empty");
            }
        }
        // The hash is part of the format: shard folders and CI caches keyed
        // on them must not move between narrate versions.
        let fixed: Vec<u32> = ["first-light", "tide-tables", "warp-first", "grafting"]
            .iter()
            .map(|s| Shard::of(s, 4).index)
            .collect();
        assert_eq!(fixed, FIXED);
        assert_eq!(Shard::of("anything", 1), Shard { index: 1, count: 1 });
    }
}
