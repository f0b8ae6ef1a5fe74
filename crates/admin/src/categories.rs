//! Editors and county admins: the county's categories of provider.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Category, CategoryId, DisplayName, NewAuditEvent, Slug};
use persistence::repo::{audit, categories};
use persistence::{RepoError, begin_write, commit};
use serde::Deserialize;
use web::EmptyForm;
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState, ClientAddr, CsrfForm, flash};

use crate::County;
use crate::view::{county_chrome, county_event};

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/{t}/categories", Access::Member, list_categories)
        .post("/admin/{t}/categories", Access::Member, create_category)
        .post(
            "/admin/{t}/categories/{id}/delete",
            Access::Member,
            delete_category,
        )
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct CategoryForm {
    slug: String,
    name: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/categories.html")]
struct CategoriesPage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    read_only: bool,
    categories: Vec<Category>,
    form: CategoryForm,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    county: &County,
    form: CategoryForm,
    errors: FormErrors,
) -> Result<CategoriesPage, AppError> {
    Ok(CategoriesPage {
        chrome: county_chrome(county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        read_only: !county.tenant.is_active(),
        categories: categories::list(&state.db, county.tenant.id).await?,
        form,
        errors,
    })
}

async fn list_categories(
    State(state): State<AppState>,
    county: County,
) -> Result<CategoriesPage, AppError> {
    page(&state, &county, CategoryForm::default(), FormErrors::new()).await
}

fn event(county: &County, action: &str, slug: &str, client: ClientAddr) -> NewAuditEvent {
    county_event(county, action, "category", Some(slug.to_owned()), client)
}

async fn create_category(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    CsrfForm(form): CsrfForm<CategoryForm>,
) -> Result<Response, AppError> {
    county.require_writable()?;
    let mut errors = FormErrors::new();
    // In the order of the form, so the error summary follows it.
    let name = DisplayName::parse(&form.name)
        .map_err(|e| errors.add("name", e.to_string()))
        .ok();
    let slug = Slug::parse(form.slug.trim())
        .map_err(|e| errors.add("slug", e.to_string()))
        .ok();
    let (Some(slug), Some(name)) = (slug, name) else {
        let page = page(&state, &county, form, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let txn = begin_write(&state.db).await?;
    let category = match categories::create(&txn, county.tenant.id, &slug, name.as_str()).await {
        Ok(category) => category,
        Err(RepoError::Taken(_)) => {
            crate::view::rollback(txn).await?;
            errors.add(
                "slug",
                format!(
                    "{} already has a category with the slug \u{201c}{slug}\u{201d}",
                    county.tenant.name
                ),
            );
            let page = page(&state, &county, form, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
        Err(other) => return Err(other.into()),
    };
    let mut e = event(&county, "category.create", &category.slug, client);
    e.changed_fields = vec!["slug".to_owned(), "name".to_owned()];
    e.summary = format!("created category {}", category.name);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!("Category {} was added.", category.name),
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/{}/categories", county.tenant.slug)).into_response())
}

async fn delete_category(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response, AppError> {
    let id: CategoryId = id.parse().map_err(|_| AppError::NotFound)?;
    let category = categories::list(&state.db, county.tenant.id)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(AppError::NotFound)?;
    county.require_writable()?;
    let txn = begin_write(&state.db).await?;
    categories::delete(&txn, county.tenant.id, category.id).await?;
    let mut e = event(&county, "category.delete", &category.slug, client);
    e.summary = format!("deleted category {}", category.name);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!(
            "Category {} was deleted; providers in it keep their other categories.",
            category.name
        ),
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/{}/categories", county.tenant.slug)).into_response())
}
