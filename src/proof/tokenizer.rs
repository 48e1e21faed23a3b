//! Moonshine's vocabulary (`tokenizer.bin`): 32,000 entries in id order,
//! each a length byte then that many bytes. Ids 3–258 are the raw bytes
//! 0x00–0xFF (a byte fallback for text outside the vocabulary), so a
//! transcript is the entries' bytes joined, then read as UTF-8, with `▁`
//! (U+2581) for a space. Ids 0–2 are `<unk>`, `<s>` and `</s>`.

/// The token that starts a transcript, and the one that ends it.
pub const START: i64 = 1;
pub const END: i64 = 2;

#[derive(Debug, Clone)]
pub struct Tokenizer {
    entries: Vec<Vec<u8>>,
}

/// Why a tokenizer file cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BadTokenizer {
    #[error("the vocabulary ends inside entry {0}; the file is truncated")]
    Truncated(usize),
    #[error("the vocabulary has {0} entries, not the 32000 Moonshine's decoder speaks")]
    Size(usize),
}

impl Tokenizer {
    pub fn parse(bytes: &[u8]) -> Result<Tokenizer, BadTokenizer> {
        let mut entries = Vec::with_capacity(32_000);
        let mut at = 0;
        while at < bytes.len() {
            let n = usize::from(bytes[at]);
            let end = at + 1 + n;
            if end > bytes.len() {
                return Err(BadTokenizer::Truncated(entries.len()));
            }
            entries.push(bytes[at + 1..end].to_vec());
            at = end;
        }
        if entries.len() != 32_000 {
            return Err(BadTokenizer::Size(entries.len()));
        }
        Ok(Tokenizer { entries })
    }

    /// The text of `ids` (without the start token), spaces restored and
    /// trimmed; ids outside the vocabulary and the control tokens are
    /// skipped, and bytes that are not UTF-8 become U+FFFD.
    pub fn decode(&self, ids: &[i64]) -> String {
        let mut bytes = Vec::new();
        for &id in ids {
            if id <= END {
                continue;
            }
            if let Some(e) = usize::try_from(id).ok().and_then(|i| self.entries.get(i)) {
                bytes.extend_from_slice(e);
            }
        }
        String::from_utf8_lossy(&bytes)
            .replace('\u{2581}', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A vocabulary laid out as Moonshine's: controls, the 256 bytes, then
    /// pieces (here "▁the", "▁cat", "s").
    fn vocab() -> Vec<u8> {
        let mut entries: Vec<Vec<u8>> = vec![b"<unk>".to_vec(), b"<s>".to_vec(), b"</s>".to_vec()];
        entries.extend((0..=255u8).map(|b| vec![b]));
        for piece in ["\u{2581}the", "\u{2581}cat", "s"] {
            entries.push(piece.as_bytes().to_vec());
        }
        while entries.len() < 32_000 {
            entries.push(b"x".to_vec());
        }
        entries
            .iter()
            .flat_map(|e| std::iter::once(e.len() as u8).chain(e.iter().copied()))
            .collect()
    }

    #[test]
    fn pieces_join_with_spaces_and_bytes_fall_back() {
        let t = Tokenizer::parse(&vocab()).unwrap();
        // ▁the ▁cat s
        assert_eq!(t.decode(&[START, 259, 260, 261, END]), "the cats");
        // "é" as its two raw bytes (0xC3 0xA9 → ids 3 + byte).
        assert_eq!(t.decode(&[259, 3 + 0x20, 3 + 0xC3, 3 + 0xA9]), "the é");
        // A lone continuation byte is not UTF-8: replaced, not a panic.
        assert_eq!(t.decode(&[3 + 0xA9]), "\u{fffd}");
        assert_eq!(t.decode(&[99_999, -4]), "");
    }

    #[test]
    fn a_damaged_file_is_refused() {
        let v = vocab();
        assert_eq!(
            Tokenizer::parse(&v[..v.len() - 1]).unwrap_err(),
            BadTokenizer::Truncated(31_999)
        );
        assert_eq!(
            Tokenizer::parse(&v[..v.len() - 2]).unwrap_err(),
            BadTokenizer::Size(31_999)
        );
    }
}
