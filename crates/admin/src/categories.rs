//! Editors and county admins: the county's categories of provider.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use domain::{Category, CategoryId, DisplayName, NewAuditEvent, Slug};
use persistence::repo::categories;
use persistence::{RepoError, Txn, begin_write};
use serde::Deserialize;
use web::views::FormErrors;
use web::{AppError, AppState, ClientAddr, EmptyForm};

use crate::CountyAccess;
use crate::call::{Call, NoId};
use crate::form_page::{FormPage, field};
use crate::view::{CountyChrome, county_chrome, county_event};
use crate::write::{Written, finish};

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

/// The new-category form, as sent.
#[derive(Default, Deserialize)]
#[serde(default)]
struct CategoryForm {
    slug: String,
    name: String,
}

/// The county's categories, with the form to add one.
#[derive(Template, WebTemplate)]
#[template(path = "admin/categories.html")]
struct CategoriesPage {
    chrome: CountyChrome,
    categories: Vec<Category>,
    form: CategoryForm,
    errors: FormErrors,
}

impl FormPage for CategoriesPage {
    type Form = CategoryForm;
    type Who = CountyAccess;

    /// The categories page, with `form` as sent and its `errors`.
    async fn with(
        state: &AppState,
        county: &CountyAccess,
        form: CategoryForm,
        errors: FormErrors,
    ) -> Result<Self, AppError> {
        Ok(Self {
            chrome: county_chrome(county).await?,
            categories: categories::list(&state.db, county.id).await?,
            form,
            errors,
        })
    }
}

/// GET /admin/{t}/categories: the county's categories and the form to add
/// one.
async fn list_categories(call: Call) -> Result<CategoriesPage, AppError> {
    CategoriesPage::blank(&call.state, &call.county).await
}

/// An audit event in the county about the category `slug`.
fn event(county: &CountyAccess, action: &str, slug: &str, client: ClientAddr) -> NewAuditEvent {
    county_event(county, action, "category", Some(slug.to_owned()), client)
}

/// POST /admin/{t}/categories: adds a category (422 beside the field for a
/// bad name or slug, or a slug the county already has).
async fn create_category(call: Call<NoId, CategoryForm>) -> Result<Response, AppError> {
    let (state, county, form) = (&call.state, &call.county, call.form);
    county.require_writable()?;
    let mut errors = FormErrors::new();
    // In the order of the form, so the error summary follows it.
    let name = field(&mut errors, "name", DisplayName::parse(&form.name));
    let slug = field(&mut errors, "slug", Slug::parse(form.slug.trim()));
    let (Some(slug), Some(name)) = (slug, name) else {
        return CategoriesPage::again(state, county, form, errors).await;
    };
    let txn = begin_write(&state.db).await?;
    let category = match categories::create(&txn, county.id, &slug, name.as_str()).await {
        Ok(category) => category,
        Err(RepoError::Taken(_)) => {
            crate::view::rollback(txn).await?;
            let county_name = &county.name;
            let taken = format!(
                "{county_name} already has a category with the slug \u{201c}{slug}\u{201d}"
            );
            errors.add("slug", taken);
            return CategoriesPage::again(state, county, form, errors).await;
        }
        Err(other) => return Err(other.into()),
    };
    let mut event = event(county, "category.create", &category.slug, call.client);
    event.changed_fields = vec!["slug".to_owned(), "name".to_owned()];
    event.summary = format!("created category {}", category.name);
    let flash = format!("Category {} was added.", category.name);
    back_to_list(txn, county, event, flash).await
}

/// POST /admin/{t}/categories/{id}/delete: deletes a category; its
/// providers keep their other categories.
async fn delete_category(call: Call<CategoryId, EmptyForm>) -> Result<Response, AppError> {
    let (state, county) = (&call.state, &call.county);
    let category = find(state, county, call.id).await?;
    county.require_writable()?;
    let txn = begin_write(&state.db).await?;
    categories::delete(&txn, county.id, category.id).await?;
    let mut event = event(county, "category.delete", &category.slug, call.client);
    event.summary = format!("deleted category {}", category.name);
    let flash = format!(
        "Category {} was deleted; providers in it keep their other categories.",
        category.name
    );
    back_to_list(txn, county, event, flash).await
}

/// The county's category `id`: 404 for another county's.
async fn find(
    state: &AppState,
    county: &CountyAccess,
    id: CategoryId,
) -> Result<Category, AppError> {
    categories::list(&state.db, county.id)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(AppError::NotFound)
}

/// Ends a change to the categories: audit, commit, `flash`, back to the
/// list.
async fn back_to_list(
    txn: Txn,
    county: &CountyAccess,
    event: NewAuditEvent,
    flash: String,
) -> Result<Response, AppError> {
    let next = format!("/admin/{}/categories", county.slug);
    finish(txn, &county.current.session, Written { event, flash, next }).await
}
