//! Editing a feed in place, the one way both feed edits do it (the
//! write-back puts episodes in, a withdrawal takes them out): the feed is
//! scanned, refused unless it is RSS (Atom has no enclosures to write),
//! and changed by replacing byte ranges of the original text, so everything
//! outside them stays byte for byte.

use crate::feed::{scan, FeedError, Kind, Scan};

/// A replacement of `text[start..end]` (an insertion when they are equal,
/// a cut when `with` is empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub with: String,
}

impl Edit {
    pub fn cut((start, end): (usize, usize)) -> Edit {
        Edit {
            start,
            end,
            with: String::new(),
        }
    }
}

/// The feed scanned, if it is one edits can go into.
pub fn rss(text: &str) -> Result<Scan, FeedError> {
    let s = scan::scan(text)?;
    if s.kind != Kind::Rss {
        return Err(FeedError::AtomWriteBack);
    }
    Ok(s)
}

/// `text` with the edits made. Edits are applied in order of position; an
/// edit that overlaps one already made is dropped rather than merged (both
/// callers make edits of distinct elements, so an overlap means the same
/// element was asked for twice and one edit of it is enough).
pub fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|e| e.with.len()).sum::<usize>());
    let mut at = 0;
    for e in edits {
        if e.start < at {
            continue;
        }
        out.push_str(&text[at..e.start]);
        out.push_str(&e.with);
        at = e.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The span of an element to cut: the element, and when it stands alone on
/// its line, the line's indent and end too (so no blank line is left).
pub fn line_span(text: &str, c: &scan::Child) -> (usize, usize) {
    let line_start = text[..c.start].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..c.start];
    let after = &text[c.end..];
    let rest_of_line = after.find('\n').map_or(after, |i| &after[..i]);
    if before.trim().is_empty() && rest_of_line.trim().is_empty() {
        let end = c.end + after.find('\n').map_or(after.len(), |i| i + 1);
        (line_start, end)
    } else {
        (c.start, c.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_order_and_an_overlap_is_dropped() {
        let text = "0123456789";
        let edits = vec![
            Edit {
                start: 6,
                end: 8,
                with: "x".into(),
            },
            Edit {
                start: 2,
                end: 4,
                with: String::new(),
            },
            Edit {
                start: 3,
                end: 5,
                with: "y".into(),
            },
            Edit {
                start: 10,
                end: 10,
                with: "!".into(),
            },
        ];
        assert_eq!(apply(text, edits), "0145x89!");
    }

    #[test]
    fn only_rss_takes_edits() {
        assert!(rss("<rss><channel></channel></rss>").is_ok());
        assert!(matches!(
            rss("<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>"),
            Err(FeedError::AtomWriteBack)
        ));
    }

    #[test]
    fn an_element_alone_on_its_line_takes_the_line() {
        let text = "<item>\n    <a/>\n  <b/><c/>\n</item>";
        let s = rss(&format!("<rss><channel>{text}</channel></rss>")).unwrap();
        let full = format!("<rss><channel>{text}</channel></rss>");
        let it = &s.entries[0];
        let a = it.child("a").unwrap();
        let (x, y) = line_span(&full, a);
        assert_eq!(&full[x..y], "    <a/>\n");
        let c = it.child("c").unwrap();
        let (x, y) = line_span(&full, c);
        assert_eq!(&full[x..y], "<c/>");
    }
}
