//! Mastering: a block of the episode ([`super::blocks`]) → MP3 frames at
//! the configured loudness and true-peak ceiling, as a listener will
//! decode them.
//!
//! One entry point, [`block`]: loudness search and limiting
//! ([`super::loudness`]), LAME encoding ([`super::mp3`]), then the
//! decoded frames are measured and, when LAME's low-pass lowered the
//! loudness or its quantization raised a peak, the targets are corrected
//! and the block encoded again (at most three rounds) from the
//! unprocessed samples. Every encoding is measured and the best one kept.
//! All of it happens in memory: a block is a minute or so of audio.
//!
//! Each block is levelled to the target on its own, so the episode's
//! integrated loudness is the target too, and a quiet stretch is lifted
//! as a broadcast leveller would lift it.

use super::{decode, loudness, mp3};
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

/// A mastered block, and where mastering spent its time (for benchmarks
/// and logs: the seconds of each phase over all encodings).
pub struct Mastered {
    /// Whole MP3 frames, no Info frame.
    pub bytes: Vec<u8>,
    pub frames: usize,
    /// What the kept encoding measured decoded: LUFS and true peak (dBTP),
    /// −∞ for silence.
    pub kept: (f64, f64),
    /// Encodings made (1, plus one per correction round).
    pub encodings: usize,
    /// What each encoding measured decoded, in order.
    pub heard: Vec<(f64, f64)>,
    /// Loudness search and limiter, LAME, decoding and measuring.
    pub seconds: [f64; 3],
    /// The last loudness search, to start the next block's from, and the
    /// trials of all of them.
    pub found: Option<loudness::Found>,
    pub trials: usize,
}

/// Masters `samples` (mono, at `rate`) into MP3 frames. `warm_start`: the search
/// of the block before, in the same voice (its gain is most of the way to
/// this one's). `keep_going` is asked between encoded chunks: `false` stops
/// the work with [`Error::Interrupted`].
pub fn block(
    mut samples: Vec<f32>,
    rate: u32,
    settings: &AudioConfig,
    warm_start: Option<loudness::Found>,
    keep_going: &dyn Fn() -> bool,
) -> Result<Mastered> {
    let (target, ceiling) = (settings.loudness, settings.true_peak);
    let stopped = std::cell::Cell::new(false);
    let encode = |s: &[f32]| {
        let mut check = |_| {
            stopped.set(!keep_going());
            match stopped.get() {
                true => Err(std::io::Error::other("stopped")),
                false => Ok(()),
            }
        };
        mp3::encode_block(s, rate, settings.bitrate, &mut check).map_err(|e| {
            if stopped.get() {
                Error::Interrupted
            } else {
                Error::Audio {
                    post: String::new(),
                    source: super::AudioError::Encode(e.to_string()),
                }
            }
        })
    };
    // Kept for the correction rounds, so the limiter runs once per round
    // on the original and never on its own output.
    let unprocessed = samples.clone();
    // What the PCM is aimed at; corrected by what the decoded MP3 measured.
    // The first aims allow for what LAME does to the audio: its low-pass
    // takes about half a LU (0.45-0.48 LU measured on speech and on the
    // benchmark's synthetic track at 64 kbit/s), and its quantization lifts
    // true peaks by up to a few tenths of a dB. Aimed there, most blocks
    // are right at the first encoding; the rounds correct the rest.
    let (mut aim_lufs, mut aim_peak) =
        (target + LAME_LOUDNESS_LOSS_LU, ceiling - LAME_PEAK_RISE_DB);
    // Every encoding is measured, the last correction's too, and the best
    // one is kept: LAME's quantization moves peaks a little differently
    // each time, and an unmeasured last round could be the one that missed.
    let mut best: Option<(f64, Vec<u8>, (f64, f64))> = None;
    let mut seconds = [0.0; 3];
    let mut timed =
        |phase: usize, t: std::time::Instant| seconds[phase] += t.elapsed().as_secs_f64();
    let mut encodings = 0;
    let mut heard_all = Vec::new();
    let mut found: Option<loudness::Found> = None;
    let mut trials = 0;
    for round in 0..=ROUNDS {
        let t = std::time::Instant::now();
        if round > 0 {
            samples.copy_from_slice(&unprocessed);
        }
        let start = match (found, warm_start) {
            (Some(f), _) => loudness::Start::Again(f),
            (None, Some(l)) => loudness::Start::FromBefore(l),
            (None, None) => loudness::Start::Fresh,
        };
        let f = loudness::level(&mut samples, rate, aim_lufs, aim_peak, start);
        trials += f.trials;
        found = Some(f);
        timed(0, t);
        let t = std::time::Instant::now();
        let bytes = encode(&samples)?;
        encodings += 1;
        timed(1, t);
        let t = std::time::Instant::now();
        let heard = decode::listen_bytes(&bytes);
        timed(2, t);
        let Some((lufs, peak)) = heard
            .ok()
            .map(|h| (h.lufs, h.true_peak_db))
            .filter(|(l, _)| l.is_finite())
        else {
            // Nothing to correct by (silence): as encoded.
            let silent = (f64::NEG_INFINITY, f64::NEG_INFINITY);
            best = Some((0.0, bytes, silent));
            break;
        };
        heard_all.push((lufs, peak));
        // A peak over the ceiling weighs more than a loudness miss.
        let over = (peak - ceiling).max(0.0);
        let miss = ((lufs - target).abs() - TOLERANCE_LU).max(0.0);
        let penalty = 10.0 * over + miss;
        if best.as_ref().is_none_or(|(p, _, _)| penalty < *p) {
            best = Some((penalty, bytes, (lufs, peak)));
        }
        if penalty == 0.0 {
            break;
        }
        aim_lufs += target - lufs;
        if peak > ceiling {
            aim_peak -= peak - ceiling + 0.1;
        }
    }
    let (_, bytes, kept) = best.expect("one round at least");
    let frames = super::frames::count(&bytes).map_or(0, |(f, _)| f);
    Ok(Mastered {
        bytes,
        frames,
        kept,
        encodings,
        heard: heard_all,
        seconds,
        found,
        trials,
    })
}
