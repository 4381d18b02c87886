//! Step 1: bytes to text. Scraped interviews arrive as UTF-8, as UTF-16 saved
//! by Windows editors, or as Windows-1251 from old Kyrgyz/Russian sites.

use encoding_rs::{Encoding, KOI8_R, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1251};

use super::ImportError;

/// Decoded input text with the name of the encoding it was found in.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The text, with line endings normalised to `\n`.
    pub text: String,
    /// Human-readable encoding name for the summary.
    pub encoding: &'static str,
}

/// Detects the encoding of `bytes`, decodes them and rejects input that is
/// empty or is not text at all.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, ImportError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    let (text, encoding) = decode_raw(bytes)?;
    // Normalise line endings first so that every later step can split on '\n'.
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\u{feff}', "");
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    if looks_binary(&text) {
        return Err(ImportError::Binary);
    }
    Ok(Decoded { text, encoding })
}

/// Picks the encoding: a byte-order mark wins, then valid UTF-8, then
/// BOM-less UTF-16, then Windows-1251 (the only 8-bit code page in use for
/// Kyrgyz and Russian web text).
fn decode_raw(bytes: &[u8]) -> Result<(String, &'static str), ImportError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let name = if encoding == UTF_8 {
            "UTF-8 (with byte-order mark)"
        } else if encoding == UTF_16LE {
            "UTF-16LE (with byte-order mark)"
        } else {
            "UTF-16BE (with byte-order mark)"
        };
        let body = bytes.get(bom_len..).unwrap_or_default();
        let (text, _) = encoding.decode_without_bom_handling(body);
        return Ok((text.into_owned(), name));
    }
    // Before UTF-8: UTF-16 of ASCII-heavy text is valid UTF-8 full of NULs.
    if let Some(encoding) = bomless_utf16(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        let name = if encoding == UTF_16LE {
            "UTF-16LE (no byte-order mark)"
        } else {
            "UTF-16BE (no byte-order mark)"
        };
        return Ok((text.into_owned(), name));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), "UTF-8"));
    }
    // A NUL byte never occurs in 8-bit text: this is a binary file.
    if bytes.contains(&0) {
        return Err(ImportError::Binary);
    }
    if looks_like_koi8(bytes) {
        let (text, _) = KOI8_R.decode_without_bom_handling(bytes);
        return Ok((text.into_owned(), "KOI8-R"));
    }
    let (text, _) = WINDOWS_1251.decode_without_bom_handling(bytes);
    Ok((text.into_owned(), "Windows-1251"))
}

/// KOI8-R puts lower-case Cyrillic at 0xC0–0xDF and capitals at 0xE0–0xFF, Windows-1251
/// the other way round; running text is mostly lower case, so the busier half tells them
/// apart (read as Windows-1251, KOI8-R text comes out all capitals).
fn looks_like_koi8(bytes: &[u8]) -> bool {
    let low = bytes.iter().filter(|b| (0xC0..=0xDF).contains(*b)).count();
    let high = bytes.iter().filter(|b| **b >= 0xE0).count();
    low > 2 * high && low >= 8
}

/// Recognises UTF-16 without a byte-order mark: in Cyrillic and Latin text
/// the high byte of nearly every code unit is 0x00 (ASCII), 0x04 (Cyrillic)
/// or 0x20 (dashes and quotes), so one byte lane is almost constant.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let units = bytes.len() / 2;
    let typical = |lane: usize| {
        bytes
            .iter()
            .skip(lane)
            .step_by(2)
            .filter(|b| matches!(b, 0x00 | 0x04 | 0x20))
            .count()
    };
    // Demand that the lane really carries zeros too (spaces, digits), or
    // Windows-1251 text full of 0x20 spaces at even offsets could qualify.
    let zeros = |lane: usize| {
        bytes
            .iter()
            .skip(lane)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let qualifies = |lane: usize| typical(lane) * 10 >= units * 9 && zeros(lane) * 10 >= units;
    if qualifies(1) {
        Some(UTF_16LE)
    } else if qualifies(0) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Text is binary when control characters or replacement characters make up
/// more than 1% of it: real interview text contains none besides layout ones.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in text.chars() {
        total += 1;
        let layout = matches!(c, '\n' | '\t' | '\u{c}');
        if c == '\0' || (c.is_control() && !layout) || c == '\u{fffd}' {
            bad += 1;
        }
    }
    bad > 0 && (bad * 100 > total || text.contains('\0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_passed_through() {
        let d = decode("Салам, дүйнө!".as_bytes()).expect("utf-8 decodes");
        assert_eq!(d.text, "Салам, дүйнө!");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("Жок.".as_bytes());
        let d = decode(&bytes).expect("decodes");
        assert_eq!(d.text, "Жок.");
        assert!(d.encoding.starts_with("UTF-8"));
    }

    #[test]
    fn utf16_le_and_be_with_bom_decode() {
        let text = "Сиз кантип келдиңиз?\r\n- Жөн эле.";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        let d = decode(&le).expect("utf-16le decodes");
        assert_eq!(d.text, "Сиз кантип келдиңиз?\n- Жөн эле.");
        assert!(d.encoding.starts_with("UTF-16LE"));
        let d = decode(&be).expect("utf-16be decodes");
        assert_eq!(d.text, "Сиз кантип келдиңиз?\n- Жөн эле.");
        assert!(d.encoding.starts_with("UTF-16BE"));
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let text = "Привет, как дела? Хорошо, спасибо.";
        let bytes: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let d = decode(&bytes).expect("decodes");
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "UTF-16LE (no byte-order mark)");
    }

    #[test]
    fn koi8_r_is_told_from_windows_1251() {
        let text = "Выборы в городской совет: объект, съезд.";
        let (bytes, _, _) = KOI8_R.encode(text);
        assert_eq!(decode_raw(&bytes).unwrap(), (text.to_string(), "KOI8-R"));
        let (bytes, _, _) = WINDOWS_1251.encode(text);
        assert_eq!(decode_raw(&bytes).unwrap().1, "Windows-1251");
    }

    #[test]
    fn windows_1251_decodes() {
        let (bytes, _, _) = WINDOWS_1251.encode("Выборы в городской совет: объект, съезд.");
        let d = decode(&bytes).expect("decodes");
        assert_eq!(d.text, "Выборы в городской совет: объект, съезд.");
        assert_eq!(d.encoding, "Windows-1251");
    }

    #[test]
    fn empty_and_blank_inputs_are_empty() {
        assert!(matches!(decode(b""), Err(ImportError::Empty)));
        assert!(matches!(decode(b" \n\r\n\t "), Err(ImportError::Empty)));
        assert!(matches!(
            decode(&[0xEF, 0xBB, 0xBF]),
            Err(ImportError::Empty)
        ));
    }

    #[test]
    fn binary_inputs_are_rejected() {
        let png = [
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
        ];
        assert!(matches!(decode(&png), Err(ImportError::Binary)));
        let noise: Vec<u8> = (0..=255u8).cycle().take(2048).collect();
        assert!(matches!(decode(&noise), Err(ImportError::Binary)));
        let controls = "text\u{1}\u{2}\u{3}\u{4}".as_bytes();
        assert!(matches!(decode(controls), Err(ImportError::Binary)));
    }
}
