//! A post as found on disk or in a feed: its metadata and its unparsed body.

use std::path::PathBuf;

use serde::Serialize;

/// The author's `narrate` table in a post's front matter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PostControls {
    /// No episode for this post.
    pub skip: bool,
    /// Pronunciations for this post only, over the project's lexicon.
    pub lexicon: std::collections::BTreeMap<String, String>,
    /// Instead of `script.intro` / `script.outro` for this post.
    pub intro: Option<String>,
    pub outro: Option<String>,
    /// The voice preset for this post instead of the config's `voice`.
    pub voice: Option<String>,
}

/// What a post says about itself (front matter, `<head>`, or a feed item).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Meta {
    pub title: Option<String>,
    pub date: Option<String>,
    pub slug: String,
    pub link: Option<String>,
    pub guid: Option<String>,
    pub description: Option<String>,
    pub author: Option<String>,
    /// Cover art for the episode (a local JPEG/PNG, relative to the post).
    pub image: Option<String>,
    pub draft: bool,
    pub narrate: PostControls,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Markdown(String),
    Html(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// The file the post came from.
    pub source: PathBuf,
    /// For a feed item: its position (1-based) among the feed's items.
    pub item: Option<usize>,
    pub meta: Meta,
    pub body: Body,
    /// The line of the source file where the body starts (after front
    /// matter), so warnings name the author's line; 0 for a feed item,
    /// whose lines are counted in its content.
    pub body_line: usize,
}

#[cfg(test)]
impl Post {
    /// A Markdown post `SLUG.md` with an empty body, for unit tests.
    pub(crate) fn named(slug: &str) -> Post {
        Post {
            source: format!("{slug}.md").into(),
            item: None,
            meta: Meta {
                slug: slug.into(),
                ..Meta::default()
            },
            body: Body::Markdown(String::new()),
            body_line: 1,
        }
    }
}

impl Post {
    /// The voice preset this post is spoken with: its own `narrate.voice`,
    /// else the config's.
    pub fn voice<'a>(&'a self, default: &'a str) -> &'a str {
        self.meta.narrate.voice.as_deref().unwrap_or(default)
    }

    /// Why no episode is made of this post, if none is: a draft, or the
    /// author's `narrate.skip`.
    pub fn skipped_because(&self) -> Option<&'static str> {
        if self.meta.draft {
            Some("draft, skipped")
        } else if self.meta.narrate.skip {
            Some("skipped (narrate.skip in its front matter)")
        } else {
            None
        }
    }

    /// How errors and reports name this post: the file, plus the item for a feed.
    /// Where line `line` of the body is, for a warning: `post.md:12`, or
    /// the feed item and the line in its content.
    pub fn at_line(&self, line: usize) -> String {
        match self.item {
            None => format!("{}:{}", self.source.display(), self.body_line + line - 1),
            Some(_) => format!("{}, line {line} of its content", self.label()),
        }
    }

    pub fn label(&self) -> String {
        match self.item {
            None => self.source.display().to_string(),
            Some(n) => format!("{} item {} ({})", self.source.display(), n, self.meta.slug),
        }
    }
}

/// Whether `--only` names this post or feed item: by slug or by guid, and
/// every one when `only` is empty. Builds, reviews and `check` all ask here.
pub fn named_by(only: &[String], slug: &str, guid: Option<&str>) -> bool {
    only.is_empty() || only.iter().any(|o| o == slug || guid == Some(o.as_str()))
}

/// A slug made only of `[a-z0-9-]`: other scripts are transliterated
/// (deunicode: "Привет" → "privet", "日本語" → "ri-ben-yu"), accents
/// dropped, anything else becomes a single hyphen. Never empty, so it is
/// always a usable file name.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "post".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_are_lowercase_ascii_with_hyphens() {
        assert_eq!(
            slugify("Cancel Is a Request, Not a Command"),
            "cancel-is-a-request-not-a-command"
        );
        assert_eq!(slugify("  Café au lait! "), "cafe-au-lait");
        assert_eq!(slugify("snake_case/and..dots"), "snake-case-and-dots");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("日本語"), "ri-ben-yu");
        assert_eq!(slugify("Привет, мир"), "privet-mir");
        assert_eq!(slugify("Ελληνικά"), "ellenika");
        assert_eq!(slugify("🎉"), "tada");
        assert_eq!(slugify("\u{200b}"), "post");
        assert_eq!(slugify(""), "post");
    }
}
