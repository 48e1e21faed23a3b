//! The voices of a run: the config's `voice`, and any other preset a post's
//! `narrate.voice` names. All are resolved before any work, so a missing
//! voice fails the run at once rather than after an hour of synthesis;
//! each is opened once (its model loads on its first cache miss) with its
//! own normalizer, since a preset's `[lexicon]` is part of what it says.

use std::path::Path;

use crate::config::Config;
use crate::error::Result;
use crate::post::Post;
use crate::script::normalize::Normalizer;
use crate::voice::runtime::Layout;
use crate::voice::{preset, Synthesizer};

/// One opened voice.
pub struct Opened {
    /// The preset's name.
    pub name: String,
    pub voice: Box<dyn Synthesizer>,
    /// The shipped lexicon, the preset's, then the project's.
    pub norm: Normalizer,
}

/// Every voice the posts of a run need, in the order they are first needed.
pub struct Voices {
    opened: Vec<Opened>,
}

/// The preset names `posts` are spoken with (the config's when a post names
/// none), each once, in order of first use; the config's voice when there
/// are no posts, so a run still checks it.
pub fn needed<'a>(posts: &'a [Post], config: &'a Config) -> Vec<&'a str> {
    let mut names: Vec<&str> = Vec::new();
    for p in posts {
        let name = p.voice(&config.voice);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if names.is_empty() {
        names.push(&config.voice);
    }
    names
}

impl Voices {
    /// Resolves every name in `names` (an error names the preset and what
    /// to run), then opens each with the config's `speed`.
    pub fn open(config: &Config, names: &[&str], layout: Layout, runtime: &Path) -> Result<Voices> {
        let specs = names
            .iter()
            .map(|n| preset::resolve(&config.voices_dir, n))
            .collect::<Result<Vec<_>>>()?;
        let opened = specs
            .into_iter()
            .map(|spec| {
                let norm = super::normalizer(config, spec.lexicon());
                let name = spec.name().to_string();
                let voice = crate::voice::load(spec.faster(config.speed), layout, runtime)?;
                Ok(Opened { name, voice, norm })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Voices { opened })
    }

    /// The voice named `name`; it must be one [`Voices::open`] was given.
    pub fn get(&self, name: &str) -> &Opened {
        self.opened
            .iter()
            .find(|o| o.name == name)
            .expect("every voice a post names is opened first")
    }

    /// The voices in the order they were opened.
    pub fn iter(&self) -> impl Iterator<Item = &Opened> {
        self.opened.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(slug: &str, voice: Option<&str>) -> Post {
        let mut p = Post::named(slug);
        p.meta.narrate.voice = voice.map(String::from);
        p
    }

    #[test]
    fn each_voice_once_in_order_of_first_use() {
        let config = Config::default();
        let posts = [
            post("a", Some("kokoro-emma")),
            post("b", None),
            post("c", Some("kokoro-emma")),
            post("d", Some("joe")),
        ];
        assert_eq!(needed(&posts, &config), ["kokoro-emma", "joe"]);
        assert_eq!(needed(&[], &config), ["joe"]);
    }
}
