//! `narrate build` (and bare `narrate`): posts → episodes → feed.

use std::path::PathBuf;

use narrate::audio::clip;
use narrate::cache::Cache;
use narrate::config::Config;
use narrate::feed;
use narrate::pipeline::{self, Built, Context, Status};
use narrate::voice::piper::PiperVoice;
use narrate::voice::preset;
use narrate::Error;

use super::progress::Ui;
use super::{collect_posts, Outcome};
use crate::cli::BuildArgs;

/// Test hook: the slug whose encoding fails after it starts, to prove a
/// failed post leaves its previous files and the feed untouched.
const FAIL_ENV: &str = "NARRATE_FAIL_ENCODING";

pub fn run(args: &BuildArgs, config: &Config) -> anyhow::Result<Outcome> {
    let mut config = config.clone();
    if let Some(url) = &args.target.audio_url {
        if !url.contains("{slug}") {
            return Err(Error::Usage(format!(
                "--audio-url `{url}` must contain {{slug}}, e.g. https://example.com/audio/{{slug}}.mp3"
            ))
            .into());
        }
        config.episode.audio_url = url.clone();
    }
    let out_dir = args
        .target
        .out
        .clone()
        .unwrap_or_else(|| config.out_dir.clone());
    let mut failed = 0;
    let mut posts = collect_posts(&args.posts.inputs, &args.posts.only, &config, &mut failed)?;
    let ui = Ui::new();
    posts.retain(|p| {
        if p.meta.draft {
            ui.line(&format!("{}: draft, skipped", p.label()));
        }
        !p.meta.draft
    });

    // The feed: --feed, else the config's, else a feed given as INPUT.
    let feed_path: Option<PathBuf> = args
        .target
        .feed
        .clone()
        .or_else(|| (!config.feed.as_os_str().is_empty()).then(|| config.feed.clone()))
        .or_else(|| {
            posts
                .iter()
                .find(|p| p.item.is_some())
                .map(|p| p.source.clone())
        });
    let feed_text = match &feed_path {
        Some(p) => {
            pipeline::require_audio_url(p, &config)?;
            Some(narrate::ingest::read_text(p)?)
        }
        None => None,
    };
    let podcast = Some(config.episode.podcast_title.clone())
        .filter(|t| !t.is_empty())
        .or_else(|| feed_text.as_deref().and_then(feed::channel_title));

    let jobs = super::jobs(args.jobs, &config);
    let spec = preset::resolve(&config.voices_dir, &config.voice)?;
    let norm = pipeline::normalizer(&config, &spec.lexicon);
    let runtime = narrate::voice::piper::find_runtime(config.runtime())?;
    let voice = PiperVoice::load(spec, super::say::layout(jobs), &runtime)?;
    let rate = narrate::voice::Synthesizer::sample_rate(&voice);
    let read_clip = |key: &str, path: &PathBuf| -> anyhow::Result<Option<Vec<f32>>> {
        if path.as_os_str().is_empty() {
            return Ok(None);
        }
        clip::read(path, rate).map(Some).map_err(|m| {
            Error::Usage(format!(
                "{}: `audio.{key}`: {m}; give a WAV file or remove the key",
                path.display()
            ))
            .into()
        })
    };
    let clips = (
        read_clip("intro", &config.audio.intro)?,
        read_clip("outro", &config.audio.outro)?,
    );
    let cache = (!args.no_cache).then(|| Cache::new(&config.cache_dir));
    let ctx = Context {
        config: &config,
        out_dir: &out_dir,
        voice: &voice,
        norm: &norm,
        cache: cache.as_ref(),
        jobs,
        force: args.force,
        podcast,
        clips,
        fail_encoding: std::env::var(FAIL_ENV).ok(),
    };

    let built = pipeline::run(&posts, &ctx, &ui);
    failed += built
        .iter()
        .filter(|b| matches!(b.status, Status::Failed(_)))
        .count();
    drop(ui);
    print_summary(&built);

    if let Some(path) = &feed_path {
        match pipeline::write_feed(path, &built, &config) {
            Ok(report) => {
                for p in &report.posts_without_item {
                    eprintln!("warning: {p}: no <item> in {} matches this post (by guid, link or slug); its enclosure was not written", path.display());
                }
                // Naming every other item is noise when one post was asked for.
                if args.posts.inputs.is_empty() && args.posts.only.is_empty() {
                    for i in &report.items_without_post {
                        eprintln!(
                            "warning: {}: item \"{i}\" has no post among `posts`",
                            path.display()
                        );
                    }
                }
                eprintln!(
                    "{}: {}",
                    path.display(),
                    if report.changed {
                        "enclosures written"
                    } else {
                        "unchanged"
                    }
                );
            }
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Ok
    })
}

/// `H:MM:SS`, as in the feed.
pub fn clock(ms: u64) -> String {
    narrate::publish::duration::format(ms, narrate::publish::duration::Style::HMmSs)
}

pub fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

fn print_summary(built: &[Built]) {
    if built.is_empty() {
        println!("no posts to build");
        return;
    }
    let w = built.iter().map(|b| b.slug.len()).max().unwrap_or(4).max(4);
    println!(
        "{:<w$}  {:<10}  {:>8}  {:>8}  {:>6}  {:>7}",
        "post", "status", "duration", "size", "cached", "time"
    );
    for b in built {
        let cached = (b.cached * 100)
            .checked_div(b.segments)
            .map_or("-".to_string(), |p| format!("{p}%"));
        let failed = matches!(b.status, Status::Failed(_));
        println!(
            "{:<w$}  {:<10}  {:>8}  {:>8}  {:>6}  {:>6.1}s",
            b.slug,
            b.status.as_str(),
            if failed {
                "-".into()
            } else {
                clock(b.duration_ms)
            },
            if failed { "-".into() } else { size(b.bytes) },
            cached,
            b.seconds
        );
    }
}
