//! Where a run writes: the feed whose items get enclosures, the output
//! folder of the episodes, and the URL they are published under. Decided
//! once, from the command line over the config, and checked before any
//! work, so `build` and `check` (and whatever command comes next) agree.

use std::path::{Path, PathBuf};

use crate::config::{self, Config};
use crate::error::{Error, Result};
use crate::post::Post;

/// What the command line says over the config (all optional).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub feed: Option<PathBuf>,
    pub out_dir: Option<PathBuf>,
    pub audio_url: Option<String>,
}

/// The feed, the output folder and the config with `--audio-url` in it.
#[derive(Debug, Clone)]
pub struct Target {
    /// The RSS feed to write enclosures into; `None`: episodes only.
    pub feed: Option<PathBuf>,
    pub out_dir: PathBuf,
    /// The run's config: the file's, with the overrides applied.
    pub config: Config,
}

impl Target {
    /// For a build: the feed is `--feed`, else the config's `feed`, else
    /// the first feed among the posts' sources that is RSS (a feed of posts
    /// is also the feed to write back into). A feed needs `audio-url`.
    pub fn for_build(overrides: &Overrides, config: &Config, posts: &[Post]) -> Result<Target> {
        let config = apply(overrides, config)?;
        let feed = explicit_feed(overrides, &config).or_else(|| rss_source(posts, &config));
        if let Some(feed) = &feed {
            require_audio_url(feed, &config)?;
        }
        check_podcast(&config)?;
        check_artwork(&config)?;
        Ok(Target {
            feed,
            out_dir: out_dir(overrides, &config),
            config,
        })
    }

    /// For `check`: a feed must be given.
    pub fn for_check(overrides: &Overrides, config: &Config) -> Result<Target> {
        let config = apply(overrides, config)?;
        let feed = explicit_feed(overrides, &config).ok_or_else(|| {
            Error::Usage("no feed to check: pass --feed FILE or set `feed` in the config".into())
        })?;
        Ok(Target {
            feed: Some(feed),
            out_dir: out_dir(overrides, &config),
            config,
        })
    }

    /// The folders one build of this target holds its lock on: the output
    /// folder and the feed's folder.
    pub fn lock_dirs(&self) -> Vec<&Path> {
        let mut dirs = vec![self.out_dir.as_path()];
        if let Some(f) = &self.feed {
            dirs.push(
                f.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new(".")),
            );
        }
        dirs
    }
}

/// The config with `--audio-url` in it, checked by the config's own rule.
fn apply(overrides: &Overrides, config: &Config) -> Result<Config> {
    let mut config = config.clone();
    if let Some(url) = &overrides.audio_url {
        config::check_url_template("--audio-url", url).map_err(|e| Error::Usage(e.to_string()))?;
        config.episode.audio_url = url.clone();
    }
    Ok(config)
}

fn explicit_feed(overrides: &Overrides, config: &Config) -> Option<PathBuf> {
    overrides
        .feed
        .clone()
        .or_else(|| (!config.feed.as_os_str().is_empty()).then(|| config.feed.clone()))
}

fn out_dir(overrides: &Overrides, config: &Config) -> PathBuf {
    overrides
        .out_dir
        .clone()
        .unwrap_or_else(|| config.out_dir.clone())
}

/// The first feed a post was read from that is RSS. Each feed file is read
/// once here (a feed gives many posts); the chosen one again under the lock.
fn rss_source(posts: &[Post], config: &Config) -> Option<PathBuf> {
    let mut sources: Vec<&PathBuf> = posts
        .iter()
        .filter(|p| p.item.is_some())
        .map(|p| &p.source)
        .collect();
    sources.dedup();
    sources
        .into_iter()
        .find(|f| {
            crate::ingest::read_text(f, config.max_input_bytes())
                .is_ok_and(|t| crate::feed::is_rss(&t))
        })
        .cloned()
}

/// Enclosures need a URL: without `audio-url` a feed cannot be written.
/// Checked before any synthesis so a misconfigured build fails at once.
pub fn require_audio_url(feed: &Path, config: &Config) -> Result<()> {
    if config.episode.audio_url.is_empty() {
        return Err(Error::Usage(format!(
            "{}: cannot write enclosures without a URL: set `audio-url` under [episode] in the config (e.g. \"https://example.com/audio/{{slug}}.mp3\") or pass --audio-url",
            feed.display()
        )));
    }
    Ok(())
}

/// A podcast feed needs the keys podcast apps require: every missing one
/// is named (one a line) before any work.
fn check_podcast(config: &Config) -> Result<()> {
    let gaps = config.podcast_gaps();
    if gaps.is_empty() {
        return Ok(());
    }
    Err(Error::Config {
        path: config
            .file
            .clone()
            .unwrap_or_else(|| PathBuf::from(config::DEFAULT_FILE)),
        message: gaps.join("\n  and "),
    })
}

/// The podcast feed's artwork, when it is a local file, must exist before
/// an hour of synthesis, not after.
fn check_artwork(config: &Config) -> Result<()> {
    let art = &config.podcast.image;
    if !config.podcast_feed.as_os_str().is_empty()
        && !art.contains("://")
        && !Path::new(art).is_file()
    {
        return Err(Error::Usage(format!(
            "{art}: `podcast.image` is not a file; give a JPEG or PNG (1400 to 3000 px, square) or a URL"
        )));
    }
    Ok(())
}
