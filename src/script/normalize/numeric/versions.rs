//! Versions: `v4.13.0`, `Python 3.11`, `HTTP/2`.

use super::units::unit;
use crate::script::normalize::engine::{Ctx, Hit};
use crate::script::normalize::spoken::{cardinal, is_digits, version};

/// Names after which a number is a version: `Python 3.11`, `TLS 1.3`.
const VERSIONED: &[&str] = &[
    "version",
    "Version",
    "v",
    "Python",
    "Rust",
    "Node",
    "Node.js",
    "Go",
    "Java",
    "Ruby",
    "PHP",
    "Perl",
    "Kotlin",
    "Swift",
    "Scala",
    "TLS",
    "SSL",
    "HTTP",
    "OpenSSL",
    "Ubuntu",
    "Debian",
    "Fedora",
    "macOS",
    "iOS",
    "Android",
    "Windows",
    "Linux",
    "kernel",
    "Postgres",
    "PostgreSQL",
    "MySQL",
    "Redis",
    "Kubernetes",
    "Django",
    "Rails",
    "React",
    "Angular",
    "Vue",
    "Docker",
    "release",
    "Release",
    "Firefox",
    "Chrome",
    "Safari",
    "Emacs",
    "Vim",
    "GCC",
    "LLVM",
    "Clang",
    "Unicode",
    "IPv",
    "OAuth",
    "Bluetooth",
    "USB",
    "Wi-Fi",
    "C++",
    "ECMAScript",
    "ES",
];

/// A release with a pre-release tag or build metadata, or open-ended:
/// `2.14.0-rc.2` → "two point fourteen point zero, R C two",
/// `v3.1.4-alpha.1+build.7` → "version three point one point four, alpha
/// one, build seven", `2.0+` → "two point zero plus" (and any later).
/// Every dot of the number is said; a possessive stays on the last word.
pub fn tagged_version(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let (core, possessive) = match core.strip_suffix("'s").or_else(|| core.strip_suffix("’s")) {
        Some(c) => (c, "'s"),
        None => (core, ""),
    };
    let (prefixed, bare) = match core.strip_prefix(['v', 'V']) {
        Some(b) => (true, b),
        None => (false, core),
    };
    let end = bare
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(bare.len());
    let (number, tail) = bare.split_at(end);
    // A tag or a plus after a dotted number (a bare `3-rc1` is too unsure).
    if !number.contains('.') || number.ends_with('.') || tail.is_empty() {
        return None;
    }
    let mut words = version(number)?;
    if tail == "+" {
        words.push_str(" plus");
    } else {
        let (pre, build) = match tail.split_once('+') {
            Some((p, b)) => (p, Some(b)),
            None => (tail, None),
        };
        if !pre.is_empty() {
            // A tag starts with a letter: `1.5-2.5` is a range.
            let pre = pre
                .strip_prefix('-')
                .filter(|p| p.starts_with(|c: char| c.is_ascii_alphabetic()))?;
            words.push_str(", ");
            words.push_str(&tag_words(pre)?);
        }
        if let Some(b) = build {
            let b = tag_words(b)?;
            words.push_str(if b.starts_with("build") {
                ", "
            } else {
                ", build "
            });
            words.push_str(&b);
        }
    }
    let prev_is_version = ctx
        .prev()
        .is_some_and(|p| p.core.eq_ignore_ascii_case("version"));
    if prefixed && !prev_is_version {
        words = format!("version {words}");
    }
    words.push_str(possessive);
    Some(Hit::new(1, words, "version"))
}

/// A pre-release tag or build metadata: `rc.2` → "R C two", `alpha.1`,
/// `beta2` → "beta two", `build.7`. Dot-separated identifiers, each a
/// number or letters (a run of both splits); `None` for anything else.
fn tag_words(tag: &str) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    for ident in tag.split(['.', '-']) {
        if ident.is_empty() || !ident.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        let mut rest = ident;
        while !rest.is_empty() {
            let digits = rest.starts_with(|c: char| c.is_ascii_digit());
            let cut = rest
                .find(|c: char| c.is_ascii_digit() != digits)
                .unwrap_or(rest.len());
            let (run, more) = rest.split_at(cut);
            out.push(if digits {
                if run.len() > 4 {
                    crate::script::normalize::spoken::digit_by_digit(run)
                } else {
                    cardinal(run)
                }
            } else {
                tag_word(run)
            });
            rest = more;
        }
    }
    Some(out.join(" "))
}

/// One word of a tag: the usual ones as said, short unsayable runs
/// spelled (`rc` → "R C"), other words as written.
fn tag_word(w: &str) -> String {
    let lower = w.to_ascii_lowercase();
    match lower.as_str() {
        "rc" | "cr" => {
            crate::script::normalize::spoken::letters(&w.to_ascii_uppercase()).replace('-', " ")
        }
        "a" => "alpha".into(),
        "b" => "beta".into(),
        "alpha" | "beta" | "dev" | "pre" | "preview" | "nightly" | "canary" | "snapshot"
        | "build" | "final" | "stable" | "post" | "next" | "experimental" => lower,
        _ if w.len() <= 3 && !w.chars().any(|c| "aeiouyAEIOUY".contains(c)) => {
            crate::script::normalize::spoken::letters(&w.to_ascii_uppercase()).replace('-', " ")
        }
        _ => w.to_string(),
    }
}

/// `v4.13.0` → "version four point thirteen point zero"; `4.13.0` alone
/// (two dots) too; `Python 3.11` → "Python three point eleven".
pub fn version_rule(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    if let Some(v) = core
        .strip_prefix(['v', 'V'])
        .filter(|v| v.contains('.') || is_digits(v))
    {
        let words = version(v)?;
        // "version v4" would say it twice.
        let prev_is_version = ctx
            .prev()
            .is_some_and(|p| p.core.eq_ignore_ascii_case("version"));
        let text = if prev_is_version {
            words
        } else {
            format!("version {words}")
        };
        return Some(Hit::new(1, text, "version"));
    }
    if core.contains('.')
        && ctx
            .prev()
            .is_some_and(|p| p.trail.is_empty() && p.core == "Ubuntu")
    {
        return Some(Hit::new(1, ubuntu(core)?, "version"));
    }
    if core.matches('.').count() >= 2 {
        // Four parts up to 255 is an IPv4 address: "ten dot zero dot zero
        // dot one", as people say them.
        // After a product or "release" it is a version all the same.
        let after_name = ctx
            .prev()
            .is_some_and(|p| p.trail.is_empty() && VERSIONED.contains(&p.core));
        if let Some(words) = crate::script::normalize::spoken::ipv4(core).filter(|_| !after_name) {
            return Some(Hit::new(1, words, "IP address"));
        }
        return Some(Hit::new(1, version(core)?, "version"));
    }
    if !core.contains('.') {
        return None;
    }
    let prev = ctx.prev()?;
    if prev.trail.is_empty() && VERSIONED.contains(&prev.core) {
        return Some(Hit::new(1, version(core)?, "version"));
    }
    // "PostgreSQL hosts from 14.11 to 16.3": a named product up to three
    // words back, in the same clause, and no quantity after the number
    // ("Python took 2.25 seconds" stays a decimal).
    let quantity = ctx.core(1).is_some_and(|n| {
        unit(n).is_some()
            || matches!(
                n.to_ascii_lowercase().as_str(),
                "seconds"
                    | "second"
                    | "minutes"
                    | "hours"
                    | "days"
                    | "times"
                    | "percent"
                    | "points"
                    | "x"
            )
    });
    let named = (1..=3)
        .map_while(|k| ctx.i.checked_sub(k).map(|j| &ctx.toks[j]))
        .take_while(|t| t.trail.is_empty())
        .any(|t| {
            VERSIONED.contains(&t.core) && t.core.chars().next().is_some_and(char::is_uppercase)
        });
    (named && !quantity)
        .then(|| version(core).map(|v| Hit::new(1, v, "version")))
        .flatten()
}

/// Ubuntu numbers its releases by year and month: `22.04` is "twenty-two
/// oh four", `24.04.1` "twenty-four oh four point one".
fn ubuntu(v: &str) -> Option<String> {
    let mut parts = v.split('.');
    let (yy, mm) = (parts.next()?, parts.next()?);
    if yy.len() != 2 || mm.len() != 2 || !is_digits(yy) || !is_digits(mm) {
        return version(v);
    }
    let month = match mm.strip_prefix('0') {
        Some(m) => format!("oh {}", cardinal(m)),
        None => cardinal(mm),
    };
    let mut words = format!("{} {month}", cardinal(yy));
    for p in parts {
        words.push_str(" point ");
        words.push_str(&version(p)?);
    }
    Some(words)
}

/// `HTTP/2` → "HTTP two", `IPv6` → "IP v six": a name, a slash or `v`, a
/// version number glued to it.
pub fn glued_version(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    let (name, v) = core
        .split_once('/')
        .filter(|(n, _)| n.chars().all(|c| c.is_ascii_uppercase()))?;
    if name.len() < 2 || !v.chars().next()?.is_ascii_digit() {
        return None;
    }
    Some(Hit::new(
        1,
        format!(
            "{} {}",
            crate::script::normalize::spoken::letters(name),
            version(v)?
        ),
        "version",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::normalize::engine::apply;

    #[test]
    fn each_rule_alone() {
        assert_eq!(
            apply(&version_rule, "v4.13.0"),
            "version four point thirteen point zero"
        );
        assert_eq!(
            apply(&version_rule, "Python 3.11"),
            "Python three point eleven"
        );
        assert_eq!(apply(&glued_version, "HTTP/2"), "H-T-T-P two");
        assert_eq!(
            apply(&version_rule, "Ubuntu 22.04.3"),
            "Ubuntu twenty-two oh four point three"
        );
        assert_eq!(apply(&glued_version, "IPv6"), "IPv6");
        assert_eq!(
            apply(&tagged_version, "2.14.0-rc.2"),
            "two point fourteen point zero, R C two"
        );
        assert_eq!(
            apply(&tagged_version, "v3.1.4-alpha.1+build.7"),
            "version three point one point four, alpha one, build seven"
        );
        assert_eq!(apply(&tagged_version, "2.0+'s"), "two point zero plus's");
        assert_eq!(apply(&tagged_version, "3-rc1"), "3-rc1");
        assert_eq!(apply(&tagged_version, "1.2.3-"), "1.2.3-");
        assert_eq!(apply(&tagged_version, "1.2.3-#"), "1.2.3-#");
        assert_eq!(apply(&tagged_version, "1.5-2.5"), "1.5-2.5");
    }
}
