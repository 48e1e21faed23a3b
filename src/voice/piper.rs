//! A Piper voice run with ONNX Runtime (the sessions: `runtime`).
//!
//! The model runs split in two where it can be ([`super::graph`]): the
//! encoder gives the sentence's latent frames, and the decoder turns them
//! into audio a window at a time. Each output sample of the decoder (a
//! HiFi-GAN: convolutions and upsampling, no recurrence, no noise) depends
//! only on the frames within its receptive field, about ten on each side
//! (measured: [`OVERLAP_FRAMES`]); windows that overlap by [`OVERLAP_FRAMES`] and keep only their
//! middles give the same samples as one run over the whole sentence, with
//! the memory of [`WINDOW_FRAMES`] instead of the longest sentence's.
//!
//! Split, several sessions (`NARRATE_SESSIONS`) share one encoder (most of
//! the weights), each with a decoder of its own: two workers then hold one
//! encoder and two small decoders instead of two models.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use ort::session::Session;
use ort::value::Tensor;

use super::espeak::Espeak;
use super::halves::{self, Halves};
use super::phonemes::IdMap;
use super::preset::VoiceSpec;
use super::runtime::{self, environment, Layout};
use super::voice_error;
use super::{Prepared, Synthesizer, VoiceError};
use crate::error::Result;

pub struct PiperVoice {
    spec: VoiceSpec,
    ids: IdMap,
    espeak: Espeak,
    /// One slot per worker, filled on that worker's first cache miss: a run
    /// served from the cache never pays for loading the model. A model that
    /// will not load, or whose JSON does not match it, fails there.
    sessions: Vec<OnceLock<std::result::Result<Mutex<Model>, VoiceError>>>,
    /// A split model's encoder, shared by the slots: each runs it for a
    /// sentence, then decodes on its own decoder, so two workers hold one
    /// copy of the encoder's weights (most of the model) and two small
    /// decoders instead of two models.
    encoder: OnceLock<std::result::Result<Mutex<Session>, VoiceError>>,
    /// Latent frames the decoder runs on at once; 0 runs the model whole.
    window: usize,
    intra_threads: usize,
    device: crate::config::Device,
    identity: String,
    runtime: PathBuf,
    model_sha: String,
    /// Where the split model's halves are kept (`None`: in memory only).
    split_store: Option<PathBuf>,
}

impl PiperVoice {
    /// `runtime` is the ONNX Runtime library ([`find_runtime`]).
    pub fn load(spec: VoiceSpec, layout: Layout, runtime: &Path) -> Result<PiperVoice> {
        // Load the runtime now: a missing or broken library fails before any work.
        environment(runtime)?;
        let espeak = Espeak::get()?;
        // Part of every cache key; remembered per (path, size, mtime).
        let model_sha = crate::install::hashes::sha256(&spec.model)?;
        let sessions: Vec<_> = (0..layout.sessions.max(1))
            .map(|_| OnceLock::new())
            .collect();
        let identity = format!(
            "piper model={model_sha} noise={} length={} noise_w={} speaker={:?}",
            spec.noise_scale, spec.length_scale, spec.noise_w, spec.speaker
        );
        Ok(PiperVoice {
            ids: IdMap::new(&spec.config.phoneme_id_map),
            spec,
            espeak,
            sessions,
            encoder: OnceLock::new(),
            window: std::env::var("NARRATE_DECODER_WINDOW")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(WINDOW_FRAMES),
            intra_threads: layout.intra_threads.max(1),
            device: layout.device,
            identity,
            runtime: runtime.to_path_buf(),
            model_sha,
            split_store: crate::install::home::data_dir().map(|d| d.join(SPLIT_STORE)),
        })
    }

    /// Runs the decoder over windows of `frames` latent frames (0: the
    /// model whole, as Piper runs it).
    pub fn with_decoder_window(mut self, frames: usize) -> PiperVoice {
        self.window = frames;
        self
    }

    /// Keeps the split model's halves in `store` (`None`: in memory).
    pub fn with_split_store(mut self, store: Option<PathBuf>) -> PiperVoice {
        self.split_store = store;
        self
    }

    /// Sessions' slots opened so far (one per worker that has run).
    pub fn slots_open(&self) -> usize {
        self.sessions.iter().filter(|s| s.get().is_some()).count()
    }

    /// Whether the model runs split (known once it has run).
    pub fn runs_split(&self) -> bool {
        self.sessions.iter().any(|slot| {
            slot.get().and_then(|m| m.as_ref().ok()).is_some_and(|m| {
                matches!(
                    *m.lock().unwrap_or_else(|p| p.into_inner()),
                    Model::Split { .. }
                )
            })
        })
    }

    /// The sessions of one slot: the model split when the window is set
    /// and the graph splits, else whole.
    fn open(&self) -> std::result::Result<Model, VoiceError> {
        let env = environment(&self.runtime).map_err(model)?;
        let build = |source: runtime::Source<'_>, spin: bool| {
            runtime::build_session(env, source, self.intra_threads, self.device, spin)
                .map_err(model)
        };
        let halves = (self.window > 0)
            .then(|| {
                halves::find(
                    &self.spec.model,
                    &self.model_sha,
                    FIRST_DECODER_NODE,
                    self.split_store.as_deref(),
                )
            })
            .flatten();
        if let Some(halves) = halves {
            let path = &self.spec.model;
            let fresh = matches!(halves, Halves::Files { fresh: true, .. });
            let (encoder, decoder) = match &halves {
                Halves::Files {
                    encoder, decoder, ..
                } => (
                    runtime::Source::File(encoder),
                    runtime::Source::File(decoder),
                ),
                Halves::Memory(split) => (
                    runtime::Source::Memory(path, &split.encoder),
                    runtime::Source::Memory(path, &split.decoder),
                ),
            };
            // One encoder for every slot, each slot its own decoder; the
            // sessions run one after the other, so none spins. Halves
            // that do not load (a model exported some other way, a
            // damaged file in the store) leave the model to run whole.
            let encoder = self.encoder.get_or_init(|| {
                let session = build(encoder, false)?;
                check_inputs(&session, &self.spec).map_err(model)?;
                Ok(Mutex::new(session))
            });
            let decoder = match encoder {
                Ok(_) => build(decoder, false),
                Err(e) => Err(e.clone()),
            };
            drop(halves);
            match decoder {
                // The decoder's one input is the latent.
                Ok(decoder) => {
                    if let Some(latent) = decoder.inputs().first().map(|i| i.name().to_string()) {
                        return Ok(Model::Split { decoder, latent });
                    }
                }
                Err(_) => {
                    if let Some(store) = &self.split_store {
                        halves::give_up(store, &self.model_sha, fresh);
                    }
                }
            }
        }
        let session = build(runtime::Source::File(&self.spec.model), true)?;
        check_inputs(&session, &self.spec).map_err(model)?;
        Ok(Model::Whole(session))
    }

    pub fn spec(&self) -> &VoiceSpec {
        &self.spec
    }

    /// Runs the model's inputs for one sentence through `session`: the
    /// whole model (audio out) or the encoder (latent frames out).
    fn run_front<'s>(
        &self,
        session: &'s mut Session,
        ids: &[i64],
    ) -> std::result::Result<ort::session::SessionOutputs<'s>, VoiceError> {
        let n = ids.len();
        let input = Tensor::from_array(([1usize, n], ids.to_vec())).map_err(model)?;
        let lengths = Tensor::from_array(([1usize], vec![n as i64])).map_err(model)?;
        let scales = Tensor::from_array((
            [3usize],
            vec![
                self.spec.noise_scale,
                self.spec.length_scale,
                self.spec.noise_w,
            ],
        ))
        .map_err(model)?;
        match self.spec.speaker {
            Some(sid) => {
                let sid = Tensor::from_array(([1usize], vec![sid as i64])).map_err(model)?;
                session.run(ort::inputs!["input" => input, "input_lengths" => lengths, "scales" => scales, "sid" => sid])
            }
            None => session.run(ort::inputs!["input" => input, "input_lengths" => lengths, "scales" => scales]),
        }
        .map_err(|e| VoiceError::Model(format!("the model failed: {e}")))
    }
}

/// Latent frames per decoder window (256 samples each at 22.05 kHz: about
/// 2.3 s), and the frames each window reaches past its middle on either
/// side. The decoder's receptive field is about ten frames: with 8 the
/// windowed audio differed by 3e-3, with 10 or more by 1e-6 at most,
/// float rounding (tests/voice.rs). Measured with `scripts/bench` (docs/src/performance.md,
/// performance): windows of 200 keep `say` at about half Piper's memory.
pub const WINDOW_FRAMES: usize = 200;
pub const OVERLAP_FRAMES: usize = 16;

/// The data folder's subfolder for split models' halves.
pub const SPLIT_STORE: &str = "split-models";

/// The node Piper's exports start the decoder with.
const FIRST_DECODER_NODE: &str = "/dec/conv_pre/Conv";

/// A slot's sessions: the model whole, or a decoder of its own (the
/// encoder is shared: [`PiperVoice::encoder`]).
enum Model {
    Whole(Session),
    Split {
        decoder: Session,
        /// The decoder's input.
        latent: String,
    },
}

/// Runs `decoder` over the latent frames `z` (shape `[1, channels,
/// frames]`) in windows of `window` frames, each with [`OVERLAP_FRAMES`]
/// more on either side, and appends the middles to `audio`.
fn decode(
    decoder: &mut Session,
    latent: &str,
    shape: &[i64],
    z: &[f32],
    window: usize,
    audio: &mut Vec<f32>,
) -> std::result::Result<(), VoiceError> {
    let (channels, frames) = match shape {
        [1, c, f] => (*c as usize, *f as usize),
        _ => return Err(model(format!("latent frames of shape {shape:?}"))),
    };
    let mut start = 0;
    while start < frames {
        // A short sentence, or the rest of a long one: one run.
        let end = if frames - start <= window + OVERLAP_FRAMES {
            frames
        } else {
            start + window
        };
        let (lo, hi) = (
            start.saturating_sub(OVERLAP_FRAMES),
            (end + OVERLAP_FRAMES).min(frames),
        );
        let width = hi - lo;
        let mut part = Vec::with_capacity(channels * width);
        for c in 0..channels {
            part.extend_from_slice(&z[c * frames + lo..c * frames + hi]);
        }
        let input = Tensor::from_array(([1usize, channels, width], part)).map_err(model)?;
        let out = decoder
            .run(ort::inputs![latent => input])
            .map_err(|e| VoiceError::Model(format!("the model failed: {e}")))?;
        let (_, samples) = out[0].try_extract_tensor::<f32>().map_err(model)?;
        if samples.len() % width != 0 {
            return Err(model(format!(
                "the decoder gave {} samples for {width} frames",
                samples.len()
            )));
        }
        let hop = samples.len() / width;
        audio.extend_from_slice(&samples[(start - lo) * hop..(end - lo) * hop]);
        start = end;
    }
    Ok(())
}

/// A JSON that does not belong to its model shows up here, not mid-run.
fn check_inputs(session: &Session, spec: &VoiceSpec) -> Result<()> {
    let names: Vec<&str> = session.inputs().iter().map(|i| i.name()).collect();
    for needed in ["input", "input_lengths", "scales"] {
        if !names.contains(&needed) {
            return Err(voice_error(format!(
                "{}: not a Piper model (inputs are {names:?}, `{needed}` is missing)",
                spec.model.display()
            )));
        }
    }
    let has_sid = names.contains(&"sid");
    if has_sid != (spec.config.num_speakers > 1) {
        return Err(voice_error(format!(
            "{}: the model {} a speaker input but its JSON says num_speakers = {}; the JSON does not match the model",
            spec.model.display(),
            if has_sid { "has" } else { "has no" },
            spec.config.num_speakers
        )));
    }
    Ok(())
}

/// An ONNX Runtime error as the voice reports it.
fn model(e: impl std::fmt::Display) -> VoiceError {
    VoiceError::Model(e.to_string())
}

impl Synthesizer for PiperVoice {
    fn sample_rate(&self) -> u32 {
        self.spec.config.audio.sample_rate
    }

    fn signature(&self) -> &str {
        &self.identity
    }

    fn prepare(&self, text: &str) -> std::result::Result<Prepared, VoiceError> {
        let sentences = self
            .espeak
            .phonemize_inline(text, &self.spec.config.espeak.voice)?;
        let mut prepared = Prepared::default();
        for s in sentences {
            let ids = self.ids.to_ids(s.trim_end());
            prepared.missing.extend(ids.missing);
            // Only BOS/pad/EOS: nothing to say.
            if ids.ids.len() > 3 {
                prepared.sentences.push(ids.ids);
            }
        }
        Ok(prepared)
    }

    fn infer(
        &self,
        prepared: &Prepared,
        worker: usize,
    ) -> std::result::Result<Vec<f32>, VoiceError> {
        let slot =
            self.sessions[worker % self.sessions.len()].get_or_init(|| self.open().map(Mutex::new));
        let mut guard = slot
            .as_ref()
            .map_err(Clone::clone)?
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let mut audio = Vec::new();
        for ids in &prepared.sentences {
            match &mut *guard {
                Model::Whole(session) => {
                    let outputs = self.run_front(session, ids)?;
                    let (_, samples) = outputs[0].try_extract_tensor::<f32>().map_err(model)?;
                    audio.extend_from_slice(samples);
                }
                Model::Split { decoder, latent } => {
                    // The latent frames are copied out (a few hundred KB)
                    // so the shared encoder is free while this decodes.
                    let (shape, z) = {
                        let encoder = self
                            .encoder
                            .get()
                            .expect("a split slot has the encoder")
                            .as_ref()
                            .map_err(Clone::clone)?;
                        let mut encoder = encoder.lock().unwrap_or_else(|p| p.into_inner());
                        let outputs = self.run_front(&mut encoder, ids)?;
                        let (shape, z) = outputs[0].try_extract_tensor::<f32>().map_err(model)?;
                        (shape.to_vec(), z.to_vec())
                    };
                    decode(decoder, latent, &shape, &z, self.window, &mut audio)?;
                }
            }
        }
        Ok(audio)
    }
}
