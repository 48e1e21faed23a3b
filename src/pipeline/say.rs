//! `narrate say`: segments spoken into a WAV file, block by block
//! ([`crate::audio::blocks`]'s plan), each block written as soon as it is
//! spoken. Memory is one block of audio whatever the length of the text;
//! the audio is what a build's blocks hold before mastering (each
//! utterance levelled to full scale, the script's pauses between them).

use std::path::Path;

use crate::audio::{assemble, blocks, wav};
use crate::cache::Cache;
use crate::error::Result;
use crate::script::Segment;
use crate::synth::Job;
use crate::units::{Millis, Samples};
use crate::voice::Synthesizer;

/// What was said.
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    pub length: Samples,
    /// Segments served from the cache.
    pub cached: usize,
    /// Phonemes the voice did not know (skipped).
    pub missing_phonemes: Vec<char>,
}

pub fn say(
    segments: &[Segment],
    voice: &dyn Synthesizer,
    cache: Option<&Cache>,
    jobs: usize,
    out: &Path,
) -> Result<Said> {
    let job = Job::new("say", segments, voice, cache, jobs, &())?;
    let plan = blocks::plan(segments, &job.keys());
    let rate = voice.sample_rate();
    let mut next = plan.iter().peekable();
    let mut written = 0;
    wav::stream(out, rate, &mut || {
        let Some(range) = next.next() else {
            return Ok(None);
        };
        let pcm = job.speak(range.clone())?;
        let mut track = assemble::speech(&segments[range.clone()], pcm, rate).samples;
        if next.peek().is_some() {
            let pause = Millis(u64::from(segments[range.end - 1].pause_ms)).samples(rate);
            track.resize(track.len() + pause, 0.0);
        }
        written += track.len();
        Ok(Some(track))
    })?;
    Ok(Said {
        length: Samples::new(written, rate),
        cached: job.tally.cached(),
        missing_phonemes: job.missing_phonemes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::Kind;
    use crate::voice::fake::ToneVoice;

    #[test]
    fn a_long_text_streams_to_the_same_audio_as_one_joined_track() {
        let segments: Vec<Segment> = (0..30)
            .map(|i| Segment {
                kind: Kind::Sentence,
                text: format!("Sentence {i} {}", "runs a while. ".repeat(8)),
                caption: None,
                changes: Vec::new(),
                pause_ms: if i % 3 == 2 { 750 } else { 350 },
                chapter: 0,
            })
            .collect();
        let voice = ToneVoice::default();
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("say.wav");
        let said = say(&segments, &voice, None, 2, &out).unwrap();
        let keys: Vec<String> = (0..segments.len()).map(|i| format!("{i:02x}")).collect();
        assert!(blocks::plan(&segments, &keys).len() > 1, "several blocks");
        let whole = crate::synth::synthesize("t", &segments, &voice, None, 1, &()).unwrap();
        let joined = assemble::speech(&segments, whole.segments, 22050).samples;
        let got: Vec<i16> = hound::WavReader::open(&out)
            .unwrap()
            .samples::<i16>()
            .map(|s| s.unwrap())
            .collect();
        assert_eq!(said.length.count, joined.len());
        let want: Vec<i16> = joined.iter().map(|&s| wav::to_i16(s)).collect();
        assert_eq!(got, want);
        assert_eq!(said.cached, 0);
    }
}
