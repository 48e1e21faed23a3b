//! Audio: an episode in blocks ([`blocks`]), each one's utterances joined
//! ([`assemble::speech`]) and mastered into MP3 frames ([`master::block`]),
//! the frames joined behind one Info frame ([`frames`]); tags, cover art,
//! clips and decoding for measurement beside them.

pub use crate::error::AudioError;

/// The sample rate an episode is mixed and encoded at: `audio.sample-rate`,
/// or the voice's own rate when it is 0. Clips are read at this rate.
pub fn output_rate(settings: &crate::config::AudioConfig, voice_rate: u32) -> u32 {
    match settings.sample_rate {
        0 => voice_rate,
        r => r,
    }
}

pub mod assemble;
pub mod blocks;
pub mod clip;
pub mod cover;
pub mod cover_source;
pub mod decode;
pub mod frames;
pub mod limiter;
pub mod loudness;
pub mod master;
pub mod mp3;
pub mod resample;
pub mod tags;
pub mod wav;
