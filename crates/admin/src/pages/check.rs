//! The page form's check: the domain's rules, then that its embeds name
//! the county's categories and providers. Nothing is written when it
//! fails.

use domain::PageFields;
use domain::page::{Embed, validate};
use persistence::repo::{categories, commissioning};
use web::views::Checked;
use web::{AppError, AppState};

use super::form::{FIELDS, PageForm};
use crate::CountyAccess;

/// Validates the form: the domain's rules, and that the categories and
/// providers its embeds name are the county's.
pub(super) async fn check(
    state: &AppState,
    county: &CountyAccess,
    form: &PageForm,
) -> Result<Checked<PageFields>, AppError> {
    let fields = match validate(&form.to_raw()) {
        Ok(fields) => fields,
        Err(problems) => return Ok(Checked::of(None, problems, &FIELDS)),
    };
    let mut problems = Vec::new();
    if !fields.embeds.is_empty() {
        let cats = categories::list(&state.db, county.id).await?;
        let provs = commissioning::provider_choices(&state.db, county.id).await?;
        for embed in &fields.embeds {
            match embed {
                Embed::Providers {
                    category: Some(c), ..
                } if !cats.iter().any(|k| k.slug == c.as_str()) => problems.push((
                    "body",
                    format!(
                        "{embed}: {} has no category \u{201c}{c}\u{201d}; see the categories page for the slugs",
                        county.name
                    ),
                )),
                Embed::Provider(s) if !provs.iter().any(|p| p.slug == *s) => problems.push((
                    "body",
                    format!(
                        "{embed}: {} has no provider with the slug \u{201c}{s}\u{201d}",
                        county.name
                    ),
                )),
                _ => {}
            }
        }
    }
    Ok(Checked::of(Some(fields), problems, &FIELDS))
}
