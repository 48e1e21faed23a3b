//! Content-addressed segment cache: the PCM of a segment, keyed by what the
//! model was given (model hash, parameters, phoneme ids).
//!
//! The joe voice is not deterministic (unseeded noise in its graph), so the
//! cache is also what makes a rebuild byte-identical. Entries are written to
//! a temp file and renamed, and carry a checksum of their samples: a killed
//! run or a damaged disk gives a miss, never wrong audio.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::audio::blocks::Block;
use crate::voice::Prepared;

const MAGIC: &[u8; 8] = b"NRCPCM01";
const HEADER: usize = 8 + 4 + 8 + 32;

pub struct Cache {
    dir: PathBuf,
}

/// A cache key: hex sha256 of the voice's signature and the ids.
pub fn key(signature: &str, prepared: &Prepared) -> String {
    let mut h = Sha256::new();
    h.update(signature.as_bytes());
    for sentence in &prepared.sentences {
        h.update((sentence.len() as u64).to_le_bytes());
        for id in sentence {
            h.update(id.to_le_bytes());
        }
    }
    hex::encode(h.finalize())
}

impl Cache {
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where entries are written before they are renamed into place.
    pub fn temp_dir(&self) -> PathBuf {
        self.dir.join("tmp")
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir
            .join(&key[..2.min(key.len())])
            .join(format!("{key}.pcm"))
    }

    /// The samples stored under `key`, or `None`. A damaged entry is
    /// removed so the next run writes a good one.
    pub fn get(&self, key: &str, sample_rate: u32) -> Option<Vec<f32>> {
        let path = self.path(key);
        let bytes = std::fs::read(&path).ok()?;
        match decode(&bytes, sample_rate) {
            Some(samples) => Some(samples),
            None => {
                let _ = std::fs::remove_file(&path);
                None
            }
        }
    }

    pub fn put(&self, key: &str, sample_rate: u32, samples: &[f32]) -> std::io::Result<()> {
        self.store(&self.path(key), &encode(samples, sample_rate))
    }

    fn block_path(&self, key: &str) -> PathBuf {
        self.dir
            .join("blocks")
            .join(&key[..2.min(key.len())])
            .join(format!("{key}.blk"))
    }

    /// A mastered block of an episode ([`crate::audio::blocks`]): a rebuild
    /// that finds every block of a post here synthesizes and masters
    /// nothing. A damaged entry is removed, as for segments.
    pub fn get_block(&self, key: &str) -> Option<Block> {
        let path = self.block_path(key);
        let bytes = std::fs::read(&path).ok()?;
        let block = Block::from_bytes(&bytes);
        if block.is_none() {
            let _ = std::fs::remove_file(&path);
        }
        block
    }

    pub fn put_block(&self, key: &str, block: &Block) -> std::io::Result<()> {
        self.store(&self.block_path(key), &block.to_bytes())
    }

    fn heard_path(&self, key: &str) -> PathBuf {
        self.dir
            .join("heard")
            .join(&key[..2.min(key.len())])
            .join(format!("{key}.txt"))
    }

    /// What the recognizer heard in a segment's audio (`proof`), keyed by
    /// the audio's key and the recognizer: a second proofread listens to
    /// nothing it has heard before.
    pub fn get_heard(&self, key: &str) -> Option<String> {
        let text = std::fs::read_to_string(self.heard_path(key)).ok()?;
        // Written whole with a closing newline; anything else is damaged.
        text.strip_suffix('\n').map(str::to_string)
    }

    pub fn put_heard(&self, key: &str, heard: &str) -> std::io::Result<()> {
        self.store(&self.heard_path(key), format!("{heard}\n").as_bytes())
    }

    fn store(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(path.parent().unwrap_or(&self.dir))?;
        // Lock-free and safe under concurrency: content-addressed, so two
        // runs writing one key write equivalent entries (a segment the
        // same samples; a block the same audio within the mastering
        // tolerances), and rename is atomic.
        // Temp files live in one folder, so finding a killed run's
        // leftovers never means listing the whole cache.
        let tmp_dir = self.temp_dir();
        std::fs::create_dir_all(&tmp_dir)?;
        let mut tmp = crate::atomic::temp_in(&tmp_dir)?;
        let written = tmp.write_all(bytes);
        if let Err(e) = written {
            crate::atomic::unregister(tmp.path());
            return Err(e);
        }
        crate::atomic::persist(tmp, path)
    }
}

fn encode(samples: &[f32], sample_rate: u32) -> Vec<u8> {
    let payload: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&sample_rate.to_le_bytes());
    out.extend_from_slice(&(samples.len() as u64).to_le_bytes());
    out.extend_from_slice(&Sha256::digest(&payload));
    out.extend_from_slice(&payload);
    out
}

fn decode(bytes: &[u8], sample_rate: u32) -> Option<Vec<f32>> {
    if bytes.len() < HEADER || &bytes[..8] != MAGIC {
        return None;
    }
    let rate = u32::from_le_bytes(bytes[8..12].try_into().ok()?);
    let count = u64::from_le_bytes(bytes[12..20].try_into().ok()?) as usize;
    let payload = &bytes[HEADER..];
    if rate != sample_rate
        || payload.len() != count.checked_mul(4)?
        || Sha256::digest(payload).as_slice() != &bytes[20..52]
    {
        return None;
    }
    Some(
        payload
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(ids: &[i64]) -> Prepared {
        Prepared {
            sentences: vec![ids.to_vec()],
            missing: vec![],
        }
    }

    #[test]
    fn round_trip_and_key_sensitivity() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::new(tmp.path());
        let k = key("voice a", &prepared(&[1, 2, 3]));
        assert_ne!(k, key("voice b", &prepared(&[1, 2, 3])));
        assert_ne!(k, key("voice a", &prepared(&[1, 2, 4])));
        // Sentence boundaries are part of the key.
        let split = Prepared {
            sentences: vec![vec![1], vec![2, 3]],
            missing: vec![],
        };
        assert_ne!(k, key("voice a", &split));
        assert_eq!(cache.get(&k, 22050), None);
        let samples = vec![0.0, 0.5, -0.25, 1.0];
        cache.put(&k, 22050, &samples).unwrap();
        assert_eq!(cache.get(&k, 22050), Some(samples));
        assert_eq!(cache.get(&k, 16000), None, "a different rate is a miss");
    }

    #[test]
    fn truncated_or_corrupt_entries_are_discarded() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::new(tmp.path());
        let k = key("v", &prepared(&[9]));
        cache.put(&k, 22050, &[0.1; 100]).unwrap();
        let path = cache.path(&k);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 7]).unwrap();
        assert_eq!(cache.get(&k, 22050), None);
        assert!(!path.exists(), "a truncated entry is removed");
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0xff;
        std::fs::write(&path, &flipped).unwrap();
        assert_eq!(
            cache.get(&k, 22050),
            None,
            "a flipped bit fails the checksum"
        );
        std::fs::write(&path, b"garbage").unwrap();
        assert_eq!(cache.get(&k, 22050), None);
    }
}
