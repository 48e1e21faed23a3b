//! End to end with the real voice: the example blog becomes episodes, the
//! feed gains their enclosures, a rebuild changes nothing, a failed post
//! damages nothing, and `narrate check` catches a bad file.

mod common;

use std::path::PathBuf;

use common::{diff, narrate, snapshot, stderr, stdout};
use id3::TagLike;
use narrate::audio::{decode, loudness};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the example blog in a temp dir, with a config pointing at the
/// repository's voices and a cache shared by the tests (content-addressed,
/// so sharing is safe and makes later builds fast), or a private one.
fn blog_with_cache(private_cache: bool) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let src = root().join("examples/blog");
    let posts = tmp.path().join("posts");
    std::fs::create_dir_all(&posts).unwrap();
    for e in std::fs::read_dir(src.join("content/posts")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), posts.join(e.file_name())).unwrap();
    }
    std::fs::copy(src.join("feed.xml"), tmp.path().join("feed.xml")).unwrap();
    let config = format!(
        r#"posts = ["posts/*.md", "posts/*.html"]
cache-dir = "{cache}"
feed = "feed.xml"
[script]
intro = "{{title}}. By {{author}}."
[episode]
audio-url = "https://ops-notebook.example.com/audio/{{slug}}.mp3"
"#,
        cache = if private_cache {
            tmp.path().join("cache")
        } else {
            root().join("target/test-cache")
        }
        .display(),
    );
    std::fs::write(tmp.path().join("pipeline.toml"), config).unwrap();
    tmp
}

fn blog() -> tempfile::TempDir {
    blog_with_cache(false)
}

const SLUGS: [&str; 4] = [
    "retries-without-regret",
    "sourdough-and-cron",
    "the-quiet-pager",
    "upgrading-the-fleet",
];

#[test]
fn build_rebuild_fail_and_check() {
    // A cache of its own: the partial-rebuild step below counts cache hits.
    let blog = blog_with_cache(true);
    let dir = blog.path();
    let out_dir = dir.join("out");
    let feed_before = std::fs::read_to_string(dir.join("feed.xml")).unwrap();

    // First build: four new episodes.
    let o = narrate(dir, &["build"]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    for slug in SLUGS {
        assert!(
            stdout(&o)
                .lines()
                .any(|l| l.starts_with(slug) && l.contains(" new ")),
            "{}",
            stdout(&o)
        );
    }

    for slug in SLUGS {
        let mp3 = out_dir.join(format!("{slug}.mp3"));
        let tag = id3::Tag::read_from_path(&mp3).unwrap();
        assert_eq!(tag.version(), id3::Version::Id3v23);
        let tlen = tag.duration().expect("TLEN") as f64 / 1000.0;

        // The MP3 lasts what was assembled (gapless decode, LAME info frame).
        let d = decode::decode(&mp3, true).unwrap();
        assert_eq!(d.sample_rate, 22050);
        assert!(
            (d.seconds() - tlen).abs() <= 0.05,
            "{slug}: decoded {} s vs assembled {tlen} s",
            d.seconds()
        );

        // Loudness on target and true peak under the ceiling, measured on
        // what a listener decodes (0.1 dB of meter tolerance).
        let (lufs, peak) = loudness::measure(&d.samples, d.sample_rate);
        assert!((lufs - -16.0).abs() <= 0.2, "{slug}: {lufs} LUFS");
        assert!(peak <= -0.9, "{slug}: true peak {peak} dBTP");

        // Tags.
        assert_eq!(tag.artist(), Some("Mara Lindqvist"));
        assert_eq!(
            tag.album(),
            Some("The Ops Notebook"),
            "podcast title from the feed's channel"
        );
        assert_eq!(tag.genre(), Some("Podcast"));
        assert!(tag.date_recorded().is_some());

        // Chapters: ID3 CHAP/CTOC and the JSON agree, first at 0, in order.
        let chaps: Vec<&id3::frame::Chapter> = tag.chapters().collect();
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out_dir.join(format!("{slug}.chapters.json"))).unwrap(),
        )
        .unwrap();
        let jc = json["chapters"].as_array().unwrap();
        assert_eq!(chaps.len(), jc.len());
        assert!(chaps.len() >= 2, "{slug} has headings");
        assert_eq!(chaps[0].start_time, 0);
        for (c, j) in chaps.iter().zip(jc) {
            assert_eq!(
                c.start_time as f64 / 1000.0,
                j["startTime"].as_f64().unwrap()
            );
            assert_eq!(c.frames[0].content().text(), j["title"].as_str());
        }
        assert!(chaps
            .windows(2)
            .all(|w| w[0].end_time == w[1].start_time && w[0].start_time < w[1].start_time));
        let toc: Vec<_> = tag.tables_of_contents().collect();
        assert_eq!(toc.len(), 1);
        assert_eq!(toc[0].elements.len(), chaps.len());

        // Transcript: ordered cues inside the duration.
        let vtt = std::fs::read_to_string(out_dir.join(format!("{slug}.vtt"))).unwrap();
        assert!(vtt.starts_with("WEBVTT\n"));
        let times: Vec<(f64, f64)> = vtt
            .lines()
            .filter_map(|l| l.split_once(" --> "))
            .map(|(a, b)| (secs(a), secs(b)))
            .collect();
        assert!(times.len() > 10);
        assert!(
            times
                .windows(2)
                .all(|w| w[0].0 < w[0].1 && w[0].1 <= w[1].0),
            "{slug}: cues ordered"
        );
        assert!(
            times.last().unwrap().1 <= tlen + 1e-6,
            "{slug}: last cue inside the audio"
        );
    }
    let chaps = id3::Tag::read_from_path(out_dir.join("the-quiet-pager.mp3")).unwrap();
    let titles: Vec<_> = chaps
        .chapters()
        .map(|c| c.frames[0].content().text().unwrap().to_string())
        .collect();
    assert_eq!(titles[0], "The Quiet Pager");
    assert!(titles.contains(&"The test page".to_string()), "{titles:?}");

    // The feed changed only by the intended tags.
    let feed_after = std::fs::read_to_string(dir.join("feed.xml")).unwrap();
    let (added, removed) = diff(&feed_before, &feed_after);
    assert_eq!(removed.len(), 1, "only the <rss> line changes: {removed:?}");
    assert!(
        removed[0].starts_with("<rss ")
            && added.contains(&removed[0].replace(
                '>',
                " xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">"
            ))
    );
    assert_eq!(added.len(), 1 + 2 * SLUGS.len(), "{added:?}");
    for slug in SLUGS {
        let size = std::fs::metadata(out_dir.join(format!("{slug}.mp3")))
            .unwrap()
            .len();
        let enclosure = format!(
            "<enclosure url=\"https://ops-notebook.example.com/audio/{slug}.mp3\" length=\"{size}\" type=\"audio/mpeg\"/>"
        );
        assert!(added.iter().any(|l| l.trim() == enclosure), "{enclosure}");
    }
    assert_eq!(
        added
            .iter()
            .filter(|l| l.trim().starts_with("<itunes:duration>"))
            .count(),
        SLUGS.len()
    );

    // `narrate check` passes.
    let o = narrate(dir, &["check"]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("4 enclosure(s)") && stdout(&o).contains("0 problem(s)"),
        "{}",
        stdout(&o)
    );
    // It also reports what a listener gets, per episode.
    let heard = stdout(&o)
        .lines()
        .filter(|l| l.contains(" LUFS, true peak "))
        .count();
    assert_eq!(heard, SLUGS.len(), "{}", stdout(&o));

    // Second build: nothing changes, all up to date.
    let files = snapshot(&out_dir);
    let o = narrate(dir, &["build"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o).matches("up to date").count(),
        SLUGS.len(),
        "{}",
        stdout(&o)
    );
    assert_eq!(snapshot(&out_dir), files);
    assert_eq!(
        std::fs::read_to_string(dir.join("feed.xml")).unwrap(),
        feed_after
    );

    // A rebuild where one post fails and another changed: the author
    // edited one sentence of the quiet pager and left nothing to narrate in
    // the sourdough post. The run exits 1; the failed post keeps its
    // previous files and feed entry byte for byte; the edited post is
    // rebuilt synthesizing exactly its one new sentence; the rest are up
    // to date. (A failure after encoding started, which the binary has no
    // way to cause: tests/reliability.rs.)
    let pager = dir.join("posts/the-quiet-pager.md");
    let text = std::fs::read_to_string(&pager).unwrap();
    assert_eq!(text.matches("For seven days").count(), 1);
    std::fs::write(&pager, text.replace("For seven days", "For eight days")).unwrap();
    let sourdough = dir.join("posts/sourdough-and-cron.md");
    let original = std::fs::read_to_string(&sourdough).unwrap();
    let front = original[3..].find("+++").expect("TOML front matter") + 6;
    std::fs::write(
        &sourdough,
        format!(
            "{}\n\n```\n0 2 * * * /usr/local/bin/backup\n```\n",
            &original[..front]
        ),
    )
    .unwrap();
    let o = narrate(dir, &["build", "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("error: posts/sourdough-and-cron.md: the post has nothing to narrate"),
        "{}",
        stderr(&o)
    );
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let row = |slug: &str| -> serde_json::Value {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["slug"] == slug)
            .unwrap_or_else(|| panic!("{slug} in {rows}"))
            .clone()
    };
    assert_eq!(row("sourdough-and-cron")["status"], "failed", "{rows}");
    let edited = row("the-quiet-pager");
    assert_eq!(edited["status"], "updated", "{edited}");
    let synthesized =
        edited["segments"].as_u64().unwrap() - edited["cached_segments"].as_u64().unwrap();
    assert_eq!(synthesized, 1, "only the edited sentence is new: {edited}");
    for slug in ["upgrading-the-fleet", "retries-without-regret"] {
        assert_eq!(row(slug)["status"], "up to date", "{rows}");
    }
    let now = snapshot(&out_dir);
    for (path, bytes) in &files {
        let name = path.to_string_lossy();
        if !name.starts_with("the-quiet-pager.") && name != "episodes.json" {
            assert!(now.get(path) == Some(bytes), "{name} changed");
        }
    }
    assert_ne!(
        now[std::path::Path::new("the-quiet-pager.mp3")],
        files[std::path::Path::new("the-quiet-pager.mp3")]
    );
    // In the feed only the edited post's item changed, to its new length.
    let feed_now = std::fs::read_to_string(dir.join("feed.xml")).unwrap();
    let (before, after) = (items(&feed_after), items(&feed_now));
    assert_eq!(before.len(), after.len());
    let size = now[std::path::Path::new("the-quiet-pager.mp3")].len();
    for (b, a) in before.iter().zip(&after) {
        if b.contains("the-quiet-pager.mp3") {
            assert!(a.contains(&format!("length=\"{size}\"")), "{a}");
        } else {
            assert_eq!(a, b);
        }
    }
    // `narrate check` passes: the failed post's episode still matches its
    // enclosure, the rebuilt one its new enclosure.
    let o = narrate(dir, &["check"]);
    assert!(
        o.status.success(),
        "feed updated with the new length: {}",
        stdout(&o)
    );
    // The post put back: its kept episode is up to date, nothing is made.
    std::fs::write(&sourdough, &original).unwrap();
    let o = narrate(dir, &["build", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "up to date"),
        "{rows}"
    );

    // A truncated MP3 fails the check.
    let mp3 = out_dir.join("sourdough-and-cron.mp3");
    let bytes = std::fs::read(&mp3).unwrap();
    std::fs::write(&mp3, &bytes[..bytes.len() / 2]).unwrap();
    let o = narrate(dir, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let report = stdout(&o);
    assert!(
        report.contains("Sourdough, Cron, and the Art of Waiting: length is"),
        "{report}"
    );
    assert!(report.contains("<itunes:duration> says"), "{report}");
}

/// The feed's `<item>` elements, in order, as written.
fn items(feed: &str) -> Vec<&str> {
    feed.split("<item>")
        .skip(1)
        .map(|rest| &rest[..rest.find("</item>").expect("closed item")])
        .collect()
}

fn secs(t: &str) -> f64 {
    let p: Vec<f64> = t.trim().split(':').map(|x| x.parse().unwrap()).collect();
    p[0] * 3600.0 + p[1] * 60.0 + p[2]
}

#[test]
fn feed_as_input_with_only_writes_back_into_that_feed() {
    let blog = blog();
    let dir = blog.path();
    std::fs::write(
        dir.join("pipeline.toml"),
        format!(
            "cache-dir = \"{}\"\n[episode]\naudio-url = \"https://e.com/{{slug}}.mp3\"\n",
            root().join("target/test-cache").display()
        ),
    )
    .unwrap();
    let o = narrate(
        dir,
        &[
            "build",
            "feed.xml",
            "--only",
            "the-quiet-pager",
            "--out",
            "audio",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("audio/the-quiet-pager.mp3").is_file());
    assert!(!dir.join("audio/sourdough-and-cron.mp3").exists());
    let feed = std::fs::read_to_string(dir.join("feed.xml")).unwrap();
    assert_eq!(feed.matches("<enclosure ").count(), 1);
    assert!(feed.contains("<enclosure url=\"https://e.com/the-quiet-pager.mp3\""));
    assert!(
        !stderr(&o).contains("has no post"),
        "no noise about the items not asked for"
    );
}

#[test]
fn configuration_mistakes_fail_before_synthesis() {
    let blog = blog();
    let dir = blog.path();
    // A feed but no audio-url.
    let cfg = std::fs::read_to_string(dir.join("pipeline.toml")).unwrap();
    std::fs::write(
        dir.join("pipeline.toml"),
        cfg.replace("audio-url", "# audio-url"),
    )
    .unwrap();
    let o = narrate(dir, &["build"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("feed.xml: cannot write enclosures without a URL"),
        "{}",
        stderr(&o)
    );
    let o = narrate(dir, &["build", "--audio-url", "https://e.com/a.mp3"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("must contain {slug}"));
    assert!(!dir.join("out").exists(), "nothing written");
    // `check` without a feed.
    let o = narrate(dir, &["check", "--feed", "nope.xml"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).contains("nope.xml: cannot read"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn resampling_intro_clip_cover_art_and_a_hostile_slug() {
    let blog = blog();
    let dir = blog.path();
    // A 1 s stereo intro at 48 kHz, and a PNG cover named by front matter.
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: 48000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(dir.join("intro.wav"), spec).unwrap();
    for i in 0..48000 {
        let v = ((i as f32 * 0.05).sin() * 8000.0) as i16;
        w.write_sample(v).unwrap();
        w.write_sample(v).unwrap();
    }
    w.finalize().unwrap();
    image::RgbImage::from_pixel(1400, 1400, image::Rgb([20, 90, 160]))
        .save(dir.join("posts/cover.png"))
        .unwrap();
    std::fs::write(
        dir.join("posts/escape.md"),
        "---\ntitle: Escape\nslug: ../../outside\nimage: cover.png\n---\n\nA short post that tries to leave the output folder.\n",
    )
    .unwrap();
    let cfg = std::fs::read_to_string(dir.join("pipeline.toml")).unwrap();
    std::fs::write(
        dir.join("pipeline.toml"),
        format!("{cfg}[audio]\nsample-rate = 44100\nintro = \"intro.wav\"\n"),
    )
    .unwrap();
    let o = narrate(dir, &["build", "posts/escape.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mp3 = dir.join("out/outside.mp3");
    assert!(
        mp3.is_file(),
        "the slug is sanitized into the output folder"
    );
    assert!(!dir.parent().unwrap().join("outside.mp3").exists());

    let d = decode::decode(&mp3, false).unwrap();
    assert_eq!(d.sample_rate, 44100);
    let tag = id3::Tag::read_from_path(&mp3).unwrap();
    assert!((d.seconds() - tag.duration().unwrap() as f64 / 1000.0).abs() <= 0.05);
    let pic = tag.pictures().next().expect("cover art");
    assert_eq!(pic.mime_type, "image/png");
    assert_eq!(pic.picture_type, id3::frame::PictureType::CoverFront);

    // The intro plays first: speech starts after 1 s of clip and the
    // 900 ms heading pause; the first chapter still starts at 0.
    let vtt = std::fs::read_to_string(dir.join("out/outside.vtt")).unwrap();
    let first = vtt.lines().find_map(|l| l.split_once(" --> ")).unwrap().0;
    assert!(secs(first) >= 1.85 && secs(first) < 2.1, "{first}");
    assert_eq!(tag.chapters().next().unwrap().start_time, 0);

    // A cover that is not an image is a warning naming the file; the post
    // never fails because of its art (issue 13), and the tag has none.
    std::fs::write(dir.join("posts/cover.png"), b"GIF89a").unwrap();
    let o = narrate(dir, &["build", "posts/escape.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cover.png: cover art cannot be used (cannot read the image"),
        "{}",
        stderr(&o)
    );
    let tag = id3::Tag::read_from_path(&mp3).unwrap();
    assert!(tag.pictures().next().is_none());
}

/// Power of `freq` in `x` (Goertzel), normalized by the signal's energy:
/// 1.0 for a pure tone at that frequency.
fn tone_share(x: &[f32], rate: f64, freq: f64) -> f64 {
    let w = 2.0 * std::f64::consts::PI * freq / rate;
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    for &v in x {
        let s = v as f64 + 2.0 * w.cos() * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    let power = s1 * s1 + s2 * s2 - 2.0 * w.cos() * s1 * s2;
    let energy: f64 = x.iter().map(|v| (*v as f64).powi(2)).sum();
    2.0 * power / (x.len() as f64 * energy)
}

/// Regression (issue 9): intro/outro clips were resampled to the voice's
/// 22.05 kHz before the track was brought to `audio.sample-rate`, so music
/// lost everything above 11 kHz. A 13 kHz tone must survive at 44.1 kHz.
#[test]
fn clips_are_mixed_at_the_output_rate() {
    let blog = blog();
    let dir = blog.path();
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 44100,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(dir.join("bright.wav"), spec).unwrap();
    for i in 0..44100 {
        let v = (2.0 * std::f32::consts::PI * 13_000.0 * i as f32 / 44100.0).sin() * 9000.0;
        w.write_sample(v as i16).unwrap();
    }
    w.finalize().unwrap();
    let cfg = std::fs::read_to_string(dir.join("pipeline.toml")).unwrap();
    std::fs::write(
        dir.join("pipeline.toml"),
        format!("{cfg}[audio]\nsample-rate = 44100\nbitrate = 128\nintro = \"bright.wav\"\n"),
    )
    .unwrap();
    let o = narrate(dir, &["build", "posts/the-quiet-pager.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let d = decode::decode(&dir.join("out/the-quiet-pager.mp3"), true).unwrap();
    assert_eq!(d.sample_rate, 44100);
    // The clip's middle, away from the encoder's start-up and the gap.
    let clip = &d.samples[4410..39690];
    let share = tone_share(clip, 44100.0, 13_000.0);
    assert!(share > 0.5, "13 kHz holds {share:.3} of the intro's energy");
}

/// Issue 24: `narrate review` after a build and a one-sentence edit: the
/// page lists every segment with audio that exists, marks exactly the
/// edited sentence, and works in Debian's headless Chromium as a reader on
/// a phone uses it (no console error, every source loads, the keyboard
/// plays a segment and its time advances, nothing wider than the screen).
#[test]
fn review_page_lists_segments_marks_the_edit_and_plays_in_chromium() {
    let blog = blog();
    let dir = blog.path();
    let o = narrate(dir, &["build", "posts/the-quiet-pager.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let post = dir.join("posts/the-quiet-pager.md");
    let text = std::fs::read_to_string(&post).unwrap();
    let first = text
        .lines()
        .find(|l| l.starts_with(|c: char| c.is_ascii_uppercase()) && l.ends_with('.'))
        .expect("a prose line")
        .to_string();
    std::fs::write(
        &post,
        text.replacen(&first, "A sentence added for the review.", 1),
    )
    .unwrap();

    let o = narrate(dir, &["review", "posts/the-quiet-pager.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("1 changed since the last episode"),
        "{}",
        stdout(&o)
    );
    // Elsewhere with --out, still compared with the episodes in out-dir.
    let o = narrate(
        dir,
        &["review", "--out", "private", "posts/the-quiet-pager.md"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("1 changed since the last episode"),
        "{}",
        stdout(&o)
    );
    assert!(dir.join("private/review/the-quiet-pager.html").is_file());
    let page = dir.join("out/review/the-quiet-pager.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let segments = html.matches("<li class=\"seg").count();
    assert!(segments > 5, "{segments} segments");
    assert_eq!(html.matches("class=\"seg changed\"").count(), 1);
    let changed_at = html.find("class=\"seg changed\"").unwrap();
    assert!(html[changed_at..].contains("A sentence added for the review."));
    for i in 1..=segments {
        let wav = dir.join(format!("out/review/the-quiet-pager/{i:04}.wav"));
        assert!(
            wav.metadata().is_ok_and(|m| m.len() > 1000),
            "{}",
            wav.display()
        );
    }

    // The page in a real browser (tests/review/check.mjs, Playwright's core
    // driving Debian's chromium; both installed by scripts/bootstrap --test).
    let shot = root().join("target/review-page.png");
    let check = std::process::Command::new("node")
        .arg(root().join("tests/review/check.mjs"))
        .arg(&page)
        .arg(&shot)
        .output()
        .expect("node (scripts/bootstrap --test installs it)");
    let out = String::from_utf8_lossy(&check.stdout);
    let r: serde_json::Value = serde_json::from_str(out.trim())
        .unwrap_or_else(|e| panic!("{e}: {out}\n{}", String::from_utf8_lossy(&check.stderr)));
    assert_eq!(r["errors"], serde_json::json!([]), "{r}");
    assert_eq!(r["segments"], segments, "{r}");
    assert_eq!(r["changed"], 1, "{r}");
    let durations = r["durations"].as_array().unwrap();
    assert_eq!(durations.len(), segments);
    assert!(durations.iter().all(|d| d.as_f64().unwrap() > 0.1), "{r}");
    assert!(r["played"].as_f64().unwrap() > 0.0, "{r}");
    assert_eq!(r["overflowsPhone"], false, "{r}");
}

/// Issue 24: a post marked `narrate.skip` after its episode was published:
/// the next build withdraws the episode — its files, its manifest entry,
/// and its enclosure, duration, transcript and chapters in the feed — and
/// every other byte of the feed stays as the site wrote it.
#[test]
fn skipping_a_published_post_withdraws_its_episode() {
    let blog = blog();
    let dir = blog.path();
    let original = std::fs::read_to_string(dir.join("feed.xml")).unwrap();
    let o = narrate(dir, &["build", "posts/the-quiet-pager.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let built = std::fs::read_to_string(dir.join("feed.xml")).unwrap();
    assert!(built.contains("/audio/the-quiet-pager.mp3"));
    let manifest = std::fs::read_to_string(dir.join("out/episodes.json")).unwrap();
    assert!(manifest.contains("\"the-quiet-pager\""));

    let post = dir.join("posts/the-quiet-pager.md");
    let text = std::fs::read_to_string(&post).unwrap();
    std::fs::write(
        &post,
        text.replacen("---\n", "---\nnarrate:\n  skip: true\n", 1),
    )
    .unwrap();
    let o = narrate(dir, &["build", "posts/the-quiet-pager.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the-quiet-pager: episode withdrawn"),
        "{}",
        stderr(&o)
    );
    for ext in ["mp3", "vtt", "chapters.json"] {
        assert!(
            !dir.join(format!("out/the-quiet-pager.{ext}")).exists(),
            "{ext}"
        );
    }
    let manifest = std::fs::read_to_string(dir.join("out/episodes.json")).unwrap_or_default();
    assert!(!manifest.contains("the-quiet-pager"), "{manifest}");
    // The feed is the site's again, but for the namespaces declared on <rss>.
    let withdrawn = std::fs::read_to_string(dir.join("feed.xml")).unwrap();
    let body = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.trim_start().starts_with("<rss"))
            .map(String::from)
            .collect()
    };
    assert_eq!(body(&withdrawn), body(&original));
    // Building again changes nothing.
    let o = narrate(dir, &["build", "posts/the-quiet-pager.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.join("feed.xml")).unwrap(),
        withdrawn
    );
}

/// A post's own `narrate.voice` picks its preset: one build speaks two
/// posts with two families, each episode at its voice's rate, the manifest
/// names each voice, a rebuild is up to date; a post naming a voice that
/// does not exist fails the build before anything is written.
#[test]
fn a_post_chooses_its_voice() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("posts")).unwrap();
    std::fs::write(
        dir.join("posts/plain.md"),
        "---\ntitle: Plain\n---\nThe kettle boiled at last.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("posts/warm.md"),
        "---\ntitle: Warm\nnarrate:\n  voice: kokoro-heart\n---\nThe kettle boiled at last.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("pipeline.toml"),
        format!(
            "posts = [\"posts/*.md\"]\ncache-dir = \"{}\"\n",
            root().join("target/test-cache").display()
        ),
    )
    .unwrap();
    let o = narrate(dir, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // One batch across both voices: the posts are counted 1/2 and 2/2.
    let err = stderr(&o);
    let counted: Vec<&str> = err
        .lines()
        .filter_map(|l| l.strip_prefix('[').and_then(|l| l.split(']').next()))
        .collect();
    assert_eq!(counted, ["1/2", "2/2"], "{err}");
    for (slug, rate) in [("plain", 22_050), ("warm", 24_000)] {
        let d = decode::decode(&dir.join(format!("out/{slug}.mp3")), false).unwrap();
        assert_eq!(d.sample_rate, rate, "{slug}");
        assert!(
            (1.0..6.0).contains(&d.seconds()),
            "{slug}: {} s",
            d.seconds()
        );
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/episodes.json")).unwrap())
            .unwrap();
    let voice_of = |slug: &str| {
        manifest["episodes"][slug]["voice"]
            .as_str()
            .map(String::from)
    };
    assert_eq!(voice_of("plain").as_deref(), Some("joe"), "{manifest}");
    assert_eq!(
        voice_of("warm").as_deref(),
        Some("kokoro-heart"),
        "{manifest}"
    );
    let o = narrate(dir, &["build", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).matches("\"up to date\"").count(),
        2,
        "{}",
        stdout(&o)
    );

    // A voice nobody has: the build stops before any work.
    std::fs::write(
        dir.join("posts/odd.md"),
        "---\ntitle: Odd\nnarrate:\n  voice: nosuch\n---\nHello.\n",
    )
    .unwrap();
    let before = snapshot(dir);
    let o = narrate(dir, &["build"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("voice `nosuch`"), "{}", stderr(&o));
    assert_eq!(snapshot(dir), before, "nothing written");
}

/// The line diff (tests/common) sees what a set of lines would not.
#[test]
fn the_line_diff_counts_duplicates_and_order() {
    assert_eq!(diff("a\nb\n", "a\nb\n"), (vec![], vec![]));
    assert_eq!(diff("a\n", "a\na\n"), (vec!["a".to_string()], vec![]));
    let (added, removed) = diff("a\nb\n", "b\na\n");
    assert_eq!((added.len(), removed.len()), (1, 1));
    assert_eq!(
        diff("x\ny\n", "x\nnew\ny\n"),
        (vec!["new".to_string()], vec![])
    );
}

/// `device = "cuda"` on a machine without ONNX Runtime's CUDA build (this
/// one has no GPU): one warning that says why and what installs it, then
/// the same episode as on the CPU: with the segment cache a CPU build of
/// the post filled, every sentence comes from it (the fallback is the
/// CPU's voice, the same cache keys) and the MP3 is the CPU build's, byte
/// for byte. `setup --gpu --check` names what is missing.
#[test]
fn cuda_without_a_gpu_build_runs_on_the_cpu_after_one_warning() {
    let cpu = blog();
    let o = narrate(cpu.path(), &["build", "posts/sourdough-and-cron.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let on_the_cpu = std::fs::read(cpu.path().join("out/sourdough-and-cron.mp3")).unwrap();

    let b = blog();
    let dir = b.path();
    let config = std::fs::read_to_string(dir.join("pipeline.toml")).unwrap();
    std::fs::write(
        dir.join("pipeline.toml"),
        format!("device = \"cuda\"\n{config}"),
    )
    .unwrap();
    let o = narrate(dir, &["build", "posts/sourdough-and-cron.md", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let warnings: Vec<String> = stderr(&o)
        .lines()
        .filter(|l| l.starts_with("warning: device"))
        .map(String::from)
        .collect();
    assert_eq!(
        warnings,
        ["warning: device = \"cuda\": ONNX Runtime's CUDA build is not installed (`narrate setup --gpu` installs it); running on the CPU"]
    );
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let row = &rows[0];
    assert_eq!(row["slug"], "sourdough-and-cron", "{rows}");
    assert_eq!(row["status"], "new", "{row}");
    assert_eq!(
        row["cached_segments"], row["segments"],
        "every sentence from the CPU build's cache: {row}"
    );
    assert!(
        std::fs::read(dir.join("out/sourdough-and-cron.mp3")).unwrap() == on_the_cpu,
        "the episode differs from the CPU build's"
    );

    let home = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args(["setup", "--gpu", "--check"])
        .current_dir(dir)
        .env("NARRATE_HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("onnxruntime-gpu: missing libonnxruntime-gpu.so.1.31.1, libonnxruntime_providers_cuda.so, libonnxruntime_providers_shared.so (onnxruntime-gpu==1.31.1)"),
        "{}",
        stdout(&o)
    );
}
