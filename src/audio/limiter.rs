//! A streaming look-ahead true-peak limiter.
//!
//! The level at sample n is the larger of |x[n]| and the signal's value at
//! n + ¼, ½, ¾ (8-tap windowed-sinc interpolation): Piper's speech has
//! energy near Nyquist, where the waveform between samples swings up to
//! 2 dB higher than the samples, and a limiter that watched samples only
//! let those through. The gain needed at n is `ceiling / level` where that is
//! too loud, else 1. The limiter uses, at every sample, the smallest need within
//! ±`r` samples (a sliding minimum), averaged over the same ±`r` window so the
//! gain ramps down and up instead of clicking, and then releases slowly.
//! Every value in that average is a minimum over a window containing n, so
//! the average never exceeds the need at n: no output sample is over the
//! ceiling. Both windows run as streams with O(r) memory, so limiting an
//! hour of audio costs no second copy of it; the output lags the input by
//! 2r samples, which [`Limiter::finish`] drains.

use std::collections::VecDeque;

/// Taps of the interpolator, offsets −3..=4 around n.
const TAPS: usize = 8;
/// How far behind the newest sample the judged one is.
pub const LAG: usize = TAPS / 2;

/// Windowed-sinc coefficients for the values at n + ¼, ½, ¾.
fn coefficients() -> [[f32; TAPS]; 3] {
    let mut c = [[0.0f32; TAPS]; 3];
    for (i, row) in c.iter_mut().enumerate() {
        let frac = (i + 1) as f64 / 4.0;
        for (j, v) in row.iter_mut().enumerate() {
            let t = frac - (j as f64 - 3.0);
            let sinc = if t.abs() < 1e-9 {
                1.0
            } else {
                (std::f64::consts::PI * t).sin() / (std::f64::consts::PI * t)
            };
            let window = 0.5 * (1.0 + (std::f64::consts::PI * t / 4.5).cos());
            *v = (sinc * window) as f32;
        }
    }
    c
}

pub struct Limiter {
    ceiling: f32,
    coef: [[f32; TAPS]; 3],
    /// The last TAPS input samples (zeros before the first).
    hist: [f32; TAPS],
    r: usize,
    /// Stage 1: sliding minimum of the need, as (stream index, value).
    mins: VecDeque<(usize, f32)>,
    fed: usize,
    /// Stage 2: the last 2r+1 minima and their sum.
    window: VecDeque<f32>,
    sum: f64,
    /// Input samples waiting for their gain.
    delay: VecDeque<f32>,
    /// Released gain.
    gain: f32,
    /// Outputs still to drop (the silence queued before the input).
    skip: usize,
    release: f32,
}

impl Limiter {
    /// `look_ms` on each side; release towards unity over `release_ms`.
    pub fn new(rate: u32, ceiling: f32, look_ms: f32, release_ms: f32) -> Limiter {
        let r = ((rate as f32 * look_ms / 1000.0) as usize).max(1);
        let mut l = Limiter {
            ceiling,
            coef: coefficients(),
            hist: [0.0; TAPS],
            r,
            mins: VecDeque::new(),
            fed: 0,
            window: VecDeque::with_capacity(2 * r + 2),
            sum: 0.0,
            delay: VecDeque::with_capacity(2 * r + 2),
            gain: 1.0,
            skip: 0,
            release: (-1.0 / (release_ms / 1000.0 * rate as f32)).exp(),
        };
        // Before the first sample nothing needs limiting.
        for _ in 0..2 * r {
            l.feed_need(1.0);
        }
        // The interpolator judges the sample 4 positions back, so its first
        // four needs belong to silence before the input: that silence is
        // queued too, and its output dropped.
        for _ in 0..LAG {
            l.delay.push_back(0.0);
        }
        l.skip = LAG;
        l
    }

    /// Takes one sample; returns the limited sample 2r + 4 positions back,
    /// once there is one.
    pub fn push(&mut self, x: f32) -> Option<f32> {
        let level = shift(&mut self.hist, &self.coef, x);
        self.push_leveled(x, level)
    }

    /// Shifts `x` into the interpolator and feeds the need of the sample
    /// four positions back (whose right-hand neighbours are now known).
    fn advance(&mut self, x: f32) -> Option<f32> {
        let level = shift(&mut self.hist, &self.coef, x);
        self.advance_level(level)
    }

    /// Feeds the need of a sample whose level is known.
    fn advance_level(&mut self, level: f32) -> Option<f32> {
        let need = if level > self.ceiling {
            self.ceiling / level
        } else {
            1.0
        };
        self.feed_need(need).map(|g| self.emit(g))
    }

    /// [`Limiter::push`] with the level the interpolator would find at
    /// this step given ([`levels`], times the same gain as `x`): the same
    /// output without the interpolation, for searches that limit one
    /// track many times.
    pub fn push_leveled(&mut self, x: f32, level: f32) -> Option<f32> {
        self.delay.push_back(x);
        let y = self.advance_level(level)?;
        if self.skip > 0 {
            self.skip -= 1;
            return None;
        }
        Some(y)
    }

    /// [`Limiter::finish`] for a limiter fed by [`Limiter::push_leveled`]:
    /// `tail` is the last [`LAG`] levels from [`levels`], times the gain.
    pub fn finish_leveled(mut self, tail: &[f32]) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.delay.len());
        for &level in tail {
            if let Some(y) = self.advance_level(level) {
                out.push(y);
            }
        }
        self.drain(out)
    }

    /// The samples still held back, limited.
    pub fn finish(mut self) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.delay.len());
        // Zeros after the end let the interpolator reach the last samples.
        for _ in 0..LAG {
            if let Some(y) = self.advance(0.0) {
                out.push(y);
            }
        }
        self.drain(out)
    }

    fn drain(mut self, mut out: Vec<f32>) -> Vec<f32> {
        for _ in 0..2 * self.r {
            if let Some(g) = self.feed_need(1.0) {
                out.push(self.emit(g));
            }
        }
        // Very short input: some of the queued silence is still in front.
        out.drain(..self.skip.min(out.len()));
        out
    }

    fn emit(&mut self, target: f32) -> f32 {
        let x = self.delay.pop_front().unwrap_or(0.0);
        self.gain = if target < self.gain {
            target
        } else {
            target + (self.gain - target) * self.release
        };
        x * self.gain
    }

    /// Feeds one need value through both windows; returns the smoothed gain
    /// for the oldest delayed sample when both windows are full.
    fn feed_need(&mut self, need: f32) -> Option<f32> {
        let i = self.fed;
        self.fed += 1;
        while self.mins.back().is_some_and(|&(_, v)| v >= need) {
            self.mins.pop_back();
        }
        self.mins.push_back((i, need));
        let w = 2 * self.r + 1;
        if i + 1 < w {
            return None;
        }
        while self.mins.front().is_some_and(|&(j, _)| j + w <= i) {
            self.mins.pop_front();
        }
        let min = self.mins.front().map_or(1.0, |&(_, v)| v);
        self.window.push_back(min);
        self.sum += min as f64;
        if self.window.len() > w {
            self.sum -= self.window.pop_front().unwrap_or(0.0) as f64;
        }
        (self.window.len() == w).then(|| (self.sum / w as f64) as f32)
    }
}

/// Shifts `x` into the interpolator's history and gives the level of the
/// sample [`LAG`] positions back.
fn shift(hist: &mut [f32; TAPS], coef: &[[f32; TAPS]; 3], x: f32) -> f32 {
    hist.copy_within(1.., 0);
    hist[TAPS - 1] = x;
    let mut level = hist[3].abs();
    for row in coef {
        let y: f32 = row.iter().zip(hist.iter()).map(|(c, h)| c * h).sum();
        level = level.max(y.abs());
    }
    level
}

/// The levels a [`Limiter`] finds, step by step, as `samples` are pushed
/// and then finished: `samples.len() + LAG` of them. Levels scale with the
/// input, so one list serves every gain a loudness search tries.
pub fn levels(samples: &[f32]) -> Vec<f32> {
    let coef = coefficients();
    let mut hist = [0.0f32; TAPS];
    let mut out = Vec::with_capacity(samples.len() + LAG);
    for &x in samples.iter().chain(std::iter::repeat_n(&0.0, LAG)) {
        out.push(shift(&mut hist, &coef, x));
    }
    out
}

/// Limits a whole buffer in place.
pub fn limit_in_place(samples: &mut [f32], rate: u32, ceiling: f32) {
    let mut lim = Limiter::new(rate, ceiling, 3.0, 60.0);
    let mut out = 0;
    for i in 0..samples.len() {
        if let Some(y) = lim.push(samples[i]) {
            samples[out] = y;
            out += 1;
        }
    }
    for y in lim.finish() {
        samples[out] = y;
        out += 1;
    }
    debug_assert_eq!(out, samples.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_has_input_length_and_stays_under_ceiling() {
        let mut s: Vec<f32> = (0..10_000)
            .map(|i| ((i as f32) * 0.05).sin() * 0.3)
            .collect();
        s[5000] = 1.8;
        s[5001] = -1.5;
        let far = s[2000];
        limit_in_place(&mut s, 22050, 0.8);
        assert_eq!(s.len(), 10_000);
        assert!(
            s.iter().all(|x| x.abs() <= 0.8 + 1e-5),
            "max {:?}",
            s.iter().fold(0f32, |m, x| m.max(x.abs()))
        );
        assert_eq!(s[2000], far, "far from any peak nothing changes");
        assert!(
            s[5000].abs() > 0.7,
            "the peak itself is pulled to the ceiling, not crushed"
        );
    }

    #[test]
    fn peaks_on_the_first_and_last_sample_are_limited() {
        let mut s = vec![0.1f32; 3000];
        s[0] = 1.2;
        s[2999] = -1.1;
        limit_in_place(&mut s, 22050, 0.8);
        assert!(
            (s[0] - 0.8).abs() < 1e-5 && (s[2999] + 0.8).abs() < 1e-5,
            "{} {}",
            s[0],
            s[2999]
        );
    }

    #[test]
    fn quiet_input_passes_unchanged_in_order() {
        let input: Vec<f32> = (0..500).map(|i| i as f32 / 1000.0).collect();
        let mut s = input.clone();
        limit_in_place(&mut s, 8000, 0.9);
        assert_eq!(s, input);
    }

    /// The limiter of the module's doc, computed over the whole signal at
    /// once in f64, without the streaming windows: the level of sample n
    /// is the largest of |x[n]| and the 8-tap windowed sinc at n + ¼, ½, ¾;
    /// the need is `ceiling / level` where that is over, else 1 (1 before
    /// the lead-in of [`LAG`] samples and after the end); the target gain
    /// of n averages the minima of the need over the 2r + 1 windows of
    /// 2r + 1 samples that contain n; the gain follows a falling target at
    /// once and a rising one by `release` per sample. The stream queues
    /// [`LAG`] samples of silence before the input (their gains count, their
    /// output is dropped), which is why n runs from −LAG.
    fn reference(x: &[f32], rate: u32, ceiling: f32, look_ms: f32, release_ms: f32) -> Vec<f32> {
        let r = ((rate as f32 * look_ms / 1000.0) as usize).max(1) as i64;
        let lag = LAG as i64;
        let n = x.len() as i64;
        let at = |i: i64| {
            if (0..n).contains(&i) {
                x[i as usize] as f64
            } else {
                0.0
            }
        };
        let level = |i: i64| {
            let mut l = at(i).abs();
            for frac in [0.25, 0.5, 0.75] {
                let mut y = 0.0;
                for k in -3..=4i64 {
                    let t: f64 = frac - k as f64;
                    let sinc = if t.abs() < 1e-9 {
                        1.0
                    } else {
                        (std::f64::consts::PI * t).sin() / (std::f64::consts::PI * t)
                    };
                    let window = 0.5 * (1.0 + (std::f64::consts::PI * t / 4.5).cos());
                    y += sinc * window * at(i + k);
                }
                l = l.max(y.abs());
            }
            l
        };
        let ceiling = ceiling as f64;
        // need[j] is the need of sample j − lo, over every index a window
        // of any output sample reaches.
        let lo = lag + 2 * r;
        let need: Vec<f64> = (-lo..n + 2 * r)
            .map(|i| {
                let l = if (-lag..n).contains(&i) {
                    level(i)
                } else {
                    0.0
                };
                if l > ceiling {
                    ceiling / l
                } else {
                    1.0
                }
            })
            .collect();
        // The smallest need over the window of 2r + 1 samples ending at m.
        let min_ending = |m: i64| {
            need[(m - 2 * r + lo) as usize..=(m + lo) as usize]
                .iter()
                .fold(1.0f64, |a, &b| a.min(b))
        };
        let release = (-1.0 / (release_ms as f64 / 1000.0 * rate as f64)).exp();
        let mut gain = 1.0f64;
        let mut out = Vec::with_capacity(x.len());
        for i in -lag..n {
            let mins: f64 = (i..=i + 2 * r).map(min_ending).sum();
            let target = mins / (2 * r + 1) as f64;
            gain = if target < gain {
                target
            } else {
                target + (gain - target) * release
            };
            if i >= 0 {
                out.push((at(i) * gain) as f32);
            }
        }
        out
    }

    /// A loudness search limits one track at many gains with precomputed
    /// levels (`levels` once, `push_leveled` per gain): that path gives the
    /// limiter's output, checked against [`reference`] (not against `push`,
    /// which is `push_leveled` with the level computed on the spot), on a
    /// signal that is limited often: a sine near Nyquist, whose peaks fall
    /// between samples, and isolated spikes.
    #[test]
    fn precomputed_levels_give_the_same_output() {
        let (rate, ceiling) = (22050, 0.8f32);
        let input: Vec<f32> = (0..6_000)
            .map(|i| {
                let t = i as f32;
                (t * 0.31).sin() * 0.25
                    + (t * 2.9).sin() * 0.2
                    + if i % 1501 == 7 { 0.9 } else { 0.0 }
            })
            .collect();
        let lv = levels(&input);
        assert_eq!(lv.len(), input.len() + LAG);
        for gain in [1.0f32, 1.7, 3.0] {
            let scaled: Vec<f32> = input.iter().map(|x| x * gain).collect();
            let want = reference(&scaled, rate, ceiling, 3.0, 60.0);
            let mut lim = Limiter::new(rate, ceiling, 3.0, 60.0);
            let mut got = Vec::new();
            for (x, l) in scaled.iter().zip(&lv) {
                got.extend(lim.push_leveled(*x, l * gain));
            }
            let tail: Vec<f32> = lv[input.len()..].iter().map(|l| l * gain).collect();
            got.extend(lim.finish_leveled(&tail));
            assert_eq!(got.len(), input.len(), "gain {gain}");
            let worst = got
                .iter()
                .zip(&want)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0f32, f32::max);
            // The stream works in f32 (levels, needs, gain), the reference
            // in f64: within 5e-5 of full scale (measured: under 1e-5).
            assert!(worst < 5e-5, "gain {gain}: largest difference {worst}");
            let limited = scaled
                .iter()
                .zip(&got)
                .filter(|(x, y)| (*x - *y).abs() > 1e-3)
                .count();
            assert!(
                limited > input.len() / 10,
                "gain {gain}: only {limited} samples limited"
            );
        }
    }

    #[test]
    fn short_and_empty_input() {
        let mut s = vec![2.0f32];
        limit_in_place(&mut s, 22050, 0.5);
        assert!((s[0] - 0.5).abs() < 1e-6, "{s:?}");
        limit_in_place(&mut [], 22050, 0.5);
    }
}
