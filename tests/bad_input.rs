//! The bad-input corpus (tests/fixtures/bad/, written by make_corpus.py):
//! every file gives its exact error and warning lines (the whole of what
//! narrate says, causes included) and exit code, never a panic, and no file
//! is changed; an input narrate reads anyway records what it read. `cases.tsv`
//! is the table; `UPDATE_GOLDEN=1` rewrites it from what narrate says and
//! still fails, so that the diff is reviewed before the next run passes.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{snapshot, test_home};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bad() -> PathBuf {
    root().join("tests/fixtures/bad")
}

struct Run {
    code: Option<i32>,
    line: String,
}

/// Every `error:`, `warning:` and `caused by:` line, joined with " | ", with
/// the temp folder and the corpus folder written as $TMP and $BAD so the
/// table is stable.
fn messages(stderr: &str, tmp: &Path) -> String {
    stderr
        .lines()
        .filter(|l| {
            l.starts_with("error:") || l.starts_with("warning:") || l.starts_with("  caused by:")
        })
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" | ")
        .replace(&bad().display().to_string(), "$BAD")
        .replace(&tmp.display().to_string(), "$TMP")
        .replace('\t', " ")
}

/// What `narrate script` read from an input it accepted: the posts, the
/// segments and the first sentence, so a row that exits 0 still says what
/// came of the file (a post read as nothing would show here).
fn what_was_read(stdout: &str) -> String {
    let posts = stdout.lines().filter(|l| l.starts_with("# ")).count();
    let segments: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with("# ") && !l.trim().is_empty())
        .collect();
    let first = segments
        .iter()
        .find(|l| l.starts_with("sentence"))
        // "sentence   750ms  Text": the kind, the pause, then the text.
        .and_then(|l| l.split_whitespace().nth(1).and_then(|p| l.split_once(p)))
        .map(|(_, text)| text.trim())
        .unwrap_or("");
    let first: String = first.chars().take(50).collect();
    format!(
        "read: {posts} post(s), {} segment(s), first sentence \"{first}\"",
        segments.len()
    )
}

fn narrate(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let (code, _, err) = narrate_out(dir, args);
    (code, err)
}

fn narrate_out(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args(args)
        .current_dir(dir)
        .env("CI", "true")
        .env("NARRATE_HOME", test_home())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        !err.contains("panicked") && o.status.code().is_some(),
        "{args:?}: narrate panicked or died:\n{err}"
    );
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        err,
    )
}

const GOOD_POST: &str = "---\ntitle: Tiny\n---\n\nA short post.\n";

/// Runs one case in a fresh temp site.
fn run(kind: &str, file: &str) -> Run {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let path = bad().join(file);
    let p = path.to_str().unwrap();
    let cache = root().join("target/test-cache");
    let base = format!("cache-dir = \"{}\"\nout-dir = \"out\"\n", cache.display());
    fs::write(t.join("tiny.md"), GOOD_POST).unwrap();
    let (code, err) = match kind {
        "post" | "feed" => {
            let (code, out, err) = narrate_out(t, &["script", p]);
            let mut said = messages(&err, t);
            if code == Some(0) {
                said = [said, what_was_read(&out)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" | ");
            }
            return Run { code, line: said };
        }
        "check" => {
            // A file under the enclosure's name, so the item is checked.
            fs::create_dir_all(t.join("out")).unwrap();
            for name in ["huge.mp3", "neg.mp3"] {
                fs::write(t.join("out").join(name), b"ID3 not really audio").unwrap();
            }
            let (code, out, _) = narrate_out(
                t,
                &[
                    "check",
                    "--feed",
                    p,
                    "--out",
                    "out",
                    "--audio-url",
                    "https://f.example/audio/{slug}.mp3",
                ],
            );
            // check reports on stdout: its first line is the message.
            return Run {
                code,
                line: out
                    .lines()
                    .next()
                    .unwrap_or("")
                    .replace(&bad().display().to_string(), "$BAD"),
            };
        }
        "build-feed" => {
            fs::write(
                t.join("pipeline.toml"),
                format!("{base}[episode]\naudio-url = \"https://f.example/audio/{{slug}}.mp3\"\n"),
            )
            .unwrap();
            narrate(t, &["build", p])
        }
        "config" => narrate(t, &["--config", p, "script", "tiny.md"]),
        // What a podcast feed requires is checked by a build, not by every
        // command (`narrate init` leaves what it cannot know commented).
        "build-config" => narrate(t, &["--config", p, "build", "tiny.md"]),
        "voice" => {
            let name = Path::new(file).file_stem().unwrap().to_str().unwrap();
            fs::write(
                t.join("pipeline.toml"),
                format!(
                    "{base}voices-dir = \"{}\"\nvoice = \"{name}\"\n",
                    bad().join("voices").display()
                ),
            )
            .unwrap();
            narrate(t, &["say", "Hello."])
        }
        "clip" => {
            fs::write(
                t.join("pipeline.toml"),
                format!("{base}posts = [\"tiny.md\"]\n[audio]\nintro = \"{p}\"\n"),
            )
            .unwrap();
            narrate(t, &["build"])
        }
        "cover" => {
            let name = Path::new(file).file_name().unwrap().to_str().unwrap();
            fs::copy(&path, t.join(name)).unwrap();
            fs::write(
                t.join("tiny.md"),
                GOOD_POST.replace("title: Tiny\n", &format!("title: Tiny\nimage: {name}\n")),
            )
            .unwrap();
            fs::write(
                t.join("pipeline.toml"),
                format!("{base}posts = [\"tiny.md\"]\n"),
            )
            .unwrap();
            narrate(t, &["build"])
        }
        other => panic!("unknown kind {other}"),
    };
    Run {
        code,
        line: messages(&err, t),
    }
}

#[test]
fn every_bad_input_gives_its_message_and_exit_code_and_changes_nothing() {
    let mut before = snapshot(&bad());
    before.remove(Path::new("cases.tsv"));
    let table = fs::read_to_string(bad().join("cases.tsv")).unwrap();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut out = String::new();
    let mut failures = Vec::new();
    let mut count = 0;
    for line in table.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let cols: Vec<&str> = line.splitn(4, '\t').collect();
        let (kind, file) = (cols[0], cols[1]);
        count += 1;
        let r = run(kind, file);
        let got = format!(
            "{kind}\t{file}\t{}\t{}",
            r.code.map_or("-".into(), |c| c.to_string()),
            r.line
        );
        if got != line {
            failures.push(format!("want: {line}\n got: {got}"));
        }
        out.push_str(&got);
        out.push('\n');
    }
    if update {
        fs::write(bad().join("cases.tsv"), out).unwrap();
    }
    let mut after = snapshot(&bad());
    after.remove(Path::new("cases.tsv"));
    assert!(after == before, "the corpus was changed");
    assert!(count >= 60, "{count} cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ{}:\n{}",
        failures.len(),
        if update {
            " (cases.tsv rewritten: review its diff, then run again without UPDATE_GOLDEN)"
        } else {
            ""
        },
        failures.join("\n")
    );
}

/// Inputs too large to commit: a 10 MB one-line paragraph over a lower
/// limit is refused with the size, a 2 MB one under it is read whole, and
/// 100,000-deep nesting is refused. (How fast the script stage reads is
/// for `cargo bench`, not for a test.)
#[test]
fn huge_inputs_are_refused_by_size_or_depth_and_large_ones_read_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let para = "word ".repeat(2_000_000);
    fs::write(
        t.join("huge.md"),
        format!("---\ntitle: Huge\n---\n\n{para}\n"),
    )
    .unwrap();
    fs::write(t.join("pipeline.toml"), "max-input-mb = 8\n").unwrap();
    let (code, err) = narrate(t, &["script", "huge.md"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("huge.md: 10000022 bytes, over the 8388608-byte limit"),
        "{err}"
    );
    fs::write(
        t.join("big.md"),
        format!("---\ntitle: Big\n---\n\n{}\n", "word ".repeat(400_000)),
    )
    .unwrap();
    let (code, out, err) = narrate_out(t, &["script", "big.md"]);
    assert_eq!(code, Some(0), "{err}");
    // Every word is in the script: nothing was cut to make it fit.
    assert_eq!(out.matches("word").count(), 400_000);
    // 100,000 levels of nesting (1.2 MB): refused, where it used to
    // overflow the stack.
    fs::write(
        t.join("deep.html"),
        format!(
            "<html><body><article>{}<p>Deep.</p></article></body></html>",
            "<div>".repeat(100_000)
        ),
    )
    .unwrap();
    let (code, err) = narrate(t, &["script", "deep.html"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("deep.html: elements nested 100004 deep (at most 1000)"),
        "{err}"
    );
}

/// A post whose own art cannot be used gets the configured default art.
#[test]
fn broken_post_art_falls_back_to_the_configured_image() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    fs::copy(bad().join("covers/text.jpg"), t.join("text.jpg")).unwrap();
    image::RgbImage::from_pixel(1400, 1400, image::Rgb([10, 120, 60]))
        .save(t.join("default.png"))
        .unwrap();
    fs::write(
        t.join("tiny.md"),
        GOOD_POST.replace("title: Tiny\n", "title: Tiny\nimage: text.jpg\n"),
    )
    .unwrap();
    fs::write(
        t.join("pipeline.toml"),
        format!(
            "cache-dir = \"{}\"\nout-dir = \"out\"\nposts = [\"tiny.md\"]\n[episode]\nimage = \"default.png\"\n",
            root().join("target/test-cache").display()
        ),
    )
    .unwrap();
    let (code, err) = narrate(t, &["build"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("text.jpg: cover art cannot be used (not an image narrate can read (JPEG, PNG, GIF or WebP)); using `episode.image`"),
        "{err}"
    );
    let tag = id3::Tag::read_from_path(t.join("out/tiny.mp3")).unwrap();
    let pic = tag.pictures().next().expect("the default art");
    assert_eq!(pic.mime_type, "image/png");
}

/// The whole of stderr for a few fatal errors: each says what and where
/// once, with no cause repeated under it (the library's messages carry their
/// cause; `main` printed the cause chain as well, so every one was said
/// twice and the corpus, which compared only first lines, never saw it).
#[test]
fn a_fatal_error_is_said_once_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let (code, err) = narrate(t, &["check", "--feed", "nofeed.xml", "--out", "out"]);
    assert_eq!(code, Some(3));
    assert_eq!(
        err,
        "error: nofeed.xml: cannot read the file: No such file or directory (os error 2); \
         check the path and its permissions\n"
    );
    fs::write(
        t.join("pipeline.toml"),
        "out-dir = \"out\"\n\nspeed = \"fast\"\n",
    )
    .unwrap();
    let (code, err) = narrate(t, &["script", "x.md"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "error: pipeline.toml: invalid type: string \"fast\", expected a number (line 3, column 9); \
         every key is described in the book's Configuration page (docs/src/configuration.md)\n"
    );
    fs::write(t.join("pipeline.toml"), "posts = [\"posts/*.md\"]\n").unwrap();
    let (code, err) = narrate(t, &["build"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "error: no posts: `posts` in the config (posts/*.md) matches no file; \
         name posts on the command line or change `posts`\n"
    );
}

/// Outside a site (no pipeline.toml here or above), a build refuses to
/// guess one from the defaults and says what to do; with the posts named,
/// it runs and says which defaults it runs on. Commands that write nothing
/// into a site (script) need no note.
#[test]
fn outside_a_site_a_build_refuses_or_names_its_defaults() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    fs::create_dir_all(t.join("content/posts")).unwrap();
    fs::write(t.join("content/posts/a.md"), GOOD_POST).unwrap();
    for args in [&["build"][..], &[][..], &["publish", "shards"][..]] {
        let (code, err) = narrate(t, args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        let here = t.canonicalize().unwrap();
        assert_eq!(
            err,
            format!(
                "error: no pipeline.toml in {} or any folder above, so this is not a site narrate knows: \
                 run `narrate init` here to write one for your site, or name the posts to narrate \
                 (`narrate build POST.md`)\n",
                here.display()
            ),
            "{args:?}"
        );
    }
    assert!(!t.join("out").exists(), "nothing was narrated");
    let (code, out, err) = narrate_out(t, &["script", "content/posts/a.md"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("A short post."), "{out}");
    assert_eq!(err, "");
    // Named posts run, on defaults it names.
    let (code, err) = narrate(t, &["build", "--no-cache", "content/posts/a.md"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(t.join("out/a.mp3").is_file(), "{err}");
    assert!(
        err.starts_with(
            "note: no pipeline.toml here or above; using the defaults (episodes into out/, voice `joe`, cache .narrate-cache/); `narrate init` writes one\n"
        ),
        "{err}"
    );
}
