//! Audio: utterances joined into one track ([`assemble::episode`]) and
//! mastered into an MP3 ([`master::master`]); tags, cover art, clips and
//! decoding for measurement beside them.

/// Why audio could not be read, converted or written: the message says
/// what is wrong and names no file (the caller knows which one).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AudioError {
    /// A WAV clip (`audio.intro`, `audio.outro`).
    #[error("{0}")]
    Wav(String),
    #[error("{0}")]
    Resample(String),
    /// An MP3 read back to measure it.
    #[error("{0}")]
    Decode(String),
    /// Cover art.
    #[error("{0}")]
    Image(String),
}

pub mod assemble;
pub mod clip;
pub mod cover;
pub mod decode;
pub mod limiter;
pub mod loudness;
pub mod master;
pub mod mp3;
pub mod resample;
pub mod tags;
pub mod wav;
