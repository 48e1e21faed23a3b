//! `narrate init`: a commented `pipeline.toml` for the site in a folder.
//!
//! A blogger's first contact with narrate. [`detect`] recognizes the
//! generator and finds posts, feed, a published folder and the base URL;
//! [`config_text`] turns that into a file that explains itself and parses
//! as a valid [`Config`](crate::config::Config). An existing
//! `pipeline.toml` is never overwritten.

pub mod detect;

use std::io::Write;
use std::path::{Path, PathBuf};

pub use detect::{detect, Generator, Site};

use crate::config::DEFAULT_FILE;
use crate::error::{Error, Result};

/// TOML's basic string: quotes and backslashes escaped.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The commented configuration for `site`.
pub fn config_text(site: &Site) -> String {
    let mut t = String::new();
    let found = match &site.evidence {
        Some(f) => format!("{} site (found {f})", site.generator.name()),
        None => site.generator.name().to_string(),
    };
    t += &format!("# narrate's configuration for this {found}, written by `narrate init`.\n");
    t += "# Paths are relative to this file. Every key not written here has a\n";
    t += "# default; the book's Configuration page (docs/src/configuration.md) lists\n# them all.\n\n";
    t += "# The posts that become episodes (globs).\n";
    let posts: Vec<String> = site.posts.iter().map(|p| quote(p)).collect();
    t += &format!("posts = [{}]\n\n", posts.join(", "));
    match (&site.feed, &site.podcast_feed) {
        (None, Some(podcast)) => {
            t += "# Your generator's feed is Atom, which podcast apps do not read, so no\n";
            t += "# feed gains enclosures; narrate writes an RSS podcast feed of its own\n";
            t += "# from the episodes, described by [podcast] below.\n";
            t += "feed = \"\"\n";
            t += &format!("podcast-feed = {}\n\n", quote(podcast));
        }
        (feed, _) => {
            t += "# The RSS feed that gains each episode's <enclosure> and <itunes:duration>.\n";
            t += "# It is the file your generator writes: build the site before narrate.\n";
            match feed {
                Some(f) => t += &format!("feed = {}\n\n", quote(f)),
                None => t += "# feed = \"public/index.xml\"\nfeed = \"\"\n\n",
            }
        }
    }
    t += "# Where the episodes go ({slug}.mp3, .vtt, .chapters.json): a folder the\n";
    t += "# generator publishes, so every deploy carries them.\n";
    t += &format!("out-dir = {}\n\n", quote(&site.out_dir));
    t += "# Synthesized sentences, reused across runs; keep it out of git (and in\n";
    t += "# your CI cache).\n";
    t += "cache-dir = \".narrate-cache\"\n\n";
    t += "# The voice: a preset built into narrate, or NAME.toml in voices-dir. joe\n";
    t += "# (Piper) is fast; the Kokoro-82M voices sound more natural at about 8x\n";
    t += "# the compute (a 10-minute post: about 3.5 minutes on 2 cores): kokoro-heart,\n";
    t += "# kokoro-bella (US female), kokoro-michael (US male), kokoro-emma,\n";
    t += "# kokoro-george (British). `narrate setup --voice NAME` installs one.\n";
    t += "voice = \"joe\"\n";
    t += "# voice = \"kokoro-heart\"\n\n";
    t += "[episode]\n";
    t += "# The published URL of an episode's MP3; {slug} is replaced.\n";
    match site.url_of("mp3") {
        Some(u) => t += &format!("audio-url = {}\n", quote(&u)),
        None => {
            t += &format!(
                "# Set it to your site's address, e.g. \"https://example.com/{}/{{slug}}.mp3\".\naudio-url = \"\"\n",
                site.out_dir.strip_prefix("static/").unwrap_or(&site.out_dir)
            );
        }
    }
    match (site.url_of("vtt"), site.url_of("chapters.json")) {
        (Some(vtt), Some(ch)) => {
            t += "# Podcasting 2.0 transcript and chapters for podcast apps that show them.\n";
            t += &format!("transcripts = true\ntranscript-url = {}\n", quote(&vtt));
            t += &format!("chapters = true\nchapters-url = {}\n", quote(&ch));
        }
        _ => {
            t += "# Podcasting 2.0 transcript and chapters: set the URLs, then turn them on.\n";
            t += "transcripts = false\ntranscript-url = \"\"\nchapters = false\nchapters-url = \"\"\n";
        }
    }
    if site.podcast_feed.is_some() {
        t += &podcast_table(site);
    }
    t
}

/// The `[podcast]` table of a podcast feed of narrate's own: what the
/// generator's config says, and what it cannot say left commented for the
/// author (a build names each key still missing).
fn podcast_table(site: &Site) -> String {
    let mut t = String::from("\n[podcast]\n");
    t += "# The show in podcast apps, from your generator's config.\n";
    let show = &site.show;
    let base_url = site.base_url.clone();
    for (key, value, example) in [
        ("title", &show.title, "\"My Blog, Read Aloud\""),
        (
            "description",
            &show.description,
            "\"Posts from my blog, narrated.\"",
        ),
        ("author", &show.author, "\"Your Name\""),
        ("language", &show.language, "\"en-us\""),
        ("link", &base_url, "\"https://example.com\""),
    ] {
        match value {
            Some(v) => t += &format!("{key} = {}\n", quote(v)),
            None => t += &format!("# {key} = {example}\n"),
        }
    }
    t += "# Set true if an episode has explicit content.\n";
    t += "explicit = false\n";
    t += "# What narrate cannot know; a build names each one still missing.\n";
    t += "# Show artwork: a square JPEG or PNG, 1400 to 3000 px (a path from here, or a URL).\n";
    t += "# image = \"podcast-cover.png\"\n";
    t += "# Apple Podcasts categories; \"Parent/Child\" for a subcategory.\n";
    t += "# categories = [\"Technology\"]\n";
    t += "# Where podcast directories reach you (optional; some require it to verify you).\n";
    t += "# owner-name = \"Your Name\"\n";
    t += "# owner-email = \"you@example.com\"\n";
    t
}

/// What `narrate init` did.
#[derive(Debug)]
pub struct Initialized {
    pub site: Site,
    pub path: PathBuf,
}

/// Detects the site in `dir` and writes `dir/pipeline.toml`, never over
/// an existing one.
pub fn run(dir: &Path) -> Result<Initialized> {
    let path = dir.join(DEFAULT_FILE);
    if path.exists() {
        return Err(Error::Usage(format!(
            "{}: already exists; narrate init never overwrites it (remove or rename it to start again)",
            path.display()
        )));
    }
    let site = detect(dir);
    let text = config_text(&site);
    // The written file must be a valid configuration: a bug here would
    // greet a new user with an error.
    crate::config::Config::parse(&text, &path)?;
    // create_new: a file that appeared since the check above is not replaced.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
    file.write_all(text.as_bytes())
        .map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
    Ok(Initialized { site, path })
}
