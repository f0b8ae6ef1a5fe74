//! Creating a provider, through the shared save flow: the form is checked
//! first, and nothing is written when it fails (a slug taken or a category
//! deleted meanwhile included).

use axum::extract::State;
use axum::response::Response;
use domain::Provider;
use web::{AppError, AppState, ClientAddr, CsrfForm};

use super::check::check;
use super::form::ProviderForm;
use super::saving::Providers;
use super::{event, provider_href, repo};
use crate::CountyAccess;
use crate::save::{InCounty, save_new};
use crate::write::Written;

/// POST /admin/{t}/providers: add a provider (422 for bad input).
pub(super) async fn create_provider(
    State(state): State<AppState>,
    county: CountyAccess,
    client: ClientAddr,
    CsrfForm(form): CsrfForm<ProviderForm>,
) -> Result<Response, AppError> {
    county.require_writable()?;
    let checked = check(&state, &county, &form).await?;
    let screen = Providers {
        at: InCounty::new(&state, &county),
    };
    let (county_id, actor) = (county.id, Some(county.current.user.id));
    let write = async |txn: &_, fields: &_| repo::create(txn, county_id, fields, actor).await;
    let written = |created: &Provider, _: &_| {
        let slug = created.fields.slug.as_str();
        let mut e = event(&county, "provider.create", slug, client);
        e.changed_fields = ProviderForm::of(&created.fields).filled_fields();
        e.summary = format!("created {}", created.fields.name);
        Written {
            event: e,
            flash: format!("{} was added.", created.fields.name),
            next: provider_href(&county, created),
        }
    };
    save_new(&screen, form, checked, write, written).await
}
