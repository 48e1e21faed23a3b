//! Decoding an MP3 back (symphonia), the way a player would: gapless, so
//! LAME's priming and padding samples are trimmed using its info frame.
//! Mastering measures every episode it encodes with it (the loudness and
//! true peak a listener hears), `narrate check` the real duration, and the
//! tests what was written.

use super::AudioError;
use std::path::Path;

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::DecoderOptions;
use symphonia::core::errors::Error as SymErr;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

/// The decoded audio: sample rate, frame count, and the samples (mono: the
/// first channel) when asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub sample_rate: u32,
    pub frames: u64,
    pub samples: Vec<f32>,
}

impl Decoded {
    pub fn seconds(&self) -> f64 {
        crate::units::Samples::new(self.frames as usize, self.sample_rate).seconds()
    }
}

/// What a listener gets from a file: its decoded length, integrated
/// loudness (LUFS, −∞ for silence) and true peak (dBTP). Streamed: no
/// samples are kept. `narrate build` corrects its loudness with it and
/// `narrate check` reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Listened {
    pub seconds: f64,
    pub lufs: f64,
    pub true_peak_db: f64,
}

pub fn listen(path: &Path) -> Result<Listened, AudioError> {
    let file =
        std::fs::File::open(path).map_err(|e| AudioError::Decode(format!("cannot open: {e}")))?;
    measured(Box::new(file))
}

/// [`listen`] for MP3 bytes in memory: a block being mastered
/// ([`super::master::block`]) is measured before it is stored anywhere.
pub fn listen_bytes(bytes: &[u8]) -> Result<Listened, AudioError> {
    // symphonia owns its source; a block is small, the copy is cheap.
    measured(Box::new(std::io::Cursor::new(bytes.to_vec())))
}

fn measured(source: Box<dyn symphonia::core::io::MediaSource>) -> Result<Listened, AudioError> {
    let mut meter: Option<super::loudness::Meter> = None;
    let (rate, frames) = chunks_of(source, &mut |rate, chunk| {
        meter
            .get_or_insert_with(|| super::loudness::Meter::new(rate))
            .add(chunk);
    })?;
    let (lufs, true_peak_db) = meter.map_or((f64::NEG_INFINITY, f64::NEG_INFINITY), |m| m.result());
    Ok(Listened {
        seconds: crate::units::Samples::new(frames as usize, rate).seconds(),
        lufs,
        true_peak_db,
    })
}

pub fn decode(path: &Path, keep_samples: bool) -> Result<Decoded, AudioError> {
    let mut samples = Vec::new();
    let (sample_rate, frames) = for_each_chunk(path, &mut |_, chunk| {
        if keep_samples {
            samples.extend_from_slice(chunk);
        }
    })?;
    Ok(Decoded {
        sample_rate,
        frames,
        samples,
    })
}

/// Decodes `path`, handing each decoded chunk (mono: the first channel) to
/// `sink` with the sample rate; returns the rate and the frame count. Nothing
/// is kept, so measuring an hour-long file costs no memory.
pub fn for_each_chunk(
    path: &Path,
    sink: &mut dyn FnMut(u32, &[f32]),
) -> Result<(u32, u64), AudioError> {
    let file =
        std::fs::File::open(path).map_err(|e| AudioError::Decode(format!("cannot open: {e}")))?;
    chunks_of(Box::new(file), sink)
}

fn chunks_of(
    source: Box<dyn symphonia::core::io::MediaSource>,
    sink: &mut dyn FnMut(u32, &[f32]),
) -> Result<(u32, u64), AudioError> {
    let mss = MediaSourceStream::new(source, Default::default());
    let mut hint = Hint::new();
    hint.with_extension("mp3");
    let opts = FormatOptions {
        enable_gapless: true,
        ..Default::default()
    };
    let probed = symphonia::default::get_probe()
        .format(&hint, mss, &opts, &MetadataOptions::default())
        .map_err(|e| AudioError::Decode(format!("not a readable MP3: {e}")))?;
    let mut format = probed.format;
    let track = format
        .default_track()
        .ok_or_else(|| AudioError::Decode("no audio track in the file".into()))?
        .clone();
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(|e| AudioError::Decode(format!("cannot decode: {e}")))?;
    let mut rate = track.codec_params.sample_rate.unwrap_or(0);
    let mut frames = 0u64;
    let mut buf: Option<SampleBuffer<f32>> = None;
    let mut mono = Vec::new();
    loop {
        let packet = match format.next_packet() {
            Ok(p) => p,
            // End of stream, or a file cut short: what decoded so far counts.
            Err(SymErr::IoError(_)) => break,
            Err(e) => return Err(AudioError::Decode(format!("cannot read: {e}"))),
        };
        if packet.track_id() != track.id {
            continue;
        }
        let audio = match decoder.decode(&packet) {
            Ok(a) => a,
            // A damaged frame is skipped, as players do.
            Err(SymErr::DecodeError(_)) => continue,
            Err(e) => return Err(AudioError::Decode(format!("cannot decode: {e}"))),
        };
        let spec = *audio.spec();
        rate = spec.rate;
        frames += audio.frames() as u64;
        let b = buf.get_or_insert_with(|| SampleBuffer::new(audio.capacity() as u64, spec));
        if b.capacity() < audio.capacity() * spec.channels.count() {
            *b = SampleBuffer::new(audio.capacity() as u64, spec);
        }
        b.copy_interleaved_ref(audio);
        let ch = spec.channels.count().max(1);
        mono.clear();
        mono.extend(b.samples().iter().step_by(ch));
        sink(rate, &mono);
    }
    Ok((rate, frames))
}
