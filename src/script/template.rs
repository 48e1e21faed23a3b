//! Intro and outro templates: `"{title}. By {author}."`.
//!
//! A sentence of the template that names a value the post does not have is
//! left out whole, so a post without an author never says "By .".

use crate::post::Meta;

pub struct Values {
    pairs: Vec<(&'static str, Option<String>)>,
}

impl Values {
    pub fn from_meta(meta: &Meta, title: &str) -> Values {
        Values {
            pairs: vec![
                ("title", Some(title.to_string())),
                ("author", meta.author.clone()),
                ("date", meta.date.clone()),
                ("description", meta.description.clone()),
            ],
        }
    }

    fn get(&self, key: &str) -> Option<Option<&str>> {
        self.pairs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_deref())
    }
}

/// Renders a template; `None` when it is empty or nothing of it remains.
pub fn render(template: &str, values: &Values) -> Option<String> {
    let mut kept = Vec::new();
    for sentence in super::sentences::split(template) {
        if let Some(s) = fill(&sentence, values) {
            kept.push(s);
        }
    }
    let out = kept.join(" ");
    (!out.trim().is_empty()).then_some(out)
}

fn fill(sentence: &str, values: &Values) -> Option<String> {
    let mut out = String::new();
    let mut rest = sentence;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        out.push_str(&rest[..open]);
        let key = &rest[open + 1..close];
        match values.get(key) {
            Some(Some(v)) if !v.trim().is_empty() => out.push_str(v.trim()),
            // Unknown placeholders stay visible so the author notices them.
            None => out.push_str(&rest[open..=close]),
            _ => return None,
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(author: Option<&str>) -> Values {
        let meta = Meta {
            author: author.map(String::from),
            ..Meta::default()
        };
        Values::from_meta(&meta, "Tea and Toast")
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            render("{title}. By {author}.", &values(Some("Ada"))).as_deref(),
            Some("Tea and Toast. By Ada.")
        );
    }

    #[test]
    fn drops_sentences_with_missing_values() {
        assert_eq!(
            render("{title}. By {author}.", &values(None)).as_deref(),
            Some("Tea and Toast.")
        );
        assert_eq!(render("By {author}.", &values(None)), None);
        assert_eq!(render("", &values(None)), None);
    }

    #[test]
    fn unknown_placeholders_stay() {
        assert_eq!(
            render("Hi {nope}.", &values(None)).as_deref(),
            Some("Hi {nope}.")
        );
    }
}
