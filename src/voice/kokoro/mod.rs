//! Kokoro-82M, the second voice family (issue 22), built in steps. Here
//! now: its phoneme set and token ids — espeak-ng IPA mapped into misaki's
//! symbols (`misaki`) and the model's 114-symbol vocabulary (`vocab`), as
//! data with the reference's own test cases; the voice tables and the style
//! row a call takes (`style`); long sentences cut into calls the model
//! accepts (`chunk`). Next: the installer entries, the ONNX driver (24 kHz)
//! and presets; docs/kokoro-research.md is the spec.

pub mod chunk;
pub mod misaki;
pub mod style;
pub mod vocab;
