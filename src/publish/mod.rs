//! Publish: the files beside each MP3 and the feed write-back.

pub mod chapters;
pub mod check;
pub mod duration;
pub mod existing;
pub mod transcript;
pub mod writeback;
