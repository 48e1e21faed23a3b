//! The per-user data folder and the places a model file may be found.
//!
//! Voices and the ONNX Runtime library are looked for in explicit places
//! only, never in whatever `models/` the working directory happens to hold:
//! first the data folder (`$NARRATE_HOME`, else `$XDG_DATA_HOME/narrate`,
//! else `~/.local/share/narrate`), then this repository's `models/` when the
//! running binary was built inside this repository (its own demo and tests).

use std::path::{Path, PathBuf};

/// Environment variable that overrides the data folder.
pub const HOME_ENV: &str = "NARRATE_HOME";

/// The data folder, or `None` when neither `NARRATE_HOME`, `XDG_DATA_HOME`
/// nor `HOME` is set.
pub fn data_dir() -> Option<PathBuf> {
    data_dir_from(|k| std::env::var_os(k).filter(|v| !v.is_empty()))
}

fn data_dir_from(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    if let Some(h) = var(HOME_ENV) {
        return Some(PathBuf::from(h));
    }
    // The XDG spec says a relative XDG_DATA_HOME is invalid and to be ignored.
    if let Some(x) = var("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
    {
        return Some(x.join("narrate"));
    }
    var("HOME").map(|h| PathBuf::from(h).join(".local/share/narrate"))
}

/// Folder of presets a user keeps beside the installed voices.
pub fn voices_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("voices"))
}

/// This repository's `models/`, when the running binary was built in it
/// (`target/…/narrate`, test binaries); `None` for an installed binary.
pub fn repo_models() -> Option<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let exe = std::env::current_exe().ok()?.canonicalize().ok()?;
    let repo = repo.canonicalize().ok()?;
    exe.starts_with(repo.join("target"))
        .then(|| repo.join("models"))
}

/// Where installed files are looked for, in order.
pub fn stores() -> Vec<PathBuf> {
    data_dir().into_iter().chain(repo_models()).collect()
}

/// The first store that has a file of this name.
pub fn find(file: &str) -> Option<PathBuf> {
    stores()
        .into_iter()
        .map(|d| d.join(file))
        .find(|p| p.is_file())
}

/// The stores as a list for error messages.
pub fn describe_stores() -> String {
    let s = stores();
    if s.is_empty() {
        return "no data folder: set NARRATE_HOME or HOME".into();
    }
    s.iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn from(vars: &[(&str, &str)]) -> Option<PathBuf> {
        data_dir_from(|k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn narrate_home_then_xdg_then_home() {
        let all = [
            ("NARRATE_HOME", "/n"),
            ("XDG_DATA_HOME", "/x"),
            ("HOME", "/h"),
        ];
        assert_eq!(from(&all), Some(PathBuf::from("/n")));
        assert_eq!(from(&all[1..]), Some(PathBuf::from("/x/narrate")));
        assert_eq!(
            from(&all[2..]),
            Some(PathBuf::from("/h/.local/share/narrate"))
        );
        // A relative XDG_DATA_HOME is ignored, as the spec says.
        assert_eq!(
            from(&[("XDG_DATA_HOME", "rel"), ("HOME", "/h")]),
            Some(PathBuf::from("/h/.local/share/narrate"))
        );
        assert_eq!(from(&[]), None);
    }

    #[test]
    fn test_binaries_run_from_this_repository() {
        let models = repo_models().expect("tests run from target/");
        assert!(models.ends_with("models"));
    }
}
