//! One progress channel for every stage: the batch (posts started and
//! finished), synthesis (segments done) and warnings. The library only
//! reports; the binary decides how it looks (cmd/progress.rs: indicatif
//! bars on a terminal, plain lines in CI).

use crate::report::PostReport;

/// What a run reports while it works; the CLI draws bars (or prints
/// lines), tests pass `&()`.
pub trait Events: Sync {
    fn batch_started(&self, _posts: usize) {}
    fn post_started(&self, _label: &str, _segments: usize) {}
    fn segment_done(&self, _done: usize, _total: usize) {}
    /// Synthesis is done; loudness, encoding and measuring follow (about
    /// 20 s for an hour of audio).
    fn post_encoding(&self, _label: &str) {}
    fn post_finished(&self, _report: &PostReport) {}
    /// Something the user should know that does not fail the post.
    fn warning(&self, _message: &str) {}
    /// A decision about one segment or block (from the cache or
    /// synthesized, which rules changed it, stored or mastered): what
    /// `--verbose` shows, nothing otherwise.
    fn detail(&self, _message: &str) {}
    /// Asked before each segment is synthesized and between encoded
    /// chunks of the post `label`: `false` stops it
    /// (it fails as interrupted, its previous files untouched) and the
    /// batch goes on. A host that cancels work answers here.
    fn keep_going(&self, _label: &str) -> bool {
        true
    }
}

impl Events for () {}
