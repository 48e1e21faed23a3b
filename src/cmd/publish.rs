//! `narrate publish DIR...`: the shards of `build --shard K/N` gathered
//! into the output folder (every file checked first; `pipeline::gather`),
//! then the feed write-back, the podcast feed and the manifest, written
//! once as a full build writes them.

use narrate::config::Config;
use narrate::pipeline::target::Target;
use narrate::pipeline::{finish, gather, plan, session};

use super::{collect_posts, summary, Outcome};
use crate::cli::PublishArgs;

pub fn run(args: &PublishArgs, config: &Config) -> anyhow::Result<Outcome> {
    let mut failed = 0;
    let posts = collect_posts(&[], &[], config, &mut failed)?;
    let target = Target::for_build(&super::build::overrides(&args.target), config, &posts)?;
    let selection = plan::select(posts);
    for (label, why) in &selection.left_out {
        eprintln!("{label}: {why}");
    }
    let (lock, _) =
        narrate::lock::acquire(&target.lock_dirs(), !args.no_wait, &super::say_waiting)?;
    for dir in &lock.dirs {
        narrate::atomic::remove_stale(dir, std::time::Duration::ZERO);
    }
    // A feed that cannot take enclosures fails before anything is copied.
    if let Some(feed) = &target.feed {
        session::read_feed(feed, target.config.max_input_bytes())?;
    }
    let gathered = gather::gather(&args.dirs, &selection.posts, &target.out_dir)?;
    for slug in &gathered.stale {
        eprintln!(
            "warning: {slug}: a shard built it, but it is no longer among `posts`; not published"
        );
    }
    eprintln!(
        "{}: {} file(s) copied from {} shard folder(s), {} already there",
        target.out_dir.display(),
        gathered.copied,
        args.dirs.len(),
        gathered.unchanged
    );
    failed += summary::print(&gathered.reports, args.json, &target.out_dir)?;
    let finished = finish::finish(
        &target,
        &selection.posts,
        &gathered.reports,
        &selection.withdrawn,
    );
    summary::print_finished(&finished, &target, true);
    Ok(Outcome::of_failures(failed + finished.failures()))
}
