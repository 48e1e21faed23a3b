//! `narrate proof`: each post's narration heard by a speech recognizer, and
//! the segments where a word sounds different listed (the work is
//! `pipeline::proof`; this prints).

use narrate::cache::Cache;
use narrate::config::Config;
use narrate::pipeline::proof::Proofread;
use narrate::proof::Listener;

use super::progress::Ui;
use super::{collect_posts, Exit};
use crate::cli::ProofArgs;

pub fn run(args: &ProofArgs, config: &Config) -> anyhow::Result<Exit> {
    let mut failed = 0;
    let posts = collect_posts(&args.posts.inputs, &args.posts.only, config, &mut failed)?;
    let jobs = super::jobs(args.jobs, config);
    let (voices, runtime) = super::open_voices(&posts, config, jobs)?;
    let mut listener = Listener::open(&runtime, jobs, &config.script)?;
    let cache = Cache::new(&config.cache_dir);
    let ui = Ui::new(false);
    let mut done: Vec<Proofread> = Vec::new();
    for post in &posts {
        if let Some(why) = post.skipped_because() {
            eprintln!("{}: {why}", post.label());
            continue;
        }
        let reader = super::speaker(post, &voices, config, &cache, jobs);
        match reader.proofread(post, &mut listener, &ui, &mut |w| eprintln!("warning: {w}")) {
            Ok(p) => {
                if !args.json {
                    print_post(&p);
                }
                done.push(p);
            }
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    drop(ui);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&done)?);
    }
    let flagged: usize = done.iter().map(|p| p.flagged).sum();
    if args.strict && flagged > 0 {
        eprintln!("{flagged} segment(s) flagged (--strict)");
        failed += 1;
    }
    Ok(Exit::of_failures(failed))
}

fn print_post(p: &Proofread) {
    println!(
        "{}: heard {} of {} words ({}), {} segment(s) flagged; listened to {:.1} s of audio in {:.1} s",
        p.slug,
        p.words_heard,
        p.words,
        super::summary::heard_share(p),
        p.flagged,
        p.listened_seconds,
        p.listening_seconds
    );
    super::summary::print_flags(p);
}
