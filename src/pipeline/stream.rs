//! A post's audio, streamed block by block ([`crate::audio::blocks`]):
//! every segment is phonemized and the blocks planned; then the blocks go
//! through two hands at once. This thread finds each block stored, or
//! synthesizes its segments (through the segment cache, on the worker
//! pool); a mastering thread joins, resamples, levels, encodes and
//! measures the one before it, stores it, and appends its frames to a temp
//! file. At most three blocks are held at any time, so memory is flat in
//! post length, and mastering mostly hides in the gaps of synthesis.
//!
//! Each speech block's loudness search starts from the last block mastered
//! in this run, so a block mastered again (after an edit, or a lost cache
//! entry) may differ from its first mastering in the last bits, always
//! within the loudness and true-peak tolerances.
//!
//! The intro and outro clips are blocks of their own, levelled to the
//! same target as the speech.

use std::io::{Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use sha2::{Digest, Sha256};

use crate::atomic::{self, Staged};
use crate::audio::blocks::{self, Block};
use crate::audio::loudness::Found;
use crate::audio::{assemble, frames, master, mp3};
use crate::cache::Cache;
use crate::config::AudioConfig;
use crate::error::{Error, Result};
use crate::script::Segment;
use crate::synth::Job;
use crate::units::{Millis, Samples, Span};
use crate::voice::Synthesizer;

use super::Events;

/// What a post's audio is made from.
pub struct Input<'a> {
    pub label: &'a str,
    pub segments: &'a [Segment],
    pub voice: &'a dyn Synthesizer,
    pub cache: Option<&'a Cache>,
    pub jobs: usize,
    pub settings: &'a AudioConfig,
    /// Intro and outro, at the output rate.
    pub clips: (Option<&'a [f32]>, Option<&'a [f32]>),
    /// Silence between a clip and the speech.
    pub gap_ms: u32,
    /// Where the temp file of frames is written (the episode's folder).
    pub out_dir: &'a Path,
    pub events: &'a dyn Events,
}

/// A post's audio: its frames in a temp file, and what the tag, the
/// transcript and the chapters need to know of them.
pub struct Audio {
    frames_file: FramesFile,
    info: Vec<u8>,
    /// Each segment's speech in the decoded episode.
    pub spans: Vec<Span>,
    pub length: Samples,
    /// Segments served from a cache (their block's, or their own).
    pub cached: usize,
    /// Blocks, and how many of them were mastered now.
    pub blocks: usize,
    pub mastered: usize,
}

enum Part<'a> {
    Clip(&'a [f32]),
    Speech(Range<usize>),
}

/// One planned block of the episode: what it holds, how it ends, its
/// key in the block store.
struct BlockPlan<'a> {
    part: Part<'a>,
    /// Silence after the block's last sound, in ms (0: the episode ends).
    trailing_ms: u32,
    key: String,
}

/// A block ready for the mastering hand: stored whole, or to master now.
enum Ready {
    Stored(Block),
    Clip(usize),
    Speech(usize, Vec<Vec<f32>>),
}

/// Plans, synthesizes and masters the audio of `input.segments`.
pub fn stream(input: &Input) -> Result<Audio> {
    let voice = input.voice;
    let job = Job::new(
        input.label,
        input.segments,
        voice,
        input.cache,
        input.jobs,
        input.events,
    )?;
    let plans = plan_blocks(input, &job.keys());
    let (tx, rx) = mpsc::sync_channel::<Ready>(1);
    // A writer that fails (no temp file, a full disk) stops synthesis at
    // the next segment, not after the block in hand.
    let writing = AtomicBool::new(true);
    let keep_going = || writing.load(Ordering::Relaxed) && input.events.keep_going(input.label);
    let (made, written) = std::thread::scope(|s| {
        let writer = s.spawn(|| {
            let w = write(input, &plans, rx);
            if w.is_err() {
                writing.store(false, Ordering::Relaxed);
            }
            w
        });
        let made = (|| -> Result<()> {
            for (i, plan) in plans.iter().enumerate() {
                if !keep_going() {
                    return Err(Error::Interrupted);
                }
                // A stored block must account for each of its segments.
                let stored =
                    input
                        .cache
                        .and_then(|c| c.get_block(&plan.key))
                        .filter(|b| match &plan.part {
                            Part::Speech(r) => b.spans.len() == r.len(),
                            Part::Clip(_) => b.spans.is_empty(),
                        });
                let msg = match (&plan.part, stored) {
                    (Part::Speech(r), Some(b)) => {
                        job.tally.done(r.len(), true);
                        Ready::Stored(b)
                    }
                    (Part::Clip(_), Some(b)) => Ready::Stored(b),
                    (Part::Clip(_), None) => Ready::Clip(i),
                    (Part::Speech(r), None) => {
                        Ready::Speech(i, job.speak_while(r.clone(), &keep_going)?)
                    }
                };
                // The writer stopped (its error is the one to report).
                if tx.send(msg).is_err() {
                    break;
                }
            }
            Ok(())
        })();
        drop(tx);
        if made.is_ok() {
            input.events.post_encoding(input.label);
        }
        (made, writer.join())
    });
    let written = match written {
        Ok(w) => w,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let mut audio = match (made, written) {
        // Synthesis stopped because the writer failed: its error says why.
        (Err(Error::Interrupted), Err(w)) => return Err(w),
        (Err(e), _) => return Err(e),
        (Ok(()), w) => w?,
    };
    if audio.blocks != plans.len() {
        return Err(Error::Interrupted);
    }
    audio.cached = job.tally.cached();
    Ok(audio)
}

/// The blocks: intro, the planned stretches of speech, outro.
fn plan_blocks<'a>(input: &Input<'a>, keys: &[String]) -> Vec<BlockPlan<'a>> {
    let segments = input.segments;
    let id = blocks::BlockSettings {
        settings: input.settings,
        voice_rate: input.voice.sample_rate(),
        out_rate: out_rate(input),
    };
    let clip = |c: Option<&'a [f32]>| c.filter(|c| !c.is_empty());
    let (intro, outro) = (clip(input.clips.0), clip(input.clips.1));
    let mut plans = Vec::new();
    let gap = input.gap_ms;
    if let Some(c) = intro {
        let trailing = if segments.is_empty() && outro.is_none() {
            0
        } else {
            gap
        };
        plans.push(clip_plan(&id, c, trailing));
    }
    let plan = blocks::plan(segments, keys);
    let last = plan.len().saturating_sub(1);
    for (b, range) in plan.into_iter().enumerate() {
        let end = range.end - 1;
        let trailing = match (b == last, outro.is_some()) {
            (false, _) => segments[end].pause_ms,
            (true, true) => gap,
            (true, false) => 0,
        };
        let parts = range.clone().map(|i| {
            let pause = if i == end {
                trailing
            } else {
                segments[i].pause_ms
            };
            (keys[i].as_str(), pause)
        });
        plans.push(BlockPlan {
            key: id.key(parts),
            part: Part::Speech(range),
            trailing_ms: trailing,
        });
    }
    if let Some(c) = outro {
        plans.push(clip_plan(&id, c, 0));
    }
    plans
}

fn clip_plan<'a>(id: &blocks::BlockSettings, clip: &'a [f32], trailing_ms: u32) -> BlockPlan<'a> {
    let mut h = Sha256::new();
    h.update(b"clip\0");
    clip.iter().for_each(|s| h.update(s.to_le_bytes()));
    let hash = hex::encode(h.finalize());
    BlockPlan {
        key: id.key([(hash.as_str(), trailing_ms)]),
        part: Part::Clip(clip),
        trailing_ms,
    }
}

fn out_rate(input: &Input) -> u32 {
    crate::audio::output_rate(input.settings, input.voice.sample_rate())
}

/// The temp file of frames; unregistered from the interrupt cleanup when
/// it goes (it removes itself).
struct FramesFile(tempfile::NamedTempFile);

impl Drop for FramesFile {
    fn drop(&mut self) {
        atomic::unregister(self.0.path());
    }
}

/// Mastering yields to synthesis: the voice's intra-op threads wait for
/// each other at every operator, so a mastering thread that takes a core
/// from one of them stalls them all. At a lower priority it runs in the
/// gaps (phonemizing, the cache, the pauses between sentences) and at the
/// end. Linux applies a nice value to the calling thread alone.
fn lower_priority() {
    if std::env::var("NARRATE_MASTER_NICE").is_ok_and(|v| v == "0") {
        return;
    }
    // SAFETY: setpriority has no memory effects; gettid names this thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 10);
    }
}

/// The mastering hand: each block in order, mastered unless it was
/// stored, appended to the temp file. Ends when the channel does; fewer
/// blocks than planned means synthesis stopped.
fn write(input: &Input, plans: &[BlockPlan], rx: mpsc::Receiver<Ready>) -> Result<Audio> {
    let out_rate = out_rate(input);
    let write_error = |source| Error::Write {
        path: input.out_dir.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(input.out_dir).map_err(write_error)?;
    lower_priority();
    let mut frames_file = FramesFile(atomic::temp_in(input.out_dir).map_err(write_error)?);
    let mut joined = frames::Joined::new(blocks::samples_per_frame(out_rate));
    let mut spans = Vec::with_capacity(input.segments.len());
    let (mut count, mut mastered) = (0, 0);
    // Each speech block's loudness search starts from the one before.
    let mut warm_start = None;
    for msg in rx {
        let (now, block) = match msg {
            Ready::Stored(b) => (None, b),
            Ready::Clip(i) => (Some(i), master_clip(input, &plans[i])?),
            Ready::Speech(i, pcm) => {
                let (block, found) = master_speech(input, &plans[i], pcm, warm_start)?;
                warm_start = found.or(warm_start);
                (Some(i), block)
            }
        };
        input.events.detail(&format!(
            "{}: block {} of {}, {:.1} s: {}",
            input.label,
            count + 1,
            plans.len(),
            block.samples as f64 / f64::from(out_rate),
            if now.is_some() {
                "mastered"
            } else {
                "stored, reused"
            }
        ));
        if let Some(i) = now {
            debug_assert_eq!(i, count, "blocks arrive in order");
            mastered += 1;
            if let Some(c) = input.cache {
                c.put_block(&plans[i].key, &block)
                    .map_err(|source| Error::Write {
                        path: c.dir().to_path_buf(),
                        source,
                    })?;
            }
        }
        let offset = joined.push(&block.bytes, block.frames, block.samples);
        spans.extend(block.spans.iter().map(|s| s.shifted(offset)));
        frames_file.0.write_all(&block.bytes).map_err(write_error)?;
        count += 1;
    }
    let template = mp3::info_template(out_rate, input.settings.bitrate).map_err(write_error)?;
    let info = joined
        .info(&template)
        .ok_or_else(|| write_error(std::io::Error::other("LAME wrote no Info frame")))?;
    Ok(Audio {
        frames_file,
        info,
        spans,
        length: Samples::new(joined.samples(), out_rate),
        cached: 0,
        blocks: count,
        mastered,
    })
}

fn master_speech(
    input: &Input,
    plan: &BlockPlan,
    pcm: Vec<Vec<f32>>,
    warm_start: Option<Found>,
) -> Result<(Block, Option<Found>)> {
    let Part::Speech(range) = &plan.part else {
        unreachable!("a speech block")
    };
    let (rate, out_rate) = (input.voice.sample_rate(), out_rate(input));
    let track = assemble::speech(&input.segments[range.clone()], pcm, rate);
    let (samples, spans) =
        if out_rate == rate {
            (track.samples, track.spans)
        } else {
            let samples = crate::audio::resample::resample(&track.samples, rate, out_rate)
                .map_err(|source| Error::Audio {
                    post: input.label.to_string(),
                    source,
                })?;
            let spans = track.spans.iter().map(|s| s.at(rate, out_rate)).collect();
            (samples, spans)
        };
    pad_and_master(input, plan, samples, spans, warm_start)
}

fn master_clip(input: &Input, plan: &BlockPlan) -> Result<Block> {
    let Part::Clip(clip) = plan.part else {
        unreachable!("a clip block")
    };
    pad_and_master(input, plan, clip.to_vec(), Vec::new(), None).map(|(block, _)| block)
}

/// The block's trailing silence ([`blocks::fit`]), then mastering.
fn pad_and_master(
    input: &Input,
    plan: &BlockPlan,
    mut samples: Vec<f32>,
    spans: Vec<Span>,
    warm_start: Option<Found>,
) -> Result<(Block, Option<Found>)> {
    let out_rate = out_rate(input);
    let pause = Millis(u64::from(plan.trailing_ms)).samples(out_rate);
    let (_, silence) = blocks::fit(samples.len(), pause, blocks::samples_per_frame(out_rate));
    samples.resize(samples.len() + silence, 0.0);
    let n = samples.len();
    let keep_going = || input.events.keep_going(input.label);
    let m =
        master::block(samples, out_rate, input.settings, warm_start, &keep_going).map_err(|e| {
            match e {
                Error::Audio { source, .. } => Error::Audio {
                    post: input.label.to_string(),
                    source,
                },
                e => e,
            }
        })?;
    let block = Block {
        samples: n,
        bytes: m.bytes,
        frames: m.frames,
        spans,
        heard: m.kept,
    };
    Ok((block, m.found))
}

impl Audio {
    /// The episode's MP3, staged at `dest`: `tag`, the Info frame, the
    /// frames of every block.
    pub fn write(&self, tag: &[u8], dest: &Path) -> Result<Staged> {
        atomic::stage_with(dest, |w| {
            w.write_all(tag)?;
            w.write_all(&self.info)?;
            let mut f = self.frames_file.0.as_file();
            f.seek(SeekFrom::Start(0))?;
            std::io::copy(&mut f, w)?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::decode;
    use crate::script::Kind;
    use crate::voice::fake::ToneVoice;

    fn post(n: usize, edit: Option<usize>) -> Vec<Segment> {
        (0..n)
            .map(|i| Segment {
                kind: Kind::Sentence,
                text: format!(
                    "Sentence {i}{} {}",
                    if edit == Some(i) { " now edited" } else { "" },
                    "goes on and on and on. ".repeat(5)
                ),
                caption: None,
                changes: Vec::new(),
                pause_ms: if i % 3 == 2 { 750 } else { 350 },
                chapter: i / 12,
            })
            .collect()
    }

    struct Built {
        audio_len: usize,
        spans: Vec<Span>,
        blocks: usize,
        mastered: usize,
        cached: usize,
        bytes: Vec<u8>,
        decoded: decode::Decoded,
    }

    fn build(
        segments: &[Segment],
        cache: Option<&Cache>,
        clips: (Option<&[f32]>, Option<&[f32]>),
        settings: &AudioConfig,
    ) -> Built {
        let voice = ToneVoice::default();
        let dir = tempfile::tempdir().unwrap();
        let audio = stream(&Input {
            label: "post.md",
            segments,
            voice: &voice,
            cache,
            jobs: 2,
            settings,
            clips,
            gap_ms: 900,
            out_dir: dir.path(),
            events: &(),
        })
        .unwrap();
        let dest = dir.path().join("e.mp3");
        audio.write(b"", &dest).unwrap().commit().unwrap();
        let decoded = decode::decode(&dest, true).unwrap();
        Built {
            audio_len: audio.length.count,
            spans: audio.spans.clone(),
            blocks: audio.blocks,
            mastered: audio.mastered,
            cached: audio.cached,
            bytes: std::fs::read(&dest).unwrap(),
            decoded,
        }
    }

    fn rms(x: &[f32]) -> f32 {
        (x.iter().map(|s| s * s).sum::<f32>() / x.len().max(1) as f32).sqrt()
    }

    #[test]
    fn blocks_join_into_one_episode_with_every_span_and_pause_in_place() {
        let segments = post(40, None);
        let settings = AudioConfig::default();
        let b = build(&segments, None, (None, None), &settings);
        assert!(b.blocks >= 4, "{} blocks", b.blocks);
        assert_eq!(b.mastered, b.blocks);
        let (d, rate) = (&b.decoded, 22050);
        // Exactly as long as the blocks say, to the sample.
        assert_eq!(d.frames as usize, b.audio_len);
        assert_eq!(b.spans.len(), segments.len());
        let spf = blocks::samples_per_frame(rate);
        for (i, pair) in b.spans.windows(2).enumerate() {
            let (a, c) = (pair[0], pair[1]);
            // Speech where the spans are, silence between them.
            assert!(
                rms(&d.samples[a.start + 500..a.end - 500]) > 0.05,
                "span {i}"
            );
            let between = &d.samples[a.end + 300..c.start - 300];
            assert!(between.iter().all(|s| s.abs() < 0.02), "gap after {i}");
            // Each pause as configured: exact inside a block, to within
            // half a frame where a block ends.
            let want = Millis(u64::from(segments[i].pause_ms)).samples(rate) as i64;
            let made = (c.start - a.end) as i64;
            assert!(
                (made - want).abs() <= spf as i64 / 2,
                "pause {i}: {made} vs {want}"
            );
        }
        let last = b.spans.last().unwrap();
        assert!(
            b.audio_len - last.end < 2000,
            "the episode ends with the speech"
        );
        // Loudness and true peak of the whole file, as a listener decodes it.
        let (lufs, peak) = crate::audio::loudness::measure(&d.samples, rate);
        assert!(
            (lufs - settings.loudness).abs() <= master::TOLERANCE_LU,
            "{lufs} LUFS"
        );
        assert!(peak <= settings.true_peak + 0.1, "{peak} dBTP");
        // One Info frame, and LAME's frames after it.
        let info = frames::read_info(&b.bytes).unwrap();
        assert_eq!(info.bytes as usize, b.bytes.len());
        let first = frames::header(&b.bytes).unwrap().len;
        assert_eq!(info.music_crc, frames::crc16(0, &b.bytes[first..]));
    }

    /// A voice that takes its time and counts what it was asked to say.
    struct Slow(ToneVoice, std::sync::atomic::AtomicUsize);

    impl Synthesizer for Slow {
        fn sample_rate(&self) -> u32 {
            self.0.sample_rate()
        }
        fn signature(&self) -> &str {
            self.0.signature()
        }
        fn prepare(
            &self,
            text: &str,
        ) -> std::result::Result<crate::voice::Prepared, crate::error::VoiceError> {
            self.0.prepare(text)
        }
        fn infer(
            &self,
            prepared: &crate::voice::Prepared,
            worker: usize,
        ) -> std::result::Result<Vec<f32>, crate::error::VoiceError> {
            self.1.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(40));
            self.0.infer(prepared, worker)
        }
    }

    #[test]
    fn a_writer_that_fails_stops_synthesis_and_its_error_is_the_one_reported() {
        let segments = post(40, None);
        let voice = Slow(ToneVoice::default(), Default::default());
        let dir = tempfile::tempdir().unwrap();
        // The episode's folder cannot be made: a file is in the way.
        let blocked = dir.path().join("file");
        std::fs::write(&blocked, b"").unwrap();
        let out_dir = blocked.join("out");
        let err = stream(&Input {
            label: "post.md",
            segments: &segments,
            voice: &voice,
            cache: None,
            jobs: 1,
            settings: &AudioConfig::default(),
            clips: (None, None),
            gap_ms: 900,
            out_dir: &out_dir,
            events: &(),
        })
        .err()
        .expect("the writer cannot write");
        assert!(
            matches!(&err, Error::Write { path, .. } if path == &out_dir),
            "{err}"
        );
        // Stopped at the next segment, not at the end of the first block:
        // a block holds 20 s of estimated speech or more (300 characters;
        // these segments have about 125), so three segments at least.
        let said = voice.1.load(Ordering::SeqCst);
        assert!(said < 3, "{said} segments said");
    }

    #[test]
    fn a_rebuild_masters_only_the_edited_block() {
        let cache_dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(cache_dir.path());
        let settings = AudioConfig::default();
        let cold = build(&post(40, None), Some(&cache), (None, None), &settings);
        let warm = build(&post(40, None), Some(&cache), (None, None), &settings);
        assert_eq!(warm.mastered, 0);
        assert_eq!(warm.cached, 40);
        assert_eq!(warm.bytes, cold.bytes, "stored blocks give the same file");
        let edited = build(&post(40, Some(20)), Some(&cache), (None, None), &settings);
        assert!(
            (1..=2).contains(&edited.mastered),
            "{} remastered",
            edited.mastered
        );
        assert_eq!(edited.cached, 39, "only the edited sentence is synthesized");
        assert_eq!(edited.decoded.frames as usize, edited.audio_len);
        // Louder settings: every block again.
        let louder = AudioConfig {
            loudness: -14.0,
            ..settings
        };
        let again = build(&post(40, None), Some(&cache), (None, None), &louder);
        assert_eq!(again.mastered, again.blocks);
    }

    #[test]
    fn clips_are_blocks_before_and_after_the_speech() {
        let rate = 22050;
        let intro: Vec<f32> = (0..rate).map(|i| (i as f32 * 0.07).sin() * 0.4).collect();
        let outro: Vec<f32> = (0..rate / 2)
            .map(|i| (i as f32 * 0.11).sin() * 0.4)
            .collect();
        let segments = post(5, None);
        let settings = AudioConfig::default();
        let b = build(&segments, None, (Some(&intro), Some(&outro)), &settings);
        assert_eq!(b.blocks, 3);
        let spf = blocks::samples_per_frame(rate as u32);
        let gap = Millis(900).samples(rate as u32);
        let first = b.spans[0].start as i64;
        assert!(
            (first - (intro.len() + gap) as i64).abs() <= spf as i64 / 2,
            "{first}"
        );
        let last = b.spans.last().unwrap().end;
        let tail = (b.audio_len - last) as i64;
        assert!(
            (tail - (gap + outro.len()) as i64).abs() <= spf as i64 / 2,
            "{tail}"
        );
        assert_eq!(b.decoded.frames as usize, b.audio_len);
        // The outro is heard at the end.
        let end = &b.decoded.samples[b.audio_len - outro.len() + 200..b.audio_len - 200];
        assert!(rms(end) > 0.05);
    }
}
