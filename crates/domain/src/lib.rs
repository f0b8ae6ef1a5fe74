//! Pure types and rules of the county CMS.
//!
//! Nothing here does IO: no database, no HTTP, no templates. Raw input is
//! parsed once at the edge into these types (`Slug::parse`,
//! `EmailAddress::parse`, ...), and everything further in takes the parsed type.

pub mod account;
pub mod audit;
pub mod colour;
pub mod commissioning;
pub mod county;
pub mod email;
pub mod ids;
pub mod page;
pub mod password;
pub mod provider;
pub mod report;
pub mod role;
pub mod search;
pub mod settings;
pub mod slug;
pub mod text;
pub mod two_factor;
pub mod user;

pub use account::{UserSession, ua_family};
pub use audit::{AuditEvent, NewAuditEvent};
pub use colour::{Colour, Palette};
pub use commissioning::{Note, NoteFields, NoteId, RawNote};
pub use county::{County, CountyStatus, DisplayName, HostnameError, NameError, parse_hostnames};
pub use email::{EmailAddress, EmailError};
pub use ids::{CategoryId, CountyId, UserId};
pub use page::{Embed, Page, PageContent, PageFields, PageId, PageState, RawPage, Revision};
pub use password::{PasswordError, check_password};
pub use provider::{Category, Provider, ProviderFields, ProviderId, ProviderStatus, RawProvider};
pub use role::Role;
pub use settings::{CountySettings, RawSettings};
pub use slug::{CountySlug, Slug, SlugError};
pub use text::{TextError, TextKind};
pub use user::{Credentials, Member, Membership, User};
