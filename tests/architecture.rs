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

/// The `}` that closes the `{` at `open` in blanked code.
fn closing_brace(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Inline `mod name { … }` blocks of a file's blanked code, as (byte range,
/// name), so a path inside `mod tests` is read from the test module.
fn inline_modules(code: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let re = regex::Regex::new(r"\bmod\s+([a-z_][a-z0-9_]*)\s*\{").unwrap();
    let bytes = code.as_bytes();
    re.captures_iter(code)
        .map(|c| {
            let open = c.get(0).unwrap().end() - 1;
            (
                open..closing_brace(bytes, open).unwrap_or(bytes.len()),
                c[1].to_string(),
            )
        })
        .collect()
}

/// The paths a `use` tree names, braces expanded: `super::{a::b, c}` →
/// `super::a::b`, `super::c` (`self` inside braces is the prefix itself).
fn expand_use(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    fn walk(prefix: &str, tree: &str, out: &mut Vec<String>) {
        let join = |p: &str, t: &str| match (p.is_empty(), t) {
            (true, t) => t.to_string(),
            (false, "self") => p.to_string(),
            (false, t) => format!("{p}::{t}"),
        };
        let Some(open) = tree.find('{') else {
            let path = tree.split(" as ").next().unwrap_or(tree);
            let path = path.split("as").next().unwrap_or(path);
            out.push(join(prefix, path.trim_end_matches("::*")));
            return;
        };
        let head = tree[..open].trim_end_matches("::");
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let prefix = join(prefix, head);
        // Split the inner list at its top-level commas.
        let (mut depth, mut start) = (0, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    walk(&prefix, &inner[start..i], out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        if start < inner.len() {
            walk(&prefix, &inner[start..], out);
        }
    }
    let mut out = Vec::new();
    walk("", &tree, &mut out);
    out
}

/// Every module path each library file refers to (`crate::a::b`,
/// `super::c`, `use super::{d, e}`), made absolute.
fn references() -> Vec<(Vec<String>, Vec<String>, String)> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut refs = Vec::new();
    for f in files {
        let module = module_of(&f);
        // The binary's commands are not the library.
        if module.first().is_some_and(|m| m == "cmd" || m == "cli") || f.ends_with("main.rs") {
            continue;
        }
        let code = code_only(&fs::read_to_string(&f).unwrap());
        let rel = f.strip_prefix(src()).unwrap().display().to_string();
        // A `mod.rs` (or lib.rs) is its folder's module; `a.rs` is `a`, whose
        // `super` is the folder: the same rule for both.
        refs.extend(paths_in(&code, &module, &rel));
    }
    refs
}

/// The module paths in one file's blanked code, from module `module`.
fn paths_in(code: &str, module: &[String], rel: &str) -> Vec<(Vec<String>, Vec<String>, String)> {
    let path_re =
        regex::Regex::new(r"\b(crate|super|self)((?:::(?:super|self|[a-z_][a-z0-9_]*))+)").unwrap();
    let use_re = regex::Regex::new(r"\buse\s+((?:crate|super|self)::[^;]*);").unwrap();
    let inline = inline_modules(code);
    let line_at = |i: usize| code[..i].matches('\n').count() + 1;
    let mut found: Vec<(usize, String)> = Vec::new();
    for c in use_re.captures_iter(code) {
        let at = c.get(1).unwrap().start();
        found.extend(expand_use(&c[1]).into_iter().map(|p| (at, p)));
    }
    for c in path_re.captures_iter(code) {
        found.push((c.get(0).unwrap().start(), c[0].to_string()));
    }
    let mut refs = Vec::new();
    for (at, path) in found {
        // The module this text is in: the file's, then any inline modules.
        let mut from = module.to_vec();
        for (range, name) in &inline {
            if range.contains(&at) {
                from.push(name.clone());
            }
        }
        let mut segments = path.split("::");
        let mut target: Vec<String> = match segments.next() {
            Some("crate") => Vec::new(),
            Some("self") => from.clone(),
            _ => from[..from.len().saturating_sub(1)].to_vec(),
        };
        for s in segments {
            match s {
                "super" => {
                    target.pop();
                }
                "self" | "" => {}
                s => target.push(s.to_string()),
            }
        }
        // Test modules are not part of the design the test checks.
        if from.iter().any(|m| m == "tests") {
            continue;
        }
        refs.push((from, target, format!("{rel}:{}", line_at(at))));
    }
    refs
}

type Refs = [(Vec<String>, Vec<String>, String)];

/// Every module of the library: one per file, and each inline `mod`.
fn modules() -> BTreeSet<Vec<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut out = BTreeSet::new();
    for f in files {
        let module = module_of(&f);
        let code = code_only(&fs::read_to_string(&f).unwrap());
        for (_, name) in inline_modules(&code) {
            out.insert([module.clone(), vec![name]].concat());
        }
        out.insert(module);
    }
    out
}

/// A cycle among the modules of `scope` (the library's top level when
/// empty) at one level below it, as "a -> b -> a" with where each edge is.
/// A path to an item of `scope` itself (`super::f`) is no edge.
fn cycle_in(scope: &[String], refs: &Refs, modules: &BTreeSet<Vec<String>>) -> Option<String> {
    let depth = scope.len();
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (from, to, at) in refs {
        let inside = |m: &Vec<String>| m.len() > depth && m[..depth] == *scope;
        if !inside(from)
            || !inside(to)
            || from[depth] == to[depth]
            || !modules.contains(&to[..=depth])
        {
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

/// The cycles in every folder at every depth, as "in a/b: x -> y -> x".
fn cycles(refs: &Refs, modules: &BTreeSet<Vec<String>>) -> Vec<String> {
    let scopes: BTreeSet<&[String]> = modules
        .iter()
        .flat_map(|m| (0..m.len()).map(move |k| &m[..k]))
        .collect();
    scopes
        .into_iter()
        .filter_map(|s| {
            let name = if s.is_empty() {
                "src".to_string()
            } else {
                s.join("/")
            };
            cycle_in(s, refs, modules).map(|c| format!("in {name}: {c}"))
        })
        .collect()
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let refs = references();
    assert!(
        refs.len() > 300,
        "the reader found {} references",
        refs.len()
    );
    let modules = modules();
    assert!(
        modules.iter().any(|m| m.len() >= 3),
        "the reader found no module three folders deep"
    );
    let found = cycles(&refs, &modules);
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

fn m(s: &str) -> Vec<String> {
    s.split('/').map(String::from).collect()
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let refs = vec![
        (m("a"), m("b/x"), "a.rs:1".to_string()),
        (m("b/y"), m("c"), "b/y.rs:2".to_string()),
        (m("c"), m("a"), "c.rs:3".to_string()),
    ];
    let modules: BTreeSet<Vec<String>> = ["a", "b", "b/x", "b/y", "c"].map(m).into();
    assert_eq!(
        cycle_in(&[], &refs, &modules).as_deref(),
        Some("a -> b (a.rs:1), b -> c (b/y.rs:2), c -> a (c.rs:3)")
    );
    assert_eq!(cycle_in(&[], &refs[..2], &modules), None);
}

/// A cycle between two files three folders down is found and named by its
/// folder: the check is not only for the top level.
#[test]
fn the_cycle_finder_looks_at_every_depth() {
    let modules: BTreeSet<Vec<String>> = ["s", "s/n", "s/n/words", "s/n/acronyms", "s/n/spoken"]
        .map(m)
        .into();
    let code_words = "use super::{acronyms, spoken::letters};\nfn f() {}\n";
    let code_acronyms =
        "fn g() { super::words::letters(x) }\nmod tests { use super::super::words::f; }\n";
    let mut refs = paths_in(&code_only(code_words), &m("s/n/words"), "s/n/words.rs");
    refs.extend(paths_in(
        &code_only(code_acronyms),
        &m("s/n/acronyms"),
        "s/n/acronyms.rs",
    ));
    assert_eq!(
        cycles(&refs, &modules),
        ["in s/n: acronyms -> words (s/n/acronyms.rs:1), words -> acronyms (s/n/words.rs:1)"]
    );
    // The same cycle only through a test module is no cycle.
    let code_acronyms = "mod tests { use super::super::words::f; }\n";
    let mut refs = paths_in(&code_only(code_words), &m("s/n/words"), "s/n/words.rs");
    refs.extend(paths_in(
        &code_only(code_acronyms),
        &m("s/n/acronyms"),
        "s/n/acronyms.rs",
    ));
    assert!(cycles(&refs, &modules).is_empty());
}

#[test]
fn use_trees_are_read_whole() {
    assert_eq!(
        expand_use("super::{a::{b, c as d}, e, self}"),
        ["super::a::b", "super::a::c", "super::e", "super"]
    );
    assert_eq!(expand_use("crate::x::*"), ["crate::x"]);
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
        let close = closing_brace(bytes, open).unwrap_or(open);
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
