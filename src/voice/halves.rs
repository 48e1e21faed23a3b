//! The two halves of a split Piper model ([`super::graph`]), kept on disk
//! once per model.
//!
//! Splitting in memory holds the model file and both halves at once while
//! ONNX Runtime parses them: a two-word `say` peaked at 208 MB split
//! against 137 MB whole. Written once to the data folder under the model's
//! hash, the halves load from their files as the whole model does, one
//! after the other, and no run after the first reads the model at all.
//! Without a data folder that takes them, the split stays in memory.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::graph;

/// Bumped whenever the split writes different bytes for the same model,
/// so halves from an older narrate are never loaded.
const FORMAT: &str = "v1";

const ENCODER: &str = "encoder.onnx";
const DECODER: &str = "decoder.onnx";
/// Marks a model that does not split: no need to read it again to know.
const WHOLE: &str = "whole";

/// Where a model's halves are.
pub(crate) enum Halves {
    /// In the store: loaded as model files. `fresh`: split by this run
    /// (halves that then fail to load are the split's fault, not a
    /// damaged store's: [`give_up`]).
    Files {
        encoder: PathBuf,
        decoder: PathBuf,
        fresh: bool,
    },
    /// No store to keep them in.
    Memory(graph::Split),
}

/// The store's folder for the model with this hash.
pub(crate) fn folder(store: &Path, sha: &str) -> PathBuf {
    store.join(FORMAT).join(sha)
}

/// The halves of `model` (hash `sha`) split before `first_decoder_node`:
/// from `store` when they are there, else split now and kept there when
/// it can be written, else in memory. `None`: the model does not split
/// (or cannot be read), and runs whole.
pub(crate) fn find(
    model: &Path,
    sha: &str,
    first_decoder_node: &str,
    store: Option<&Path>,
) -> Option<Halves> {
    // Two workers opening sessions at once split the model once.
    static SPLITTING: Mutex<()> = Mutex::new(());
    let _one = SPLITTING.lock().unwrap_or_else(|p| p.into_inner());
    let dir = store.map(|s| folder(s, sha));
    if let Some(dir) = &dir {
        let (encoder, decoder) = (dir.join(ENCODER), dir.join(DECODER));
        if encoder.is_file() && decoder.is_file() {
            return Some(Halves::Files {
                encoder,
                decoder,
                fresh: false,
            });
        }
        if dir.join(WHOLE).is_file() {
            return None;
        }
    }
    let bytes = std::fs::read(model).ok()?;
    let split = graph::split(&bytes, first_decoder_node);
    drop(bytes);
    let Some(dir) = dir else {
        return split.map(Halves::Memory);
    };
    let Some(split) = split else {
        // Best effort: without the mark the next run only splits again.
        let _ = keep(&dir, &[(WHOLE, b"")]);
        return None;
    };
    match keep(
        &dir,
        &[(ENCODER, &split.encoder), (DECODER, &split.decoder)],
    ) {
        Ok(()) => Some(Halves::Files {
            encoder: dir.join(ENCODER),
            decoder: dir.join(DECODER),
            fresh: true,
        }),
        Err(_) => Some(Halves::Memory(split)),
    }
}

/// Halves that did not load. Kept from an earlier run, they may be
/// damaged: removed, so that the next run splits the model again. Split by
/// this run, the split itself does not suit the model (an fp16 export,
/// whose latent is not the float the split declares): the model is
/// marked to run whole, so no run splits it again.
pub(crate) fn give_up(store: &Path, sha: &str, fresh: bool) {
    let dir = folder(store, sha);
    let _ = std::fs::remove_dir_all(&dir);
    if fresh {
        let _ = keep(&dir, &[(WHOLE, b"")]);
    }
}

/// Writes each file into `dir` atomically: a file there is whole.
fn keep(dir: &Path, files: &[(&str, &[u8])]) -> crate::error::Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| crate::error::Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    for (name, bytes) in files {
        crate::atomic::write(&dir.join(name), bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "abc123";

    /// A folder with a test model (that does not split, with `extra`) and
    /// the path of a store in it.
    fn site(extra: bool) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let model = tmp.path().join("m.onnx");
        std::fs::write(&model, graph::tests::model(extra)).unwrap();
        let store = tmp.path().join("store");
        (tmp, model, store)
    }

    fn files(h: Option<Halves>) -> (PathBuf, PathBuf) {
        match h {
            Some(Halves::Files {
                encoder, decoder, ..
            }) => (encoder, decoder),
            Some(Halves::Memory(_)) => panic!("in memory"),
            None => panic!("not split"),
        }
    }

    #[test]
    fn splits_once_and_loads_the_kept_halves_after() {
        let (_tmp, model, store) = site(false);
        let (enc, dec) = files(find(&model, SHA, "dec0", Some(&store)));
        let split = graph::split(&graph::tests::model(false), "dec0").unwrap();
        assert_eq!(std::fs::read(&enc).unwrap(), split.encoder);
        assert_eq!(std::fs::read(&dec).unwrap(), split.decoder);
        assert!(enc.starts_with(folder(&store, SHA)));
        // The model is not read again: gone, the halves still come.
        std::fs::remove_file(&model).unwrap();
        assert_eq!(files(find(&model, SHA, "dec0", Some(&store))).0, enc);
        // Given up on as damaged, they must be split again; with no
        // model, nothing.
        give_up(&store, SHA, false);
        assert!(!enc.exists());
        assert!(find(&model, SHA, "dec0", Some(&store)).is_none());
    }

    #[test]
    fn halves_split_now_that_do_not_load_mark_the_model_whole() {
        let (_tmp, model, store) = site(false);
        match find(&model, SHA, "dec0", Some(&store)) {
            Some(Halves::Files { fresh: true, .. }) => {}
            _ => panic!("split now"),
        }
        match find(&model, SHA, "dec0", Some(&store)) {
            Some(Halves::Files { fresh: false, .. }) => {}
            _ => panic!("kept from before"),
        }
        give_up(&store, SHA, true);
        assert!(find(&model, SHA, "dec0", Some(&store)).is_none());
        assert!(folder(&store, SHA).join(WHOLE).is_file());
        assert!(!folder(&store, SHA).join(ENCODER).exists());
    }

    #[test]
    fn a_model_that_does_not_split_is_marked_whole() {
        let (_tmp, model, store) = site(true);
        assert!(find(&model, SHA, "dec0", Some(&store)).is_none());
        assert!(folder(&store, SHA).join(WHOLE).is_file());
        // Marked: a splittable file under the same hash is not read.
        std::fs::write(&model, graph::tests::model(false)).unwrap();
        assert!(find(&model, SHA, "dec0", Some(&store)).is_none());
    }

    #[test]
    fn without_a_store_that_takes_them_the_halves_stay_in_memory() {
        let (tmp, model, _) = site(false);
        assert!(matches!(
            find(&model, SHA, "dec0", None),
            Some(Halves::Memory(_))
        ));
        // A store that is a file: it cannot hold a folder.
        let blocked = tmp.path().join("blocked");
        std::fs::write(&blocked, b"").unwrap();
        match find(&model, SHA, "dec0", Some(&blocked)) {
            Some(Halves::Memory(s)) => assert_eq!(s.latent, "lat"),
            _ => panic!("expected the split in memory"),
        }
    }
}
