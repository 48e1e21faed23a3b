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
                let key = cache::key(voice.signature(), &prepared);
                Ok(Ready { prepared, key })
            })
            .collect()
    })
}

/// One warning per post when the voice lacks phonemes its segments need:
/// they are dropped from what it says, so a word may come out wrong.
fn dropped_phonemes(post: &str, segments: &[Segment], ready: &[Ready]) -> Option<String> {
    let with: Vec<usize> = (0..ready.len())
        .filter(|&i| !ready[i].prepared.missing.is_empty())
        .collect();
    let first = *with.first()?;
    let mut kinds: Vec<char> = with
        .iter()
        .flat_map(|&i| ready[i].prepared.missing.iter().copied())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    Some(format!(
        "{post}: the voice lacks phoneme(s) {} and dropped them in {} segment(s), first #{first} (\"{}\"); `narrate phonemes` shows what a line becomes, and a `[lexicon]` respelling avoids them",
        kinds.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(" "),
        with.len(),
        segments[first].text
    ))
}

/// ", rules: a, b" for a segment normalization changed, else nothing.
fn rules_of(seg: &Segment) -> String {
    let mut rules: Vec<&str> = seg.changes.iter().map(|c| c.rule).collect();
    rules.dedup();
    if rules.is_empty() {
        String::new()
    } else {
        format!(", rules: {}", rules.join(", "))
    }
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
        if let Some(w) = dropped_phonemes(post, segments, &ready) {
            progress.warning(&w);
        }
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
                    let seg = &self.segments[i];
                    if let Some(s) = self.cache.and_then(|c| c.get(key, rate)) {
                        self.tally.done(1, true);
                        self.tally
                            .progress
                            .detail(&format!("{} #{i}: from the cache: {}", self.post, seg.text));
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
                    self.tally.progress.detail(&format!(
                        "{} #{i}: synthesized, {:.1} s{}: {}",
                        self.post,
                        s.len() as f64 / f64::from(rate.max(1)),
                        rules_of(seg),
                        seg.text
                    ));
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

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::script::Kind;
    use crate::voice::fake::ToneVoice;
    use crate::voice::{Prepared, VoiceError};

    /// The tone voice, lacking one phoneme: `ʘ` is dropped where it occurs.
    struct Lacking(ToneVoice);

    impl Synthesizer for Lacking {
        fn sample_rate(&self) -> u32 {
            self.0.sample_rate()
        }
        fn signature(&self) -> &str {
            "lacking v1"
        }
        fn prepare(&self, text: &str) -> std::result::Result<Prepared, VoiceError> {
            let mut p = self.0.prepare(&text.replace('ʘ', ""))?;
            p.missing = text.chars().filter(|c| *c == 'ʘ').collect();
            Ok(p)
        }
        fn infer(&self, p: &Prepared, worker: usize) -> std::result::Result<Vec<f32>, VoiceError> {
            self.0.infer(p, worker)
        }
    }

    #[derive(Default)]
    struct Heard {
        warnings: Mutex<Vec<String>>,
        details: Mutex<Vec<String>>,
    }

    impl crate::progress::Events for Heard {
        fn warning(&self, m: &str) {
            self.warnings.lock().unwrap().push(m.to_string());
        }
        fn detail(&self, m: &str) {
            self.details.lock().unwrap().push(m.to_string());
        }
    }

    fn segment(text: &str) -> Segment {
        Segment {
            kind: Kind::Sentence,
            text: text.into(),
            caption: None,
            pause_ms: 300,
            chapter: 0,
            changes: Vec::new(),
        }
    }

    #[test]
    fn dropped_phonemes_are_one_warning_per_post() {
        let voice = Lacking(ToneVoice::default());
        let segments = [segment("Fine."), segment("Aʘb."), segment("Cʘdʘ.")];
        let heard = Heard::default();
        Job::new("post", &segments, &voice, None, 1, &heard).unwrap();
        assert_eq!(
            *heard.warnings.lock().unwrap(),
            ["post: the voice lacks phoneme(s) `ʘ` and dropped them in 2 segment(s), first #1 (\"Aʘb.\"); `narrate phonemes` shows what a line becomes, and a `[lexicon]` respelling avoids them"]
        );
        let clean = Heard::default();
        Job::new("post", &segments[..1], &voice, None, 1, &clean).unwrap();
        assert!(clean.warnings.lock().unwrap().is_empty());
    }

    #[test]
    fn each_segment_says_whether_it_was_synthesized_or_cached() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::new(tmp.path());
        let voice = ToneVoice::default();
        let mut segments = vec![segment("One."), segment("Two.")];
        segments[1].changes.push(crate::script::normalize::Change {
            rule: "number",
            from: "2".into(),
            to: "Two".into(),
        });
        let first = Heard::default();
        let job = Job::new("p", &segments, &voice, Some(&cache), 1, &first).unwrap();
        job.speak(0..2).unwrap();
        let mut details = first.details.lock().unwrap().clone();
        details.sort();
        assert_eq!(
            details,
            [
                "p #0: synthesized, 0.1 s: One.",
                "p #1: synthesized, 0.1 s, rules: number: Two."
            ]
        );
        let again = Heard::default();
        let job = Job::new("p", &segments, &voice, Some(&cache), 1, &again).unwrap();
        job.speak(0..2).unwrap();
        let mut details = again.details.lock().unwrap().clone();
        details.sort();
        assert_eq!(
            details,
            ["p #0: from the cache: One.", "p #1: from the cache: Two."]
        );
    }
}
