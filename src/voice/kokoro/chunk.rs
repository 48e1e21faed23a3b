//! Cutting a sentence's mapped phonemes into model calls of at most 510 ids
//! (511 fails inside the graph). narrate already speaks one sentence a call;
//! a sentence longer than that is cut where the text pauses anyway: after
//! `.!?…`, else `;:`, else `,—`, else at a space, and only as a last resort
//! inside a word.

use super::vocab::{id, MAX_IDS};

/// `phonemes` in pieces of at most `max` ids each (ids: symbols the model
/// knows; unknown ones are dropped later and do not count).
pub fn chunks(phonemes: &str, max: usize) -> Vec<String> {
    let max = max.clamp(1, MAX_IDS);
    let mut out = Vec::new();
    let mut rest: Vec<char> = phonemes.chars().collect();
    loop {
        let counted: Vec<usize> = rest
            .iter()
            .enumerate()
            .filter(|(_, c)| id(**c).is_some())
            .map(|(i, _)| i)
            .collect();
        if counted.len() <= max {
            let piece: String = rest.iter().collect();
            if !piece.trim().is_empty() {
                out.push(piece.trim().to_string());
            }
            return out;
        }
        // Everything up to (and including) the max-th counted symbol fits.
        let limit = counted[max - 1] + 1;
        let cut = [&['.', '!', '?', '…'][..], &[';', ':'], &[',', '—'], &[' ']]
            .iter()
            .find_map(|set| rest[..limit].iter().rposition(|c| set.contains(c)))
            .map_or(limit, |i| i + 1);
        let piece: String = rest[..cut].iter().collect();
        if !piece.trim().is_empty() {
            out.push(piece.trim().to_string());
        }
        rest.drain(..cut);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::voice::kokoro::vocab::ids;

    #[test]
    fn long_sentences_are_cut_where_they_pause() {
        assert_eq!(chunks("həlˈO wˈɜɹld.", 510), ["həlˈO wˈɜɹld."]);
        // A clause break wins over a space, a sentence end over both.
        assert_eq!(chunks("ab cd, ef gh", 8), ["ab cd,", "ef gh"]);
        assert_eq!(chunks("ab. cd, ef gh", 10), ["ab.", "cd, ef gh"]);
        assert_eq!(chunks("abcdefgh", 3), ["abc", "def", "gh"]);
        // Every piece fits, and nothing is lost.
        let long = "ðə kwˈɪk bɹˈWn fˈɑks, ʤˈʌmps ˌOvəɹ ðə lˈAzi dˈɑɡ; ".repeat(40);
        let pieces = chunks(&long, MAX_IDS);
        assert!(pieces.len() > 1);
        assert!(pieces.iter().all(|p| ids(p).0.len() <= MAX_IDS));
        let joined: String = pieces.join(" ");
        assert_eq!(
            joined.split_whitespace().collect::<Vec<_>>(),
            long.split_whitespace().collect::<Vec<_>>()
        );
    }
}
