//! YAML (`---`) and TOML (`+++`) front matter at the top of a Markdown post.
//!
//! Front matter carries many keys narrate does not use (tags, layout, …), so
//! unknown keys are ignored here, unlike in `pipeline.toml`; only the keys we
//! read must have a usable type.

use std::collections::BTreeMap;

use crate::post::PostControls;

/// The keys narrate reads, as strings, plus `draft`.
#[derive(Debug, Default, PartialEq)]
pub struct FrontMatter {
    pub fields: BTreeMap<String, String>,
    pub draft: bool,
    pub narrate: PostControls,
}

/// A `narrate` table that does not fit [`PostControls`], in words.
fn narrate_error(e: impl std::fmt::Display) -> FrontMatterError {
    FrontMatterError(format!(
        "the `narrate` table: {e}; its keys are skip (true/false), lexicon (a table of \"word\" = \"respelling\"), intro and outro (text), voice (a preset name)"
    ))
}

const KEYS: &[&str] = &[
    "title",
    "date",
    "slug",
    "link",
    "url",
    "guid",
    "description",
    "author",
    "image",
];

/// Front matter that cannot be read: what is wrong, in words.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct FrontMatterError(pub String);

/// Splits `text` into front matter and body. Text without a fence has none.
pub fn split(text: &str) -> Result<(FrontMatter, &str), FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (fence, kind) = if text.starts_with("---") {
        ("---", Kind::Yaml)
    } else if text.starts_with("+++") {
        ("+++", Kind::Toml)
    } else {
        return Ok((FrontMatter::default(), text));
    };
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != fence {
        // `---` followed by more text is a thematic break or prose, not a fence.
        return Ok((FrontMatter::default(), text));
    }
    let rest = &text[(first_line_end + 1).min(text.len())..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == fence {
            let header = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok((parse(header, kind)?, body));
        }
        offset += line.len();
    }
    Err(FrontMatterError(format!("the opening `{fence}` has no closing `{fence}` line; close the front matter or remove the fence")))
}

#[derive(Clone, Copy)]
enum Kind {
    Yaml,
    Toml,
}

fn parse(header: &str, kind: Kind) -> Result<FrontMatter, FrontMatterError> {
    let mut fm = FrontMatter::default();
    match kind {
        Kind::Yaml => {
            let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(header)
                .map_err(|e| FrontMatterError(format!("invalid YAML: {e}")))?;
            let map = match value {
                serde_yaml_ng::Value::Mapping(m) => m,
                serde_yaml_ng::Value::Null => return Ok(fm),
                _ => {
                    return Err(FrontMatterError(
                        "YAML front matter must be a mapping of `key: value` lines".into(),
                    ))
                }
            };
            for (k, v) in map {
                let Some(key) = k.as_str() else { continue };
                if key == "draft" {
                    fm.draft = v
                        .as_bool()
                        .ok_or_else(|| FrontMatterError("`draft` must be true or false".into()))?;
                } else if key == "narrate" {
                    // An empty `narrate:` is the default table.
                    if !v.is_null() {
                        fm.narrate = serde_yaml_ng::from_value(v).map_err(narrate_error)?;
                    }
                } else if KEYS.contains(&key) {
                    let s = match v {
                        serde_yaml_ng::Value::String(s) => s,
                        serde_yaml_ng::Value::Number(n) => n.to_string(),
                        serde_yaml_ng::Value::Bool(b) => b.to_string(),
                        serde_yaml_ng::Value::Null => continue,
                        _ => {
                            return Err(FrontMatterError(format!(
                                "`{key}` must be a single value, not a list or mapping"
                            )))
                        }
                    };
                    fm.fields.insert(key.to_string(), s);
                }
            }
        }
        Kind::Toml => {
            let table: toml::Table = header.parse().map_err(|e: toml::de::Error| {
                FrontMatterError(format!("invalid TOML: {}", e.message()))
            })?;
            for (key, v) in table {
                if key == "draft" {
                    fm.draft = v
                        .as_bool()
                        .ok_or_else(|| FrontMatterError("`draft` must be true or false".into()))?;
                } else if key == "narrate" {
                    fm.narrate = v.try_into().map_err(narrate_error)?;
                } else if KEYS.contains(&key.as_str()) {
                    let s = match v {
                        toml::Value::String(s) => s,
                        toml::Value::Datetime(d) => d.to_string(),
                        toml::Value::Integer(i) => i.to_string(),
                        toml::Value::Float(f) => f.to_string(),
                        toml::Value::Boolean(b) => b.to_string(),
                        _ => {
                            return Err(FrontMatterError(format!(
                                "`{key}` must be a single value, not an array or table"
                            )))
                        }
                    };
                    fm.fields.insert(key, s);
                }
            }
        }
    }
    Ok(fm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let (fm, body) = split("---\ntitle: \"Hello: world\"\ndate: 2026-06-13\ntags: [a, b]\ndraft: true\n---\n# Body\n").unwrap();
        assert_eq!(fm.fields["title"], "Hello: world");
        assert_eq!(fm.fields["date"], "2026-06-13");
        assert!(fm.draft);
        assert!(!fm.fields.contains_key("tags"));
        assert_eq!(body, "# Body\n");
    }

    #[test]
    fn toml_front_matter() {
        let (fm, body) =
            split("+++\ntitle = \"T\"\ndate = 2026-06-13T10:00:00Z\nslug = \"s\"\n+++\nText")
                .unwrap();
        assert_eq!(fm.fields["title"], "T");
        assert_eq!(fm.fields["date"], "2026-06-13T10:00:00Z");
        assert_eq!(fm.fields["slug"], "s");
        assert_eq!(body, "Text");
    }

    #[test]
    fn the_narrate_table() {
        let (fm, _) = split(
            "---\nnarrate:\n  skip: true\n  intro: \"Hi.\"\n  lexicon:\n    Lindqvist: lind kvist\n---\nx",
        )
        .unwrap();
        assert!(fm.narrate.skip);
        assert_eq!(fm.narrate.intro.as_deref(), Some("Hi."));
        assert_eq!(fm.narrate.voice, None);
        assert_eq!(fm.narrate.lexicon["Lindqvist"], "lind kvist");
        let (fm, _) = split(
            "+++\n[narrate]\noutro = \"Bye.\"\nvoice = \"kokoro-emma\"\n[narrate.lexicon]\nnginx = \"N jinx\"\n+++\nx",
        )
        .unwrap();
        assert_eq!(fm.narrate.outro.as_deref(), Some("Bye."));
        assert_eq!(fm.narrate.lexicon["nginx"], "N jinx");
        assert_eq!(fm.narrate.voice.as_deref(), Some("kokoro-emma"));
        assert!(!split("---\nnarrate:\n---\nx").unwrap().0.narrate.skip);
        let err = split("---\nnarrate:\n  skp: true\n---\nx").unwrap_err();
        assert!(
            err.0.contains("the `narrate` table") && err.0.contains("skp"),
            "{err}"
        );
    }

    #[test]
    fn no_front_matter() {
        let (fm, body) = split("# Title\n\n---\n\nmore").unwrap();
        assert_eq!(fm, FrontMatter::default());
        assert_eq!(body, "# Title\n\n---\n\nmore");
    }

    #[test]
    fn unclosed_fence_is_an_error() {
        let err = split("---\ntitle: x\n\nbody").unwrap_err();
        assert!(err.0.contains("no closing `---`"), "{err}");
    }

    #[test]
    fn malformed_yaml_is_an_error() {
        let err = split("---\ntitle: [unclosed\n---\nbody").unwrap_err();
        assert!(err.0.starts_with("invalid YAML"), "{err}");
    }

    #[test]
    fn wrong_type_for_known_key() {
        assert!(split("---\ntitle: [a, b]\n---\n")
            .unwrap_err()
            .0
            .contains("`title` must be a single value"));
        assert!(split("---\ndraft: maybe\n---\n")
            .unwrap_err()
            .0
            .contains("`draft` must be true or false"));
    }
}
