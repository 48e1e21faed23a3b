//! Proofreading by ear: a speech recognizer listens to each segment the
//! voice spoke, and what it heard is compared with what the segment was
//! meant to say, by sound ([`align`]). A segment where a word sounds
//! different is flagged, with the words; nothing is ever changed by it.
//!
//! Short segments are heard together with their neighbours (a recognizer
//! given a second of speech alone often returns nothing, which is its
//! silence, not the voice's); what was heard is cached by the audio's keys
//! and the recognizer, so a second proofread listens only to new audio.

pub mod align;
pub mod recognizer;
pub mod tokenizer;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::cache::Cache;
use crate::error::{Error, Result};
use crate::script::normalize::Normalizer;
use crate::script::Segment;
use crate::voice::espeak::Espeak;
use align::{Compared, Difference, Tolerance, Word};
use recognizer::{Files, Recognizer};

/// What the recognizer is, in cache keys: another model hears differently.
const RECOGNIZER_ID: &str = "moonshine-base-en 0.1.4 greedy v1";

/// Audio shorter than this is heard with the segments after it (or before
/// it, at the end of a post).
const SHORTEST_MS: usize = 3000;

/// Silence put around what the recognizer hears, as a listener hears a
/// sentence between pauses.
const PAD_MS: usize = 300;

/// One segment, proofread.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heard {
    /// The segment's index in the script.
    pub segment: usize,
    /// What the segment means (its caption: the written form).
    pub said: String,
    /// What the recognizer heard: this segment's audio, or the group of
    /// short segments it was heard with.
    pub heard: String,
    /// Meant words heard as meant, and meant words in all.
    pub words_heard: usize,
    pub words: usize,
    pub differences: Vec<Difference>,
    pub flagged: bool,
    /// Heard before, and taken from the cache.
    pub cached: bool,
}

/// The recognizers (one per worker: greedy decoding is a chain of small
/// steps that one thread runs about as fast as two, so workers hear
/// different segments side by side), and the normalizer and phonemizer both
/// sides of a comparison pass through.
pub struct Listener {
    /// Loaded on the first clip not in the heard cache: a proofread of
    /// audio heard before loads no model.
    recognizers: std::sync::OnceLock<Vec<std::sync::Mutex<Recognizer>>>,
    workers: usize,
    runtime_lib: std::path::PathBuf,
    files: Files,
    espeak: Espeak,
    /// The script's rules without any lexicon: the post's words (its
    /// captions, as written) and the heard words become words the same
    /// way, numbers and acronyms included, but a respelling is not applied
    /// to either side, so a respelling that makes the voice say another
    /// word is heard as that other word.
    plain: Normalizer,
    pub tolerance: Tolerance,
}

impl Listener {
    /// `workers` recognizers of one thread each, loaded when first needed;
    /// a recognizer that is not installed is an error here, before any work.
    pub fn open(
        runtime_lib: &std::path::Path,
        workers: usize,
        script: &crate::config::ScriptConfig,
    ) -> Result<Self> {
        let files = Files::find()?;
        Ok(Listener {
            recognizers: std::sync::OnceLock::new(),
            workers: workers.max(1),
            runtime_lib: runtime_lib.to_path_buf(),
            files,
            espeak: Espeak::get()?,
            plain: Normalizer::new(Default::default(), script),
            tolerance: Tolerance::default(),
        })
    }

    /// What each of `clips` (audio at `rate`, with its cache key) sounds
    /// like: from the cache, else heard by the recognizers side by side and
    /// stored. The flag says which came from the cache.
    fn hear_all(
        &self,
        clips: &[(Vec<f32>, String)],
        rate: u32,
        cache: Option<&Cache>,
    ) -> Result<Vec<(String, bool)>> {
        let mut heard: Vec<Option<(String, bool)>> = clips
            .iter()
            .map(|(_, key)| cache.and_then(|c| c.get_heard(key)).map(|t| (t, true)))
            .collect();
        let todo: Vec<usize> = (0..clips.len()).filter(|&i| heard[i].is_none()).collect();
        if todo.is_empty() {
            return Ok(heard.into_iter().flatten().collect());
        }
        if self.recognizers.get().is_none() {
            let loaded = (0..self.workers)
                .map(|_| {
                    Recognizer::load(&self.files, &self.runtime_lib, 1).map(std::sync::Mutex::new)
                })
                .collect::<Result<Vec<_>>>()?;
            let _ = self.recognizers.set(loaded);
        }
        let recognizers = self.recognizers.get().expect("loaded above");
        let next = std::sync::atomic::AtomicUsize::new(0);
        let results: Vec<Result<Vec<(usize, String)>>> = std::thread::scope(|scope| {
            let workers: Vec<_> = recognizers
                .iter()
                .map(|r| {
                    let (todo, next) = (&todo, &next);
                    scope.spawn(move || {
                        let mut r = r.lock().unwrap_or_else(|p| p.into_inner());
                        let mut done = Vec::new();
                        loop {
                            let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(&i) = todo.get(n) else { break };
                            done.push((i, self.hear_one(&mut r, &clips[i].0, rate)?));
                        }
                        Ok(done)
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        for r in results {
            for (i, text) in r? {
                if let Some(c) = cache {
                    c.put_heard(&clips[i].1, &text)
                        .map_err(|source| Error::Write {
                            path: c.dir().to_path_buf(),
                            source,
                        })?;
                }
                heard[i] = Some((text, false));
            }
        }
        Ok(heard
            .into_iter()
            .map(|h| h.expect("every clip heard"))
            .collect())
    }

    /// One clip heard: resampled to the recognizer's rate, with silence
    /// around it.
    fn hear_one(&self, r: &mut Recognizer, audio: &[f32], rate: u32) -> Result<String> {
        let audio =
            crate::audio::resample::resample(audio, rate, recognizer::RATE).map_err(|source| {
                Error::Audio {
                    post: "proof".into(),
                    source,
                }
            })?;
        let pad = vec![0.0; PAD_MS * recognizer::RATE as usize / 1000];
        let padded: Vec<f32> = pad.iter().chain(&audio).chain(&pad).copied().collect();
        r.transcribe(&padded)
    }

    /// `spoken`'s words with their phonemes. The text is phonemized whole,
    /// so a word is said as it is in its sentence ("a" is the article, not
    /// the letter); where espeak's words do not line up one to one with
    /// the text's, each word is phonemized alone.
    fn words(&self, spoken: &str) -> Result<Vec<Word>> {
        let bare: Vec<String> = spoken
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
            .filter(|w| !w.is_empty())
            .collect();
        let whole = self.espeak.phonemize(&bare.join(" "), "en-us")?.join(" ");
        let said: Vec<&str> = whole.split_whitespace().collect();
        let phonemes: Vec<String> = if said.len() == bare.len() {
            said.iter().map(|s| s.to_string()).collect()
        } else {
            bare.iter()
                .map(|w| Ok(self.espeak.phonemize(w, "en-us")?.concat()))
                .collect::<Result<_>>()?
        };
        Ok(bare
            .into_iter()
            .zip(phonemes)
            .map(|(text, phonemes)| Word { text, phonemes })
            .collect())
    }

    /// Proofreads a post's segments: `pcm[i]` is segment `i`'s audio at
    /// `rate`, `keys[i]` its cache key.
    pub fn listen(
        &self,
        segments: &[Segment],
        pcm: &[Vec<f32>],
        rate: u32,
        keys: &[String],
        cache: Option<&Cache>,
    ) -> Result<Vec<Heard>> {
        let mut out = Vec::with_capacity(segments.len());
        let groups = groups(pcm, rate);
        let gap = vec![0.0; PAD_MS * rate as usize / 1000];
        let clips: Vec<(Vec<f32>, String)> = groups
            .iter()
            .map(|group| {
                let mut audio = Vec::new();
                let mut h = Sha256::new();
                h.update(RECOGNIZER_ID.as_bytes());
                for i in group.clone() {
                    if i > group.start {
                        audio.extend_from_slice(&gap);
                    }
                    audio.extend_from_slice(&pcm[i]);
                    h.update(keys[i].as_bytes());
                }
                (audio, hex::encode(h.finalize()))
            })
            .collect();
        let heard = self.hear_all(&clips, rate, cache)?;
        for (group, (heard_text, cached)) in groups.into_iter().zip(heard) {
            // Both sides through the same plain normalizer: what the post
            // means (each segment's caption, its written form) and what
            // was heard.
            let meant: Vec<Vec<Word>> = group
                .clone()
                .map(|i| self.words(&self.plain.run(&caption(&segments[i])).text))
                .collect::<Result<_>>()?;
            let captions: Vec<String> = group.clone().map(|i| caption(&segments[i])).collect();
            let heard_as_written = as_written(&heard_text, &captions.join(" "));
            let heard_words = self.words(&self.plain.run(&heard_as_written).text)?;
            let all: Vec<Word> = meant.iter().flatten().cloned().collect();
            let compared = align::compare(&all, &heard_words, self.tolerance);
            let mut first = 0;
            for (n, i) in group.clone().enumerate() {
                let len = meant[n].len();
                let mine = split(&compared, first, len);
                let said = segments[i]
                    .caption
                    .clone()
                    .unwrap_or_else(|| segments[i].text.clone());
                out.push(Heard {
                    segment: i,
                    said,
                    heard: heard_text.clone(),
                    words_heard: mine.words_heard,
                    words: mine.words,
                    flagged: !mine.differences.is_empty(),
                    differences: mine.differences,
                    cached,
                });
                first += len;
            }
        }
        Ok(out)
    }
}

/// The heard text with spoken letters' dots dropped, and each word the post
/// also has, differing only in case, written as the post writes it: a recognizer writes "ram" where
/// the post has "RAM", and the normalizer reads an all-caps word as an
/// acronym, so the same word would sound different only for its case.
fn as_written(heard: &str, captions: &str) -> String {
    let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let written: std::collections::HashMap<String, String> = captions
        .split_whitespace()
        .map(bare)
        .filter(|w| !w.is_empty())
        .map(|w| (w.to_lowercase(), w))
        .collect();
    heard
        .split_whitespace()
        .map(|token| {
            // A spoken letter is written "P." by the recognizer; the dot is
            // not an abbreviation's ("P. ninety nine" is not "page ninety
            // nine"), so it goes, or becomes a comma before a letter's end.
            let token = match token.strip_suffix('.') {
                Some(l) if l.len() == 1 && l.chars().all(|c| c.is_ascii_uppercase()) => l,
                _ => token,
            };
            let word = bare(token);
            match written.get(&word.to_lowercase()) {
                Some(w) if !word.is_empty() && *w != word => token.replacen(&word, w, 1),
                _ => token.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a segment means, as written.
fn caption(s: &Segment) -> String {
    s.caption.clone().unwrap_or_else(|| s.text.clone())
}

/// The part of a group's comparison that is one segment's: its words
/// `first..first + len`.
fn split(c: &Compared, first: usize, len: usize) -> Compared {
    let differences: Vec<Difference> = c
        .differences
        .iter()
        .filter(|d| d.at >= first && d.at < first + len)
        .map(|d| Difference {
            at: d.at - first,
            ..d.clone()
        })
        .collect();
    let flagged_words: usize = differences
        .iter()
        .map(|d| d.said.split_whitespace().count())
        .sum();
    Compared {
        words_heard: len.saturating_sub(flagged_words),
        words: len,
        differences,
    }
}

/// Segments heard together: each group lasts at least [`SHORTEST_MS`]
/// where the post allows (a short last segment joins the group before).
pub fn groups(pcm: &[Vec<f32>], rate: u32) -> Vec<std::ops::Range<usize>> {
    let shortest = SHORTEST_MS * rate as usize / 1000;
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut length = 0;
    for (i, s) in pcm.iter().enumerate() {
        length += s.len();
        if length >= shortest {
            out.push(start..i + 1);
            start = i + 1;
            length = 0;
        }
    }
    if start < pcm.len() {
        match out.last_mut() {
            Some(last) => last.end = pcm.len(),
            None => out.push(start..pcm.len()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heard_words_take_the_posts_case() {
        assert_eq!(
            as_written("sixty four gigabytes of ram, Instead.", "of RAM instead of"),
            "sixty four gigabytes of RAM, instead."
        );
        assert_eq!(as_written("the api", "An API"), "the API");
        // Letters the recognizer writes with a dot are letters.
        assert_eq!(
            as_written(
                "The P. ninety nine and the S. R E team.",
                "p ninety-nine SRE"
            ),
            "The p ninety nine and the S R E team."
        );
    }

    #[test]
    fn short_segments_are_heard_with_their_neighbours() {
        let s = |secs: f32| vec![0.0f32; (secs * 1000.0) as usize];
        // 1 kHz: 3,000 samples is the shortest group.
        assert_eq!(
            groups(&[s(4.0), s(1.0), s(1.5), s(0.5), s(5.0)], 1000),
            [0..1, 1..4, 4..5]
        );
        // A short tail joins the group before.
        assert_eq!(groups(&[s(4.0), s(1.0)], 1000), vec![0..2]);
        assert_eq!(groups(&[s(1.0)], 1000), vec![0..1]);
        assert!(groups(&[], 1000).is_empty());
    }
}
