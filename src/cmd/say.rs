//! `narrate say`: one text, spoken into a WAV file.

use std::io::{IsTerminal, Read};

use narrate::cache::Cache;
use narrate::config::Config;
use narrate::post::Meta;
use narrate::voice::preset;
use narrate::{ingest, script};

use super::Exit;
use crate::cli::SayArgs;

pub fn run(args: &SayArgs, config: &Config, verbose: bool) -> anyhow::Result<Exit> {
    let text = match &args.text {
        Some(t) => t.clone(),
        None => {
            // On a terminal, say what the silence is waiting for.
            if std::io::stdin().is_terminal() {
                eprintln!("narrate say: type the text to speak, then Ctrl-D on a line of its own (or give it: narrate say \"Hello.\")");
            }
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            s
        }
    };
    let doc = ingest::markdown::parse(&text);
    let meta = Meta {
        title: Some(String::new()),
        slug: "say".into(),
        ..Meta::default()
    };
    let name = args.voice.as_deref().unwrap_or(&config.voice);
    let spec = preset::resolve(&config.voices_dir, name)?;
    let norm = narrate::pipeline::normalizer(config, spec.lexicon());
    let s = script::build_with(&meta, &doc, &config.script, &config.pauses, &norm);
    if s.segments.is_empty() {
        return Err(narrate::Error::Usage(
            "nothing to say: the text is empty once markup is removed".into(),
        )
        .into());
    }
    let jobs = super::jobs(args.jobs, config);
    let (runtime, device) = narrate::voice::runtime::find_for(config)?;
    let voice = narrate::voice::load(
        spec.faster(config.speed),
        super::layout(jobs, device),
        &runtime,
    )?;
    let cache = (!args.no_cache).then(|| Cache::new(&config.cache_dir));
    let said =
        narrate::pipeline::say::say(&s.segments, &*voice, cache.as_ref(), jobs, &args.output)?;
    if verbose && !said.missing_phonemes.is_empty() {
        eprintln!(
            "note: {} phoneme(s) not in the voice were skipped: {:?}",
            said.missing_phonemes.len(),
            said.missing_phonemes.iter().collect::<String>()
        );
    }
    eprintln!(
        "{}: {:.1} s of audio, {} segment(s), {} from the cache",
        args.output.display(),
        said.length.seconds(),
        s.segments.len(),
        said.cached
    );
    Ok(Exit::Ok)
}
