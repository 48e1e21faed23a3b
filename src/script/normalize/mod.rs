//! Text → words a narrator would say. Each file is one family of rules; this
//! module runs them in a fixed order over a whole block's text.

pub mod identifiers;
pub mod symbols;
pub mod urls;

/// Prose cleanup applied to every block's text before sentence splitting.
pub fn prose(text: &str) -> String {
    let text = urls::replace_bare_urls(text);
    let text = symbols::clean(&text);
    symbols::tidy_spacing(&text)
}
