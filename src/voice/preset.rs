//! Voice presets (`voices/NAME.toml`) and the model config (`.onnx.json`)
//! they point at, resolved into one [`VoiceSpec`].

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Preset {
    pub model: PathBuf,
    pub config: Option<PathBuf>,
    pub speaker: Option<u32>,
    pub length_scale: Option<f32>,
    pub noise_scale: Option<f32>,
    pub noise_w: Option<f32>,
    pub lexicon: BTreeMap<String, String>,
}

/// The parts of a Piper `.onnx.json` that synthesis needs.
#[derive(Debug, Clone, Deserialize)]
pub struct ModelConfig {
    pub audio: AudioConfig,
    pub espeak: EspeakConfig,
    pub inference: InferenceConfig,
    pub phoneme_id_map: HashMap<String, Vec<i64>>,
    #[serde(default = "one")]
    pub num_speakers: u32,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Deserialize)]
pub struct AudioConfig {
    pub sample_rate: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EspeakConfig {
    pub voice: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct InferenceConfig {
    pub noise_scale: f32,
    pub length_scale: f32,
    pub noise_w: f32,
}

/// A voice ready to load: files found, parameters settled.
#[derive(Debug, Clone)]
pub struct VoiceSpec {
    pub name: String,
    pub model: PathBuf,
    pub config: ModelConfig,
    pub speaker: Option<u32>,
    pub noise_scale: f32,
    pub length_scale: f32,
    pub noise_w: f32,
    pub lexicon: BTreeMap<String, String>,
}

fn voice_error(message: String) -> Error {
    Error::Voice { message }
}

pub fn preset_path(voices_dir: &Path, name: &str) -> PathBuf {
    voices_dir.join(format!("{name}.toml"))
}

pub fn read_preset(path: &Path) -> Result<Preset> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        voice_error(format!(
            "{}: cannot read the voice preset ({e}); `voice` in pipeline.toml names a file in `voices-dir`",
            path.display()
        ))
    })?;
    toml::from_str(&text).map_err(|e| Error::Config {
        path: path.to_path_buf(),
        message: e.message().to_string(),
    })
}

/// Reads a preset and its model's JSON; paths in the preset are relative to it.
pub fn resolve(voices_dir: &Path, name: &str) -> Result<VoiceSpec> {
    let path = preset_path(voices_dir, name);
    let preset = read_preset(&path)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let model = base.join(&preset.model);
    let config_path = preset
        .config
        .as_ref()
        .map(|c| base.join(c))
        .unwrap_or_else(|| PathBuf::from(format!("{}.json", model.display())));
    if !model.is_file() {
        return Err(voice_error(format!(
            "{}: the model of voice `{name}` is missing; run `make demo` or `scripts/bootstrap` to fetch it",
            model.display()
        )));
    }
    let json = std::fs::read_to_string(&config_path).map_err(|e| {
        voice_error(format!(
            "{}: cannot read the model's config ({e}); run `scripts/bootstrap`",
            config_path.display()
        ))
    })?;
    let config: ModelConfig = serde_json::from_str(&json).map_err(|e| {
        voice_error(format!(
            "{}: not a Piper voice config: {e}",
            config_path.display()
        ))
    })?;
    if let Some(s) = preset.speaker {
        if s >= config.num_speakers {
            return Err(voice_error(format!(
                "{}: speaker {s} does not exist; the voice has {} speaker(s) (0 to {})",
                path.display(),
                config.num_speakers,
                config.num_speakers.saturating_sub(1)
            )));
        }
    }
    for (k, p) in ["_", "^", "$"]
        .iter()
        .map(|k| (k, config.phoneme_id_map.get(*k)))
    {
        if p.is_none_or(|v| v.is_empty()) {
            return Err(voice_error(format!(
                "{}: phoneme_id_map has no `{k}`",
                config_path.display()
            )));
        }
    }
    Ok(VoiceSpec {
        name: name.to_string(),
        noise_scale: preset.noise_scale.unwrap_or(config.inference.noise_scale),
        length_scale: preset.length_scale.unwrap_or(config.inference.length_scale),
        noise_w: preset.noise_w.unwrap_or(config.inference.noise_w),
        speaker: preset.speaker.or((config.num_speakers > 1).then_some(0)),
        model,
        config,
        lexicon: preset.lexicon,
    })
}

/// Every preset in `voices_dir`, by name.
pub fn list(voices_dir: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(voices_dir).map_err(|source| Error::Read {
        path: voices_dir.to_path_buf(),
        source,
    })?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    Ok(names)
}
