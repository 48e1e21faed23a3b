//! narrate turns blog posts into podcast episodes.
//!
//! The pipeline is a chain of typed values (ARCHITECTURE.md lists the
//! folders):
//! [`post::Post`] → [`document::Document`] (ingest) → [`script::Script`]
//! (script) → audio (voice, audio) → feed (publish). Each stage is a folder;
//! pure stages take values and return values, I/O stays at the edges.

pub mod atomic;
pub mod audio;
pub mod cache;
pub mod config;
pub mod document;
pub mod episode_files;
pub mod error;
pub mod feed;
pub mod ingest;
pub mod init;
pub mod install;
pub mod lock;
pub mod pipeline;
pub mod post;
pub mod progress;
pub mod proof;
pub mod pubdate;
pub mod publish;
pub mod report;
pub mod script;
pub mod synth;
pub mod timeline;
pub mod units;
pub mod voice;

pub use error::{Error, Result};
