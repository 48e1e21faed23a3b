//! HTML post → [`Document`], with scraper.
//!
//! The body is the first element matching `content-selector`; inside it, one
//! recursive walk turns elements into builder calls. Chrome (navigation,
//! headers, scripts, forms) and code are skipped; footnote containers are set
//! aside and parsed into [`Footnote`]s, whatever generator wrote them.

use std::collections::{HashMap, HashSet};

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};

use super::controls::{self, Control};
use super::footnote_html as fnh;
use super::mathml;
use crate::document::{Block, Builder, Document, Footnote, Inline};

/// An upper bound of how deep the page's tags nest, from the text alone
/// (open tags minus close tags, void and self-closed tags aside). The
/// HTML parser's work grows with the square of the nesting, so a hostile
/// page (100,000 nested `<div>`s: 40 s) is refused before it is parsed.
/// Unclosed optional tags (`<p>`, `<li>`) only make the bound larger.
pub fn raw_depth(html: &str) -> usize {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let b = html.as_bytes();
    let (mut d, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        if b[i..].starts_with(b"!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let name_len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !b[start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[start..start + name_len].to_ascii_lowercase();
        let end = b[start..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(b.len(), |e| start + e);
        if closing {
            d = d.saturating_sub(1);
        } else if !VOID.contains(&name.as_str()) && !b[..end].ends_with(b"/") {
            d += 1;
            max = max.max(d);
        }
        i = end.min(b.len());
    }
    max
}

/// How deep the page's elements nest, counted without recursion, so a
/// hostile page can be refused before the recursive walk sees it.
pub fn depth(html: &str) -> usize {
    let dom = Html::parse_document(html);
    let (mut d, mut max) = (0usize, 0usize);
    for edge in dom.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(_) => {
                d += 1;
                max = max.max(d);
            }
            ego_tree::iter::Edge::Close(_) => d = d.saturating_sub(1),
        }
    }
    max
}

/// No `content-selector` matched anything (or one is not a selector).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("no element matches {selectors}")]
pub struct NoMatch {
    /// The selectors tried, comma-separated.
    pub selectors: String,
}

/// Parses a full page (or a fragment, as in a feed item's `content:encoded`).
pub fn parse(html: &str, content_selectors: &[String]) -> Result<Document, NoMatch> {
    let dom = Html::parse_document(html);
    let mut root = None;
    for s in content_selectors {
        let sel = Selector::parse(s).map_err(|_| NoMatch {
            selectors: s.clone(),
        })?;
        if let Some(el) = dom.select(&sel).next() {
            root = Some(el);
            break;
        }
    }
    let root = root.ok_or_else(|| NoMatch {
        selectors: content_selectors.join(", "),
    })?;

    let h1 = Selector::parse("h1").expect("built-in selector");
    let title_sel = Selector::parse("title").expect("built-in selector");
    let first_h1 = root.select(&h1).next().or_else(|| dom.select(&h1).next());
    let title = first_h1
        .map(|e| collapse(&e.text().collect::<String>()))
        .filter(|t| !t.is_empty())
        .or_else(|| {
            dom.select(&title_sel)
                .next()
                .map(|e| collapse(&e.text().collect::<String>()))
                .filter(|t| !t.is_empty())
        });

    // The elements that hold an author control, found once: inside a skip,
    // only these are entered (the rest is skipped whole).
    let mut holds_control: HashMap<ego_tree::NodeId, usize> = HashMap::new();
    for n in dom
        .tree
        .nodes()
        .filter(|n| matches!(n.value(), Node::Comment(c) if c.comment.contains("narrate:")))
    {
        for a in n.ancestors() {
            *holds_control.entry(a.id()).or_default() += 1;
        }
    }
    let mut walker = Walker {
        builder: Builder::new(),
        footnotes: Vec::new(),
        skip_h1: first_h1.map(|e| e.id()),
        skipping: false,
        holds_control: &holds_control,
        seen_controls: HashSet::new(),
    };
    walker.children(*root);
    let mut footnotes = walker.footnotes;
    let blocks = walker.builder.finish();
    dedup_footnotes(&mut footnotes);
    // The title is the `h1` if there is one, else `<title>`.
    Ok(Document {
        title,
        blocks,
        footnotes,
    })
}

/// What a page's `<head>` says about the post: author, description, date,
/// canonical link and image, from the standard `<meta>` names and Open
/// Graph / article properties that site generators write.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Head {
    pub author: Option<String>,
    pub description: Option<String>,
    pub date: Option<String>,
    pub link: Option<String>,
    pub image: Option<String>,
}

pub fn head(html: &str) -> Head {
    let dom = Html::parse_document(html);
    let first = |selectors: &[&str], attr: &str| -> Option<String> {
        selectors.iter().find_map(|s| {
            let sel = Selector::parse(s).expect("built-in selector");
            dom.select(&sel)
                .filter_map(|e| e.value().attr(attr))
                .map(collapse)
                .find(|v| !v.is_empty())
        })
    };
    Head {
        author: first(
            &["meta[name=author]", "meta[property='article:author']"],
            "content",
        ),
        description: first(
            &["meta[name=description]", "meta[property='og:description']"],
            "content",
        ),
        date: first(
            &[
                "meta[property='article:published_time']",
                "meta[name=date]",
                "time[datetime]",
            ],
            "content",
        )
        .or_else(|| first(&["time[datetime]"], "datetime")),
        link: first(&["link[rel=canonical]"], "href")
            .or_else(|| first(&["meta[property='og:url']"], "content")),
        image: first(&["meta[property='og:image']"], "content"),
    }
}

struct Walker<'h> {
    builder: Builder,
    footnotes: Vec<Footnote>,
    /// The `h1` taken as the title is not spoken again as a heading.
    skip_h1: Option<ego_tree::NodeId>,
    /// Between an author's `<!-- narrate: skip -->` and its `end`.
    skipping: bool,
    /// Elements holding control comments, and how many.
    holds_control: &'h HashMap<ego_tree::NodeId, usize>,
    /// Control comments already acted on.
    seen_controls: HashSet<ego_tree::NodeId>,
}

impl Walker<'_> {
    fn children(&mut self, node: NodeRef<Node>) {
        for child in node.children() {
            self.node(child);
        }
    }

    fn node(&mut self, node: NodeRef<Node>) {
        match node.value() {
            Node::Text(t) if !self.skipping => self.builder.text(&t.text),
            // Author controls (`controls::prepare` left only good ones).
            Node::Comment(c) => {
                if c.comment.contains("narrate:") {
                    self.seen_controls.insert(node.id());
                }
                if let Some(control) = controls::of_comment(&c.comment) {
                    match control {
                        Control::Skip => self.skipping = true,
                        Control::End => self.skipping = false,
                        Control::Say(t) => self.leaf(Block::Say(t)),
                        Control::Pause(ms) => self.leaf(Block::Pause(ms)),
                    }
                }
            }
            Node::Element(_) => {
                if let Some(el) = ElementRef::wrap(node) {
                    self.element(el);
                }
            }
            // Comments, doctype, processing instructions: never spoken.
            _ => {}
        }
    }

    /// A leaf block, unless the author skipped this part.
    fn leaf(&mut self, block: Block) {
        if !self.skipping {
            self.builder.leaf(block);
        }
    }

    fn inline(&mut self, inline: Inline) {
        if !self.skipping {
            self.builder.inline(inline);
        }
    }

    /// An element; then, if it holds controls the walk did not reach (a
    /// table, code, an element skipped whole), their skip/end still count,
    /// so a skip never runs on past its end unseen.
    fn element(&mut self, el: ElementRef) {
        let before = self.seen_controls.len();
        self.element_inner(el);
        let held = self.holds_control.get(&el.id()).copied().unwrap_or(0);
        if self.seen_controls.len() - before < held {
            for d in el.descendants() {
                if let Node::Comment(c) = d.value() {
                    if c.comment.contains("narrate:") && self.seen_controls.insert(d.id()) {
                        if let Some(control) = controls::of_comment(&c.comment) {
                            match control {
                                Control::Skip => self.skipping = true,
                                Control::End => self.skipping = false,
                                Control::Say(_) | Control::Pause(_) => {}
                            }
                        }
                    }
                }
            }
        }
    }

    fn element_inner(&mut self, el: ElementRef) {
        let name = el.value().name();
        // Marked for readers only: `data-narrate="skip"`, class `narrate-skip`.
        if el.value().attr("data-narrate") == Some("skip")
            || el.value().classes().any(|c| c == "narrate-skip")
        {
            return;
        }
        // Inside a skip, only a subtree holding a control can end it.
        if self.skipping && !self.holds_control.contains_key(&el.id()) {
            return;
        }
        if fnh::is_container(&el) {
            for (id, note) in fnh::definitions(el) {
                let mut inner = Walker {
                    builder: Builder::new(),
                    footnotes: Vec::new(),
                    skip_h1: None,
                    skipping: false,
                    holds_control: self.holds_control,
                    seen_controls: HashSet::new(),
                };
                inner.children(*note);
                self.footnotes.push(Footnote {
                    id,
                    blocks: inner.builder.finish(),
                });
            }
            return;
        }
        if fnh::is_marker(&el) {
            if let Some(id) = fnh::marker_target(&el) {
                self.inline(Inline::FootnoteRef(id));
            }
            return;
        }
        if fnh::is_backlink(&el) || fnh::is_definition_label(&el) {
            return;
        }
        if is_code_wrapper(&el) {
            self.leaf(Block::Code);
            return;
        }
        if let Some(math) = math_source(&el) {
            self.inline(Inline::Math(math));
            return;
        }
        match name {
            "script" | "style" | "nav" | "header" | "footer" | "form" | "noscript" | "template"
            | "button" | "select" | "textarea" | "input" | "svg" | "iframe" | "canvas"
            | "video" | "audio" | "object" | "head" | "title" | "meta" | "link" => {}
            "aside" => {
                // Sidebars are chrome; one that holds footnotes was handled
                // above as a container, or holds a container deeper down.
                let holds_notes = el
                    .descendants()
                    .filter_map(ElementRef::wrap)
                    .any(|d| fnh::is_container(&d));
                if holds_notes {
                    self.children(*el);
                }
            }
            "p" => {
                self.builder.paragraph_start();
                self.children(*el);
                self.builder.paragraph_end();
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if Some(el.id()) == self.skip_h1 {
                    return;
                }
                let level = name.as_bytes()[1] - b'0';
                self.builder.heading_start(level);
                self.children(*el);
                self.builder.end();
            }
            "li" | "dt" | "dd" => {
                self.builder.list_item_start();
                self.children(*el);
                self.builder.end();
            }
            "ul" | "ol" | "dl" | "div" | "section" | "article" | "main" | "figure" | "details"
            | "center" | "figcaption" | "summary" | "body" | "html" => {
                self.builder.end();
                self.children(*el);
                self.builder.end();
            }
            "blockquote" => {
                self.builder.quote_start();
                self.children(*el);
                self.builder.quote_end();
            }
            "table" => self.leaf(Block::Table),
            "hr" => self.leaf(Block::Rule),
            "img" => {
                let alt = el.value().attr("alt").map(collapse).unwrap_or_default();
                self.leaf(Block::Image { alt });
            }
            "br" => self.inline(Inline::Text(" ".into())),
            "kbd" => self
                .builder
                .inline(Inline::Keys(collapse(&el.text().collect::<String>()))),
            "abbr" => self.inline(Inline::Abbr {
                text: collapse(&el.text().collect::<String>()),
                title: el.value().attr("title").map(collapse),
            }),
            // A superscript that links into the page is a footnote marker the
            // generator-specific selectors did not know; any other is text
            // with a meaning (an exponent, an ordinal's letters).
            "sup" => match fnh::marker_target(&el).filter(|_| has_local_link(&el)) {
                Some(id) => self.inline(Inline::FootnoteRef(id)),
                None => self.inline(Inline::Sup(el.text().collect())),
            },
            "sub" => self.inline(Inline::Sub(el.text().collect())),
            "code" | "samp" | "var" | "tt" => {
                let text: String = el.text().collect();
                self.inline(Inline::Code(text));
            }
            "a" => {
                let text = collapse(&el.text().collect::<String>());
                let href = el.value().attr("href").unwrap_or("");
                if !href.is_empty() && (text == href || looks_like_url(&text)) {
                    self.inline(Inline::Url(text));
                } else {
                    self.children(*el);
                }
            }
            _ => self.children(*el),
        }
    }
}

/// `<pre>` and the wrappers highlighters put around it (Pygments'
/// `div.highlight`, Rouge's `figure.highlight`, pandoc's `div.sourceCode`,
/// Hugo's `div.highlight > table` with line numbers).
fn is_code_wrapper(el: &ElementRef) -> bool {
    let v = el.value();
    v.name() == "pre"
        || v.classes().any(|c| {
            matches!(
                c,
                "highlight"
                    | "highlighter-rouge"
                    | "sourceCode"
                    | "code-block"
                    | "codehilite"
                    | "chroma"
                    | "rouge-table"
            )
        }) && v.name() != "code"
}

/// Mathematics in any of the forms pages carry it (see `mathml`): its
/// source, or an empty one (announced) when the page kept none.
fn math_source(el: &ElementRef) -> Option<String> {
    let v = el.value();
    if v.name() == "math" {
        return Some(mathml::source(el));
    }
    if v.classes().any(|c| c == "katex" || c == "katex-display") {
        return Some(mathml::tex_annotation(el).unwrap_or_default());
    }
    if v.name() == "mjx-container" {
        let math = el
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|d| d.value().name() == "math");
        return Some(math.map(|m| mathml::source(&m)).unwrap_or_default());
    }
    if v.name() == "script" && v.attr("type").is_some_and(|t| t.starts_with("math/tex")) {
        return Some(el.text().collect());
    }
    None
}

/// A link to an anchor in this page inside `el`.
fn has_local_link(el: &ElementRef) -> bool {
    el.descendants().filter_map(ElementRef::wrap).any(|a| {
        a.value().name() == "a" && a.value().attr("href").is_some_and(|h| h.starts_with('#'))
    })
}

fn looks_like_url(s: &str) -> bool {
    (s.starts_with("http://") || s.starts_with("https://")) && !s.contains(' ')
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A page can repeat a note (e.g. a container nested in a matched aside);
/// the first definition wins.
fn dedup_footnotes(notes: &mut Vec<Footnote>) {
    let mut seen = std::collections::HashSet::new();
    notes.retain(|n| seen.insert(n.id.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_depth_bounds_the_nesting_from_the_text() {
        assert_eq!(
            raw_depth("<html><body><p>a<br>b<img src=x/></p></body></html>"),
            3
        );
        assert_eq!(raw_depth("<div><!-- <div><div> --></div>"), 1);
        assert_eq!(raw_depth(&"<div>".repeat(50)), 50);
        assert_eq!(raw_depth("a < b and c<d"), 1);
        assert_eq!(raw_depth(""), 0);
        assert_eq!(raw_depth("<"), 0);
        assert_eq!(raw_depth("<é><ü>"), 0);
    }

    #[test]
    fn head_metadata_from_meta_tags() {
        let h = head(
            r#"<html><head><meta name="author" content=" Ada  Byron "><meta property="og:description" content="About tea.">
<meta property="article:published_time" content="2026-06-13T09:00:00Z"><link rel="canonical" href="https://e.com/tea">
<meta property="og:image" content="cover.png"></head><body><p>x</p></body></html>"#,
        );
        assert_eq!(h.author.as_deref(), Some("Ada Byron"));
        assert_eq!(h.description.as_deref(), Some("About tea."));
        assert_eq!(h.date.as_deref(), Some("2026-06-13T09:00:00Z"));
        assert_eq!(h.link.as_deref(), Some("https://e.com/tea"));
        assert_eq!(h.image.as_deref(), Some("cover.png"));
        let t = head(r#"<article><time datetime="2026-01-02">2 Jan</time></article>"#);
        assert_eq!(t.date.as_deref(), Some("2026-01-02"));
        assert_eq!(head("<p>bare</p>"), Head::default());
    }

    #[test]
    fn inline_semantics_are_kept_apart_from_text() {
        let body = parse(
            concat!(
                "<p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>; the <abbr title=\"Border Gateway Protocol\">BGP</abbr> ",
                "has 2<sup>32</sup> paths<sup><a href=\"#n1\">1</a></sup>, CO<sub>2</sub>, ",
                "<span class=\"katex\"><math><semantics><mrow><mi>x</mi></mrow>",
                "<annotation encoding=\"application/x-tex\">x^2</annotation></semantics></math>",
                "<span class=\"katex-html\">x2</span></span>, ",
                "<script type=\"math/tex\">a \\le b</script>, ",
                "<math><mfrac><mi>p</mi><mi>q</mi></mfrac></math>.</p>"
            ),
            &["body".to_string()],
        )
        .unwrap();
        let Block::Paragraph(inlines) = &body.blocks[0] else {
            panic!("{:?}", body.blocks)
        };
        let t = |s: &str| Inline::Text(s.into());
        assert_eq!(
            inlines,
            &vec![
                t("Press "),
                Inline::Keys("Ctrl".into()),
                t("+"),
                Inline::Keys("C".into()),
                t("; the "),
                Inline::Abbr {
                    text: "BGP".into(),
                    title: Some("Border Gateway Protocol".into())
                },
                t(" has 2"),
                Inline::Sup("32".into()),
                t(" paths"),
                Inline::FootnoteRef("n1".into()),
                t(", CO"),
                Inline::Sub("2".into()),
                t(", "),
                Inline::Math("x^2".into()),
                t(", "),
                Inline::Math("a \\le b".into()),
                t(", "),
                Inline::Math("\\frac{p}{q}".into()),
                t("."),
            ]
        );
    }
}
