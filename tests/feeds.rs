//! Every blog's feed: a podcast made elsewhere is kept, `--missing` builds
//! only what is new, `check` checks what narrate is responsible for, an
//! Atom blog gets a podcast feed of its own and a manifest for templates.
//! Fixture feeds in tests/fixtures/feeds/ were written for these tests.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{diff, narrate, stderr, stdout};
use narrate::feed::scan;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/feeds").join(name)
}

fn pottery(dir: &Path) -> String {
    fs::copy(fixture("made-elsewhere.xml"), dir.join("feed.xml")).unwrap();
    fs::write(
        dir.join("pipeline.toml"),
        format!(
            "out-dir = \"out\"\ncache-dir = \"{}\"\n[episode]\naudio-url = \"https://pottery.example/audio/{{slug}}.mp3\"\n",
            root().join("target/test-cache").display()
        ),
    )
    .unwrap();
    fs::read_to_string(dir.join("feed.xml")).unwrap()
}

const NEW: &str = "glaze-tests-on-a-budget";

#[test]
fn a_podcast_made_elsewhere_is_kept_and_only_the_new_item_is_narrated() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let before = pottery(dir);

    let o = narrate(dir, &["build", "feed.xml", "--missing", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 20);
    let new: Vec<&serde_json::Value> = rows.iter().filter(|r| r["status"] == "new").collect();
    assert_eq!(new.len(), 1);
    assert_eq!(new[0]["slug"], NEW);
    assert!(new[0]["bytes"].as_u64().unwrap() > 10_000);
    assert_eq!(
        rows.iter()
            .filter(|r| r["status"] == "kept" && r["detail"] == "has audio")
            .count(),
        19
    );
    // The feed: only the new item gained its enclosure and duration.
    let after = fs::read_to_string(dir.join("feed.xml")).unwrap();
    let (added, removed) = diff(&before, &after);
    assert!(removed.is_empty(), "{removed:?}");
    assert_eq!(added.len(), 2, "{added:?}");
    assert!(added[0].contains(&format!(
        "<enclosure url=\"https://pottery.example/audio/{NEW}.mp3\""
    )));
    assert!(added[1].contains("<itunes:duration>0:00:"));
    let files: Vec<String> = fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".mp3"))
        .collect();
    assert_eq!(files, [format!("{NEW}.mp3")]);

    // The CI gate for what was built passes; the whole feed passes too,
    // listing the 19 it could not check; --strict makes them errors.
    let o = narrate(dir, &["check", "--feed", "feed.xml", "--only", NEW]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 enclosure(s) in out checked, 0 not checked, 0 problem(s)"));
    let o = narrate(dir, &["check", "--feed", "feed.xml"]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 enclosure(s) in out checked, 19 not checked, 0 problem(s)"));
    assert_eq!(stdout(&o).matches(": not checked: ").count(), 19);
    let o = narrate(dir, &["check", "--feed", "feed.xml", "--strict"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o).matches(": error: ").count(), 19);

    // A plain build: the others are kept as made elsewhere, nothing changes.
    let o = narrate(dir, &["build", "feed.xml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).matches("kept (made elsewhere)").count(), 19);
    assert!(stdout(&o).contains(NEW) && stdout(&o).contains("up to date"));
    assert_eq!(fs::read_to_string(dir.join("feed.xml")).unwrap(), after);

    // --replace-existing narrates one of them and replaces its enclosure.
    let o = narrate(
        dir,
        &[
            "build",
            "feed.xml",
            "--replace-existing",
            "--only",
            "pinholes",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let replaced = fs::read_to_string(dir.join("feed.xml")).unwrap();
    let (added, removed) = diff(&after, &replaced);
    assert_eq!(removed.len(), 2, "old enclosure and duration: {removed:?}");
    assert!(
        removed[0].contains("pinholes.mp3\" length=\"2218785\""),
        "{removed:?}"
    );
    let size = fs::metadata(dir.join("out/pinholes.mp3")).unwrap().len();
    assert!(
        added[0].contains(&format!("pinholes.mp3\" length=\"{size}\"")),
        "{added:?}"
    );
    assert!(dir.join("out/pinholes.mp3").is_file());
    // Now pinholes is narrate's: a plain build keeps it up to date.
    let o = narrate(dir, &["build", "feed.xml", "--only", "pinholes"]);
    assert!(stdout(&o).contains("up to date"), "{}", stdout(&o));
}

#[test]
fn check_that_checks_nothing_fails_and_names_the_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    pottery(dir);
    // An audio-url matching no enclosure: nothing checked is a failure.
    let o = narrate(
        dir,
        &[
            "check",
            "--feed",
            "feed.xml",
            "--audio-url",
            "https://elsewhere.example/{slug}.mp3",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("none of the 19 enclosure(s) could be checked"),
        "{}",
        stdout(&o)
    );
    // An audio-url without {slug} is a usage error, not a pass.
    let o = narrate(
        dir,
        &[
            "check",
            "--feed",
            "feed.xml",
            "--audio-url",
            "https://pottery.example/audio/x.mp3",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("must contain {slug}"), "{}", stderr(&o));
    // --only naming nothing with an enclosure.
    let o = narrate(dir, &["check", "--feed", "feed.xml", "--only", "nope"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A 1400 px square grey PNG, written here so no binary fixture is needed.
fn cover(path: &Path) {
    image::GrayImage::from_pixel(1400, 1400, image::Luma([128]))
        .save(path)
        .unwrap();
}

#[test]
fn an_atom_blog_gets_a_podcast_feed_and_a_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::create_dir_all(dir.join("_site")).unwrap();
    fs::copy(fixture("jekyll-atom.xml"), dir.join("_site/feed.xml")).unwrap();
    cover(&dir.join("cover.png"));
    let config = format!(
        r#"posts = ["_site/feed.xml"]
out-dir = "audio"
cache-dir = "{cache}"
podcast-feed = "audio/podcast.xml"
[episode]
audio-url = "https://weaving.example.org/journal/audio/{{slug}}.mp3"
transcripts = true
transcript-url = "https://weaving.example.org/journal/audio/{{slug}}.vtt"
chapters = true
chapters-url = "https://weaving.example.org/journal/audio/{{slug}}.chapters.json"
[podcast]
title = "Loom and Shuttle, read aloud"
description = "Notes from a small weaving studio."
author = "Ines Varga"
owner-name = "Ines Varga"
owner-email = "ines@weaving.example.org"
image = "cover.png"
link = "https://weaving.example.org/journal/"
language = "en-us"
categories = ["Leisure/Crafts", "Arts/Design"]
explicit = false
type = "serial"
copyright = "2026 Ines Varga"
"#,
        cache = root().join("target/test-cache").display()
    );
    fs::write(dir.join("pipeline.toml"), &config).unwrap();
    let atom_before = fs::read(dir.join("_site/feed.xml")).unwrap();

    let o = narrate(dir, &["build"]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o).matches(" new ").count(), 2, "{}", stdout(&o));
    assert_eq!(
        fs::read(dir.join("_site/feed.xml")).unwrap(),
        atom_before,
        "the Atom feed is read, never written"
    );

    // The podcast feed, parsed back and checked tag by tag.
    let text = fs::read_to_string(dir.join("audio/podcast.xml")).unwrap();
    let s = scan::scan(&text).unwrap();
    assert_eq!(s.kind, scan::Kind::Rss);
    assert_eq!(s.title.as_deref(), Some("Loom and Shuttle, read aloud"));
    assert!(text.contains(
        "<itunes:image href=\"https://weaving.example.org/journal/audio/podcast-cover.png\"/>"
    ));
    assert_eq!(
        fs::read(dir.join("audio/podcast-cover.png")).unwrap(),
        fs::read(dir.join("cover.png")).unwrap()
    );
    assert!(text.contains("<itunes:category text=\"Arts\">"));
    assert!(text.contains("<itunes:type>serial</itunes:type>"));
    let titles: Vec<&str> = s.entries.iter().map(|e| e.text("title").unwrap()).collect();
    assert_eq!(titles, ["Sett and Beat", "Warp First"], "newest first");
    for (e, (slug, number, guid, date)) in s.entries.iter().zip([
        (
            "sett-and-beat",
            "2",
            "https://weaving.example.org/journal/2026/09/21/sett-and-beat",
            "Mon, 21 Sep 2026 09:00:00 +0000",
        ),
        (
            "warp-first",
            "1",
            "https://weaving.example.org/journal/2026/09/14/warp-first",
            "Mon, 14 Sep 2026 09:00:00 +0000",
        ),
    ]) {
        let mp3 = dir.join(format!("audio/{slug}.mp3"));
        let enc = e.child("enclosure").unwrap();
        assert_eq!(
            enc.attr("url").unwrap(),
            format!("https://weaving.example.org/journal/audio/{slug}.mp3")
        );
        assert_eq!(
            enc.attr("length").unwrap(),
            fs::metadata(&mp3).unwrap().len().to_string()
        );
        assert_eq!(e.text("guid"), Some(guid), "the entry's id, stable");
        assert_eq!(e.text("pubDate"), Some(date));
        assert_eq!(e.text("itunes:episode"), Some(number));
        assert!(e.text("itunes:duration").unwrap().starts_with("0:00:"));
        assert!(e.text("link").unwrap().ends_with(".html"));
        assert!(e.child("podcast:transcript").is_some());
        assert!(e.child("podcast:chapters").is_some());
    }

    // The manifest for templates.
    let m: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("audio/episodes.json")).unwrap())
            .unwrap();
    let warp = &m["episodes"]["warp-first"];
    assert_eq!(warp["title"], "Warp First");
    assert_eq!(warp["date"], "2026-09-14T09:00:00+00:00");
    assert_eq!(
        warp["url"],
        "https://weaving.example.org/journal/audio/warp-first.mp3"
    );
    assert_eq!(
        warp["length"].as_u64().unwrap(),
        fs::metadata(dir.join("audio/warp-first.mp3"))
            .unwrap()
            .len()
    );
    assert!(warp["duration_seconds"].as_f64().unwrap() > 1.0);
    assert!(warp["duration"].as_str().unwrap().starts_with("0:00:"));
    assert_eq!(
        warp["transcript_url"],
        "https://weaving.example.org/journal/audio/warp-first.vtt"
    );
    assert_eq!(warp["voice"], "joe");

    // Nothing changed: both files byte-identical (and not rewritten).
    let podcast = fs::read(dir.join("audio/podcast.xml")).unwrap();
    let manifest = fs::read(dir.join("audio/episodes.json")).unwrap();
    let o = narrate(dir, &["build"]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("podcast feed unchanged"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read(dir.join("audio/podcast.xml")).unwrap(), podcast);
    assert_eq!(fs::read(dir.join("audio/episodes.json")).unwrap(), manifest);
    // Building one post keeps the other in both.
    let o = narrate(dir, &["build", "--force", "--only", "warp-first"]);
    assert!(o.status.success());
    let again = fs::read_to_string(dir.join("audio/podcast.xml")).unwrap();
    assert_eq!(again.matches("<item>").count(), 2);

    // An Atom feed as the write-back target is refused before any work.
    let o = narrate(dir, &["build", "--feed", "_site/feed.xml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Atom feed"), "{}", stderr(&o));

    // A required show key missing is a config error naming it.
    fs::write(
        dir.join("pipeline.toml"),
        config.replace("language = \"en-us\"\n", ""),
    )
    .unwrap();
    let o = narrate(dir, &["build"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`podcast.language` is missing"),
        "{}",
        stderr(&o)
    );
}

/// `narrate init` in a Jekyll site whose feed (jekyll-feed's) is Atom: the
/// config gets a podcast feed of narrate's own and a `[podcast]` table from
/// `_config.yml`; a build names each key init could not know; once the
/// author fills them in, the build writes the podcast feed.
#[test]
fn init_in_an_atom_site_sets_up_a_podcast_feed_that_a_build_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let site = root().join("tests/fixtures/sites/jekyll");
    fs::create_dir_all(dir.join("_posts")).unwrap();
    for e in fs::read_dir(site.join("_posts")).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), dir.join("_posts").join(e.file_name())).unwrap();
    }
    fs::copy(site.join("_config.yml"), dir.join("_config.yml")).unwrap();
    fs::create_dir_all(dir.join("_site")).unwrap();
    fs::copy(fixture("jekyll-atom.xml"), dir.join("_site/feed.xml")).unwrap();
    let atom_before = fs::read(dir.join("_site/feed.xml")).unwrap();

    let o = narrate(dir, &["init"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("podcast  audio/podcast.xml"),
        "{}",
        stdout(&o)
    );
    let written = fs::read_to_string(dir.join("pipeline.toml")).unwrap();
    let config = narrate::config::Config::parse(&written, Path::new("pipeline.toml")).unwrap();
    assert_eq!(config.feed, Path::new(""));
    assert_eq!(config.podcast_feed, Path::new("audio/podcast.xml"));
    let p = &config.podcast;
    assert_eq!(p.title, "Loom and Shuttle");
    assert_eq!(
        p.description,
        "Notes from a weaver's bench, one draft at a time."
    );
    assert_eq!(p.author, "Ada Warp");
    assert_eq!(p.link, "https://weaving.example.org/journal");
    assert_eq!(p.explicit, Some(false));
    assert_eq!((p.image.as_str(), p.language.as_str()), ("", ""));
    assert!(p.categories.is_empty());

    // Every command but a build runs with the placeholders left.
    let o = narrate(dir, &["script", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A build names exactly the keys still missing, and writes nothing.
    let o = narrate(dir, &["build"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    let missing: Vec<&str> = [
        "title",
        "description",
        "image",
        "language",
        "categories",
        "explicit",
    ]
    .into_iter()
    .filter(|k| err.contains(&format!("`podcast.{k}` is missing")))
    .collect();
    assert_eq!(missing, ["image", "language", "categories"], "{err}");
    assert!(
        err.starts_with("error: pipeline.toml: `podcast.image` is missing"),
        "{err}"
    );
    assert!(!dir.join("audio").exists());

    // The author fills them in; the build writes the podcast feed.
    cover(&dir.join("podcast-cover.png"));
    let filled = written
        .replace("# image = ", "image = ")
        .replace("# language = ", "language = ")
        .replace("# categories = ", "categories = ")
        .replace(
            "cache-dir = \".narrate-cache\"",
            &format!(
                "cache-dir = \"{}\"",
                root().join("target/test-cache").display()
            ),
        );
    fs::write(dir.join("pipeline.toml"), filled).unwrap();
    let o = narrate(dir, &["build"]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let text = fs::read_to_string(dir.join("audio/podcast.xml")).unwrap();
    let s = scan::scan(&text).unwrap();
    assert_eq!(s.kind, scan::Kind::Rss);
    assert_eq!(s.title.as_deref(), Some("Loom and Shuttle"));
    assert_eq!(s.entries.len(), 2);
    for tag in [
        "<language>en-us</language>",
        "<itunes:author>Ada Warp</itunes:author>",
        "<itunes:category text=\"Technology\"/>",
        "<itunes:explicit>false</itunes:explicit>",
    ] {
        assert!(text.contains(tag), "{tag} in\n{text}");
    }
    assert_eq!(fs::read(dir.join("_site/feed.xml")).unwrap(), atom_before);
}

#[test]
fn a_crlf_feed_with_cdata_and_comments_is_read_and_written_faithfully() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::copy(fixture("crlf-cdata-comments.xml"), dir.join("feed.xml")).unwrap();
    let before = fs::read_to_string(dir.join("feed.xml")).unwrap();
    let o = narrate(dir, &["script", "feed.xml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Crumb & Crust"), "{}", stdout(&o));
    assert!(stdout(&o).contains("An open crumb needs a wet dough and patience."));
    fs::write(
        dir.join("pipeline.toml"),
        format!(
            "out-dir = \"out\"\ncache-dir = \"{}\"\n[episode]\naudio-url = \"https://bread.example.org/audio/{{slug}}.mp3\"\n",
            root().join("target/test-cache").display()
        ),
    )
    .unwrap();
    let o = narrate(dir, &["build", "feed.xml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = fs::read_to_string(dir.join("feed.xml")).unwrap();
    let (added, removed) = diff(&before, &after);
    assert_eq!(removed.len(), 1, "only the <rss> line: {removed:?}");
    assert_eq!(added.len(), 3, "{added:?}");
    assert!(!after.replace("\r\n", "").contains('\n'), "CRLF kept");
    for kept in [
        "<!-- written by a generator; comments and CDATA must survive -->",
        "<title><![CDATA[Crumb & Crust]]></title>",
        "<!-- more -->]]></content:encoded>",
    ] {
        assert!(after.contains(kept), "{kept}");
    }
}
