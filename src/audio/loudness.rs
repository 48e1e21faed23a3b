//! Loudness normalization to a target integrated loudness (EBU R128) with a
//! true-peak ceiling.
//!
//! Piper peak-normalizes every sentence, so its speech sits near −21 LUFS with
//! peaks at full scale. Raising it to −16 LUFS by gain alone would put peaks
//! 5 dB over full scale; lowering the gain to respect the ceiling would miss
//! the target. So the gain is applied through a look-ahead peak limiter: only
//! the few plosive peaks are pulled down, smoothly, and the loudness lands
//! on target. Measurement is `ebur128` (the libebur128 algorithm, 4× true
//! peak oversampling); the limiter is [`super::limiter`].

use super::limiter::{limit_in_place, Limiter};

/// What normalization measured and did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Report {
    /// Integrated loudness before, LUFS.
    pub before_lufs: f64,
    /// Integrated loudness after, LUFS.
    pub after_lufs: f64,
    /// True peak after, dBTP.
    pub true_peak_db: f64,
    /// Gain applied before limiting, dB.
    pub gain_db: f64,
}

/// Integrated loudness (LUFS) and true peak (dBTP) of mono samples.
/// Silence measures as −∞ LUFS.
pub fn measure(samples: &[f32], rate: u32) -> (f64, f64) {
    trial(samples, rate, 0.0, f64::INFINITY)
}

fn to_db(linear: f64) -> f64 {
    if linear > 0.0 {
        20.0 * linear.log10()
    } else {
        f64::NEG_INFINITY
    }
}

fn from_db(db: f64) -> f64 {
    10f64.powf(db / 20.0)
}

/// Normalizes `samples` in place to `target_lufs` with true peak at most
/// `max_true_peak_db`. Silent or too short audio (no gated loudness) is left
/// as it is.
///
/// Limiting lowers loudness a little, so the gain is corrected with what the
/// meter says; each trial streams gain + limiter into the meter without
/// storing its output, so memory stays one copy of the track.
pub fn normalize(samples: &mut [f32], rate: u32, target_lufs: f64, max_true_peak_db: f64) -> Report {
    let (before, peak_before) = measure(samples, rate);
    if !before.is_finite() {
        return Report {
            before_lufs: before,
            after_lufs: before,
            true_peak_db: peak_before,
            gain_db: 0.0,
        };
    }
    // Sample peaks are kept a little under the true-peak ceiling: the
    // inter-sample peaks the oversampled meter finds can be ~0.5 dB higher.
    let mut ceiling_db = max_true_peak_db - 0.5;
    let mut gain_db = target_lufs - before;
    for _ in 0..6 {
        let (lufs, peak) = trial(samples, rate, gain_db, ceiling_db);
        let loud_ok = (lufs - target_lufs).abs() <= 0.1;
        let peak_ok = peak <= max_true_peak_db;
        if loud_ok && peak_ok {
            break;
        }
        if !peak_ok {
            ceiling_db -= peak - max_true_peak_db + 0.1;
        }
        gain_db += target_lufs - lufs;
    }
    let gain = from_db(gain_db) as f32;
    samples.iter_mut().for_each(|s| *s *= gain);
    limit_in_place(samples, rate, from_db(ceiling_db) as f32);
    let (after, peak) = measure(samples, rate);
    Report {
        before_lufs: before,
        after_lufs: after,
        true_peak_db: peak,
        gain_db,
    }
}

/// Loudness and true peak the track would have with this gain and ceiling.
fn trial(samples: &[f32], rate: u32, gain_db: f64, ceiling_db: f64) -> (f64, f64) {
    let mode = ebur128::Mode::I | ebur128::Mode::TRUE_PEAK;
    let Ok(mut meter) = ebur128::EbuR128::new(1, rate, mode) else {
        return (f64::NEG_INFINITY, f64::NEG_INFINITY);
    };
    let gain = from_db(gain_db) as f32;
    let mut lim = Limiter::new(rate, from_db(ceiling_db) as f32, 3.0, 60.0);
    let mut chunk = Vec::with_capacity(8192);
    for &s in samples {
        if let Some(y) = lim.push(s * gain) {
            chunk.push(y);
            if chunk.len() == chunk.capacity() {
                let _ = meter.add_frames_f32(&chunk);
                chunk.clear();
            }
        }
    }
    chunk.extend(lim.finish());
    let _ = meter.add_frames_f32(&chunk);
    (
        meter.loudness_global().unwrap_or(f64::NEG_INFINITY),
        to_db(meter.true_peak(0).unwrap_or(0.0)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Speech-like test signal: bursts of a tone with sharp peaks.
    fn bursts(rate: u32, secs: usize) -> Vec<f32> {
        let mut v = Vec::new();
        for i in 0..rate as usize * secs {
            let t = i as f32 / rate as f32;
            let on = (t * 2.0).fract() < 0.6;
            let tone = (t * 2.0 * std::f32::consts::PI * 220.0).sin() * 0.08;
            let click = if i % 5000 == 0 { 0.99 } else { 0.0 };
            v.push(if on { tone + click } else { 0.0 });
        }
        v
    }

    #[test]
    fn reaches_target_with_true_peak_under_ceiling() {
        let rate = 22050;
        let mut s = bursts(rate, 20);
        let r = normalize(&mut s, rate, -16.0, -1.0);
        assert!(r.before_lufs < -20.0, "{r:?}");
        assert!((r.after_lufs - -16.0).abs() <= 0.2, "{r:?}");
        assert!(r.true_peak_db <= -1.0, "{r:?}");
        let (lufs, tp) = measure(&s, rate);
        assert!((lufs - r.after_lufs).abs() < 1e-9 && tp == r.true_peak_db);
    }

    #[test]
    fn silence_is_left_alone() {
        let mut s = vec![0.0f32; 22050 * 3];
        let r = normalize(&mut s, 22050, -16.0, -1.0);
        assert!(r.before_lufs.is_infinite());
        assert!(s.iter().all(|x| *x == 0.0));
    }
}
