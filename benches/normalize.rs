//! Normalization speed on a 1 MB paragraph: realistic technical prose, and
//! hostile text (one unbroken run of digits and symbols). Prints a Markdown
//! table; the target is "well under a second" for each.
//!
//!   cargo bench --bench normalize

use std::time::Instant;

use narrate::script::normalize::Normalizer;

const PROSE: &str = "We deployed v4.13.0 on June 13, 2026 at 3:30pm; it cost $5.50 per node, \
about 10% less than the 1990s setup. The API returned 404 errors on port 8080, so Kubernetes \
restarted 17,280 pods in 25 ms (e.g., the 22nd rollout). ";

/// The classes of issue 21: references, names with digits, years outside
/// "in", code-like prose, amounts per unit.
const NAMES: &str =
    "Per RFC 8446 and CVE-2021-44228, the 2019 fleet moved to AES-256 and Curve448 \
on Ubuntu 22.04; os.path.join() runs in O(n log n), press Ctrl+Shift+P, edit /etc/hosts, \
pay $20/seat/month for 2^64 keys at 1080p. ";

fn time(label: &str, text: &str, norm: &Normalizer) {
    let t = Instant::now();
    let out = norm.run(text);
    let s = t.elapsed().as_secs_f64();
    println!(
        "| {label} | {:.2} | {:.3} | {:.1} | {} |",
        text.len() as f64 / 1e6,
        s,
        text.len() as f64 / 1e6 / s,
        out.changes.len()
    );
}

/// The whole script stage on one paragraph: normalization, sentence
/// splitting, segment fitting and change attribution.
fn script_stage(text: &str) {
    let config = narrate::config::Config::default();
    let meta = narrate::post::Meta::default();
    let doc = narrate::ingest::markdown::parse(text);
    let t = Instant::now();
    let s = narrate::script::build(&meta, &doc, &config.script, &config.pauses);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "| script stage, technical prose ({} segments) | {:.2} | {secs:.3} | {:.1} | {} |",
        s.segments.len(),
        text.len() as f64 / 1e6,
        text.len() as f64 / 1e6 / secs,
        s.segments.iter().map(|g| g.changes.len()).sum::<usize>()
    );
}

fn main() {
    let norm = Normalizer::default();
    let prose = PROSE.repeat(1_000_000 / PROSE.len() + 1);
    let digits = "9".repeat(1_000_000);
    let symbols = "$%&@#~→≥1,".repeat(100_000);
    let words = "a ".repeat(500_000);
    let names = NAMES.repeat(1_000_000 / NAMES.len() + 1);
    println!("| input (one paragraph) | MB | seconds | MB/s | changes |");
    println!("|---|---|---|---|---|");
    time("technical prose", &prose, &norm);
    time(
        "references, names with digits, code in prose",
        &names,
        &norm,
    );
    time("one 1 MB run of digits", &digits, &norm);
    time("symbols and digits, no spaces", &symbols, &norm);
    time("500,000 one-letter words", &words, &norm);
    script_stage(&prose);
}
