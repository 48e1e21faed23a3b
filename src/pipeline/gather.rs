//! `narrate publish DIR...`: the episodes of every shard gathered into the
//! output folder. Everything is checked before anything is written: each
//! folder's shard record, that the records are shards 1 to N of one split,
//! that every post of the site is in one, and every episode file against
//! the length and sha256 its shard recorded (and the MP3's fingerprint
//! tag). Then the files are copied (those already there, byte for byte,
//! are left alone), and the reports come back in the posts' order for
//! [`super::deliver`], exactly as a full build hands them over; [`publish`]
//! runs the whole command under the site's claim.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::shard::{self, Record, RecordedPost, Shard};
use super::{Episode, EpisodeFiles, PostReport};
use crate::error::{Error, Result};
use crate::post::Post;

/// What gathering did.
#[derive(Debug)]
pub struct Gathered {
    /// One per post, in the posts' order.
    pub reports: Vec<PostReport>,
    /// Files written into the output folder, and files already there
    /// byte for byte.
    pub copied: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
    /// Posts a shard built that are no longer among the site's posts.
    pub stale: Vec<String>,
}

/// What `narrate publish` did: the shards gathered, then the episodes
/// delivered (feed, withdrawals, catalogue) as a full build delivers them.
#[derive(Debug)]
pub struct ShardsPublished {
    pub gathered: Gathered,
    pub delivered: super::deliver::Delivered,
    /// Temp files of interrupted runs removed when the site was claimed.
    pub stale_removed: usize,
}

/// `narrate publish DIR...`: claims the site as a build does (the lock,
/// stale temp files, the feed read first, so a feed that cannot take
/// enclosures fails before anything is copied), gathers the shards'
/// episodes for `selection`, and delivers them.
pub fn publish_shards(
    dirs: &[PathBuf],
    target: &super::target::Target,
    selection: &super::plan::Selection,
    wait: bool,
    on_wait: &dyn Fn(&Path),
) -> Result<ShardsPublished> {
    let claim = super::session::Claim::take(target, wait, on_wait)?;
    let gathered = gather(dirs, &selection.posts, &target.out_dir)?;
    let delivered = super::deliver::deliver(
        target,
        &selection.posts,
        &gathered.reports,
        &selection.withdrawn,
    );
    Ok(ShardsPublished {
        gathered,
        delivered,
        stale_removed: claim.stale_removed,
    })
}

/// A shard's record and the folder it was found in.
struct Found {
    dir: PathBuf,
    shard: Shard,
    record: Record,
}

fn shard_error(dir: &Path, message: String) -> Error {
    Error::Shard {
        path: dir.to_path_buf(),
        message,
    }
}

/// The shard records in `dir` (usually one).
fn records_in(dir: &Path) -> Result<Vec<Found>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut found = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(k_of_n) = name
            .strip_prefix("narrate-shard-")
            .and_then(|r| r.strip_suffix(".json"))
        else {
            continue;
        };
        let path = e.path();
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let record: Record = serde_json::from_str(&text).map_err(|e| {
            shard_error(
                &path,
                format!("not a shard record narrate can read ({e}); rebuild the shard"),
            )
        })?;
        let shard = Shard {
            index: record.shard,
            count: record.of,
        };
        if record.format != shard::FORMAT || k_of_n.replace("-of-", "/") != shard.to_string() {
            return Err(shard_error(
                &path,
                format!("a record of format {} for shard {shard}, under this name; rebuild the shard with this narrate", record.format),
            ));
        }
        found.push(Found {
            dir: dir.to_path_buf(),
            shard,
            record,
        });
    }
    if found.is_empty() {
        return Err(shard_error(
            dir,
            "no shard record (narrate-shard-K-of-N.json) here: give the output folders of `narrate build --shard K/N`".into(),
        ));
    }
    Ok(found)
}

/// Shards 1 to N of one split, each once.
fn check_complete(found: &[Found]) -> Result<u32> {
    let count = found[0].shard.count;
    let mut seen: BTreeMap<u32, &Path> = BTreeMap::new();
    for f in found {
        if f.shard.count != count {
            return Err(shard_error(
                &f.dir,
                format!(
                    "shard {} belongs to a split into {}, but {} is shard {} of {count}; build every shard with the same N",
                    f.shard, f.shard.count, found[0].dir.display(), found[0].shard
                ),
            ));
        }
        if let Some(other) = seen.insert(f.shard.index, &f.dir) {
            return Err(shard_error(
                &f.dir,
                format!(
                    "shard {} is also in {}; give each shard's folder once",
                    f.shard,
                    other.display()
                ),
            ));
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|k| !seen.contains_key(k))
        .map(|k| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Usage(format!(
            "shard {} missing: publish needs the folders of all {count} shards (nothing was published)",
            missing.join(", ")
        )));
    }
    Ok(count)
}

/// A recorded post belongs to its record's shard, and its files are the
/// episode's three, by name: a record edited by hand or put in the wrong
/// folder cannot name other files (or files outside the folder).
fn check_recorded(f: &Found, post: &RecordedPost) -> Result<()> {
    let path = f.dir.join(f.shard.record_name());
    if crate::post::slugify(&post.slug) != post.slug || !f.shard.has(&post.slug) {
        return Err(shard_error(
            &path,
            format!(
                "lists `{}`, which is not a post of shard {}; rebuild that shard (nothing was published)",
                post.slug, f.shard
            ),
        ));
    }
    if let Some(e) = &post.episode {
        let out = EpisodeFiles::new(Path::new(""), &post.slug);
        let expected: Vec<String> = [out.mp3, out.vtt, out.chapters]
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let names: Vec<String> = e.files.iter().map(|f| f.name.clone()).collect();
        if names != expected {
            return Err(shard_error(
                &path,
                format!(
                    "the files of `{}` are {names:?}, not its episode's {expected:?}; rebuild that shard (nothing was published)",
                    post.slug
                ),
            ));
        }
    }
    Ok(())
}

/// Every file of a recorded episode is there, whole, as the shard wrote it.
fn verify(f: &Found, post: &RecordedPost) -> Result<()> {
    let Some(e) = &post.episode else {
        return Ok(());
    };
    let fail = |path: &Path, what: String| {
        shard_error(
            path,
            format!(
                "{what} (shard {}, post {}); rebuild that shard, nothing was published",
                f.shard, post.slug
            ),
        )
    };
    for file in &e.files {
        let path = f.dir.join(&file.name);
        let (bytes, sha256) =
            shard::sum(&path).map_err(|_| fail(&path, "missing or unreadable".into()))?;
        if bytes != file.bytes {
            return Err(fail(
                &path,
                format!("{bytes} bytes, the shard recorded {}", file.bytes),
            ));
        }
        if sha256 != file.sha256 {
            return Err(fail(
                &path,
                "its content is not what the shard recorded".into(),
            ));
        }
    }
    let mp3 = EpisodeFiles::new(&f.dir, &post.slug).mp3;
    match crate::audio::tags::read_fingerprint(&mp3) {
        Some((fp, _)) if fp == e.fingerprint => Ok(()),
        _ => Err(fail(
            &mp3,
            "its fingerprint tag is not the recorded one".into(),
        )),
    }
}

/// Checks the shard folders `dirs` against `posts` (the site's posts as a
/// full build selects them), then copies their episodes into `out_dir`.
pub fn gather(dirs: &[PathBuf], posts: &[Post], out_dir: &Path) -> Result<Gathered> {
    let mut found = Vec::new();
    for d in dirs {
        found.extend(records_in(d)?);
    }
    let count = check_complete(&found)?;
    // By slug, in record order: two posts sharing a slug (both failed, as
    // in a full build) are in one shard's record, one after the other.
    let mut by_slug: BTreeMap<&str, std::collections::VecDeque<(&Found, &RecordedPost)>> =
        BTreeMap::new();
    for f in &found {
        for p in &f.record.posts {
            check_recorded(f, p)?;
            by_slug
                .entry(p.slug.as_str())
                .or_default()
                .push_back((f, p));
        }
    }
    let mut reports = Vec::with_capacity(posts.len());
    for post in posts {
        let slug = post.meta.slug.as_str();
        let Some((f, recorded)) = by_slug.get_mut(slug).and_then(|q| q.pop_front()) else {
            return Err(Error::Usage(format!(
                "{}: in no shard's record (by its slug it is shard {}): was it added after the shards were built? Build shard {} again (nothing was published)",
                post.label(),
                Shard::of(slug, count),
                Shard::of(slug, count)
            )));
        };
        // Only the episodes that will be published are checked: a post
        // dropped from `posts` since needs no file.
        verify(f, recorded)?;
        reports.push((post, f, recorded));
    }
    let stale = by_slug
        .iter()
        .filter(|(_, q)| !q.is_empty())
        .map(|(s, _)| s.to_string())
        .collect();
    let mut g = Gathered {
        reports: Vec::new(),
        copied: Vec::new(),
        unchanged: Vec::new(),
        stale,
    };
    for (post, f, recorded) in reports {
        let episode = match &recorded.episode {
            Some(e) => Some(copy_episode(f, &recorded.slug, e, out_dir, &mut g)?),
            None => None,
        };
        g.reports.push(PostReport {
            episode,
            status: recorded.status.clone(),
            ..PostReport::not_built(post, recorded.status.clone())
        });
    }
    Ok(g)
}

/// Copies one verified episode's files into `out_dir`, leaving identical
/// ones alone; the episode as the feed and manifest need it.
fn copy_episode(
    f: &Found,
    slug: &str,
    e: &shard::RecordedEpisode,
    out_dir: &Path,
    g: &mut Gathered,
) -> Result<Episode> {
    for file in &e.files {
        // Verified already: the shard's file is what its record says.
        let to = out_dir.join(&file.name);
        match crate::atomic::copy(&f.dir.join(&file.name), &to)? {
            true => g.copied.push(to),
            false => g.unchanged.push(to),
        }
    }
    let mp3 = EpisodeFiles::new(out_dir, slug).mp3;
    Ok(Episode {
        slug: slug.to_string(),
        title: e.title.clone(),
        guid: e.guid.clone(),
        link: e.link.clone(),
        bytes: e
            .files
            .iter()
            .find(|f| f.name.ends_with(".mp3"))
            .map_or(0, |f| f.bytes),
        mp3,
        duration: crate::units::Millis(e.duration_ms),
        chapters: e.chapters,
        fingerprint: e.fingerprint.clone(),
    })
}
