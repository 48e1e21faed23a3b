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
    if !template.is_empty() && !template.contains("{slug}") {
        return Err(Error::Usage(format!(
            "audio-url `{template}` has no {{slug}}, so no enclosure can be matched to a file; give a template like https://example.com/audio/{{slug}}.mp3"
        ))
        .into());
    }
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
