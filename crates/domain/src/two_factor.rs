//! Two-factor sign-in: who must use it, and what is stored for a user.

/// Who must sign in with a second factor (`CMS_REQUIRE_2FA`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requirement {
    /// Platform admins and county admins (of any county).
    Admins,
    /// Everyone.
    All,
    /// No one (anyone may still enrol).
    Off,
}

impl Requirement {
    /// Parses the setting's value: `admins`, `all` or `off`.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "admins" => Some(Self::Admins),
            "all" => Some(Self::All),
            "off" => Some(Self::Off),
            _ => None,
        }
    }

    /// The setting's value.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Admins => "admins",
            Self::All => "all",
            Self::Off => "off",
        }
    }

    /// Whether it covers a user who is a platform admin or not, and who
    /// administers at least one county or not.
    #[must_use]
    pub const fn covers(self, is_platform_admin: bool, administers_a_county: bool) -> bool {
        match self {
            Self::Admins => is_platform_admin || administers_a_county,
            Self::All => true,
            Self::Off => false,
        }
    }
}

/// A user's TOTP enrolment as stored.
#[derive(Clone)]
pub struct Enrolment {
    /// The shared secret, base32 (RFC 4648, no padding). A credential:
    /// never logged, shown or audited.
    pub secret: String,
    /// The last time step a code was accepted for.
    pub last_step: i64,
}

/// The secret stays out of `Debug` output, so it cannot reach a log by way
/// of `{:?}`.
impl std::fmt::Debug for Enrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrolment")
            .field("secret", &"<redacted>")
            .field("last_step", &self.last_step)
            .finish()
    }
}

/// A recovery code as typed, reduced to what is compared: letters and
/// digits only, lower case (so `ABCD-efgh` and `abcdefgh` are one code).
#[must_use]
pub fn normalise_recovery_code(typed: &str) -> String {
    typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_covers_platform_and_county_admins_only() {
        assert!(Requirement::Admins.covers(true, false));
        assert!(Requirement::Admins.covers(false, true));
        assert!(!Requirement::Admins.covers(false, false));
        assert!(Requirement::All.covers(false, false));
        assert!(!Requirement::Off.covers(true, true));
    }

    #[test]
    fn parses_the_three_values_only() {
        assert_eq!(Requirement::parse("ADMINS"), Some(Requirement::Admins));
        assert_eq!(Requirement::parse("all"), Some(Requirement::All));
        assert_eq!(Requirement::parse(" off "), Some(Requirement::Off));
        assert_eq!(Requirement::parse("yes"), None);
    }

    #[test]
    fn recovery_codes_ignore_case_and_separators() {
        assert_eq!(normalise_recovery_code(" AbCd-3fgh 2 "), "abcd3fgh2");
    }
}
