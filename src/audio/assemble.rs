//! A stretch of speech from its utterances: each levelled, trimmed and
//! joined with the script's pauses ([`speech`]). A build does this per
//! block ([`super::blocks`]); `say` and a review page for the whole post.
//!
//! A voice's output (Piper's or Kokoro's) starts and ends with a little
//! silence of its own, and how much varies by sentence; trimming it to a
//! small margin first makes the pauses exactly what the configuration says.

use crate::script::Segment;
use crate::units::{Millis, Samples, Span};

/// Silence kept at each end of an utterance, in milliseconds.
pub const MARGIN_MS: u32 = 30;
/// Below this absolute level a sample counts as silence.
const SILENCE: f32 = 0.01;

/// The track, and where each segment starts and ends (sample offsets).
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    pub sample_rate: u32,
    pub samples: Vec<f32>,
    /// Each segment's speech.
    pub spans: Vec<Span>,
}

impl Track {
    /// How long the track is.
    pub fn length(&self) -> Samples {
        Samples::new(self.samples.len(), self.sample_rate)
    }
}

fn ms_to_samples(ms: u32, rate: u32) -> usize {
    Millis(u64::from(ms)).samples(rate)
}

/// Trims leading and trailing silence beyond the margin.
pub fn trim(samples: &[f32], rate: u32) -> &[f32] {
    let margin = ms_to_samples(MARGIN_MS, rate);
    let first = samples.iter().position(|s| s.abs() > SILENCE);
    let last = samples.iter().rposition(|s| s.abs() > SILENCE);
    match (first, last) {
        (Some(f), Some(l)) => {
            &samples[f.saturating_sub(margin)..(l + 1 + margin).min(samples.len())]
        }
        _ => &[],
    }
}

/// Piper scales each sentence so its peak is full scale; `say` does the same
/// so its output matches Piper's CLI.
pub fn peak_normalize(samples: &mut [f32]) {
    let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    if peak > 0.01 {
        let gain = 1.0 / peak;
        samples.iter_mut().for_each(|s| *s *= gain);
    }
}

pub fn join(segments: &[Segment], utterances: &[Vec<f32>], rate: u32) -> Track {
    let mut samples = Vec::new();
    let mut spans = Vec::with_capacity(segments.len());
    let last = segments.len().saturating_sub(1);
    for (i, (seg, pcm)) in segments.iter().zip(utterances).enumerate() {
        let speech = trim(pcm, rate);
        let start = samples.len();
        samples.extend_from_slice(speech);
        spans.push(Span::new(start, samples.len()));
        if i < last {
            samples.resize(samples.len() + ms_to_samples(seg.pause_ms, rate), 0.0);
        }
    }
    Track {
        sample_rate: rate,
        samples,
        spans,
    }
}

/// The speech alone, as `say` writes it and a review page plays it: each
/// utterance levelled to full scale, joined with the script's pauses.
pub fn speech(segments: &[Segment], mut utterances: Vec<Vec<f32>>, rate: u32) -> Track {
    utterances.iter_mut().for_each(|u| peak_normalize(u));
    join(segments, &utterances, rate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::Kind;

    fn seg(pause_ms: u32) -> Segment {
        Segment {
            kind: Kind::Sentence,
            text: "x".into(),
            caption: None,
            changes: Vec::new(),
            pause_ms,
            chapter: 0,
        }
    }

    #[test]
    fn trims_to_margin_and_inserts_pauses() {
        let rate = 1000;
        let mut a = vec![0.0; 200];
        a.extend(vec![0.5; 100]);
        a.extend(vec![0.0; 300]);
        let b = vec![0.5; 50];
        let track = join(&[seg(250), seg(999)], &[a, b], rate);
        // 30 ms margin + 100 speech + 30 ms margin, 250 ms pause, then b.
        assert_eq!(track.spans, [Span::new(0, 160), Span::new(410, 460)]);
        assert_eq!(track.samples.len(), 460, "no pause after the last segment");
        assert!(track.samples[160..410].iter().all(|s| *s == 0.0));
    }

    #[test]
    fn silent_utterance_is_empty() {
        assert!(trim(&[0.0, 0.001, -0.002], 22050).is_empty());
    }

    #[test]
    fn peak_normalization() {
        let mut s = vec![0.25, -0.5, 0.1];
        peak_normalize(&mut s);
        assert_eq!(s, vec![0.5, -1.0, 0.2]);
    }
}
