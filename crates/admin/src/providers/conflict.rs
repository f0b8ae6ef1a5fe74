//! The providers' side of the one conflict page (`crate::conflict`):
//! someone saved the provider first. An edit shows the user's version
//! beside the saved one, field by field, with a way to send theirs again
//! on purpose; a review shows the saved version, with a way to mark that
//! one as reviewed.

use askama::Template;
use domain::{Category, Provider, ProviderFields};
use persistence::repo::categories;
use web::views::FormErrors;
use web::{AppError, AppState};

use super::form::{HoursSaved, ProviderForm};
use super::kind::ProviderKind;
use super::{FIELDS, long_date, statuses};
use crate::CountyAccess;
use crate::conflict::{ConflictRow, ConflictView, Resend, fields_html};
use crate::records::href;
use crate::view::FieldsChrome;

/// The form's fields, filled with the user's values, for sending again.
#[derive(Template)]
#[template(path = "admin/providers_fields.html")]
struct Fields<'a> {
    form: &'a ProviderForm,
    errors: FormErrors,
    categories: Vec<Category>,
    statuses: Vec<(&'static str, &'static str)>,
    /// Not shown on the conflict page.
    hours_saved: Option<HoursSaved>,
    chrome: FieldsChrome<'a>,
}

/// The conflict of `saved` with the user's `yours` (an edit), or with
/// nothing of the user's (a review).
pub(super) async fn conflict_view(
    state: &AppState,
    county: &CountyAccess,
    saved: &Provider,
    yours: Option<&ProviderFields>,
) -> Result<ConflictView, AppError> {
    let saved_form = ProviderForm::of_provider(saved);
    let name = saved.fields.name.clone();
    let (notice, rows, resend) = match yours {
        Some(yours) => {
            let mut form = ProviderForm::of(yours);
            form.version = saved.version.to_string();
            let notice = "Someone saved changes to this provider after you started editing. Nothing you sent was saved.";
            let resend = resend_edit(state, county, saved, &form).await?;
            (notice, rows(&saved_form, Some(&form)), resend)
        }
        None => {
            let notice = "The details were changed after you opened the page, so it was not marked as reviewed.";
            (
                notice,
                rows(&saved_form, None),
                resend_review(county, saved),
            )
        }
    };
    Ok(ConflictView {
        title: name.clone(),
        heading: name.clone(),
        notice: notice.to_owned(),
        saved_when: Some(long_date(saved.updated_at)),
        reload_href: href::<ProviderKind>(county, saved),
        reload_text: "reload the edit form with the saved version",
        caption: name,
        rows,
        resend: Some(resend),
    })
}

/// The form that sends the user's values again, on purpose.
async fn resend_edit(
    state: &AppState,
    county: &CountyAccess,
    saved: &Provider,
    form: &ProviderForm,
) -> Result<Resend, AppError> {
    let fields = Fields {
        form,
        errors: FormErrors::new(),
        categories: categories::list(&state.db, county.id).await?,
        statuses: statuses(),
        hours_saved: None,
        chrome: FieldsChrome {
            county_name: &county.name,
            slug: &county.slug,
        },
    };
    Ok(Resend::yours(
        href::<ProviderKind>(county, saved),
        form.version.clone(),
        fields_html(&fields)?,
        "The form holds your version. Saving it replaces the saved version above, including any fields you did not change yourself.",
    ))
}

/// The button that marks the saved version as reviewed.
fn resend_review(county: &CountyAccess, saved: &Provider) -> Resend {
    Resend {
        heading: "Mark the saved version as reviewed",
        explanation: None,
        action: format!("{}/review", href::<ProviderKind>(county, saved)),
        version: saved.version.to_string(),
        fields_html: String::new(),
        button: "Mark as reviewed",
        button_class: "button button--secondary",
    }
}

/// The table's rows: each field, yours beside the saved one, or the saved
/// one alone (a review).
fn rows(saved_form: &ProviderForm, yours: Option<&ProviderForm>) -> Vec<ConflictRow> {
    FIELDS
        .iter()
        .map(|(field, label)| {
            let saved_value = saved_form.display(field);
            let Some(yours) = yours else {
                return ConflictRow::saved_only(label, saved_value);
            };
            let mut row = ConflictRow::side_by_side(label, yours.display(field), saved_value);
            // Categories come back in the county's order: the same set in
            // another order is no difference.
            if *field == "categories" {
                row.differs = sorted_list(&row.saved)
                    != row.yours.as_deref().map(sorted_list).unwrap_or_default();
            }
            row
        })
        .collect()
}

fn sorted_list(raw: &str) -> Vec<&str> {
    let mut items: Vec<&str> = raw.split(',').map(str::trim).collect();
    items.sort_unstable();
    items
}
