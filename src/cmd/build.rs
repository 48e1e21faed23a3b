//! `narrate build` (and bare `narrate`): posts → episodes → feed.

use std::path::PathBuf;

use narrate::audio::clip;
use narrate::cache::Cache;
use narrate::config::Config;
use narrate::feed;
use narrate::pipeline::voices::{self, Voices};
use narrate::pipeline::{self, Context, Report, Status};
use narrate::publish::existing::{self, Existing};
use narrate::Error;

use super::progress::Ui;
use super::{clock, collect_posts, size, Outcome};
use crate::cli::BuildArgs;

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
    let art = &config.podcast.image;
    if !config.podcast_feed.as_os_str().is_empty()
        && !art.contains("://")
        && !std::path::Path::new(art).is_file()
    {
        return Err(Error::Usage(format!(
            "{art}: `podcast.image` is not a file; give a JPEG or PNG (1400 to 3000 px, square) or a URL"
        ))
        .into());
    }
    let mut failed = 0;
    let mut posts = collect_posts(&args.posts.inputs, &args.posts.only, &config, &mut failed)?;
    let ui = Ui::new();
    // Posts the author marked `narrate.skip`: an earlier episode of theirs
    // is withdrawn after the build (drafts are only left alone).
    let skipped: Vec<narrate::post::Post> = posts
        .iter()
        .filter(|p| !p.meta.draft && p.meta.narrate.skip)
        .cloned()
        .collect();
    posts.retain(|p| match p.skipped_because() {
        Some(why) => {
            ui.line(&format!("{}: {why}", p.label()));
            false
        }
        None => true,
    });

    // The feed: --feed, else the config's, else an RSS feed given as INPUT.
    let explicit_feed = args
        .target
        .feed
        .clone()
        .or_else(|| (!config.feed.as_os_str().is_empty()).then(|| config.feed.clone()));
    // An INPUT feed is the target only if it is RSS: each feed file is read
    // once here (a feed gives many posts), the chosen one again under the lock.
    let feed_path: Option<PathBuf> = explicit_feed.clone().or_else(|| {
        let mut sources: Vec<&PathBuf> = posts
            .iter()
            .filter(|p| p.item.is_some())
            .map(|p| &p.source)
            .collect();
        sources.dedup();
        sources
            .into_iter()
            .find(|f| {
                narrate::ingest::read_text(f, config.max_input_bytes())
                    .is_ok_and(|t| feed::scan::kind(&t) == Some(feed::Kind::Rss))
            })
            .cloned()
    });
    if let Some(p) = &feed_path {
        pipeline::require_audio_url(p, &config)?;
    }

    // The voice first: a missing one fails before anything is written.
    let jobs = super::jobs(args.jobs, &config);
    let runtime = narrate::voice::runtime::find_runtime(config.runtime())?;
    let voices = Voices::open(
        &config,
        &voices::needed(&posts, &config),
        super::layout(jobs),
        &runtime,
    )?;

    // One build per output folder and feed; a second one waits.
    let mut lock_dirs: Vec<&std::path::Path> = vec![&out_dir];
    if let Some(f) = &feed_path {
        lock_dirs.push(
            f.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new(".")),
        );
    }
    let (lock, _) = narrate::lock::acquire(&lock_dirs, !args.no_wait, &|path| {
        eprintln!(
            "waiting: another narrate build is running on this site ({} is locked)…",
            path.display()
        )
    })?;
    // Under the lock no other build writes here: leftovers are a killed run's.
    let mut stale = 0;
    for dir in &lock.dirs {
        stale += narrate::atomic::remove_stale(dir, std::time::Duration::ZERO);
    }
    // The cache is not locked (`say` and `build` share it): only temp files
    // older than an hour are a killed run's.
    stale += narrate::atomic::remove_stale(
        &Cache::new(&config.cache_dir).temp_dir(),
        std::time::Duration::from_secs(3600),
    );
    if stale > 0 {
        ui.line(&format!(
            "removed {stale} temp file(s) left by an interrupted run"
        ));
    }
    // The feed, read (and scanned) once, under the lock: a build that just
    // finished may have changed it. The write-back reads it once more at
    // the end, so edits made during a long build are not overwritten.
    let feed = match &feed_path {
        Some(p) => {
            let text = narrate::ingest::read_text(p, config.max_input_bytes())?;
            let scan = feed::scan::scan(&text).map_err(|source| Error::Feed {
                path: p.clone(),
                source,
            })?;
            if scan.kind == feed::Kind::Atom {
                return Err(Error::Usage(format!(
                    "{}: an Atom feed; podcast apps read RSS, so narrate writes enclosures into RSS feeds only. Leave `feed` empty (the Atom feed can still be an INPUT) and set `podcast-feed` to get a podcast feed of its own",
                    p.display()
                ))
                .into());
            }
            Some((text, scan))
        }
        None => None,
    };

    // Episodes the feed already has: kept unless asked to replace them.
    let replace = args.replace_existing || config.episode.replace_existing;
    let existing = match &feed {
        Some((text, scan)) => {
            let ids: Vec<existing::PostId> = posts
                .iter()
                .map(|p| existing::PostId {
                    guid: p.meta.guid.as_deref(),
                    link: p.meta.link.as_deref(),
                    slug: &p.meta.slug,
                })
                .collect();
            existing::classify(text, scan, &ids, &out_dir, &config.episode.audio_url)
        }
        None => vec![Existing::NoItem; posts.len()],
    };
    // Two posts with one slug would overwrite each other's files and
    // rebuild each other on every run: both fail, before any synthesis.
    let collisions = slug_collisions(&posts);
    for c in collisions.iter().flatten() {
        ui.line(&format!("error: {c}"));
    }
    let kept: Vec<Option<Status>> = existing
        .iter()
        .zip(collisions)
        .map(|(e, collision)| match e {
            _ if collision.is_some() => collision.map(Status::Failed),
            Existing::Ours | Existing::Elsewhere(_) if args.missing => {
                Some(Status::Kept("has audio".into()))
            }
            Existing::Elsewhere(_) if !replace => Some(Status::Kept("made elsewhere".into())),
            _ => None,
        })
        .collect();

    let podcast = Some(config.episode.podcast_title.clone())
        .filter(|t| !t.is_empty())
        .or_else(|| feed.as_ref().and_then(|(_, scan)| scan.title.clone()));

    let read_clip = |key: &str, path: &PathBuf, rate: u32| -> anyhow::Result<Option<Vec<f32>>> {
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
    let cache = (!args.no_cache).then(|| Cache::new(&config.cache_dir));
    let to_build: Vec<(usize, &narrate::post::Post)> = posts
        .iter()
        .enumerate()
        .zip(&kept)
        .filter(|(_, k)| k.is_none())
        .map(|(p, _)| p)
        .collect();
    // Posts are built a voice at a time (the voice, its normalizer and the
    // clips at its rate), then put back in order.
    let mut fresh: Vec<(usize, Report)> = Vec::with_capacity(to_build.len());
    for opened in voices.iter() {
        let group: Vec<(usize, narrate::post::Post)> = to_build
            .iter()
            .filter(|(_, p)| p.voice(&config.voice) == opened.name)
            .map(|(i, p)| (*i, (*p).clone()))
            .collect();
        if group.is_empty() {
            continue;
        }
        // Clips are mixed at the output rate (see render).
        let rate = match config.audio.sample_rate {
            0 => opened.voice.sample_rate(),
            r => r,
        };
        let clips = (
            read_clip("intro", &config.audio.intro, rate)?,
            read_clip("outro", &config.audio.outro, rate)?,
        );
        let ctx = Context {
            config: &config,
            out_dir: &out_dir,
            voice: &*opened.voice,
            norm: &opened.norm,
            cache: cache.as_ref(),
            jobs,
            force: args.force,
            podcast: podcast.clone(),
            clips,
            fail_encoding: None,
        };
        let (indices, group): (Vec<usize>, Vec<_>) = group.into_iter().unzip();
        fresh.extend(indices.into_iter().zip(pipeline::run(&group, &ctx, &ui)));
    }
    fresh.sort_by_key(|(i, _)| *i);
    let mut fresh = fresh.into_iter().map(|(_, r)| r);
    // The summary in the posts' order, kept ones in their place.
    let built: Vec<Report> = posts
        .iter()
        .zip(kept)
        .filter_map(|(p, k)| match k {
            Some(status) => Some(Report::not_built(p, status)),
            None => fresh.next(),
        })
        .collect();
    failed += built
        .iter()
        .filter(|b| matches!(b.status, Status::Failed(_)))
        .count();
    drop(ui);
    if args.json {
        print_json(&built)?;
    } else {
        print_summary(&built);
    }
    let elsewhere = built
        .iter()
        .filter(|b| matches!(&b.status, Status::Kept(why) if why == "made elsewhere"))
        .count();
    if elsewhere > 0 {
        // Also what a user sees after deleting the output folder: the
        // feed's enclosures point at files narrate can no longer vouch for.
        eprintln!(
            "note: {elsewhere} post(s) kept: their feed enclosure is not an episode of narrate's in {} (another tool made it, or its file is gone); `narrate build --replace-existing` narrates them",
            out_dir.display()
        );
    }

    let skipped: Vec<&narrate::post::Post> = skipped.iter().collect();
    let withdrawals = pipeline::withdraw::withdrawals(&skipped, &config);
    if let Some(path) = &feed_path {
        match pipeline::write_feed(path, &built, &withdrawals, &config) {
            Ok(report) => {
                if !report.withdrawn_items.is_empty() {
                    eprintln!(
                        "{}: enclosures withdrawn for {}",
                        path.display(),
                        report.withdrawn_items.join(", ")
                    );
                }
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
    match pipeline::withdraw::remove_files(&skipped, &out_dir) {
        Ok(slugs) => {
            for slug in &slugs {
                eprintln!(
                    "{slug}: episode withdrawn (narrate.skip): its files removed from {}",
                    out_dir.display()
                );
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            failed += 1;
        }
    }
    match pipeline::publish::publish(&posts, &built, &config, &out_dir) {
        Ok(p) => {
            for w in &p.warnings {
                eprintln!("warning: {w}");
            }
            if p.episodes > 0 {
                eprintln!(
                    "{}: {} episode(s), {}",
                    narrate::publish::manifest::path(&out_dir).display(),
                    p.episodes,
                    if p.manifest_changed {
                        "written"
                    } else {
                        "unchanged"
                    }
                );
            }
            if let Some(changed) = p.podcast_changed {
                eprintln!(
                    "{}: podcast feed {}",
                    config.podcast_feed.display(),
                    if changed { "written" } else { "unchanged" }
                );
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            failed += 1;
        }
    }
    Ok(Outcome::of_failures(failed))
}

/// For each post, an error if another post has its slug.
fn slug_collisions(posts: &[narrate::post::Post]) -> Vec<Option<String>> {
    let mut by_slug: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, p) in posts.iter().enumerate() {
        by_slug.entry(p.meta.slug.as_str()).or_default().push(i);
    }
    posts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let others: Vec<String> = by_slug[p.meta.slug.as_str()]
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| posts[j].label())
                .collect();
            (!others.is_empty()).then(|| {
                format!(
                    "{}: has the slug `{}`, as {} does: their episodes would overwrite each other; give one of them another `slug` in its front matter",
                    p.label(),
                    p.meta.slug,
                    others.join(" and ")
                )
            })
        })
        .collect()
}

/// The status column: `kept` says why.
fn status_text(s: &Status) -> String {
    match s {
        Status::Kept(why) => format!("kept ({why})"),
        s => s.as_str().to_string(),
    }
}

fn print_summary(built: &[Report]) {
    if built.is_empty() {
        println!("no posts to build");
        return;
    }
    let w = built.iter().map(|b| b.slug.len()).max().unwrap_or(4).max(4);
    let sw = built
        .iter()
        .map(|b| status_text(&b.status).len())
        .max()
        .unwrap_or(6)
        .max(10);
    println!(
        "{:<w$}  {:<sw$}  {:>8}  {:>8}  {:>6}  {:>7}",
        "post", "status", "duration", "size", "cached", "time"
    );
    for b in built {
        let cached = (b.cached * 100)
            .checked_div(b.segments)
            .map_or("-".to_string(), |p| format!("{p}%"));
        let ep = b.episode.as_ref();
        println!(
            "{:<w$}  {:<sw$}  {:>8}  {:>8}  {:>6}  {:>6.1}s",
            b.slug,
            status_text(&b.status),
            ep.map_or("-".into(), |e| clock(e.duration)),
            ep.map_or("-".into(), |e| size(e.bytes)),
            cached,
            b.seconds
        );
    }
}

/// `--json`: the summary as one JSON array on stdout, for CI.
fn print_json(built: &[Report]) -> anyhow::Result<()> {
    let rows: Vec<serde_json::Value> = built
        .iter()
        .map(|b| {
            let (status, detail) = match &b.status {
                Status::Kept(why) => ("kept", Some(why.clone())),
                Status::Failed(e) => ("failed", Some(e.clone())),
                s => (s.as_str(), None),
            };
            let ep = b.episode.as_ref();
            serde_json::json!({
                "slug": b.slug,
                "post": b.label,
                "status": status,
                "detail": detail,
                "duration_seconds": ep.map(|e| e.duration.seconds()),
                "duration": ep.map(|e| clock(e.duration)),
                "bytes": ep.map(|e| e.bytes),
                "segments": b.segments,
                "cached_segments": b.cached,
                "seconds": (b.seconds * 1000.0).round() / 1000.0,
            })
        })
        .collect();
    println!("{}", serde_json::to_string_pretty(&rows)?);
    Ok(())
}
