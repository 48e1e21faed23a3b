//! One file per subcommand; each returns how the run ended for `main`.
//! What several commands share (posts to read, threads, how times and sizes
//! are shown) lives here, so no command imports another.

pub mod build;
pub mod check;
pub mod init;
pub mod paths;
pub mod phonemes;
pub mod progress;
pub mod proof;
pub mod publish;
pub mod review;
pub mod say;
pub mod script;
pub mod setup;
pub mod summary;
pub mod voices;

use std::path::PathBuf;

use narrate::config::Config;
use narrate::ingest;
use narrate::post::Post;

/// How a command ended: the exit code documented in docs/src/exit-codes.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything succeeded.
    Ok,
    /// At least one post failed; the others were processed.
    SomeFailed,
}

impl Exit {
    /// `SomeFailed` when any post (or step) failed.
    pub fn of_failures(failed: usize) -> Exit {
        if failed > 0 {
            Exit::SomeFailed
        } else {
            Exit::Ok
        }
    }
}

/// Worker threads: the flag, else the config, where 0 means one per core.
pub fn jobs(flag: Option<usize>, config: &Config) -> usize {
    match flag.unwrap_or(config.jobs) {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}

/// The posts of a command ([`ingest::collect`]), reporting on stderr the
/// files that failed (counted in `failed`) and feeds with no items.
pub fn collect_posts(
    inputs: &[PathBuf],
    only: &[String],
    config: &Config,
    failed: &mut usize,
) -> anyhow::Result<Vec<Post>> {
    let collected = ingest::collect(inputs, only, config)?;
    for feed in &collected.empty_feeds {
        eprintln!("warning: {}: the feed has no items", feed.display());
    }
    for e in &collected.failed {
        eprintln!("error: {e}");
    }
    *failed += collected.failed.len();
    Ok(collected.posts)
}

/// The voices `posts` need, opened on the configured runtime (for the
/// commands that speak posts outside a build: `review`, `proof`), and the
/// runtime's library.
pub fn open_voices(
    posts: &[Post],
    config: &Config,
    jobs: usize,
) -> anyhow::Result<(narrate::pipeline::voices::Voices, PathBuf)> {
    let (runtime, device) = narrate::voice::runtime::find_for(config)?;
    let voices = narrate::pipeline::voices::Voices::open(
        config,
        &narrate::pipeline::voices::needed(posts, config),
        layout(jobs, device),
        &runtime,
    )?;
    Ok((voices, runtime))
}

/// The speaker of one post: its voice from `voices`, through `cache`.
pub fn speaker<'a>(
    post: &Post,
    voices: &'a narrate::pipeline::voices::Voices,
    config: &'a Config,
    cache: &'a narrate::cache::Cache,
    jobs: usize,
) -> narrate::pipeline::Speaker<'a> {
    let opened = voices.get(post.voice(&config.voice));
    narrate::pipeline::Speaker {
        config,
        norm: &opened.norm,
        voice: &*opened.voice,
        cache: Some(cache),
        jobs,
    }
}

/// What a command says while another build of the site holds the lock.
pub fn say_waiting(path: &std::path::Path) {
    eprintln!(
        "waiting: another narrate build is running on this site ({} is locked)…",
        path.display()
    )
}

/// `H:MM:SS`, as in the feed.
pub fn clock(d: narrate::units::Millis) -> String {
    narrate::publish::duration::format(d, narrate::publish::duration::Style::HMmSs)
}

pub fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

/// One session whose intra-op threads use the `jobs` cores: on 2 cores as
/// fast as one session per worker, at 60% of its memory
/// (docs/src/performance.md). For a split Piper model too: a decoder per worker was
/// 5% faster on the bench text but 17% slower on a long post.
/// `NARRATE_SESSIONS` / `NARRATE_INTRA_THREADS` override it for
/// benchmarking other arrangements.
pub fn layout(jobs: usize, device: narrate::config::Device) -> narrate::voice::runtime::Layout {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse().ok());
    narrate::voice::runtime::Layout {
        sessions: env("NARRATE_SESSIONS").unwrap_or(1),
        intra_threads: env("NARRATE_INTRA_THREADS").unwrap_or(jobs),
        device,
    }
}
