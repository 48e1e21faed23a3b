//! Ingest: files on disk → [`Post`]s → [`Document`]s.
//!
//! [`read`] finds what kind of file it is and splits it into posts (a feed
//! holds many); [`parse`] turns one post's body into a document. Both return
//! errors that name the file (and item), so a batch can report and go on.

pub mod controls;
pub mod feed_items;
mod footnote_html;
pub mod frontmatter;
pub mod html;
pub mod markdown;
mod mathml;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::document::{plain_text, Block, Document};
use crate::error::{Error, Result};
use crate::post::{slugify, Body, Meta, Post};

/// Elements nested deeper than this make a post an error: real posts nest
/// a few levels, and the stages after ingest walk the tree recursively.
pub const MAX_DEPTH: usize = 1000;

/// The text-only bound above which an HTML post is not even parsed (it
/// counts unclosed `<p>` and `<li>` too, so it is looser than [`MAX_DEPTH`]).
const RAW_HTML_DEPTH: usize = 20_000;

/// Reads a text file (a post or a feed) of at most `max_bytes`, with
/// errors that name the file and, for bad UTF-8, the byte offset. A file
/// over the limit (`max-input-mb`) is refused before it is read.
pub fn read_text(path: &Path, max_bytes: u64) -> Result<String> {
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read_err)?.len();
    if size > max_bytes {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size,
            max: max_bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    // A UTF-8 byte-order mark is not text.
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Reads one input file: a Markdown or HTML post, or a feed of posts.
pub fn read(path: &Path, max_bytes: u64) -> Result<Vec<Post>> {
    let text = read_text(path, max_bytes)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" => Ok(vec![read_markdown(path, &text)?]),
        "html" | "htm" => {
            // Even reading the <head> parses the whole page: refuse a
            // hostile one by its text first.
            let raw = html::raw_depth(&text);
            if raw > RAW_HTML_DEPTH {
                return Err(Error::TooDeep {
                    post: path.display().to_string(),
                    depth: raw,
                    max: MAX_DEPTH,
                });
            }
            let head = html::head(&text);
            Ok(vec![Post {
                source: path.to_path_buf(),
                item: None,
                meta: Meta {
                    slug: stem_slug(path),
                    date: head.date,
                    link: head.link,
                    description: head.description,
                    author: head.author,
                    // Only a local file can be cover art; a URL is for the web.
                    image: head.image.filter(|i| !i.contains("://")),
                    ..Meta::default()
                },
                body: Body::Html(text),
                body_line: 1,
            }])
        }
        "xml" | "rss" | "atom" => read_feed(path, &text),
        _ if feed_items::is_feed(&text) => read_feed(path, &text),
        _ => Err(Error::UnknownKind {
            path: path.to_path_buf(),
            ext: if ext.is_empty() {
                "(no extension)".into()
            } else {
                format!(".{ext}")
            },
        }),
    }
}

/// The slug a file's name gives. A page bundle (`my-post/index.md`, as
/// Hugo, Zola and Eleventy write them) is named by its folder.
fn stem_slug(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let bundle = (stem == "index")
        .then(|| path.parent().and_then(Path::file_name))
        .flatten();
    match bundle {
        Some(folder) => slugify(&folder.to_string_lossy()),
        None => slugify(&stem),
    }
}

/// Jekyll's `_posts/YYYY-MM-DD-slug.md` (also common in Hugo and Zola
/// sites): the date and the slug the generator takes from the file name.
fn dated_name(path: &Path) -> Option<(String, String)> {
    let stem = path.file_stem()?.to_str()?;
    let (date, slug) = (stem.get(..10)?, stem.get(11..)?);
    (stem.as_bytes()[10] == b'-' && !slug.is_empty() && crate::pubdate::parse(date).is_some())
        .then(|| (date.to_string(), slug.to_string()))
}

fn read_markdown(path: &Path, text: &str) -> Result<Post> {
    let (fm, body) = frontmatter::split(text).map_err(|e| Error::FrontMatter {
        path: path.to_path_buf(),
        message: e.0,
    })?;
    let get = |k: &str| fm.fields.get(k).cloned();
    let dated = dated_name(path);
    let meta = Meta {
        title: get("title"),
        date: get("date").or_else(|| dated.as_ref().map(|(d, _)| d.clone())),
        slug: get("slug")
            .map(|s| slugify(&s))
            .or_else(|| dated.map(|(_, s)| slugify(&s)))
            .unwrap_or_else(|| stem_slug(path)),
        link: get("link").or_else(|| get("url")),
        guid: get("guid"),
        description: get("description"),
        author: get("author"),
        image: get("image"),
        draft: fm.draft,
        narrate: fm.narrate,
    };
    // The body is a slice of `text`: the lines before it are front matter.
    let body_line = 1 + text[..text.len() - body.len()].matches('\n').count();
    Ok(Post {
        source: path.to_path_buf(),
        item: None,
        meta,
        body: Body::Markdown(body.to_string()),
        body_line,
    })
}

fn read_feed(path: &Path, text: &str) -> Result<Vec<Post>> {
    let items = feed_items::items(text).map_err(|source| Error::Feed {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, it)| {
            let slug = crate::feed::item_slug(
                it.link.as_deref(),
                it.guid.as_deref(),
                it.title.as_deref(),
                i + 1,
            );
            let body = it
                .content
                .clone()
                .or_else(|| it.description.clone())
                .unwrap_or_default();
            Post {
                source: path.to_path_buf(),
                item: Some(i + 1),
                meta: Meta {
                    title: it.title,
                    date: it.pub_date,
                    slug,
                    link: it.link,
                    guid: it.guid,
                    description: it.description,
                    author: it.author,
                    image: None,
                    draft: false,
                    narrate: Default::default(),
                },
                body: Body::Html(body),
                body_line: 0,
            }
        })
        .collect())
}

/// Parses a post's body. The heading that repeats the title is removed so
/// the title is spoken once.
pub fn parse(post: &Post, config: &Config) -> Result<Document> {
    parse_reporting(post, config, &mut |_| {})
}

/// [`parse`], giving each warning (a malformed author control) to `warn`
/// as "FILE:LINE: what is wrong".
pub fn parse_reporting(
    post: &Post,
    config: &Config,
    warn: &mut dyn FnMut(String),
) -> Result<Document> {
    // Author controls first: the bad ones are reported and disarmed, so
    // the post builds as if they were absent.
    let is_markdown = matches!(post.body, Body::Markdown(_));
    let (text, warnings) = match &post.body {
        Body::Markdown(t) | Body::Html(t) => controls::prepare(t, is_markdown),
    };
    for w in warnings {
        warn(format!("{}: {}", post.at_line(w.line), w.message));
    }
    // The prepared text, borrowed from the post unless a control was
    // disarmed in it.
    enum Text<'t> {
        Markdown(&'t str),
        Html(&'t str),
    }
    let body = if is_markdown {
        Text::Markdown(&text)
    } else {
        Text::Html(&text)
    };
    let depth = match body {
        Text::Markdown(md) => markdown::depth(md),
        // The text's bound first: parsing a hostile page is itself slow.
        Text::Html(h) => match html::raw_depth(h) {
            raw if raw > RAW_HTML_DEPTH => raw,
            _ => html::depth(h),
        },
    };
    if depth > MAX_DEPTH {
        return Err(Error::TooDeep {
            post: post.label(),
            depth,
            max: MAX_DEPTH,
        });
    }
    let mut doc = match body {
        Text::Markdown(md) => markdown::parse(md),
        Text::Html(html) => {
            // A feed item's body is a fragment: all of it is the post.
            let selectors = if post.item.is_some() {
                vec!["body".to_string()]
            } else {
                config.content_selector.clone()
            };
            html::parse(html, &selectors).map_err(|html::NoMatch { selectors }| {
                Error::NoContent {
                    post: post.label(),
                    selectors,
                }
            })?
        }
    };
    drop_title_heading(&mut doc, post.meta.title.as_deref());
    if doc.is_empty() {
        return Err(Error::EmptyBody { post: post.label() });
    }
    Ok(doc)
}

fn drop_title_heading(doc: &mut Document, meta_title: Option<&str>) {
    let first_h1 = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { level: 1, .. }));
    // Only a heading before any prose can be the page's title.
    let Some(i) = first_h1.filter(|&i| {
        doc.blocks[..i]
            .iter()
            .all(|b| matches!(b, Block::Image { .. } | Block::Rule))
    }) else {
        return;
    };
    let Block::Heading { content, .. } = &doc.blocks[i] else {
        return;
    };
    let text = plain_text(content);
    let same = |t: &str| t.trim().eq_ignore_ascii_case(text.trim());
    match (meta_title, &doc.title) {
        (Some(t), _) if same(t) => {
            doc.blocks.remove(i);
        }
        (None, None) => {
            doc.title = Some(text);
            doc.blocks.remove(i);
        }
        (None, Some(t)) if same(t) => {
            doc.blocks.remove(i);
        }
        _ => {}
    }
}

/// The posts a command works on, read from its inputs (or the config's
/// `posts` globs), with the files that failed kept apart so the rest go on.
#[derive(Debug, Default)]
pub struct Collected {
    pub posts: Vec<Post>,
    /// Files that could not be read as posts, each with its error.
    pub failed: Vec<Error>,
    /// Feeds read with no item in them.
    pub empty_feeds: Vec<PathBuf>,
}

/// Reads every input (or the config's `posts` globs when there are none)
/// and keeps the posts `--only` names ([`crate::post::named_by`]). No input
/// at all, or an `--only` that names nothing read, is a usage error.
pub fn collect(inputs: &[PathBuf], only: &[String], config: &Config) -> Result<Collected> {
    let files = if inputs.is_empty() {
        let files = expand_globs(&config.posts)?;
        if files.is_empty() {
            return Err(Error::Usage(format!(
                "no posts: `posts` in the config ({}) matches no file; name posts on the command line or change `posts`",
                config.posts.join(", ")
            )));
        }
        files
    } else {
        inputs.to_vec()
    };
    let mut c = Collected::default();
    for file in &files {
        match read(file, config.max_input_bytes()) {
            Ok(found) if found.is_empty() => c.empty_feeds.push(file.clone()),
            Ok(found) => c.posts.extend(found),
            Err(e) => c.failed.push(e),
        }
    }
    c.posts
        .retain(|p| crate::post::named_by(only, &p.meta.slug, p.meta.guid.as_deref()));
    if c.posts.is_empty() && c.failed.is_empty() && !only.is_empty() {
        return Err(Error::Usage(format!(
            "--only {}: no post has that slug or guid",
            only.join(", ")
        )));
    }
    Ok(c)
}

/// Expands INPUT arguments and config globs into files, in a stable order.
pub fn expand_globs(patterns: &[String]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in patterns {
        let paths =
            glob::glob(p).map_err(|e| Error::Usage(format!("bad glob `{p}` in `posts`: {e}")))?;
        let mut found: Vec<PathBuf> = paths
            .filter_map(|r| r.ok())
            .filter(|p| p.is_file())
            .collect();
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_file_names_give_slug_and_date() {
        let post = |name: &str, fm: &str| {
            read_markdown(Path::new(name), &format!("---\ntitle: T\n{fm}---\nBody.\n")).unwrap()
        };
        let p = post("_posts/2024-03-09-why-we-retry.md", "");
        assert_eq!(p.meta.slug, "why-we-retry");
        assert_eq!(p.meta.date.as_deref(), Some("2024-03-09"));
        let p = post("content/posts/page-bundles/index.md", "");
        assert_eq!(
            p.meta.slug, "page-bundles",
            "a bundle is named by its folder"
        );
        // Front matter wins over the file name.
        let p = post(
            "_posts/2024-03-09-why-we-retry.md",
            "date: 2024-03-10 08:00\nslug: retries\n",
        );
        assert_eq!(p.meta.slug, "retries");
        assert_eq!(p.meta.date.as_deref(), Some("2024-03-10 08:00"));
        // Not a date: the whole stem is the slug.
        for (name, slug) in [
            ("2024-13-09-x.md", "2024-13-09-x"),
            ("2024-03-09.md", "2024-03-09"),
            ("1999-in-review.md", "1999-in-review"),
            ("2024-03-é9-x.md", "2024-03-e9-x"),
        ] {
            let p = post(name, "");
            assert_eq!(p.meta.slug, slug, "{name}");
            assert_eq!(p.meta.date, None, "{name}");
        }
    }
}
