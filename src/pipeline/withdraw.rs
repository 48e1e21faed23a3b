//! Posts whose author set `narrate.skip` after an episode was published:
//! the episode is withdrawn. Its files in the output folder go (only files
//! that carry narrate's fingerprint: nothing another tool made), so the
//! manifest and the podcast feed, which list the episodes that exist, drop
//! it; and its enclosure, duration, transcript and chapters come out of the
//! site's feed (`publish::withdraw`), written atomically, only when changed.

use std::path::Path;

use super::Outputs;
use crate::config::{fill_url, Config};
use crate::error::{Error, Result};
use crate::post::Post;
use crate::publish::withdraw::{withdraw, Withdrawal};

/// What withdrawing did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Withdrawn {
    /// Slugs whose episode files were removed.
    pub files: Vec<String>,
    /// Slugs whose feed item lost our enclosure.
    pub items: Vec<String>,
    pub feed_changed: bool,
}

/// Withdraws the episodes of `posts` (those marked `narrate.skip`) from
/// `out_dir` and from the feed at `feed`, if any.
pub fn withdraw_skipped(
    posts: &[&Post],
    feed: Option<&Path>,
    config: &Config,
    out_dir: &Path,
) -> Result<Withdrawn> {
    let mut done = Withdrawn::default();
    for p in posts {
        let out = Outputs::new(out_dir, &p.meta.slug);
        if crate::audio::tags::read_fingerprint(&out.mp3).is_some() {
            for f in [&out.mp3, &out.vtt, &out.chapters] {
                match std::fs::remove_file(f) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(source) => {
                        return Err(Error::Write {
                            path: f.clone(),
                            source,
                        })
                    }
                }
            }
            done.files.push(p.meta.slug.clone());
        }
    }
    let e = &config.episode;
    let Some(path) = feed.filter(|_| !e.audio_url.is_empty() && !posts.is_empty()) else {
        return Ok(done);
    };
    let text = crate::ingest::read_text(path, config.max_input_bytes())?;
    let withdrawals: Vec<Withdrawal> = posts
        .iter()
        .map(|p| Withdrawal {
            slug: p.meta.slug.clone(),
            guid: p.meta.guid.clone(),
            link: p.meta.link.clone(),
            url: fill_url(&e.audio_url, &p.meta.slug),
            transcript_url: e
                .transcripts
                .then(|| fill_url(&e.transcript_url, &p.meta.slug)),
            chapters_url: e.chapters.then(|| fill_url(&e.chapters_url, &p.meta.slug)),
        })
        .collect();
    let out = withdraw(&text, &withdrawals).map_err(|source| Error::Feed {
        path: path.to_path_buf(),
        source,
    })?;
    done.items = posts
        .iter()
        .zip(&out.removed)
        .filter(|(_, r)| **r)
        .map(|(p, _)| p.meta.slug.clone())
        .collect();
    done.feed_changed = out.text != text;
    if done.feed_changed {
        crate::atomic::write(path, out.text.as_bytes())?;
    }
    Ok(done)
}
