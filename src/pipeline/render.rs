//! One post → one episode: script, then synthesis and mastering block by
//! block ([`super::stream`]), MP3 with tags, transcript and chapters, all staged beside their destinations and
//! renamed into place only when every one of them is written. A failure
//! anywhere leaves the previous episode's files exactly as they were.

use std::path::Path;
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

fn tag_info(
    post: &Post,
    script: &Script,
    ctx: &Context,
    warn: &mut dyn FnMut(String),
) -> tags::TagInfo {
    let meta = &post.meta;
    let config = ctx.config;
    let wanted = crate::audio::cover_source::Wanted {
        label: &post.label(),
        image: meta.image.as_deref(),
        post_dir: post
            .item
            .is_none()
            .then(|| post.source.parent().unwrap_or(Path::new("."))),
        site_roots: config.site_roots(),
        fallback: Some(config.episode.image.as_path()).filter(|p| !p.as_os_str().is_empty()),
    };
    let image = crate::audio::cover_source::art_for(&wanted, warn);
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
    let print = fingerprint(&script, ctx.voice.signature(), &config.audio, clips, &info);
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
