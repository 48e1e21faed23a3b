//! Moonshine base (English), a small speech recognizer, run with the same
//! ONNX Runtime as the voices: the encoder takes a whole segment's raw
//! 16 kHz audio, and the decoder writes the transcript greedily, one token
//! a step, keeping its own attention cache (self-attention grows a step at
//! a time; the cross-attention keys and values over the audio are computed
//! on the first step and reused).

use std::path::{Path, PathBuf};

use ort::session::Session;
use ort::value::{DynValue, Tensor};

use super::tokenizer::{Tokenizer, END, START};
use crate::error::{Error, Result};
use crate::voice::runtime;

/// The recognizer's files in the data folder, as `narrate setup --proof`
/// installs them.
pub const ENCODER: &str = "moonshine-base-en-encoder.ort";
pub const DECODER: &str = "moonshine-base-en-decoder.ort";
pub const TOKENIZER: &str = "moonshine-base-en-tokenizer.bin";

/// The rate the recognizer hears at.
pub const RATE: u32 = 16_000;

/// Decoder layers, and what a layer's cache holds.
const LAYERS: usize = 8;
const HEADS: usize = 8;
const HEAD_SIZE: usize = 52;

/// Tokens per second of audio at most: speech is about 3; a decoder that
/// repeats itself stops here.
const TOKENS_PER_SECOND: f64 = 6.0;

/// The three files, found where `narrate setup` puts them.
#[derive(Debug, Clone)]
pub struct Files {
    pub encoder: PathBuf,
    pub decoder: PathBuf,
    pub tokenizer: PathBuf,
}

impl Files {
    pub fn find() -> Result<Files> {
        let find = |name: &str| {
            crate::install::home::find(name).ok_or_else(|| {
                Error::Setup(format!(
                    "the recognizer that proofreading listens with ({name}) is not installed; run `narrate setup --proof` (looked in {})",
                    crate::install::home::describe_stores()
                ))
            })
        };
        Ok(Files {
            encoder: find(ENCODER)?,
            decoder: find(DECODER)?,
            tokenizer: find(TOKENIZER)?,
        })
    }
}

pub struct Recognizer {
    /// Where the models came from, for messages.
    files: Files,
    encoder: Session,
    decoder: Session,
    tokenizer: Tokenizer,
    /// The decoder's cache inputs, in the order its outputs give them.
    cache_names: Vec<String>,
}

fn failed(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Voice {
        message: format!("{}: the recognizer failed: {e}", path.display()),
    }
}

impl Recognizer {
    /// Loads the recognizer on the ONNX Runtime at `runtime_lib`, with
    /// `threads` intra-op threads per session.
    pub fn load(files: &Files, runtime_lib: &Path, threads: usize) -> Result<Recognizer> {
        let env = runtime::environment(runtime_lib)?;
        let cpu = crate::config::Device::Cpu;
        let session =
            |p: &Path| runtime::build_session(env, runtime::Source::File(p), threads, cpu, false);
        let encoder = session(&files.encoder)?;
        let decoder = session(&files.decoder)?;
        let bytes = std::fs::read(&files.tokenizer).map_err(|source| Error::Read {
            path: files.tokenizer.clone(),
            source,
        })?;
        let tokenizer = Tokenizer::parse(&bytes).map_err(|e| {
            Error::Setup(format!(
                "{}: {e}; run `narrate setup --proof` to install it again",
                files.tokenizer.display()
            ))
        })?;
        let cache_names = (0..LAYERS)
            .flat_map(|l| {
                [
                    "decoder.key",
                    "decoder.value",
                    "encoder.key",
                    "encoder.value",
                ]
                .map(|k| format!("past_key_values.{l}.{k}"))
            })
            .collect::<Vec<_>>();
        let inputs: Vec<&str> = decoder.inputs().iter().map(|i| i.name()).collect();
        if let Some(missing) = cache_names
            .iter()
            .map(String::as_str)
            .chain(["input_ids", "encoder_hidden_states", "use_cache_branch"])
            .find(|n| !inputs.contains(n))
        {
            return Err(failed(
                &files.decoder,
                format!("it has no input `{missing}`: not Moonshine's merged decoder"),
            ));
        }
        Ok(Recognizer {
            files: files.clone(),
            encoder,
            decoder,
            tokenizer,
            cache_names,
        })
    }

    /// What the recognizer hears in `audio` (mono, 16 kHz, −1..1).
    pub fn transcribe(&mut self, audio: &[f32]) -> Result<String> {
        if audio.is_empty() {
            return Ok(String::new());
        }
        let encoder = &self.files.encoder;
        let input = Tensor::from_array(([1usize, audio.len()], audio.to_vec()))
            .map_err(|e| failed(encoder, e))?;
        let mut out = self
            .encoder
            .run(ort::inputs!["input_values" => input])
            .map_err(|e| failed(encoder, e))?;
        let hidden = out
            .remove("last_hidden_state")
            .ok_or_else(|| failed(encoder, "no last_hidden_state"))?;
        drop(out);
        let max_tokens =
            (audio.len() as f64 / f64::from(RATE) * TOKENS_PER_SECOND).ceil() as usize + 4;
        let ids = self.decode(&hidden, max_tokens)?;
        Ok(self.tokenizer.decode(&ids))
    }

    /// Greedy decoding from the start token until the end token.
    fn decode(&mut self, hidden: &DynValue, max_tokens: usize) -> Result<Vec<i64>> {
        let decoder = &self.files.decoder;
        let fail = |e: ort::Error| failed(decoder, e);
        let empty = || Tensor::<f32>::from_array(([1usize, HEADS, 0, HEAD_SIZE], Vec::new()));
        let mut cache: Vec<DynValue> = (0..self.cache_names.len())
            .map(|_| empty().map(|t| t.into_dyn()))
            .collect::<std::result::Result<_, _>>()
            .map_err(fail)?;
        let mut ids = vec![START];
        for step in 0..max_tokens {
            let last = *ids.last().expect("the start token");
            let mut inputs: Vec<(String, ort::session::SessionInputValue)> = vec![
                (
                    "input_ids".into(),
                    Tensor::from_array(([1usize, 1], vec![last]))
                        .map_err(fail)?
                        .into(),
                ),
                ("encoder_hidden_states".into(), hidden.into()),
                (
                    "use_cache_branch".into(),
                    Tensor::from_array(([1usize], vec![step > 0]))
                        .map_err(fail)?
                        .into(),
                ),
            ];
            for (name, value) in self.cache_names.iter().zip(&cache) {
                inputs.push((name.clone(), value.into()));
            }
            let mut out = self.decoder.run(inputs).map_err(fail)?;
            let next = {
                let (shape, logits) = out[0].try_extract_tensor::<f32>().map_err(fail)?;
                let width = *shape.last().unwrap_or(&0) as usize;
                let row = &logits[logits.len().saturating_sub(width)..];
                row.iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .map_or(END, |(i, _)| i as i64)
            };
            // The self-attention cache grows every step; the audio's keys and
            // values are the first step's, kept.
            for (i, name) in self.cache_names.iter().enumerate() {
                if step == 0 || name.contains(".decoder.") {
                    let present = name.replace("past_key_values", "present");
                    cache[i] = out
                        .remove(&present)
                        .ok_or_else(|| failed(decoder, format!("no output {present}")))?;
                }
            }
            if next == END {
                break;
            }
            ids.push(next);
        }
        Ok(ids)
    }
}
