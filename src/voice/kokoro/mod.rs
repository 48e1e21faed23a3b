//! Kokoro-82M, the second voice family: a more natural voice than Piper's
//! at about eight times the compute. Its phonemes are misaki's, the
//! phonemizer it was trained on: misaki's lexicon word by word
//! (`lexicon`, `g2p`), espeak-ng IPA mapped into misaki's symbols for
//! other words (`misaki`), then the model's 114-symbol vocabulary
//! (`vocab`), as data with the reference's own test cases; a voice is a table of style vectors, one row per utterance length
//! (`style`); long sentences are cut into calls the model accepts
//! (`chunk`); spelled initialisms get misaki's stress (`letters`);
//! `voice` runs the ONNX model. docs/src/kokoro-research.md holds the
//! verified facts this follows.

pub mod chunk;
pub mod g2p;
pub mod letters;
pub mod lexicon;
pub mod misaki;
pub mod style;
pub mod vocab;
pub mod voice;

use std::collections::BTreeMap;
use std::path::PathBuf;

use misaki::Accent;

/// A Kokoro voice ready to load.
#[derive(Debug, Clone)]
pub struct KokoroSpec {
    pub name: String,
    pub model: PathBuf,
    /// The voice table (510 × 256 float32).
    pub style: PathBuf,
    pub accent: Accent,
    pub speed: f32,
    pub lexicon: BTreeMap<String, String>,
    /// misaki's gold and silver dictionaries for the accent.
    pub lexicon_files: (PathBuf, PathBuf),
}

/// Kokoro speaks at 24 kHz (an MP3 rate: no resampling for the episode).
pub const SAMPLE_RATE: u32 = 24_000;
