//! `pipeline.toml` → a validated [`Config`].
//!
//! Every key has a default, so an empty file (or no file) is a valid
//! configuration; unknown keys and wrong types are errors that name the key,
//! the file and what was expected. The parse core takes a `&str` so tests need
//! no files; [`Config::load`] is the thin wrapper that finds and reads one.
//!
//! Every path in a config file is relative to the folder of that file, so
//! `narrate --config site/pipeline.toml` from anywhere does what running in
//! `site/` does. Without `--config`, `pipeline.toml` is looked for in the
//! working directory and then upward, as git and cargo find their files.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The file looked for in the working directory when `--config` is not given.
pub const DEFAULT_FILE: &str = "pipeline.toml";

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Globs of the posts `narrate build` reads when given no INPUT.
    pub posts: Vec<String>,
    /// CSS selectors tried in order to find an HTML post's body.
    pub content_selector: Vec<String>,
    /// Name of the voice preset in `voices-dir` (`voices/NAME.toml`).
    pub voice: String,
    /// Folder of voice presets.
    pub voices_dir: PathBuf,
    /// Speaking rate over the preset's, for every voice: above 1 is faster.
    pub speed: f32,
    /// Folder of the content-addressed segment cache.
    pub cache_dir: PathBuf,
    /// Worker threads for synthesis; 0 means one per core.
    pub jobs: usize,
    /// Largest post or feed file read, in MiB (hostile or mistaken input).
    pub max_input_mb: u64,
    /// Proofread every episode a build narrates (`narrate build --proof`):
    /// a speech recognizer hears it and flags words that sound wrong.
    pub proof: bool,
    /// Folder the episodes (MP3, VTT, chapters JSON) are written to.
    pub out_dir: PathBuf,
    /// RSS feed that gains each episode's enclosure; empty: none.
    pub feed: PathBuf,
    /// The ONNX Runtime library; empty: the one `narrate setup` installed.
    pub onnxruntime: PathBuf,
    /// Where the voice runs: the CPU, or an NVIDIA GPU through CUDA (with
    /// `narrate setup --gpu`; without a usable GPU, the CPU and a warning).
    pub device: Device,
    /// An RSS podcast feed narrate writes from the episodes; empty: none.
    pub podcast_feed: PathBuf,
    /// The folder published as the site's root, for `/images/x.png` paths
    /// in front matter; empty: `static/`, then the config's folder.
    pub site_root: PathBuf,
    pub script: ScriptConfig,
    pub pauses: Pauses,
    /// Project pronunciations: word or phrase → respelling or `[[ phonemes ]]`.
    pub lexicon: std::collections::BTreeMap<String, String>,
    pub episode: EpisodeConfig,
    pub audio: AudioConfig,
    /// The show in the podcast feed (with `podcast-feed`).
    pub podcast: PodcastConfig,
    /// The file this configuration was read from, if any (not a key).
    #[serde(skip)]
    pub file: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            posts: vec!["content/posts/*.md".into()],
            content_selector: ["article", "main", ".post-content", ".entry-content", "body"]
                .map(String::from)
                .to_vec(),
            voice: "joe".into(),
            voices_dir: "voices".into(),
            speed: 1.0,
            cache_dir: ".narrate-cache".into(),
            jobs: 0,
            max_input_mb: 16,
            proof: false,
            out_dir: "out".into(),
            feed: PathBuf::new(),
            onnxruntime: PathBuf::new(),
            device: Device::Cpu,
            podcast_feed: PathBuf::new(),
            site_root: PathBuf::new(),
            script: ScriptConfig::default(),
            pauses: Pauses::default(),
            lexicon: Default::default(),
            episode: EpisodeConfig::default(),
            audio: AudioConfig::default(),
            podcast: PodcastConfig::default(),
            file: None,
        }
    }
}

/// How the script stage turns a document into words.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScriptConfig {
    pub code: CodeMode,
    pub code_announcement: String,
    pub footnotes: FootnoteMode,
    pub footnote_intro: String,
    /// Headings at this level or above (1 = `#`) start a chapter.
    pub chapter_level: u8,
    pub quote_intro: String,
    pub quote_outro: String,
    pub tables: TableMode,
    pub table_announcement: String,
    /// Template spoken before the post; `{title}`, `{author}`, `{date}`.
    pub intro: String,
    /// Template spoken after the post; same placeholders as `intro`.
    pub outro: String,
    /// Segments longer than this are split at the best clause boundary.
    pub max_segment_chars: usize,
    /// URLs: say the host ("github dot com") or `url-phrase`.
    pub urls: UrlMode,
    pub url_phrase: String,
    /// Digit strings over 15 digits: "a long number", or digits in groups.
    pub long_numbers: LongNumberMode,
    /// `<abbr title>`: say the abbreviation as written, or its title.
    pub abbreviations: AbbrMode,
    /// Mathematics: read what is simple and announce the rest, always
    /// announce, or skip.
    pub math: MathMode,
    pub math_announcement: String,
}

impl Default for ScriptConfig {
    fn default() -> Self {
        ScriptConfig {
            code: CodeMode::Drop,
            code_announcement: "There is a code sample here; see the post.".into(),
            footnotes: FootnoteMode::Inline,
            footnote_intro: "Footnote:".into(),
            chapter_level: 2,
            quote_intro: "Quote.".into(),
            quote_outro: "End quote.".into(),
            tables: TableMode::Skip,
            table_announcement: "There is a table here; see the post.".into(),
            intro: String::new(),
            outro: String::new(),
            max_segment_chars: 400,
            urls: UrlMode::Host,
            url_phrase: "a link".into(),
            long_numbers: LongNumberMode::Phrase,
            abbreviations: AbbrMode::AsWritten,
            math: MathMode::Read,
            math_announcement: "an equation".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeMode {
    Drop,
    Announce,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FootnoteMode {
    Inline,
    End,
    Drop,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UrlMode {
    Host,
    Phrase,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LongNumberMode {
    Phrase,
    Groups,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AbbrMode {
    AsWritten,
    Expand,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MathMode {
    Read,
    Announce,
    Skip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableMode {
    Skip,
    Announce,
}

/// Silence after a segment, in milliseconds, by where the segment ends.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Pauses {
    pub sentence: u32,
    pub paragraph: u32,
    pub list_item: u32,
    pub heading: u32,
    pub section: u32,
}

impl Default for Pauses {
    fn default() -> Self {
        Pauses {
            sentence: 350,
            paragraph: 750,
            list_item: 500,
            heading: 900,
            section: 1500,
        }
    }
}

/// Where ONNX Runtime runs the voice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Device {
    #[default]
    Cpu,
    Cuda,
}

/// What an episode says about itself: tags, and the URLs the feed gets.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct EpisodeConfig {
    /// URL of an episode's MP3 in the feed; `{slug}` is replaced.
    pub audio_url: String,
    /// Add `<podcast:transcript>` (needs `transcript-url`).
    pub transcripts: bool,
    pub transcript_url: String,
    /// Add `<podcast:chapters>` (needs `chapters-url`).
    pub chapters: bool,
    pub chapters_url: String,
    /// ID3 album (TALB); empty: the feed's channel title.
    pub podcast_title: String,
    /// Cover art (JPEG or PNG) for every episode; a post's `image` wins.
    pub image: PathBuf,
    /// Narrate posts whose enclosure was made elsewhere, replacing it.
    pub replace_existing: bool,
}

/// The show, for the podcast feed narrate writes (`podcast-feed`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct PodcastConfig {
    pub title: String,
    pub description: String,
    pub author: String,
    pub owner_name: String,
    pub owner_email: String,
    /// Show artwork: a URL, or a local JPEG/PNG (relative to the config)
    /// that is copied next to the episodes.
    pub image: String,
    pub link: String,
    /// e.g. "en-us".
    pub language: String,
    /// Apple categories; a subcategory is written "Parent/Child".
    pub categories: Vec<String>,
    pub explicit: Option<bool>,
    #[serde(rename = "type")]
    pub show_type: ShowType,
    pub copyright: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShowType {
    #[default]
    Episodic,
    Serial,
}

/// How the episode sounds and is encoded.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct AudioConfig {
    /// Constant MP3 bitrate in kbit/s.
    pub bitrate: u32,
    /// Output sample rate in Hz; 0 keeps the voice's own rate.
    pub sample_rate: u32,
    /// Target integrated loudness in LUFS (EBU R128).
    pub loudness: f64,
    /// Highest true peak in dBTP.
    pub true_peak: f64,
    /// WAV played before the narration; empty: none.
    pub intro: PathBuf,
    /// WAV played after the narration; empty: none.
    pub outro: PathBuf,
}

impl Default for AudioConfig {
    fn default() -> Self {
        AudioConfig {
            bitrate: 64,
            sample_rate: 0,
            loudness: -16.0,
            true_peak: -1.0,
            intro: PathBuf::new(),
            outro: PathBuf::new(),
        }
    }
}

/// The constant bitrates LAME writes for MPEG-1/2 layer III, in kbit/s.
pub const BITRATES: [u32; 16] = [
    8, 16, 24, 32, 40, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
];
/// The sample rates an MP3 can have.
pub const SAMPLE_RATES: [u32; 9] = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];

impl Config {
    /// Parses and validates a configuration; `origin` names it in errors.
    pub fn parse(text: &str, origin: &Path) -> Result<Config> {
        let config: Config = toml::from_str(text).map_err(|e| Error::Config {
            path: origin.to_path_buf(),
            message: describe_toml_error(&e, text),
        })?;
        config.validate(origin)?;
        Ok(config)
    }

    /// `--config FILE`, else the nearest `pipeline.toml` from the working
    /// directory upward, else the defaults (paths relative to the working
    /// directory). Paths in a file are made relative to its folder.
    pub fn load(explicit: Option<&Path>) -> Result<Config> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match find_upward(Path::new(".")) {
                Some(p) => p,
                None => return Ok(Config::default()),
            },
        };
        let bytes = std::fs::read(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Config {
            path: path.clone(),
            message: format!(
                "not UTF-8 text (invalid byte at offset {}); a configuration is a TOML text file",
                e.utf8_error().valid_up_to()
            ),
        })?;
        let mut config = Config::parse(&text, &path)?;
        config.rebase(path.parent().unwrap_or(Path::new("")));
        config.file = Some(path);
        Ok(config)
    }

    /// Makes every relative path of the configuration relative to `base`
    /// (the config file's folder) instead of the working directory.
    pub fn rebase(&mut self, base: &Path) {
        if base.as_os_str().is_empty() {
            return;
        }
        let join = |p: &mut PathBuf| {
            if !p.as_os_str().is_empty() && p.is_relative() {
                *p = base.join(&*p);
            }
        };
        for p in [
            &mut self.voices_dir,
            &mut self.cache_dir,
            &mut self.out_dir,
            &mut self.feed,
            &mut self.onnxruntime,
            &mut self.podcast_feed,
            &mut self.site_root,
            &mut self.episode.image,
            &mut self.audio.intro,
            &mut self.audio.outro,
        ] {
            join(p);
        }
        let img = &mut self.podcast.image;
        if !img.is_empty() && !img.contains("://") && Path::new(img.as_str()).is_relative() {
            *img = base.join(&*img).to_string_lossy().into_owned();
        }
        // Globs are patterns: the folder part must match itself literally.
        let prefix = glob::Pattern::escape(&base.to_string_lossy());
        for g in &mut self.posts {
            if Path::new(g.as_str()).is_relative() {
                *g = format!("{prefix}/{g}");
            }
        }
    }

    /// `max-input-mb` in bytes.
    pub fn max_input_bytes(&self) -> u64 {
        self.max_input_mb.saturating_mul(1 << 20)
    }

    /// Where site-root paths (`/images/x.png`) are looked for: `site-root`,
    /// else `static/` (Hugo, Zola) then the site's folder (Jekyll,
    /// Eleventy, plain), both beside the config file.
    pub fn site_roots(&self) -> Vec<PathBuf> {
        if !self.site_root.as_os_str().is_empty() {
            return vec![self.site_root.clone()];
        }
        let base = self
            .file
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        vec![base.join("static"), base.clone()]
    }

    /// The configured ONNX Runtime library, if any.
    pub fn runtime(&self) -> Option<&Path> {
        (!self.onnxruntime.as_os_str().is_empty()).then_some(self.onnxruntime.as_path())
    }
}

/// The nearest `pipeline.toml` in `start` or a folder above it. The path
/// keeps `start`'s form (`./pipeline.toml`, `../pipeline.toml`), so messages
/// name it as the user would.
pub fn find_upward(start: &Path) -> Option<PathBuf> {
    let abs = start.canonicalize().ok()?;
    let mut rel = start.to_path_buf();
    for dir in abs.ancestors() {
        let candidate = dir.join(DEFAULT_FILE);
        if candidate.is_file() {
            let shown = rel.join(DEFAULT_FILE);
            return Some(
                shown
                    .strip_prefix("./")
                    .map(Path::to_path_buf)
                    .unwrap_or(shown),
            );
        }
        rel = rel.join("..");
    }
    None
}

/// Where one episode's files are published.
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeUrls {
    /// The MP3: `audio-url` filled in, or `SLUG.mp3` when it is empty
    /// (the manifest's relative URL; a feed needs `audio-url`).
    pub audio: String,
    /// With `transcripts` on.
    pub transcript: Option<String>,
    /// With `chapters` on.
    pub chapters: Option<String>,
}

impl EpisodeConfig {
    /// The URLs of `slug`'s episode, as the feed, the withdrawals and the
    /// manifest all give them.
    pub fn urls(&self, slug: &str) -> EpisodeUrls {
        EpisodeUrls {
            audio: match self.audio_url.as_str() {
                "" => crate::episode_files::mp3_name(slug),
                t => fill_url(t, slug),
            },
            transcript: self
                .transcripts
                .then(|| fill_url(&self.transcript_url, slug)),
            chapters: self.chapters.then(|| fill_url(&self.chapters_url, slug)),
        }
    }
}

/// Replaces `{slug}` in a URL template.
pub fn fill_url(template: &str, slug: &str) -> String {
    template.replace("{slug}", slug)
}

/// A URL template without `{slug}`: every episode would get the same URL.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{key} is `{template}`; it must contain {{slug}} so each episode gets its own URL")]
pub struct UrlTemplateError {
    /// The setting, as the user knows it (`episode.audio-url`, `--audio-url`).
    pub key: String,
    pub template: String,
}

/// The one rule for a URL template (`episode.audio-url` and the others, or
/// `--audio-url`): empty, or with `{slug}`, so each episode gets its own URL
/// and an enclosure can be matched to its file. `key` names the setting.
pub fn check_url_template(key: &str, template: &str) -> std::result::Result<(), UrlTemplateError> {
    if template.is_empty() || template.contains("{slug}") {
        return Ok(());
    }
    Err(UrlTemplateError {
        key: key.to_string(),
        template: template.to_string(),
    })
}

/// toml's message already names the key and what it expected; add the line
/// and column, and where every key is described.
fn describe_toml_error(e: &toml::de::Error, text: &str) -> String {
    // Rust type names mean nothing to a user; say what to write instead.
    let mut msg = e.message().trim_end().to_string();
    for int in ["usize", "u64", "u32", "u16", "u8", "i64"] {
        msg = msg.replace(&format!("expected {int}"), "expected a whole number");
    }
    for float in ["f64", "f32"] {
        msg = msg.replace(&format!("expected {float}"), "expected a number");
    }
    let see = "every key is described in the book's Configuration page (docs/src/configuration.md)";
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            format!("{msg} (line {line}, column {column}); {see}")
        }
        None => format!("{msg}; {see}"),
    }
}

pub mod categories;
mod validate;

#[cfg(test)]
mod tests;
