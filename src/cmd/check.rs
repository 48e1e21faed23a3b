//! `narrate check`: the feed's enclosures against the files (a CI gate).
//! The checks and the verdict are `publish::check`'s; this prints them.

use narrate::config::Config;
use narrate::pipeline::target::Target;
use narrate::publish::check;

use super::Exit;
use crate::cli::CheckArgs;

pub fn run(args: &CheckArgs, config: &Config, verbose: bool) -> anyhow::Result<Exit> {
    let target = Target::for_check(&super::build::overrides(&args.target), config)?;
    let feed = target.feed.clone().expect("check's target has a feed");
    let out = &target.out_dir;
    let report = check::check_feed(
        &feed,
        out,
        &target.config.episode.audio_url,
        &args.only,
        config.max_input_bytes(),
    )?;
    let f = feed.display();
    for (item, h) in &report.heard {
        println!(
            "{f}: {item}: {:.1} s, {:.2} LUFS, true peak {:.2} dBTP",
            h.seconds, h.lufs, h.true_peak_db
        );
    }
    if verbose {
        for (item, file) in &report.passed {
            println!("{f}: {item}: {} agrees with the feed", file.display());
        }
    }
    for p in &report.problems {
        println!("{f}: {}: {}", p.item, p.message);
    }
    let strict = if args.strict { "error" } else { "not checked" };
    for p in &report.not_checked {
        println!("{f}: {}: {strict}: {}", p.item, p.message);
    }
    println!(
        "{f}: {} enclosure(s) in {} checked, {} not checked, {} problem(s)",
        report.checked,
        out.display(),
        report.not_checked.len(),
        report.problems.len()
    );
    if report.checked_nothing() {
        println!(
            "{f}: none of the {} enclosure(s) could be checked: is `audio-url` right, and is {} the output folder?",
            report.enclosures,
            out.display()
        );
    }
    Ok(Exit::of_failures(usize::from(report.fails(args.strict))))
}
