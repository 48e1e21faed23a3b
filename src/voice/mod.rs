//! Voice: script segments → PCM, with espeak-ng phonemes and a Piper model.
//!
//! `espeak` phonemizes as Piper does, `phonemes` maps phonemes to the model's
//! ids, `piper` runs the ONNX model, `preset` reads `voices/*.toml`.

pub mod espeak;
