//! A deterministic stand-in voice: each character of the text becomes a
//! short tone whose pitch depends on the character. Same text, same samples,
//! no model, so later stages can be tested exactly.

use super::{Prepared, Synthesizer, VoiceError};

pub struct ToneVoice {
    pub sample_rate: u32,
    /// Samples per character.
    pub samples_per_char: usize,
}

impl Default for ToneVoice {
    fn default() -> Self {
        ToneVoice {
            sample_rate: 22050,
            samples_per_char: 441,
        }
    }
}

impl Synthesizer for ToneVoice {
    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    fn signature(&self) -> &str {
        "tone-voice v1"
    }

    fn prepare(&self, text: &str) -> Result<Prepared, VoiceError> {
        let ids: Vec<i64> = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c as i64)
            .collect();
        Ok(Prepared {
            sentences: if ids.is_empty() { vec![] } else { vec![ids] },
            missing: vec![],
        })
    }

    fn infer(&self, prepared: &Prepared, _worker: usize) -> Result<Vec<f32>, VoiceError> {
        let mut out = Vec::new();
        for &id in prepared.sentences.iter().flatten() {
            let freq = 200.0 + (id % 40) as f32 * 15.0;
            for n in 0..self.samples_per_char {
                let t = n as f32 / self.sample_rate as f32;
                out.push(0.5 * (2.0 * std::f32::consts::PI * freq * t).sin());
            }
        }
        Ok(out)
    }
}
