//! The pages' side of the one conflict page (`crate::conflict`): someone
//! changed the page first, so nothing was changed. A refused save shows the
//! user's version beside the saved one, with a way to send it again
//! deliberately; a refused change of state shows the saved version's time
//! and editor only.

use askama::Template;
use domain::Page;
use domain::page::london_time;
use web::AppError;
use web::views::FormErrors;

use super::form::{FIELDS, PageForm};
use super::kind::PageKind;
use crate::CountyAccess;
use crate::conflict::{ConflictRow, ConflictView, Resend, fields_html};
use crate::records::href;

/// The form's fields, filled with the user's values, for sending again.
#[derive(Template)]
#[template(path = "admin/pages_fields.html")]
struct Fields<'a> {
    form: &'a PageForm,
    errors: FormErrors,
}

/// The conflict of `saved` with the user's form `yours`, or with nothing
/// of the user's (a change of state).
pub(super) fn conflict_view(
    county: &CountyAccess,
    saved: &Page,
    yours: Option<&PageForm>,
) -> Result<ConflictView, AppError> {
    let editor = saved.updated_by_name.as_deref().unwrap_or("the schedule");
    let what = format!("the page {}", saved.title());
    let (rows, resend) = match yours {
        Some(yours) => {
            let saved_form = PageForm::of_page(saved);
            let rows = FIELDS
                .iter()
                .map(|(field, label)| {
                    let saved = saved_form.display(field);
                    ConflictRow::side_by_side(label, yours.display(field), saved)
                })
                .collect();
            (rows, Some(resend(county, saved, yours)?))
        }
        None => (Vec::new(), None),
    };
    Ok(ConflictView {
        title: what.clone(),
        heading: what.clone(),
        notice: format!(
            "The page was changed after you opened it (last changed {} by {editor}). Nothing you sent was saved.",
            london_time(saved.updated_at)
        ),
        saved_when: None,
        reload_href: href::<PageKind>(county, saved),
        reload_text: "reload the page with its saved version",
        caption: what,
        rows,
        resend,
    })
}

/// The form that saves the user's version as the draft, on purpose.
fn resend(county: &CountyAccess, saved: &Page, yours: &PageForm) -> Result<Resend, AppError> {
    let mut form = yours.clone();
    form.version = saved.version.to_string();
    let fields = Fields {
        form: &form,
        errors: FormErrors::new(),
    };
    Ok(Resend {
        button: "Save my version as the draft",
        ..Resend::yours(
            href::<PageKind>(county, saved),
            form.version.clone(),
            fields_html(&fields)?,
            "The form holds your version. Saving it makes it the draft, replacing the saved draft.",
        )
    })
}
