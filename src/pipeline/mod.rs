//! A batch: which posts become episodes, which are already up to date,
//! progress events, and the feed write-back at the end.
//!
//! Posts are built one after another (synthesis inside a post already uses
//! every core); a post that fails is reported and the batch goes on.

pub mod fingerprint;
pub mod publish;
pub mod render;
pub mod review;
pub mod voices;
pub mod withdraw;

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::{fill_url, Config};
use crate::error::{Error, Result};
use crate::post::Post;
use crate::publish::writeback as feed;
use crate::script::normalize::{Lexicon, Normalizer};

pub use render::{render, Context, Outputs};

#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    New,
    Updated,
    UpToDate,
    /// Not built: the feed already has this post's episode (made
    /// elsewhere, or any enclosure with `--missing`); the reason.
    Kept(String),
    Failed(String),
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
pub struct Report {
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

pub use crate::progress::Events;

impl Report {
    /// A post that was not built (failed or kept): no episode, no work.
    pub fn not_built(post: &Post, status: Status) -> Report {
        Report {
            label: post.label(),
            slug: post.meta.slug.clone(),
            status,
            segments: 0,
            cached: 0,
            seconds: 0.0,
            episode: None,
        }
    }

    /// Whether an episode of ours exists after the build (the feed gets it).
    pub fn has_episode(&self) -> bool {
        self.episode.is_some()
    }
}

/// Builds every post; failures become [`Status::Failed`] entries.
pub fn run(posts: &[Post], ctx: &Context, events: &dyn Events) -> Vec<Report> {
    events.batch_started(posts.len());
    posts
        .iter()
        .map(|post| {
            // A panic (ours, or in a rayon worker of this post's synthesis)
            // fails this post, not the batch.
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                render(post, ctx, events)
            }));
            let built = match outcome {
                Ok(Ok(b)) => b,
                Ok(Err(e)) => Report::not_built(post, Status::Failed(e.to_string())),
                Err(panic) => Report::not_built(
                    post,
                    Status::Failed(format!(
                        "{}: narrate failed unexpectedly ({}); this is a bug, please report it with the post; the post's previous files are unchanged",
                        post.label(),
                        panic_message(&panic)
                    )),
                ),
            };
            events.post_finished(&built);
            built
        })
        .collect()
}

/// The text a panic carried, if any.
fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into())
}

/// What the feed write-back did.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedReport {
    pub changed: bool,
    /// Labels of built posts that no item matched.
    pub posts_without_item: Vec<String>,
    /// Items no built post matched.
    pub items_without_post: Vec<String>,
    /// Slugs whose item lost narrate's enclosure (`narrate.skip`).
    pub withdrawn_items: Vec<String>,
}

/// The normalizer of a run: the shipped lexicon, then the voice preset's
/// `[lexicon]`, then the project's, later entries winning.
pub fn normalizer(config: &Config, voice_lexicon: &BTreeMap<String, String>) -> Normalizer {
    let mut lexicon = Lexicon::english();
    lexicon.extend(voice_lexicon);
    lexicon.extend(&config.lexicon);
    Normalizer::new(lexicon, &config.script)
}

/// A voice preset's `[lexicon]`, read without the model, so `narrate
/// script` works before the voice is installed. No such preset: none.
pub fn voice_lexicon(config: &Config, voice: &str) -> Result<BTreeMap<String, String>> {
    match crate::voice::preset::find(&config.voices_dir, voice) {
        Ok((_, preset)) => Ok(preset.lexicon),
        Err(Error::Voice { .. }) => Ok(BTreeMap::new()),
        Err(e) => Err(e),
    }
}

/// Enclosures need a URL: without `audio-url` a feed cannot be written.
/// Checked before any synthesis so a misconfigured build fails at once.
pub fn require_audio_url(feed: &Path, config: &Config) -> Result<()> {
    if config.episode.audio_url.is_empty() {
        return Err(Error::Usage(format!(
            "{}: cannot write enclosures without a URL: set `audio-url` under [episode] in the config (e.g. \"https://example.com/audio/{{slug}}.mp3\") or pass --audio-url",
            feed.display()
        )));
    }
    Ok(())
}

/// Writes the enclosure (and duration, transcript, chapters) of every
/// episode that exists — new, updated or up to date — into `path`,
/// atomically, and only if something changed. Failed and kept posts are
/// left out, so their item keeps what it had.
pub fn write_feed(
    path: &Path,
    built: &[Report],
    withdrawn: &[crate::publish::withdraw::Withdrawal],
    config: &Config,
) -> Result<FeedReport> {
    require_audio_url(path, config)?;
    let e = &config.episode;
    // Read again rather than reuse the text read before synthesis: an edit
    // made to the feed during a long build must not be overwritten.
    let text = crate::ingest::read_text(path, config.max_input_bytes())?;
    let done: Vec<(&Report, &Episode)> = built
        .iter()
        .filter_map(|r| r.episode.as_ref().map(|e| (r, e)))
        .collect();
    let episodes: Vec<feed::Episode> = done
        .iter()
        .map(|(_, b)| feed::Episode {
            slug: b.slug.clone(),
            guid: b.guid.clone(),
            link: b.link.clone(),
            url: fill_url(&e.audio_url, &b.slug),
            length: b.bytes,
            duration: b.duration,
            transcript_url: e.transcripts.then(|| fill_url(&e.transcript_url, &b.slug)),
            chapters_url: e.chapters.then(|| fill_url(&e.chapters_url, &b.slug)),
        })
        .collect();
    let wb = feed::write_back(&text, &episodes).map_err(|source| Error::Feed {
        path: path.to_path_buf(),
        source,
    })?;
    // Withdrawn episodes come out in the same pass: one write of the feed.
    let (out, removed) = if withdrawn.is_empty() {
        (wb.text, Vec::new())
    } else {
        let w = crate::publish::withdraw::withdraw(&wb.text, withdrawn).map_err(|source| {
            Error::Feed {
                path: path.to_path_buf(),
                source,
            }
        })?;
        (w.text, w.removed)
    };
    let changed = out != text;
    if changed {
        crate::atomic::write(path, out.as_bytes())?;
    }
    Ok(FeedReport {
        changed,
        withdrawn_items: withdrawn
            .iter()
            .zip(&removed)
            .filter(|(_, r)| **r)
            .map(|(w, _)| w.slug.clone())
            .collect(),
        posts_without_item: done
            .iter()
            .zip(&wb.items)
            .filter(|(_, i)| i.is_none())
            .map(|((r, _), _)| r.label.clone())
            .collect(),
        items_without_post: wb.unmatched_items,
    })
}
