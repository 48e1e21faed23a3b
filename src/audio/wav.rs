//! 16-bit WAV output with hound, written atomically.

use std::path::Path;

use crate::error::Result;

pub fn to_i16(s: f32) -> i16 {
    (s.clamp(-1.0, 1.0) * i16::MAX as f32).round() as i16
}

fn spec(rate: u32) -> hound::WavSpec {
    hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    }
}

/// Writes `path` from the chunks `next` gives (`Ok(None)`: the end),
/// straight to a temp file beside it, renamed into place when complete:
/// an hour of speech never has to be in memory at once. An error from
/// `next` stops the writing and is returned; `path` is untouched.
pub fn stream(
    path: &Path,
    rate: u32,
    next: &mut dyn FnMut() -> Result<Option<Vec<f32>>>,
) -> Result<()> {
    let mut failed = None;
    let written = crate::atomic::write_with(path, |out| {
        let mut w = hound::WavWriter::new(out, spec(rate)).map_err(std::io::Error::other)?;
        loop {
            match next() {
                Ok(Some(chunk)) => {
                    for s in chunk {
                        w.write_sample(to_i16(s)).map_err(std::io::Error::other)?;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    failed = Some(e);
                    return Err(std::io::Error::other("stopped"));
                }
            }
        }
        w.finalize().map_err(std::io::Error::other)
    });
    match failed {
        Some(e) => Err(e),
        None => written,
    }
}

pub fn write(path: &Path, samples: &[f32], rate: u32) -> Result<()> {
    let spec = spec(rate);
    crate::atomic::write_with(path, |out| {
        // hound needs Seek to patch the header: build in memory, then write.
        let mut buf = std::io::Cursor::new(Vec::with_capacity(44 + samples.len() * 2));
        {
            let mut w = hound::WavWriter::new(&mut buf, spec).map_err(std::io::Error::other)?;
            for &s in samples {
                w.write_sample(to_i16(s)).map_err(std::io::Error::other)?;
            }
            w.finalize().map_err(std::io::Error::other)?;
        }
        std::io::Write::write_all(out, buf.get_ref())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_through_hound() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("x.wav");
        write(&p, &[0.0, 0.5, -1.0, 2.0], 22050).unwrap();
        let mut r = hound::WavReader::open(&p).unwrap();
        assert_eq!(r.spec().sample_rate, 22050);
        assert_eq!(r.spec().bits_per_sample, 16);
        let s: Vec<i16> = r.samples::<i16>().map(|s| s.unwrap()).collect();
        assert_eq!(s, vec![0, 16384, -32767, 32767]);
    }

    #[test]
    fn streams_chunks_and_an_error_leaves_the_file_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("x.wav");
        let mut chunks = vec![vec![0.5f32; 3], vec![], vec![-0.5; 2]].into_iter();
        stream(&p, 24000, &mut || Ok(chunks.next())).unwrap();
        let mut r = hound::WavReader::open(&p).unwrap();
        assert_eq!(r.spec().sample_rate, 24000);
        let s: Vec<i16> = r.samples::<i16>().map(|s| s.unwrap()).collect();
        assert_eq!(s, vec![16384, 16384, 16384, -16384, -16384]);
        let before = std::fs::read(&p).unwrap();
        let mut calls = 0;
        let err = stream(&p, 24000, &mut || {
            calls += 1;
            match calls {
                1 => Ok(Some(vec![0.1; 10])),
                _ => Err(crate::error::Error::Interrupted),
            }
        });
        assert!(matches!(err, Err(crate::error::Error::Interrupted)));
        assert_eq!(std::fs::read(&p).unwrap(), before);
    }
}
