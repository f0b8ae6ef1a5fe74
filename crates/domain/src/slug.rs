//! URL slugs: lower-case ASCII letters, digits and `-`.

use std::fmt;

use crate::text::Problems;

/// County slugs that would collide with the application's own routes.
pub const RESERVED_COUNTY_SLUGS: &[&str] = &[
    "admin",
    "assets",
    "api",
    "healthz",
    "readyz",
    "tenants",
    "login",
    "logout",
    "audit",
    "safety",
    "static",
    "account",
    "reset",
    "invitations",
];

/// The longest slug accepted.
pub const MAX_SLUG_LEN: usize = 63;

/// Why a slug was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("Enter a slug")]
    Empty,
    #[error("The slug must be {MAX_SLUG_LEN} characters or fewer")]
    TooLong,
    #[error(
        "The slug can only contain lower-case letters a to z, digits and hyphens, and cannot start or end with a hyphen"
    )]
    Malformed,
    #[error("The slug \u{201c}{0}\u{201d} is reserved; choose another")]
    Reserved(String),
}

/// A valid slug.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Slug(String);

impl Slug {
    /// Parses a slug exactly as given (no trimming or case folding: a slug in
    /// a URL is either right or it is not).
    ///
    /// # Errors
    /// `Empty`, `TooLong` or `Malformed`.
    pub fn parse(raw: &str) -> Result<Self, SlugError> {
        if raw.is_empty() {
            return Err(SlugError::Empty);
        }
        if raw.len() > MAX_SLUG_LEN {
            return Err(SlugError::TooLong);
        }
        let well_formed = raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !raw.starts_with('-')
            && !raw.ends_with('-')
            && !raw.contains("--");
        if well_formed {
            Ok(Self(raw.to_owned()))
        } else {
            Err(SlugError::Malformed)
        }
    }

    /// The slug as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A slug that may name a county: a valid slug that is not reserved.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CountySlug(Slug);

impl CountySlug {
    /// # Errors
    /// The errors of [`Slug::parse`], or `Reserved`.
    pub fn parse(raw: &str) -> Result<Self, SlugError> {
        let slug = Slug::parse(raw)?;
        if RESERVED_COUNTY_SLUGS.contains(&slug.as_str()) {
            return Err(SlugError::Reserved(slug.0));
        }
        Ok(Self(slug))
    }

    /// The slug as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for CountySlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A slug made from a name: "Derbyshire LGBT+" -> "derbyshire-lgbt".
#[must_use]
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = match c {
            '’' | '\'' => continue,
            '&' => {
                out.push_str("-and-");
                continue;
            }
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut slug = out.trim_matches('-').replace("--", "-");
    while slug.contains("--") {
        slug = slug.replace("--", "-");
    }
    slug.truncate(MAX_SLUG_LEN);
    slug.trim_end_matches('-').to_owned()
}

/// A form's slug field: the slug typed (trimmed), or else one made from
/// the record's `name` by [`slugify`]. A problem is added against `slug`,
/// unless nothing was typed and the name is empty too: the name's own
/// message then says what to do.
pub(crate) fn typed_or_from_name(errors: &mut Problems, typed: &str, name: &str) -> Option<Slug> {
    let typed = typed.trim();
    let source = if typed.is_empty() {
        slugify(name)
    } else {
        typed.to_owned()
    };
    match Slug::parse(&source) {
        Ok(slug) => Some(slug),
        Err(e) => {
            if !name.is_empty() || !typed.is_empty() {
                errors.push(("slug", e.to_string()));
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lower_case_letters_digits_and_inner_hyphens() {
        assert!(Slug::parse("north-yorkshire-2").is_ok());
    }

    #[test]
    fn refuses_malformed_slugs() {
        for bad in [
            "Derby",
            "derby shire",
            "-derby",
            "derby-",
            "der--by",
            "dérby",
            "a/b",
        ] {
            assert_eq!(Slug::parse(bad), Err(SlugError::Malformed), "{bad}");
        }
        assert_eq!(Slug::parse(""), Err(SlugError::Empty));
        assert_eq!(Slug::parse(&"a".repeat(64)), Err(SlugError::TooLong));
    }

    #[test]
    fn refuses_reserved_county_slugs() {
        for reserved in RESERVED_COUNTY_SLUGS {
            assert!(matches!(
                CountySlug::parse(reserved),
                Err(SlugError::Reserved(_))
            ));
        }
        assert!(CountySlug::parse("derbyshire").is_ok());
    }
}
