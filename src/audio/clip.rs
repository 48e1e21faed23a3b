//! Intro and outro clips: WAV files (hound) played before and after the
//! narration, mixed to mono and resampled to the episode's output rate
//! (`audio::output_rate`); each is a block of its own before and after the
//! speech (`pipeline::stream`).

use super::AudioError;
use std::path::Path;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stereo_int_wav_as_mono_at_the_rate_asked() {
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
}
