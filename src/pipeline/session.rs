//! What a build holds while it works: its voices (opened first, so a
//! missing one fails before anything is written), the lock on its folders
//! (one build per site at a time), and the feed as read under that lock.
//! Opening a session also clears temp files a killed run left behind.

use std::path::Path;
use std::time::Duration;

use super::plan::FeedFile;
use super::target::Target;
use super::voices::{self, Voices};
use super::{Context, Events, PostReport, Status};
use crate::audio::clip;
use crate::cache::Cache;
use crate::error::{Error, Result};
use crate::feed::{FeedError, Kind};
use crate::lock::{BuildLock, Waited};
use crate::post::Post;
use crate::voice::runtime::Layout;

/// How the voices run and whether to wait for another build.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub layout: Layout,
    /// Wait for another build of this site instead of failing (exit 4).
    pub wait: bool,
}

/// The site held by this run: the lock on its folders (one build or
/// publish per site at a time), the temp files of killed runs cleared, and
/// the feed as read under the lock. `build` and `publish` both take it.
pub struct Claim {
    /// The feed to write back into, read under the lock.
    pub feed: Option<FeedFile>,
    /// Temp files of interrupted runs that taking the claim removed.
    pub stale_removed: usize,
    pub waited: Waited,
    _lock: BuildLock,
}

impl Claim {
    /// Locks the target's folders (`on_wait` is told when another run holds
    /// them), removes stale temp files, and reads the feed: an Atom feed is
    /// refused here, since enclosures are written into RSS only.
    pub fn take(target: &Target, wait: bool, on_wait: &dyn Fn(&Path)) -> Result<Claim> {
        let config = &target.config;
        let (lock, waited) = crate::lock::acquire(&target.lock_dirs(), wait, on_wait)?;
        // Under the lock no other run writes here: leftovers are a killed
        // run's. The cache is not locked (`say` and `build` share it): only
        // temp files older than an hour are a killed run's.
        let mut stale_removed = lock
            .dirs
            .iter()
            .map(|d| crate::atomic::remove_stale(d, Duration::ZERO))
            .sum();
        stale_removed += crate::atomic::remove_stale(
            &Cache::new(&config.cache_dir).temp_dir(),
            Duration::from_secs(3600),
        );
        // Read (and scanned) once, under the lock: a run that just finished
        // may have changed it. The write-back reads it once more at the
        // end, so edits made during a long build are not overwritten.
        let feed = match &target.feed {
            Some(path) => Some(read_feed(path, config.max_input_bytes())?),
            None => None,
        };
        Ok(Claim {
            feed,
            stale_removed,
            waited,
            _lock: lock,
        })
    }
}

/// An open build: its voices, and the site claimed.
pub struct Session {
    pub voices: Voices,
    pub claim: Claim,
}

/// How posts are built once the session is open.
pub struct Work<'a> {
    pub cache: Option<&'a Cache>,
    pub jobs: usize,
    /// Rebuild episodes that are up to date.
    pub force: bool,
}

impl Session {
    /// Opens every voice `posts` need (first, so a missing one fails before
    /// anything is locked or written), then claims the site.
    pub fn open(
        target: &Target,
        posts: &[Post],
        options: Options,
        on_wait: &dyn Fn(&Path),
    ) -> Result<Session> {
        let config = &target.config;
        let (runtime, device) = crate::voice::runtime::find_for(config)?;
        let layout = crate::voice::runtime::Layout {
            device,
            ..options.layout
        };
        let voices = Voices::open(config, &voices::needed(posts, config), layout, &runtime)?;
        let claim = Claim::take(target, options.wait, on_wait)?;
        Ok(Session { voices, claim })
    }

    /// Builds the posts whose decision is `None`, a voice at a time (its
    /// normalizer, and the clips at its output rate), and returns one
    /// report per post in the posts' order, unbuilt ones with their status.
    pub fn build(
        &self,
        target: &Target,
        posts: &[Post],
        decisions: Vec<Option<Status>>,
        work: &Work,
        events: &dyn Events,
    ) -> Result<Vec<PostReport>> {
        let config = &target.config;
        let podcast = Some(config.episode.podcast_title.clone())
            .filter(|t| !t.is_empty())
            .or_else(|| self.claim.feed.as_ref().and_then(|f| f.scan.title.clone()));
        // One batch however many voices: progress counts every post to build.
        events.batch_started(decisions.iter().filter(|d| d.is_none()).count());
        let mut fresh: Vec<(usize, PostReport)> = Vec::new();
        for opened in self.voices.iter() {
            let (indices, group): (Vec<usize>, Vec<Post>) = posts
                .iter()
                .enumerate()
                .zip(&decisions)
                .filter(|((_, p), d)| d.is_none() && p.voice(&config.voice) == opened.name)
                .map(|((i, p), _)| (i, p.clone()))
                .unzip();
            if group.is_empty() {
                continue;
            }
            let rate = crate::audio::output_rate(&config.audio, opened.voice.sample_rate());
            let ctx = Context {
                config,
                out_dir: &target.out_dir,
                voice: &*opened.voice,
                norm: &opened.norm,
                cache: work.cache,
                jobs: work.jobs,
                force: work.force,
                podcast: podcast.clone(),
                clips: (
                    read_clip("intro", &config.audio.intro, rate)?,
                    read_clip("outro", &config.audio.outro, rate)?,
                ),
            };
            fresh.extend(indices.into_iter().zip(super::run(&group, &ctx, events)));
        }
        fresh.sort_by_key(|(i, _)| *i);
        let mut fresh = fresh.into_iter().map(|(_, r)| r);
        Ok(posts
            .iter()
            .zip(decisions)
            .filter_map(|(p, d)| match d {
                Some(status) => Some(PostReport::not_built(p, status)),
                None => fresh.next(),
            })
            .collect())
    }
}

/// The feed, scanned; an Atom feed cannot take enclosures.
pub fn read_feed(path: &Path, max_bytes: u64) -> Result<FeedFile> {
    let text = crate::ingest::read_text(path, max_bytes)?;
    let feed_error = |source| Error::Feed {
        path: path.to_path_buf(),
        source,
    };
    let scan = crate::feed::scan::scan(&text).map_err(feed_error)?;
    if scan.kind == Kind::Atom {
        return Err(feed_error(FeedError::AtomWriteBack));
    }
    Ok(FeedFile {
        path: path.to_path_buf(),
        text,
        scan,
    })
}

/// An intro or outro clip at the output rate; no path, no clip.
fn read_clip(key: &'static str, path: &Path, rate: u32) -> Result<Option<Vec<f32>>> {
    if path.as_os_str().is_empty() {
        return Ok(None);
    }
    clip::read(path, rate)
        .map(Some)
        .map_err(|source| Error::Clip {
            path: path.to_path_buf(),
            key,
            source,
        })
}
