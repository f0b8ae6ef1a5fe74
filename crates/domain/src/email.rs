//! Email addresses, compared case-insensitively.

use std::fmt;

/// Why an email address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Enter an email address")]
    Empty,
    #[error("Enter an email address in the correct format, like name@example.org")]
    Malformed,
    /// A character the text rule refuses (`crate::text`).
    #[error("{}", .0.message("The email address"))]
    Text(crate::text::TextError),
}

/// A plausible email address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// # Errors
    /// `Empty`, `Malformed`, or `Text` for a character no text may hold.
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let trimmed = raw.trim();
        crate::text::check(trimmed, crate::text::TextKind::Name).map_err(EmailError::Text)?;
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        let lowered = trimmed.to_lowercase();
        let Some((local, domain)) = lowered.split_once('@') else {
            return Err(EmailError::Malformed);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"@".contains(c));
        if lowered.len() > 254 || !domain_ok || !local_ok {
            return Err(EmailError::Malformed);
        }
        Ok(Self(lowered))
    }

    /// The address as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_trims() {
        let email = EmailAddress::parse("  Jo.Bloggs@Derbyshire-PCC.gov.uk ").map(|e| e.0);
        assert_eq!(email.as_deref(), Ok("jo.bloggs@derbyshire-pcc.gov.uk"));
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "jo",
            "jo@",
            "@example.org",
            "jo@example",
            "jo bloggs@example.org",
            "jo@exa mple.org",
            "jo@@example.org",
        ] {
            assert_eq!(
                EmailAddress::parse(bad),
                Err(EmailError::Malformed),
                "{bad}"
            );
        }
        assert_eq!(EmailAddress::parse("  "), Err(EmailError::Empty));
    }
}
