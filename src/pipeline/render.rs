//! One post → one episode: script, then synthesis and mastering block by
//! block ([`super::stream`]), MP3 with tags, transcript and chapters, all staged beside their destinations and
//! renamed into place only when every one of them is written. A failure
//! anywhere leaves the previous episode's files exactly as they were.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::atomic;
use crate::audio::tags;
use crate::cache::Cache;
use crate::config::Config;
use crate::episode_files::EpisodeFiles;
use crate::error::{Error, Result};
use crate::post::Post;
use crate::publish::{chapters, transcript};
use crate::script::Script;
use crate::timeline::Timeline;
use crate::voice::Synthesizer;

use super::fingerprint::fingerprint;
use super::stream;
use super::{Episode, Events, PostReport, Status};

/// Everything a batch shares.
pub struct Context<'a> {
    pub config: &'a Config,
    pub out_dir: &'a Path,
    pub voice: &'a dyn Synthesizer,
    /// Text normalization with the merged lexicon.
    pub norm: &'a crate::script::normalize::Normalizer,
    pub cache: Option<&'a Cache>,
    pub jobs: usize,
    pub force: bool,
    /// ID3 album: the podcast's name.
    pub podcast: Option<String>,
    /// Intro and outro clips, read once at the output rate.
    pub clips: (Option<Vec<f32>>, Option<Vec<f32>>),
}

/// Where a post's cover art is: a path relative to the post, a site-root
/// path (`/images/x.png`, as Hugo and Jekyll write them) under `site-root`,
/// else the configured default. URLs are for the web, not for a tag: a
/// warning, then the default.
fn cover_path(post: &Post, ctx: &Context, warn: &mut dyn FnMut(String)) -> Option<PathBuf> {
    let config = ctx.config;
    let fallback =
        (!config.episode.image.as_os_str().is_empty()).then(|| config.episode.image.clone());
    let image = match &post.meta.image {
        Some(i) if !i.trim().is_empty() => i.trim(),
        _ => return fallback,
    };
    if image.contains("://") || image.starts_with("//") {
        warn(format!(
            "{}: cover art `{image}` is a URL; narrate uses local files only{}",
            post.label(),
            if fallback.is_some() {
                ", so `episode.image` is used"
            } else {
                ", so the episode has none"
            }
        ));
        return fallback;
    }
    if let Some(rooted) = image.strip_prefix('/') {
        let found = config
            .site_roots()
            .into_iter()
            .map(|r| r.join(rooted))
            .find(|p| p.is_file());
        if found.is_none() {
            warn(format!(
                "{}: cover art `{image}` is not under {}; set `site-root` to the folder your generator publishes as /{}",
                post.label(),
                config
                    .site_roots()
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
                if fallback.is_some() { " (using `episode.image`)" } else { "" }
            ));
            return fallback;
        }
        return found;
    }
    match post.item {
        // A feed item's image is relative to nothing we have.
        Some(_) => fallback,
        None => Some(post.source.parent().unwrap_or(Path::new(".")).join(image)),
    }
}

fn tag_info(
    post: &Post,
    script: &Script,
    ctx: &Context,
    warn: &mut dyn FnMut(String),
) -> tags::TagInfo {
    let meta = &post.meta;
    let load = |p: &Path, warn: &mut dyn FnMut(String)| {
        let cover = std::fs::read(p)
            .map_err(|e| e.to_string())
            .and_then(|b| crate::audio::cover::prepare(&b).map_err(|e| e.to_string()));
        match cover {
            Ok(cover) => {
                for n in &cover.notes {
                    warn(format!("{}: cover art {n}", p.display()));
                }
                Ok((cover.mime.to_string(), cover.bytes))
            }
            Err(e) => Err(e),
        }
    };
    let fallback = &ctx.config.episode.image;
    let mut image = None;
    if let Some(p) = cover_path(post, ctx, warn) {
        match load(&p, warn) {
            Ok(art) => image = Some(art),
            // The post's own art failed: the configured default, if any.
            Err(e) if !fallback.as_os_str().is_empty() && p != *fallback => {
                warn(format!(
                    "{}: cover art cannot be used ({e}); using `episode.image`",
                    p.display()
                ));
                image = load(fallback, warn)
                    .map_err(|e| {
                        warn(format!(
                            "{}: cover art cannot be used ({e}); the episode has none",
                            fallback.display()
                        ))
                    })
                    .ok();
            }
            Err(e) => warn(format!(
                "{}: cover art cannot be used ({e}); the episode has none",
                p.display()
            )),
        }
    }
    tags::TagInfo {
        title: script.title.clone(),
        author: meta.author.clone(),
        podcast: ctx.podcast.clone(),
        date: meta.date.clone(),
        description: meta.description.clone(),
        link: meta.link.clone(),
        image,
    }
}

/// Builds the episode of `post` (or finds it up to date): the stages in
/// order, each a call into its own module.
pub fn render(post: &Post, ctx: &Context, events: &dyn Events) -> Result<PostReport> {
    let started = Instant::now();
    let config = ctx.config;
    let label = post.label();
    // ingest, script
    let doc = crate::ingest::parse_reporting(post, config, &mut |w| events.warning(&w))?;
    let script =
        crate::script::build_with(&post.meta, &doc, &config.script, &config.pauses, ctx.norm);
    let out = EpisodeFiles::new(ctx.out_dir, &script.slug);
    // what the episode is made of, and whether it already exists
    let info = tag_info(post, &script, ctx, &mut |w| events.warning(&w));
    let clips = (ctx.clips.0.as_deref(), ctx.clips.1.as_deref());
    let print = fingerprint(&script, ctx.voice.identity(), &config.audio, clips, &info);
    let report = |status, duration, cached| -> Result<PostReport> {
        let episode = Episode {
            slug: script.slug.clone(),
            title: script.title.clone(),
            guid: post.meta.guid.clone(),
            link: post.meta.link.clone(),
            mp3: out.mp3.clone(),
            bytes: file_len(&out.mp3)?,
            duration,
            chapters: script.chapters.len(),
            fingerprint: print.clone(),
        };
        Ok(PostReport {
            label: label.clone(),
            slug: script.slug.clone(),
            status,
            segments: script.segments.len(),
            cached,
            seconds: started.elapsed().as_secs_f64(),
            episode: Some(episode),
        })
    };
    let previous = out.mp3.is_file();
    if !ctx.force && out.all_exist() {
        if let Some((fp, duration)) = tags::read_fingerprint(&out.mp3) {
            if fp == print {
                return report(Status::UpToDate, duration, script.segments.len());
            }
        }
    }
    // voice and audio: blocks synthesized and mastered, streamed to disk
    events.post_started(&label, script.segments.len());
    let audio = stream::stream(&stream::Input {
        label: &label,
        segments: &script.segments,
        voice: ctx.voice,
        cache: ctx.cache,
        jobs: ctx.jobs,
        settings: &config.audio,
        clips,
        gap_ms: config.pauses.heading,
        out_dir: ctx.out_dir,
        events,
    })?;
    let cached = audio.cached;
    // the timeline and the tag, then the MP3 staged with them in front
    let timeline = Timeline::new(&script, &audio.spans, audio.length);
    let tag =
        tags::to_bytes(&tags::build(&info, &print, &timeline)).map_err(|source| Error::Write {
            path: out.mp3.clone(),
            source,
        })?;
    let mp3 = audio.write(&tag, &out.mp3)?;
    // publish: transcript and chapters beside it, then all three in place
    let vtt = atomic::stage_with(&out.vtt, |w| {
        std::io::Write::write_all(w, transcript::webvtt(&timeline).as_bytes())
    })?;
    let json = atomic::stage_with(&out.chapters, |w| {
        std::io::Write::write_all(w, chapters::json(&timeline).as_bytes())
    })?;
    // Sidecars first: an MP3 whose fingerprint matches always has them.
    vtt.commit()?;
    json.commit()?;
    mp3.commit()?;
    let status = if previous {
        Status::Updated
    } else {
        Status::New
    };
    report(status, timeline.duration, cached)
}

fn file_len(path: &Path) -> Result<u64> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })
}
