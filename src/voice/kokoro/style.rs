//! Kokoro's voices: a voice is a table of 510 style vectors of 256 float32
//! values, little-endian, row-major (522,240 bytes; the `voices/*.bin` files
//! of the kokoro-js package). A call of n phoneme ids takes row n − 1: the
//! style depends on how long the utterance is.

use super::vocab::MAX_IDS;

/// Values in one style vector.
pub const STYLE_DIM: usize = 256;
/// Bytes in a voice table.
pub const TABLE_BYTES: usize = MAX_IDS * STYLE_DIM * 4;

/// A voice's style table.
#[derive(Debug, Clone, PartialEq)]
pub struct VoiceTable {
    rows: Vec<[f32; STYLE_DIM]>,
}

/// A voice file that is not a style table: its size, and the size wanted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a Kokoro voice table is {TABLE_BYTES} bytes (510 × 256 float32); this one is {0}")]
pub struct BadTable(pub usize);

impl VoiceTable {
    pub fn from_bytes(bytes: &[u8]) -> Result<VoiceTable, BadTable> {
        if bytes.len() != TABLE_BYTES {
            return Err(BadTable(bytes.len()));
        }
        let rows = bytes
            .chunks_exact(STYLE_DIM * 4)
            .map(|row| {
                let mut r = [0f32; STYLE_DIM];
                for (v, b) in r.iter_mut().zip(row.chunks_exact(4)) {
                    *v = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                }
                r
            })
            .collect();
        Ok(VoiceTable { rows })
    }

    /// The style for a call of `ids` phoneme ids (1 ≤ ids ≤ 510): row
    /// ids − 1, as the reference runtimes take it.
    pub fn style(&self, ids: usize) -> &[f32; STYLE_DIM] {
        &self.rows[ids.clamp(1, MAX_IDS) - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_by_length() {
        // Row r holds r + k / 1000 at column k.
        let mut bytes = Vec::with_capacity(TABLE_BYTES);
        for r in 0..MAX_IDS {
            for k in 0..STYLE_DIM {
                bytes.extend_from_slice(&(r as f32 + k as f32 / 1000.0).to_le_bytes());
            }
        }
        let t = VoiceTable::from_bytes(&bytes).unwrap();
        assert_eq!(t.style(1)[0], 0.0);
        assert_eq!(t.style(13)[0], 12.0, "13 ids: row 12");
        assert_eq!(t.style(13)[255], 12.255);
        assert_eq!(t.style(510)[0], 509.0);
        assert_eq!(t.style(0)[0], 0.0);
        assert_eq!(t.style(9999)[0], 509.0);
        assert_eq!(VoiceTable::from_bytes(&bytes[..100]), Err(BadTable(100)));
    }
}
