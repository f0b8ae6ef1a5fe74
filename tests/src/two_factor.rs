//! Two-factor codes, computed as an authenticator app would.

/// The RFC 6238 code (HMAC-SHA-1, 6 digits, 30-second steps) of a base32
/// secret at `at`, computed here from the secret as an authenticator app
/// would.
#[must_use]
pub fn totp_code(secret: &str, at: time::OffsetDateTime) -> String {
    let bytes = totp_rs::Secret::try_from_base32(secret).unwrap();
    let totp = totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(bytes)
        .build()
        .unwrap();
    totp.generate(u64::try_from(at.unix_timestamp()).unwrap())
        .to_string()
}
