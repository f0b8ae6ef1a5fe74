//! Editors and county admins: the county's providers. List (search, filter,
//! sort, pages), create, edit, delete after a confirmation step, and "mark as
//! reviewed". Updates carry the `version` they were based on: a stale one
//! changes nothing and answers 409 with both versions side by side.
//!
//! Providers are a kind of record (`crate::records`): their new and edit
//! forms, create, edit and delete are the shared handlers, and `kind` says
//! what is the providers' own (audit summaries, flash texts, the delete
//! warning). One file per screen or part: `list` (search, filter, sort,
//! pages), `form` (the form, its view model and the saved hours), `check`
//! (the form check), `review` ("mark as reviewed"), `conflict` (its side of
//! the shared 409 page), `saving` (how the shared save flow, `crate::save`,
//! sees providers) and `hours_form` (the opening-hours table). This file
//! keeps the routes and what several of them share: the form's field
//! order, the provider's address, and the audit event.

mod check;
mod conflict;
mod form;
mod hours_form;
mod kind;
mod list;
mod review;
mod saving;

use crate::routes::{Access, Routes, record_routes};
use domain::{NewAuditEvent, ProviderStatus};
use persistence::repo::providers as repo;
use time::OffsetDateTime;
use time::macros::format_description;
use web::ClientAddr;

use crate::CountyAccess;
use crate::view::county_event;
use kind::ProviderKind;
use list::list_providers;
use review::review_provider;

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    let routes = Routes::new().post(
        "/admin/{t}/providers/{id}/review",
        Access::Member,
        review_provider,
    );
    record_routes!(routes, ProviderKind, "/admin/{t}/providers", list_providers)
}

/// The form's fields in the order of the form, with the names people see.
/// The error summary and the conflict table follow this order.
const FIELDS: [(&str, &str); 19] = [
    ("name", "Name"),
    ("slug", "Slug"),
    ("summary", "Summary"),
    ("description", "Description"),
    ("phone", "Phone numbers"),
    ("email", "Email address"),
    ("website", "Website"),
    ("address", "Address"),
    ("address_confidential", "Address is confidential"),
    ("area", "Area served"),
    ("min_age", "Minimum age"),
    ("max_age", "Maximum age"),
    ("eligibility", "Who it is for"),
    ("self_referral", "People can refer themselves"),
    ("professional_referral", "Professionals can refer"),
    ("categories", "Categories"),
    ("opening_hours", "Opening hours"),
    ("hours_note", "Note on hours"),
    ("status", "Status"),
];

fn statuses() -> Vec<(&'static str, &'static str)> {
    ProviderStatus::ALL
        .iter()
        .map(|s| (s.as_str(), s.label()))
        .collect()
}

/// "5 March 2026".
fn long_date(at: OffsetDateTime) -> String {
    at.format(format_description!(
        "[day padding:none] [month repr:long] [year]"
    ))
    .unwrap_or_default()
}

fn event(county: &CountyAccess, action: &str, slug: &str, client: ClientAddr) -> NewAuditEvent {
    county_event(county, action, "provider", Some(slug.to_owned()), client)
}
