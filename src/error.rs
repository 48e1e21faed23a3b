//! The library's error type, and the errors of audio and voices that it
//! carries as sources. A variant names the file (or, for a feed, the item;
//! for a post, the post) where there is one, and says what the user can do
//! about it; the binary prints the message and maps the variant to an exit
//! code. Nothing here imports another module of narrate but `feed`'s
//! error, so every module can use it without an import cycle.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: cannot read the file: {source}; check the path and its permissions", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: cannot write: {source}; check that the folder exists and is writable", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {size} bytes, over the {max}-byte limit for a post or feed; raise `max-input-mb` in the config if this file is really meant to be read", path.display())]
    TooLarge { path: PathBuf, size: u64, max: u64 },
    #[error("{}: not UTF-8 text (invalid byte at offset {offset}); save the file as UTF-8", path.display())]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("{}: unknown kind of post `{ext}`; narrate reads Markdown (.md, .markdown), HTML (.html, .htm) and RSS or Atom feeds (.xml, .rss, .atom)", path.display())]
    UnknownKind { path: PathBuf, ext: String },
    #[error("{}: front matter: {message}", path.display())]
    FrontMatter { path: PathBuf, message: String },
    #[error("{}: {}{source}", path.display(), if matches!(source, crate::feed::FeedError::AtomWriteBack) { "" } else { "not a readable feed: " })]
    Feed {
        path: PathBuf,
        source: crate::feed::FeedError,
    },
    #[error("{post}: no element matches content-selector {selectors}; set `content-selector` in pipeline.toml to the element that holds the post's body")]
    NoContent { post: String, selectors: String },
    #[error(
        "{post}: elements nested {depth} deep (at most {max}); this is not a post narrate can read"
    )]
    TooDeep {
        post: String,
        depth: usize,
        max: usize,
    },
    #[error("{post}: the post has nothing to narrate (its body is empty once code and markup are removed)")]
    EmptyBody { post: String },
    #[error("{}: {message}", path.display())]
    Config { path: PathBuf, message: String },
    #[error("{0}")]
    Usage(String),
    #[error("{message}")]
    Voice { message: String },
    /// The phonemizer or the model could not start or speak.
    #[error(transparent)]
    Engine(#[from] VoiceError),
    /// No preset of that name in any preset folder, nor built in.
    #[error("voice `{name}`: no preset {searched} and none built in (built in: {built_in}); `voice` in pipeline.toml names a preset")]
    NoPreset {
        name: String,
        /// The files looked for.
        searched: String,
        built_in: String,
    },
    /// Another build holds the lock and `--no-wait` was given.
    #[error("{}: another narrate build is running on this site (it holds a lock on this folder); wait for it, or run without --no-wait to wait", path.display())]
    Locked { path: PathBuf },
    /// A build was interrupted (SIGINT/SIGTERM).
    #[error("interrupted")]
    Interrupted,
    /// `narrate setup` could not install the voice or the runtime.
    #[error("{0}")]
    Setup(String),
    /// A shard's folder or record that `narrate publish` cannot use.
    #[error("{}: {message}", path.display())]
    Shard { path: PathBuf, message: String },
    /// An intro or outro clip (`audio.KEY`) that cannot be used.
    #[error("{}: `audio.{key}`: {source}; give a WAV file or remove the key", path.display())]
    Clip {
        path: PathBuf,
        key: &'static str,
        source: AudioError,
    },
    /// Assembling or mastering an episode's audio failed.
    #[error("{post}: {source}")]
    Audio { post: String, source: AudioError },
    #[error("{post}: segment {segment} (\"{text}\"): {source}")]
    Synthesis {
        post: String,
        segment: usize,
        text: String,
        source: VoiceError,
    },
}

impl Error {
    /// Errors the user fixes by changing a command line or configuration,
    /// as opposed to a post that failed; the binary exits with 2 for these.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Error::Config { .. }
                | Error::Usage(_)
                | Error::Clip { .. }
                | Error::Feed {
                    source: crate::feed::FeedError::AtomWriteBack,
                    ..
                }
        )
    }
}

/// Why audio could not be read, converted or written: the message says
/// what is wrong and names no file (the caller knows which one).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AudioError {
    /// A WAV clip (`audio.intro`, `audio.outro`).
    #[error("{0}")]
    Wav(String),
    #[error("{0}")]
    Resample(String),
    /// An MP3 read back to measure it.
    #[error("{0}")]
    Decode(String),
    /// LAME refused or failed.
    #[error("cannot encode the MP3: {0}")]
    Encode(String),
    /// Cover art.
    #[error("{0}")]
    Image(String),
}

/// Why a voice could not speak a segment: the phonemizer or the model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VoiceError {
    #[error("{0}")]
    Phonemizer(String),
    #[error("{0}")]
    Model(String),
}
