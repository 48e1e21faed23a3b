//! `pipeline.toml` → a validated [`Config`].
//!
//! Every key has a default, so an empty file (or no file) is a valid
//! configuration; unknown keys and wrong types are errors that name the key,
//! the file and what was expected. The parse core takes a `&str` so tests need
//! no files; [`Config::load`] is the thin wrapper that finds and reads one.

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
    /// Folder of the content-addressed segment cache.
    pub cache_dir: PathBuf,
    /// Worker threads for synthesis; 0 means one per core.
    pub jobs: usize,
    /// Folder the episodes (MP3, VTT, chapters JSON) are written to.
    pub out_dir: PathBuf,
    /// RSS feed that gains each episode's enclosure; empty: none.
    pub feed: PathBuf,
    pub script: ScriptConfig,
    pub pauses: Pauses,
    /// Project pronunciations: word or phrase → respelling or `[[ phonemes ]]`.
    pub lexicon: std::collections::BTreeMap<String, String>,
    pub episode: EpisodeConfig,
    pub audio: AudioConfig,
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
            cache_dir: ".narrate-cache".into(),
            jobs: 0,
            out_dir: "out".into(),
            feed: PathBuf::new(),
            script: ScriptConfig::default(),
            pauses: Pauses::default(),
            lexicon: Default::default(),
            episode: EpisodeConfig::default(),
            audio: AudioConfig::default(),
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
            message: describe_toml_error(&e),
        })?;
        config.validate(origin)?;
        Ok(config)
    }

    /// `--config FILE`, else `./pipeline.toml` if present, else the defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Config> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None if Path::new(DEFAULT_FILE).is_file() => PathBuf::from(DEFAULT_FILE),
            None => return Ok(Config::default()),
        };
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        Config::parse(&text, &path)
    }

    fn validate(&self, origin: &Path) -> Result<()> {
        let fail = |message: String| {
            Err(Error::Config {
                path: origin.to_path_buf(),
                message,
            })
        };
        if self.content_selector.is_empty() {
            return fail(
                "`content-selector` is empty; give at least one CSS selector, e.g. [\"article\"]"
                    .into(),
            );
        }
        for s in &self.content_selector {
            if scraper::Selector::parse(s).is_err() {
                return fail(format!(
                    "`content-selector`: `{s}` is not a valid CSS selector"
                ));
            }
        }
        if !(1..=6).contains(&self.script.chapter_level) {
            return fail(format!(
                "`script.chapter-level` is {}; expected a heading level from 1 to 6",
                self.script.chapter_level
            ));
        }
        if self.script.max_segment_chars < 40 {
            return fail(format!(
                "`script.max-segment-chars` is {}; expected at least 40 (default 400)",
                self.script.max_segment_chars
            ));
        }
        if self.voice.is_empty() || self.voice.contains(['/', '\\']) {
            return fail(format!(
                "`voice` is `{}`; expected the name of a preset in `{}` (e.g. \"joe\")",
                self.voice,
                self.voices_dir.display()
            ));
        }
        self.validate_episode(origin)
    }

    fn validate_episode(&self, origin: &Path) -> Result<()> {
        let fail = |message: String| {
            Err(Error::Config {
                path: origin.to_path_buf(),
                message,
            })
        };
        let a = &self.audio;
        if !BITRATES.contains(&a.bitrate) {
            return fail(format!(
                "`audio.bitrate` is {}; expected one of {BITRATES:?} (kbit/s)",
                a.bitrate
            ));
        }
        if a.sample_rate != 0 && !SAMPLE_RATES.contains(&a.sample_rate) {
            return fail(format!(
                "`audio.sample-rate` is {}; expected 0 (the voice's rate) or one of {SAMPLE_RATES:?}",
                a.sample_rate
            ));
        }
        if !(-40.0..=-5.0).contains(&a.loudness) {
            return fail(format!(
                "`audio.loudness` is {}; expected LUFS between -40 and -5 (podcasts use -16)",
                a.loudness
            ));
        }
        if !(-20.0..=0.0).contains(&a.true_peak) {
            return fail(format!(
                "`audio.true-peak` is {}; expected dBTP between -20 and 0 (default -1)",
                a.true_peak
            ));
        }
        let e = &self.episode;
        for (key, on, template) in [
            ("transcript-url", e.transcripts, &e.transcript_url),
            ("chapters-url", e.chapters, &e.chapters_url),
        ] {
            if on && template.is_empty() {
                return fail(format!(
                    "`episode.{key}` is empty but the feed tag is on; set it, e.g. \"https://example.com/audio/{{slug}}…\", or turn the tag off"
                ));
            }
        }
        for (key, template) in [
            ("audio-url", &e.audio_url),
            ("transcript-url", &e.transcript_url),
            ("chapters-url", &e.chapters_url),
        ] {
            if !template.is_empty() && !template.contains("{slug}") {
                return fail(format!(
                    "`episode.{key}` is `{template}`; it must contain {{slug}} so each episode gets its own URL"
                ));
            }
        }
        Ok(())
    }
}

/// Replaces `{slug}` in a URL template.
pub fn fill_url(template: &str, slug: &str) -> String {
    template.replace("{slug}", slug)
}

/// toml's message already names the key and what it expected; add the line.
fn describe_toml_error(e: &toml::de::Error) -> String {
    // Rust type names mean nothing to a user; say what to write instead.
    let msg = e
        .message()
        .trim_end()
        .replace("expected usize", "expected a whole number")
        .replace("expected u32", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("expected u8", "expected a whole number");
    match e.span() {
        Some(span) => format!(
            "{msg} (at byte {}); see the README's configuration section",
            span.start
        ),
        None => format!("{msg}; see the README's configuration section"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Config> {
        Config::parse(s, Path::new("test.toml"))
    }

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn keys_are_kebab_case() {
        let c = parse(
            "[script]\ncode = \"announce\"\nfootnote-intro = \"Note:\"\n[pauses]\nsentence = 200\n",
        )
        .unwrap();
        assert_eq!(c.script.code, CodeMode::Announce);
        assert_eq!(c.script.footnote_intro, "Note:");
        assert_eq!(c.pauses.sentence, 200);
        assert_eq!(c.pauses.paragraph, Pauses::default().paragraph);
    }

    #[test]
    fn unknown_key_names_key_and_file() {
        let err = parse("[script]\nfootnote = \"end\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("test.toml:"), "{err}");
        assert!(err.contains("unknown field `footnote`"), "{err}");
        assert!(err.contains("footnotes"), "lists the accepted keys: {err}");
    }

    #[test]
    fn wrong_type_names_what_is_expected() {
        let err = parse("jobs = \"two\"\n").unwrap_err().to_string();
        assert!(err.contains("test.toml"), "{err}");
        assert!(
            err.contains("invalid type") && err.contains("expected a whole number"),
            "{err}"
        );
    }

    #[test]
    fn wrong_enum_value_lists_choices() {
        let err = parse("[script]\nfootnotes = \"sometimes\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("inline") && err.contains("end") && err.contains("drop"),
            "{err}"
        );
    }

    #[test]
    fn invalid_selector_is_rejected() {
        let err = parse("content-selector = [\"div[\"]\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("`div[` is not a valid CSS selector"), "{err}");
    }

    #[test]
    fn chapter_level_out_of_range() {
        let err = parse("[script]\nchapter-level = 9\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("from 1 to 6"), "{err}");
    }

    #[test]
    fn shipped_pipeline_toml_is_valid_and_documents_defaults() {
        let text = include_str!("../pipeline.toml");
        let c = parse(text).unwrap();
        assert_eq!(c.script, ScriptConfig::default());
        assert_eq!(c.pauses, Pauses::default());
        assert_eq!(c.audio, AudioConfig::default());
        assert_eq!(c.episode, EpisodeConfig::default());
        assert_eq!(c.out_dir, Config::default().out_dir);
    }

    #[test]
    fn audio_settings_are_checked() {
        let err = parse("[audio]\nbitrate = 65\n").unwrap_err().to_string();
        assert!(
            err.contains("`audio.bitrate` is 65") && err.contains("64"),
            "{err}"
        );
        let err = parse("[audio]\nsample-rate = 44000\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("44100"), "{err}");
        let err = parse("[audio]\nloudness = 3.0\n").unwrap_err().to_string();
        assert!(err.contains("-16"), "{err}");
        let c = parse("[audio]\nbitrate = 96\nsample-rate = 44100\nloudness = -19\n").unwrap();
        assert_eq!(
            (c.audio.bitrate, c.audio.sample_rate, c.audio.loudness),
            (96, 44100, -19.0)
        );
    }

    #[test]
    fn url_templates_need_slug_and_feed_tags_need_templates() {
        let err = parse("[episode]\naudio-url = \"https://x.org/a.mp3\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("{slug}"), "{err}");
        let err = parse("[episode]\ntranscripts = true\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("`episode.transcript-url` is empty"), "{err}");
        let c = parse("[episode]\naudio-url = \"https://x.org/{slug}.mp3\"\n").unwrap();
        assert_eq!(
            fill_url(&c.episode.audio_url, "a-b"),
            "https://x.org/a-b.mp3"
        );
    }
}
