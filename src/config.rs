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
    pub script: ScriptConfig,
    pub pauses: Pauses,
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
            script: ScriptConfig::default(),
            pauses: Pauses::default(),
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
        Ok(())
    }
}

/// toml's message already names the key and what it expected; add the line.
fn describe_toml_error(e: &toml::de::Error) -> String {
    // Rust type names mean nothing to a user; say what to write instead.
    let msg = e
        .message()
        .trim_end()
        .replace("expected usize", "expected a whole number")
        .replace("expected u32", "expected a whole number")
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
    }
}
