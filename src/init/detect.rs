//! Which site generator a folder holds, and what narrate should read and
//! write there: the posts, the feed the generator writes, a folder the
//! generator publishes, and the site's base URL.
//!
//! Detection reads only the generator's own files (config names, a few
//! keys); it never runs the generator. Whatever it cannot tell becomes a
//! note for the user to check.

use std::path::Path;

use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    Hugo,
    Jekyll,
    Zola,
    Eleventy,
    /// A folder of Markdown with no generator narrate knows.
    Plain,
}

impl Generator {
    pub fn name(self) -> &'static str {
        match self {
            Generator::Hugo => "Hugo",
            Generator::Jekyll => "Jekyll",
            Generator::Zola => "Zola",
            Generator::Eleventy => "Eleventy",
            Generator::Plain => "a folder of Markdown",
        }
    }
}

/// What `narrate init` found; paths are relative to the site's folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub generator: Generator,
    /// The generator's config file that told us, if any.
    pub evidence: Option<String>,
    pub posts: Vec<String>,
    /// The RSS feed to write enclosures into; `None`: none found, or the
    /// generator writes Atom.
    pub feed: Option<String>,
    /// The generator writes Atom, which podcast apps do not read: narrate
    /// writes a podcast feed of its own, at this path (in `out_dir`).
    pub podcast_feed: Option<String>,
    /// The show as the generator's config describes the site.
    pub show: Show,
    pub out_dir: String,
    /// e.g. `https://example.com` (no trailing slash).
    pub base_url: Option<String>,
    /// Things the user should check, in plain words.
    pub notes: Vec<String>,
}

/// What the generator's config says of the site, for a podcast feed's
/// `[podcast]` table; `None` where it says nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Show {
    pub title: Option<String>,
    pub description: Option<String>,
    pub author: Option<String>,
    pub language: Option<String>,
}

/// The feed a generator writes, as far as init can tell.
enum FeedAt {
    Rss(String),
    Atom(String),
    /// Not built yet: the path, and whether the generator writes Atom there.
    Unbuilt(String, bool),
}

impl Site {
    /// URL template of a file in `out-dir` once published, e.g.
    /// `https://example.com/audio/{slug}.mp3`.
    pub fn url_of(&self, ext: &str) -> Option<String> {
        self.url_of_file(&format!("{{slug}}.{ext}"))
    }

    /// The published URL of `name` in `out-dir`.
    pub fn url_of_file(&self, name: &str) -> Option<String> {
        // out-dir "static/audio" publishes as "/audio"; "audio" as "/audio".
        let public = self
            .out_dir
            .strip_prefix("static/")
            .unwrap_or(&self.out_dir);
        self.base_url
            .as_ref()
            .map(|b| format!("{b}/{public}/{name}"))
    }
}

fn read(dir: &Path, file: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(file)).ok()
}

fn first_existing<'a>(dir: &Path, names: &[&'a str]) -> Option<&'a str> {
    names.iter().copied().find(|n| dir.join(n).is_file())
}

/// The first capture of `pattern` in `text`.
fn capture(text: &str, pattern: &str) -> Option<String> {
    let re = Regex::new(pattern).expect("static pattern");
    re.captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string())
        .filter(|s| !s.is_empty())
}

fn clean_url(url: String) -> Option<String> {
    let url = url.trim_end_matches('/').to_string();
    url.starts_with("http").then_some(url)
}

/// Looks at `dir` and says what kind of site it is.
pub fn detect(dir: &Path) -> Site {
    let hugo_files = [
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "hugo.json",
        "config.toml",
        "config.yaml",
        "config.yml",
    ];
    let config_toml = read(dir, "config.toml").unwrap_or_default();
    let eleventy_files = [
        "eleventy.config.js",
        "eleventy.config.mjs",
        "eleventy.config.cjs",
        ".eleventy.js",
    ];
    let package_json = read(dir, "package.json").unwrap_or_default();
    if let Some(f) = first_existing(dir, &["_config.yml", "_config.yaml"]) {
        jekyll(dir, f)
    } else if config_toml.contains("base_url") {
        zola(dir, &config_toml)
    } else if let Some(f) = first_existing(dir, &hugo_files[..4]).or_else(|| {
        first_existing(dir, &hugo_files[4..]).filter(|f| {
            read(dir, f).is_some_and(|t| t.contains("baseURL") || t.contains("baseurl"))
        })
    }) {
        hugo(dir, f)
    } else if let Some(f) = first_existing(dir, &eleventy_files).or_else(|| {
        package_json
            .contains("@11ty/eleventy")
            .then_some("package.json")
    }) {
        eleventy(dir, f)
    } else {
        plain(dir)
    }
}

/// Globs of the candidate folders that hold Markdown, or the first
/// candidate with a note when none does yet.
fn posts_in(dir: &Path, candidates: &[(&str, &[&str])], notes: &mut Vec<String>) -> Vec<String> {
    for (folder, globs) in candidates {
        let full = dir.join(folder);
        let has_md = std::fs::read_dir(&full).is_ok_and(|rd| {
            rd.filter_map(|e| e.ok()).any(|e| {
                let p = e.path();
                p.extension().is_some_and(|x| x == "md" || x == "markdown")
                    || p.join("index.md").is_file()
            })
        });
        if has_md {
            return globs.iter().map(|g| format!("{folder}/{g}")).collect();
        }
    }
    let (folder, globs) = candidates[0];
    notes.push(format!(
        "no Markdown posts found yet; `posts` assumes {folder}/ — change it if your posts are elsewhere"
    ));
    globs.iter().map(|g| format!("{folder}/{g}")).collect()
}

/// The first candidate feed that exists, by its content; else the first
/// candidate, which `atom` says the generator writes as Atom.
fn feed_at(dir: &Path, candidates: &[&str], atom: bool) -> FeedAt {
    for c in candidates {
        if let Some(text) = read(dir, c) {
            return match crate::feed::is_rss(&text) {
                true => FeedAt::Rss(c.to_string()),
                false => FeedAt::Atom(c.to_string()),
            };
        }
    }
    FeedAt::Unbuilt(candidates[0].to_string(), atom)
}

/// What a generator's site looks like: where its posts are (candidate
/// folders and globs, the first that holds Markdown wins), the feed it
/// writes, the folder it publishes, and how episodes reach its output.
struct Layout {
    generator: Generator,
    posts: &'static [(&'static str, &'static [&'static str])],
    feeds: &'static [&'static str],
    /// The generator's feed is Atom unless it is found to be RSS.
    atom: bool,
    built_by: &'static str,
    out_dir: &'static str,
    copy_note: &'static str,
}

/// A site from its layout, the file that told us, its base URL and show.
fn site(dir: &Path, l: &Layout, evidence: &str, base_url: Option<String>, show: Show) -> Site {
    let mut notes = Vec::new();
    let posts = posts_in(dir, l.posts, &mut notes);
    let (feed, atom) = match feed_at(dir, l.feeds, l.atom) {
        FeedAt::Rss(f) => (Some(f), None),
        FeedAt::Unbuilt(f, false) => {
            notes.push(format!(
                "{f} does not exist yet; it is written by {}: build the site before running narrate",
                l.built_by
            ));
            (Some(f), None)
        }
        FeedAt::Atom(f) | FeedAt::Unbuilt(f, true) => (None, Some(f)),
    };
    let podcast_feed = atom.map(|f| {
        let path = format!("{}/podcast.xml", l.out_dir);
        notes.push(format!(
            "{f} is an Atom feed, which podcast apps do not read (it is written by {}): narrate writes a podcast feed of its own, {path}; fill in what `[podcast]` leaves commented (artwork, categories) before the first build",
            l.built_by
        ));
        path
    });
    notes.push(l.copy_note.into());
    let mut site = Site {
        generator: l.generator,
        evidence: Some(evidence.to_string()),
        posts,
        feed,
        podcast_feed,
        out_dir: l.out_dir.into(),
        base_url,
        show,
        notes,
    };
    if let (Some(_), Some(url)) = (&site.podcast_feed, site.url_of_file("podcast.xml")) {
        site.notes.push(format!(
            "once published, {url} is the address to give podcast directories"
        ));
    }
    site
}

/// A string at `key` (or `key.name`, as authors are often written).
fn text_at(v: &serde_json::Value, key: &str) -> Option<String> {
    let at = v.pointer(key)?;
    at.as_str()
        .or_else(|| at.get("name").and_then(|n| n.as_str()))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// The show from a generator's config, parsed as a tree (YAML, TOML or
/// JSON): the first key of each list that has a text.
fn show_from(v: &serde_json::Value, keys: [&[&str]; 4]) -> Show {
    let first = |ks: &[&str]| ks.iter().find_map(|k| text_at(v, k));
    Show {
        title: first(keys[0]),
        description: first(keys[1]),
        author: first(keys[2]),
        language: first(keys[3]),
    }
}

const BUNDLES: &[&str] = &["*.md", "*/index.md"];
/// Zola's section pages (`_index.md`) are not posts.
const ZOLA_PAGES: &[&str] = &["[!_]*.md", "*/index.md"];

fn hugo(dir: &Path, config: &str) -> Site {
    let text = read(dir, config).unwrap_or_default();
    let base_url = capture(
        &text,
        r#"(?m)^\s*"?base[uU][rR][lL]"?\s*[=:]\s*["']?([^"'\s,]+)"#,
    )
    .and_then(clean_url);
    let layout = Layout {
        generator: Generator::Hugo,
        posts: &[
            ("content/posts", BUNDLES),
            ("content/post", BUNDLES),
            ("content/blog", BUNDLES),
        ],
        feeds: &["public/index.xml"],
        atom: false,
        built_by: "`hugo`",
        out_dir: "static/audio",
        copy_note: "Hugo copies static/audio into public/ when it builds: run `hugo` before `narrate` (for the feed), then copy the new episodes with `cp -r static/audio public/`",
    };
    let tree: serde_json::Value = match config.rsplit('.').next() {
        Some("toml") => toml::from_str(&text).unwrap_or_default(),
        Some("json") => serde_json::from_str(&text).unwrap_or_default(),
        _ => serde_yaml_ng::from_str(&text).unwrap_or_default(),
    };
    let show = show_from(
        &tree,
        [
            &["/title"],
            &["/params/description"],
            &["/params/author", "/author"],
            &["/languageCode"],
        ],
    );
    site(dir, &layout, config, base_url, show)
}

fn jekyll(dir: &Path, config: &str) -> Site {
    let text = read(dir, config).unwrap_or_default();
    let url = capture(&text, r#"(?m)^url\s*:\s*["']?([^"'\s#]+)"#);
    let baseurl = capture(&text, r#"(?m)^baseurl\s*:\s*["']?([^"'\s#]*)"#).unwrap_or_default();
    let base_url = url.and_then(|u| clean_url(format!("{}{}", u.trim_end_matches('/'), baseurl)));
    let layout = Layout {
        generator: Generator::Jekyll,
        posts: &[("_posts", &["**/*.md", "**/*.markdown"])],
        feeds: &["_site/feed.xml"],
        // jekyll-feed writes Atom.
        atom: true,
        built_by: "`jekyll build` (jekyll-feed)",
        out_dir: "audio",
        copy_note: "Jekyll copies audio/ into _site/ when it builds: after `narrate`, copy new episodes with `cp -r audio _site/`",
    };
    let tree: serde_json::Value = serde_yaml_ng::from_str(&text).unwrap_or_default();
    let show = show_from(
        &tree,
        [&["/title"], &["/description"], &["/author"], &["/lang"]],
    );
    site(dir, &layout, config, base_url, show)
}

fn zola(dir: &Path, text: &str) -> Site {
    let base_url = capture(text, r#"(?m)^base_url\s*=\s*["']([^"']+)"#).and_then(clean_url);
    // Zola writes Atom unless `feed_filenames` (or the older `feed_filename`) names rss.xml.
    let rss = text.contains("rss.xml");
    let layout = Layout {
        generator: Generator::Zola,
        posts: &[
            ("content/blog", ZOLA_PAGES),
            ("content/posts", ZOLA_PAGES),
            ("content", ZOLA_PAGES),
        ],
        feeds: if rss {
            &["public/rss.xml"]
        } else {
            &["public/atom.xml"]
        },
        atom: !rss,
        built_by: "`zola build`",
        out_dir: "static/audio",
        copy_note: "Zola copies static/audio into public/ when it builds: after `narrate`, copy new episodes with `cp -r static/audio public/`",
    };
    let tree: serde_json::Value = toml::from_str(text).unwrap_or_default();
    let mut show = show_from(
        &tree,
        [
            &["/title"],
            &["/description"],
            &["/author", "/extra/author"],
            &["/default_language"],
        ],
    );
    // Zola's own default when the key is absent.
    show.language.get_or_insert_with(|| "en".into());
    site(dir, &layout, "config.toml", base_url, show)
}

fn eleventy(dir: &Path, config: &str) -> Site {
    let data = [
        "_data/metadata.json",
        "_data/site.json",
        "src/_data/metadata.json",
        "src/_data/site.json",
    ]
    .iter()
    .find_map(|f| read(dir, f))
    .unwrap_or_default();
    let base_url = capture(&data, r#""url"\s*:\s*"([^"]+)""#).and_then(clean_url);
    let tree: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
    let show = show_from(
        &tree,
        [&["/title"], &["/description"], &["/author"], &["/language"]],
    );
    let layout = Layout {
        generator: Generator::Eleventy,
        posts: &[
            ("posts", BUNDLES),
            ("src/posts", BUNDLES),
            ("content/blog", BUNDLES),
            ("blog", BUNDLES),
        ],
        feeds: &["_site/feed.xml", "_site/feed/feed.xml"],
        atom: false,
        built_by: "`npx @11ty/eleventy` (its RSS plugin)",
        out_dir: "audio",
        copy_note: "Eleventy copies audio/ only with `eleventyConfig.addPassthroughCopy(\"audio\")` in its config; after `narrate`, copy new episodes with `cp -r audio _site/`",
    };
    site(dir, &layout, config, base_url, show)
}

fn plain(dir: &Path) -> Site {
    let mut notes = Vec::new();
    let posts = posts_in(
        dir,
        &[
            ("posts", &["*.md"]),
            ("content", &["*.md"]),
            (".", &["*.md"]),
        ],
        &mut notes,
    )
    .into_iter()
    .map(|g| g.trim_start_matches("./").to_string())
    .collect();
    let feed = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xml") || n.ends_with(".rss"))
        .filter(|n| read(dir, n).is_some_and(|t| crate::feed::is_rss(&t)))
        .min();
    if feed.is_none() {
        notes.push(
            "no RSS feed found: episodes are made, but no feed is written until `feed` names one"
                .into(),
        );
    }
    notes.push(
        "no site generator recognized (Hugo, Jekyll, Zola, Eleventy): check `posts` and `out-dir`"
            .into(),
    );
    Site {
        generator: Generator::Plain,
        evidence: None,
        posts,
        feed,
        podcast_feed: None,
        out_dir: "audio".into(),
        base_url: None,
        show: Show::default(),
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zola_site(config: &str, feed: Option<(&str, &str)>) -> Site {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), config).unwrap();
        if let Some((name, text)) = feed {
            std::fs::create_dir_all(dir.path().join("public")).unwrap();
            std::fs::write(dir.path().join("public").join(name), text).unwrap();
        }
        detect(dir.path())
    }

    #[test]
    fn zola_writes_atom_by_default_so_the_show_comes_from_its_config() {
        let s = zola_site(
            "base_url = \"https://orchard.example.com/\"\ntitle = \"Orchard Log\"\ndescription = \"Grafts and frosts.\"\n[extra]\nauthor = \"Pim Ruys\"\n",
            None,
        );
        assert_eq!(s.feed, None);
        assert_eq!(s.podcast_feed.as_deref(), Some("static/audio/podcast.xml"));
        assert_eq!(
            s.show,
            Show {
                title: Some("Orchard Log".into()),
                description: Some("Grafts and frosts.".into()),
                author: Some("Pim Ruys".into()),
                // Zola's default language.
                language: Some("en".into()),
            }
        );
        assert_eq!(
            s.url_of_file("podcast.xml").as_deref(),
            Some("https://orchard.example.com/audio/podcast.xml")
        );
    }

    #[test]
    fn a_built_feed_is_judged_by_its_content_not_its_name() {
        let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel></channel></rss>";
        let atom = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>";
        let base = "base_url = \"https://o.example.com\"\n";
        // Configured for rss.xml and it is RSS: enclosures go into it.
        let s = zola_site(
            &format!("{base}feed_filenames = [\"rss.xml\"]\n"),
            Some(("rss.xml", rss)),
        );
        assert_eq!(s.feed.as_deref(), Some("public/rss.xml"));
        assert_eq!(s.podcast_feed, None);
        // Named rss.xml but Atom inside: a podcast feed of our own.
        let s = zola_site(
            &format!("{base}feed_filenames = [\"rss.xml\"]\n"),
            Some(("rss.xml", atom)),
        );
        assert_eq!(s.feed, None);
        assert!(s.podcast_feed.is_some());
        // Unbuilt RSS: assumed, with a note to build first.
        let s = zola_site(&format!("{base}feed_filenames = [\"rss.xml\"]\n"), None);
        assert_eq!(s.feed.as_deref(), Some("public/rss.xml"));
        assert!(s.notes.iter().any(|n| n.contains("does not exist yet")));
    }
}
