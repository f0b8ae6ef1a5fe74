//! User accounts and memberships.

use crate::{County, Role, UserId};
use time::OffsetDateTime;

/// A user account, without its password hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub is_platform_admin: bool,
    pub disabled: bool,
}

/// A user with the stored password hash: only the sign-in path sees this.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

/// A county the user belongs to, with the role held there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub county: County,
    pub role: Role,
}

/// A member of a county, for the county's users page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub user: User,
    pub role: Role,
    /// Disabled in this county (the account may still work elsewhere).
    pub disabled: bool,
    pub added_at: OffsetDateTime,
    /// While the account holder has not yet accepted the county's
    /// invitation: the name the county typed (the account's own name is
    /// not the county's to see until then).
    pub invited_name: Option<String>,
}
