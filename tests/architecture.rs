//! The shape of the code, checked: modules import each other one way only
//! (no cycle among the library's top-level modules, nor among the modules
//! of one folder), and no function is longer than a reader can hold.
//! A rough reader of Rust is enough for this: comments and string literals
//! are blanked, then paths (`crate::x`, `super::y`) and `fn` bodies are
//! found by text.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The text with comments and string and char literals blanked (lines kept).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |s: &str, out: &mut String| {
        out.extend(s.chars().map(|c| if c == '\n' { '\n' } else { ' ' }))
    };
    while i < b.len() {
        let rest = &text[i..];
        let end = if rest.starts_with("//") {
            rest.find('\n').unwrap_or(rest.len())
        } else if rest.starts_with("/*") {
            rest.find("*/").map_or(rest.len(), |e| e + 2)
        } else if let Some(hashes) = raw_string_start(rest) {
            let close = format!("\"{}", "#".repeat(hashes));
            let open = 2 + hashes;
            rest[open..]
                .find(&close)
                .map_or(rest.len(), |e| open + e + close.len())
        } else if rest.starts_with('"') {
            let mut j = 1;
            while j < rest.len() && rest.as_bytes()[j] != b'"' {
                j += if rest.as_bytes()[j] == b'\\' { 2 } else { 1 };
            }
            (j + 1).min(rest.len())
        } else if rest.starts_with("'\\")
            || rest.len() > 2 && rest.as_bytes()[2] == b'\'' && rest.starts_with('\'')
        {
            // A char literal ('x', '\n', '\u{..}'), not a lifetime.
            rest[1..].find('\'').map_or(1, |e| e + 2)
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
            continue;
        };
        blank(&rest[..end], &mut out);
        i += end;
    }
    out
}

/// `r"`, `r#"`, `br"`: the number of hashes.
fn raw_string_start(s: &str) -> Option<usize> {
    let s = s.strip_prefix('b').unwrap_or(s).strip_prefix('r')?;
    let hashes = s.len() - s.trim_start_matches('#').len();
    s[hashes..].starts_with('"').then_some(hashes)
}

/// The module path of a file under src/: `audio/clip.rs` → [audio, clip].
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    if parts == ["lib"] || parts == ["main"] {
        parts.clear();
    }
    parts
}

/// Every module path each library file refers to (`crate::a::b`,
/// `super::c`), made absolute.
fn references() -> Vec<(Vec<String>, Vec<String>, String)> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let path_re = regex::Regex::new(r"\b(crate|super)((?:::(?:super|[a-z_][a-z0-9_]*))+)").unwrap();
    let mut refs = Vec::new();
    for f in files {
        let module = module_of(&f);
        // The binary's commands are not the library.
        if module.first().is_some_and(|m| m == "cmd" || m == "cli") || f.ends_with("main.rs") {
            continue;
        }
        let code = code_only(&fs::read_to_string(&f).unwrap());
        for (n, line) in code.lines().enumerate() {
            for c in path_re.captures_iter(line) {
                // `super` of a.rs and of a/mod.rs alike is a's parent.
                let mut target: Vec<String> = match &c[1] {
                    "crate" => Vec::new(),
                    _ => module[..module.len().saturating_sub(1)].to_vec(),
                };
                let segments = c[2].trim_start_matches("::").split("::");
                for s in segments {
                    match s {
                        "super" => {
                            target.pop();
                        }
                        s => target.push(s.to_string()),
                    }
                }
                let at = format!("{}:{}", f.strip_prefix(src()).unwrap().display(), n + 1);
                refs.push((module.clone(), target, at));
            }
        }
    }
    refs
}

/// A cycle among the modules of `scope` (the library's top level when
/// empty) at one level below it, as "a -> b -> a" with where each edge is.
fn cycle_in(scope: &[String], refs: &[(Vec<String>, Vec<String>, String)]) -> Option<String> {
    let depth = scope.len();
    // Only paths that name a module (not an item of the parent, as a test
    // module's `super::f` would look).
    let modules: BTreeSet<&[String]> = refs.iter().map(|(from, _, _)| from.as_slice()).collect();
    let is_module = |m: &[String]| modules.iter().any(|k| k.starts_with(m));
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (from, to, at) in refs {
        let inside = |m: &Vec<String>| m.len() > depth && m[..depth] == *scope;
        if !inside(from) || !inside(to) || from[depth] == to[depth] || !is_module(&to[..=depth]) {
            continue;
        }
        edges
            .entry(from[depth].clone())
            .or_default()
            .entry(to[depth].clone())
            .or_insert_with(|| at.clone());
    }
    // Depth-first search for a back edge.
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeMap<String, String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<String> {
        if let Some(i) = stack.iter().position(|s| s == n) {
            let cycle: Vec<String> = stack[i..]
                .iter()
                .zip(stack[i..].iter().skip(1).chain([&n.to_string()]))
                .map(|(a, b)| format!("{a} -> {b} ({})", edges[a][b]))
                .collect();
            return Some(cycle.join(", "));
        }
        if !done.insert(n.to_string()) {
            return None;
        }
        stack.push(n.to_string());
        for next in edges.get(n).into_iter().flat_map(|e| e.keys()) {
            if let Some(c) = visit(next, edges, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|n| visit(n, &edges, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let refs = references();
    assert!(
        refs.len() > 300,
        "the reader found {} references",
        refs.len()
    );
    let mut scopes: BTreeSet<Vec<String>> = BTreeSet::new();
    scopes.insert(Vec::new());
    for (from, _, _) in &refs {
        if from.len() > 1 {
            scopes.insert(from[..1].to_vec());
        }
    }
    let cycles: Vec<String> = scopes
        .iter()
        .filter_map(|s| {
            cycle_in(s, &refs)
                .map(|c| format!("in {}: {c}", if s.is_empty() { "src" } else { &s[0] }))
        })
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let m = |s: &str| s.split('/').map(String::from).collect::<Vec<_>>();
    let refs = vec![
        (m("a"), m("b/x"), "a.rs:1".to_string()),
        (m("b/y"), m("c"), "b/y.rs:2".to_string()),
        (m("c"), m("a"), "c.rs:3".to_string()),
    ];
    assert_eq!(
        cycle_in(&[], &refs).as_deref(),
        Some("a -> b (a.rs:1), b -> c (b/y.rs:2), c -> a (c.rs:3)")
    );
    assert_eq!(cycle_in(&[], &refs[..2]), None);
}

/// Every function body in `file` (blanked code) as (name, first line, lines).
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let fn_re = regex::Regex::new(r"\bfn\s+([a-z_][a-z0-9_]*)").unwrap();
    let bytes = code.as_bytes();
    let line_at = |i: usize| code[..i].matches('\n').count() + 1;
    let mut out = Vec::new();
    for c in fn_re.captures_iter(code) {
        let start = c.get(0).unwrap().start();
        // The body opens at the first `{` before any `;` (a declaration
        // without a body, as in a trait, has none).
        let Some(open) = code[start..]
            .find(['{', ';'])
            .map(|o| start + o)
            .filter(|&o| bytes[o] == b'{')
        else {
            continue;
        };
        let mut depth = 0;
        let mut close = open;
        for (i, b) in bytes.iter().enumerate().skip(open) {
            match b {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let first = line_at(start);
        out.push((c[1].to_string(), first, line_at(close) - first + 1));
    }
    out
}

#[test]
fn no_function_is_longer_than_150_lines_nor_a_command_longer_than_80() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut long = Vec::new();
    let mut counted = 0;
    for f in &files {
        let code = code_only(&fs::read_to_string(f).unwrap());
        let rel = f.strip_prefix(src()).unwrap();
        let limit = if rel.starts_with("cmd") { 80 } else { 150 };
        for (name, line, lines) in functions(&code) {
            counted += 1;
            if lines > limit {
                long.push(format!(
                    "{}:{line} {name}: {lines} lines (at most {limit})",
                    rel.display()
                ));
            }
        }
    }
    assert!(counted > 500, "the reader found {counted} functions");
    assert!(long.is_empty(), "too long:\n{}", long.join("\n"));
}

#[test]
fn the_function_reader_measures_bodies() {
    let code = "trait T { fn decl(&self); }\nfn one() {\n    if x { y }\n}\nfn two() { z }\n";
    assert_eq!(
        functions(code),
        [("one".to_string(), 2, 3), ("two".to_string(), 5, 1)]
    );
}
