//! An episode as a row of blocks: stretches of about a minute of speech,
//! each synthesized, levelled, limited, encoded and measured on its own,
//! then joined frame by frame behind one Info frame ([`super::frames`]).
//!
//! Why blocks: memory is what one block needs, however long the post; a
//! block is mastered while the next one is synthesized; and a block whose
//! segments and settings are unchanged is stored, so a rebuild after a
//! one-paragraph edit masters a minute of audio, not the whole episode.
//!
//! Where the cuts fall ([`plan`]) depends only on the text near them, so
//! an edit moves at most the cuts around it: a cut may only follow a
//! segment that pauses at least [`CUT_PAUSE_MS`] (a block ends in silence,
//! and its last frame's padding becomes part of that pause, [`fit`]).
//! Once a block has [`MIN_SECONDS`] of speech, it falls at the first
//! chapter start, or at the first paragraph end the segment's own key
//! selects; after [`MAX_SECONDS`] at any paragraph end, and after twice
//! that at any allowed pause. Cuts forced by length lose the text's
//! rhythm for a block or two; the next selected paragraph end restores it.

use std::ops::Range;

use sha2::{Digest, Sha256};

use crate::script::Segment;
use crate::units::Span;

/// A block is cut only after a pause at least this long.
pub const CUT_PAUSE_MS: u32 = 250;
/// A pause this long ends a paragraph (the default paragraph pause is 750
/// ms, a list item's 500).
const PARAGRAPH_PAUSE_MS: u32 = 500;
/// Blocks are at least this long (estimated speech) unless the post is
/// shorter, and cut at the first paragraph end after the maximum.
pub const MIN_SECONDS: f64 = 20.0;
pub const MAX_SECONDS: f64 = 75.0;
/// A narrator's pace, in characters of text per second: planning happens
/// before synthesis, so the length of a segment is estimated from its text.
const CHARS_PER_SECOND: f64 = 15.0;

/// Splits `segments` into blocks (ranges of segment indices, in order,
/// covering all of them). `keys` are the segments' cache keys (hex), which
/// pick the paragraph ends that may end a block: content, not position,
/// so the cuts after an edit fall where they fell before.
pub fn plan(segments: &[Segment], keys: &[String]) -> Vec<Range<usize>> {
    debug_assert_eq!(segments.len(), keys.len());
    let mut blocks = Vec::new();
    let (mut start, mut seconds) = (0, 0.0);
    for (i, seg) in segments.iter().enumerate() {
        seconds += seg.text.chars().count() as f64 / CHARS_PER_SECOND;
        let Some(next) = segments.get(i + 1) else {
            break;
        };
        if seg.pause_ms < CUT_PAUSE_MS || seconds < MIN_SECONDS {
            continue;
        }
        let paragraph = seg.pause_ms >= PARAGRAPH_PAUSE_MS;
        let cut = next.chapter != seg.chapter
            || (paragraph && (selects(&keys[i]) || seconds >= MAX_SECONDS))
            || seconds >= 2.0 * MAX_SECONDS;
        if cut {
            blocks.push(start..i + 1);
            (start, seconds) = (i + 1, 0.0);
        }
    }
    if start < segments.len() {
        // A tail of a sentence or two joins the block before: a block too
        // short to measure its loudness on is levelled by its neighbour's.
        match blocks.last_mut() {
            Some(last) if seconds < MIN_SECONDS / 4.0 => last.end = segments.len(),
            _ => blocks.push(start..segments.len()),
        }
    }
    blocks
}

/// One paragraph end in two ends a block (once it is long enough): blocks
/// of two or three paragraphs, 30 to 60 s, on a blog's paragraphs.
fn selects(key: &str) -> bool {
    u8::from_str_radix(key.get(..2).unwrap_or("0"), 16).unwrap_or(0) % 2 == 0
}

/// Samples per MP3 frame at `rate`: MPEG-1 from 32 kHz up, else MPEG-2
/// and 2.5.
pub fn samples_per_frame(rate: u32) -> usize {
    if rate >= 32_000 {
        1152
    } else {
        576
    }
}

/// The frames a block of `speech` samples is encoded into so that the
/// next block starts `pause` samples after its speech ends (to within half
/// a frame), and the silence to add after the speech for that. A block
/// decodes to whole frames, its speech first (the file's delay trims the
/// encoder's), so the pause is what the frames hold beyond the speech.
/// With `pause` 0 (the episode's end) nothing is added: the file's
/// padding trims the last frame.
pub fn fit(speech: usize, pause: usize, spf: usize) -> (usize, usize) {
    let least = super::frames::frames_for(speech, spf);
    if pause == 0 {
        return (least, 0);
    }
    let frames = ((speech + pause + spf / 2) / spf).max(least);
    let silence = frames * spf - 2 * super::frames::LAME_DELAY - speech;
    (frames, silence)
}

/// What identifies a block's audio: the format, the mastering settings,
/// the rates, and each segment's utterance and the pause after it (the
/// last one's is the block's trailing pause).
#[derive(Clone, Copy)]
pub struct BlockSettings<'a> {
    pub settings: &'a crate::config::AudioConfig,
    pub voice_rate: u32,
    pub out_rate: u32,
}

impl BlockSettings<'_> {
    /// The block's key (hex sha256). `parts` are the block's utterance keys
    /// (or a clip's content hash) with the pause after each, in ms.
    pub fn key<'k>(&self, parts: impl IntoIterator<Item = (&'k str, u32)>) -> String {
        let s = self.settings;
        let mut h = Sha256::new();
        h.update(b"narrate block 1\0");
        h.update(s.loudness.to_le_bytes());
        h.update(s.true_peak.to_le_bytes());
        h.update(s.bitrate.to_le_bytes());
        h.update(self.voice_rate.to_le_bytes());
        h.update(self.out_rate.to_le_bytes());
        for (key, pause) in parts {
            h.update((key.len() as u64).to_le_bytes());
            h.update(key.as_bytes());
            h.update(pause.to_le_bytes());
        }
        hex::encode(h.finalize())
    }
}

/// A mastered block: its frames and what the file and the timeline need
/// to know of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Samples the block holds before LAME's padding: its speech (or clip)
    /// and the silence [`fit`] added.
    pub samples: usize,
    /// Whole MP3 frames, no Info frame.
    pub bytes: Vec<u8>,
    pub frames: usize,
    /// Each segment's speech, from the block's first sample.
    pub spans: Vec<Span>,
    /// Integrated loudness (LUFS) and true peak (dBTP) of the decoded
    /// block, as mastering measured them.
    pub heard: (f64, f64),
}

const MAGIC: &[u8; 8] = b"NRBLK002";

impl Block {
    /// The stored form: magic, a checksum of the rest, then a header, the
    /// spans and the frames.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut rest = Vec::with_capacity(48 + 16 * self.spans.len() + self.bytes.len());
        rest.extend_from_slice(&(self.samples as u64).to_le_bytes());
        rest.extend_from_slice(&(self.frames as u64).to_le_bytes());
        rest.extend_from_slice(&self.heard.0.to_le_bytes());
        rest.extend_from_slice(&self.heard.1.to_le_bytes());
        rest.extend_from_slice(&(self.spans.len() as u64).to_le_bytes());
        for s in &self.spans {
            rest.extend_from_slice(&(s.start as u64).to_le_bytes());
            rest.extend_from_slice(&(s.end as u64).to_le_bytes());
        }
        rest.extend_from_slice(&self.bytes);
        let mut out = Vec::with_capacity(40 + rest.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&Sha256::digest(&rest));
        out.extend_from_slice(&rest);
        out
    }

    /// The block stored as `bytes`, or `None` if they are not a whole,
    /// intact block (a torn or damaged entry is a miss, never bad audio).
    pub fn from_bytes(bytes: &[u8]) -> Option<Block> {
        if bytes.get(..8)? != MAGIC {
            return None;
        }
        let rest = bytes.get(40..)?;
        if Sha256::digest(rest).as_slice() != &bytes[8..40] {
            return None;
        }
        let mut at = 0;
        let mut u64_ = || -> Option<u64> {
            let v = u64::from_le_bytes(rest.get(at..at + 8)?.try_into().ok()?);
            at += 8;
            Some(v)
        };
        let samples = usize::try_from(u64_()?).ok()?;
        let frames = usize::try_from(u64_()?).ok()?;
        let lufs = f64::from_bits(u64_()?);
        let peak = f64::from_bits(u64_()?);
        let n = usize::try_from(u64_()?).ok()?;
        if n > rest.len() / 16 {
            return None;
        }
        let mut spans = Vec::with_capacity(n);
        for _ in 0..n {
            let (s, e) = (u64_()? as usize, u64_()? as usize);
            spans.push(Span::new(s, e));
        }
        let frames_bytes = rest.get(at..)?;
        if super::frames::count(frames_bytes).map(|(f, _)| f) != Some(frames) {
            return None;
        }
        Some(Block {
            samples,
            bytes: frames_bytes.to_vec(),
            frames,
            spans,
            heard: (lufs, peak),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::Kind;

    fn seg(text: &str, pause_ms: u32, chapter: usize) -> Segment {
        Segment {
            kind: Kind::Sentence,
            text: text.into(),
            caption: None,
            changes: Vec::new(),
            pause_ms,
            chapter,
        }
    }

    fn key(text: &str) -> String {
        hex::encode(Sha256::digest(text.as_bytes()))
    }

    /// A long post: chapters of paragraphs of sentences, every sentence
    /// different, about 150 characters (10 s estimated) each.
    fn post(chapters: usize) -> Vec<Segment> {
        let mut out = Vec::new();
        for c in 0..chapters {
            out.push(seg(&format!("Chapter {c}"), 900, c));
            for p in 0..8 {
                for s in 0..3 {
                    let text = format!(
                        "Sentence {s} of paragraph {p} in chapter {c}, {}",
                        "and it goes on a while. ".repeat(5)
                    );
                    out.push(seg(&text, if s == 2 { 750 } else { 350 }, c));
                }
            }
        }
        out
    }

    fn keys(segments: &[Segment]) -> Vec<String> {
        segments.iter().map(|s| key(&s.text)).collect()
    }

    fn seconds(segments: &[Segment]) -> f64 {
        segments
            .iter()
            .map(|s| s.text.chars().count() as f64 / CHARS_PER_SECOND)
            .sum()
    }

    #[test]
    fn blocks_cover_the_post_in_order_and_keep_their_limits() {
        let segments = post(6);
        let blocks = plan(&segments, &keys(&segments));
        assert!(blocks.len() > 6, "{}", blocks.len());
        assert_eq!(blocks[0].start, 0);
        assert_eq!(blocks.last().unwrap().end, segments.len());
        for pair in blocks.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        for b in &blocks[..blocks.len() - 1] {
            let s = seconds(&segments[b.clone()]);
            // Past the maximum only to the paragraph's end (here 30 s).
            assert!((MIN_SECONDS..MAX_SECONDS + 31.0).contains(&s), "{s}");
            assert!(segments[b.end - 1].pause_ms >= CUT_PAUSE_MS);
        }
        // Every chapter starts a block (each chapter is long enough).
        for (i, s) in segments.iter().enumerate().skip(1) {
            if s.chapter != segments[i - 1].chapter {
                assert!(blocks.iter().any(|b| b.start == i), "chapter at {i}");
            }
        }
    }

    #[test]
    fn no_cut_in_a_short_pause_or_a_short_post() {
        let mut segments = post(1);
        segments.iter_mut().for_each(|s| s.pause_ms = 200);
        assert_eq!(plan(&segments, &keys(&segments)), vec![0..segments.len()]);
        let short = &post(1)[..3];
        assert_eq!(plan(short, &keys(short)), vec![0..3]);
        assert!(plan(&[], &[]).is_empty());
    }

    #[test]
    fn an_edit_changes_only_the_blocks_around_it() {
        let before = post(6);
        let as_keys = |segments: &[Segment]| {
            let k = keys(segments);
            plan(segments, &k)
                .into_iter()
                .map(|b| k[b].to_vec())
                .collect::<Vec<_>>()
        };
        let old = as_keys(&before);
        let mut changed_total = 0;
        // Each paragraph of the post rewritten in turn, and made longer.
        let paragraphs: Vec<usize> = (0..before.len())
            .filter(|&i| {
                i > 0 && before[i - 1].pause_ms >= 750 && before[i].text.starts_with("Sentence 0")
            })
            .collect();
        for &p in &paragraphs {
            let mut after = before.clone();
            for s in &mut after[p..p + 3] {
                s.text = format!("{} Now with a second thought, at some length.", s.text);
            }
            let new = as_keys(&after);
            let changed = new.iter().filter(|b| !old.contains(b)).count();
            assert!(
                (1..=3).contains(&changed),
                "paragraph at {p}: {changed} of {} blocks changed",
                new.len()
            );
            changed_total += changed;
        }
        let mean = changed_total as f64 / paragraphs.len() as f64;
        assert!(mean <= 2.0, "{mean} blocks changed per edit on average");
    }

    #[test]
    fn fitting_makes_the_pause_to_within_half_a_frame() {
        for spf in [576, 1152] {
            for speech in [0, 1, 1000, 22_050, 100_003] {
                for pause in [5_000, 7_717, 33_075] {
                    let (frames, silence) = fit(speech, pause, spf);
                    assert_eq!(
                        super::super::frames::frames_for(speech + silence, spf),
                        frames
                    );
                    let made = (frames * spf - speech) as i64;
                    assert!(
                        (made - pause as i64).abs() <= spf as i64 / 2,
                        "{spf} {speech} {pause}"
                    );
                }
            }
            let (frames, silence) = fit(10_000, 0, spf);
            assert_eq!(
                (frames, silence),
                (super::super::frames::frames_for(10_000, spf), 0)
            );
        }
    }

    #[test]
    fn a_stored_block_reads_back_and_a_damaged_one_does_not() {
        let samples: Vec<f32> = (0..30_000).map(|i| (i as f32 * 0.03).sin() * 0.3).collect();
        let bytes = super::super::mp3::encode_block(&samples, 22050, 64, &mut |_| Ok(())).unwrap();
        let frames = super::super::frames::count(&bytes).unwrap().0;
        let block = Block {
            samples: samples.len(),
            bytes,
            frames,
            spans: vec![Span::new(100, 20_000), Span::new(25_000, 29_000)],
            heard: (-16.1, -1.7),
        };
        let stored = block.to_bytes();
        assert_eq!(Block::from_bytes(&stored), Some(block.clone()));
        let mut damaged = stored.clone();
        let last = damaged.len() - 10;
        damaged[last] ^= 0x40;
        assert_eq!(Block::from_bytes(&damaged), None);
        assert_eq!(Block::from_bytes(&stored[..stored.len() - 1]), None);
        assert_eq!(Block::from_bytes(&stored[..20]), None);
        assert_eq!(Block::from_bytes(b"NRBLK002"), None);
        // The header and the spans are checked too, not only the frames.
        for at in [41, 40 + 8 * 5 + 3] {
            let mut damaged = stored.clone();
            damaged[at] ^= 0x01;
            assert_eq!(Block::from_bytes(&damaged), None, "byte {at}");
        }
    }

    #[test]
    fn keys_change_with_every_input() {
        let settings = crate::config::AudioConfig::default();
        let id = BlockSettings {
            settings: &settings,
            voice_rate: 22050,
            out_rate: 44100,
        };
        let base = id.key([("aa", 350), ("bb", 750)]);
        assert_eq!(base, id.key([("aa", 350), ("bb", 750)]));
        assert_ne!(base, id.key([("aa", 350), ("bb", 900)]));
        assert_ne!(base, id.key([("aa", 350), ("bc", 750)]));
        assert_ne!(base, id.key([("aa", 350)]));
        let louder = crate::config::AudioConfig {
            loudness: -14.0,
            ..settings.clone()
        };
        assert_ne!(
            base,
            BlockSettings {
                settings: &louder,
                ..id
            }
            .key([("aa", 350), ("bb", 750)])
        );
        let other_rate = BlockSettings {
            settings: &settings,
            voice_rate: 22050,
            out_rate: 48000,
        };
        assert_ne!(base, other_rate.key([("aa", 350), ("bb", 750)]));
    }
}
