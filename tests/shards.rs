//! An archive across machines: `build --shard K/N` on each, then
//! `narrate publish` with every shard's folder gives what one full build
//! gives, byte for byte; a damaged shard publishes nothing; and a new post
//! moves no other post to another shard. Posts and feed written for this
//! test; the segment cache is shared, as a CI cache restored into every
//! shard would be (synthesis samples noise: only a cached sentence is the
//! same sound twice).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{narrate, snapshot, stderr, stdout};

/// By slug, shards of 3: brake-pads and bar-tape 1, tire-levers and
/// valve-cores 2, oiling-a-chain 3 (sha256 of the slug; see
/// `pipeline::shard`).
const POSTS: [(&str, &str); 5] = [
    ("brake-pads", "Worn pads squeal first and stop late later."),
    (
        "tire-levers",
        "Two levers, never a screwdriver, and the tube survives.",
    ),
    (
        "bar-tape",
        "Wrap from the bar end up, overlapping by a third.",
    ),
    (
        "oiling-a-chain",
        "One drop per roller, then wipe the outside dry.",
    ),
    (
        "valve-cores",
        "A loose valve core leaks slowly; tighten it a quarter turn.",
    ),
];

fn feed() -> String {
    let items: String = POSTS
        .iter()
        .map(|(slug, _)| {
            format!("    <item>\n      <title>{slug}</title>\n      <link>https://workshop.example/{slug}/</link>\n    </item>\n")
        })
        .collect();
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n  <channel>\n    <title>Workshop Notes</title>\n    <link>https://workshop.example/</link>\n    <description>Small repairs.</description>\n{items}  </channel>\n</rss>\n")
}

/// A post whose title and every sentence carry `aside`.
fn write_post(dir: &Path, slug: &str, body: &str, aside: &str, day: usize) {
    fs::write(
        dir.join(format!("posts/{slug}.md")),
        format!("---\ntitle: {slug}, {aside}\ndate: 2026-11-{day:02}\n---\n\n{body} {aside}.\n"),
    )
    .unwrap();
}

/// A site with the five posts, an RSS feed and a podcast feed of its own.
/// `aside` is in every title and post: the tests run at once over one
/// cache, and must never synthesize the same sentence at the same time.
fn site(dir: &Path, aside: &str) {
    fs::create_dir_all(dir.join("posts")).unwrap();
    for (i, (slug, body)) in POSTS.iter().enumerate() {
        write_post(dir, slug, body, aside, i + 1);
    }
    fs::write(dir.join("feed.xml"), feed()).unwrap();
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-cache");
    fs::write(
        dir.join("pipeline.toml"),
        format!(
            r#"posts = ["posts/*.md"]
feed = "feed.xml"
out-dir = "audio"
cache-dir = "{}"
podcast-feed = "audio/podcast.xml"
[episode]
audio-url = "https://workshop.example/audio/{{slug}}.mp3"
transcripts = true
transcript-url = "https://workshop.example/audio/{{slug}}.vtt"
[podcast]
title = "Workshop Notes, read aloud"
description = "Small repairs."
image = "https://workshop.example/cover.png"
language = "en-us"
categories = ["Leisure/Hobbies"]
explicit = false
"#,
            cache.display()
        ),
    )
    .unwrap();
}

fn shards(dir: &Path, prefix: &str, n: usize) -> Vec<String> {
    (1..=n)
        .map(|k| {
            let out = format!("{prefix}-{k}");
            let o = narrate(
                dir,
                &["build", "--shard", &format!("{k}/{n}"), "--out", &out],
            );
            // 1: a post failed (the tests that expect none check publish).
            assert!(
                matches!(o.status.code(), Some(0 | 1)),
                "shard {k}: {}",
                stderr(&o)
            );
            out
        })
        .collect()
}

/// The slugs each shard's record lists, by shard number.
fn recorded(dir: &Path, folders: &[String]) -> Vec<Vec<String>> {
    folders
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let path =
                dir.join(f)
                    .join(format!("narrate-shard-{}-of-{}.json", i + 1, folders.len()));
            let record: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
            let mut slugs: Vec<String> = record["posts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["slug"].as_str().unwrap().to_string())
                .collect();
            slugs.sort();
            slugs
        })
        .collect()
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir).into_keys().collect()
}

/// Each file of a folder by name, as its length and sha256 (readable
/// when two folders differ).
fn sums(dir: &Path) -> Vec<(PathBuf, usize, String)> {
    snapshot(dir)
        .into_iter()
        .map(|(p, b)| (p, b.len(), narrate::pipeline::fingerprint::sha256_hex(&b)))
        .collect()
}

fn text(path: PathBuf) -> String {
    fs::read_to_string(path).unwrap()
}

#[test]
fn shards_then_publish_give_what_one_full_build_gives() {
    let tmp = tempfile::tempdir().unwrap();
    let (full, split) = (tmp.path().join("full"), tmp.path().join("split"));
    site(&full, "with a rag nearby");
    site(&split, "with a rag nearby");
    let o = narrate(&full, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).matches(" new ").count(), 5, "{}", stdout(&o));

    // Three shards: each writes its episodes and its record, never the
    // feed, the podcast feed or the manifest.
    let folders = shards(&split, "shard", 3);
    assert_eq!(fs::read_to_string(split.join("feed.xml")).unwrap(), feed());
    assert!(!split.join("audio").exists());
    let records = recorded(&split, &folders);
    assert_eq!(
        records,
        [
            vec!["bar-tape", "brake-pads"],
            vec!["tire-levers", "valve-cores"],
            vec!["oiling-a-chain"]
        ]
    );
    // Each shard's folder holds exactly its record and, for each post its
    // record lists, the files the full build wrote for that post: no
    // manifest, no podcast feed, and (the records being disjoint) no file
    // that two shards write.
    let full_files = files_in(&full.join("audio"));
    for (k, (f, slugs)) in folders.iter().zip(&records).enumerate() {
        let mut want: Vec<PathBuf> = full_files
            .iter()
            .filter(|p| {
                let name = p.to_string_lossy();
                slugs.iter().any(|s| {
                    name.strip_prefix(s.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
                })
            })
            .cloned()
            .collect();
        assert_eq!(want.len(), 3 * slugs.len(), "mp3, vtt, chapters: {want:?}");
        want.push(PathBuf::from(format!("narrate-shard-{}-of-3.json", k + 1)));
        want.sort();
        assert_eq!(files_in(&split.join(f)), want, "{f}");
    }

    // Publish: the same feed, podcast feed, manifest and episodes as the
    // full build, byte for byte.
    let args: Vec<&str> = std::iter::once("publish")
        .chain(folders.iter().map(String::as_str))
        .collect();
    let o = narrate(&split, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(text(split.join("feed.xml")), text(full.join("feed.xml")));
    assert_eq!(sums(&split.join("audio")), sums(&full.join("audio")));
    for (slug, _) in POSTS {
        let fp = |d: &Path| {
            narrate::audio::tags::read_fingerprint(&d.join(format!("audio/{slug}.mp3"))).unwrap()
        };
        assert_eq!(fp(&split), fp(&full), "{slug}");
    }

    // Twice: nothing changes.
    let before = snapshot(&split);
    let o = narrate(&split, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("feed.xml: unchanged"), "{}", stderr(&o));
    assert!(
        snapshot(&split) == before,
        "the second publish changed a file"
    );

    // A truncated MP3 in one shard: an error naming the shard and the
    // post, and nothing published.
    fs::remove_dir_all(split.join("audio")).unwrap();
    fs::write(split.join("feed.xml"), feed()).unwrap();
    let mp3 = split.join("shard-2/valve-cores.mp3");
    let bytes = fs::read(&mp3).unwrap();
    fs::write(&mp3, &bytes[..bytes.len() / 2]).unwrap();
    let o = narrate(&split, &args);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("shard-2/valve-cores.mp3")
            && stderr(&o).contains("(shard 2/3, post valve-cores)")
            && stderr(&o).contains("nothing was published"),
        "{}",
        stderr(&o)
    );
    assert!(
        files_in(&split.join("audio")).is_empty(),
        "nothing published"
    );
    assert_eq!(fs::read_to_string(split.join("feed.xml")).unwrap(), feed());
    // A shard's folder left out: refused, naming it.
    let o = narrate(&split, &["publish", "shard-1", "shard-3"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("shard 2/3 missing"), "{}", stderr(&o));
    assert!(
        files_in(&split.join("audio")).is_empty(),
        "nothing published"
    );
}

#[test]
fn a_new_post_moves_no_other_post_to_another_shard() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    site(dir, "in good light");
    let before = recorded(dir, &shards(dir, "a", 3));
    // rim-brakes hashes to shard 1.
    write_post(
        dir,
        "rim-brakes",
        "Toe the pads in a little.",
        "in good light",
        9,
    );
    let after = recorded(dir, &shards(dir, "b", 3));
    for (k, (b, a)) in before.iter().zip(&after).enumerate() {
        let mut expected = b.clone();
        if k == 0 {
            expected.push("rim-brakes".into());
            expected.sort();
        }
        assert_eq!(a, &expected, "shard {}", k + 1);
    }
    // Publishing the first split now: the new post is in no record.
    let o = narrate(dir, &["publish", "a-1", "a-2", "a-3"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("rim-brakes.md: in no shard's record (by its slug it is shard 1/3)"),
        "{}",
        stderr(&o)
    );
}

/// A site whose output folder already holds its episodes (committed, or
/// restored): each shard starts from them, finds its posts up to date and
/// narrates nothing; publish leaves the site as it was.
#[test]
fn shards_start_from_the_episodes_the_site_already_has() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    site(dir, "by the window");
    let o = narrate(dir, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot(dir);
    let folders = shards(dir, "s", 2);
    for f in &folders {
        let record = fs::read_to_string(
            dir.join(f)
                .join(format!("narrate-shard-{}-of-2.json", &f[2..])),
        )
        .unwrap();
        let record: serde_json::Value = serde_json::from_str(&record).unwrap();
        for p in record["posts"].as_array().unwrap() {
            assert_eq!(p["status"], "up-to-date", "{f}: {p}");
        }
    }
    let args: Vec<&str> = std::iter::once("publish")
        .chain(folders.iter().map(String::as_str))
        .collect();
    let o = narrate(dir, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = snapshot(dir);
    for (path, bytes) in &before {
        assert!(after.get(path) == Some(bytes), "{} changed", path.display());
    }
}

/// Two posts with one slug fail in a full build (their episodes would
/// overwrite each other) and the rest is published; publish does the same.
#[test]
fn posts_sharing_a_slug_fail_in_publish_as_in_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let (full, split) = (tmp.path().join("full"), tmp.path().join("split"));
    for d in [&full, &split] {
        site(d, "under the stairs");
        fs::write(
            d.join("posts/brake-pads-again.md"),
            "---\ntitle: Brake pads again\nslug: brake-pads\n---\n\nThe second note on pads, under the stairs.\n",
        )
        .unwrap();
    }
    let o = narrate(&full, &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o).matches(" failed ").count(), 2, "{}", stdout(&o));
    let folders = shards(&split, "shard", 3);
    let args: Vec<&str> = std::iter::once("publish")
        .chain(folders.iter().map(String::as_str))
        .collect();
    let o = narrate(&split, &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o).matches(" failed ").count(), 2, "{}", stdout(&o));
    assert_eq!(text(split.join("feed.xml")), text(full.join("feed.xml")));
    assert_eq!(sums(&split.join("audio")), sums(&full.join("audio")));
}
