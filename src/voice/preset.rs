//! Voice presets and the files they point at, resolved into a [`Spec`]:
//! a Piper voice ([`VoiceSpec`], with its model config `.onnx.json`) or a
//! Kokoro voice ([`KokoroSpec`]).
//!
//! A preset is found in the project's `voices-dir`, then in the data
//! folder's `voices/`, then among the presets built into the binary (joe
//! and the five Kokoro voices),
//! so an installed narrate speaks in any folder once `narrate setup` has
//! installed the model.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::kokoro::misaki::Accent;
pub use super::kokoro::KokoroSpec;
use super::voice_error;
use crate::error::{Error, Result};

/// The kind of model a preset drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// A Piper (VITS) model with its `.onnx.json`, 16–22 kHz.
    #[default]
    Piper,
    /// Kokoro-82M with one of its voice tables, 24 kHz.
    Kokoro,
}

impl Family {
    /// What a voice of this family costs, as measured on this project's
    /// 2-core machine (docs/src/voices.md; scripts/bench-voices).
    pub fn measured_speed(self) -> &'static str {
        match self {
            Family::Piper => MEASURED_PIPER,
            Family::Kokoro => MEASURED_KOKORO,
        }
    }
}

// Seconds of audio per second of wall time, `narrate say --jobs 2` on 450
// words of benches/bench-text.txt (scripts/bench-voices; docs/src/voices.md).
const MEASURED_PIPER: &str = "about 22x real time";
const MEASURED_KOKORO: &str = "about 3x real time";

impl std::fmt::Display for Family {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Family::Piper => "piper",
            Family::Kokoro => "kokoro",
        })
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Preset {
    pub family: Family,
    pub model: PathBuf,
    // Piper's keys.
    pub config: Option<PathBuf>,
    pub speaker: Option<u32>,
    pub length_scale: Option<f32>,
    pub noise_scale: Option<f32>,
    pub noise_w: Option<f32>,
    // Kokoro's keys: the voice table, and the accent it speaks.
    pub style: Option<PathBuf>,
    pub accent: Option<Accent>,
    /// Speaking rate for both families: above 1 is faster.
    pub speed: Option<f32>,
    pub lexicon: BTreeMap<String, String>,
}

impl Preset {
    /// Keys set that the preset's family does not read: an error, not a
    /// silent no-op.
    fn foreign_keys(&self) -> Vec<&'static str> {
        let set = |on: bool, key: &'static str| on.then_some(key);
        match self.family {
            Family::Piper => [
                set(self.style.is_some(), "style"),
                set(self.accent.is_some(), "accent"),
            ]
            .into_iter()
            .flatten()
            .collect(),
            Family::Kokoro => [
                set(self.config.is_some(), "config"),
                set(self.speaker.is_some(), "speaker"),
                set(self.length_scale.is_some(), "length-scale"),
                set(self.noise_scale.is_some(), "noise-scale"),
                set(self.noise_w.is_some(), "noise-w"),
            ]
            .into_iter()
            .flatten()
            .collect(),
        }
    }
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

/// A voice ready to load, of either family.
#[derive(Debug, Clone)]
pub enum Spec {
    Piper(VoiceSpec),
    Kokoro(KokoroSpec),
}

impl Spec {
    pub fn name(&self) -> &str {
        match self {
            Spec::Piper(s) => &s.name,
            Spec::Kokoro(s) => &s.name,
        }
    }

    pub fn family(&self) -> Family {
        match self {
            Spec::Piper(_) => Family::Piper,
            Spec::Kokoro(_) => Family::Kokoro,
        }
    }

    /// The preset's `[lexicon]`, for the script stage.
    pub fn lexicon(&self) -> &BTreeMap<String, String> {
        match self {
            Spec::Piper(s) => &s.lexicon,
            Spec::Kokoro(s) => &s.lexicon,
        }
    }

    pub fn model(&self) -> &Path {
        match self {
            Spec::Piper(s) => &s.model,
            Spec::Kokoro(s) => &s.model,
        }
    }

    pub fn sample_rate(&self) -> u32 {
        match self {
            Spec::Piper(s) => s.config.audio.sample_rate,
            Spec::Kokoro(_) => crate::voice::kokoro::SAMPLE_RATE,
        }
    }

    /// The espeak-ng voice the phonemizer speaks with.
    pub fn espeak_voice(&self) -> &str {
        match self {
            Spec::Piper(s) => &s.config.espeak.voice,
            Spec::Kokoro(s) => s.accent.espeak_voice(),
        }
    }

    /// Speaks `factor` times faster than the preset says (the config's
    /// `speed`, over the preset's own).
    pub fn faster(mut self, factor: f32) -> Spec {
        match &mut self {
            Spec::Piper(s) => s.length_scale /= factor,
            Spec::Kokoro(s) => s.speed = (s.speed * factor).clamp(0.5, 2.0),
        }
        self
    }

    /// The Piper spec, for code that only drives Piper.
    pub fn piper(self) -> Option<VoiceSpec> {
        match self {
            Spec::Piper(s) => Some(s),
            Spec::Kokoro(_) => None,
        }
    }
}

/// A Piper voice ready to load: files found, parameters settled.
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

/// Presets compiled into the binary, so a fresh install needs no preset
/// file: every voice `narrate setup` installs has one.
const BUILT_IN: &[(&str, &str)] = &[
    ("joe", include_str!("presets/joe.toml")),
    ("kokoro-heart", include_str!("presets/kokoro-heart.toml")),
    ("kokoro-bella", include_str!("presets/kokoro-bella.toml")),
    (
        "kokoro-michael",
        include_str!("presets/kokoro-michael.toml"),
    ),
    ("kokoro-emma", include_str!("presets/kokoro-emma.toml")),
    ("kokoro-george", include_str!("presets/kokoro-george.toml")),
];

/// The text of built-in preset `name`.
pub fn built_in(name: &str) -> Option<&'static str> {
    BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

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
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
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
    Err(Error::NoPreset {
        name: name.to_string(),
        searched: preset_dirs(voices_dir)
            .iter()
            .map(|d| preset_path(d, name).display().to_string())
            .collect::<Vec<_>>()
            .join(" or "),
        built_in: BUILT_IN
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", "),
    })
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

/// Reads a preset and the files it names, ready to load.
pub fn resolve(voices_dir: &Path, name: &str) -> Result<Spec> {
    let (origin, preset) = find(voices_dir, name)?;
    let foreign = preset.foreign_keys();
    if !foreign.is_empty() {
        return Err(voice_error(format!(
            "{origin}: {} {} voice (voice `{name}`); remove {}, or set `family`",
            foreign
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if foreign.len() == 1 {
                format!("is not a key of a {}", preset.family)
            } else {
                format!("are not keys of a {}", preset.family)
            },
            if foreign.len() == 1 { "it" } else { "them" }
        )));
    }
    if let Some(s) = preset.speed {
        if !(0.5..=2.0).contains(&s) {
            return Err(voice_error(format!(
                "{origin}: speed is {s}; expected 0.5 (half as fast) to 2.0 (twice as fast)"
            )));
        }
    }
    let installed = |file: &Path, what: &str, key: &str| -> Result<PathBuf> {
        let path = locate(&origin, file).ok_or_else(|| {
            voice_error(format!(
                "the {what} of voice `{name}` ({}) is not installed; run `narrate setup`{} (looked in {})",
                file.display(),
                if crate::install::manifest::voice(name).is_some() && name != "joe" {
                    format!(" --voice {name}")
                } else {
                    String::new()
                },
                crate::install::home::describe_stores()
            ))
        })?;
        if !path.is_file() {
            return Err(voice_error(format!(
                "{}: the {what} of voice `{name}` is missing (preset: {origin}); fix `{key}` in the preset, or run `narrate setup` for a voice narrate installs",
                path.display()
            )));
        }
        Ok(path)
    };
    let model = installed(&preset.model, "model", "model")?;
    match preset.family {
        Family::Piper => resolve_piper(name, origin, preset, model).map(Spec::Piper),
        Family::Kokoro => {
            let Some(style) = &preset.style else {
                return Err(voice_error(format!(
                    "{origin}: a Kokoro voice needs `style`, the voice table (e.g. style = \"kokoro-af_heart.bin\")"
                )));
            };
            let style = installed(style, "voice table", "style")?;
            let accent = preset
                .accent
                .or_else(|| Accent::of_voice(&style.file_name()?.to_string_lossy()))
                .ok_or_else(|| {
                    voice_error(format!(
                        "{origin}: set `accent` (\"american\" or \"british\"): it cannot be told from the voice table's name ({})",
                        style.display()
                    ))
                })?;
            let dictionary = |kind: &str| {
                let file = format!(
                    "misaki-{}_{kind}.json",
                    match accent {
                        Accent::American => "us",
                        Accent::British => "gb",
                    }
                );
                installed(Path::new(&file), "pronunciation lexicon", "accent")
            };
            let lexicon_files = (dictionary("gold")?, dictionary("silver")?);
            Ok(Spec::Kokoro(KokoroSpec {
                name: name.to_string(),
                model,
                style,
                accent,
                lexicon_files,
                speed: preset.speed.unwrap_or(1.0),
                lexicon: preset.lexicon,
            }))
        }
    }
}

fn resolve_piper(name: &str, origin: Origin, preset: Preset, model: PathBuf) -> Result<VoiceSpec> {
    let config_path = match &preset.config {
        Some(c) => locate(&origin, c).unwrap_or_else(|| c.clone()),
        None => PathBuf::from(format!("{}.json", model.display())),
    };
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
        // Speed divides the length of every phoneme.
        length_scale: preset.length_scale.unwrap_or(config.inference.length_scale)
            / preset.speed.unwrap_or(1.0),
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

#[cfg(test)]
mod tests {
    #[test]
    fn every_installable_voice_is_a_built_in_preset_and_the_runtime_is_ours() {
        for name in crate::install::manifest::voice_names() {
            assert!(super::built_in(name).is_some(), "{name}");
        }
        assert_eq!(
            crate::install::manifest::runtime().files[0].file,
            crate::voice::runtime::ORT_LIBRARY
        );
    }
}
