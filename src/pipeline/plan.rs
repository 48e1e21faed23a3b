//! Which posts a build narrates, decided before any synthesis: drafts and
//! `narrate.skip` posts are left out (a skipped post's earlier episode is
//! withdrawn), posts whose feed item already has an episode are kept, and
//! two posts with one slug both fail, since their episodes would overwrite
//! each other.

use std::collections::HashMap;
use std::path::Path;

use super::{KeptBecause, Status};
use crate::feed::Scan;
use crate::post::Post;
use crate::publish::existing::{self, Existing};

/// The posts of a run, sorted by what becomes of them before the feed is read.
#[derive(Debug, Default)]
pub struct Selection {
    /// Posts to narrate (or keep, once [`decide`] has seen the feed).
    pub posts: Vec<Post>,
    /// Posts whose author set `narrate.skip`: an earlier episode of theirs
    /// is withdrawn after the build. Drafts are only left alone.
    pub withdrawn: Vec<Post>,
    /// Every post left out, and why, for the user.
    pub left_out: Vec<(String, &'static str)>,
}

impl Selection {
    /// Only `shard`'s share of the posts. Drafts, skipped posts and
    /// withdrawals are `narrate publish`'s, which sees every shard.
    pub fn keep_shard(&mut self, shard: crate::pipeline::shard::Shard) {
        self.posts.retain(|p| shard.has(&p.meta.slug));
        self.withdrawn.clear();
        self.left_out.clear();
    }
}

/// Drafts and skipped posts out; the rest in their order.
pub fn select(posts: Vec<Post>) -> Selection {
    let mut s = Selection::default();
    for p in posts {
        match p.skipped_because() {
            Some(why) => {
                s.left_out.push((p.label(), why));
                if !p.meta.draft && p.meta.narrate.skip {
                    s.withdrawn.push(p);
                }
            }
            None => s.posts.push(p),
        }
    }
    s
}

/// What the feed already holds decides a post's fate only on request.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rules {
    /// `--missing`: narrate only posts whose item has no enclosure.
    pub missing: bool,
    /// `--replace-existing`: replace enclosures made elsewhere.
    pub replace_existing: bool,
}

/// The feed as the build read it under its lock.
pub struct FeedFile {
    pub path: std::path::PathBuf,
    pub text: String,
    pub scan: Scan,
}

/// For each post: `None` to build it, else the status it ends with unbuilt.
pub fn decide(
    posts: &[Post],
    feed: Option<&FeedFile>,
    rules: Rules,
    out_dir: &Path,
    audio_url: &str,
) -> Vec<Option<Status>> {
    let existing = match feed {
        Some(f) => {
            let ids: Vec<existing::PostId> = posts
                .iter()
                .map(|p| existing::PostId {
                    guid: p.meta.guid.as_deref(),
                    link: p.meta.link.as_deref(),
                    slug: &p.meta.slug,
                })
                .collect();
            existing::classify(&f.text, &f.scan, &ids, out_dir, audio_url)
        }
        None => vec![Existing::NoItem; posts.len()],
    };
    existing
        .iter()
        .zip(slug_collisions(posts))
        .map(|(e, collision)| match e {
            _ if collision.is_some() => collision.map(Status::Failed),
            Existing::Ours | Existing::Elsewhere(_) if rules.missing => {
                Some(Status::Kept(KeptBecause::HasAudio))
            }
            Existing::Elsewhere(_) if !rules.replace_existing => {
                Some(Status::Kept(KeptBecause::MadeElsewhere))
            }
            _ => None,
        })
        .collect()
}

/// For each post, an error if another post has its slug.
fn slug_collisions(posts: &[Post]) -> Vec<Option<String>> {
    let mut by_slug: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in posts.iter().enumerate() {
        by_slug.entry(p.meta.slug.as_str()).or_default().push(i);
    }
    posts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let others: Vec<String> = by_slug[p.meta.slug.as_str()]
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| posts[j].label())
                .collect();
            (!others.is_empty()).then(|| {
                format!(
                    "{}: has the slug `{}`, as {} does: their episodes would overwrite each other; give one of them another `slug` in its front matter",
                    p.label(),
                    p.meta.slug,
                    others.join(" and ")
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(slug: &str, draft: bool, skip: bool) -> Post {
        let mut p = Post::named(slug);
        p.meta.draft = draft;
        p.meta.narrate.skip = skip;
        p
    }

    #[test]
    fn drafts_are_left_alone_and_skipped_posts_withdrawn() {
        let s = select(vec![
            post("a", false, false),
            post("b", true, false),
            post("c", false, true),
            post("d", true, true),
        ]);
        let slugs = |v: &[Post]| v.iter().map(|p| p.meta.slug.clone()).collect::<Vec<_>>();
        assert_eq!(slugs(&s.posts), ["a"]);
        assert_eq!(slugs(&s.withdrawn), ["c"]);
        assert_eq!(
            s.left_out,
            [
                ("b.md".to_string(), "draft, skipped"),
                ("c.md".into(), "skipped (narrate.skip in its front matter)"),
                ("d.md".into(), "draft, skipped"),
            ]
        );
    }

    #[test]
    fn posts_sharing_a_slug_both_fail_and_the_rest_build() {
        let posts = [
            post("x", false, false),
            post("y", false, false),
            post("x", false, false),
        ];
        let d = decide(&posts, None, Rules::default(), Path::new("out"), "");
        assert_eq!(d[1], None);
        for (i, other) in [(0, "x.md"), (2, "x.md")] {
            let Some(Status::Failed(m)) = &d[i] else {
                panic!("{i}: {:?}", d[i])
            };
            assert!(m.contains("has the slug `x`, as x.md does"), "{m}");
            assert!(m.starts_with(other), "{m}");
        }
    }
}
