//! The password policy: NIST SP 800-63B style. Length 15 to 128 characters,
//! no composition rules, and a refusal of passwords that are common or built
//! from words an attacker would try first for this service.

use std::collections::HashSet;
use std::sync::LazyLock;

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 15;
/// The longest password accepted, in characters. Longer input is refused,
/// never silently truncated.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Words an attacker tries first against this service.
const SERVICE_WORDS: &[&str] = &[
    "police",
    "commissioner",
    "crime",
    "pcc",
    "county",
    "council",
    "admin",
    "administrator",
    "password",
    "passw0rd",
    "welcome",
    "letmein",
    "support",
    "cms",
    "safeandsound",
];

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
});

/// Why a password was refused. The messages are shown beside the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("Password must be {MIN_PASSWORD_CHARS} characters or more")]
    TooShort,
    #[error("Password must be {MAX_PASSWORD_CHARS} characters or fewer")]
    TooLong,
    #[error("That password is too common or too easy to guess; try three or four random words")]
    Common,
    /// Text that was not valid UTF-8 (read as U+FFFD, so different bytes
    /// would make the same password) or a control character, which no
    /// keyboard types the same way twice.
    #[error(
        "Password contains characters that could not be read or an invisible control \
         character; type it again rather than pasting it"
    )]
    Unreadable,
}

/// Checks a new password against the policy. `context` holds words tied to
/// this account or county (email, names, county slug) that must not carry the
/// password on their own.
///
/// # Errors
/// `TooShort`, `TooLong`, `Unreadable` or `Common`.
pub fn check_password(password: &str, context: &[&str]) -> Result<(), PasswordError> {
    if crate::text::check(password, crate::text::TextKind::Line).is_err() {
        return Err(PasswordError::Unreadable);
    }
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(PasswordError::TooLong);
    }
    if is_guessable(password, context) {
        return Err(PasswordError::Common);
    }
    Ok(())
}

fn is_guessable(password: &str, context: &[&str]) -> bool {
    let lowered = password.to_lowercase();
    if COMMON.contains(lowered.as_str()) {
        return true;
    }
    // Too few distinct characters: "aaaaaaaaaaaaaaa", "121212121212121".
    let distinct: HashSet<char> = lowered.chars().collect();
    if distinct.len() < 5 {
        return true;
    }
    // One short unit repeated: "iloveyouiloveyou", "abcabcabcabcabc".
    if is_repetition(&lowered) {
        return true;
    }
    // What is left once digits, symbols and spaces are taken away, checked
    // against the common list and the service and context words:
    // "Password123456789!", "Derbyshire2026!!!", "police police police".
    let letters: String = lowered.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.chars().count() < 4 {
        return true;
    }
    let context_words = context
        .iter()
        .flat_map(|c| c.split(|ch: char| !ch.is_alphanumeric()))
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 2);
    let mut known: Vec<String> = SERVICE_WORDS.iter().map(|w| (*w).to_owned()).collect();
    known.extend(context_words);
    if COMMON.contains(letters.as_str()) || is_repetition(&letters) {
        return true;
    }
    // Letters made only of known words (each possibly repeated).
    covered_by_words(&letters, &known)
}

fn is_repetition(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    (1..=n / 2)
        .any(|unit| n.is_multiple_of(unit) && chars.chunks(unit).all(|c| c == &chars[..unit]))
}

/// Whether `letters` can be split entirely into words of `known`.
fn covered_by_words(letters: &str, known: &[String]) -> bool {
    let chars: Vec<char> = letters.chars().collect();
    let n = chars.len();
    let words: Vec<Vec<char>> = known.iter().map(|w| w.chars().collect()).collect();
    let mut reachable = vec![false; n + 1];
    reachable[0] = true;
    for start in 0..n {
        if !reachable[start] {
            continue;
        }
        for word in &words {
            let end = start + word.len();
            if !word.is_empty() && end <= n && chars[start..end] == word[..] {
                reachable[end] = true;
            }
        }
    }
    reachable[n]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_or_control_characters_are_refused() {
        for bad in [
            "amber falcon \u{FFFD} meadow",
            "amber falcon\0meadow 73",
            "amber\nfalcon meadow 73",
        ] {
            assert_eq!(
                check_password(bad, &[]),
                Err(PasswordError::Unreadable),
                "{bad:?}"
            );
        }
        assert_eq!(check_password("amber falcon meadow 73", &[]), Ok(()));
    }

    #[test]
    fn accepts_a_long_passphrase() {
        assert_eq!(check_password("correct horse battery staple", &[]), Ok(()));
        assert_eq!(
            check_password("plum-otter-lantern-9", &["derbyshire"]),
            Ok(())
        );
    }

    #[test]
    fn refuses_short_and_overlong_passwords() {
        assert_eq!(
            check_password("fourteen chars", &[]),
            Err(PasswordError::TooShort)
        );
        assert_eq!(
            check_password(&"x7".repeat(65), &[]),
            Err(PasswordError::TooLong)
        );
    }

    #[test]
    fn counts_characters_not_bytes() {
        // 15 characters, 30 bytes.
        assert_eq!(check_password("ééééé ñandú λόγο", &[]).err(), None);
    }

    #[test]
    fn refuses_common_and_context_passwords() {
        for bad in [
            "passwordpassword",
            "Password123456789!",
            "aaaaaaaaaaaaaaaaaa",
            "123456789012345",
            "iloveyouiloveyou",
            "Derbyshire2026!!!",
            "PoliceCommissioner1",
            "jo.bloggs@example.org",
        ] {
            assert_eq!(
                check_password(bad, &["derbyshire", "jo.bloggs@example.org", "Jo Bloggs"]),
                Err(PasswordError::Common),
                "{bad}"
            );
        }
    }
}
