//! MP3 encoding with LAME (mp3lame-encoder), as a stream.
//!
//! CBR mono. LAME is asked for its Xing/"Info" frame: it writes a
//! placeholder as the first frame, and after the flush hands back the real
//! one (frame count, byte count, encoder delay and padding), which is
//! written over the placeholder. With it players show the exact duration
//! and gapless decoders trim LAME's priming samples. PCM goes in one chunk at
//! a time, so the encoded bytes are never all held in memory.

use std::io::{Seek, SeekFrom, Write};

use mp3lame_encoder::{Bitrate, Builder, FlushGap, Mode, MonoPcm, Quality};

/// Samples per encoder call: a little under 0.2 s at 22.05 kHz.
const CHUNK: usize = 4096;

fn bitrate(kbps: u32) -> Option<Bitrate> {
    use Bitrate::*;
    Some(match kbps {
        8 => Kbps8,
        16 => Kbps16,
        24 => Kbps24,
        32 => Kbps32,
        40 => Kbps40,
        48 => Kbps48,
        64 => Kbps64,
        80 => Kbps80,
        96 => Kbps96,
        112 => Kbps112,
        128 => Kbps128,
        160 => Kbps160,
        192 => Kbps192,
        224 => Kbps224,
        256 => Kbps256,
        320 => Kbps320,
        _ => return None,
    })
}

fn lame_err(what: &str, e: impl std::fmt::Debug) -> std::io::Error {
    std::io::Error::other(format!("LAME: {what}: {e:?}"))
}

/// Encodes mono `samples` (−1..1) at `rate` into `out` at its current
/// position, LAME's Info frame first. `after_chunk` is called with the
/// samples encoded so far (for progress; an error from it stops the
/// encoding). Returns the bytes written.
pub fn encode<W: Write + Seek>(
    out: &mut W,
    samples: &[f32],
    rate: u32,
    kbps: u32,
    after_chunk: &mut dyn FnMut(usize) -> std::io::Result<()>,
) -> std::io::Result<u64> {
    encode_stream(out, samples, rate, kbps, true, after_chunk).map(|(n, _)| n)
}

/// Encodes a block: frames only, no Info frame (the file's one is written
/// for all blocks together, [`super::frames::info_frame`]).
pub fn encode_block(
    samples: &[f32],
    rate: u32,
    kbps: u32,
    after_chunk: &mut dyn FnMut(usize) -> std::io::Result<()>,
) -> std::io::Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::with_capacity(
        samples.len() / rate.max(1) as usize * kbps as usize * 125 + 8192,
    ));
    encode_stream(&mut out, samples, rate, kbps, false, after_chunk)?;
    Ok(out.into_inner())
}

/// LAME's Info frame for a stream of this rate and bitrate: the template
/// [`super::frames::info_frame`] fills in for a whole file.
pub fn info_template(rate: u32, kbps: u32) -> std::io::Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    let (_, info) = encode_stream(&mut out, &[0.0; 1152], rate, kbps, true, &mut |_| Ok(()))?;
    match info.is_empty() {
        true => Err(lame_err("info frame", "not written")),
        false => Ok(info),
    }
}

/// Encodes into `out`; returns the bytes written and, if asked for, the
/// Info frame (also written at the start of `out`).
fn encode_stream<W: Write + Seek>(
    out: &mut W,
    samples: &[f32],
    rate: u32,
    kbps: u32,
    info_frame: bool,
    after_chunk: &mut dyn FnMut(usize) -> std::io::Result<()>,
) -> std::io::Result<(u64, Vec<u8>)> {
    let start = out.stream_position()?;
    let mut b = Builder::new().ok_or_else(|| lame_err("init", "out of memory"))?;
    b.set_num_channels(1).map_err(|e| lame_err("channels", e))?;
    b.set_sample_rate(rate)
        .map_err(|e| lame_err("sample rate", e))?;
    b.set_output_sample_rate(std::num::NonZeroU32::new(rate))
        .map_err(|e| lame_err(&format!("an MP3 cannot have {rate} Hz"), e))?;
    let br = bitrate(kbps).ok_or_else(|| lame_err("bitrate", kbps))?;
    b.set_brate(br).map_err(|e| lame_err("bitrate", e))?;
    b.set_mode(Mode::Mono).map_err(|e| lame_err("mode", e))?;
    b.set_quality(Quality::Good)
        .map_err(|e| lame_err("quality", e))?;
    b.set_to_write_vbr_tag(info_frame)
        .map_err(|e| lame_err("info frame", e))?;
    let mut enc = b.build().map_err(|e| lame_err("parameters", e))?;

    let mut buf = Vec::with_capacity(CHUNK * 5 / 4 + 7200);
    let mut done = 0;
    for chunk in samples.chunks(CHUNK) {
        buf.clear();
        enc.encode_to_vec(MonoPcm(chunk), &mut buf)
            .map_err(|e| lame_err("encode", e))?;
        out.write_all(&buf)?;
        done += chunk.len();
        after_chunk(done)?;
    }
    buf.clear();
    enc.flush_to_vec::<FlushGap>(&mut buf)
        .map_err(|e| lame_err("flush", e))?;
    out.write_all(&buf)?;
    let end = out.stream_position()?;

    let mut info = Vec::with_capacity(enc.lame_tag_size().max(1));
    if info_frame && enc.lame_tag_encode_to_vec(&mut info).is_some() {
        out.seek(SeekFrom::Start(start))?;
        out.write_all(&info)?;
        out.seek(SeekFrom::Start(end))?;
    }
    Ok((end - start, info))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_frames_and_an_info_frame() {
        let rate = 22050;
        let samples: Vec<f32> = (0..rate * 2)
            .map(|i| (i as f32 * 0.03).sin() * 0.5)
            .collect();
        let mut out = std::io::Cursor::new(Vec::new());
        let mut calls = 0;
        let n = encode(&mut out, &samples, rate, 64, &mut |_| {
            calls += 1;
            Ok(())
        })
        .unwrap();
        let bytes = out.into_inner();
        assert_eq!(n as usize, bytes.len());
        assert_eq!(calls, samples.len().div_ceil(CHUNK));
        // Frame sync, MPEG-2 layer III.
        assert_eq!(bytes[0], 0xFF);
        assert_eq!(bytes[1] & 0xF0, 0xF0);
        // The first frame is LAME's "Info" frame (CBR) with its tag.
        let head = &bytes[..200];
        assert!(head.windows(4).any(|w| w == b"Info"), "no Info frame");
        assert!(head.windows(4).any(|w| w == b"LAME"), "no LAME tag");
        // 2 s at 64 kbit/s is about 16 KB.
        assert!((15_000..18_000).contains(&bytes.len()), "{}", bytes.len());
    }

    #[test]
    fn decodes_to_the_same_number_of_samples() {
        // A flush that keeps LAME's last partial frame for a "next file"
        // (nogap) loses up to 1152 samples; the info frame's delay and
        // padding must let a gapless decoder give back exactly the input.
        let rate = 22050;
        let samples: Vec<f32> = (0..50_001).map(|i| (i as f32 * 0.02).sin() * 0.5).collect();
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("t.mp3");
        let mut f = std::fs::File::create(&p).unwrap();
        encode(&mut f, &samples, rate, 64, &mut |_| Ok(())).unwrap();
        drop(f);
        let d = crate::audio::decode::decode(&p, true).unwrap();
        assert_eq!(d.sample_rate, rate);
        assert!(
            (d.frames as i64 - samples.len() as i64).abs() <= 2,
            "{} vs {}",
            d.frames,
            samples.len()
        );
        // And it is the same signal, aligned (no leftover encoder delay).
        let err: f32 = d.samples[1000..49_000]
            .iter()
            .zip(&samples[1000..49_000])
            .map(|(a, b)| (a - b).abs())
            .sum::<f32>()
            / 48_000.0;
        assert!(err < 0.05, "mean error {err}");
    }

    #[test]
    fn an_error_from_the_callback_stops_encoding() {
        let samples = vec![0.1f32; 20_000];
        let mut out = std::io::Cursor::new(Vec::new());
        let err = encode(&mut out, &samples, 22050, 64, &mut |_| {
            Err(std::io::Error::other("stop"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "stop");
    }

    #[test]
    fn unsupported_rate_is_an_error() {
        let mut out = std::io::Cursor::new(Vec::new());
        assert!(encode(&mut out, &[0.0; 10], 22000, 64, &mut |_| Ok(())).is_err());
    }
}
