//! The checks that turn a parsed file into a valid [`Config`]: every value
//! in range, URL templates with `{slug}`, well-formed podcast keys; and
//! what podcast apps require when `podcast-feed` is set, which a build
//! checks. Each error names the key and what to write.

use std::path::Path;

use super::{Config, BITRATES, SAMPLE_RATES};
use crate::error::{Error, Result};

impl Config {
    pub(super) fn validate(&self, origin: &Path) -> Result<()> {
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
        if !(0.5..=2.0).contains(&self.speed) {
            return fail(format!(
                "`speed` is {}; expected 0.5 (half as fast) to 2.0 (twice as fast), default 1.0",
                self.speed
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
        self.validate_podcast(origin)?;
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
            super::check_url_template(&format!("`episode.{key}`"), template)
                .or_else(|e| fail(e.to_string()))?;
        }
        Ok(())
    }
    /// With `podcast-feed` set, what is given must be well formed: known
    /// categories, an e-mail address. What is missing is for a build to
    /// say ([`Config::podcast_gaps`]): `narrate init` writes the keys it
    /// cannot know as commented placeholders, and every other command must
    /// still run.
    fn validate_podcast(&self, origin: &Path) -> Result<()> {
        if self.podcast_feed.as_os_str().is_empty() {
            return Ok(());
        }
        let fail = |message: String| {
            Err(Error::Config {
                path: origin.to_path_buf(),
                message,
            })
        };
        let p = &self.podcast;
        for c in &p.categories {
            if let Err(m) = super::categories::check(c) {
                return fail(format!("`podcast.categories`: {m}"));
            }
        }
        if !p.owner_email.is_empty() && !p.owner_email.contains('@') {
            return fail(format!(
                "`podcast.owner-email` is `{}`; expected an e-mail address",
                p.owner_email
            ));
        }
        Ok(())
    }

    /// What podcast apps require of a podcast feed that is not set, one
    /// message a key; empty without `podcast-feed`. A build refuses to
    /// start while any is missing.
    pub fn podcast_gaps(&self) -> Vec<String> {
        if self.podcast_feed.as_os_str().is_empty() {
            return Vec::new();
        }
        let p = &self.podcast;
        let mut gaps = Vec::new();
        for (key, value, hint) in [
            ("title", &p.title, ""),
            ("description", &p.description, ""),
            (
                "image",
                &p.image,
                " (a square JPEG or PNG, 1400 to 3000 px, or its URL)",
            ),
            ("language", &p.language, " (e.g. \"en-us\")"),
        ] {
            if value.trim().is_empty() {
                gaps.push(format!(
                    "`podcast.{key}` is missing; podcast apps require it when `podcast-feed` is set{hint}"
                ));
            }
        }
        if p.categories.is_empty() {
            gaps.push("`podcast.categories` is missing; podcast apps require at least one, e.g. [\"Technology\"]".into());
        }
        if p.explicit.is_none() {
            gaps.push(
                "`podcast.explicit` is missing; podcast apps require it: true or false".into(),
            );
        }
        if self.episode.audio_url.is_empty() {
            gaps.push(
                "`podcast-feed` is set but `episode.audio-url` is empty; episodes need a URL"
                    .into(),
            );
        }
        gaps
    }
}
