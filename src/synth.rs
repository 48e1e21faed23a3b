//! Parallel synthesis of a script's segments through the segment cache.
//!
//! Phonemizing is cheap and serialized by espeak's lock; inference is the
//! cost, so segments are spread over a rayon pool of `jobs` workers that
//! share the voice's sessions (one by default, its intra-op threads on
//! every core; `runtime::Layout`). Results keep script order.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::cache::{self, Cache};
use crate::error::{Error, Result};
use crate::script::Segment;
use crate::voice::{Prepared, Synthesizer};

/// PCM of each segment, in script order.
#[derive(Debug, Clone, PartialEq)]
pub struct Utterances {
    pub sample_rate: u32,
    pub segments: Vec<Vec<f32>>,
    /// Segments served from the cache.
    pub cached: usize,
    /// Phonemes the voice did not know, skipped.
    pub missing_phonemes: Vec<char>,
}

/// A segment ready for the voice: its ids and its cache key.
pub struct Ready {
    pub prepared: Prepared,
    pub key: String,
}

/// A pool of `jobs` workers for [`prepare`] and [`Job::speak`].
pub fn pool(jobs: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|e| Error::Voice {
            message: format!("cannot start worker threads: {e}"),
        })
}

fn failed(post: &str, i: usize, seg: &Segment, source: crate::voice::VoiceError) -> Error {
    Error::Synthesis {
        post: post.to_string(),
        segment: i + 1,
        text: seg.text.chars().take(60).collect(),
        source,
    }
}

/// Phonemizes every segment (cheap: a build plans its blocks by the keys
/// before anything is synthesized).
pub fn prepare(
    post: &str,
    segments: &[Segment],
    voice: &dyn Synthesizer,
    pool: &rayon::ThreadPool,
) -> Result<Vec<Ready>> {
    pool.install(|| {
        segments
            .par_iter()
            .enumerate()
            .map(|(i, seg)| {
                let prepared = voice
                    .prepare(&seg.text)
                    .map_err(|e| failed(post, i, seg, e))?;
                let key = cache::key(voice.identity(), &prepared);
                Ok(Ready { prepared, key })
            })
            .collect()
    })
}

/// Progress over a post's segments, shared by the calls of [`Job::speak`].
pub struct Tally<'a> {
    pub progress: &'a dyn crate::progress::Events,
    pub total: usize,
    done: AtomicUsize,
    cached: AtomicUsize,
}

impl<'a> Tally<'a> {
    pub fn new(progress: &'a dyn crate::progress::Events, total: usize) -> Tally<'a> {
        Tally {
            progress,
            total,
            done: AtomicUsize::new(0),
            cached: AtomicUsize::new(0),
        }
    }

    /// `n` segments done, served from a cache if `cached`.
    pub fn done(&self, n: usize, cached: bool) {
        if cached {
            self.cached.fetch_add(n, Ordering::Relaxed);
        }
        let done = self.done.fetch_add(n, Ordering::Relaxed) + n;
        self.progress.segment_done(done, self.total);
    }

    pub fn cached(&self) -> usize {
        self.cached.load(Ordering::Relaxed)
    }
}

/// A post's segments, prepared, and what speaking them needs: the worker
/// pool, the cache, the progress tally. Made once per post; [`Job::speak`]
/// then gives the PCM of any range of them (a build goes block by block).
pub struct Job<'a> {
    pub post: &'a str,
    pub segments: &'a [Segment],
    pub ready: Vec<Ready>,
    pub voice: &'a dyn Synthesizer,
    pub cache: Option<&'a Cache>,
    pub pool: rayon::ThreadPool,
    pub tally: Tally<'a>,
}

impl<'a> Job<'a> {
    /// Phonemizes every segment on a pool of `jobs` workers.
    pub fn new(
        post: &'a str,
        segments: &'a [Segment],
        voice: &'a dyn Synthesizer,
        cache: Option<&'a Cache>,
        jobs: usize,
        progress: &'a dyn crate::progress::Events,
    ) -> Result<Job<'a>> {
        let pool = pool(jobs)?;
        let ready = prepare(post, segments, voice, &pool)?;
        Ok(Job {
            post,
            segments,
            ready,
            voice,
            cache,
            pool,
            tally: Tally::new(progress, segments.len()),
        })
    }

    /// Each segment's cache key, in order.
    pub fn keys(&self) -> Vec<String> {
        self.ready.iter().map(|r| r.key.clone()).collect()
    }

    /// Phonemes the voice did not know, over all segments.
    pub fn missing_phonemes(&self) -> Vec<char> {
        self.ready
            .iter()
            .flat_map(|r| r.prepared.missing.iter().copied())
            .collect()
    }

    /// The PCM of the segments in `range`, in order, each from the cache
    /// or the voice (and then stored).
    pub fn speak(&self, range: std::ops::Range<usize>) -> Result<Vec<Vec<f32>>> {
        self.speak_while(range, &|| true)
    }

    /// [`Job::speak`], asking `keep_going` before each segment: `false`
    /// stops with [`Error::Interrupted`] within one segment's synthesis
    /// rather than a whole block's.
    pub fn speak_while(
        &self,
        range: std::ops::Range<usize>,
        keep_going: &(dyn Fn() -> bool + Sync),
    ) -> Result<Vec<Vec<f32>>> {
        let rate = self.voice.sample_rate();
        self.pool.install(|| {
            range
                .into_par_iter()
                .map(|i| {
                    if !keep_going() {
                        return Err(Error::Interrupted);
                    }
                    let Ready { prepared, key } = &self.ready[i];
                    if let Some(s) = self.cache.and_then(|c| c.get(key, rate)) {
                        self.tally.done(1, true);
                        return Ok(s);
                    }
                    let worker = rayon::current_thread_index().unwrap_or(0);
                    let s = self
                        .voice
                        .infer(prepared, worker)
                        .map_err(|e| failed(self.post, i, &self.segments[i], e))?;
                    if let Some(c) = self.cache {
                        c.put(key, rate, &s).map_err(|e| Error::Write {
                            path: c.dir().to_path_buf(),
                            source: e,
                        })?;
                    }
                    self.tally.done(1, false);
                    Ok(s)
                })
                .collect()
        })
    }
}

/// Every segment's PCM at once: for a review page and the tests. A build
/// and `say` go block by block instead ([`Job::speak`]).
pub fn synthesize(
    post: &str,
    segments: &[Segment],
    voice: &dyn Synthesizer,
    cache: Option<&Cache>,
    jobs: usize,
    progress: &dyn crate::progress::Events,
) -> Result<Utterances> {
    let job = Job::new(post, segments, voice, cache, jobs, progress)?;
    let pcm = job.speak(0..segments.len())?;
    Ok(Utterances {
        sample_rate: voice.sample_rate(),
        segments: pcm,
        cached: job.tally.cached(),
        missing_phonemes: job.missing_phonemes(),
    })
}
