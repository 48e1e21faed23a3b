//! `narrate check`: the feed's enclosures against the files (a CI gate).

use narrate::config::Config;
use narrate::publish::check;
use narrate::Error;

use super::Outcome;
use crate::cli::CheckArgs;

pub fn run(args: &CheckArgs, config: &Config) -> anyhow::Result<Outcome> {
    let feed = args
        .target
        .feed
        .clone()
        .or_else(|| (!config.feed.as_os_str().is_empty()).then(|| config.feed.clone()))
        .ok_or_else(|| {
            Error::Usage("no feed to check: pass --feed FILE or set `feed` in the config".into())
        })?;
    let out = args
        .target
        .out
        .clone()
        .unwrap_or_else(|| config.out_dir.clone());
    let template = args
        .target
        .audio_url
        .as_deref()
        .unwrap_or(&config.episode.audio_url);
    let text = narrate::ingest::read_text(&feed)?;
    let report = check::check(&text, &out, template).map_err(|message| Error::Feed {
        path: feed.clone(),
        message,
    })?;
    for (item, h) in &report.heard {
        println!(
            "{}: {item}: {:.1} s, {:.2} LUFS, true peak {:.2} dBTP",
            feed.display(),
            h.seconds,
            h.lufs,
            h.true_peak_db
        );
    }
    for p in &report.problems {
        println!("{}: {}: {}", feed.display(), p.item, p.message);
    }
    println!(
        "{}: {} enclosure(s) in {} checked, {} problem(s)",
        feed.display(),
        report.checked,
        out.display(),
        report.problems.len()
    );
    Ok(if report.problems.is_empty() {
        Outcome::Ok
    } else {
        Outcome::SomeFailed
    })
}
