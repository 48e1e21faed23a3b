//! `narrate review`: a page per post to read and hear the narration before
//! publishing (the work is `pipeline::review`).

use narrate::cache::Cache;
use narrate::config::Config;
use narrate::pipeline::review::Reviewer;

use super::{collect_posts, Exit};
use crate::cli::ReviewArgs;

pub fn run(args: &ReviewArgs, config: &Config) -> anyhow::Result<Exit> {
    let mut failed = 0;
    let posts = collect_posts(&args.posts.inputs, &args.posts.only, config, &mut failed)?;
    let out_dir = args.out.clone().unwrap_or_else(|| config.out_dir.clone());
    let jobs = super::jobs(args.jobs, config);
    let (voices, runtime) = super::open_voices(&posts, config, jobs)?;
    let listener = if args.proof || config.proof {
        Some(narrate::proof::Listener::open(
            &runtime,
            jobs,
            &config.script,
        )?)
    } else {
        None
    };
    let cache = Cache::new(&config.cache_dir);
    for post in &posts {
        if let Some(why) = post.skipped_because() {
            eprintln!("{}: {why}", post.label());
            continue;
        }
        let reviewer = Reviewer {
            speaker: super::speaker(post, &voices, config, &cache, jobs),
            listener: listener.as_ref(),
            out_dir: &out_dir,
            episodes_dir: &config.out_dir,
        };
        match reviewer.review(post, &mut |w| eprintln!("warning: {w}")) {
            Ok(r) => {
                let changed = match r.changed {
                    Some(n) => format!("{n} changed since the last episode"),
                    None => "no earlier episode".to_string(),
                };
                let flagged = r
                    .flagged
                    .map(|n| format!(", {n} flagged by ear"))
                    .unwrap_or_default();
                println!(
                    "{}: {} segments ({} from the cache), {changed}{flagged}",
                    r.page.display(),
                    r.segments,
                    r.cached
                );
            }
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    if !posts.is_empty() {
        // A site that publishes its output folder would publish these too.
        eprintln!(
            "note: review pages are for you, not your readers: keep {} out of what you deploy",
            out_dir.join("review").display()
        );
    }
    Ok(Exit::of_failures(failed))
}
