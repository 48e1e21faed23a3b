//! Cover art bytes for the ID3 tag: what podcast apps accept (JPEG or PNG,
//! at most 3000 px a side), made from what blogs have (GIF, WebP, huge
//! photos). Anything that cannot be made usable is a warning for the
//! caller, never a failed episode.

use image::{DynamicImage, ImageFormat};

use super::AudioError;

/// Podcast apps' limits for artwork.
pub const MAX_SIDE: u32 = 3000;
pub const MIN_SIDE: u32 = 1400;

/// Art ready for the tag, and what the user should know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cover {
    pub mime: &'static str,
    pub bytes: Vec<u8>,
    pub notes: Vec<String>,
}

fn encode(img: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, AudioError> {
    let mut out = std::io::Cursor::new(Vec::new());
    match format {
        ImageFormat::Jpeg => {
            let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
            img.to_rgb8()
                .write_with_encoder(enc)
                .map_err(|e| AudioError::Image(e.to_string()))?;
        }
        _ => img
            .write_to(&mut out, ImageFormat::Png)
            .map_err(|e| AudioError::Image(e.to_string()))?,
    }
    Ok(out.into_inner())
}

/// Makes `bytes` usable as cover art: JPEG and PNG within the size limit
/// pass unchanged; GIF and WebP become PNG; larger art is scaled down.
/// `Err` says why the file cannot be used at all.
pub fn prepare(bytes: &[u8]) -> Result<Cover, AudioError> {
    let format = image::guess_format(bytes).map_err(|_| {
        AudioError::Image("not an image narrate can read (JPEG, PNG, GIF or WebP)".into())
    })?;
    let mut notes = Vec::new();
    let passthrough = matches!(format, ImageFormat::Jpeg | ImageFormat::Png);
    if !passthrough && !matches!(format, ImageFormat::Gif | ImageFormat::WebP) {
        return Err(AudioError::Image(format!(
            "{format:?} art is not supported; use JPEG or PNG (GIF and WebP are converted)"
        )));
    }
    let (w, h) = image::ImageReader::with_format(std::io::Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| AudioError::Image(format!("cannot read the image: {e}")))?;
    if passthrough && w.max(h) <= MAX_SIDE {
        if w.min(h) < MIN_SIDE {
            notes.push(format!(
                "is {w}×{h} px; podcast apps want {MIN_SIDE} to {MAX_SIDE} px"
            ));
        }
        let mime = if format == ImageFormat::Jpeg {
            "image/jpeg"
        } else {
            "image/png"
        };
        return Ok(Cover {
            mime,
            bytes: bytes.to_vec(),
            notes,
        });
    }
    // Decoding is bounded: refuse absurd dimensions before allocating.
    if u64::from(w) * u64::from(h) > 100_000_000 {
        return Err(AudioError::Image(format!(
            "is {w}×{h} px, too large to convert"
        )));
    }
    let mut img = image::load_from_memory_with_format(bytes, format)
        .map_err(|e| AudioError::Image(format!("cannot read the image: {e}")))?;
    if w.max(h) > MAX_SIDE {
        img = img.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Lanczos3);
        notes.push(format!(
            "was {w}×{h} px; scaled to {}×{} for podcast apps",
            img.width(),
            img.height()
        ));
    }
    if !passthrough {
        notes.push(format!("was {format:?}; converted to PNG"));
    }
    let (out_format, mime) = if format == ImageFormat::Jpeg {
        (ImageFormat::Jpeg, "image/jpeg")
    } else {
        (ImageFormat::Png, "image/png")
    };
    Ok(Cover {
        mime,
        bytes: encode(&img, out_format)?,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image_bytes(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
        let img =
            DynamicImage::ImageRgb8(image::RgbImage::from_pixel(w, h, image::Rgb([200, 80, 40])));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn jpeg_and_png_pass_unchanged_others_are_converted_big_ones_scaled() {
        let png = image_bytes(1400, 1400, ImageFormat::Png);
        let c = prepare(&png).unwrap();
        assert_eq!(
            (c.mime, c.bytes == png, c.notes.len()),
            ("image/png", true, 0)
        );

        let small = prepare(&image_bytes(64, 64, ImageFormat::Jpeg)).unwrap();
        assert_eq!(small.mime, "image/jpeg");
        assert!(small.notes[0].contains("64×64"), "{:?}", small.notes);

        let gif = prepare(&image_bytes(1500, 1500, ImageFormat::Gif)).unwrap();
        assert_eq!(gif.mime, "image/png");
        assert!(gif.bytes.starts_with(b"\x89PNG"));
        assert!(gif.notes.iter().any(|n| n.contains("converted to PNG")));

        let webp = prepare(&image_bytes(1500, 1500, ImageFormat::WebP)).unwrap();
        assert_eq!(webp.mime, "image/png");

        let big = prepare(&image_bytes(4000, 2000, ImageFormat::Jpeg)).unwrap();
        assert_eq!(big.mime, "image/jpeg");
        let (w, h) = image::ImageReader::new(std::io::Cursor::new(&big.bytes))
            .with_guessed_format()
            .unwrap()
            .into_dimensions()
            .unwrap();
        assert_eq!((w, h), (3000, 1500));

        assert!(prepare(b"not an image")
            .unwrap_err()
            .to_string()
            .contains("not an image"));
        assert!(prepare(&[]).is_err());
    }
}
