//! What a member of a county may do there.

use std::fmt;

/// A county role. Platform administration is a flag on the user, not a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything an editor does, plus the county's users, settings and audit log.
    CountyAdmin,
    /// Keeps providers, pages and commissioning notes current.
    Editor,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Self; 2] = [Self::CountyAdmin, Self::Editor];

    /// The stored and form name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::CountyAdmin => "county_admin",
            Self::Editor => "editor",
        }
    }

    /// A name for people.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::CountyAdmin => "County admin",
            Self::Editor => "Editor",
        }
    }

    /// Parses the stored and form name.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == raw)
    }

    /// Whether this role may manage the county's users, settings and audit log.
    #[must_use]
    pub const fn can_administer(self) -> bool {
        matches!(self, Self::CountyAdmin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
