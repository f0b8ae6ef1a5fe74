//! Counties.

use std::fmt;

/// Whether a county's public site is served.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CountyStatus {
    Active,
    /// Public site answers 404; admins can still read.
    Suspended,
}

impl CountyStatus {
    /// The stored name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
        }
    }

    /// Parses the stored name.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "active" => Some(Self::Active),
            "suspended" => Some(Self::Suspended),
            _ => None,
        }
    }
}

impl fmt::Display for CountyStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("Enter a name")]
    Empty,
    #[error("The name must be 200 characters or fewer")]
    TooLong,
    /// A character the text rule refuses (`crate::text`).
    #[error("{}", .0.message("The name"))]
    Text(crate::text::TextError),
}

/// A human-readable name (a county's or a person's): trimmed, not empty, at
/// most 200 characters, and nothing the text rule refuses in a name
/// (`crate::text`: no control or direction characters, valid UTF-8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    /// # Errors
    /// `Empty`, `TooLong` or `Text`.
    pub fn parse(raw: &str) -> Result<Self, NameError> {
        let cleaned = raw.trim().to_owned();
        crate::text::check(&cleaned, crate::text::TextKind::Name).map_err(NameError::Text)?;
        if cleaned.is_empty() {
            return Err(NameError::Empty);
        }
        if cleaned.chars().count() > 200 {
            return Err(NameError::TooLong);
        }
        Ok(Self(cleaned))
    }

    /// The name as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The non-emergency police number used when a county has not set its own.
pub const DEFAULT_NON_EMERGENCY: &str = "101";

/// A county as the application sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct County {
    pub id: crate::CountyId,
    pub slug: String,
    pub name: String,
    pub status: CountyStatus,
    /// The non-emergency police number shown beside 999.
    pub non_emergency: String,
    /// Hostnames that serve this county's site at `/`.
    pub hostnames: Vec<String>,
    /// How many months a provider's details count as reviewed.
    pub review_period_months: u32,
    /// Goes up with every change to what the public site shows; rendered
    /// pages are cached under it.
    pub content_version: i64,
    /// The header colour of the public site; `None` for the platform's.
    pub brand_colour: Option<crate::Colour>,
    /// Goes up with every save of the settings (brand colour, non-emergency
    /// number): the settings form's optimistic lock.
    pub settings_version: i32,
    /// Asks search engines not to index the public site.
    pub noindex: bool,
}

impl County {
    /// The settings its admins keep.
    #[must_use]
    pub fn settings(&self) -> crate::CountySettings {
        crate::CountySettings {
            brand_colour: self.brand_colour,
            non_emergency: self.non_emergency.clone(),
            noindex: self.noindex,
        }
    }

    /// Whether the public site is served.
    #[must_use]
    pub fn is_active(&self) -> bool {
        self.status == CountyStatus::Active
    }
}

/// Why a hostname was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostnameError {
    #[error("\u{201c}{0}\u{201d} is not a valid hostname, like support.derbyshire-pcc.gov.uk")]
    Malformed(String),
}

/// Parses a list of hostnames separated by commas, spaces or new lines:
/// lower-cased, each label 1 to 63 letters, digits or hyphens.
///
/// # Errors
/// `Malformed` naming the first bad entry.
pub fn parse_hostnames(raw: &str) -> Result<Vec<String>, HostnameError> {
    let mut hosts: Vec<String> = Vec::new();
    for entry in raw
        .split([',', ' ', '\n', '\r', '\t'])
        .filter(|s| !s.is_empty())
    {
        let host = entry.to_ascii_lowercase();
        let valid = host.len() <= 253
            && host.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if !valid {
            return Err(HostnameError::Malformed(entry.to_owned()));
        }
        if !hosts.contains(&host) {
            hosts.push(host);
        }
    }
    Ok(hosts)
}
