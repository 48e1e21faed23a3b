//! `narrate init`: write a commented pipeline.toml for the site here.

use std::path::Path;

use narrate::init;

use super::Exit;
use crate::cli::InitArgs;

pub fn run(args: &InitArgs) -> anyhow::Result<Exit> {
    let dir = args.dir.as_deref().unwrap_or(Path::new("."));
    let report = init::run(dir)?;
    let site = &report.site;
    println!("found: {}", site.generator.name());
    println!("wrote {}:", report.path.display());
    println!("  posts    {}", site.posts.join(", "));
    println!("  feed     {}", site.feed.as_deref().unwrap_or("(none)"));
    if let Some(podcast) = &site.podcast_feed {
        println!("  podcast  {podcast} (a podcast feed of narrate's own)");
    }
    println!("  out-dir  {}", site.out_dir);
    println!(
        "  audio    {}",
        site.url_of("mp3")
            .unwrap_or_else(|| "(no base URL found: set episode.audio-url)".into())
    );
    println!("check:");
    for n in &site.notes {
        println!("  - {n}");
    }
    println!("  - add .narrate-cache/ to .gitignore");
    println!("then: `narrate setup` once, `narrate script` to read what will be said, `narrate` to build");
    Ok(Exit::Ok)
}
