//! Audio: utterances joined into one track, and written out.

pub mod assemble;
pub mod clip;
pub mod cover;
pub mod decode;
pub mod limiter;
pub mod loudness;
pub mod mp3;
pub mod resample;
pub mod tags;
pub mod wav;
