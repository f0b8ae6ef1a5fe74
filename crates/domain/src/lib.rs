//! The county CMS's types and rules: what a valid provider, page,
//! commissioning note, county, user, password, phone number, slug or set
//! of opening hours is, and the typed ids (`domain::ids`).
//!
//! Owns: parsing raw input once at the edge into these types
//! (`Slug::parse`, `EmailAddress::parse`, `provider::validate`, ...), so
//! everything further in takes the parsed type; the rules every face
//! shares (review periods, scheduling, search snippets).
//!
//! Must never: do IO (no database, HTTP, files or templates; the one
//! clock it reads is a new id's time, `ids`), know of HTML, HTTP or
//! status codes, or depend on another crate of this workspace.

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
