//! Voice: script segments → PCM, with espeak-ng phonemes and a Piper model.
//!
//! `espeak` phonemizes as Piper does, `phonemes` maps phonemes to the model's
//! ids, `piper` runs the ONNX model, `preset` reads `voices/*.toml`.

pub mod espeak;
pub mod fake;
pub mod kokoro;
pub mod phonemes;
pub mod piper;
pub mod preset;

/// Why a voice could not speak a segment: the phonemizer or the model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VoiceError {
    #[error("{0}")]
    Phonemizer(String),
    #[error("{0}")]
    Model(String),
}

/// What the model is given for one segment: the ids of each sentence.
/// It is also what the segment cache key is made of.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prepared {
    pub sentences: Vec<Vec<i64>>,
    /// Phonemes the voice does not know (skipped).
    pub missing: Vec<char>,
}

/// A voice. The real one is [`piper::PiperVoice`]; tests of later stages use
/// [`fake::ToneVoice`], which is deterministic and needs no model.
pub trait Synthesizer: Sync {
    fn sample_rate(&self) -> u32;
    /// Everything besides the ids that changes the audio (model hash,
    /// parameters); part of the cache key.
    fn identity(&self) -> &str;
    fn prepare(&self, text: &str) -> Result<Prepared, VoiceError>;
    /// Runs the model; `worker` picks a session so workers do not queue.
    fn infer(&self, prepared: &Prepared, worker: usize) -> Result<Vec<f32>, VoiceError>;
}
