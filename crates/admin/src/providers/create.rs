//! Creating a provider: the form is checked first, and nothing is written
//! when it fails (a slug taken or a category deleted meanwhile included).

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use persistence::repo::audit;
use persistence::{RepoError, begin_write, commit};
use web::{AppError, AppState, ClientAddr, CsrfForm, flash};

use super::check::{check, slug_taken};
use super::form::{ProviderForm, invalid};
use super::{event, provider_href, repo};
use crate::County;
use crate::view::rollback;

/// POST /admin/{t}/providers: add a provider.
pub(super) async fn create_provider(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    CsrfForm(form): CsrfForm<ProviderForm>,
) -> Result<Response, AppError> {
    county.require_writable()?;
    let fields = match check(&state, &county, &form).await? {
        Ok(fields) => fields,
        Err(errors) => return invalid(&state, &county, None, form, errors).await,
    };
    let txn = begin_write(&state.db).await?;
    let created = match repo::create(
        &txn,
        county.tenant.id,
        &fields,
        Some(county.current.user.id),
    )
    .await
    {
        Ok(created) => created,
        Err(RepoError::Taken(_)) => {
            rollback(txn).await?;
            let errors = slug_taken(&county, &fields.slug);
            return invalid(&state, &county, None, form, errors).await;
        }
        // A category was deleted between the check and the write.
        Err(RepoError::NotFound) => {
            rollback(txn).await?;
            let errors = check(&state, &county, &form)
                .await?
                .err()
                .unwrap_or_default();
            return invalid(&state, &county, None, form, errors).await;
        }
        Err(other) => return Err(other.into()),
    };
    let mut e = event(
        &county,
        "provider.create",
        created.fields.slug.as_str(),
        client,
    );
    e.changed_fields = ProviderForm::of(&created.fields).filled_fields();
    e.summary = format!("created {}", created.fields.name);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!("{} was added.", created.fields.name),
    )
    .await?;
    Ok(Redirect::to(&provider_href(&county, &created)).into_response())
}
