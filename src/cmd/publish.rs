//! `narrate publish DIR...`: the shards of `build --shard K/N` gathered
//! into the output folder, then the feed write-back, the podcast feed and
//! the manifest, written once as a full build writes them. The work and its
//! order are `pipeline::gather::publish_shards`'s; this prints what it did.

use narrate::config::Config;
use narrate::pipeline::target::Target;
use narrate::pipeline::{gather, plan};

use super::{collect_posts, summary, Exit};
use crate::cli::PublishArgs;

pub fn run(args: &PublishArgs, config: &Config, verbose: bool) -> anyhow::Result<Exit> {
    let mut failed = 0;
    let posts = collect_posts(&[], &[], config, &mut failed)?;
    let target = Target::for_build(&super::build::overrides(&args.target), config, &posts)?;
    let selection = plan::select(posts);
    for (label, why) in &selection.left_out {
        eprintln!("{label}: {why}");
    }
    let published = gather::publish_shards(
        &args.dirs,
        &target,
        &selection,
        !args.no_wait,
        &super::say_waiting,
    )?;
    if published.stale_removed > 0 {
        eprintln!(
            "removed {} temp file(s) left by an interrupted run",
            published.stale_removed
        );
    }
    let gathered = &published.gathered;
    for slug in &gathered.stale {
        eprintln!(
            "warning: {slug}: a shard built it, but it is no longer among `posts`; not published"
        );
    }
    if verbose {
        for f in &gathered.copied {
            eprintln!("{}: copied", f.display());
        }
        for f in &gathered.unchanged {
            eprintln!("{}: already there", f.display());
        }
    }
    eprintln!(
        "{}: {} file(s) copied from {} shard folder(s), {} already there",
        target.out_dir.display(),
        gathered.copied.len(),
        args.dirs.len(),
        gathered.unchanged.len()
    );
    failed += summary::print(&gathered.reports, &[], args.json, &target.out_dir)?;
    summary::print_delivered(&published.delivered, &target, true);
    Ok(Exit::of_failures(failed + published.delivered.failures()))
}
