//! Delivering a build's episodes to listeners, after the audio: the feed
//! write-back (enclosures in, withdrawn ones out, in one read and one write
//! of the feed), the files of withdrawn episodes, then the catalogue
//! (manifest and podcast feed). Each step reports on its own, so one that
//! fails does not hide the others.

use std::path::{Path, PathBuf};

use super::target::{require_audio_url, Target};
use super::{catalog, withdraw, Episode, PostReport};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::post::Post;
use crate::publish::writeback::{self, Enclosure};

/// What the feed write-back did.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedWrite {
    pub changed: bool,
    /// Labels of built posts that no item matched.
    pub posts_without_item: Vec<String>,
    /// Items no built post matched.
    pub items_without_post: Vec<String>,
    /// Slugs whose item lost narrate's enclosure (`narrate.skip`).
    pub withdrawn_items: Vec<String>,
}

/// The outcome of each step after the episodes.
#[derive(Debug)]
pub struct Delivered {
    /// The feed and its write-back, when the target has a feed.
    pub feed: Option<(PathBuf, Result<FeedWrite>)>,
    /// Slugs whose files were removed (`narrate.skip`).
    pub removed: Result<Vec<String>>,
    pub catalog: Result<catalog::Catalog>,
}

impl Delivered {
    /// How many of the steps failed.
    pub fn failures(&self) -> usize {
        let feed = self.feed.as_ref().is_some_and(|(_, r)| r.is_err());
        usize::from(feed) + usize::from(self.removed.is_err()) + usize::from(self.catalog.is_err())
    }
}

/// Runs every step after a build of `posts` (whose reports are `reports`,
/// in the same order); `withdrawn` are the posts marked `narrate.skip`.
pub fn deliver(
    target: &Target,
    posts: &[Post],
    reports: &[PostReport],
    withdrawn: &[Post],
) -> Delivered {
    let config = &target.config;
    let withdrawals = withdraw::withdrawals(withdrawn, config);
    Delivered {
        feed: target.feed.as_ref().map(|path| {
            (
                path.clone(),
                write_feed(path, reports, &withdrawals, config),
            )
        }),
        removed: withdraw::remove_files(withdrawn, &target.out_dir),
        catalog: catalog::write(posts, reports, config, &target.out_dir),
    }
}

/// Writes the enclosure (and duration, transcript, chapters) of every
/// episode that exists — new, updated or up to date — into `path`,
/// atomically, and only if something changed. Failed and kept posts are
/// left out, so their item keeps what it had.
pub fn write_feed(
    path: &Path,
    reports: &[PostReport],
    withdrawn: &[crate::publish::withdraw::Withdrawal],
    config: &Config,
) -> Result<FeedWrite> {
    require_audio_url(path, config)?;
    // Read again rather than reuse the text read before synthesis: an edit
    // made to the feed during a long build must not be overwritten.
    let text = crate::ingest::read_text(path, config.max_input_bytes())?;
    let feed_error = |source| Error::Feed {
        path: path.to_path_buf(),
        source,
    };
    let done: Vec<(&PostReport, &Episode)> = reports
        .iter()
        .filter_map(|r| r.episode.as_ref().map(|e| (r, e)))
        .collect();
    let enclosures: Vec<Enclosure> = done
        .iter()
        .map(|(_, b)| {
            let urls = config.episode.urls(&b.slug);
            Enclosure {
                slug: b.slug.clone(),
                guid: b.guid.clone(),
                link: b.link.clone(),
                url: urls.audio,
                length: b.bytes,
                duration: b.duration,
                transcript_url: urls.transcript,
                chapters_url: urls.chapters,
            }
        })
        .collect();
    let wb = writeback::write_back(&text, &enclosures).map_err(feed_error)?;
    // Withdrawn episodes come out in the same pass: one write of the feed.
    let (out, removed) = if withdrawn.is_empty() {
        (wb.text, Vec::new())
    } else {
        let w = crate::publish::withdraw::withdraw(&wb.text, withdrawn).map_err(feed_error)?;
        (w.text, w.removed)
    };
    let changed = out != text;
    if changed {
        crate::atomic::write(path, out.as_bytes())?;
    }
    Ok(FeedWrite {
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
