//! Publish: the files beside each MP3, the feed write-back, the episodes
//! manifest and the podcast feed narrate writes itself.

pub mod chapters;
pub mod check;
pub mod duration;
pub mod existing;
pub mod manifest;
pub mod podcast;
pub mod review;
pub mod splice;
pub mod transcript;
pub mod withdraw;
pub mod writeback;
