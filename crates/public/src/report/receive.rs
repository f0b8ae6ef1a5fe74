//! A report as posted: checked in a fixed order, stored only when every
//! check passes, and never logged.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use domain::County;
use domain::NewAuditEvent;
use domain::report::{RawReport, ReportFields, validate};
use persistence::repo::{audit, problem_reports};
use persistence::{begin_write, commit};
use web::views::FormErrors;
use web::{AppError, AppState, ClientAddr};

use super::token::Key;
use super::{ReportForm, Reported, done_page, form_page};

/// Reports one address may send in an hour, to any county.
pub const PER_ADDRESS_PER_HOUR: u64 = 5;
/// Reports a county accepts in a day, from everyone.
pub const PER_COUNTY_PER_DAY: u64 = 200;

/// Checks and stores a report about `object`, answering the visitor. The
/// checks run in the order the module of `report` gives; the first that
/// fails answers.
pub(super) async fn receive(
    state: &AppState,
    county: &County,
    object: &Reported,
    headers: &HeaderMap,
    client: ClientAddr,
    body: &[u8],
) -> Result<Response, AppError> {
    // No session, so no session token: a browser's own word that the post
    // came from our page is what stops another site posting in its name.
    if !web::csrf::is_same_origin(state, headers) {
        return done_page(state, county, object, "cross_site", StatusCode::FORBIDDEN).await;
    }
    // A body that is not a form reads as an empty one: its token fails.
    let form: ReportForm = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let now = state.clock.now().unix_timestamp();
    let key = Key::load(state, now).await?;
    if !key.accepts(&form.token, object, now) {
        let (errors, status) = (FormErrors::new(), StatusCode::UNPROCESSABLE_ENTITY);
        return form_page(state, county, object, form, errors, true, status).await;
    }
    // People never see the honeypot; what fills it is answered exactly as
    // a person would be, and nothing is stored or counted.
    if !form.website.is_empty() {
        return done_page(state, county, object, "thanks", StatusCode::OK).await;
    }
    let fields = match validate(&RawReport {
        kind: form.kind.clone(),
        text: form.text.clone(),
        contact: form.contact.clone(),
    }) {
        Ok(fields) => fields,
        Err(problems) => {
            let (errors, status) = (form_errors(problems), StatusCode::UNPROCESSABLE_ENTITY);
            return form_page(state, county, object, form, errors, false, status).await;
        }
    };
    let address = key.address_hash(&client);
    if over_limits(state, county, &address, now).await? {
        let status = StatusCode::TOO_MANY_REQUESTS;
        let mut res = done_page(state, county, object, "too_many", status).await?;
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("3600"));
        return Ok(res);
    }
    store(state, county, object, &fields, &address, now).await?;
    done_page(state, county, object, "thanks", StatusCode::OK).await
}

/// The problems `validate` found, beside their fields.
fn form_errors(problems: impl IntoIterator<Item = (&'static str, String)>) -> FormErrors {
    let mut errors = FormErrors::new();
    for (field, message) in problems {
        errors.add(field, message);
    }
    errors
}

/// Whether the address (hashed) has sent its reports for the hour, or the
/// county has had its reports for the day.
async fn over_limits(
    state: &AppState,
    county: &County,
    address: &str,
    now: i64,
) -> Result<bool, AppError> {
    let (by_address, by_county) = problem_reports::recent_counts(
        &state.db,
        county.id,
        address,
        now - 3600,
        now - problem_reports::SUBMISSION_KEPT_SECS,
    )
    .await?;
    Ok(by_address >= PER_ADDRESS_PER_HOUR || by_county >= PER_COUNTY_PER_DAY)
}

/// Stores the report and its audit event, in one transaction.
async fn store(
    state: &AppState,
    county: &County,
    object: &Reported,
    fields: &ReportFields,
    address: &str,
    now: i64,
) -> Result<(), AppError> {
    let txn = begin_write(&state.db).await?;
    let new = problem_reports::NewReport {
        object: object.object,
        object_id: object.id,
        object_name: &object.name,
        object_slug: &object.slug,
        fields,
    };
    let id = problem_reports::create(&txn, county.id, &new, address, now).await?;
    audit::record(&txn, received_event(object, id, fields)).await?;
    commit(txn).await?;
    Ok(())
}

/// The audit event of a report received: what it is about and its kind,
/// never who sent it, how to reach them or what they wrote. Its object is
/// the report (not the provider or page: the overview's recent changes,
/// which list content changes, leave it out).
fn received_event(object: &Reported, id: uuid::Uuid, fields: &ReportFields) -> NewAuditEvent {
    let mut e = NewAuditEvent::new("report.received", "a visitor");
    e.county = Some(object.county);
    e.object_type = Some("report".to_owned());
    e.object_id = Some(id.to_string());
    e.summary = format!(
        "a visitor reported a problem with the {} {} ({})",
        object.object.as_str(),
        object.name,
        fields.kind.label().to_lowercase()
    );
    e
}
