//! Phone numbers, shown as `tel:` links.

use std::fmt;

/// A labelled phone number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    /// "Helpline", "Office"... may be empty.
    pub label: String,
    /// As people write it: "01332 362 120".
    pub number: String,
}

/// Why a phone line was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error(
        "Enter each phone number on its own line, like 01332 362 120 or Helpline: 0800 1111 (\u{201c}{0}\u{201d} is not a phone number)"
    )]
    Malformed(String),
    /// A character the text rule refuses (`crate::text`).
    #[error("{}", .0.message("Phone numbers"))]
    Text(crate::text::TextError),
    #[error("Enter at most 10 phone numbers")]
    TooMany,
}

impl Phone {
    /// The number for a `tel:` link: digits, with a leading `+` kept and a
    /// UK trunk "(0)" after +44 dropped ("+44 (0)1332 362120" -> "+441332362120").
    #[must_use]
    pub fn tel(&self) -> String {
        let without_trunk = self.number.replace("(0)", "");
        let mut out = String::new();
        for (i, c) in without_trunk.trim().chars().enumerate() {
            if c.is_ascii_digit() || (c == '+' && i == 0) {
                out.push(c);
            }
        }
        out
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.label.is_empty() {
            f.write_str(&self.number)
        } else {
            write!(f, "{}: {}", self.label, self.number)
        }
    }
}

/// Parses the phone field: one number a line, each optionally labelled
/// ("Helpline: 0800 1111").
///
/// # Errors
/// `Malformed` for the first line that is not a phone number.
pub fn parse_phones(raw: &str) -> Result<Vec<Phone>, PhoneError> {
    use crate::text::{TextKind, check};
    check(raw, TextKind::Lines).map_err(PhoneError::Text)?;
    let mut phones = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (label, number) = match line.rsplit_once(':') {
            Some((label, number)) => (label.trim(), number.trim()),
            None => ("", line),
        };
        // A label is a name: no direction controls that would disguise it.
        check(label, TextKind::Name).map_err(PhoneError::Text)?;
        let allowed = number
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        let digits = number.chars().filter(char::is_ascii_digit).count();
        let plus_ok = number.find('+').is_none_or(|at| at == 0) && number.matches('+').count() <= 1;
        if !allowed || !(3..=15).contains(&digits) || !plus_ok || label.chars().count() > 60 {
            return Err(PhoneError::Malformed(line.to_owned()));
        }
        phones.push(Phone {
            label: label.to_owned(),
            number: number.to_owned(),
        });
    }
    if phones.len() > 10 {
        return Err(PhoneError::TooMany);
    }
    Ok(phones)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_numbers_for_tel_links() {
        let phones = parse_phones("Helpline: 01332 362 120\n+44 (0)1332 362120\n 0800 1111 ")
            .unwrap_or_default();
        let tels: Vec<String> = phones.iter().map(Phone::tel).collect();
        assert_eq!(tels, ["01332362120", "+441332362120", "08001111"]);
        assert_eq!(phones[0].label, "Helpline");
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for bad in [
            "call us",
            "javascript:alert(1)",
            "12",
            "0800 1111 ext",
            "01332+362120",
        ] {
            assert!(parse_phones(bad).is_err(), "{bad}");
        }
    }
}
