//! The script stage end to end: files in, the words a listener hears out.

mod common;

use std::fs;

use common::*;
use narrate::config::Config;
use narrate::script::normalize::acronyms;
use narrate::{ingest, script};

fn script_of(path: &std::path::Path, config: &Config) -> script::Script {
    let posts = ingest::read(path, 16 << 20).unwrap();
    assert_eq!(posts.len(), 1);
    let doc = ingest::parse(&posts[0], config).unwrap();
    script::build(&posts[0].meta, &doc, &config.script, &config.pauses)
}

/// The same post written in Markdown and rendered by five generators gives
/// one script: footnote conventions, highlighters and page chrome all vanish.
#[test]
fn markdown_and_every_footnote_convention_give_the_golden_script() {
    let dir = fixtures().join("retry-budgets");
    let config = Config::default();
    let golden = dir.join("expected.script.txt");
    let md = script_of(&dir.join("post.md"), &config);
    assert_golden(&golden, &md.to_text());
    assert_eq!(
        md.chapters,
        [
            "Retry Budgets: How We Stopped a Thundering Herd",
            "What went wrong",
            "The fix"
        ]
    );
    for variant in [
        "python-markdown",
        "pandoc",
        "hugo",
        "kramdown",
        "pulldown-cmark",
    ] {
        let s = script_of(&dir.join(format!("{variant}.html")), &config);
        pretty_assertions::assert_eq!(md.to_text(), s.to_text(), "{variant}.html");
        assert_eq!(md.chapters, s.chapters, "{variant}.html");
        assert_eq!(md.title, s.title, "{variant}.html");
    }
}

#[test]
fn no_script_contains_code_markup_entities_or_markers() {
    let dir = fixtures().join("retry-budgets");
    let blog = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/blog/content/posts");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.extend(fs::read_dir(&blog).unwrap().map(|e| e.unwrap().path()));
    let config = Config::default();
    let mut checked = 0;
    for f in files
        .iter()
        .filter(|f| matches!(f.extension().and_then(|e| e.to_str()), Some("md" | "html")))
    {
        let text = script_of(f, &config).to_text();
        for bad in [
            "<",
            ">",
            "&amp;",
            "&#",
            "&mdash;",
            "↩",
            "[^",
            "```",
            "()",
            "_",
            "fnref",
            "footnote-ref",
            "analytics",
            "Subscribe",
            "Popular posts",
            "range(",
            "flock -n",
            "http",
        ] {
            assert!(
                !text.contains(bad),
                "{}: script contains `{bad}`:\n{text}",
                f.display()
            );
        }
        assert!(
            !text.lines().any(|l| l.ends_with(" 1") || l.ends_with(" 2")),
            "footnote number left in {}",
            f.display()
        );
        checked += 1;
    }
    assert!(checked >= 9, "checked {checked} files");
}

#[test]
fn feed_items_are_posts() {
    let feed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/blog/feed.xml");
    let posts = ingest::read(&feed, 16 << 20).unwrap();
    let slugs: Vec<_> = posts.iter().map(|p| p.meta.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "upgrading-the-fleet",
            "retries-without-regret",
            "the-quiet-pager",
            "sourdough-and-cron"
        ]
    );
    assert_eq!(posts[2].meta.author.as_deref(), Some("Mara Lindqvist"));
    // content:encoded wins over description.
    let doc = ingest::parse(&posts[2], &Config::default()).unwrap();
    let s = script::build(
        &posts[2].meta,
        &doc,
        &Config::default().script,
        &Config::default().pauses,
    );
    assert_eq!(
        s.segments[1].text,
        "For seven days the pager did not make a sound and we grew suspicious."
    );
}

#[test]
fn cli_prints_scripts_and_json() {
    let dir = fixtures().join("retry-budgets");
    let out = narrate(&dir, &["script", "post.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("# post — Retry Budgets"), "{text}");
    assert!(
        text.contains(
            "footnote      1500ms  Footnote: See the write-up at sre dot example dot org"
        ),
        "{text}"
    );

    let out = narrate(&dir, &["script", "--json", "post.md"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["slug"], "post");
    assert_eq!(v[0]["segments"][0]["kind"], "title");
    assert_eq!(v[0]["segments"][1]["pause_ms"], 350);
    assert_eq!(v[0]["chapters"][1], "What went wrong");
}

#[test]
fn cli_only_selects_feed_items_by_slug_or_guid() {
    let blog = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/blog");
    let out = narrate(&blog, &["script", "feed.xml", "--only", "the-quiet-pager"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(
        text.matches("\n# ").count() + usize::from(text.starts_with("# ")),
        1,
        "{text}"
    );
    assert!(text.contains("feed.xml item 3"), "{text}");
    let guid = "https://ops-notebook.example.com/posts/sourdough-and-cron.html";
    let out = narrate(&blog, &["script", "feed.xml", "--only", guid]);
    assert!(
        stdout(&out).contains("# sourdough-and-cron"),
        "{}",
        stdout(&out)
    );
    let out = narrate(&blog, &["script", "feed.xml", "--only", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--only nope: no post has that slug or guid"));
}

/// Each bad file gives one error line naming it; the good post is still
/// printed; the exit code says something failed.
#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fs::write(d.join("good.md"), "# Fine\n\nThis one works.\n").unwrap();
    fs::write(d.join("latin1.md"), b"caf\xe9 au lait\n").unwrap();
    fs::write(d.join("frontmatter.md"), "---\ntitle: [oops\n---\nBody.\n").unwrap();
    fs::write(
        d.join("feed.xml"),
        "<rss><channel><item><title>x</item></channel></rss>",
    )
    .unwrap();
    fs::write(
        d.join("empty.md"),
        "---\ntitle: Empty\n---\n\n```\nonly code\n```\n",
    )
    .unwrap();
    fs::write(d.join("notes.txt"), "plain text").unwrap();
    fs::write(d.join("page.html"), "<html><body><p>Hi</p></body></html>").unwrap();
    fs::write(
        d.join("cfg.toml"),
        "content-selector = [\"article.post\"]\n",
    )
    .unwrap();
    let files = [
        "good.md",
        "latin1.md",
        "frontmatter.md",
        "feed.xml",
        "empty.md",
        "notes.txt",
        "page.html",
        "missing.md",
    ];
    let mut args = vec!["--config", "cfg.toml", "script"];
    args.extend(files);
    let out = narrate(d, &args);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("This one works."));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 7, "one line per bad file:\n{err}");
    let expect = [
        (
            "latin1.md",
            "not UTF-8 text (invalid byte at offset 3); save the file as UTF-8",
        ),
        ("frontmatter.md", "front matter: invalid YAML"),
        ("feed.xml", "not a readable feed"),
        ("empty.md", "nothing to narrate"),
        ("notes.txt", "unknown kind of post `.txt`"),
        (
            "page.html",
            "no element matches content-selector article.post; set `content-selector`",
        ),
        ("missing.md", "cannot read the file"),
    ];
    for (file, msg) in expect {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("error: ") && l.contains(file) && l.contains(msg)),
            "no line for {file} with `{msg}`:\n{err}"
        );
    }
}

#[test]
fn config_errors_name_the_file_and_key() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("pipeline.toml"),
        "[script]\nfootnote = \"end\"\n",
    )
    .unwrap();
    fs::write(tmp.path().join("a.md"), "Text.").unwrap();
    let out = narrate(tmp.path(), &["script", "a.md"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("pipeline.toml") && err.contains("unknown field `footnote`"),
        "{err}"
    );
}

#[test]
fn config_posts_globs_are_used_without_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("content/posts")).unwrap();
    fs::write(tmp.path().join("content/posts/b.md"), "Second.").unwrap();
    fs::write(tmp.path().join("content/posts/a.md"), "First.").unwrap();
    let out = narrate(tmp.path(), &["script"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.find("# a").unwrap() < text.find("# b").unwrap(),
        "sorted: {text}"
    );
    let empty = tempfile::tempdir().unwrap();
    let out = narrate(empty.path(), &["script"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("matches no file"));
}

/// A realistic technical post (the example blog's) reads naturally: the
/// explained script is a reviewed golden file (what reaches the voice is
/// checked for every example post below).
#[test]
fn a_technical_post_reads_like_a_narrator_would_say_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let post = root.join("examples/blog/content/posts/upgrading-the-fleet.md");
    let out = narrate(
        root,
        &[
            "--config",
            "/dev/null",
            "script",
            "--explain",
            post.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out).replace(&format!("({})", post.display()), "(upgrading-the-fleet.md)");
    assert_golden(
        &fixtures().join("upgrading-the-fleet/expected.explain.txt"),
        &text,
    );

    let s = script_of(&post, &Config::default());
    assert!(s.segments.len() > 15);
}

/// The listener check (issue 21): in every example post and the reading
/// fixture, no digit, no symbol but punctuation, no identifier (`_`, `::`,
/// `()`, `->`), no URL reaches the voice.
#[test]
fn only_words_and_punctuation_reach_the_voice() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = fs::read_dir(root.join("examples/blog/content/posts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.push(fixtures().join("reading/rotating-the-keys.md"));
    files.push(fixtures().join("retry-budgets/post.md"));
    let punctuation = ".,;:!?'\"-’‘“”()…—–";
    let acronym = regex::Regex::new(r"\b[A-Z]{2,}\b").unwrap();
    let mut segments = 0;
    for f in &files {
        for seg in &script_of(f, &Config::default()).segments {
            let t = &seg.text;
            let odd: Vec<char> = t
                .chars()
                .filter(|c| !c.is_alphabetic() && !c.is_whitespace() && !punctuation.contains(*c))
                .collect();
            assert!(odd.is_empty(), "{}: {odd:?} in {t:?}", f.display());
            for raw in ["()", "::", "->", "://", "www.", "--"] {
                assert!(!t.contains(raw), "{}: `{raw}` in {t:?}", f.display());
            }
            // An all-caps word reaches the voice only where the acronym table
            // measured that espeak says it as people do (issue 23).
            for m in acronym.find_iter(t) {
                let row = acronyms::row(m.as_str());
                let espeak_right = row.is_some_and(|r| r.respelling.is_none() && r.say == r.espeak);
                assert!(
                    espeak_right,
                    "{}: {:?} left to espeak in {t:?}",
                    f.display(),
                    m.as_str()
                );
            }
            segments += 1;
        }
    }
    assert!(segments > 60, "only {segments} segments");
}

/// The reading fixture's script, reviewed line by line: years, references,
/// names with digits and code-like prose as a narrator says them.
#[test]
fn names_numbers_and_code_in_prose_read_as_a_narrator_would() {
    let post = fixtures().join("reading/rotating-the-keys.md");
    let s = script_of(&post, &Config::default());
    assert_golden(
        &fixtures().join("reading/expected.script.txt"),
        &s.to_text(),
    );
}

/// Lexicon layers: the project's `[lexicon]` over the voice preset's over
/// the shipped one; `--explain` names the lexicon as the rule.
#[test]
fn project_and_voice_lexicons_override_the_shipped_one() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fs::create_dir_all(d.join("voices")).unwrap();
    fs::write(
        d.join("voices/joe.toml"),
        "model = \"none.onnx\"\n[lexicon]\nnginx = \"N jinx\"\nKubernetes = \"voice kube\"\n",
    )
    .unwrap();
    fs::write(
        d.join("pipeline.toml"),
        "[lexicon]\nKubernetes = \"project kube\"\n\"Lindqvist\" = \"lind kvist\"\n",
    )
    .unwrap();
    fs::write(
        d.join("p.md"),
        "# T\n\nMara Lindqvist runs nginx on Kubernetes and asyncio.\n",
    )
    .unwrap();
    let out = narrate(d, &["script", "--explain", "p.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Mara lind kvist runs N jinx on project kube and eh sink eye oh."),
        "{text}"
    );
    assert!(
        text.contains("lexicon        \"nginx\" → \"N jinx\""),
        "{text}"
    );
}

/// Code that a site rendered inside `<p>` and a shell session written as a
/// paragraph are dropped like code blocks (or announced); a sentence that
/// merely mentions `f(x)` stays. Issue 21.
#[test]
fn paragraphs_that_are_code_are_read_as_code() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("health.html");
    fs::write(
        &page,
        concat!(
            "<html><head><title>Health checks</title></head><body><article>",
            "<p>One owner watches the gap between the two counters.</p>",
            "<p> Report:\n    produced = source.count_in(hours=1)\n",
            "    consumed = sink.count_in(hours=1)\n    return Report(gap=produced - consumed)`}</p>",
            "<p>$ narrate build --only health</p>",
            "<p>The function f(x) returns the gap; g(x) returns its trend.</p>",
            "<p>int gap(void) { return produced - consumed; }</p>",
            "</article></body></html>"
        ),
    )
    .unwrap();
    let mut config = Config::default();
    let text = script_of(&page, &config).to_text();
    assert!(text.contains("One owner watches the gap"), "{text}");
    assert!(text.contains("f of x returns the gap"), "{text}");
    for code in [
        "produced",
        "narrate build",
        "Report",
        "int gap",
        "return produced",
    ] {
        assert!(!text.contains(code), "`{code}` was read:\n{text}");
    }
    config.script.code = narrate::config::CodeMode::Announce;
    let announced = script_of(&page, &config).to_text();
    assert_eq!(
        announced
            .matches("There is a code sample here; see the post.")
            .count(),
        3,
        "{announced}"
    );
}

/// `<abbr title>` says the title when configured; math is read when simple,
/// announced otherwise, or skipped. Issue 21.
#[test]
fn abbreviations_and_math_follow_the_configuration() {
    let tmp = tempfile::tempdir().unwrap();
    let post = tmp.path().join("routes.md");
    fs::write(
        &post,
        concat!(
            "---\ntitle: Routes\n---\n",
            "The <abbr title=\"Border Gateway Protocol\">BGP</abbr> table holds $n^2$ pairs.\n\n",
            "Its cost is $\\sum_{i=1}^{n} w_i$ in all.\n"
        ),
    )
    .unwrap();
    let mut config = Config::default();
    let text = script_of(&post, &config).to_text();
    assert!(
        text.contains("The B-G-P table holds n squared pairs."),
        "{text}"
    );
    assert!(text.contains("Its cost is an equation in all."), "{text}");
    config.script.abbreviations = narrate::config::AbbrMode::Expand;
    config.script.math = narrate::config::MathMode::Announce;
    config.script.math_announcement = "a formula".into();
    let text = script_of(&post, &config).to_text();
    assert!(
        text.contains("The Border Gateway Protocol table holds a formula pairs."),
        "{text}"
    );
    config.script.math = narrate::config::MathMode::Skip;
    let text = script_of(&post, &config).to_text();
    assert!(text.contains("Its cost is in all."), "{text}");
}

/// How a `letters` row of the acronym table is written for the voice,
/// stated here rather than taken from `spoken::letters`: each letter as a
/// capital, hyphens between (espeak names a letter that stands alone), and
/// an A inside the word written "eh" (espeak reads an inner "-A-" as the
/// article). tests/voice.rs checks that this sounds like the letter names.
fn spelled_for_the_voice(word: &str) -> String {
    let caps: Vec<char> = word.chars().map(|c| c.to_ascii_uppercase()).collect();
    let last = caps.len() - 1;
    let pieces: Vec<String> = caps
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            'A' if i > 0 && i < last => "eh".to_string(),
            c => c.to_string(),
        })
        .collect();
    pieces.join("-")
}

/// Issue 23, made explicit in issue 33: every row of the acronym table, in
/// a sentence, through the script stage: a `letters` row is spelled, a
/// respelled row respelled, a `word` row that espeak says right reaches the
/// voice as written; and `--explain` names the table as the rule that
/// decided. The rows the shipped lexicon speaks first are listed, each
/// with what it says and why, in tests/fixtures/normalize/
/// acronyms-said-by-the-lexicon.tsv; a listed row must still be said by the
/// lexicon as listed, and one the table now decides is a stale entry.
#[test]
fn every_acronym_row_reads_as_the_table_says() {
    use narrate::script::normalize::acronyms::{rows, Say};
    use narrate::script::normalize::Normalizer;
    let listed =
        std::fs::read_to_string(fixtures().join("normalize/acronyms-said-by-the-lexicon.tsv"))
            .unwrap();
    let mut by_lexicon = std::collections::BTreeMap::new();
    for line in listed
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        assert!(
            f.len() == 3 && !f[2].trim().is_empty(),
            "WORD, SAID, REASON: {line:?}"
        );
        assert!(by_lexicon.insert(f[0], f[1]).is_none(), "{} twice", f[0]);
    }
    let norm = Normalizer::default();
    let mut bad = Vec::new();
    for r in rows() {
        let out = norm.run(&format!("Then {} was fine.", r.word));
        let rule_for = |rule: &str| {
            out.changes
                .iter()
                .any(|c| c.from == r.word && c.rule == rule)
        };
        let want = match (r.say, r.respelling) {
            (_, Some(respelled)) => respelled.to_string(),
            (Say::Letters, None) => spelled_for_the_voice(r.word),
            (Say::Word, None) => r.word.to_string(),
        };
        let as_table = out.text == format!("Then {want} was fine.") && rule_for("acronym list");
        match by_lexicon.remove(r.word) {
            Some(said) => {
                if as_table {
                    bad.push(format!(
                        "{}: listed as said by the lexicon, but the table decides it now (stale entry)",
                        r.word
                    ));
                } else if out.text != format!("Then {said} was fine.") || !rule_for("lexicon") {
                    bad.push(format!(
                        "{}: listed as said by the lexicon as {said:?}, got {:?} by {:?}",
                        r.word, out.text, out.changes
                    ));
                }
            }
            None if !as_table => bad.push(format!(
                "{}: {:?} by {:?}, want {want:?} by the acronym list",
                r.word, out.text, out.changes
            )),
            None => {}
        }
    }
    assert!(
        by_lexicon.is_empty(),
        "listed but not in the table: {:?}",
        by_lexicon.keys()
    );
    assert!(
        bad.is_empty(),
        "{} rows differ:\n{}",
        bad.len(),
        bad.join("\n")
    );
    assert!(rows().len() >= 500, "{}", rows().len());
}

/// Issue 24: author controls in Markdown, HTML and a feed's content:
/// `skip` … `end` is not spoken, `say "…"` is spoken instead of the next
/// block, `pause` lengthens the silence; HTML also honours
/// `data-narrate="skip"` and `class="narrate-skip"`; a malformed control is a
/// warning naming the file and line, and the post reads as if it were absent.
#[test]
fn author_controls_steer_the_narration() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fs::write(
        d.join("controls.md"),
        concat!(
            "---\ntitle: Controls\n---\n\n",
            "Spoken first.\n\n",
            "<!-- narrate: skip -->\n\nA sponsor message nobody should hear.\n\n- and its list\n\n<!-- narrate: end -->\n\n",
            "<!-- narrate: say \"A table of latency by region, slowest in Sydney.\" -->\n\n",
            "| region | p99 |\n|---|---|\n| Sydney | 310 |\n\n",
            "<!-- narrate: say \"The figure shows two lines crossing.\" -->\n\n",
            "This paragraph is replaced.\n\n",
            "Before a pause.\n\n<!-- narrate: pause 3s -->\n\nAfter a pause.\n\n",
            "<!-- narrate: shout -->\n\n",
            "Inline <!-- narrate: skip -->hidden words<!-- narrate: end --> stay out.\n\n",
            "<!-- narrate: pause 12s -->\n\nThe end.\n\n",
            "<!-- narrate: say \"Three steps, in the post.\" -->\n\n- step one\n- step two\n- step three\n\nAfter the list.\n\n",
            "<!-- narrate: say \"Part two, said differently.\" -->\n\n## Part Two\n\nIn part two.\n"
        ),
    )
    .unwrap();
    fs::write(
        d.join("controls.html"),
        concat!(
            "<html><head><title>Page</title></head><body><article>",
            "<p>Kept.</p><p data-narrate=\"skip\">Attribute skip.</p>",
            "<div class=\"note narrate-skip\"><p>Class skip.</p></div>",
            "<!-- narrate: skip --><p>Comment skip.</p><figure><img alt=\"a chart\"></figure><!-- narrate: end -->",
            "<!-- narrate: say \"Said instead.\" --><table><tr><td>1</td></tr></table>",
            "<p>Also kept.</p><!-- narrate: skip --><p>Never closed, so read.</p>",
            "</article></body></html>"
        ),
    )
    .unwrap();
    let md = script_of(&d.join("controls.md"), &Config::default());
    let text = md.to_text();
    for gone in [
        "sponsor",
        "and its list",
        "Sydney, three",
        "replaced",
        "hidden words",
        "step one",
        "step three",
    ] {
        assert!(!text.contains(gone), "`{gone}` was read:\n{text}");
    }
    for said in [
        "Spoken first.",
        "A table of latency by region, slowest in Sydney.",
        "The figure shows two lines crossing.",
        "Inline stay out.",
        "The end.",
        "Three steps, in the post.",
        "After the list.",
    ] {
        assert!(text.contains(said), "`{said}` missing:\n{text}");
    }
    // A say in place of a chapter heading keeps the chapter, and speaks
    // the say as its first segment.
    assert_eq!(md.chapters.last().map(String::as_str), Some("Part Two"));
    let said = md
        .segments
        .iter()
        .find(|s| s.text == "Part two, said differently.")
        .unwrap();
    assert_eq!(said.chapter, md.chapters.len() - 1);
    assert!(!text.contains("heading"), "{text}");
    let before = md
        .segments
        .iter()
        .find(|s| s.text == "Before a pause.")
        .unwrap();
    assert_eq!(before.pause_ms, 3000);
    let html = script_of(&d.join("controls.html"), &Config::default()).to_text();
    for gone in ["Attribute skip", "Class skip", "Comment skip", "a chart"] {
        assert!(!html.contains(gone), "`{gone}` was read:\n{html}");
    }
    for said in [
        "Kept.",
        "Said instead.",
        "Also kept.",
        "Never closed, so read.",
    ] {
        assert!(html.contains(said), "`{said}` missing:\n{html}");
    }
    // A skip whose end sits where the walk does not go (inside a table)
    // still ends there; a control inside a code example is text.
    fs::write(
        d.join("edge.html"),
        concat!(
            "<html><body><article><p>First.</p><!-- narrate: skip --><p>Hidden.</p>",
            "<table><tr><td>x<!-- narrate: end --></td></tr></table><p>After the table.</p>",
            "</article></body></html>"
        ),
    )
    .unwrap();
    let edge = script_of(&d.join("edge.html"), &Config::default()).to_text();
    assert!(
        edge.contains("After the table.") && !edge.contains("Hidden"),
        "{edge}"
    );
    fs::write(
        d.join("edge.md"),
        concat!(
            "---\ntitle: Edge\n---\n\nFirst.\n\n<!-- narrate: skip -->\n\nHidden.\n\n",
            "```html\n<!-- narrate: end -->\n```\n\nStill hidden.\n\n<!-- narrate: end -->\n\nAfter the code.\n"
        ),
    )
    .unwrap();
    let edge = script_of(&d.join("edge.md"), &Config::default()).to_text();
    assert!(edge.contains("After the code."), "{edge}");
    assert!(
        !edge.contains("Hidden") && !edge.contains("Still hidden"),
        "{edge}"
    );
    // A feed item's content:encoded carries the same comments, escaped.
    fs::write(
        d.join("feed.xml"),
        concat!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">",
            "<channel><title>B</title><item><title>Item</title><link>https://b.example/item</link>",
            "<content:encoded>&lt;p&gt;Feed kept.&lt;/p&gt;&lt;!-- narrate: skip --&gt;&lt;p&gt;Feed skipped.&lt;/p&gt;",
            "&lt;!-- narrate: end --&gt;&lt;!-- narrate: say \"Feed said.\" --&gt;&lt;p&gt;Feed replaced.&lt;/p&gt;</content:encoded>",
            "</item></channel></rss>"
        ),
    )
    .unwrap();
    let feed = script_of(&d.join("feed.xml"), &Config::default()).to_text();
    assert!(
        feed.contains("Feed kept.") && feed.contains("Feed said."),
        "{feed}"
    );
    assert!(
        !feed.contains("Feed skipped") && !feed.contains("Feed replaced"),
        "{feed}"
    );
    // The warnings name the file and line, through the CLI.
    let out = narrate(
        d,
        &[
            "--config",
            "/dev/null",
            "script",
            "controls.md",
            "controls.html",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("controls.md:31: unknown control `shout`"),
        "{err}"
    );
    assert!(
        err.contains("controls.md:35: `pause 12s` is longer than 10 s"),
        "{err}"
    );
    assert!(
        err.contains("controls.html:1: `skip` is never closed"),
        "{err}"
    );
}

/// Issue 24: the `narrate` table of a post's front matter: its own lexicon
/// and intro/outro; `skip = true` gives no script (and no episode).
#[test]
fn the_front_matter_narrate_table_steers_one_post() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fs::write(
        d.join("own.md"),
        concat!(
            "---\ntitle: Own\nnarrate:\n  intro: \"A post by Mara.\"\n  outro: \"Thanks, {title} done.\"\n",
            "  lexicon:\n    Lindqvist: lind kvist\n---\n\nMara Lindqvist wrote this.\n"
        ),
    )
    .unwrap();
    fs::write(
        d.join("quiet.md"),
        "---\ntitle: Quiet\nnarrate:\n  skip: true\n---\n\nNot for listening.\n",
    )
    .unwrap();
    let mut config = Config::default();
    config.script.intro = "The project's intro.".into();
    let text = script_of(&d.join("own.md"), &config).to_text();
    assert!(text.contains("A post by Mara."), "{text}");
    assert!(!text.contains("project's intro"), "{text}");
    assert!(text.contains("Mara lind kvist wrote this."), "{text}");
    assert!(text.contains("Thanks, Own done."), "{text}");
    // Only that post: another post keeps the project's lexicon.
    fs::write(
        d.join("other.md"),
        "---\ntitle: Other\n---\n\nMara Lindqvist again.\n",
    )
    .unwrap();
    let other = script_of(&d.join("other.md"), &config).to_text();
    assert!(other.contains("Mara Lindqvist again."), "{other}");
    let out = narrate(
        d,
        &["--config", "/dev/null", "script", "quiet.md", "own.md"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("quiet.md: skipped (narrate.skip in its front matter)"));
    assert!(!stdout(&out).contains("Not for listening"));
    let bad = d.join("typo.md");
    fs::write(&bad, "---\ntitle: T\nnarrate:\n  skp: true\n---\n\nx\n").unwrap();
    let out = narrate(d, &["--config", "/dev/null", "script", "typo.md"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("typo.md") && stderr(&out).contains("skp"),
        "{}",
        stderr(&out)
    );
}
