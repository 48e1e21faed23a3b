//! What became of a post in a run: its [`Status`], and the [`Episode`]
//! that exists after it. Both the pipeline (which makes them) and the
//! progress channel (which reports them) use these, so they live apart
//! from either.

use serde::{Deserialize, Serialize};

use crate::post::Post;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    New,
    Updated,
    UpToDate,
    /// Not built: the feed already has this post's episode.
    Kept(KeptBecause),
    Failed(String),
}

/// Why a post with an episode in the feed was not built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeptBecause {
    /// `--missing`, and its item has an enclosure.
    HasAudio,
    /// Its enclosure is not narrate's, and `--replace-existing` is off.
    MadeElsewhere,
}

impl std::fmt::Display for KeptBecause {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            KeptBecause::HasAudio => "has audio",
            KeptBecause::MadeElsewhere => "made elsewhere",
        })
    }
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Updated => "updated",
            Status::UpToDate => "up to date",
            Status::Kept(_) => "kept",
            Status::Failed(_) => "failed",
        }
    }
}

/// An episode that exists, made once its files are in place (or found up
/// to date): what the feed, the manifest and the podcast feed say of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Episode {
    pub slug: String,
    /// The script's title: front matter, `<title>` or the first h1.
    pub title: String,
    pub guid: Option<String>,
    pub link: Option<String>,
    pub mp3: std::path::PathBuf,
    pub bytes: u64,
    pub duration: crate::units::Millis,
    pub chapters: usize,
    /// Everything the episode is made from (stored in its tag).
    pub fingerprint: String,
}

/// What became of one post in a batch: the report the summary prints.
#[derive(Debug, Clone, PartialEq)]
pub struct PostReport {
    pub label: String,
    pub slug: String,
    pub status: Status,
    /// Segments spoken, and how many came from the cache.
    pub segments: usize,
    pub cached: usize,
    /// Wall time spent on the post.
    pub seconds: f64,
    /// The episode, when one exists after the build (new, updated, up to
    /// date); `None` for a failed or kept post.
    pub episode: Option<Episode>,
}

impl PostReport {
    /// A post that was not built (failed or kept): no episode, no work.
    pub fn not_built(post: &Post, status: Status) -> PostReport {
        PostReport {
            label: post.label(),
            slug: post.meta.slug.clone(),
            status,
            segments: 0,
            cached: 0,
            seconds: 0.0,
            episode: None,
        }
    }
}
