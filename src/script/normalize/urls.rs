//! Addresses are never spelled out: a listener hears a URL's host ("docs
//! dot rs"), an email's parts ("ada at example dot com") and a handle.

use super::engine::{Ctx, Hit};

/// `https://www.docs.example.org/a?b` → `docs dot example dot org`.
pub fn speak_host(url: &str) -> String {
    let s = url.trim();
    let s = s.strip_prefix("mailto:").unwrap_or(s);
    let after_scheme = s.split_once("://").map(|(_, r)| r).unwrap_or(s);
    let host_port = after_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or(after_scheme);
    let host = host_port.rsplit('@').next().unwrap_or(host_port);
    let host = host.split(':').next().unwrap_or(host);
    let host = host.strip_prefix("www.").unwrap_or(host);
    host.split('.')
        .filter(|p| !p.is_empty())
        .map(speak_label)
        .collect::<Vec<_>>()
        .join(" dot ")
}

/// A host label with digits says them: "ww1" → "ww one", "s3" → "s three".
fn speak_label(label: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in label.chars() {
        if c.is_ascii_digit() {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            out.push_str(&format!(" {} ", super::spoken::serial(&run)));
            run.clear();
        }
        out.push(if c == '-' { ' ' } else { c });
    }
    if !run.is_empty() {
        out.push_str(&format!(" {}", super::spoken::serial(&run)));
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `name@example.com` → "name at example dot com"; `@alice` → "at alice".
pub fn email_or_handle(ctx: &Ctx) -> Option<Hit> {
    let core = ctx.core(0)?;
    if let Some(handle) = core.strip_prefix('@') {
        // "@9 volts" is "at nine volts", a number for the other rules.
        if !handle.is_empty()
            && !handle.starts_with(|c: char| c.is_ascii_digit())
            && handle
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            return Some(Hit::new(
                1,
                format!("at {}", handle.replace(['_', '-'], " ")),
                "handle",
            ));
        }
        return None;
    }
    let (user, host) = core.split_once('@')?;
    if user.is_empty() || !host.contains('.') || host.contains('@') || host.ends_with('.') {
        return None;
    }
    let user = user.replace(['.', '_', '-', '+'], " ");
    Some(Hit::new(
        1,
        format!(
            "{user} at {}",
            host.split('.').collect::<Vec<_>>().join(" dot ")
        ),
        "email",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            speak_host("https://ww1.example.com/x"),
            "ww one dot example dot com"
        );
        assert_eq!(
            speak_host("https://www.example.com/a/b?c=d"),
            "example dot com"
        );
        assert_eq!(speak_host("http://docs.rs:8080/x"), "docs dot rs");
        assert_eq!(speak_host("mailto:ada@example.org"), "example dot org");
        assert_eq!(
            speak_host("https://user@git.example.net"),
            "git dot example dot net"
        );
    }

    #[test]
    fn emails_and_handles() {
        use crate::script::normalize::engine::apply;
        assert_eq!(
            apply(&email_or_handle, "ada@example.com"),
            "ada at example dot com"
        );
        assert_eq!(apply(&email_or_handle, "ping @alice_b"), "ping at alice b");
    }
}
