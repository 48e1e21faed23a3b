//! Audio: utterances joined into one track ([`assemble::episode`]) and
//! mastered into an MP3 ([`master::master`]); tags, cover art, clips and
//! decoding for measurement beside them.

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
