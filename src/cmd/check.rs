//! `narrate check`: the feed's enclosures against the files (a CI gate).

use narrate::config::Config;
use narrate::pipeline::target::Target;
use narrate::publish::check;
use narrate::Error;

use super::Outcome;
use crate::cli::CheckArgs;

pub fn run(args: &CheckArgs, config: &Config) -> anyhow::Result<Outcome> {
    let target = Target::for_check(&super::build::overrides(&args.target), config)?;
    let feed = target.feed.clone().expect("check's target has a feed");
    let out = target.out_dir.clone();
    let template = &target.config.episode.audio_url;
    let text = narrate::ingest::read_text(&feed, config.max_input_bytes())?;
    let report = check::check(&text, &out, template, &args.only).map_err(|source| Error::Feed {
        path: feed.clone(),
        source,
    })?;
    let f = feed.display();
    for (item, h) in &report.heard {
        println!(
            "{f}: {item}: {:.1} s, {:.2} LUFS, true peak {:.2} dBTP",
            h.seconds, h.lufs, h.true_peak_db
        );
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
    if !args.only.is_empty() && report.enclosures == 0 {
        return Err(Error::Usage(format!(
            "--only {}: no item with that slug or guid has an enclosure in {f}",
            args.only.join(", ")
        ))
        .into());
    }
    // A gate that checked nothing must not pass: an audio-url that fits no
    // enclosure, or an empty output folder, would otherwise look green.
    let nothing = report.enclosures > 0 && report.checked == 0;
    if nothing {
        println!(
            "{f}: none of the {} enclosure(s) could be checked: is `audio-url` right, and is {} the output folder?",
            report.enclosures,
            out.display()
        );
    }
    let failed =
        !report.problems.is_empty() || nothing || (args.strict && !report.not_checked.is_empty());
    Ok(Outcome::of_failures(usize::from(failed)))
}
