//! What a build prints: the summary of its posts (a table, or JSON for
//! CI) and what the steps after the episodes did.

use std::path::Path;

use narrate::pipeline::deliver::Delivered;
use narrate::pipeline::proof::Proofread;
use narrate::pipeline::target::Target;
use narrate::pipeline::{KeptBecause, PostReport, Status};

use super::{clock, size};

/// Prints the summary; the number of posts that failed. `proofs` (from
/// `--proof`) is empty, or one per report.
pub fn print(
    reports: &[PostReport],
    proofs: &[Option<Proofread>],
    json: bool,
    out_dir: &Path,
) -> anyhow::Result<usize> {
    if json {
        print_json(reports, proofs)?;
    } else {
        print_table(reports, proofs);
        for p in proofs.iter().flatten() {
            print_flags(p);
        }
    }
    let elsewhere = reports
        .iter()
        .filter(|b| b.status == Status::Kept(KeptBecause::MadeElsewhere))
        .count();
    if elsewhere > 0 {
        // Also what a user sees after deleting the output folder: the
        // feed's enclosures point at files narrate can no longer vouch for.
        eprintln!(
            "note: {elsewhere} post(s) kept: their feed enclosure is not an episode of narrate's in {} (another tool made it, or its file is gone); `narrate build --replace-existing` narrates them",
            out_dir.display()
        );
    }
    Ok(reports
        .iter()
        .filter(|b| matches!(b.status, Status::Failed(_)))
        .count())
}

/// The feed write-back, withdrawals, manifest and podcast feed, on stderr.
/// `whole_site`: every post was built, so items without one are worth naming.
pub fn print_delivered(f: &Delivered, target: &Target, whole_site: bool) {
    if let Some((path, result)) = &f.feed {
        let p = path.display();
        match result {
            Ok(w) => {
                if !w.withdrawn_items.is_empty() {
                    eprintln!(
                        "{p}: enclosures withdrawn for {}",
                        w.withdrawn_items.join(", ")
                    );
                }
                for post in &w.posts_without_item {
                    eprintln!("warning: {post}: no <item> in {p} matches this post (by guid, link or slug); its enclosure was not written");
                }
                if whole_site {
                    for i in &w.items_without_post {
                        eprintln!("warning: {p}: item \"{i}\" has no post among `posts`");
                    }
                }
                eprintln!("{p}: {}", written(w.changed, "enclosures written"));
            }
            Err(e) => eprintln!("error: {e}"),
        }
    }
    let out = target.out_dir.display();
    match &f.removed {
        Ok(slugs) => {
            for slug in slugs {
                eprintln!("{slug}: episode withdrawn (narrate.skip): its files removed from {out}");
            }
        }
        Err(e) => eprintln!("error: {e}"),
    }
    match &f.catalog {
        Ok(p) => {
            for w in &p.warnings {
                eprintln!("warning: {w}");
            }
            if p.episodes > 0 {
                eprintln!(
                    "{}: {} episode(s), {}",
                    narrate::publish::manifest::path(&target.out_dir).display(),
                    p.episodes,
                    written(p.manifest_changed, "written")
                );
            }
            if let Some(changed) = p.podcast_changed {
                eprintln!(
                    "{}: podcast feed {}",
                    target.config.podcast_feed.display(),
                    written(changed, "written")
                );
            }
        }
        Err(e) => eprintln!("error: {e}"),
    }
}

fn written(changed: bool, what: &'static str) -> &'static str {
    if changed {
        what
    } else {
        "unchanged"
    }
}

/// The status column: `kept` says why.
fn status_text(s: &Status) -> String {
    match s {
        Status::Kept(why) => format!("kept ({why})"),
        s => s.as_str().to_string(),
    }
}

/// `heard 98.4%`: the share of a proofread post's words heard as written.
pub fn heard_share(p: &Proofread) -> String {
    format!(
        "{:.1}%",
        100.0 * p.words_heard as f64 / p.words.max(1) as f64
    )
}

/// The flagged segments of a proofread post, one per line, the words marked.
pub fn print_flags(p: &Proofread) {
    for h in p.segments.iter().filter(|h| h.flagged) {
        let words: Vec<String> = h
            .differences
            .iter()
            .map(|d| format!("\"{}\" heard as \"{}\"", d.said, d.heard))
            .collect();
        println!(
            "{} #{}: said \"{}\" — heard \"{}\"\n    {}",
            p.slug,
            h.segment,
            h.said,
            h.heard,
            words.join("; ")
        );
    }
}

fn print_table(reports: &[PostReport], proofs: &[Option<Proofread>]) {
    let proofed = !proofs.is_empty();
    if reports.is_empty() {
        println!("no posts to build");
        return;
    }
    let w = reports
        .iter()
        .map(|b| b.slug.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let sw = reports
        .iter()
        .map(|b| status_text(&b.status).len())
        .max()
        .unwrap_or(6)
        .max(10);
    let heard_header = if proofed { "    heard" } else { "" };
    println!(
        "{:<w$}  {:<sw$}  {:>8}  {:>8}  {:>6}  {:>7}{heard_header}",
        "post", "status", "duration", "size", "cached", "time"
    );
    for (i, b) in reports.iter().enumerate() {
        let cached = (b.cached * 100)
            .checked_div(b.segments)
            .map_or("-".to_string(), |p| format!("{p}%"));
        let ep = b.episode.as_ref();
        let heard = match (proofed, proofs.get(i).and_then(Option::as_ref)) {
            (false, _) => String::new(),
            (true, Some(p)) => format!("  {:>7}", heard_share(p)),
            (true, None) => format!("  {:>7}", "-"),
        };
        println!(
            "{:<w$}  {:<sw$}  {:>8}  {:>8}  {:>6}  {:>6.1}s{heard}",
            b.slug,
            status_text(&b.status),
            ep.map_or("-".into(), |e| clock(e.duration)),
            ep.map_or("-".into(), |e| size(e.bytes)),
            cached,
            b.seconds
        );
    }
}

/// `--json`: the summary as one JSON array on stdout, for CI.
fn print_json(reports: &[PostReport], proofs: &[Option<Proofread>]) -> anyhow::Result<()> {
    let rows: Vec<serde_json::Value> = reports
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let (status, detail) = match &b.status {
                Status::Kept(why) => ("kept", Some(why.to_string())),
                Status::Failed(e) => ("failed", Some(e.clone())),
                s => (s.as_str(), None),
            };
            let ep = b.episode.as_ref();
            serde_json::json!({
                "slug": b.slug,
                "post": b.label,
                "status": status,
                "detail": detail,
                "duration_seconds": ep.map(|e| e.duration.seconds()),
                "duration": ep.map(|e| clock(e.duration)),
                "bytes": ep.map(|e| e.bytes),
                "segments": b.segments,
                "cached_segments": b.cached,
                "seconds": (b.seconds * 1000.0).round() / 1000.0,
                "heard": proofs.get(i).and_then(Option::as_ref).map(|p| serde_json::json!({
                    "words_heard": p.words_heard,
                    "words": p.words,
                    "share": p.words_heard as f64 / p.words.max(1) as f64,
                    "flagged": p.segments.iter().filter(|h| h.flagged).collect::<Vec<_>>(),
                })),
            })
        })
        .collect();
    println!("{}", serde_json::to_string_pretty(&rows)?);
    Ok(())
}
