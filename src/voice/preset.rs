//! Voice presets and the model config (`.onnx.json`) they point at,
//! resolved into one [`VoiceSpec`].
//!
//! A preset is found in the project's `voices-dir`, then in the data
//! folder's `voices/`, then among the presets built into the binary (joe),
//! so an installed narrate speaks in any folder once `narrate setup` has
//! installed the model.

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
    /// Size of the model's phoneme embedding, when the JSON says.
    #[serde(default)]
    pub num_symbols: Option<u64>,
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

/// Presets compiled into the binary, so a fresh install needs no preset file.
const BUILT_IN: &[(&str, &str)] = &[("joe", include_str!("presets/joe.toml"))];

/// Where a preset was found: a file (project or data folder) or built in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    BuiltIn,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::BuiltIn => f.write_str("built in"),
        }
    }
}

pub fn preset_path(voices_dir: &Path, name: &str) -> PathBuf {
    voices_dir.join(format!("{name}.toml"))
}

/// The folders presets are read from, in order: the project's
/// `voices-dir`, then the data folder's `voices/`.
fn preset_dirs(voices_dir: &Path) -> Vec<PathBuf> {
    std::iter::once(voices_dir.to_path_buf())
        .chain(crate::install::home::voices_dir())
        .collect()
}

fn parse_preset(text: &str, origin: &Origin) -> Result<Preset> {
    toml::from_str(text).map_err(|e| Error::Config {
        path: match origin {
            Origin::File(p) => p.clone(),
            Origin::BuiltIn => PathBuf::from("(built-in preset)"),
        },
        message: e.message().to_string(),
    })
}

pub fn read_preset(path: &Path) -> Result<Preset> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        voice_error(format!(
            "{}: cannot read the voice preset ({e})",
            path.display()
        ))
    })?;
    parse_preset(&text, &Origin::File(path.to_path_buf()))
}

/// Finds preset `name`: the project's `voices-dir`, the data folder's
/// `voices/`, then the presets built into narrate.
pub fn find(voices_dir: &Path, name: &str) -> Result<(Origin, Preset)> {
    for dir in preset_dirs(voices_dir) {
        let path = preset_path(&dir, name);
        if path.is_file() {
            let preset = read_preset(&path)?;
            return Ok((Origin::File(path), preset));
        }
    }
    if let Some((_, text)) = BUILT_IN.iter().find(|(n, _)| *n == name) {
        return Ok((Origin::BuiltIn, parse_preset(text, &Origin::BuiltIn)?));
    }
    Err(voice_error(format!(
        "voice `{name}`: no preset {} and none built in (built in: {}); `voice` in pipeline.toml names a preset",
        preset_dirs(voices_dir)
            .iter()
            .map(|d| preset_path(d, name).display().to_string())
            .collect::<Vec<_>>()
            .join(" or "),
        BUILT_IN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
    )))
}

/// A file a preset names: relative to the preset's folder; a bare name not
/// found there (or any name, for a built-in preset) comes from the stores
/// `narrate setup` fills. `None` when it is nowhere.
fn locate(origin: &Origin, file: &Path) -> Option<PathBuf> {
    if let Origin::File(p) = origin {
        let beside = p.parent().unwrap_or(Path::new(".")).join(file);
        if beside.is_file() || file.components().count() > 1 || file.is_absolute() {
            return Some(beside);
        }
    }
    let name = file.file_name()?.to_str()?;
    crate::install::home::find(name)
}

/// Reads a preset and its model's JSON, ready to load.
pub fn resolve(voices_dir: &Path, name: &str) -> Result<VoiceSpec> {
    let (origin, preset) = find(voices_dir, name)?;
    let model = locate(&origin, &preset.model).ok_or_else(|| {
        voice_error(format!(
            "the model of voice `{name}` ({}) is not installed; run `narrate setup`{} (looked in {})",
            preset.model.display(),
            if crate::install::manifest::voice(name).is_some() && name != "joe" {
                format!(" --voice {name}")
            } else {
                String::new()
            },
            crate::install::home::describe_stores()
        ))
    })?;
    let config_path = match &preset.config {
        Some(c) => locate(&origin, c).unwrap_or_else(|| c.clone()),
        None => PathBuf::from(format!("{}.json", model.display())),
    };
    if !model.is_file() {
        return Err(voice_error(format!(
            "{}: the model of voice `{name}` is missing (preset: {origin}); fix `model` in the preset, or run `narrate setup` for a voice narrate installs",
            model.display()
        )));
    }
    let json = std::fs::read_to_string(&config_path).map_err(|e| {
        voice_error(format!(
            "{}: cannot read the model's config ({e}); run `narrate setup` to install it again",
            config_path.display()
        ))
    })?;
    let config: ModelConfig = serde_json::from_str(&json).map_err(|e| {
        voice_error(format!(
            "{}: not a Piper voice config: {e}",
            config_path.display()
        ))
    })?;
    validate_model_config(&config, &config_path)?;
    if let Some(s) = preset.speaker {
        if s >= config.num_speakers {
            return Err(voice_error(format!(
                "{origin}: speaker {s} does not exist; the voice has {} speaker(s) (0 to {})",
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

/// A Piper JSON whose numbers would make synthesis fail or panic later:
/// refused here with the file named.
fn validate_model_config(config: &ModelConfig, path: &Path) -> Result<()> {
    let bad = |what: String| {
        Err(voice_error(format!(
            "{}: {what}; this is not a usable Piper voice config (run `narrate setup` for a fresh copy of a voice narrate installs)",
            path.display()
        )))
    };
    let rate = config.audio.sample_rate;
    if !(8_000..=192_000).contains(&rate) {
        return bad(format!(
            "audio.sample_rate is {rate}, expected 8000 to 192000 Hz"
        ));
    }
    if config.num_speakers == 0 {
        return bad("num_speakers is 0".into());
    }
    let i = &config.inference;
    for (name, v) in [
        ("noise_scale", i.noise_scale),
        ("length_scale", i.length_scale),
        ("noise_w", i.noise_w),
    ] {
        if !v.is_finite() || !(0.0..=10.0).contains(&v) {
            return bad(format!("inference.{name} is {v}, expected 0 to 10"));
        }
    }
    if i.length_scale == 0.0 {
        return bad("inference.length_scale is 0".into());
    }
    for (phoneme, ids) in &config.phoneme_id_map {
        for &id in ids {
            let out_of_range = id < 0 || config.num_symbols.is_some_and(|n| id as u64 >= n);
            if out_of_range {
                return bad(format!(
                    "phoneme `{phoneme}` has id {id}, outside the model's {} symbols",
                    config.num_symbols.map_or("0…".into(), |n| n.to_string())
                ));
            }
        }
    }
    Ok(())
}

/// Every preset name: the project's, the data folder's and the built-in
/// ones, sorted, each once.
pub fn list(voices_dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = preset_dirs(voices_dir)
        .iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .chain(BUILT_IN.iter().map(|(n, _)| n.to_string()))
        .collect();
    names.sort();
    names.dedup();
    names
}
