//! Where an episode's cover art comes from, and what happens when it cannot
//! be used: the post's own image (a path relative to the post, or a
//! site-root path such as `/images/x.png`, as Hugo and Jekyll write them,
//! under `site-root`), else the configured `episode.image`. A URL, a
//! missing file or an image that cannot be made usable ([`super::cover`])
//! is a warning and the next choice, never a failed episode.

use std::path::{Path, PathBuf};

/// What a post says about its art, and what the site offers instead.
#[derive(Debug, Clone)]
pub struct Wanted<'a> {
    /// How messages name the post.
    pub label: &'a str,
    /// The post's `image`, as written.
    pub image: Option<&'a str>,
    /// The post's folder; `None` for a feed item (its image is relative to
    /// nothing narrate has).
    pub post_dir: Option<&'a Path>,
    /// Folders a `/rooted` path is looked for in, in order.
    pub site_roots: Vec<PathBuf>,
    /// `episode.image`, if set.
    pub fallback: Option<&'a Path>,
}

/// The file the art should come from, warning where the post's own choice
/// cannot be followed.
pub fn path_for(w: &Wanted, warn: &mut dyn FnMut(String)) -> Option<PathBuf> {
    let fallback = w.fallback.map(Path::to_path_buf);
    let image = match w.image.map(str::trim) {
        Some(i) if !i.is_empty() => i,
        _ => return fallback,
    };
    let instead = if fallback.is_some() {
        ", so `episode.image` is used"
    } else {
        ", so the episode has none"
    };
    if image.contains("://") || image.starts_with("//") {
        warn(format!(
            "{}: cover art `{image}` is a URL; narrate uses local files only{instead}",
            w.label
        ));
        return fallback;
    }
    if let Some(rooted) = image.strip_prefix('/') {
        let found = w
            .site_roots
            .iter()
            .map(|r| r.join(rooted))
            .find(|p| p.is_file());
        if found.is_none() {
            warn(format!(
                "{}: cover art `{image}` is not under {}; set `site-root` to the folder your generator publishes as /{}",
                w.label,
                w.site_roots
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
                if fallback.is_some() { " (using `episode.image`)" } else { "" }
            ));
            return fallback;
        }
        return found;
    }
    match w.post_dir {
        Some(dir) => Some(dir.join(image)),
        None => fallback,
    }
}

/// The art for the tag (MIME type and bytes): the chosen file made usable,
/// else `episode.image`, else none, with a warning for each step down.
pub fn art_for(w: &Wanted, warn: &mut dyn FnMut(String)) -> Option<(String, Vec<u8>)> {
    let load = |p: &Path, warn: &mut dyn FnMut(String)| {
        let cover = std::fs::read(p)
            .map_err(|e| e.to_string())
            .and_then(|b| super::cover::prepare(&b).map_err(|e| e.to_string()))?;
        for n in &cover.notes {
            warn(format!("{}: cover art {n}", p.display()));
        }
        Ok::<_, String>((cover.mime.to_string(), cover.bytes))
    };
    let p = path_for(w, warn)?;
    match load(&p, warn) {
        Ok(art) => Some(art),
        // The post's own art failed: the configured default, if any.
        Err(e) if w.fallback.is_some_and(|f| f != p) => {
            let fallback = w.fallback?;
            warn(format!(
                "{}: cover art cannot be used ({e}); using `episode.image`",
                p.display()
            ));
            load(fallback, warn)
                .map_err(|e| {
                    warn(format!(
                        "{}: cover art cannot be used ({e}); the episode has none",
                        fallback.display()
                    ))
                })
                .ok()
        }
        Err(e) => {
            warn(format!(
                "{}: cover art cannot be used ({e}); the episode has none",
                p.display()
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted<'a>(image: Option<&'a str>, fallback: Option<&'a Path>) -> Wanted<'a> {
        Wanted {
            label: "post",
            image,
            post_dir: Some(Path::new("site/posts")),
            site_roots: vec![PathBuf::from("/nonexistent/static")],
            fallback,
        }
    }

    #[test]
    fn the_post_then_the_default_with_a_warning_for_each_step_down() {
        let mut warnings = Vec::new();
        let mut warn = |w: String| warnings.push(w);
        let default = Path::new("art.png");
        assert_eq!(
            path_for(&wanted(Some("cover.jpg"), Some(default)), &mut warn),
            Some(PathBuf::from("site/posts/cover.jpg"))
        );
        assert_eq!(
            path_for(&wanted(None, Some(default)), &mut warn),
            Some(default.to_path_buf())
        );
        assert_eq!(
            path_for(&wanted(Some("https://x/a.png"), Some(default)), &mut warn),
            Some(default.to_path_buf())
        );
        assert_eq!(path_for(&wanted(Some("/img/a.png"), None), &mut warn), None);
        let feed_item = Wanted {
            post_dir: None,
            ..wanted(Some("a.png"), None)
        };
        assert_eq!(path_for(&feed_item, &mut warn), None);
        assert_eq!(
            warnings,
            [
                "post: cover art `https://x/a.png` is a URL; narrate uses local files only, so `episode.image` is used",
                "post: cover art `/img/a.png` is not under /nonexistent/static; set `site-root` to the folder your generator publishes as /",
            ]
        );
    }

    #[test]
    fn art_that_cannot_be_read_falls_back_then_goes() {
        let mut warnings = Vec::new();
        let w = wanted(Some("missing.png"), Some(Path::new("also-missing.png")));
        assert_eq!(art_for(&w, &mut |m| warnings.push(m)), None);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].ends_with("; using `episode.image`"),
            "{warnings:?}"
        );
        assert!(
            warnings[1].ends_with("; the episode has none"),
            "{warnings:?}"
        );
    }
}
