//! Typed identifiers. A `CountyId` is the first argument of every
//! county-owned repository call, so a query that forgets its county does not
//! compile; and each kind of record has its own id type, so a note's id
//! passed where a provider's is wanted does not compile either.

use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl $name {
            /// A new time-ordered (v7) id.
            #[must_use]
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// Wraps an id read from storage or parsed from a URL.
            #[must_use]
            pub const fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }

            /// The underlying UUID.
            #[must_use]
            pub const fn as_uuid(self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        /// Parses an id from a URL segment or a form: a handler maps the
        /// error to its "not found".
        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(raw: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(raw).map(Self)
            }
        }
    };
}

id_type!(
    /// A county (county).
    CountyId
);
id_type!(
    /// A user account.
    UserId
);
id_type!(
    /// A provider of the county's directory: `(tenant_id, id)` is its key.
    ProviderId
);
id_type!(
    /// A commissioning note: `(tenant_id, id)` is its key.
    NoteId
);
id_type!(
    /// A content page: `(tenant_id, id)` is its key. Its revisions are
    /// numbered 1, 2, 3... within the page (an `i32`, not an id of their
    /// own).
    PageId
);
id_type!(
    /// A county's category of provider: `(tenant_id, id)` is its key.
    CategoryId
);
