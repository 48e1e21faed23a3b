//! Command-line definitions (clap derive). Parsing only; the work is in `cmd/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "narrate",
    version,
    about = "Turn blog posts into podcast episodes with a local voice (Piper or Kokoro)",
    long_about = "Turn blog posts into podcast episodes with a local voice (Piper or Kokoro).\n\nWith no command, in a site with a pipeline.toml (`narrate init` writes one), `narrate` runs `narrate build`: every new or changed post becomes an MP3 with tags, chapters and a transcript, and the feed gains its enclosure."
)]
pub struct Cli {
    /// Configuration file (default: the nearest pipeline.toml here or in a folder above, else built-in defaults).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Print more detail (e.g. phonemes missing from the voice).
    #[arg(long, short, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build episodes (MP3, VTT, chapters) for new or changed posts and write them into the feed.
    Build(BuildArgs),
    /// Gather the episodes of `build --shard` folders into the output folder, then write the feed, the podcast feed and the manifest once.
    Publish(PublishArgs),
    /// Verify the feed's enclosures against the files in the output folder (a CI gate).
    Check(CheckArgs),
    /// Print the script of each post: the segments a voice will speak.
    Script(ScriptArgs),
    /// Write a review page per post (OUT/review/SLUG.html): each segment's text, what the voice says, the rules that changed it, and its audio; segments changed since the last episode are marked.
    Review(ReviewArgs),
    /// Listen to each post's narration with a speech recognizer and list the segments where a word sounds different from what the post says (`narrate setup --proof` installs the recognizer).
    Proof(ProofArgs),
    /// Read lines on stdin, print each line's phonemes (espeak-ng, as Piper phonemizes).
    Phonemes(PhonemesArgs),
    /// Speak TEXT (or stdin) through the script stage and the voice into a 16-bit WAV.
    Say(SayArgs),
    /// List the voice presets (voices-dir, the data folder, built in) and whether each model is installed.
    Voices,
    /// Install the voice and ONNX Runtime into the data folder ($NARRATE_HOME, else ~/.local/share/narrate).
    Setup(SetupArgs),
    /// Write a commented pipeline.toml for the site in this folder (Hugo, Jekyll, Zola, Eleventy, Markdown).
    Init(InitArgs),
    /// Print the files and folders this run uses (config, posts, feed, out-dir, cache, data folder, runtime).
    Paths(PathsArgs),
}

#[derive(Debug, clap::Args)]
pub struct PathsArgs {
    /// Print only this one (e.g. out-dir, feed, data-dir), empty when unset.
    pub key: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct SetupArgs {
    /// Voice to install (default: `voice` from the config).
    #[arg(long)]
    pub voice: Option<String>,
    /// Only say what is missing; exit 3 if anything is.
    #[arg(long)]
    pub check: bool,
    /// Also install ONNX Runtime's CUDA build (about 300 MB), for `device = "cuda"` on a machine with an NVIDIA GPU.
    #[arg(long)]
    pub gpu: bool,
    /// Also install the speech recognizer `narrate proof` listens with (Moonshine base, English, 63 MB).
    #[arg(long)]
    pub proof: bool,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The site's folder (default: the working directory).
    pub dir: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct SayArgs {
    /// Text to speak (Markdown allowed); read from stdin when absent.
    pub text: Option<String>,
    /// Output WAV file.
    #[arg(short, long, default_value = "say.wav")]
    pub output: PathBuf,
    /// Voice preset (default: `voice` from the config).
    #[arg(long)]
    pub voice: Option<String>,
    /// Worker threads (default: `jobs` from the config; 0 = one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Do not read or write the segment cache.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub posts: Posts,
    /// Folder for the pages (default: `out-dir` from the config); they go to
    /// its `review/` folder. The last episodes are always read from `out-dir`.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Worker threads (default: `jobs` from the config; 0 = one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Also hear each segment as `narrate proof` does: the page shows what was heard, the differing words marked, and can show only the flagged segments (config: proof).
    #[arg(long)]
    pub proof: bool,
}

#[derive(Debug, clap::Args)]
pub struct ProofArgs {
    #[command(flatten)]
    pub posts: Posts,
    /// Print JSON: every segment with what was heard, the differing words and its flag.
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when any segment is flagged (a CI gate).
    #[arg(long)]
    pub strict: bool,
    /// Worker threads (default: `jobs` from the config; 0 = one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct PhonemesArgs {
    /// Voice preset whose espeak voice is used (default: `voice` from the config).
    #[arg(long)]
    pub voice: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ScriptArgs {
    #[command(flatten)]
    pub posts: Posts,

    /// Print JSON instead of one line per segment.
    #[arg(long)]
    pub json: bool,

    /// Under each segment, show every token that normalization or the
    /// lexicon changed, and the rule that did it.
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub posts: Posts,

    #[command(flatten)]
    pub target: TargetArgs,

    /// Rebuild even the episodes that are up to date.
    #[arg(long)]
    pub force: bool,

    /// Narrate only posts whose feed item has no enclosure yet, and posts with no item.
    #[arg(long)]
    pub missing: bool,

    /// Also narrate posts whose enclosure was made elsewhere, replacing it (config: episode.replace-existing).
    #[arg(long)]
    pub replace_existing: bool,

    /// Print the summary as JSON on stdout (for CI) instead of the table.
    #[arg(long)]
    pub json: bool,

    /// Build only shard K of N (e.g. 2/4): the posts whose slug hashes to K. Writes the episodes and a shard record, never the feed, the podcast feed or the manifest; `narrate publish` gathers the shards.
    #[arg(long, value_name = "K/N", conflicts_with_all = ["inputs", "only"])]
    pub shard: Option<narrate::pipeline::shard::Shard>,

    /// If another build of this site is running, fail at once (exit 4) instead of waiting.
    #[arg(long)]
    pub no_wait: bool,

    /// Worker threads (default: `jobs` from the config; 0 = one per core).
    #[arg(long)]
    pub jobs: Option<usize>,

    /// Do not read or write the segment cache.
    #[arg(long)]
    pub no_cache: bool,

    /// Proofread each episode narrated now: a speech recognizer hears it and the summary lists words that sound different from the post (config: proof; `narrate setup --proof` installs the recognizer).
    #[arg(long)]
    pub proof: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub target: TargetArgs,

    /// Check only the items with this slug or guid (repeatable).
    #[arg(long, value_name = "SLUG|GUID")]
    pub only: Vec<String>,

    /// Enclosures narrate cannot check (pointing elsewhere, or no file in the output folder) are errors.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, clap::Args)]
pub struct PublishArgs {
    /// The output folders of `narrate build --shard K/N`, one per shard.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,

    #[command(flatten)]
    pub target: TargetArgs,

    /// Print the summary as JSON on stdout (for CI) instead of the table.
    #[arg(long)]
    pub json: bool,

    /// If a build of this site is running, fail at once (exit 4) instead of waiting.
    #[arg(long)]
    pub no_wait: bool,
}

/// Where episodes go and how the feed points at them (build and check).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TargetArgs {
    /// The RSS feed (default: `feed` from the config; for build, else a feed given as INPUT).
    #[arg(long, value_name = "FILE")]
    pub feed: Option<PathBuf>,

    /// Output folder of the episodes (default: `out-dir` from the config).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// URL template of an episode's MP3, e.g. https://example.com/audio/{slug}.mp3 (default: `audio-url`).
    #[arg(long, value_name = "TEMPLATE")]
    pub audio_url: Option<String>,
}

/// Which posts a command reads.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Posts {
    /// Posts: Markdown, HTML, or an RSS feed (every item is a post). Default: `posts` from the config.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Only the posts with this slug or guid (repeatable).
    #[arg(long, value_name = "SLUG|GUID")]
    pub only: Vec<String>,
}
