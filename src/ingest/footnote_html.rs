//! Footnote markup of the common static-site generators, recognized in HTML.
//!
//! Every generator writes the same three things with different classes: a
//! marker that links to a note (`href="#fn:1"`), a container (or a single
//! element per note) holding the notes, and a backlink in each note. Knowing
//! the three selectors per generator is enough; the rest is generic.

use scraper::{ElementRef, Selector};
use std::sync::OnceLock;

struct Selectors {
    marker: Selector,
    container: Selector,
    single_definition: Selector,
    definition_label: Selector,
    backlink: Selector,
    /// A note inside a container: an `li` with the id markers point at.
    note_item: Selector,
}

fn selectors() -> &'static Selectors {
    static S: OnceLock<Selectors> = OnceLock::new();
    S.get_or_init(|| {
        let sel = |s: &str| Selector::parse(s).expect("built-in selector");
        Selectors {
            // Python-Markdown and Hugo: sup#fnref:N > a.footnote-ref; pandoc:
            // a.footnote-ref; kramdown: sup[role=doc-noteref]; pulldown-cmark:
            // sup.footnote-reference. The outer element matches first.
            marker: sel(concat!(
                "sup.footnote-reference, sup[id^='fnref'], sup[role='doc-noteref'], ",
                "a.footnote-ref, a[role='doc-noteref'], a[rel='footnote']"
            )),
            container: sel(concat!(
                "div.footnote, div.footnotes, section.footnotes, aside#footnotes, ",
                "section#footnotes, [role='doc-endnotes']"
            )),
            single_definition: sel("div.footnote-definition"),
            definition_label: sel("sup.footnote-definition-label"),
            note_item: sel("li[id]"),
            backlink: sel(concat!(
                "a.footnote-backref, a.footnote-back, a.reversefootnote, ",
                "a[role='doc-backlink'], a[rev='footnote']"
            )),
        }
    })
}

pub fn is_marker(el: &ElementRef) -> bool {
    selectors().marker.matches(el)
}

/// The id of the note a marker points at (`#fn:1` → `fn:1`).
pub fn marker_target(el: &ElementRef) -> Option<String> {
    let own = el.value().attr("href");
    let href = own.or_else(|| {
        el.descendants()
            .filter_map(ElementRef::wrap)
            .find_map(|a| a.value().attr("href").filter(|h| h.starts_with('#')))
    })?;
    href.strip_prefix('#').map(|id| id.to_string())
}

pub fn is_container(el: &ElementRef) -> bool {
    selectors().container.matches(el) || selectors().single_definition.matches(el)
}

pub fn is_backlink(el: &ElementRef) -> bool {
    if selectors().backlink.matches(el) {
        return true;
    }
    // Any link made only of return arrows is a backlink, whatever its class.
    el.value().name() == "a" && {
        let text: String = el.text().collect();
        let t = text.trim();
        !t.is_empty()
            && t.chars().all(|c| {
                matches!(c, '↩' | '↑' | '⤴' | '^' | '\u{fe0e}' | '\u{fe0f}') || c.is_whitespace()
            })
    }
}

pub fn is_definition_label(el: &ElementRef) -> bool {
    selectors().definition_label.matches(el)
}

/// The notes inside a container: `(id, element)` for each note, in order.
pub fn definitions<'a>(container: ElementRef<'a>) -> Vec<(String, ElementRef<'a>)> {
    if selectors().single_definition.matches(&container) {
        return container
            .value()
            .id()
            .map(|id| vec![(id.to_string(), container)])
            .unwrap_or_default();
    }
    let mut notes: Vec<_> = container
        .select(&selectors().note_item)
        .filter_map(|el| el.value().id().map(|id| (id.to_string(), el)))
        .collect();
    let singles: Vec<_> = container
        .select(&selectors().single_definition)
        .filter_map(|el| el.value().id().map(|id| (id.to_string(), el)))
        .collect();
    notes.extend(singles);
    notes
}
