//! ONNX Runtime for every voice family: the library (loaded at run time
//! with ort's `load-dynamic`), the process's environment, and sessions.
//!
//! Sessions are made once per run, never per segment. Several sessions let
//! rayon workers run segments side by side, but each holds its own copy of
//! the model's working memory; on 2 cores one session with 2 intra-op
//! threads was as fast and 40% smaller (docs/src/performance.md). Sessions of
//! a split Piper model share one encoder (`piper`). The memory
//! pattern is off: it keeps a plan per input shape, and every sentence has
//! its own length.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ort::session::builder::GraphOptimizationLevel;
use ort::session::Session;

use super::voice_error;
use crate::config::Device;
use crate::error::Result;

/// The runtime library's file name, as `narrate setup` (and this
/// repository's scripts/bootstrap) installs it.
pub const ORT_LIBRARY: &str = "libonnxruntime.so.1.31.1";

/// ONNX Runtime's CUDA build, as `narrate setup --gpu` installs it (its
/// provider libraries beside it, under their own names).
pub const ORT_GPU_LIBRARY: &str = "libonnxruntime-gpu.so.1.31.1";

/// The library for `config`'s `device`, and the device it will run on.
/// `cuda` uses the CUDA build when `narrate setup --gpu` installed it (or
/// the library the config or `ORT_DYLIB_PATH` names); without it, the CPU
/// build, after one warning.
pub fn find_for(config: &crate::config::Config) -> Result<(PathBuf, Device)> {
    let explicit = std::env::var_os("ORT_DYLIB_PATH").is_some_and(|p| !p.is_empty())
        || config.runtime().is_some();
    if config.device == Device::Cuda && !explicit {
        match crate::install::home::find(ORT_GPU_LIBRARY) {
            Some(gpu) => return Ok((gpu, Device::Cuda)),
            None => warn_cpu_fallback(
                "ONNX Runtime's CUDA build is not installed (`narrate setup --gpu` installs it)",
            ),
        }
        return Ok((find_runtime(config.runtime())?, Device::Cpu));
    }
    Ok((find_runtime(config.runtime())?, config.device))
}

/// Says once per run that `device = "cuda"` fell back to the CPU, and why.
/// The run goes on: a build on a machine without a GPU still finishes.
pub fn warn_cpu_fallback(why: &str) {
    static WARNED: OnceLock<()> = OnceLock::new();
    WARNED.get_or_init(|| {
        eprintln!("warning: device = \"cuda\": {why}; running on the CPU");
    });
}

/// Where the ONNX Runtime library is, from explicit places only:
/// `ORT_DYLIB_PATH`, else the config's `onnxruntime`, else the stores
/// `narrate setup` fills (the data folder, then this repository's `models/`
/// for a binary built in it). Never whatever `models/` the working
/// directory holds: a site's folder is not a place to load code from.
pub fn find_runtime(configured: Option<&Path>) -> Result<PathBuf> {
    let given = std::env::var_os("ORT_DYLIB_PATH")
        .filter(|p| !p.is_empty())
        .map(|p| (PathBuf::from(p), "ORT_DYLIB_PATH"))
        .or_else(|| configured.map(|p| (p.to_path_buf(), "`onnxruntime` in the config")));
    if let Some((path, what)) = given {
        if !path.is_file() {
            return Err(voice_error(format!(
                "{}: no such file ({what}); point it at libonnxruntime.so 1.31, or unset it to use the one `narrate setup` installs",
                path.display()
            )));
        }
        return Ok(path);
    }
    crate::install::home::find(ORT_LIBRARY).ok_or_else(|| {
        voice_error(format!(
            "the ONNX Runtime library ({ORT_LIBRARY}) is not installed; run `narrate setup` (looked in {})",
            crate::install::home::describe_stores()
        ))
    })
}

/// Why the process's ONNX Runtime could not start: kept with the runtime's
/// slot, so every later call says the same thing without trying again.
#[derive(Debug, Clone, thiserror::Error)]
enum RuntimeStart {
    #[error("{}: cannot load ONNX Runtime: {reason}; run `narrate setup` to install it again", lib.display())]
    Load { lib: PathBuf, reason: String },
    #[error("{}: ONNX Runtime did not start: {reason}", lib.display())]
    Start { lib: PathBuf, reason: String },
}

static ENVIRONMENT: OnceLock<std::result::Result<ort::environment::Environment, RuntimeStart>> =
    OnceLock::new();

/// The process's ONNX Runtime, loaded from `lib` on first use.
pub(crate) fn environment(lib: &Path) -> Result<&'static ort::environment::Environment> {
    let env = ENVIRONMENT.get_or_init(|| {
        let builder = ort::init_from(lib).map_err(|e| RuntimeStart::Load {
            lib: lib.to_path_buf(),
            reason: e.to_string(),
        })?;
        builder
            .with_name("narrate")
            .build()
            .map_err(|e| RuntimeStart::Start {
                lib: lib.to_path_buf(),
                reason: e.to_string(),
            })
    });
    env.as_ref().map_err(|e| voice_error(e.to_string()))
}

/// How sessions and threads are arranged (see docs/src/performance.md,
/// table), and the device they run on.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Sessions (a split Piper model: decoders, sharing one encoder) and
    /// the intra-op threads of each.
    pub sessions: usize,
    pub intra_threads: usize,
    pub device: Device,
}

/// Where a session's model comes from: its file, or bytes made from it
/// (a part of a split model, [`super::graph`]); the path names it in errors.
#[derive(Clone, Copy)]
pub(crate) enum Source<'a> {
    File(&'a Path),
    Memory(&'a Path, &'a [u8]),
}

/// A session for `model`. `spin`: its intra-op threads spin while they
/// wait for work (faster for one session; two sessions run one after the
/// other, as a split model's, each spinning while the other works, take
/// each other's cores). `NARRATE_ORT_SPIN=0` turns spinning off for all.
pub(crate) fn build_session(
    env: &ort::environment::Environment,
    model: Source,
    threads: usize,
    device: Device,
    spin: bool,
) -> Result<Session> {
    let spin = spin && spinning();
    if device == Device::Cuda {
        match build_on(env, model, threads, true, spin) {
            Ok(s) => return Ok(s),
            Err(e) => warn_cpu_fallback(&format!(
                "CUDA cannot run here ({})",
                e.to_string().trim_end()
            )),
        }
    }
    build_on(env, model, threads, false, spin)
}

/// A session on the CPU, or (with `cuda`) on CUDA with the CPU for what
/// CUDA lacks; a CUDA that cannot start is an error here, not a silent CPU.
fn build_on(
    env: &ort::environment::Environment,
    model: Source,
    threads: usize,
    cuda: bool,
    spin: bool,
) -> Result<Session> {
    let path = match model {
        Source::File(p) | Source::Memory(p, _) => p,
    };
    let fail = |e: String| voice_error(format!("{}: cannot load the model: {e}", path.display()));
    let mut providers = Vec::new();
    if cuda {
        providers.push(ort::ep::CUDA::default().build().error_on_failure());
    }
    providers.push(
        ort::ep::CPU::default()
            .with_arena_allocator(arena())
            .build(),
    );
    let mut builder = Session::builder(env)
        .map_err(|e| fail(e.to_string()))?
        .with_optimization_level(GraphOptimizationLevel::Level3)
        .map_err(|e| fail(e.to_string()))?
        .with_intra_threads(threads)
        .map_err(|e| fail(e.to_string()))?
        .with_intra_op_spinning(spin)
        .map_err(|e| fail(e.to_string()))?
        .with_memory_pattern(false)
        .map_err(|e| fail(e.to_string()))?
        .with_execution_providers(providers)
        .map_err(|e| fail(e.to_string()))?;
    match model {
        Source::File(path) => builder.commit_from_file(path),
        Source::Memory(_, bytes) => builder.commit_from_memory(bytes),
    }
    .map_err(|e| {
        fail(format!(
            "{e}; the file may be truncated: run `narrate setup` to install it again"
        ))
    })
}

/// `NARRATE_ORT_SPIN=0`: no session spins.
fn spinning() -> bool {
    std::env::var("NARRATE_ORT_SPIN").map_or(true, |v| v != "0")
}

/// ORT's CPU arena is on: measured 20% faster and no larger with one
/// session (docs/src/performance.md). `NARRATE_ORT_ARENA=0` turns it off.
fn arena() -> bool {
    std::env::var("NARRATE_ORT_ARENA").map_or(true, |v| v != "0")
}
