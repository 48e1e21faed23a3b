//! The files of one episode in the output folder, named from the post's
//! slug in this one place: `SLUG.mp3`, `SLUG.vtt`, `SLUG.chapters.json`.
//! The build writes them, shards are gathered and checked by them, the
//! manifest keeps an entry while its MP3 exists, withdrawals remove them,
//! and an empty `audio-url` gives the MP3's name as its relative URL.

use std::path::{Path, PathBuf};

/// The MP3's file name.
pub fn mp3_name(slug: &str) -> String {
    format!("{slug}.mp3")
}

/// The three files of an episode.
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeFiles {
    pub mp3: PathBuf,
    pub vtt: PathBuf,
    pub chapters: PathBuf,
}

impl EpisodeFiles {
    pub fn new(out_dir: &Path, slug: &str) -> EpisodeFiles {
        // Slugs are [a-z0-9-] (post::slugify), so these stay in out_dir.
        debug_assert!(slug.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        EpisodeFiles {
            mp3: out_dir.join(mp3_name(slug)),
            vtt: out_dir.join(format!("{slug}.vtt")),
            chapters: out_dir.join(format!("{slug}.chapters.json")),
        }
    }

    pub fn all_exist(&self) -> bool {
        self.mp3.is_file() && self.vtt.is_file() && self.chapters.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_come_from_the_slug() {
        let f = EpisodeFiles::new(Path::new("out"), "tea-time");
        assert_eq!(f.mp3, Path::new("out/tea-time.mp3"));
        assert_eq!(f.vtt, Path::new("out/tea-time.vtt"));
        assert_eq!(f.chapters, Path::new("out/tea-time.chapters.json"));
        assert_eq!(mp3_name("tea-time"), "tea-time.mp3");
    }
}
