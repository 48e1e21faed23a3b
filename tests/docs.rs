//! The documentation, checked so it cannot drift from the code: the book's
//! table of contents and its pages agree, every relative link (and
//! `#anchor`) in the README, the root documents and the book resolves, the
//! configuration reference names every key of `pipeline.toml` with its
//! default and holds a complete example the library parses, the commands
//! page names every subcommand and flag of the binary, ARCHITECTURE.md
//! names every source file and every path the documents name exists, and
//! the README stays short and keeps the two commands CI and newcomers run.
//!
//! Building the book needs mdbook (`make docs`), which is too slow to
//! compile for every `make test`; this file checks what a broken book would
//! show without it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use narrate::config::Config;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn book_src() -> PathBuf {
    root().join("docs/src")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `.md` file under `dir`, sorted.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The lines of a Markdown text that are prose: fenced code blocks are
/// left out, and code spans are blanked (a `[x](y)` in code is no link).
fn prose_lines(text: &str) -> Vec<(usize, String)> {
    let mut fence: Option<String> = None;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if let Some(f) = &fence {
            if t.starts_with(f.as_str()) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            let c = t.chars().next().unwrap();
            fence = Some(t.chars().take_while(|&x| x == c).collect());
            continue;
        }
        out.push((i + 1, without_code_spans(line)));
    }
    out
}

/// `line` with every code span (a run of backticks to the same run)
/// removed; an unmatched run is kept as text.
fn without_code_spans(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let run = rest[start..].chars().take_while(|&c| c == '`').count();
        let after = &rest[start + run..];
        let closing = "`".repeat(run);
        match after.find(&closing) {
            Some(end) => rest = &after[end + run..],
            None => {
                out.push_str(&rest[start..start + run]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The anchor mdBook and GitHub give a heading: lower case, spaces to
/// `-`, every character but letters, digits, `-` and `_` dropped.
fn anchor_of(heading: &str) -> String {
    let text = heading.replace('`', "");
    text.trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// The anchors of every heading in a Markdown text; a repeated heading
/// gets `-1`, `-2`… as both renderers number them.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = BTreeSet::new();
    let mut fence = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence || !t.starts_with('#') {
            continue;
        }
        let level = t.chars().take_while(|&c| c == '#').count();
        let rest = &t[level..];
        if level > 6 || !(rest.is_empty() || rest.starts_with(' ')) {
            continue;
        }
        let base = anchor_of(rest.trim().trim_end_matches('#'));
        let n = seen.entry(base.clone()).or_insert(0);
        out.insert(match *n {
            0 => base.clone(),
            k => format!("{base}-{k}"),
        });
        *n += 1;
    }
    out
}

/// The targets of the inline links and images (`[text](target)`) and the
/// reference definitions (`[id]: target`) of a Markdown text, with their
/// line numbers.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in prose_lines(text) {
        let t = line.trim_start();
        if t.starts_with('[') && !t.starts_with("[^") {
            if let Some(end) = t.find("]:") {
                let target = t[end + 2..].split_whitespace().next().unwrap_or("");
                out.push((n, target.trim_matches(['<', '>']).to_string()));
                continue;
            }
        }
        let mut rest = line.as_str();
        while let Some(i) = rest.find("](") {
            let after = &rest[i + 2..];
            let end = after.find(')').unwrap_or(after.len());
            let inside = after[..end].trim();
            let target = inside.split_whitespace().next().unwrap_or("");
            out.push((n, target.trim_matches(['<', '>']).to_string()));
            rest = &after[end..];
        }
    }
    out
}

/// Whether a link leaves this repository (a URL or an e-mail address).
fn is_external(target: &str) -> bool {
    target.contains("://") || target.starts_with("mailto:") || target.starts_with("//")
}

/// `path` with its `..` and `.` parts resolved by text (it exists, but
/// may be reached through a folder above).
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The problems of one file's relative links: a missing file, or an
/// anchor that is no heading of its file.
fn broken_links(file: &Path) -> Vec<String> {
    let text = read(file);
    let shown = file
        .strip_prefix(root())
        .unwrap_or(file)
        .display()
        .to_string();
    let mut problems = Vec::new();
    for (line, target) in links(&text) {
        if target.is_empty() {
            problems.push(format!("{shown}:{line}: an empty link"));
            continue;
        }
        if is_external(&target) {
            continue;
        }
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target.as_str(), None),
        };
        let dest = if path.is_empty() {
            file.to_path_buf()
        } else {
            file.parent().unwrap().join(path)
        };
        if !dest.exists() {
            problems.push(format!("{shown}:{line}: `{target}`: no such file"));
            continue;
        }
        if file.starts_with(book_src()) && !normalized(&dest).starts_with(book_src()) {
            problems.push(format!(
                "{shown}:{line}: `{target}`: a book page may link only inside docs/src (mdBook renders nothing else); name the file in backticks"
            ));
            continue;
        }
        let Some(anchor) = anchor else { continue };
        if dest.extension().is_none_or(|x| x != "md") {
            problems.push(format!(
                "{shown}:{line}: `{target}`: an anchor into a file that is not Markdown"
            ));
        } else if !anchors(&read(&dest)).contains(anchor) {
            problems.push(format!(
                "{shown}:{line}: `{target}`: no heading with the anchor `{anchor}` in {}",
                dest.strip_prefix(root()).unwrap_or(&dest).display()
            ));
        }
    }
    problems
}

#[test]
fn every_book_page_is_in_the_summary_and_every_summary_entry_exists() {
    let src = book_src();
    let summary = read(&src.join("SUMMARY.md"));
    let mut listed = BTreeSet::new();
    let mut problems = Vec::new();
    for (line, target) in links(&summary) {
        if target.is_empty() {
            problems.push(format!("SUMMARY.md:{line}: a draft chapter (empty link)"));
            continue;
        }
        let path = target.split('#').next().unwrap();
        if !src.join(path).is_file() {
            problems.push(format!("SUMMARY.md:{line}: `{path}` does not exist"));
        }
        listed.insert(src.join(path));
    }
    for page in markdown_files(&src) {
        if page.file_name().unwrap() != "SUMMARY.md" && !listed.contains(&page) {
            problems.push(format!(
                "{} is not listed in SUMMARY.md",
                page.strip_prefix(&src).unwrap().display()
            ));
        }
    }
    assert!(listed.len() >= 10, "SUMMARY.md lists only {listed:?}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_relative_link_and_anchor_resolves() {
    let mut files: Vec<PathBuf> = [
        "README.md",
        "CONTRIBUTING.md",
        "ARCHITECTURE.md",
        "CHANGELOG.md",
    ]
    .iter()
    .map(|f| root().join(f))
    .collect();
    files.extend(markdown_files(&book_src()));
    let problems: Vec<String> = files.iter().flat_map(|f| broken_links(f)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_link_checker_sees_a_broken_link_and_a_broken_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    fs::write(
        dir.path().join("other.md"),
        "# The `narrate` book: start here\n",
    )
    .unwrap();
    fs::write(
        &page,
        "# Title\n\n[ok](other.md#the-narrate-book-start-here) [ok](#title)\n\
         [gone](missing.md) [bad](other.md#nowhere) `[code](missing.md)`\n\
         ```\n[fenced](missing.md)\n```\n",
    )
    .unwrap();
    let problems = broken_links(&page);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].contains("missing.md"), "{problems:#?}");
    assert!(problems[1].contains("nowhere"), "{problems:#?}");
}

/// Every key of a TOML table as `key` or `table.key`, with its value; a
/// table with entries is a table of keys, an empty one (the lexicon) is a
/// key itself.
fn leaf_keys(table: &toml::Table, prefix: &str, out: &mut BTreeMap<String, toml::Value>) {
    for (k, v) in table {
        let name = format!("{prefix}{k}");
        match v {
            toml::Value::Table(t) if !t.is_empty() => leaf_keys(t, &format!("{name}."), out),
            _ => {
                out.insert(name, v.clone());
            }
        }
    }
}

/// The default configuration as a TOML table (what serde writes).
fn default_table() -> toml::Table {
    let text = toml::to_string(&Config::default()).expect("the defaults serialize");
    toml::from_str(&text).expect("the serialized defaults parse")
}

/// The rows of the reference tables: first cell `` `key` `` → second cell.
fn reference_rows(page: &str) -> BTreeMap<String, String> {
    let mut rows = BTreeMap::new();
    for line in page.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || !line.trim_start().starts_with('|') {
            continue;
        }
        if let Some(key) = cells[1].strip_prefix('`').and_then(|k| k.strip_suffix('`')) {
            rows.insert(key.to_string(), cells[2].to_string());
        }
    }
    rows
}

/// What is wrong with the reference's row for `key` (default `value`).
fn row_problem(key: &str, value: &toml::Value, rows: &BTreeMap<String, String>) -> Option<String> {
    let Some(cell) = rows.get(key) else {
        return Some(format!("`{key}` has no row in a reference table"));
    };
    let literal = cell.strip_prefix('`').and_then(|c| c.strip_suffix('`'));
    let parsed = literal.and_then(|l| toml::from_str::<toml::Table>(&format!("v = {l}")).ok());
    match parsed.as_ref().and_then(|t| t.get("v")) {
        Some(v) if v == value => None,
        Some(v) => Some(format!("`{key}`: the table says the default is {v}, the code {value}")),
        None => Some(format!(
            "`{key}`: the default cell `{cell}` is not one TOML value in backticks (the code's is {value})"
        )),
    }
}

/// The complete example of the configuration page: the ```toml block after
/// the marker comment.
fn complete_example(page: &str) -> String {
    let marker = "<!-- complete example: tests/docs.rs parses it -->";
    let after = page
        .split_once(marker)
        .unwrap_or_else(|| panic!("configuration.md has no `{marker}`"))
        .1;
    let start = after
        .find("```toml\n")
        .expect("a ```toml block after the marker")
        + 8;
    let end = after[start..].find("\n```").expect("the block ends") + start;
    after[start..end].to_string()
}

/// What the configuration page misses or gets wrong: every key named in
/// backticks, a row with the right default, and a complete example that
/// parses into the defaults.
fn configuration_problems(page: &str) -> Vec<String> {
    let defaults = default_table();
    let mut keys = BTreeMap::new();
    leaf_keys(&defaults, "", &mut keys);
    let mut problems = Vec::new();
    let missing: Vec<&String> = keys
        .keys()
        .filter(|k| !page.contains(&format!("`{k}`")))
        .collect();
    if !missing.is_empty() {
        problems.push(format!("keys not named in backticks: {missing:?}"));
    }
    for (name, value) in &defaults {
        if matches!(value, toml::Value::Table(t) if !t.is_empty())
            && !page.contains(&format!("`[{name}]`"))
        {
            problems.push(format!("the table `[{name}]` is not named"));
        }
    }
    let rows = reference_rows(page);
    problems.extend(keys.iter().filter_map(|(k, v)| row_problem(k, v, &rows)));
    let example = complete_example(page);
    match Config::parse(&example, Path::new("docs/src/configuration.md")) {
        Err(e) => problems.push(format!("the complete example does not parse: {e}")),
        Ok(parsed) => {
            let mut parsed = parsed;
            // Shown commented or as an example entry: neither has a default.
            parsed.podcast.explicit = None;
            parsed.lexicon.clear();
            if parsed != Config::default() {
                problems.push(
                    "the complete example's values are not the defaults (see `toml::to_string(&Config::default())`)".into(),
                );
            }
        }
    }
    if let Ok(table) = toml::from_str::<toml::Table>(&example) {
        let mut shown = BTreeMap::new();
        leaf_keys(&table, "", &mut shown);
        let absent: Vec<&String> = keys.keys().filter(|k| !shown.contains_key(*k)).collect();
        if !absent.is_empty() {
            problems.push(format!("keys the complete example leaves out: {absent:?}"));
        }
    }
    problems
}

#[test]
fn the_configuration_reference_names_every_key_with_its_default() {
    let page = read(&book_src().join("configuration.md"));
    let problems = configuration_problems(&page);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_configuration_check_sees_a_missing_key_a_wrong_default_and_a_stale_key() {
    let page = read(&book_src().join("configuration.md"));
    let without_row = page.replace("| `audio.bitrate` |", "| bitrate |");
    let wrong_default = page.replace(
        "| `pauses.sentence` | `350` |",
        "| `pauses.sentence` | `300` |",
    );
    let stale = page.replacen("bitrate = 64", "bitrate = 64\nbit-rate = 64", 1);
    for (broken, expected) in [
        (without_row, "`audio.bitrate` has no row"),
        (wrong_default, "`pauses.sentence`: the table says"),
        (stale, "unknown field `bit-rate`"),
    ] {
        let problems = configuration_problems(&broken).join("\n");
        assert!(
            problems.contains(expected),
            "expected {expected:?} in:\n{problems}"
        );
    }
}

/// `narrate [SUBCOMMAND] --help`.
fn help(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_narrate"))
        .args(args)
        .arg("--help")
        .output()
        .unwrap();
    assert!(o.status.success(), "narrate {args:?} --help failed");
    String::from_utf8(o.stdout).unwrap()
}

/// The long flags a help text lists (`--help` and `--version` aside).
fn flags(help: &str) -> BTreeSet<String> {
    help.lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('-'))
        .filter_map(|l| {
            let i = l.find("--")?;
            let flag: String = l[i..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            Some(flag)
        })
        .filter(|f| f != "--help" && f != "--version")
        .collect()
}

/// Whether `page` names `flag` as a whole word (`--out` is not `--output`).
fn names_flag(page: &str, flag: &str) -> bool {
    page.match_indices(flag).any(|(i, _)| {
        page[i + flag.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-'))
    })
}

#[test]
fn the_commands_page_names_every_subcommand_and_flag() {
    let page = read(&book_src().join("commands.md"));
    let top = help(&[]);
    let subcommands: Vec<String> = top
        .split("Commands:")
        .nth(1)
        .expect("a Commands section")
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .filter(|c| c != "help")
        .collect();
    assert!(subcommands.len() >= 11, "{subcommands:?}");
    let mut missing = Vec::new();
    for flag in flags(&top) {
        if !names_flag(&page, &flag) {
            missing.push(format!("narrate {flag}"));
        }
    }
    for sub in &subcommands {
        if !page.contains(&format!("narrate {sub}")) {
            missing.push(format!("narrate {sub}"));
        }
        for flag in flags(&help(&[sub.as_str()])) {
            if !names_flag(&page, &flag) {
                missing.push(format!("narrate {sub} {flag}"));
            }
        }
    }
    assert!(missing.is_empty(), "commands.md does not name: {missing:?}");
}

#[test]
fn the_readme_is_short_and_keeps_the_two_commands() {
    let readme = read(&root().join("README.md"));
    let lines = readme.lines().count();
    assert!(
        lines <= 220,
        "README.md has {lines} lines; keep it under 220 and move detail into docs/src"
    );
    for command in ["make demo", "make test"] {
        assert!(readme.contains(command), "README.md must say `{command}`");
    }
}

/// Every file under `dir` with one of `exts`, relative to the repository.
fn files_with(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| exts.iter().any(|e| x == *e)) {
                out.push(p.strip_prefix(root()).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn architecture_md_names_every_source_file() {
    let map = read(&root().join("ARCHITECTURE.md"));
    let missing: Vec<String> = files_with(&root().join("src"), &["rs"])
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|name| !map.contains(name.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md does not name {missing:?}: add each to the map and to the table of decisions it owns"
    );
}

/// The repository paths (`src/…`, `tests/…`, `scripts/…`) a text names,
/// with their line numbers; globs and placeholders are left out.
fn named_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for prefix in ["src/", "tests/", "scripts/"] {
            for (i, _) in line.match_indices(prefix) {
                let before = line[..i].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || "/._-".contains(c)) {
                    continue;
                }
                let path: String = line[i..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || "/._-".contains(*c))
                    .collect();
                let path = path.trim_end_matches(['.', ',']).to_string();
                if !path.contains(['*', '<']) && !path.ends_with('-') {
                    out.push((n + 1, path));
                }
            }
        }
    }
    out
}

#[test]
fn every_path_the_documents_name_exists() {
    let mut files: Vec<PathBuf> = ["README.md", "CONTRIBUTING.md", "ARCHITECTURE.md"]
        .iter()
        .map(|f| root().join(f))
        .collect();
    // The generator pages name paths in a user's site (`src/posts/`), and
    // the appendix is a record of research done elsewhere.
    files.extend(markdown_files(&book_src()).into_iter().filter(|f| {
        !f.starts_with(book_src().join("generators"))
            && f.file_name().unwrap() != "kokoro-research.md"
    }));
    let mut problems = Vec::new();
    for file in &files {
        let shown = file.strip_prefix(root()).unwrap().display().to_string();
        for (line, path) in named_paths(&read(file)) {
            if !root().join(&path).exists() {
                problems.push(format!("{shown}:{line}: `{path}` does not exist"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
