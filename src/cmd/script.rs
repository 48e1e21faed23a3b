//! `narrate script`: show exactly what would be spoken, post by post.

use narrate::config::Config;
use narrate::{ingest, script};

use super::{collect_posts, Exit};
use crate::cli::ScriptArgs;

pub fn run(args: &ScriptArgs, config: &Config) -> anyhow::Result<Exit> {
    let mut failed = 0;
    let posts = collect_posts(&args.posts.inputs, &args.posts.only, config, &mut failed)?;
    // One normalizer per voice the posts name: a preset's lexicon is part
    // of what it says.
    let mut norms = std::collections::BTreeMap::new();
    for name in narrate::pipeline::voices::needed(&posts, config) {
        let lexicon = narrate::pipeline::voice_lexicon(config, name)?;
        norms.insert(name, narrate::pipeline::normalizer(config, &lexicon));
    }
    let mut scripts = Vec::new();
    for post in &posts {
        // Drafts are shown (their author is writing them); skipped posts not.
        if let Some(why) = post.skipped_because().filter(|_| post.meta.narrate.skip) {
            eprintln!("{}: {why}", post.label());
            continue;
        }
        match ingest::parse_reporting(post, config, &mut |w| eprintln!("warning: {w}")) {
            Ok(doc) => {
                let norm = &norms[post.voice(&config.voice)];
                let s = script::build_with(&post.meta, &doc, &config.script, &config.pauses, norm);
                if !args.json {
                    print_script(&s, &post.label(), args.explain);
                }
                scripts.push(s);
            }
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&scripts)?);
    }
    Ok(Exit::of_failures(failed))
}

fn print_script(s: &script::Script, label: &str, explain: bool) {
    println!("# {} — {} ({label})", s.slug, s.title);
    for seg in &s.segments {
        println!(
            "{:<12} {:>5}ms  {}",
            seg.kind.as_str(),
            seg.pause_ms,
            seg.text
        );
        if explain {
            // Under the segment, each token a rule or the lexicon changed.
            for c in &seg.changes {
                println!("{:<21}{:<14} {:?} → {:?}", "", c.rule, c.from, c.to);
            }
        }
    }
    println!();
}
