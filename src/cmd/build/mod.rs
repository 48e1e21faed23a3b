//! `narrate build` (and bare `narrate`): posts → episodes → feed. The
//! decisions are the library's (`pipeline::{target, plan, session,
//! finish}`); this parses, calls and prints. With `--shard K/N` it builds
//! its share of the posts and writes a shard record instead of the feed.

use narrate::cache::Cache;
use narrate::config::Config;
use narrate::pipeline::plan::{self, Rules};
use narrate::pipeline::session::{self, Session, Work};
use narrate::pipeline::shard::{self, Shard};
use narrate::pipeline::target::{Overrides, Target};
use narrate::pipeline::{deliver, PostReport, Status};

use super::progress::Ui;
use super::{collect_posts, summary, Exit};
use crate::cli::{BuildArgs, TargetArgs};

pub fn run(args: &BuildArgs, config: &Config, verbose: bool) -> anyhow::Result<Exit> {
    let mut failed = 0;
    let posts = collect_posts(&args.posts.inputs, &args.posts.only, config, &mut failed)?;
    let target = Target::for_build(&overrides(&args.target), config, &posts)?;
    let config = &target.config;
    let ui = Ui::new(verbose);
    let mut selection = plan::select(posts);
    if let Some(shard) = args.shard {
        selection.keep_shard(shard);
        // Episodes the site already has are this shard's starting point.
        shard::seed(&selection.posts, &config.out_dir, &target.out_dir)?;
    }
    for (label, why) in &selection.left_out {
        ui.line(&format!("{label}: {why}"));
    }
    let jobs = super::jobs(args.jobs, config);
    let session = open_session(&target, &selection.posts, jobs, !args.no_wait)?;
    if session.claim.stale_removed > 0 {
        ui.line(&format!(
            "removed {} temp file(s) left by an interrupted run",
            session.claim.stale_removed
        ));
    }
    let rules = Rules {
        missing: args.missing,
        replace_existing: args.replace_existing || config.episode.replace_existing,
    };
    let decisions = plan::decide(
        &selection.posts,
        session.claim.feed.as_ref(),
        rules,
        &target.out_dir,
        &config.episode.audio_url,
    );
    for d in &decisions {
        if let Some(Status::Failed(e)) = d {
            ui.line(&format!("error: {e}"));
        }
    }
    let cache = (!args.no_cache).then(|| Cache::new(&config.cache_dir));
    let work = Work {
        cache: cache.as_ref(),
        jobs,
        force: args.force,
    };
    let reports = session.build(&target, &selection.posts, decisions, &work, &ui)?;
    let proofs = if args.proof || config.proof {
        narrate::pipeline::proof::built(&session, &target, &selection.posts, &reports, &work, &ui)?
    } else {
        Vec::new()
    };
    drop(ui);
    failed += summary::print(&reports, &proofs, args.json, &target.out_dir)?;
    if let Some(shard) = args.shard {
        record_shard(shard, &reports, &target)?;
        return Ok(Exit::of_failures(failed));
    }
    let delivered = deliver::deliver(&target, &selection.posts, &reports, &selection.withdrawn);
    // Naming every other item is noise when one post was asked for.
    let whole_site = args.posts.inputs.is_empty() && args.posts.only.is_empty();
    summary::print_delivered(&delivered, &target, whole_site);
    Ok(Exit::of_failures(failed + delivered.failures()))
}

/// The voices the posts need, the lock, and the feed read under it.
fn open_session(
    target: &Target,
    posts: &[narrate::post::Post],
    jobs: usize,
    wait: bool,
) -> anyhow::Result<Session> {
    let options = session::Options {
        layout: super::layout(jobs, target.config.device),
        wait,
    };
    Ok(Session::open(target, posts, options, &super::say_waiting)?)
}

/// A shard writes its record where a feed build would write the feed.
fn record_shard(shard: Shard, reports: &[PostReport], target: &Target) -> anyhow::Result<()> {
    let path = shard::write_record(shard, reports, &target.out_dir)?;
    eprintln!(
        "{}: shard {shard}, {} post(s); the feed, podcast feed and manifest are written by `narrate publish` with every shard's folder",
        path.display(),
        reports.len()
    );
    Ok(())
}

/// The command line's say over the config's feed, folder and URL.
pub fn overrides(t: &TargetArgs) -> Overrides {
    Overrides {
        feed: t.feed.clone(),
        out_dir: t.out.clone(),
        audio_url: t.audio_url.clone(),
    }
}
