//! A podcast feed of narrate's own (`podcast-feed`): RSS 2.0 with the
//! iTunes and Podcasting 2.0 namespaces, made from the episodes manifest.
//!
//! For blogs whose feed is Atom (podcast apps read only RSS), whose feed is
//! regenerated on every deploy, or that want a separate show with its own
//! art and category. Everything in it comes from the configuration and the
//! manifest, and nothing from the clock, so a build with nothing changed
//! writes the same bytes (and the file is then not rewritten at all).

use std::path::{Path, PathBuf};

use super::manifest::{Entry, Manifest};
use super::writeback::{escape_attr, escape_text};
use crate::config::{PodcastConfig, ShowType};
use crate::error::{Error, Result};
use crate::feed::{ITUNES_NS, PODCAST_NS};

/// Show artwork: a URL as given, or a local file copied into the output
/// folder beside the episodes (its URL made from `audio-url`).
#[derive(Debug, Clone, PartialEq)]
pub struct Artwork {
    pub url: String,
    /// Things podcast apps would reject or complain about.
    pub warnings: Vec<String>,
}

/// Podcast apps ask for square JPEG or PNG art from 1400 to 3000 px.
pub fn check_art(bytes: &[u8]) -> Vec<String> {
    let mut w = Vec::new();
    let format = image::guess_format(bytes).ok();
    if !matches!(
        format,
        Some(image::ImageFormat::Png) | Some(image::ImageFormat::Jpeg)
    ) {
        w.push("is not a JPEG or PNG file, which podcast apps require".into());
        return w;
    }
    match image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_dimensions().ok())
    {
        None => w.push("cannot be read as an image".into()),
        Some((x, y)) => {
            if x != y {
                w.push(format!("is {x}×{y} px; podcast apps want square art"));
            }
            if !(1400..=3000).contains(&x.max(y)) || !(1400..=3000).contains(&x.min(y)) {
                w.push(format!(
                    "is {x}×{y} px; podcast apps want 1400 to 3000 px on each side"
                ));
            }
        }
    }
    w
}

/// Resolves the show's artwork; a local file is checked and copied (only
/// when it changed) into `out_dir` as `podcast-cover.png|jpg`.
pub fn artwork(image: &str, audio_url: &str, out_dir: &Path) -> Result<Artwork> {
    if image.contains("://") {
        return Ok(Artwork {
            url: image.to_string(),
            warnings: Vec::new(),
        });
    }
    let src = PathBuf::from(image);
    let bytes = std::fs::read(&src).map_err(|source| Error::Read {
        path: src.clone(),
        source,
    })?;
    let warnings = check_art(&bytes)
        .into_iter()
        .map(|w| format!("{}: podcast artwork {w}", src.display()))
        .collect();
    let ext = match image::guess_format(&bytes) {
        Ok(image::ImageFormat::Jpeg) => "jpg",
        _ => "png",
    };
    let name = format!("podcast-cover.{ext}");
    let dest = out_dir.join(&name);
    if std::fs::read(&dest).ok().as_deref() != Some(bytes.as_slice()) {
        std::fs::create_dir_all(out_dir).map_err(|source| Error::Write {
            path: out_dir.to_path_buf(),
            source,
        })?;
        crate::atomic::write(&dest, &bytes)?;
    }
    let folder = audio_url
        .split_once("{slug}")
        .map(|(prefix, _)| prefix)
        .filter(|p| p.ends_with('/'))
        .ok_or_else(|| {
            Error::Usage(
                "`podcast.image` is a local file, so its URL is made from `episode.audio-url`, whose {slug} must start a path segment (e.g. https://example.com/audio/{slug}.mp3); give `podcast.image` as a URL instead".into(),
            )
        })?;
    Ok(Artwork {
        url: format!("{folder}{name}"),
        warnings,
    })
}

fn tag(out: &mut String, indent: &str, name: &str, text: &str) {
    if !text.is_empty() {
        out.push_str(&format!("{indent}<{name}>{}</{name}>\n", escape_text(text)));
    }
}

/// Newest first; undated episodes last, by slug.
fn order(m: &Manifest) -> Vec<(&String, &Entry)> {
    let mut eps: Vec<(&String, &Entry)> = m.episodes.iter().collect();
    let when = |e: &Entry| {
        e.pub_date
            .as_deref()
            .and_then(crate::pubdate::parse)
            .map(|d| d.unix())
    };
    eps.sort_by(|a, b| when(b.1).cmp(&when(a.1)).then_with(|| a.0.cmp(b.0)));
    eps
}

/// The podcast feed's text.
pub fn render(show: &PodcastConfig, art_url: &str, m: &Manifest) -> String {
    let eps = order(m);
    let mut o = String::new();
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str(&format!(
        "<rss version=\"2.0\" xmlns:itunes=\"{ITUNES_NS}\" xmlns:podcast=\"{PODCAST_NS}\">\n  <channel>\n"
    ));
    let i2 = "    ";
    tag(&mut o, i2, "title", &show.title);
    tag(&mut o, i2, "link", &show.link);
    tag(&mut o, i2, "description", &show.description);
    tag(&mut o, i2, "language", &show.language);
    tag(&mut o, i2, "copyright", &show.copyright);
    tag(&mut o, i2, "generator", "narrate");
    // The newest episode's date, not the clock: rebuilding changes nothing.
    if let Some(d) = eps.iter().find_map(|(_, e)| e.pub_date.as_deref()) {
        tag(&mut o, i2, "lastBuildDate", d);
    }
    tag(&mut o, i2, "itunes:author", &show.author);
    tag(&mut o, i2, "itunes:summary", &show.description);
    o.push_str(&format!(
        "{i2}<itunes:image href=\"{}\"/>\n",
        escape_attr(art_url)
    ));
    for c in &show.categories {
        match c.split_once('/') {
            Some((p, ch)) => o.push_str(&format!(
                "{i2}<itunes:category text=\"{}\">\n{i2}  <itunes:category text=\"{}\"/>\n{i2}</itunes:category>\n",
                escape_attr(p.trim()),
                escape_attr(ch.trim())
            )),
            None => o.push_str(&format!(
                "{i2}<itunes:category text=\"{}\"/>\n",
                escape_attr(c.trim())
            )),
        }
    }
    tag(
        &mut o,
        i2,
        "itunes:explicit",
        if show.explicit == Some(true) {
            "true"
        } else {
            "false"
        },
    );
    tag(
        &mut o,
        i2,
        "itunes:type",
        match show.show_type {
            ShowType::Episodic => "episodic",
            ShowType::Serial => "serial",
        },
    );
    if !show.owner_name.is_empty() || !show.owner_email.is_empty() {
        o.push_str(&format!("{i2}<itunes:owner>\n"));
        tag(&mut o, &format!("{i2}  "), "itunes:name", &show.owner_name);
        tag(
            &mut o,
            &format!("{i2}  "),
            "itunes:email",
            &show.owner_email,
        );
        o.push_str(&format!("{i2}</itunes:owner>\n"));
    }
    let n = eps.len();
    let i3 = "      ";
    for (k, (_, e)) in eps.iter().enumerate() {
        o.push_str(&format!("{i2}<item>\n"));
        tag(&mut o, i3, "title", &e.title);
        tag(&mut o, i3, "itunes:title", &e.title);
        if let Some(d) = &e.description {
            tag(&mut o, i3, "description", d);
        }
        if let Some(l) = &e.link {
            tag(&mut o, i3, "link", l);
        }
        let permalink = e.link.as_deref() == Some(e.guid.as_str());
        o.push_str(&format!(
            "{i3}<guid isPermaLink=\"{permalink}\">{}</guid>\n",
            escape_text(&e.guid)
        ));
        if let Some(d) = &e.pub_date {
            tag(&mut o, i3, "pubDate", d);
        }
        o.push_str(&format!(
            "{i3}<enclosure url=\"{}\" length=\"{}\" type=\"audio/mpeg\"/>\n",
            escape_attr(&e.url),
            e.length
        ));
        tag(&mut o, i3, "itunes:duration", &e.duration);
        if show.show_type == ShowType::Serial {
            // Newest first: the oldest episode is number 1.
            tag(&mut o, i3, "itunes:episode", &(n - k).to_string());
        }
        if let Some(img) = &e.image {
            o.push_str(&format!(
                "{i3}<itunes:image href=\"{}\"/>\n",
                escape_attr(img)
            ));
        }
        if let Some(t) = &e.transcript_url {
            o.push_str(&format!(
                "{i3}<podcast:transcript url=\"{}\" type=\"text/vtt\"/>\n",
                escape_attr(t)
            ));
        }
        if let Some(c) = &e.chapters_url {
            o.push_str(&format!(
                "{i3}<podcast:chapters url=\"{}\" type=\"application/json+chapters\"/>\n",
                escape_attr(c)
            ));
        }
        o.push_str(&format!("{i2}</item>\n"));
    }
    o.push_str("  </channel>\n</rss>\n");
    o
}

/// Writes the podcast feed atomically if it changed; says whether it did.
pub fn write(path: &Path, text: &str) -> Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(false);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    crate::atomic::write(path, text.as_bytes())?;
    Ok(true)
}

#[cfg(test)]
mod tests;
