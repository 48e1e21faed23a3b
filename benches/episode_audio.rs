//! The audio stage of a long episode, without the voice: loudness
//! normalization and MP3 encoding of N minutes of speech-like PCM. Prints a
//! Markdown table with the time of each step and the peak RSS against the
//! PCM's own size.
//!
//!   cargo bench --bench episode_audio -- [MINUTES]     (default 60)
//!   cargo bench --bench episode_audio -- --from SPEECH.wav [--fresh]
//!
//! `--from` masters real speech instead: a WAV as `narrate say` writes it
//! (each sentence levelled and joined, as a build's track before mastering).
//! `--fresh` starts every block's loudness search from scratch instead of
//! from the block before's, as a build does.

use std::time::Instant;

use narrate::audio::{loudness, master, mp3};

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Sentences of 2–6 s: a voiced buzz with a wandering pitch and sparse
/// spikes, each
/// peak-normalized to full scale as Piper does, with 350 ms pauses.
fn speechlike(rate: u32, minutes: usize) -> Vec<f32> {
    let total = rate as usize * 60 * minutes;
    let mut out = Vec::with_capacity(total);
    let mut seed = 12345u32;
    let mut rnd = || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (seed >> 8) as f32 / (1 << 24) as f32
    };
    while out.len() < total {
        let len = rate as usize * (2 + (rnd() * 4.0) as usize);
        let start = out.len();
        let f0 = 90.0 + rnd() * 60.0;
        let mut phase = 0.0f32;
        for i in 0..len {
            let t = i as f32 / rate as f32;
            phase += (f0 * (1.0 + 0.2 * (t * 3.0).sin())) / rate as f32;
            let env = ((t * 4.0).sin().abs()).powf(0.5);
            let buzz = (phase * std::f32::consts::TAU).sin()
                + 0.5 * (phase * 2.0 * std::f32::consts::TAU).sin();
            // Plosive-like spikes carry the peak, as in real speech, so
            // the body sits near Piper's -21 LUFS after peak normalization.
            let spike = if i % (rate as usize / 2) == 100 {
                1.0
            } else {
                0.0
            };
            out.push(env * buzz * 0.1 + (rnd() - 0.5) * 0.01 + spike);
        }
        let peak = out[start..].iter().fold(0.0f32, |m, s| m.max(s.abs()));
        out[start..].iter_mut().for_each(|s| *s /= peak);
        out.resize(out.len() + rate as usize * 35 / 100, 0.0);
    }
    out.truncate(total);
    out
}

fn main() {
    let minutes: usize = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .and_then(|a| a.parse().ok())
        .unwrap_or(60);
    let args: Vec<String> = std::env::args().collect();
    let from = args
        .iter()
        .position(|a| a == "--from")
        .and_then(|i| args.get(i + 1));
    let t = Instant::now();
    let (mut pcm, rate) = match from {
        Some(wav) => {
            let mut r = hound::WavReader::open(wav).expect("a WAV file");
            let rate = r.spec().sample_rate;
            let pcm: Vec<f32> = r
                .samples::<i16>()
                .map(|s| f32::from(s.expect("a sample")) / 32768.0)
                .collect();
            (pcm, rate)
        }
        None => (speechlike(22050, minutes), 22050),
    };
    let minutes_f = pcm.len() as f64 / f64::from(rate) / 60.0;
    let gen = t.elapsed().as_secs_f64();
    let pcm_mb = (pcm.len() * 4) as f64 / 1e6 / 1.048576;

    // The real path first: what a build runs on each block of about a
    // minute (loudness search, limiter, LAME, the decoded frames measured,
    // correction rounds), on a copy.
    let t = Instant::now();
    let settings = narrate::config::AudioConfig::default();
    let fresh = args.iter().any(|a| a == "--fresh");
    let (mut encodings, mut phases, mut blocks) = (0, [0.0; 3], 0);
    let (mut quietest, mut loudest, mut highest) =
        (f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    let (mut rounds, mut like, mut trials) = (Vec::new(), None, 0);
    for block in pcm.chunks(rate as usize * 60) {
        let start = if fresh { None } else { like };
        let m = master::block(block.to_vec(), rate, &settings, start, &|| true).expect("master");
        like = m.found.or(like);
        trials += m.trials;
        encodings += m.encodings;
        blocks += 1;
        phases.iter_mut().zip(m.seconds).for_each(|(a, b)| *a += b);
        let (lufs, peak) = m.kept;
        quietest = quietest.min(lufs);
        loudest = loudest.max(lufs);
        highest = highest.max(peak);
        if rounds.is_empty() {
            rounds = m.heard.clone();
        }
    }
    let mastered = t.elapsed().as_secs_f64();

    // Levelling alone, a minute at a time as a build levels its blocks
    // (the search holds a few copies of what it levels), then measured
    // whole.
    let t = Instant::now();
    let before = loudness::measure(&pcm, rate).0;
    for block in pcm.chunks_mut(rate as usize * 60) {
        loudness::normalize(block, rate, -16.0, -1.0);
    }
    let (after, peak) = loudness::measure(&pcm, rate);
    let loud = t.elapsed().as_secs_f64();

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.mp3");
    let t = Instant::now();
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    let bytes = mp3::encode(&mut f, &pcm, rate, 64, &mut |_| Ok(())).expect("encode");
    drop(f);
    let enc = t.elapsed().as_secs_f64();

    println!(
        "| step ({minutes_f:.1} min of {} kHz mono{}) | time (s) | result |",
        f64::from(rate) / 1000.0,
        if from.is_some() { ", real speech" } else { "" }
    );
    println!("|---|---|---|");
    println!("| generate test PCM | {gen:.2} | {pcm_mb:.0} MiB of f32 samples |");
    println!(
        "| loudness: measure, level each minute (search, limiter), measure | {loud:.2} | {before:.1} → {after:.1} LUFS, true peak {peak:.1} dBTP |"
    );
    println!(
        "| MP3 64 kbit/s CBR (LAME, streamed) | {enc:.2} | {:.1} MB |",
        bytes as f64 / 1e6
    );
    println!(
        "| mastering as a build does it ({blocks} blocks of a minute: all of the above, decode, corrections) | {mastered:.2} | {:.2} s per minute of audio; blocks decoded at {quietest:.2} to {loudest:.2} LUFS, true peak at most {highest:.2} dBTP |",
        mastered / minutes_f,
    );
    println!(
        "| … of which levelling, LAME, decoding and measuring | {:.2}, {:.2}, {:.2} | {encodings} encoding(s), {trials} loudness trials; the first block decoded {} |",
        phases[0],
        phases[1],
        phases[2],
        rounds
            .iter()
            .map(|(l, p)| format!("{l:.2} LUFS / {p:.2} dBTP"))
            .collect::<Vec<_>>()
            .join(" → ")
    );
    println!(
        "| peak RSS of the whole run | | {:.0} MiB = {:.2} × the PCM |",
        peak_rss_mb(),
        peak_rss_mb() / pcm_mb
    );
}
