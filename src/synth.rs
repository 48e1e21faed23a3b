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
use crate::voice::Synthesizer;

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

pub fn synthesize(
    post: &str,
    segments: &[Segment],
    voice: &dyn Synthesizer,
    cache: Option<&Cache>,
    jobs: usize,
    progress: &dyn crate::progress::Events,
) -> Result<Utterances> {
    let rate = voice.sample_rate();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|e| Error::Voice {
            message: format!("cannot start worker threads: {e}"),
        })?;
    let done = AtomicUsize::new(0);
    let cached = AtomicUsize::new(0);
    let fail = |i: usize, seg: &Segment, source| Error::Synthesis {
        post: post.to_string(),
        segment: i + 1,
        text: seg.text.chars().take(60).collect(),
        source,
    };
    let results: Vec<Result<(Vec<f32>, Vec<char>)>> = pool.install(|| {
        segments
            .par_iter()
            .enumerate()
            .map(|(i, seg)| {
                let prepared = voice.prepare(&seg.text).map_err(|e| fail(i, seg, e))?;
                let key = cache::key(voice.identity(), &prepared);
                let samples = match cache.and_then(|c| c.get(&key, rate)) {
                    Some(s) => {
                        cached.fetch_add(1, Ordering::Relaxed);
                        s
                    }
                    None => {
                        let worker = rayon::current_thread_index().unwrap_or(0);
                        let s = voice
                            .infer(&prepared, worker)
                            .map_err(|e| fail(i, seg, e))?;
                        if let Some(c) = cache {
                            c.put(&key, rate, &s).map_err(|e| Error::Write {
                                path: c.dir().to_path_buf(),
                                source: e,
                            })?;
                        }
                        s
                    }
                };
                progress.segment_done(done.fetch_add(1, Ordering::Relaxed) + 1, segments.len());
                Ok((samples, prepared.missing))
            })
            .collect()
    });
    let mut out = Utterances {
        sample_rate: rate,
        segments: Vec::with_capacity(segments.len()),
        cached: cached.into_inner(),
        missing_phonemes: Vec::new(),
    };
    for r in results {
        let (samples, missing) = r?;
        out.segments.push(samples);
        out.missing_phonemes.extend(missing);
    }
    Ok(out)
}
