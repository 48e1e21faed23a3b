//! `narrate paths`: where this run reads and writes, resolved as a command
//! would resolve them, for a user wondering "which file?" and for scripts
//! (scripts/narrate-ci copies `out-dir`).

use std::path::Path;

use narrate::config::Config;
use narrate::install::home;
use narrate::Error;

use super::Exit;
use crate::cli::PathsArgs;

pub fn run(args: &PathsArgs, config: &Config) -> anyhow::Result<Exit> {
    let show = |p: &Path| p.display().to_string();
    let runtime = narrate::voice::runtime::find_for(config)
        .map(|(p, _)| show(&p))
        .unwrap_or_default();
    let rows: Vec<(&str, String)> = vec![
        (
            "config",
            config.file.as_deref().map(show).unwrap_or_default(),
        ),
        ("posts", config.posts.join(" ")),
        ("feed", show(&config.feed)),
        ("podcast-feed", show(&config.podcast_feed)),
        ("out-dir", show(&config.out_dir)),
        ("cache-dir", show(&config.cache_dir)),
        ("voices-dir", show(&config.voices_dir)),
        (
            "data-dir",
            home::data_dir().as_deref().map(show).unwrap_or_default(),
        ),
        ("onnxruntime", runtime),
    ];
    match &args.key {
        Some(key) => {
            let (_, value) = rows.iter().find(|(k, _)| k == key).ok_or_else(|| {
                Error::Usage(format!(
                    "`{key}` is not a path narrate knows; one of: {}",
                    rows.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
                ))
            })?;
            println!("{value}");
        }
        None => {
            for (k, v) in &rows {
                println!("{k:<12} {}", if v.is_empty() { "(none)" } else { v });
            }
        }
    }
    Ok(Exit::Ok)
}
