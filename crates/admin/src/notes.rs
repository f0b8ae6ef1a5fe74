//! Editors and county admins: the county's commissioning notes. List,
//! create, edit, and delete after a confirmation step. Updates carry the
//! `version` they were based on: a stale one changes nothing and answers 409
//! with both versions side by side.
//!
//! These pages are the only place internal notes are shown; the public
//! site has no route that reads notes.
//!
//! Notes are a kind of record (`crate::records`): their new and edit forms,
//! create, edit and delete are the shared handlers, and `kind` says what is
//! the notes' own (audit summaries, flash texts, the delete warning). One
//! file per screen or part: `list`, `form` (the form and its view model),
//! `check` (the form check), `conflict` (its side of the shared 409 page)
//! and `saving` (how the shared save flow, `crate::save`, sees notes). This
//! file keeps the routes and what several of them share: the form's field
//! order, the note's status, the provider select, its address, and the
//! audit event.

mod check;
mod conflict;
mod form;
mod kind;
mod list;
mod saving;

use crate::routes::{Routes, record_routes};
use domain::commissioning::london_date;
use domain::{NewAuditEvent, Note, NoteFields};
use persistence::repo::commissioning::{self as repo, ProviderChoice};
use time::{Date, OffsetDateTime};
use web::ClientAddr;

use crate::CountyAccess;
use crate::view::county_event;
use kind::NoteKind;
use list::list_notes;

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    record_routes!(Routes::new(), NoteKind, "/admin/{t}/notes", list_notes)
}

/// The form's fields in the order of the form, with the names people see.
/// The error summary and the conflict table follow this order.
const FIELDS: [(&str, &str); 7] = [
    ("provider", "Provider"),
    ("service", "Service commissioned"),
    ("legal_basis", "Legal basis"),
    ("starts_on", "Start date"),
    ("ends_on", "End date"),
    ("public_statement", "Public statement"),
    ("internal_notes", "Internal notes"),
];

/// Whether the commissioning runs today (London), has ended, or is to come:
/// (label, tag class).
fn status(fields: &NoteFields, today: Date) -> (&'static str, &'static str) {
    if fields.is_current(today) {
        ("Current", "tag")
    } else if fields.starts_on > today {
        ("Not started", "tag tag--grey")
    } else {
        ("Ended", "tag tag--grey")
    }
}

fn today() -> Date {
    london_date(OffsetDateTime::now_utc())
}

/// The county's providers as (slug, name), for the provider select.
fn provider_options(providers: &[ProviderChoice]) -> Vec<(String, String)> {
    providers
        .iter()
        .map(|p| (p.slug.as_str().to_owned(), p.name.clone()))
        .collect()
}

fn event(county: &CountyAccess, action: &str, note: &Note, client: ClientAddr) -> NewAuditEvent {
    county_event(county, action, "note", Some(note.id.to_string()), client)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::commissioning::LEGAL_BASIS_SUGGESTIONS;
    use time::macros::date;

    fn fields(starts_on: Date, ends_on: Option<Date>) -> NoteFields {
        NoteFields {
            provider: None,
            service: "Support".into(),
            legal_basis: LEGAL_BASIS_SUGGESTIONS[0].into(),
            starts_on,
            ends_on,
            public_statement: String::new(),
            internal_notes: String::new(),
        }
    }

    #[test]
    fn describes_the_period_and_its_state() {
        let today = date!(2026 - 05 - 01);
        let closed = fields(date!(2026 - 04 - 01), Some(date!(2027 - 03 - 31)));
        assert_eq!(closed.period(), "1 April 2026 to 31 March 2027");
        assert_eq!(status(&closed, today).0, "Current");
        let open = fields(date!(2026 - 06 - 01), None);
        assert_eq!(open.period(), "From 1 June 2026, no end date");
        assert_eq!(status(&open, today).0, "Not started");
        let past = fields(date!(2025 - 04 - 01), Some(date!(2026 - 03 - 31)));
        assert_eq!(status(&past, today).0, "Ended");
    }
}
