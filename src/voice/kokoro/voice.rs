//! A Kokoro-82M voice run with ONNX Runtime: text → misaki's symbols
//! (`g2p`: the lexicon, espeak-ng for the rest) → ids, at most 510 a call,
//! each call with the voice table's row for its length, 24 kHz out.
//!
//! The graph (docs/src/kokoro-research.md §2): `tokens` int64 [1, n + 2] (the
//! ids with a 0 at each end; some exports call it `input_ids`), `style`
//! float32 [1, 256], `speed` float32 [1]; one float32 output of rank 1.
//! Some exports give non-finite or silent audio for some inputs: such a
//! call is tried once more, then the segment fails with its phonemes
//! named — never noise in an episode.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use ort::session::Session;
use ort::value::Tensor;

use super::lexicon::Lexicon;
use super::misaki::Accent;
use super::style::VoiceTable;
use super::KokoroSpec;
use super::{chunk, g2p, letters, vocab, SAMPLE_RATE};
use crate::error::Result;
use crate::voice::espeak::Espeak;
use crate::voice::runtime::{self, environment, Layout};
use crate::voice::{voice_error, Prepared, Synthesizer, VoiceError};

/// Below this peak an utterance is silence, not speech (about −66 dBFS).
const SILENT_PEAK: f32 = 5e-4;

/// The text end of a Kokoro voice: text → misaki's phonemes (lexicon
/// first, espeak-ng for the rest), without the model; `narrate phonemes`
/// uses it alone.
///
/// The lexicon (two JSON files, 0.16 s and 65 MB to read) is read on the
/// first segment to phonemize, as Piper's model loads on the first cache
/// miss: a build with every post up to date never reads it.
pub struct KokoroText {
    espeak: Espeak,
    lexicon_files: (PathBuf, PathBuf),
    lexicon: OnceLock<std::result::Result<Lexicon, VoiceError>>,
    accent: Accent,
}

impl KokoroText {
    pub fn new(spec: &KokoroSpec) -> Result<KokoroText> {
        Ok(KokoroText {
            espeak: Espeak::get()?,
            lexicon_files: spec.lexicon_files.clone(),
            lexicon: OnceLock::new(),
            accent: spec.accent,
        })
    }

    /// One segment's phonemes in misaki's symbols.
    pub fn phonemes(&self, text: &str) -> std::result::Result<String, VoiceError> {
        let lexicon = self
            .lexicon
            .get_or_init(|| {
                let (gold, silver) = &self.lexicon_files;
                Lexicon::load(gold, silver, self.accent)
                    .map_err(|e| VoiceError::Phonemizer(e.to_string()))
            })
            .as_ref()
            .map_err(Clone::clone)?;
        let text = letters::respell(text, self.accent);
        g2p::phonemize(&self.espeak, lexicon, &text, self.accent)
    }
}

pub struct KokoroVoice {
    spec: KokoroSpec,
    table: VoiceTable,
    text: KokoroText,
    /// One slot per worker, filled on that worker's first cache miss.
    sessions: Vec<OnceLock<std::result::Result<Loaded, VoiceError>>>,
    intra_threads: usize,
    device: crate::config::Device,
    identity: String,
    runtime: PathBuf,
}

/// A session and the name its export gives the ids input.
struct Loaded {
    session: Mutex<Session>,
    tokens: String,
}

impl KokoroVoice {
    /// `runtime` is the ONNX Runtime library ([`runtime::find_runtime`]).
    pub fn load(spec: KokoroSpec, layout: Layout, runtime: &Path) -> Result<KokoroVoice> {
        environment(runtime)?;
        let text = KokoroText::new(&spec)?;
        let bytes = std::fs::read(&spec.style).map_err(|e| {
            voice_error(format!(
                "{}: cannot read the voice table ({e}); run `narrate setup --voice {}`",
                spec.style.display(),
                spec.name
            ))
        })?;
        let table = VoiceTable::from_bytes(&bytes)
            .map_err(|e| voice_error(format!("{}: {e}", spec.style.display())))?;
        // Everything besides the ids that changes the audio: the cache key.
        let model_sha = crate::install::hashes::sha256(&spec.model)?;
        let style_sha = crate::install::hashes::sha256(&spec.style)?;
        let gold_sha = crate::install::hashes::sha256(&spec.lexicon_files.0)?;
        let silver_sha = crate::install::hashes::sha256(&spec.lexicon_files.1)?;
        let identity = format!(
            "kokoro model={model_sha} style={style_sha} lexicon={gold_sha}+{silver_sha} speed={}",
            spec.speed
        );
        Ok(KokoroVoice {
            sessions: (0..layout.sessions.max(1))
                .map(|_| OnceLock::new())
                .collect(),
            intra_threads: layout.intra_threads.max(1),
            device: layout.device,
            spec,
            table,
            text,
            identity,
            runtime: runtime.to_path_buf(),
        })
    }

    fn session(&self, worker: usize) -> std::result::Result<&Loaded, VoiceError> {
        let slot = self.sessions[worker % self.sessions.len()].get_or_init(|| {
            let env = environment(&self.runtime).map_err(model_error)?;
            let session = runtime::build_session(
                env,
                runtime::Source::File(&self.spec.model),
                self.intra_threads,
                self.device,
                true,
            )
            .map_err(model_error)?;
            let tokens = check_inputs(&session, &self.spec.model)?;
            Ok(Loaded {
                session: Mutex::new(session),
                tokens,
            })
        });
        slot.as_ref().map_err(Clone::clone)
    }

    /// One call: `ids` with their pads, style row and speed; the samples.
    fn call(&self, loaded: &Loaded, ids: &[i64]) -> std::result::Result<Vec<f32>, VoiceError> {
        let n = ids.len();
        let tokens = Tensor::from_array(([1usize, n], ids.to_vec())).map_err(model_error)?;
        // `ids` holds the two pads; the style row is for the phonemes.
        let style = self.table.style(n - 2).to_vec();
        let style = Tensor::from_array(([1usize, style.len()], style)).map_err(model_error)?;
        let speed = Tensor::from_array(([1usize], vec![self.spec.speed])).map_err(model_error)?;
        let mut session = loaded.session.lock().unwrap_or_else(|p| p.into_inner());
        let outputs = session
            .run(ort::inputs![loaded.tokens.as_str() => tokens, "style" => style, "speed" => speed])
            .map_err(|e| VoiceError::Model(format!("the model failed: {e}")))?;
        let (_, samples) = outputs[0]
            .try_extract_tensor::<f32>()
            .map_err(model_error)?;
        Ok(samples.to_vec())
    }
}

fn model_error(e: impl std::fmt::Display) -> VoiceError {
    VoiceError::Model(e.to_string())
}

/// The export's ids input (`tokens`, or `input_ids` in some exports), and
/// a refusal naming the file when the graph is not Kokoro's.
fn check_inputs(session: &Session, model: &Path) -> std::result::Result<String, VoiceError> {
    let names: Vec<&str> = session.inputs().iter().map(|i| i.name()).collect();
    let tokens = ["tokens", "input_ids"]
        .into_iter()
        .find(|n| names.contains(n));
    match tokens {
        Some(t) if names.contains(&"style") && names.contains(&"speed") => Ok(t.to_string()),
        _ => Err(VoiceError::Model(format!(
            "{}: not a Kokoro model (inputs are {names:?}; expected tokens, style and speed)",
            model.display()
        ))),
    }
}

/// What is wrong with an utterance, if anything.
fn defect(samples: &[f32]) -> Option<&'static str> {
    if samples.iter().any(|s| !s.is_finite()) {
        Some("non-finite samples")
    } else if samples.iter().fold(0f32, |m, s| m.max(s.abs())) < SILENT_PEAK {
        Some("silence")
    } else {
        None
    }
}

/// A segment's phonemes in misaki's symbols, in calls the model accepts:
/// each call's ids with a pad at each end, and the symbols dropped.
pub fn calls(phonemes: &str) -> Prepared {
    let mut prepared = Prepared::default();
    for piece in chunk::chunks(phonemes.trim(), vocab::MAX_IDS) {
        let (ids, dropped) = vocab::ids(&piece);
        prepared.missing.extend(dropped);
        // Punctuation and spaces alone (ids 1–16) say nothing.
        if ids.iter().all(|&i| i <= 16) {
            continue;
        }
        let mut padded = Vec::with_capacity(ids.len() + 2);
        padded.push(0);
        padded.extend(ids);
        padded.push(0);
        prepared.sentences.push(padded);
    }
    prepared
}

impl Synthesizer for KokoroVoice {
    fn sample_rate(&self) -> u32 {
        SAMPLE_RATE
    }

    fn signature(&self) -> &str {
        &self.identity
    }

    fn prepare(&self, text: &str) -> std::result::Result<Prepared, VoiceError> {
        Ok(calls(&self.text.phonemes(text)?))
    }

    fn infer(
        &self,
        prepared: &Prepared,
        worker: usize,
    ) -> std::result::Result<Vec<f32>, VoiceError> {
        let loaded = self.session(worker)?;
        let mut audio = Vec::new();
        for ids in &prepared.sentences {
            let mut samples = self.call(loaded, ids)?;
            if defect(&samples).is_some() {
                samples = self.call(loaded, ids)?;
            }
            if let Some(what) = defect(&samples) {
                let symbols: String = ids.iter().filter_map(|&i| vocab::symbol(i)).collect();
                return Err(VoiceError::Model(format!(
                    "Kokoro gave {what} twice for the phonemes \"{symbols}\"; reword the sentence or add a lexicon entry for its odd word"
                )));
            }
            audio.extend_from_slice(&samples);
        }
        Ok(audio)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_pad_the_ids_and_drop_empty_pieces() {
        // G1 of docs/src/kokoro-research.md, as espeak gives it with ties.
        let p = calls("həlˈO wˈɜɹld, ðɪs ɪz ɐ tˈɛst.");
        assert_eq!(p.sentences.len(), 1);
        assert!(
            calls(". ").sentences.is_empty(),
            "a lone full stop says nothing"
        );
        let ids = &p.sentences[0];
        assert_eq!((ids[0], ids[ids.len() - 1]), (0, 0));
        assert_eq!(&ids[1..6], [50, 83, 54, 156, 31]);
        assert_eq!(ids.len(), 29 + 2);
        assert_eq!(ids[22], 70, "the article ɐ");
        assert!(p.missing.is_empty());
        // A sentence of 600 ids becomes two calls, each within the limit.
        let long = "ðə kwˈɪk bɹˈWn fˈɑks, ".repeat(30);
        let p = calls(&long);
        assert!(p.sentences.len() >= 2);
        assert!(p.sentences.iter().all(|s| s.len() <= vocab::MAX_IDS + 2));
    }

    #[test]
    fn broken_audio_is_named() {
        assert_eq!(defect(&[0.1, f32::NAN]), Some("non-finite samples"));
        assert_eq!(defect(&[0.1, f32::INFINITY]), Some("non-finite samples"));
        assert_eq!(defect(&[0.0; 2400]), Some("silence"));
        assert_eq!(defect(&[1e-5, -2e-4]), Some("silence"));
        assert_eq!(defect(&[0.0, 0.3, -0.2]), None);
    }
}
