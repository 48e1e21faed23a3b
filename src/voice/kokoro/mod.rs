//! Kokoro-82M, the second voice family (issue 22), built in steps. Here
//! now: its phoneme set and token ids — espeak-ng IPA mapped into misaki's
//! symbols (`misaki`) and the model's 114-symbol vocabulary (`vocab`), as
//! data with the reference's own test cases. Next: the installer entries,
//! the ONNX driver (style row n−1 of the voice table, at most 510 ids a
//! call, 24 kHz) and presets; docs/kokoro-research.md is the spec.

pub mod misaki;
pub mod vocab;
