//! A Piper voice run with ONNX Runtime (ort, loaded at run time).
//!
//! Sessions are made once per run, never per segment. Several sessions let
//! rayon workers run segments side by side, but each holds its own copy of
//! the model's working memory; on 2 cores one session with 2 intra-op
//! threads was as fast and 40% smaller (README, performance). The memory
//! pattern is off: it keeps a plan per input shape, and every sentence has
//! its own length.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use ort::session::builder::GraphOptimizationLevel;
use ort::session::Session;
use ort::value::Tensor;

use super::espeak::Espeak;
use super::phonemes::IdMap;
use super::preset::VoiceSpec;
use super::{Prepared, Synthesizer, VoiceError};
use crate::error::{Error, Result};

/// The runtime library's file name, as `narrate setup` (and this
/// repository's scripts/bootstrap) installs it.
pub const ORT_LIBRARY: &str = "libonnxruntime.so.1.31.1";

fn voice_error(message: String) -> Error {
    Error::Voice { message }
}

/// Where the ONNX Runtime library is, from explicit places only:
/// `ORT_DYLIB_PATH`, else the config's `onnxruntime`, else the stores
/// `narrate setup` fills (the data folder, then this repository's `models/`
/// for a binary built in it). Never whatever `models/` the working
/// directory holds: a site's folder is not a place to load code from.
pub fn find_runtime(configured: Option<&Path>) -> Result<PathBuf> {
    let given = std::env::var_os("ORT_DYLIB_PATH")
        .filter(|p| !p.is_empty())
        .map(|p| (PathBuf::from(p), "ORT_DYLIB_PATH"))
        .or_else(|| configured.map(|p| (p.to_path_buf(), "`onnxruntime` in the config")));
    if let Some((path, what)) = given {
        if !path.is_file() {
            return Err(voice_error(format!(
                "{}: no such file ({what}); point it at libonnxruntime.so 1.31, or unset it to use the one `narrate setup` installs",
                path.display()
            )));
        }
        return Ok(path);
    }
    crate::install::home::find(ORT_LIBRARY).ok_or_else(|| {
        voice_error(format!(
            "the ONNX Runtime library ({ORT_LIBRARY}) is not installed; run `narrate setup` (looked in {})",
            crate::install::home::describe_stores()
        ))
    })
}

static ENVIRONMENT: OnceLock<std::result::Result<ort::environment::Environment, String>> =
    OnceLock::new();

/// The process's ONNX Runtime, loaded from `lib` on first use.
fn environment(lib: &Path) -> Result<&'static ort::environment::Environment> {
    let env = ENVIRONMENT.get_or_init(|| {
        let builder = ort::init_from(lib).map_err(|e| {
            format!(
                "{}: cannot load ONNX Runtime: {e}; run `narrate setup` to install it again",
                lib.display()
            )
        })?;
        builder
            .with_name("narrate")
            .build()
            .map_err(|e| format!("{}: ONNX Runtime did not start: {e}", lib.display()))
    });
    env.as_ref().map_err(|e| voice_error(e.clone()))
}

/// How sessions and threads are arranged; see the README's performance table.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub sessions: usize,
    pub intra_threads: usize,
}

pub struct PiperVoice {
    spec: VoiceSpec,
    ids: IdMap,
    espeak: Espeak,
    /// One slot per worker, filled on that worker's first cache miss: a run
    /// served from the cache never pays for loading the model. A model that
    /// will not load, or whose JSON does not match it, fails there.
    sessions: Vec<OnceLock<std::result::Result<Mutex<Session>, VoiceError>>>,
    intra_threads: usize,
    identity: String,
    runtime: PathBuf,
}

impl PiperVoice {
    /// `runtime` is the ONNX Runtime library ([`find_runtime`]).
    pub fn load(spec: VoiceSpec, layout: Layout, runtime: &Path) -> Result<PiperVoice> {
        // Load the runtime now: a missing or broken library fails before any work.
        environment(runtime)?;
        let espeak = Espeak::get().map_err(|e| voice_error(e.to_string()))?;
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
            identity,
            runtime: runtime.to_path_buf(),
        })
    }

    pub fn spec(&self) -> &VoiceSpec {
        &self.spec
    }
}

fn build_session(
    env: &ort::environment::Environment,
    model: &Path,
    threads: usize,
) -> Result<Session> {
    let fail = |e: String| voice_error(format!("{}: cannot load the model: {e}", model.display()));
    Session::builder(env)
        .map_err(|e| fail(e.to_string()))?
        .with_optimization_level(GraphOptimizationLevel::Level3)
        .map_err(|e| fail(e.to_string()))?
        .with_intra_threads(threads)
        .map_err(|e| fail(e.to_string()))?
        .with_memory_pattern(false)
        .map_err(|e| fail(e.to_string()))?
        .with_execution_providers([ort::ep::CPU::default()
            .with_arena_allocator(arena())
            .build()])
        .map_err(|e| fail(e.to_string()))?
        .commit_from_file(model)
        .map_err(|e| {
            fail(format!(
                "{e}; the file may be truncated: run `narrate setup` to install it again"
            ))
        })
}

/// ORT's CPU arena is on: measured 20% faster and no larger with one
/// session (README, performance). `NARRATE_ORT_ARENA=0` turns it off.
fn arena() -> bool {
    std::env::var("NARRATE_ORT_ARENA").map_or(true, |v| v != "0")
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
                build_session(env, &self.spec.model, self.intra_threads).map_err(model)?;
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
