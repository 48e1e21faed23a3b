//! 16-bit WAV output with hound, written atomically.

use std::path::Path;

use crate::error::Result;

pub fn to_i16(s: f32) -> i16 {
    (s.clamp(-1.0, 1.0) * i16::MAX as f32).round() as i16
}

pub fn write(path: &Path, samples: &[f32], rate: u32) -> Result<()> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
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
}
