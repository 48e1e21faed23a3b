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

use super::limiter::{self, limit_in_place, Limiter};

/// What normalization measured and did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Loudness {
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
    let mut meter = Meter::new(rate);
    meter.add(samples);
    meter.result()
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
/// meter says. The search holds the limiter's levels and two trial outputs
/// besides the samples (four copies in all): mastering levels a block of a
/// minute or so at a time, never a whole episode.
pub fn normalize(
    samples: &mut [f32],
    rate: u32,
    target_lufs: f64,
    max_true_peak_db: f64,
) -> Loudness {
    let found = level(samples, rate, target_lufs, max_true_peak_db, Start::Fresh);
    let (after, peak) = measure(samples, rate);
    Loudness {
        before_lufs: found.before,
        after_lufs: after,
        true_peak_db: peak,
        gain_db: found.gain_db,
    }
}

/// Where a loudness search ended: the track's loudness before, and the
/// gain and sample ceiling applied for a target and a ceiling. Mastering
/// levels the same track again with slightly corrected aims after
/// measuring the MP3; starting there saves the search most of its trials
/// (each a pass of the limiter over the whole track).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    pub before: f64,
    pub gain_db: f64,
    pub ceiling_db: f64,
    /// Trials the search ran (each a limiter pass into the meter).
    pub trials: usize,
    target_lufs: f64,
    max_true_peak_db: f64,
}

/// Where [`level`] starts its search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Start {
    /// From the gain that would reach the target without a limiter.
    Fresh,
    /// From an earlier search on these same samples (with other aims): its
    /// measured loudness is reused and the gain moves with the aims.
    Again(Found),
    /// From a search on audio like this (the block before, in the same
    /// voice): its gain, moved by the difference in loudness, and its
    /// ceiling. The first trial is then usually the last.
    FromBefore(Found),
}

/// [`normalize`] without measuring the result (mastering measures the
/// decoded MP3 instead).
pub fn level(
    samples: &mut [f32],
    rate: u32,
    target_lufs: f64,
    max_true_peak_db: f64,
    start: Start,
) -> Found {
    let before = match start {
        Start::Again(s) => s.before,
        Start::Fresh | Start::FromBefore(_) => {
            let mut meter = Meter::loudness(rate);
            meter.add(samples);
            meter.result().0
        }
    };
    if !before.is_finite() {
        // No gated loudness: silence, or sound shorter than the meter's
        // 400 ms block (a short last sentence, a brief clip). Nothing to
        // search on; the gain of similar audio if there is one, and the
        // ceiling in any case.
        let (gain_db, ceiling_db) = match start {
            Start::FromBefore(s) | Start::Again(s) => (
                s.gain_db + (target_lufs - s.target_lufs),
                s.ceiling_db + (max_true_peak_db - s.max_true_peak_db),
            ),
            Start::Fresh => (0.0, max_true_peak_db - 0.2),
        };
        if samples.iter().any(|s| *s != 0.0) {
            apply(samples, rate, gain_db, ceiling_db);
        }
        return Found {
            before,
            gain_db,
            ceiling_db,
            trials: 0,
            target_lufs,
            max_true_peak_db,
        };
    }
    // Sample peaks are kept a little under the true-peak ceiling: the
    // inter-sample peaks the oversampled meter finds can be ~0.5 dB higher.
    // From an earlier search, both move by as much as the aims did.
    let (mut gain_db, mut ceiling_db) = match start {
        Start::Again(s) => (
            s.gain_db + (target_lufs - s.target_lufs),
            s.ceiling_db + (max_true_peak_db - s.max_true_peak_db),
        ),
        Start::FromBefore(s) if s.before.is_finite() => (
            s.gain_db + (s.before - before) + (target_lufs - s.target_lufs),
            s.ceiling_db + (max_true_peak_db - s.max_true_peak_db),
        ),
        _ => (target_lufs - before, max_true_peak_db - 0.2),
    };
    // Loudness grows with gain, but by less than 1 dB per dB once the
    // limiter works; the secant through the last two trials finds the gain
    // in two or three trials. Each trial limits into `out` from the levels
    // found once (the interpolation is the limiter's costliest part) and
    // measures loudness only; the best trial's output is kept, and only it
    // is measured for true peak. Over the ceiling, the sample ceiling is
    // lowered and the search runs again (rare: the limiter interpolates
    // as the meter does, and aims 0.2 dB under).
    let levels = limiter::levels(samples);
    let mut out = vec![0.0f32; samples.len()];
    let mut kept = vec![0.0f32; samples.len()];
    let mut best: Option<(f64, f64, f64)> = None; // (error, gain, ceiling)
    let mut trials = 0;
    for check in 0..3 {
        let mut prev: Option<(f64, f64)> = None;
        for _ in 0..10 {
            trials += 1;
            let lufs = trial(samples, &levels, rate, gain_db, ceiling_db, &mut out);
            if !lufs.is_finite() {
                break;
            }
            let error = (lufs - target_lufs).abs();
            if best.is_none_or(|(e, _, _)| error < e) {
                best = Some((error, gain_db, ceiling_db));
                std::mem::swap(&mut out, &mut kept);
            }
            if error <= 0.05 {
                break;
            }
            let slope = match prev {
                Some((g0, l0)) if (gain_db - g0).abs() > 1e-3 => {
                    ((lufs - l0) / (gain_db - g0)).clamp(0.1, 1.0)
                }
                _ => 1.0,
            };
            prev = Some((gain_db, lufs));
            gain_db += (target_lufs - lufs) / slope;
        }
        let Some((_, g, c)) = best else { break };
        let mut meter = Meter::peak(rate);
        meter.add(&kept);
        let peak = meter.result().1;
        if peak <= max_true_peak_db || check == 2 {
            break;
        }
        // From the best gain, under a lower ceiling.
        (gain_db, ceiling_db) = (g, c - (peak - max_true_peak_db + 0.05));
        best = None;
    }
    match best {
        Some((_, g, c)) => {
            (gain_db, ceiling_db) = (g, c);
            samples.copy_from_slice(&kept);
        }
        None => {
            // No trial measured (no gated loudness once limited): the last
            // gain and ceiling, applied.
            apply(samples, rate, gain_db, ceiling_db);
        }
    }
    Found {
        before,
        gain_db,
        ceiling_db,
        trials,
        target_lufs,
        max_true_peak_db,
    }
}

/// The gain, then the limiter at the ceiling, in place.
fn apply(samples: &mut [f32], rate: u32, gain_db: f64, ceiling_db: f64) {
    let gain = from_db(gain_db) as f32;
    samples.iter_mut().for_each(|s| *s *= gain);
    limit_in_place(samples, rate, from_db(ceiling_db) as f32);
}

/// A streaming EBU R128 meter (integrated loudness and true peak), for
/// audio that arrives in chunks.
pub struct Meter(Option<ebur128::EbuR128>);

impl Meter {
    /// Integrated loudness and true peak.
    pub fn new(rate: u32) -> Meter {
        Meter::with(rate, ebur128::Mode::I | ebur128::Mode::TRUE_PEAK)
    }

    /// Integrated loudness only (the true peak reads −∞): half the work.
    pub fn loudness(rate: u32) -> Meter {
        Meter::with(rate, ebur128::Mode::I)
    }

    /// True peak only (the loudness reads −∞).
    pub fn peak(rate: u32) -> Meter {
        Meter::with(rate, ebur128::Mode::TRUE_PEAK)
    }

    fn with(rate: u32, mode: ebur128::Mode) -> Meter {
        Meter(ebur128::EbuR128::new(1, rate, mode).ok())
    }

    pub fn add(&mut self, samples: &[f32]) {
        if let Some(m) = &mut self.0 {
            // Only fails on a channel-count mismatch, which cannot happen.
            let _ = m.add_frames_f32(samples);
        }
    }

    /// Integrated loudness (LUFS; −∞ for silence) and true peak (dBTP).
    pub fn result(&self) -> (f64, f64) {
        match &self.0 {
            Some(m) => (
                m.loudness_global().unwrap_or(f64::NEG_INFINITY),
                to_db(m.true_peak(0).unwrap_or(0.0)),
            ),
            None => (f64::NEG_INFINITY, f64::NEG_INFINITY),
        }
    }
}

/// Limits `samples` with this gain and ceiling into `out`, from their
/// [`limiter::levels`], and gives the loudness of the result.
fn trial(
    samples: &[f32],
    levels: &[f32],
    rate: u32,
    gain_db: f64,
    ceiling_db: f64,
    out: &mut [f32],
) -> f64 {
    let gain = from_db(gain_db) as f32;
    let mut lim = Limiter::new(rate, from_db(ceiling_db) as f32, 3.0, 60.0);
    let mut n = 0;
    for (&s, &l) in samples.iter().zip(levels) {
        if let Some(y) = lim.push_leveled(s * gain, l * gain) {
            out[n] = y;
            n += 1;
        }
    }
    let tail: Vec<f32> = levels[samples.len()..].iter().map(|l| l * gain).collect();
    for y in lim.finish_leveled(&tail) {
        out[n] = y;
        n += 1;
    }
    debug_assert_eq!(n, out.len());
    let mut meter = Meter::loudness(rate);
    meter.add(out);
    meter.result().0
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
    fn sound_too_short_to_gate_is_limited_and_takes_a_neighbours_gain() {
        let rate = 16000;
        let mut first = bursts(rate, 20);
        let found = level(&mut first, rate, -16.0, -1.0, Start::Fresh);
        // 0.3 s at full scale: no 400 ms block to gate on.
        let short: Vec<f32> = (0..rate as usize * 3 / 10)
            .map(|i| (i as f32 * 0.2).sin() * if i % 1000 == 0 { 1.0 } else { 0.3 })
            .collect();
        let mut alone = short.clone();
        let f = level(&mut alone, rate, -16.0, -1.0, Start::Fresh);
        assert!(f.before.is_infinite());
        assert!(
            measure(&alone, rate).1 <= -1.0 + 0.05,
            "limited to the ceiling"
        );
        let mut warm = short.clone();
        let g = level(&mut warm, rate, -16.0, -1.0, Start::FromBefore(found));
        assert_eq!(g.gain_db, found.gain_db, "the block before's gain");
        assert!(measure(&warm, rate).1 <= -1.0 + 0.05);
    }

    #[test]
    fn silence_is_left_alone() {
        let mut s = vec![0.0f32; 22050 * 3];
        let r = normalize(&mut s, 22050, -16.0, -1.0);
        assert!(r.before_lufs.is_infinite());
        assert!(s.iter().all(|x| *x == 0.0));
    }

    #[test]
    fn inter_sample_peaks_are_limited_too() {
        // A quarter-rate tone sampled at 45° phase: every sample is at 0.71
        // of the waveform's true peak of 1.0.
        let rate = 22050;
        let mut s: Vec<f32> = (0..rate)
            .map(|i| (std::f32::consts::FRAC_PI_2 * i as f32 + std::f32::consts::FRAC_PI_4).sin())
            .collect();
        assert!(s.iter().all(|x| x.abs() < 0.72));
        crate::audio::limiter::limit_in_place(&mut s, rate as u32, 0.5);
        let (_, true_peak_db) = measure(&s, rate as u32);
        // 0.5 is -6.0 dB; the interpolator is not the meter's, allow 0.3 dB.
        assert!(true_peak_db < -5.7, "{true_peak_db}");
    }

    #[test]
    fn a_search_started_from_an_earlier_one_lands_on_the_new_aims() {
        let rate = 16000;
        let original = bursts(rate, 20);
        let mut first = original.clone();
        let found = level(&mut first, rate, -16.0, -1.0, Start::Fresh);
        // A correction round: a little louder, a lower ceiling.
        let mut again = original.clone();
        let moved = level(&mut again, rate, -15.7, -1.3, Start::Again(found));
        assert_eq!(moved.before, found.before, "the loudness before is reused");
        let (lufs, peak) = measure(&again, rate);
        assert!((lufs - -15.7).abs() <= 0.1, "{lufs} LUFS");
        assert!(peak <= -1.3 + 0.05, "{peak} dBTP");
        // The same as a search from scratch, within the meter's tolerance.
        let mut scratch = original;
        level(&mut scratch, rate, -15.7, -1.3, Start::Fresh);
        assert!((measure(&scratch, rate).0 - lufs).abs() <= 0.1);
    }

    #[test]
    fn a_search_started_from_similar_audio_needs_fewer_trials() {
        // The next block of a post: the same kind of audio, 2 dB quieter.
        let rate = 16000;
        let mut first = bursts(rate, 20);
        let found = level(&mut first, rate, -16.0, -1.0, Start::Fresh);
        let next: Vec<f32> = bursts(rate, 15).iter().map(|s| s * 0.79).collect();
        let (mut fresh, mut warm) = (next.clone(), next);
        let from_scratch = level(&mut fresh, rate, -16.0, -1.0, Start::Fresh);
        let from_before = level(&mut warm, rate, -16.0, -1.0, Start::FromBefore(found));
        assert!(
            from_before.trials < from_scratch.trials,
            "{} vs {}",
            from_before.trials,
            from_scratch.trials
        );
        let (lufs, peak) = measure(&warm, rate);
        assert!((lufs - -16.0).abs() <= 0.1, "{lufs} LUFS");
        assert!(peak <= -1.0 + 0.05, "{peak} dBTP");
        assert!(
            (from_before.before - from_scratch.before).abs() < 1e-9,
            "measured anew"
        );
    }
}
