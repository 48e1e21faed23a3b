//! The catalogue of every episode: the manifest (`episodes.json`) and the
//! podcast feed narrate writes itself, both from every episode that exists
//! in the output folder (this build's and earlier builds'), so building one
//! post never drops the others.

use std::path::Path;

use super::{Episode, PostReport};
use crate::config::Config;
use crate::error::Result;
use crate::post::Post;
use crate::pubdate;
use crate::publish::{duration, manifest, podcast};

/// What was written, and what the user should hear about.
#[derive(Debug, Default)]
pub struct Catalog {
    pub manifest_changed: bool,
    /// `Some(changed)` when a podcast feed is configured.
    pub podcast_changed: Option<bool>,
    pub episodes: usize,
    pub warnings: Vec<String>,
}

/// The manifest entry of a post whose episode exists.
pub fn entry(post: &Post, b: &Episode, config: &Config) -> manifest::Entry {
    let urls = config.episode.urls(&b.slug);
    let url = urls.audio;
    let pub_date = post
        .meta
        .date
        .as_deref()
        .and_then(pubdate::parse)
        .map(|d| d.rfc2822());
    manifest::Entry {
        title: b.title.clone(),
        date: post.meta.date.clone(),
        pub_date,
        link: post.meta.link.clone(),
        guid: post
            .meta
            .guid
            .clone()
            .or_else(|| post.meta.link.clone())
            .unwrap_or_else(|| url.clone()),
        description: post.meta.description.clone(),
        url,
        length: b.bytes,
        duration_seconds: b.duration.seconds(),
        duration: duration::format(b.duration, duration::Style::HMmSs),
        transcript_url: urls.transcript,
        chapters_url: urls.chapters,
        image: post
            .meta
            .image
            .clone()
            .filter(|i| i.starts_with("https://") || i.starts_with("http://")),
        voice: post.voice(&config.voice).to_string(),
    }
}

/// Rewrites `episodes.json` in `out_dir` and, with `podcast-feed` set, the
/// podcast feed. `posts` and `reports` are in the same order.
pub fn write(
    posts: &[Post],
    reports: &[PostReport],
    config: &Config,
    out_dir: &Path,
) -> Result<Catalog> {
    let mut report = Catalog::default();
    let (previous, warning) = manifest::read(out_dir);
    report.warnings.extend(warning);
    let fresh: Vec<(String, manifest::Entry)> = posts
        .iter()
        .zip(reports)
        .filter_map(|(p, r)| r.episode.as_ref().map(|e| (p, e)))
        .map(|(p, e)| (e.slug.clone(), entry(p, e, config)))
        .collect();
    for (slug, e) in &fresh {
        if e.pub_date.is_none() && !config.podcast_feed.as_os_str().is_empty() {
            report.warnings.push(format!(
                "{slug}: no date narrate can read ({}), so its podcast item has no pubDate; give the post a `date` like 2026-06-13",
                e.date.as_deref().unwrap_or("none")
            ));
        }
    }
    let m = manifest::merge(previous, fresh, out_dir);
    report.episodes = m.episodes.len();
    if !m.episodes.is_empty() || manifest::path(out_dir).is_file() {
        report.manifest_changed = manifest::write(out_dir, &m)?;
    }
    if !config.podcast_feed.as_os_str().is_empty() {
        let art = podcast::artwork(&config.podcast.image, &config.episode.audio_url, out_dir)?;
        report.warnings.extend(art.warnings);
        let text = podcast::render(&config.podcast, &art.url, &m);
        report.podcast_changed = Some(podcast::write(&config.podcast_feed, &text)?);
    }
    Ok(report)
}
