//! A build, in the order it happens: the [`target`] (feed, output folder,
//! URLs) resolved once; the [`plan`] (drafts and skips out, episodes the
//! feed already has kept, slug collisions failed); a [`session`] (voices,
//! the lock, the feed read under it) that builds each post ([`render`]);
//! then [`deliver`] (feed write-back, withdrawals, and the [`catalog`]:
//! manifest and podcast feed).
//! Commands call these; the decisions live here.
//!
//! Posts are built one after another (synthesis inside a post already uses
//! every core); a post that fails is reported and the batch goes on.

pub mod catalog;
pub mod deliver;
pub mod fingerprint;
pub mod gather;
pub mod plan;
pub mod proof;
pub mod render;
pub mod review;
pub mod say;
pub mod session;
pub mod shard;
pub mod stream;
pub mod target;
pub mod voices;
pub mod withdraw;

use std::collections::BTreeMap;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::post::Post;
use crate::script::normalize::{Lexicon, Normalizer};

pub use crate::episode_files::EpisodeFiles;
pub use render::{render, Context};

pub use crate::progress::Events;
pub use crate::report::{Episode, KeptBecause, PostReport, Status};

/// What speaking one post's script outside a build needs (`review`,
/// `proof`): the configuration, the post's voice and its normalizer, the
/// segment cache and the threads.
pub struct Speaker<'a> {
    pub config: &'a Config,
    pub norm: &'a Normalizer,
    pub voice: &'a dyn crate::voice::Synthesizer,
    pub cache: Option<&'a crate::cache::Cache>,
    pub jobs: usize,
}

impl Speaker<'_> {
    /// The post read and turned into its script, as a build does.
    pub fn script(
        &self,
        post: &Post,
        warn: &mut dyn FnMut(String),
    ) -> Result<crate::script::Script> {
        let doc = crate::ingest::parse_reporting(post, self.config, warn)?;
        Ok(crate::script::build_with(
            &post.meta,
            &doc,
            &self.config.script,
            &self.config.pauses,
            self.norm,
        ))
    }
}

/// Builds every post; failures become [`Status::Failed`] entries. The
/// caller says `batch_started` (a build runs one batch per voice).
pub fn run(posts: &[Post], ctx: &Context, events: &dyn Events) -> Vec<PostReport> {
    posts
        .iter()
        .map(|post| {
            // A panic (ours, or in a rayon worker of this post's synthesis)
            // fails this post, not the batch.
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                render(post, ctx, events)
            }));
            let report = match outcome {
                Ok(Ok(b)) => b,
                Ok(Err(e)) => PostReport::not_built(post, Status::Failed(e.to_string())),
                Err(panic) => PostReport::not_built(
                    post,
                    Status::Failed(format!(
                        "{}: narrate failed unexpectedly ({}); this is a bug, please report it with the post; the post's previous files are unchanged",
                        post.label(),
                        panic_message(&panic)
                    )),
                ),
            };
            events.post_finished(&report);
            report
        })
        .collect()
}

/// The text a panic carried, if any.
fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into())
}

/// The normalizer of a run: the shipped lexicon, then the voice preset's
/// `[lexicon]`, then the project's, later entries winning.
pub fn normalizer(config: &Config, voice_lexicon: &BTreeMap<String, String>) -> Normalizer {
    let mut lexicon = Lexicon::english();
    lexicon.extend(voice_lexicon);
    lexicon.extend(&config.lexicon);
    Normalizer::new(lexicon, &config.script)
}

/// A voice preset's `[lexicon]`, read without the model, so `narrate
/// script` works before the voice is installed. No such preset: none; a
/// preset that exists but cannot be read or parsed is an error naming it.
pub fn voice_lexicon(config: &Config, voice: &str) -> Result<BTreeMap<String, String>> {
    match crate::voice::preset::find(&config.voices_dir, voice) {
        Ok((_, preset)) => Ok(preset.lexicon),
        Err(Error::NoPreset { .. }) => Ok(BTreeMap::new()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preset_that_cannot_be_read_is_an_error_naming_it_and_a_missing_one_has_no_lexicon() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config {
            voices_dir: dir.path().to_path_buf(),
            ..Config::default()
        };
        // Not UTF-8: the file is there, but its [lexicon] cannot be read.
        std::fs::write(
            dir.path().join("mine.toml"),
            b"[lexicon]\n\xff\xfe = \"x\"\n",
        )
        .unwrap();
        let err = voice_lexicon(&config, "mine").unwrap_err().to_string();
        assert!(err.contains("mine.toml: cannot read the file"), "{err}");
        // A bad TOML preset is an error too, naming the file.
        std::fs::write(dir.path().join("bad.toml"), "[lexicon\n").unwrap();
        let err = voice_lexicon(&config, "bad").unwrap_err().to_string();
        assert!(err.contains("bad.toml"), "{err}");
        // No such preset anywhere: `narrate script` goes on without one.
        assert_eq!(voice_lexicon(&config, "nobody").unwrap(), BTreeMap::new());
        // A preset with a lexicon gives it.
        std::fs::write(
            dir.path().join("lex.toml"),
            "model = \"m.onnx\"\n[lexicon]\nnginx = \"engine x\"\n",
        )
        .unwrap();
        let lex = voice_lexicon(&config, "lex").unwrap();
        assert_eq!(lex.get("nginx").map(String::as_str), Some("engine x"));
    }
}
