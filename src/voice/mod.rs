//! Voice: script segments → PCM, with espeak-ng phonemes and an ONNX model
//! of one of two families.
//!
//! `preset` reads `voices/*.toml` (and the built-in presets) into a
//! [`preset::Spec`]; [`load`] opens it as a [`Synthesizer`]. `espeak`
//! phonemizes; Piper voices (`piper`, ids by `phonemes`) take its IPA as
//! Piper does, Kokoro voices (`kokoro`) map it into misaki's set first.
//! `runtime` is ONNX Runtime, shared by both.

pub mod espeak;
pub mod fake;
pub mod graph;
mod halves;
pub mod kokoro;
pub mod phonemes;
pub mod piper;
pub mod preset;
pub mod runtime;

pub use crate::error::VoiceError;

/// Opens a resolved preset as a voice of its family. Nothing heavy
/// happens here: models load on the first segment not in the cache.
pub fn load(
    spec: preset::Spec,
    layout: runtime::Layout,
    runtime: &std::path::Path,
) -> crate::error::Result<Box<dyn Synthesizer>> {
    Ok(match spec {
        preset::Spec::Piper(s) => Box::new(piper::PiperVoice::load(s, layout, runtime)?),
        preset::Spec::Kokoro(s) => Box::new(kokoro::voice::KokoroVoice::load(s, layout, runtime)?),
    })
}

/// A voice error as the rest of narrate reports it (names the file and
/// what to do in `message`).
pub(crate) fn voice_error(message: String) -> crate::error::Error {
    crate::error::Error::Voice { message }
}

/// What the model is given for one segment: the ids of each sentence.
/// It is also what the segment cache key is made of.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prepared {
    pub sentences: Vec<Vec<i64>>,
    /// Phonemes the voice does not know (skipped).
    pub missing: Vec<char>,
}

/// A voice. The real ones are [`piper::PiperVoice`] and
/// [`kokoro::voice::KokoroVoice`]; tests of later stages use
/// [`fake::ToneVoice`], which is deterministic and needs no model.
pub trait Synthesizer: Sync {
    fn sample_rate(&self) -> u32;
    /// Everything besides the ids that changes the audio (model hash,
    /// parameters); part of the cache key.
    fn signature(&self) -> &str;
    fn prepare(&self, text: &str) -> Result<Prepared, VoiceError>;
    /// Runs the model; `worker` picks a session so workers do not queue.
    fn infer(&self, prepared: &Prepared, worker: usize) -> Result<Vec<f32>, VoiceError>;
}

/// A boxed voice ([`load`]'s) is a voice.
impl<T: Synthesizer + ?Sized> Synthesizer for Box<T> {
    fn sample_rate(&self) -> u32 {
        (**self).sample_rate()
    }
    fn signature(&self) -> &str {
        (**self).signature()
    }
    fn prepare(&self, text: &str) -> Result<Prepared, VoiceError> {
        (**self).prepare(text)
    }
    fn infer(&self, prepared: &Prepared, worker: usize) -> Result<Vec<f32>, VoiceError> {
        (**self).infer(prepared, worker)
    }
}
