//! `narrate review`: a post's script with each segment's audio, as a page
//! an author reads and listens to before publishing: this writes the page
//! (`publish::review` renders it) and each segment's WAV. The audio comes through the segment cache, so a review
//! after a build synthesizes nothing, and a build after a review reuses the
//! review's segments.

use std::path::{Path, PathBuf};

use crate::audio::{assemble, wav};
use crate::error::{Error, Result};
use crate::post::Post;
use crate::publish::review::{self, SegmentAudio};
use crate::publish::transcript;
use crate::units::Samples;

/// What reviewing one post wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Reviewed {
    pub page: PathBuf,
    pub segments: usize,
    /// Segments not in the last episode's transcript (`None`: no episode).
    pub changed: Option<usize>,
    pub cached: usize,
    /// Segments flagged, when the review was proofread.
    pub flagged: Option<usize>,
}

/// The voice and where things go, shared by every post of a review.
pub struct Reviewer<'a> {
    pub speaker: super::Speaker<'a>,
    /// With `review --proof`: each segment is heard too.
    pub listener: Option<&'a crate::proof::Listener>,
    /// The page goes to `review/` in this folder.
    pub out_dir: &'a Path,
    /// The episodes' folder (`out-dir`): the last episode's transcript is
    /// read from it, wherever the page goes.
    pub episodes_dir: &'a Path,
}

impl Reviewer<'_> {
    /// Writes `review/SLUG.html` and `review/SLUG/NNNN.wav` for `post`.
    pub fn review(&self, post: &Post, warn: &mut dyn FnMut(String)) -> Result<Reviewed> {
        let sp = &self.speaker;
        let script = sp.script(post, warn)?;
        let label = post.label();
        let job =
            crate::synth::Job::new(&label, &script.segments, sp.voice, sp.cache, sp.jobs, &())?;
        let pcm = job.speak(0..script.segments.len())?;
        let rate = sp.voice.sample_rate();
        let mut heard: Vec<Option<crate::proof::Heard>> = match self.listener {
            Some(l) => l
                .listen(&script.segments, &pcm, rate, &job.keys(), sp.cache)?
                .into_iter()
                .map(Some)
                .collect(),
            None => vec![None; pcm.len()],
        };
        let dir = self.out_dir.join("review");
        let audio_dir = dir.join(&script.slug);
        std::fs::create_dir_all(&audio_dir).map_err(|source| Error::Write {
            path: audio_dir.clone(),
            source,
        })?;
        // Segments of an earlier review that the script no longer has.
        if let Ok(entries) = std::fs::read_dir(&audio_dir) {
            for e in entries.flatten() {
                if e.path().extension().is_some_and(|x| x == "wav") {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        let previous =
            std::fs::read_to_string(super::EpisodeFiles::new(self.episodes_dir, &script.slug).vtt)
                .ok()
                .map(|vtt| transcript::cue_texts(&vtt));
        let changed = review::changed_since(&script, previous.as_deref());
        let flagged = self
            .listener
            .map(|_| heard.iter().flatten().filter(|h| h.flagged).count());
        let mut audio = Vec::with_capacity(script.segments.len());
        for (i, samples) in pcm.iter().enumerate() {
            let name = format!("{:04}.wav", i + 1);
            let mut s = samples.clone();
            // Each segment at a steady level, as the episode's mastering
            // would bring it; the review is for words, not loudness.
            assemble::peak_normalize(&mut s);
            wav::write(&audio_dir.join(&name), &s, rate)?;
            audio.push(SegmentAudio {
                src: format!("{}/{name}", script.slug),
                duration: Samples::new(samples.len(), rate).millis(),
                changed: changed[i],
                heard: heard[i].take(),
            });
        }
        let page = dir.join(format!("{}.html", script.slug));
        let html = review::page(&script, &audio, previous.is_some());
        crate::atomic::stage_with(&page, |w| std::io::Write::write_all(w, html.as_bytes()))?
            .commit()?;
        Ok(Reviewed {
            page,
            segments: script.segments.len(),
            changed: previous.map(|_| changed.iter().filter(|c| **c).count()),
            cached: job.tally.cached(),
            flagged,
        })
    }
}
