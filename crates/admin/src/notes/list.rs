//! The list of the county's commissioning notes, with each one's period and
//! whether it runs today.

use askama::Template;
use askama_web::WebTemplate;
use domain::commissioning::iso_date;
use web::AppError;

use super::{repo, status, today};
use crate::call::Call;
use crate::view::{CountyChrome, county_chrome};

pub(super) struct NoteRow {
    id: String,
    service: String,
    provider: Option<String>,
    period: String,
    starts_iso: String,
    status_label: &'static str,
    status_class: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/notes.html")]
pub(super) struct NotesPage {
    chrome: CountyChrome,
    rows: Vec<NoteRow>,
}
/// GET /admin/{t}/notes: the county's notes.
pub(super) async fn list_notes(call: Call) -> Result<NotesPage, AppError> {
    let (state, county) = (&call.state, &call.county);
    let today = today();
    let rows = repo::list(&state.db, county.id)
        .await?
        .into_iter()
        .map(|n| {
            let (status_label, status_class) = status(&n.fields, today);
            NoteRow {
                id: n.id.to_string(),
                period: n.fields.period(),
                starts_iso: iso_date(n.fields.starts_on),
                service: n.fields.service,
                provider: n.provider_name,
                status_label,
                status_class,
            }
        })
        .collect();
    Ok(NotesPage {
        chrome: county_chrome(county).await?,
        rows,
    })
}
