//! Mastering: an episode's joined track → a staged MP3 at the configured
//! loudness and true-peak ceiling, as a listener will decode it.
//!
//! One entry point, [`master`]: loudness search and limiting
//! ([`super::loudness`]), LAME encoding with the tag in front
//! ([`super::mp3`]), then the decoded MP3 is measured and, when LAME's
//! low-pass lowered the loudness or its quantization raised a peak, the
//! targets are corrected and the track encoded again (at most three
//! rounds) from the unprocessed samples. Every encoding is measured and
//! the best one kept.

use std::path::Path;

use super::{decode, loudness, mp3};
use crate::atomic::{self, Staged};
use crate::config::AudioConfig;
use crate::error::{Error, Result};

/// How far the decoded episode may be from the loudness target, in LU.
pub const TOLERANCE_LU: f64 = 0.2;
/// How much quieter the decoded MP3 measures than the PCM it was encoded
/// from (LAME's low-pass), as first expected.
const LAME_LOUDNESS_LOSS_LU: f64 = 0.45;
/// How much higher its true peak, as first expected.
const LAME_PEAK_RISE_DB: f64 = 0.2;
/// Correction rounds after the first encoding (each measured).
pub const ROUNDS: usize = 3;

/// A mastered episode, staged, and where mastering spent its time (for
/// benchmarks and logs: the seconds of each phase over all encodings).
pub struct Mastered {
    pub staged: Staged,
    /// Encodings made (1, plus one per correction round).
    pub encodings: usize,
    /// What each encoding measured decoded: LUFS and true peak (dBTP).
    pub heard: Vec<(f64, f64)>,
    /// Loudness search and limiter, LAME, decoding and measuring.
    pub seconds: [f64; 3],
}

/// Masters `samples` (mono, at `rate`) into a temp file beside `dest`,
/// `tag` first. The caller commits it with the episode's other files.
/// `keep_going` is asked between encoded chunks: `false` stops the work
/// with [`Error::Interrupted`] and removes the temp file.
pub fn master(
    mut samples: Vec<f32>,
    rate: u32,
    settings: &AudioConfig,
    tag: &[u8],
    dest: &Path,
    keep_going: &dyn Fn() -> bool,
) -> Result<Mastered> {
    let (target, ceiling) = (settings.loudness, settings.true_peak);
    let stopped = std::cell::Cell::new(false);
    let encode = |s: &[f32]| {
        atomic::stage_with(dest, |w| {
            std::io::Write::write_all(w, tag)?;
            let mut check = |_| {
                stopped.set(!keep_going());
                match stopped.get() {
                    true => Err(std::io::Error::other("stopped")),
                    false => Ok(()),
                }
            };
            mp3::encode(w, s, rate, settings.bitrate, &mut check).map(|_| ())
        })
        .map_err(|e| if stopped.get() { Error::Interrupted } else { e })
    };
    // Kept for the correction rounds, so the limiter runs once per round
    // on the original and never on its own output.
    let unprocessed = samples.clone();
    // What the PCM is aimed at; corrected by what the decoded MP3 measured.
    // The first aims allow for what LAME does to the track: its low-pass
    // takes about half a LU (0.45-0.48 LU measured on speech and on the
    // benchmark's synthetic track at 64 kbit/s), and its quantization lifts
    // true peaks by up to a few tenths of a dB. Aimed there, most tracks
    // are right at the first encoding; the rounds correct the rest.
    let (mut aim_lufs, mut aim_peak) =
        (target + LAME_LOUDNESS_LOSS_LU, ceiling - LAME_PEAK_RISE_DB);
    // Every encoding is measured, the last correction's too, and the best
    // one is kept: LAME's quantization moves peaks a little differently
    // each time, and an unmeasured last round could be the one that missed.
    let mut best: Option<(f64, Staged)> = None;
    let mut seconds = [0.0; 3];
    let mut timed =
        |phase: usize, t: std::time::Instant| seconds[phase] += t.elapsed().as_secs_f64();
    let mut encodings = 0;
    let mut heard_all = Vec::new();
    let mut found = None;
    for round in 0..=ROUNDS {
        let t = std::time::Instant::now();
        if round > 0 {
            samples.copy_from_slice(&unprocessed);
        }
        found = Some(loudness::level(
            &mut samples,
            rate,
            aim_lufs,
            aim_peak,
            found,
        ));
        timed(0, t);
        let t = std::time::Instant::now();
        let staged = encode(&samples)?;
        encodings += 1;
        timed(1, t);
        let t = std::time::Instant::now();
        let heard = decode::listen(staged.temp_path());
        timed(2, t);
        let Some((lufs, peak)) = heard
            .ok()
            .map(|h| (h.lufs, h.true_peak_db))
            .filter(|(l, _)| l.is_finite())
        else {
            // Nothing to correct by (silence, or unreadable): as encoded.
            best = Some((0.0, staged));
            break;
        };
        heard_all.push((lufs, peak));
        // A peak over the ceiling weighs more than a loudness miss.
        let over = (peak - ceiling).max(0.0);
        let miss = ((lufs - target).abs() - TOLERANCE_LU).max(0.0);
        let penalty = 10.0 * over + miss;
        if best.as_ref().is_none_or(|(p, _)| penalty < *p) {
            best = Some((penalty, staged));
        }
        if penalty == 0.0 {
            break;
        }
        aim_lufs += target - lufs;
        if peak > ceiling {
            aim_peak -= peak - ceiling + 0.1;
        }
    }
    Ok(Mastered {
        staged: best.expect("one round at least").1,
        encodings,
        heard: heard_all,
        seconds,
    })
}
