//! MP3 frames, read and written by hand where LAME cannot help: an
//! episode is encoded in blocks (see `master`), each its own LAME
//! stream, and the file is those streams' frames back to back behind one
//! "Info" frame that describes them all.
//!
//! Layer III frames are self-contained enough for that: a stream starts
//! with an empty bit reservoir, and a block starts and ends in silence, so
//! the decoder's overlap between the last frame of one block and the first
//! of the next adds nothing audible. What a decoder needs to know about
//! the whole file is in the Info frame (LAME's Xing-style header for CBR):
//! the frame and byte counts for the duration and seeking, and in its
//! LAME tag the encoder delay and padding a gapless decoder trims. LAME
//! writes that frame for one stream; [`info_frame`] rewrites its counts,
//! padding and checksums for the concatenation.

/// One frame header's facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The frame's length in bytes, header included.
    pub len: usize,
    /// PCM samples per channel the frame decodes to.
    pub samples: usize,
    /// Bytes of side information after the 4-byte header.
    pub side_info: usize,
}

const RATES: [[u32; 3]; 3] = [
    [11025, 12000, 8000],  // MPEG 2.5
    [22050, 24000, 16000], // MPEG 2
    [44100, 48000, 32000], // MPEG 1
];
const KBPS_V1: [u32; 15] = [
    0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
];
const KBPS_V2: [u32; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

/// Reads a Layer III frame header at the start of `b` (no free format).
pub fn header(b: &[u8]) -> Option<Header> {
    if b.len() < 4 || b[0] != 0xFF || b[1] & 0xE0 != 0xE0 {
        return None;
    }
    let version = (b[1] >> 3) & 3; // 0: 2.5, 2: 2, 3: 1
    let layer = (b[1] >> 1) & 3; // 1: III
    let (rate_i, kbps_i) = (usize::from((b[2] >> 2) & 3), usize::from(b[2] >> 4));
    if version == 1 || layer != 1 || rate_i == 3 || kbps_i == 0 || kbps_i == 15 {
        return None;
    }
    let mpeg1 = version == 3;
    let rate = RATES[usize::from(version.saturating_sub(1))][rate_i];
    let kbps = if mpeg1 { KBPS_V1 } else { KBPS_V2 }[kbps_i];
    let padding = usize::from((b[2] >> 1) & 1);
    let mono = b[3] >> 6 == 3;
    let (coefficient, samples) = if mpeg1 { (144, 1152) } else { (72, 576) };
    Some(Header {
        len: (coefficient * kbps * 1000 / rate) as usize + padding,
        samples,
        side_info: match (mpeg1, mono) {
            (true, true) => 17,
            (true, false) => 32,
            (false, true) => 9,
            (false, false) => 17,
        },
    })
}

/// The frames of a stream of whole frames: how many, and samples per
/// frame. `None` if the bytes are not exactly a sequence of frames.
pub fn count(bytes: &[u8]) -> Option<(usize, usize)> {
    let (mut at, mut frames, mut samples) = (0, 0, 0);
    while at < bytes.len() {
        let h = header(&bytes[at..])?;
        if samples != 0 && h.samples != samples {
            return None;
        }
        samples = h.samples;
        at += h.len;
        frames += 1;
    }
    (at == bytes.len()).then_some((frames, samples))
}

/// CRC-16 as LAME computes it for its tag (CRC-16/ARC: reflected
/// polynomial 0x8005, starting from `crc`).
pub fn crc16(mut crc: u16, bytes: &[u8]) -> u16 {
    for &b in bytes {
        crc ^= u16::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xA001
            } else {
                crc >> 1
            };
        }
    }
    crc
}

/// Where the fields of an Info frame are, found in LAME's own.
struct Layout {
    frames: Option<usize>,
    bytes: Option<usize>,
    toc: Option<usize>,
    /// The 36-byte LAME tag.
    lame: usize,
}

fn layout(frame: &[u8]) -> Option<Layout> {
    let h = header(frame)?;
    let xing = 4 + h.side_info;
    let id = frame.get(xing..xing + 4)?;
    if id != b"Info" && id != b"Xing" {
        return None;
    }
    let flags = u32::from_be_bytes(frame.get(xing + 4..xing + 8)?.try_into().ok()?);
    let mut at = xing + 8;
    let mut field = |bit: u32, len: usize| {
        (flags & bit != 0).then(|| {
            at += len;
            at - len
        })
    };
    let frames = field(1, 4);
    let bytes = field(2, 4);
    let toc = field(4, 100);
    field(8, 4);
    let lame = at;
    (frame.len() >= lame + 36 && &frame[lame..lame + 4] == b"LAME").then_some(Layout {
        frames,
        bytes,
        toc,
        lame,
    })
}

/// What the Info frame says of the stream behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Info {
    /// Music frames: the Info frame not counted (as LAME counts them).
    pub frames: u32,
    /// Bytes of the stream, the Info frame included.
    pub bytes: u32,
    /// Samples a gapless decoder drops at the start and at the end.
    pub delay: u16,
    pub padding: u16,
    /// LAME's "music length": the stream's bytes, the Info frame
    /// included (as LAME writes it), like `bytes`.
    pub music_bytes: u32,
    /// CRC-16 of the music frames.
    pub music_crc: u16,
}

/// Reads the fields [`info_frame`] writes from an Info frame.
pub fn read_info(frame: &[u8]) -> Option<Info> {
    let l = layout(frame)?;
    let be32 = |at: usize| u32::from_be_bytes(frame[at..at + 4].try_into().unwrap());
    let t = &frame[l.lame..l.lame + 36];
    Some(Info {
        frames: l.frames.map_or(0, be32),
        bytes: l.bytes.map_or(0, be32),
        delay: (u16::from(t[21]) << 4) | u16::from(t[22] >> 4),
        padding: (u16::from(t[22] & 0x0F) << 8) | u16::from(t[23]),
        music_bytes: u32::from_be_bytes(t[28..32].try_into().unwrap()),
        music_crc: u16::from_be_bytes([t[32], t[33]]),
    })
}

/// LAME's Info frame `template` (from any encoding with the same rate,
/// bitrate and settings) rewritten to describe `info`: the counts, a
/// linear table of contents (the stream is CBR), delay and padding, the
/// music's length and CRC, no ReplayGain or peak (they were the
/// template's), and the tag's own CRC over the frame up to it.
pub fn info_frame(template: &[u8], info: &Info) -> Option<Vec<u8>> {
    let l = layout(template)?;
    let mut f = template.to_vec();
    let put32 =
        |f: &mut Vec<u8>, at: usize, v: u32| f[at..at + 4].copy_from_slice(&v.to_be_bytes());
    if let Some(at) = l.frames {
        put32(&mut f, at, info.frames);
    }
    if let Some(at) = l.bytes {
        put32(&mut f, at, info.bytes);
    }
    if let Some(at) = l.toc {
        for i in 0..100 {
            f[at + i] = (i * 256 / 100) as u8;
        }
    }
    let t = l.lame;
    // Peak amplitude and the two ReplayGain fields: "not set".
    f[t + 11..t + 19].fill(0);
    let (delay, padding) = (info.delay.min(0xFFF), info.padding.min(0xFFF));
    f[t + 21] = (delay >> 4) as u8;
    f[t + 22] = (((delay & 0x0F) << 4) as u8) | ((padding >> 8) as u8);
    f[t + 23] = padding as u8;
    put32(&mut f, t + 28, info.music_bytes);
    f[t + 32..t + 34].copy_from_slice(&info.music_crc.to_be_bytes());
    let crc = crc16(0, &f[..t + 34]);
    f[t + 34..t + 36].copy_from_slice(&crc.to_be_bytes());
    Some(f)
}

/// Frames LAME writes for `samples` samples of one stream (Info frame
/// not counted): its 576-sample encoder delay and at least 576 samples of
/// padding, rounded up to whole frames of `spf` samples.
pub fn frames_for(samples: usize, spf: usize) -> usize {
    (samples + 2 * LAME_DELAY).div_ceil(spf)
}

/// LAME's encoder delay, in samples, at every rate this tool writes.
pub const LAME_DELAY: usize = 576;

/// Blocks joined frame by frame into one stream, counted as they come so
/// the Info frame in front of them can be written at the end: frames,
/// bytes, the music's CRC, and the last block's length for the padding.
#[derive(Debug, Clone, Default)]
pub struct Joined {
    /// Samples per frame at the stream's rate.
    spf: usize,
    frames: usize,
    bytes: usize,
    crc: u16,
    /// The last block's first sample in the stream, samples and frames.
    last: (usize, usize, usize),
}

impl Joined {
    pub fn new(spf: usize) -> Joined {
        Joined {
            spf,
            ..Joined::default()
        }
    }

    /// Counts a block of `frames` frames holding `samples` samples (its
    /// encoder delay and padding not counted); returns where its first
    /// sample is in the joined stream.
    pub fn push(&mut self, bytes: &[u8], frames: usize, samples: usize) -> usize {
        let offset = self.spf * self.frames;
        self.crc = crc16(self.crc, bytes);
        self.bytes += bytes.len();
        self.frames += frames;
        self.last = (offset, samples, frames);
        offset
    }

    /// Samples a decoder gives for the whole stream, delay and padding
    /// trimmed.
    pub fn samples(&self) -> usize {
        self.last.0 + self.last.1
    }

    /// The Info frame for the stream so far, from LAME's `template`: the
    /// delay is the first block's, the padding what the last block's frames
    /// hold beyond its samples (each block is a whole number of frames,
    /// so only the last one pads the stream's end).
    pub fn info(&self, template: &[u8]) -> Option<Vec<u8>> {
        let (_, samples, last_frames) = self.last;
        let total = u32::try_from(template.len() + self.bytes).unwrap_or(u32::MAX);
        info_frame(
            template,
            &Info {
                frames: u32::try_from(self.frames).unwrap_or(u32::MAX),
                bytes: total,
                delay: LAME_DELAY as u16,
                padding: (last_frames * self.spf).saturating_sub(samples + LAME_DELAY) as u16,
                music_bytes: total,
                music_crc: self.crc,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::mp3;

    fn tone(n: usize, step: f32) -> Vec<f32> {
        (0..n).map(|i| (i as f32 * step).sin() * 0.3).collect()
    }

    fn lame_file(samples: &[f32], rate: u32) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        mp3::encode(&mut out, samples, rate, 64, &mut |_| Ok(())).unwrap();
        out.into_inner()
    }

    #[test]
    fn reads_lame_counts_and_its_checksums_agree_with_ours() {
        for rate in [22050u32, 44100] {
            for n in [0usize, 1, 575, 576, 577, 1152, 5000, 22051] {
                let file = lame_file(&tone(n, 0.05), rate);
                let first = header(&file).unwrap();
                let (frame, music) = file.split_at(first.len);
                let info = read_info(frame).unwrap();
                let (frames, spf) = count(music).unwrap();
                assert_eq!(spf, if rate == 44100 { 1152 } else { 576 });
                assert_eq!(frames, frames_for(n, spf), "rate {rate} n {n}");
                // LAME counts music frames, but bytes with the Info frame.
                assert_eq!(info.frames as usize, frames);
                assert_eq!(info.bytes as usize, file.len());
                assert_eq!(info.music_bytes as usize, file.len());
                assert_eq!(info.music_crc, crc16(0, music));
                assert_eq!(usize::from(info.delay), LAME_DELAY);
                assert_eq!(
                    usize::from(info.padding),
                    frames * spf - n - LAME_DELAY,
                    "rate {rate} n {n}"
                );
                let l = layout(frame).unwrap();
                let tag_crc = u16::from_be_bytes([frame[l.lame + 34], frame[l.lame + 35]]);
                assert_eq!(tag_crc, crc16(0, &frame[..l.lame + 34]));
            }
        }
    }

    #[test]
    fn a_rewritten_info_frame_is_lames_own_for_the_same_stream() {
        // The template comes from another encoding; filled in with this
        // stream's facts it must say what LAME itself said, field by field.
        let rate = 22050;
        let template = mp3::info_template(rate, 64).unwrap();
        let file = lame_file(&tone(30_000, 0.03), rate);
        let first = header(&file).unwrap();
        let lame = &file[..first.len];
        let ours = info_frame(&template, &read_info(lame).unwrap()).unwrap();
        assert_eq!(ours.len(), lame.len());
        assert_eq!(read_info(&ours), read_info(lame));
        let l = layout(lame).unwrap();
        // Header, side info, "Info", flags, counts: identical.
        assert_eq!(ours[..l.toc.unwrap()], lame[..l.toc.unwrap()]);
        // The tag's own CRC is valid for what we wrote.
        let crc = u16::from_be_bytes([ours[l.lame + 34], ours[l.lame + 35]]);
        assert_eq!(crc, crc16(0, &ours[..l.lame + 34]));
        // A frame that is not an Info frame is refused.
        assert!(info_frame(
            &file[first.len..],
            &Info {
                frames: 1,
                bytes: 1,
                delay: 0,
                padding: 0,
                music_bytes: 1,
                music_crc: 0
            }
        )
        .is_none());
    }

    #[test]
    fn blocks_behind_one_info_frame_decode_gaplessly() {
        // Two streams encoded apart, joined behind one rewritten Info frame:
        // a gapless decoder gives back block A, the frames' worth of
        // padding after it, then block B, exactly to its last sample.
        for rate in [22050u32, 44100] {
            let (a, b) = (tone(20_000, 0.05), tone(13_001, 0.021));
            let ba = mp3::encode_block(&a, rate, 64, &mut |_| Ok(())).unwrap();
            let bb = mp3::encode_block(&b, rate, 64, &mut |_| Ok(())).unwrap();
            let (fa, spf) = count(&ba).unwrap();
            let (fb, _) = count(&bb).unwrap();
            let template = mp3::info_template(rate, 64).unwrap();
            let mut music = ba.clone();
            music.extend_from_slice(&bb);
            let total = template.len() + music.len();
            let frame = info_frame(
                &template,
                &Info {
                    frames: (fa + fb) as u32,
                    bytes: total as u32,
                    delay: LAME_DELAY as u16,
                    padding: (fb * spf - b.len() - LAME_DELAY) as u16,
                    music_bytes: total as u32,
                    music_crc: crc16(0, &music),
                },
            )
            .unwrap();
            let tmp = tempfile::tempdir().unwrap();
            let p = tmp.path().join("joined.mp3");
            std::fs::write(&p, [frame, music].concat()).unwrap();
            let d = crate::audio::decode::decode(&p, true).unwrap();
            assert_eq!(d.frames as usize, fa * spf + b.len(), "rate {rate}");
            let err = |got: &[f32], want: &[f32]| {
                got.iter()
                    .zip(want)
                    .map(|(x, y)| (x - y).abs())
                    .sum::<f32>()
                    / want.len() as f32
            };
            assert!(err(&d.samples[500..19_500], &a[500..19_500]) < 0.03);
            let at = fa * spf;
            assert!(err(&d.samples[at + 500..at + 12_500], &b[500..12_500]) < 0.03);
            // Between the blocks: the padding decodes to silence.
            let between = &d.samples[a.len() + 200..at - 200];
            assert!(between.iter().all(|s| s.abs() < 0.02), "rate {rate}");
        }
    }

    #[test]
    fn joined_blocks_count_frames_bytes_and_the_last_padding() {
        let spf = 1152;
        let mut j = Joined::new(spf);
        let a = vec![0xAAu8; 300];
        let b = vec![0x55u8; 200];
        assert_eq!(j.push(&a, 3, 2000), 0);
        // The second block starts after the first block's three frames.
        assert_eq!(j.push(&b, 2, 1000), 3 * spf);
        assert_eq!(j.samples(), 3 * spf + 1000);
        let template = mp3::info_template(24_000, 64).unwrap();
        let info = read_info(&j.info(&template).unwrap()).unwrap();
        assert_eq!(info.frames, 5);
        assert_eq!(info.bytes as usize, template.len() + 500);
        assert_eq!(info.music_bytes, info.bytes);
        assert_eq!(info.music_crc, crc16(crc16(0, &a), &b));
        assert_eq!(usize::from(info.delay), LAME_DELAY);
        assert_eq!(usize::from(info.padding), 2 * spf - 1000 - LAME_DELAY);
    }
}
