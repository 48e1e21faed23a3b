//! Configuration parsing and validation.

use super::*;

fn parse(s: &str) -> Result<Config> {
    Config::parse(s, Path::new("test.toml"))
}

#[test]
fn paths_follow_the_config_file() {
    let mut c = parse(
        "posts = [\"content/*.md\", \"/abs/*.md\"]\nout-dir = \"static/audio\"\nfeed = \"public/index.xml\"\ncache-dir = \"/var/cache/n\"\n[audio]\nintro = \"jingle.wav\"\n",
    )
    .unwrap();
    c.rebase(Path::new("/site[1]"));
    assert_eq!(c.posts, vec!["/site[[]1[]]/content/*.md", "/abs/*.md"]);
    assert_eq!(c.out_dir, Path::new("/site[1]/static/audio"));
    assert_eq!(c.feed, Path::new("/site[1]/public/index.xml"));
    assert_eq!(c.cache_dir, Path::new("/var/cache/n"), "absolute kept");
    assert_eq!(c.voices_dir, Path::new("/site[1]/voices"));
    assert_eq!(c.audio.intro, Path::new("/site[1]/jingle.wav"));
    assert_eq!(c.audio.outro, Path::new(""), "empty means none");
    assert_eq!(c.runtime(), None);
    // The folder part of a glob matches literally, even with brackets.
    assert!(glob::Pattern::new(&c.posts[0])
        .unwrap()
        .matches("/site[1]/content/a.md"));
}

#[test]
fn the_nearest_pipeline_toml_upward_is_found() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let deep = site.join("content/posts");
    std::fs::create_dir_all(&deep).unwrap();
    assert_eq!(find_upward(&deep), None);
    std::fs::write(site.join(DEFAULT_FILE), "").unwrap();
    let found = find_upward(&deep).unwrap();
    assert_eq!(
        found.canonicalize().unwrap(),
        site.join(DEFAULT_FILE).canonicalize().unwrap()
    );
    assert!(
        found.starts_with(&deep) && found.ends_with("../../pipeline.toml"),
        "{}",
        found.display()
    );
    assert_eq!(find_upward(&site).unwrap(), site.join(DEFAULT_FILE));
}

#[test]
fn empty_file_gives_defaults() {
    assert_eq!(parse("").unwrap(), Config::default());
}

#[test]
fn keys_are_kebab_case() {
    let c = parse(
        "[script]\ncode = \"announce\"\nfootnote-intro = \"Note:\"\n[pauses]\nsentence = 200\n",
    )
    .unwrap();
    assert_eq!(c.script.code, CodeMode::Announce);
    assert_eq!(c.script.footnote_intro, "Note:");
    assert_eq!(c.pauses.sentence, 200);
    assert_eq!(c.pauses.paragraph, Pauses::default().paragraph);
}

#[test]
fn unknown_key_names_key_and_file() {
    let err = parse("[script]\nfootnote = \"end\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("test.toml:"), "{err}");
    assert!(err.contains("unknown field `footnote`"), "{err}");
    assert!(err.contains("footnotes"), "lists the accepted keys: {err}");
}

#[test]
fn wrong_type_names_what_is_expected() {
    let err = parse("jobs = \"two\"\n").unwrap_err().to_string();
    assert!(err.contains("test.toml"), "{err}");
    assert!(
        err.contains("invalid type") && err.contains("expected a whole number"),
        "{err}"
    );
}

#[test]
fn wrong_enum_value_lists_choices() {
    let err = parse("[script]\nfootnotes = \"sometimes\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("inline") && err.contains("end") && err.contains("drop"),
        "{err}"
    );
}

#[test]
fn invalid_selector_is_rejected() {
    let err = parse("content-selector = [\"div[\"]\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("`div[` is not a valid CSS selector"), "{err}");
}

#[test]
fn chapter_level_out_of_range() {
    let err = parse("[script]\nchapter-level = 9\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("from 1 to 6"), "{err}");
}

#[test]
fn shipped_pipeline_toml_is_valid_and_documents_defaults() {
    let text = include_str!("../../pipeline.toml");
    let c = parse(text).unwrap();
    assert_eq!(c, Config::default());
    // Every key (and table) appears in the file, so it documents them all.
    let defaults = toml::Value::try_from(Config::default()).unwrap();
    let mut keys = Vec::new();
    for (k, v) in defaults.as_table().unwrap() {
        keys.push(k.clone());
        if let Some(t) = v.as_table() {
            keys.extend(t.keys().cloned());
        }
    }
    keys.push("explicit".into());
    for k in keys {
        assert!(
            text.contains(&format!("{k} =")) || text.contains(&format!("[{k}]")),
            "pipeline.toml does not document `{k}`"
        );
    }
}

#[test]
fn audio_settings_are_checked() {
    let err = parse("[audio]\nbitrate = 65\n").unwrap_err().to_string();
    assert!(
        err.contains("`audio.bitrate` is 65") && err.contains("64"),
        "{err}"
    );
    let err = parse("[audio]\nsample-rate = 44000\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("44100"), "{err}");
    let err = parse("[audio]\nloudness = 3.0\n").unwrap_err().to_string();
    assert!(err.contains("-16"), "{err}");
    let c = parse("[audio]\nbitrate = 96\nsample-rate = 44100\nloudness = -19\n").unwrap();
    assert_eq!(
        (c.audio.bitrate, c.audio.sample_rate, c.audio.loudness),
        (96, 44100, -19.0)
    );
}

#[test]
fn url_templates_need_slug_and_feed_tags_need_templates() {
    let err = parse("[episode]\naudio-url = \"https://x.org/a.mp3\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("{slug}"), "{err}");
    let err = parse("[episode]\ntranscripts = true\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("`episode.transcript-url` is empty"), "{err}");
    let c = parse("[episode]\naudio-url = \"https://x.org/{slug}.mp3\"\n").unwrap();
    assert_eq!(
        fill_url(&c.episode.audio_url, "a-b"),
        "https://x.org/a-b.mp3"
    );
}

#[test]
fn the_device_is_cpu_or_cuda() {
    assert_eq!(parse("").unwrap().device, Device::Cpu);
    assert_eq!(parse("device = \"cuda\"\n").unwrap().device, Device::Cuda);
    let err = parse("device = \"gpu\"\n").unwrap_err().to_string();
    assert!(
        err.contains("unknown variant `gpu`, expected `cpu` or `cuda`"),
        "{err}"
    );
}
