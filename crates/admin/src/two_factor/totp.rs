//! The codes themselves: TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second
//! steps, one step of clock skew either way) through `totp-rs`, the
//! `otpauth://` address and its QR code (`qrcode`'s SVG renderer), and
//! recovery codes.

use std::fmt;

use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Builder, Secret, Totp};
use web::AppError;

/// The issuer authenticator apps show beside the account.
const ISSUER: &str = "County support CMS";
/// Seconds per time step.
pub const STEP_SECS: i64 = 30;
/// How many recovery codes an enrolment gets.
pub const RECOVERY_CODES: usize = 10;
/// Letters and digits of recovery codes: no 0/o, 1/l, so they can be read
/// aloud and typed from paper.
const CODE_ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";

/// A fresh secret of 160 random bits (RFC 4226's recommendation), base32.
pub fn new_secret() -> String {
    Secret::from(rand::random::<[u8; 20]>()).to_base32()
}

/// The TOTP generator for a stored secret: SHA-1, six digits, 30-second
/// steps, one step of skew either way.
fn totp(secret: &str, account: &str) -> Result<Totp, AppError> {
    let bytes = Secret::try_from_base32(secret).map_err(|_| corrupt())?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(STEP_SECS.unsigned_abs())
        .with_skew(1)
        .with_secret(bytes)
        .with_issuer(Some(ISSUER))
        .with_account_name(account.replace(':', "_"))
        .build()
        .map_err(|e| AppError::internal(std::io::Error::other(e.to_string())))
}

/// A stored secret that does not decode: a 500, which names no secret.
fn corrupt() -> AppError {
    // Never the secret itself, nor the decoder's message about it.
    AppError::internal(std::io::Error::other(
        "stored two-factor secret is not base32",
    ))
}

/// The time step of `code` when it is right for `secret` at `now` (unix
/// seconds), within one step either way. Anything but six digits (spaces
/// aside) is never right.
///
/// # Errors
/// `Internal` when the stored secret is not base32.
pub fn matching_step(secret: &str, code: &str, now: i64) -> Result<Option<i64>, AppError> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    let Ok(now) = u64::try_from(now) else {
        return Ok(None);
    };
    let step = totp(secret, "")?.check(&digits, now);
    Ok(step.and_then(|s| i64::try_from(s).ok()))
}

/// The `otpauth://totp/...` address an authenticator app reads.
///
/// # Errors
/// `Internal` when the secret is not base32.
pub fn otpauth_uri(secret: &str, account: &str) -> Result<String, AppError> {
    totp(secret, account)?
        .to_url()
        .map_err(|e| AppError::internal(std::io::Error::other(e.to_string())))
}

/// An inline SVG QR code, drawn here from an address we built: nothing in
/// it comes from a request, so it is written into the page unescaped (the
/// template's `|safe`). It carries no script and loads nothing.
pub struct QrSvg(String);

impl QrSvg {
    /// The QR code of `text`.
    ///
    /// # Errors
    /// `Internal` when the text is too long for a QR code.
    pub fn of(text: &str) -> Result<Self, AppError> {
        let code = qrcode::QrCode::new(text.as_bytes())
            .map_err(|e| AppError::internal(std::io::Error::other(e.to_string())))?;
        let svg = code
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .build();
        // Inline SVG takes no XML declaration; the role and label let a
        // screen reader say what it is.
        let body = svg.find("<svg").map_or(svg.as_str(), |at| &svg[at..]);
        Ok(Self(body.replacen(
            "<svg ",
            "<svg role=\"img\" aria-label=\"QR code of the setup address\" focusable=\"false\" ",
            1,
        )))
    }
}

impl fmt::Display for QrSvg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Ten fresh recovery codes, as shown: 16 characters of 5 random bits
/// each (80 bits), in groups of four.
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let bytes = rand::random::<[u8; 10]>();
            let mut bits: u128 = 0;
            for b in bytes {
                bits = (bits << 8) | u128::from(b);
            }
            let chars: Vec<char> = (0..16)
                .map(|i| {
                    let index = usize::try_from((bits >> (75 - 5 * i)) & 0x1f).unwrap_or(0);
                    char::from(CODE_ALPHABET[index])
                })
                .collect();
            chars
                .chunks(4)
                .map(|group| group.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// What is stored of a recovery code: the hex SHA-256 of its normalised
/// form. 80 random bits cannot be found from the hash by trying, so a
/// slow hash (argon2) would only cost time at every use.
pub fn recovery_code_hash(typed: &str) -> String {
    let normal = domain::two_factor::normalise_recovery_code(typed);
    Sha256::digest(normal.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238's test secret ("12345678901234567890") and its SHA-1
    /// vectors, cut to six digits.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn accepts_the_rfc_vectors_and_one_step_of_skew() {
        assert_eq!(
            matching_step(RFC_SECRET, "287082", 59).ok().flatten(),
            Some(1)
        );
        assert_eq!(
            matching_step(RFC_SECRET, "081804", 1_111_111_109)
                .ok()
                .flatten(),
            Some(37_037_036)
        );
        // The same code a step later still counts, two steps later not.
        assert!(
            matching_step(RFC_SECRET, "081804", 1_111_111_109 + 30)
                .ok()
                .flatten()
                .is_some()
        );
        assert!(
            matching_step(RFC_SECRET, "081804", 1_111_111_109 + 60)
                .ok()
                .flatten()
                .is_none()
        );
        assert!(
            matching_step(RFC_SECRET, "08180x", 1_111_111_109)
                .ok()
                .flatten()
                .is_none()
        );
    }

    #[test]
    fn recovery_codes_are_distinct_and_hash_alike_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(codes[0].len(), 19);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), RECOVERY_CODES);
        assert_eq!(
            recovery_code_hash(&codes[0]),
            recovery_code_hash(&codes[0].to_uppercase().replace('-', " "))
        );
    }

    #[test]
    fn the_qr_code_is_inline_svg() {
        let svg = QrSvg::of("otpauth://totp/x?secret=AAAA").map(|q| q.to_string());
        let svg = svg.unwrap_or_default();
        assert!(svg.starts_with("<svg role=\"img\""));
        assert!(!svg.contains("<?xml"));
    }
}
