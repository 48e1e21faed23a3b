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
pub struct Report {
    /// Enclosures that point into the output folder, checked.
    pub checked: usize,
    pub problems: Vec<Problem>,
    /// Each decodable episode (by item) as a listener gets it.
    pub heard: Vec<(String, decode::Listened)>,
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

pub fn check(feed_text: &str, out_dir: &Path, template: &str) -> Result<Report, String> {
    let mut report = Report::default();
    for item in feed::item_audio(feed_text)? {
        let Some(url) = &item.url else { continue };
        let Some(file) = local_file(url, template, out_dir) else {
            continue;
        };
        report.checked += 1;
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
    fn missing_file_and_missing_length_are_problems() {
        let tmp = tempfile::tempdir().unwrap();
        let feed = r#"<rss><channel>
<item><title>A</title><enclosure url="https://e.com/a.mp3" length="5" type="audio/mpeg"/><itunes:duration>0:00:01</itunes:duration></item>
<item><title>B</title><enclosure url="https://e.com/b.mp3" type="audio/mpeg"/></item>
<item><title>C</title></item>
</channel></rss>"#;
        std::fs::write(tmp.path().join("b.mp3"), b"not audio").unwrap();
        let r = check(feed, tmp.path(), "").unwrap();
        assert_eq!(r.checked, 2);
        let msgs: Vec<String> = r
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.item, p.message))
            .collect();
        assert!(
            msgs[0].starts_with("A: ") && msgs[0].contains("a.mp3 is missing"),
            "{msgs:?}"
        );
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
    }
}
