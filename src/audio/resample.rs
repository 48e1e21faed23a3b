//! Sample-rate conversion with rubato (FFT resampler: exact for the fixed
//! ratios used here, e.g. 22 050 → 44 100 Hz, and fast).
//!
//! rubato works on fixed-size chunks and delays its output; this wraps it so
//! a whole buffer goes in and exactly `len × to / from` samples come out,
//! aligned with the input (the delay is cut, the tail flushed).

use super::AudioError;
use rubato::{FftFixedInOut, Resampler};

pub fn resample(samples: &[f32], from: u32, to: u32) -> Result<Vec<f32>, AudioError> {
    if from == to || samples.is_empty() {
        return Ok(samples.to_vec());
    }
    let mut r = FftFixedInOut::<f32>::new(from as usize, to as usize, 1024, 1)
        .map_err(|e| AudioError::Resample(format!("cannot resample {from} Hz to {to} Hz: {e}")))?;
    let want = (samples.len() as u64 * to as u64 / from as u64) as usize;
    let delay = r.output_delay();
    let mut out = Vec::with_capacity(want + delay + r.output_frames_max());
    let mut pos = 0;
    let mut input = vec![vec![0.0f32; r.input_frames_max()]];
    let mut output = r.output_buffer_allocate(true);
    // Feed the input, then zeros, until the delayed output is complete.
    while out.len() < want + delay {
        let n = r.input_frames_next();
        let take = n.min(samples.len().saturating_sub(pos));
        input[0][..take].copy_from_slice(&samples[pos..pos + take]);
        input[0][take..n].fill(0.0);
        pos += take;
        let (_, produced) = r
            .process_into_buffer(&input, &mut output, None)
            .map_err(|e| AudioError::Resample(format!("resampling failed: {e}")))?;
        out.extend_from_slice(&output[0][..produced]);
    }
    out.drain(..delay);
    out.truncate(want);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(rate: u32, hz: f32, n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| (i as f32 / rate as f32 * hz * std::f32::consts::TAU).sin() * 0.5)
            .collect()
    }

    #[test]
    fn doubles_length_and_keeps_the_signal_aligned() {
        let a = tone(22050, 440.0, 22050);
        let b = resample(&a, 22050, 44100).unwrap();
        assert_eq!(b.len(), 44100);
        let expect = tone(44100, 440.0, 44100);
        // Away from the edges the resampled tone matches the ideal one.
        let err = b[2000..42000]
            .iter()
            .zip(&expect[2000..42000])
            .map(|(x, y)| (x - y).abs())
            .fold(0.0f32, f32::max);
        assert!(err < 0.01, "max error {err}");
    }

    #[test]
    fn odd_ratios_and_short_input() {
        let b = resample(&tone(16000, 200.0, 1000), 16000, 22050).unwrap();
        assert_eq!(b.len(), 1378);
        assert_eq!(resample(&[], 22050, 44100).unwrap(), Vec::<f32>::new());
        assert_eq!(resample(&[0.25], 22050, 22050).unwrap(), vec![0.25]);
    }
}
