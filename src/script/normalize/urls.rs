//! URLs are never spelled out: a listener hears the host ("docs dot rs").

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
        .collect::<Vec<_>>()
        .join(" dot ")
}

/// Replaces every bare `http(s)://…` or `www.…` in prose with its host.
pub fn replace_bare_urls(text: &str) -> String {
    if !text.contains("://") && !text.contains("www.") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = find_url_start(rest) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let mut end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”'))
            .unwrap_or(tail.len());
        // Trailing punctuation belongs to the sentence, not the URL.
        while end > 0 && tail[..end].ends_with(['.', ',', ';', ':', '!', '?', ')', ']', '\'']) {
            end -= tail[..end].chars().next_back().map_or(1, char::len_utf8);
        }
        out.push_str(&speak_host(&tail[..end]));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

fn find_url_start(s: &str) -> Option<usize> {
    let candidates = ["https://", "http://", "www."];
    candidates
        .iter()
        .filter_map(|p| {
            s.match_indices(p)
                .find(|(i, _)| {
                    *i == 0
                        || !s[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '/' || c == '.')
                })
                .map(|(i, _)| i)
        })
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
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
    fn bare_urls_in_prose() {
        assert_eq!(
            replace_bare_urls("See https://github.com/owner/repo/issues/7, then www.example.org."),
            "See github dot com, then example dot org."
        );
        assert_eq!(replace_bare_urls("no links here"), "no links here");
        assert_eq!(
            replace_bare_urls("(https://a.example/x)"),
            "(a dot example)"
        );
    }
}
