//! Posts whose author set `narrate.skip` after an episode was published:
//! the episode is withdrawn. Its files in the output folder go (only files
//! that carry narrate's fingerprint: nothing another tool made), so the
//! manifest and the podcast feed, which list the episodes that exist, drop
//! it; and the feed write-back (`super::finish`, in the same read and
//! write of the feed) takes its enclosure, duration, transcript and
//! chapters out of its item (`publish::withdraw`).

use std::path::Path;

use super::EpisodeFiles;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::post::Post;
use crate::publish::withdraw::Withdrawal;

/// What the feed should lose for each of `posts`: the URLs narrate gave them.
pub fn withdrawals(posts: &[Post], config: &Config) -> Vec<Withdrawal> {
    posts
        .iter()
        .map(|p| {
            let urls = config.episode.urls(&p.meta.slug);
            Withdrawal {
                slug: p.meta.slug.clone(),
                guid: p.meta.guid.clone(),
                link: p.meta.link.clone(),
                url: urls.audio,
                transcript_url: urls.transcript,
                chapters_url: urls.chapters,
            }
        })
        .collect()
}

/// Removes the episode files of `posts` that narrate made; their slugs.
pub fn remove_files(posts: &[Post], out_dir: &Path) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for p in posts {
        let out = EpisodeFiles::new(out_dir, &p.meta.slug);
        if crate::audio::tags::read_fingerprint(&out.mp3).is_none() {
            continue;
        }
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
        removed.push(p.meta.slug.clone());
    }
    Ok(removed)
}
