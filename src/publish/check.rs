//! `narrate check`: does the feed tell the truth about the files? For every
//! enclosure that points into the output folder: the file exists, the
//! `length` is its size in bytes, and `<itunes:duration>` is its decoded
//! duration within a second. A CI gate after `narrate build`.

use std::path::{Path, PathBuf};

use super::duration;
use crate::audio::decode;
use crate::feed;

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The item's title (or guid).
    pub item: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckReport {
    /// Items with an enclosure (among those asked for).
    pub enclosures: usize,
    /// Enclosures that point into the output folder, checked.
    pub checked: usize,
    /// Enclosures narrate is not responsible for, or whose file is not in
    /// the output folder: item and why. Listed, never silently passed.
    pub not_checked: Vec<Problem>,
    pub problems: Vec<Problem>,
    /// Items whose file agrees with the feed on every count (item, file).
    pub passed: Vec<(String, PathBuf)>,
    /// Each decodable episode (by item) as a listener gets it.
    pub heard: Vec<(String, decode::Listened)>,
}

impl CheckReport {
    /// Enclosures there were, but none could be checked: an `audio-url`
    /// that fits no enclosure, or an empty output folder. A gate that
    /// checked nothing must not pass.
    pub fn checked_nothing(&self) -> bool {
        self.enclosures > 0 && self.checked == 0
    }

    /// Whether the gate fails: a problem, nothing checked, or, when
    /// `strict`, any enclosure left unchecked.
    pub fn fails(&self, strict: bool) -> bool {
        !self.problems.is_empty()
            || self.checked_nothing()
            || (strict && !self.not_checked.is_empty())
    }
}

/// Reads the feed and checks it ([`check`]); an `--only` that names no item
/// with an enclosure is a usage error, not a pass.
pub fn check_feed(
    feed_path: &Path,
    out_dir: &Path,
    template: &str,
    only: &[String],
    max_bytes: u64,
) -> crate::error::Result<CheckReport> {
    use crate::error::Error;
    let text = crate::ingest::read_text(feed_path, max_bytes)?;
    let report = check(&text, out_dir, template, only).map_err(|source| Error::Feed {
        path: feed_path.to_path_buf(),
        source,
    })?;
    if !only.is_empty() && report.enclosures == 0 {
        return Err(Error::Usage(format!(
            "--only {}: no item with that slug or guid has an enclosure in {}",
            only.join(", "),
            feed_path.display()
        )));
    }
    Ok(report)
}

/// The file in `out_dir` an enclosure URL names: with a template
/// (`https://x/audio/{slug}.mp3`), URLs that fit it; without, any `.mp3`
/// URL. The file is the URL's last path segment.
pub fn local_file(url: &str, template: &str, out_dir: &Path) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    if !template.is_empty() {
        let (prefix, suffix) = template.split_once("{slug}")?;
        let middle = path.strip_prefix(prefix)?.strip_suffix(suffix)?;
        if middle.is_empty() || middle.contains('/') {
            return None;
        }
    } else if !path.to_ascii_lowercase().ends_with(".mp3") {
        return None;
    }
    let name = path.rsplit('/').next()?;
    // A name like `..` must not reach outside the folder.
    (!name.is_empty() && name != ".." && name != ".").then(|| out_dir.join(name))
}

/// Checks the enclosures of the items whose slug or guid is in `only`
/// (all when empty).
pub fn check(
    feed_text: &str,
    out_dir: &Path,
    template: &str,
    only: &[String],
) -> Result<CheckReport, crate::feed::FeedError> {
    let mut report = CheckReport::default();
    for item in feed::item_audio(feed_text)? {
        if !crate::post::named_by(only, &item.id.slug, item.id.guid.as_deref()) {
            continue;
        }
        let Some(url) = item.url.as_deref().filter(|u| !u.trim().is_empty()) else {
            continue;
        };
        report.enclosures += 1;
        let not_checked = |message: String| Problem {
            item: item.id.label.clone(),
            message,
        };
        let Some(file) = local_file(url, template, out_dir) else {
            report.not_checked.push(not_checked(if template.is_empty() {
                format!("{url} is not an .mp3 URL")
            } else {
                format!("{url} does not fit audio-url {template} (made elsewhere)")
            }));
            continue;
        };
        if !file.is_file() {
            report.not_checked.push(not_checked(format!(
                "{} is not in the output folder",
                file.display()
            )));
            continue;
        }
        report.checked += 1;
        let problems_before = report.problems.len();
        let mut problem = |message: String| {
            report.problems.push(Problem {
                item: item.id.label.clone(),
                message,
            })
        };
        let size = match std::fs::metadata(&file) {
            Ok(m) => m.len(),
            Err(_) => {
                problem(format!(
                    "{} is missing (the enclosure points at it)",
                    file.display()
                ));
                continue;
            }
        };
        match item.length.as_deref().map(|l| l.trim().parse::<u64>()) {
            Some(Ok(l)) if l == size => {}
            Some(Ok(l)) => problem(format!(
                "length is {l} but {} has {size} bytes",
                file.display()
            )),
            _ => problem(format!(
                "the enclosure has no numeric length ({} has {size} bytes)",
                file.display()
            )),
        }
        let stated = item.duration.as_deref().and_then(duration::parse);
        let heard = decode::listen(&file);
        match &heard {
            Err(e) => problem(format!("{}: {e}", file.display())),
            Ok(d) => match stated {
                None => problem(format!(
                    "no valid <itunes:duration> (the file lasts {:.1} s)",
                    d.seconds
                )),
                Some(s) if (s as f64 - d.seconds).abs() > 1.0 => problem(format!(
                    "<itunes:duration> says {s} s but {} decodes to {:.1} s",
                    file.display(),
                    d.seconds
                )),
                Some(_) => {}
            },
        }
        if let Ok(d) = heard {
            report.heard.push((item.id.label.clone(), d));
        }
        if report.problems.len() == problems_before {
            report.passed.push((item.id.label.clone(), file));
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_files_in_the_output_folder() {
        let out = Path::new("out");
        let t = "https://example.com/audio/{slug}.mp3";
        assert_eq!(
            local_file("https://example.com/audio/tea.mp3", t, out),
            Some(out.join("tea.mp3"))
        );
        assert_eq!(
            local_file("https://example.com/audio/tea.mp3?x=1", t, out),
            Some(out.join("tea.mp3"))
        );
        assert_eq!(
            local_file("https://cdn.example.com/audio/tea.mp3", t, out),
            None
        );
        assert_eq!(
            local_file("https://example.com/audio/a/b.mp3", t, out),
            None
        );
        assert_eq!(
            local_file("https://elsewhere.org/x.mp3", "", out),
            Some(out.join("x.mp3"))
        );
        assert_eq!(local_file("https://elsewhere.org/x.m4a", "", out), None);
        assert_eq!(
            local_file(
                "https://example.com/audio/...mp3",
                "https://example.com/audio/{slug}",
                out
            )
            .map(|p| p.starts_with(out)),
            Some(true)
        );
    }

    #[test]
    fn missing_length_and_bad_audio_are_problems_missing_files_are_not_checked() {
        let tmp = tempfile::tempdir().unwrap();
        let feed = r#"<rss><channel>
<item><title>A</title><link>https://e.com/p/a/</link><enclosure url="https://e.com/a.mp3" length="5" type="audio/mpeg"/><itunes:duration>0:00:01</itunes:duration></item>
<item><title>B</title><guid>guid-b</guid><enclosure url="https://e.com/b.mp3" type="audio/mpeg"/></item>
<item><title>C</title></item>
<item><title>D</title><enclosure url="https://cdn.example/d.mp3" length="5" type="audio/mpeg"/></item>
</channel></rss>"#;
        std::fs::write(tmp.path().join("b.mp3"), b"not audio").unwrap();
        let r = check(feed, tmp.path(), "https://e.com/{slug}.mp3", &[]).unwrap();
        assert_eq!((r.enclosures, r.checked), (3, 1));
        let line = |p: &Problem| format!("{}: {}", p.item, p.message);
        let not: Vec<String> = r.not_checked.iter().map(line).collect();
        assert!(
            not[0].starts_with("A: ") && not[0].contains("a.mp3 is not in the output folder"),
            "{not:?}"
        );
        assert!(
            not[1].starts_with("D: ") && not[1].contains("made elsewhere"),
            "{not:?}"
        );
        let msgs: Vec<String> = r.problems.iter().map(line).collect();
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("B: the enclosure has no numeric length")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("B: ") && m.contains("not a readable MP3")),
            "{msgs:?}"
        );
        // --only by guid or slug scopes everything.
        let r = check(feed, tmp.path(), "https://e.com/{slug}.mp3", &["a".into()]).unwrap();
        assert_eq!((r.enclosures, r.checked, r.problems.len()), (1, 0, 0));
        let r = check(
            feed,
            tmp.path(),
            "https://e.com/{slug}.mp3",
            &["guid-b".into()],
        )
        .unwrap();
        assert_eq!((r.enclosures, r.checked), (1, 1));
    }
}
