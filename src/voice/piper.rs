//! A Piper voice run with ONNX Runtime (the sessions: `runtime`).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use ort::session::Session;
use ort::value::Tensor;

use super::espeak::Espeak;
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
    sessions: Vec<OnceLock<std::result::Result<Mutex<Session>, VoiceError>>>,
    intra_threads: usize,
    device: crate::config::Device,
    identity: String,
    runtime: PathBuf,
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
            intra_threads: layout.intra_threads.max(1),
            device: layout.device,
            identity,
            runtime: runtime.to_path_buf(),
        })
    }

    pub fn spec(&self) -> &VoiceSpec {
        &self.spec
    }
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

    fn identity(&self) -> &str {
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
        let slot = self.sessions[worker % self.sessions.len()].get_or_init(|| {
            let env = environment(&self.runtime).map_err(model)?;
            let session =
                runtime::build_session(env, &self.spec.model, self.intra_threads, self.device)
                    .map_err(model)?;
            check_inputs(&session, &self.spec).map_err(model)?;
            Ok(Mutex::new(session))
        });
        let mut session = slot
            .as_ref()
            .map_err(Clone::clone)?
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let mut audio = Vec::new();
        for ids in &prepared.sentences {
            let n = ids.len();
            let input = Tensor::from_array(([1usize, n], ids.clone())).map_err(model)?;
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
            let outputs = match self.spec.speaker {
                Some(sid) => {
                    let sid = Tensor::from_array(([1usize], vec![sid as i64])).map_err(model)?;
                    session.run(ort::inputs!["input" => input, "input_lengths" => lengths, "scales" => scales, "sid" => sid])
                }
                None => session.run(ort::inputs!["input" => input, "input_lengths" => lengths, "scales" => scales]),
            }
            .map_err(|e| VoiceError::Model(format!("the model failed: {e}")))?;
            let (_, samples) = outputs[0].try_extract_tensor::<f32>().map_err(model)?;
            audio.extend_from_slice(samples);
        }
        Ok(audio)
    }
}
