//! Audio: utterances joined into one track, and written out.

pub mod assemble;
pub mod wav;
