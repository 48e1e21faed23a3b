//! `narrate proof` (and `build --proof`): each post's segments synthesized
//! through the cache, as `review` does, then heard by the recognizer and
//! compared with the script ([`crate::proof`]). It reports; it changes no
//! episode.

use crate::error::Result;
use crate::post::Post;
use crate::proof::{Heard, Listener};
use crate::synth::Job;

/// One post, proofread.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Proofread {
    pub slug: String,
    pub label: String,
    pub segments: Vec<Heard>,
    /// Meant words heard as meant, and meant words in all.
    pub words_heard: usize,
    pub words: usize,
    /// Segments flagged.
    pub flagged: usize,
    /// Seconds of audio listened to now (the rest came from the cache).
    pub listened_seconds: f64,
    /// Seconds spent listening.
    pub listening_seconds: f64,
}

impl super::Speaker<'_> {
    /// The post's segments spoken through the cache, then heard.
    pub fn proofread(
        &self,
        post: &Post,
        listener: &mut Listener,
        events: &dyn crate::progress::Events,
        warn: &mut dyn FnMut(String),
    ) -> Result<Proofread> {
        let script = self.script(post, warn)?;
        let label = post.label();
        let job = Job::new(
            &label,
            &script.segments,
            self.voice,
            self.cache,
            self.jobs,
            events,
        )?;
        let pcm = job.speak(0..script.segments.len())?;
        let rate = self.voice.sample_rate();
        let started = std::time::Instant::now();
        let heard = listener.listen(&script.segments, &pcm, rate, &job.keys(), self.cache)?;
        let listened: usize = heard
            .iter()
            .filter(|h| !h.cached)
            .map(|h| pcm[h.segment].len())
            .sum();
        Ok(Proofread {
            slug: script.slug.clone(),
            label,
            words_heard: heard.iter().map(|h| h.words_heard).sum(),
            words: heard.iter().map(|h| h.words).sum(),
            flagged: heard.iter().filter(|h| h.flagged).count(),
            segments: heard,
            listened_seconds: listened as f64 / f64::from(rate),
            listening_seconds: started.elapsed().as_secs_f64(),
        })
    }
}

/// `build --proof`: the posts narrated now (new or updated) proofread, the
/// others `None`, in the reports' order. Their segments are in the cache
/// from the build, so nothing is synthesized again (without a cache they
/// are synthesized once more). A post that cannot be proofread is a
/// warning, not a failed build.
pub fn built(
    session: &super::session::Session,
    target: &super::target::Target,
    posts: &[Post],
    reports: &[crate::report::PostReport],
    work: &super::session::Work,
    events: &dyn crate::progress::Events,
) -> Result<Vec<Option<Proofread>>> {
    use crate::report::Status;
    let config = &target.config;
    let narrated =
        |r: &crate::report::PostReport| matches!(r.status, Status::New | Status::Updated);
    if !reports.iter().any(narrated) {
        return Ok(vec![None; reports.len()]);
    }
    let (runtime, _) = crate::voice::runtime::find_for(config)?;
    let mut listener = Listener::open(&runtime, work.jobs, &config.script)?;
    let mut out = Vec::with_capacity(reports.len());
    for (post, report) in posts.iter().zip(reports) {
        if !narrated(report) {
            out.push(None);
            continue;
        }
        let opened = session.voices.get(post.voice(&config.voice));
        let reader = super::Speaker {
            config,
            norm: &opened.norm,
            voice: &*opened.voice,
            cache: work.cache,
            jobs: work.jobs,
        };
        match reader.proofread(post, &mut listener, events, &mut |w| events.warning(&w)) {
            Ok(p) => out.push(Some(p)),
            Err(e) => {
                events.warning(&format!("{}: not proofread: {e}", post.label()));
                out.push(None);
            }
        }
    }
    Ok(out)
}
