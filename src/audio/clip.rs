//! Intro and outro clips: WAV files (hound) played before and after the
//! narration, mixed to mono and resampled to the voice's rate.

use super::AudioError;
use std::path::Path;

use super::assemble::{ms_to_samples, Track};
use super::resample::resample;

/// Reads a WAV file as mono samples at `rate`. Errors say what is wrong and
/// name no file (the caller knows which key it came from).
pub fn read(path: &Path, rate: u32) -> Result<Vec<f32>, AudioError> {
    let mut r = hound::WavReader::open(path)
        .map_err(|e| AudioError::Wav(format!("not a readable WAV file: {e}")))?;
    let spec = r.spec();
    let channels = spec.channels.max(1) as usize;
    let interleaved: Vec<f32> = match spec.sample_format {
        hound::SampleFormat::Float => r
            .samples::<f32>()
            .collect::<Result<_, _>>()
            .map_err(|e| AudioError::Wav(e.to_string()))?,
        hound::SampleFormat::Int => {
            let scale = (1i64 << (spec.bits_per_sample - 1)) as f32;
            r.samples::<i32>()
                .map(|s| s.map(|v| v as f32 / scale))
                .collect::<Result<_, _>>()
                .map_err(|e| AudioError::Wav(e.to_string()))?
        }
    };
    let mono: Vec<f32> = interleaved
        .chunks(channels)
        .map(|f| f.iter().sum::<f32>() / channels as f32)
        .collect();
    resample(&mono, spec.sample_rate, rate)
}

/// Puts `intro` before and `outro` after the track with `gap_ms` of silence
/// between; the segment spans move with the speech.
pub fn surround(track: &mut Track, intro: Option<&[f32]>, outro: Option<&[f32]>, gap_ms: u32) {
    let gap = ms_to_samples(gap_ms, track.sample_rate);
    if let Some(intro) = intro.filter(|c| !c.is_empty()) {
        let shift = intro.len() + gap;
        let mut samples = Vec::with_capacity(shift + track.samples.len());
        samples.extend_from_slice(intro);
        samples.resize(shift, 0.0);
        samples.extend_from_slice(&track.samples);
        track.samples = samples;
        track.spans.iter_mut().for_each(|(s, e)| {
            *s += shift;
            *e += shift;
        });
    }
    if let Some(outro) = outro.filter(|c| !c.is_empty()) {
        track.samples.resize(track.samples.len() + gap, 0.0);
        track.samples.extend_from_slice(outro);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stereo_int_wav_as_mono_at_the_voice_rate() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("jingle.wav");
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: 11025,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(&p, spec).unwrap();
        for _ in 0..1000 {
            w.write_sample(16384i16).unwrap();
            w.write_sample(0i16).unwrap();
        }
        w.finalize().unwrap();
        let s = read(&p, 22050).unwrap();
        assert_eq!(s.len(), 2000);
        assert!((s[1000] - 0.25).abs() < 0.01, "{}", s[1000]);
        assert!(read(&tmp.path().join("none.wav"), 22050)
            .unwrap_err()
            .to_string()
            .contains("not a readable WAV"));
    }

    #[test]
    fn surround_shifts_spans() {
        let mut t = Track {
            sample_rate: 1000,
            samples: vec![1.0; 10],
            spans: vec![(0, 4), (6, 10)],
        };
        surround(&mut t, Some(&[0.5; 5]), Some(&[0.2; 3]), 100);
        assert_eq!(t.spans, vec![(105, 109), (111, 115)]);
        assert_eq!(t.samples.len(), 5 + 100 + 10 + 100 + 3);
        assert_eq!(t.samples[0], 0.5);
        assert_eq!(*t.samples.last().unwrap(), 0.2);
    }
}
