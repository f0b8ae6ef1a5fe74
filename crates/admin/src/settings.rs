//! County admins: the county's settings, the brand colour of its public
//! site, its police non-emergency number, and whether search engines are
//! asked not to index it. The form carries the
//! `settings_version` it was based on: a stale one changes nothing and
//! answers 409 with both versions side by side.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::colour::ratio_label;
use domain::settings::{changed_fields, validate};
use domain::{Colour, CountySettings, NewAuditEvent, RawSettings, Tenant};
use persistence::repo::{audit, tenants};
use persistence::{RepoError, begin_write, commit};
use serde::Deserialize;
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState, ClientAddr, CsrfForm, flash};

use crate::County;
use crate::view::{client_label, county_chrome, matching_version};

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get(
            "/admin/{t}/settings",
            Access::CountyAdmin,
            edit_settings_form,
        )
        .post("/admin/{t}/settings", Access::CountyAdmin, update_settings)
}

/// The form's fields in the order of the form, with the names people see.
const FIELDS: [(&str, &str); 3] = [
    ("brand_colour", "Brand colour"),
    ("non_emergency", "Police non-emergency number"),
    ("noindex", "Ask search engines not to index the site"),
];

/// The settings form as sent, and as shown again: every field as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct SettingsForm {
    brand_colour: String,
    non_emergency: String,
    /// The checkbox: present (any value) when ticked.
    noindex: Option<String>,
    /// The settings version the edit was based on.
    version: String,
}

impl SettingsForm {
    /// The form showing stored or validated settings.
    fn of(settings: &CountySettings, version: i32) -> Self {
        Self {
            brand_colour: settings.brand_colour.map(Colour::hex).unwrap_or_default(),
            non_emergency: settings.non_emergency.clone(),
            noindex: settings.noindex.then(|| "on".to_owned()),
            version: version.to_string(),
        }
    }

    fn to_raw(&self) -> RawSettings {
        RawSettings {
            brand_colour: self.brand_colour.clone(),
            non_emergency: self.non_emergency.clone(),
            noindex: self.noindex(),
        }
    }

    fn noindex(&self) -> bool {
        self.noindex.is_some()
    }

    fn value(&self, field: &str) -> &str {
        match field {
            "brand_colour" => &self.brand_colour,
            "non_emergency" => &self.non_emergency,
            "noindex" if self.noindex() => "Yes",
            "noindex" => "No",
            _ => "",
        }
    }
}

/// A colour as the page shows it: a swatch and its code.
struct Swatch {
    hex: String,
    /// "8.14:1".
    contrast: String,
}

impl Swatch {
    fn of(colour: Colour) -> Self {
        Self {
            hex: colour.hex(),
            contrast: ratio_label(colour.contrast_with(Colour::WHITE)),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/settings.html")]
struct SettingsPage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    read_only: bool,
    /// The saved colour; `None` when the county keeps the platform's.
    saved_colour: Option<Swatch>,
    form: SettingsForm,
    errors: FormErrors,
}

async fn page(
    county: &County,
    form: SettingsForm,
    errors: FormErrors,
) -> Result<SettingsPage, AppError> {
    Ok(SettingsPage {
        chrome: county_chrome(county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        read_only: !county.tenant.is_active(),
        saved_colour: county.tenant.brand_colour.map(Swatch::of),
        form,
        errors,
    })
}

async fn edit_settings_form(county: County) -> Result<SettingsPage, AppError> {
    county.require_admin()?;
    let form = SettingsForm::of(&county.tenant.settings(), county.tenant.settings_version);
    page(&county, form, FormErrors::new()).await
}

async fn update_settings(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> Result<Response, AppError> {
    county.require_admin()?;
    county.require_writable()?;
    let settings = match validate(&form.to_raw()) {
        Ok(settings) => settings,
        Err(problems) => {
            let mut errors = FormErrors::new();
            for (field, message) in problems {
                errors.add(field, message);
            }
            // The form goes back with the version it was based on, so that
            // a stale edit is still caught when it is sent again.
            let page = page(&county, form, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let current = &county.tenant;
    // A version that is not the stored one (or not a number) is stale; the
    // update checks again in the statement that writes, for racing saves.
    let Some(version) = matching_version(&form.version, current.settings_version) else {
        return conflict(&county, current, &settings).await;
    };
    let changed = changed_fields(&current.settings(), &settings);
    if changed.is_empty() {
        flash::set(&county.current.session, "Nothing was changed.").await?;
        return Ok(Redirect::to(&settings_href(current)).into_response());
    }
    let txn = begin_write(&state.db).await?;
    let saved = match tenants::update_settings(&txn, current.id, version, &settings).await {
        Ok(saved) => saved,
        Err(RepoError::Stale) => {
            crate::view::rollback(txn).await?;
            let saved = tenants::find_by_id(&state.db, current.id)
                .await?
                .ok_or(AppError::NotFound)?;
            return conflict(&county, &saved, &settings).await;
        }
        Err(other) => return Err(other.into()),
    };
    let mut e = NewAuditEvent::new("tenant.settings", &county.current.user.email);
    e.tenant = Some(current.id);
    e.actor = Some(county.current.user.id);
    e.object_type = Some("tenant".to_owned());
    e.object_id = Some(current.slug.clone());
    e.summary = summary(&current.settings(), &saved.settings(), &changed);
    e.changed_fields = changed;
    e.client_addr = client_label(client);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!("The settings of {} were saved.", current.name),
    )
    .await?;
    Ok(Redirect::to(&settings_href(current)).into_response())
}

fn settings_href(tenant: &Tenant) -> String {
    format!("/admin/{}/settings", tenant.slug)
}

/// "brand colour standard -> #1d4f91; non-emergency number 101 -> 0300 122 8694".
fn summary(before: &CountySettings, after: &CountySettings, changed: &[String]) -> String {
    let colour = |s: &CountySettings| {
        s.brand_colour
            .map_or_else(|| "standard".to_owned(), Colour::hex)
    };
    changed
        .iter()
        .map(|field| match field.as_str() {
            "brand_colour" => format!("brand colour {} -> {}", colour(before), colour(after)),
            "non_emergency" => format!(
                "non-emergency number {} -> {}",
                before.non_emergency, after.non_emergency
            ),
            "noindex" if after.noindex => "search engines asked not to index the site".to_owned(),
            "noindex" => "search engines may index the site".to_owned(),
            other => other.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

// --- Conflicts -----------------------------------------------------------

struct ConflictRow {
    field: &'static str,
    label: &'static str,
    /// Your value, then the saved one.
    cells: [String; 2],
    differs: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/settings_conflict.html")]
struct ConflictPage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    rows: Vec<ConflictRow>,
    /// The user's values, with the saved version, to send again on purpose.
    form: SettingsForm,
    errors: FormErrors,
}

/// 409: someone saved the settings first. Nothing was changed; the page
/// shows the user's values beside the saved ones, with a way to send
/// theirs again deliberately.
async fn conflict(
    county: &County,
    saved: &Tenant,
    yours: &CountySettings,
) -> Result<Response, AppError> {
    let saved_form = SettingsForm::of(&saved.settings(), saved.settings_version);
    let form = SettingsForm::of(yours, saved.settings_version);
    let rows = FIELDS
        .iter()
        .map(|(field, label)| {
            let (yours, saved) = (form.value(field), saved_form.value(field));
            ConflictRow {
                field,
                label,
                differs: yours != saved,
                cells: [yours.to_owned(), saved.to_owned()],
            }
        })
        .collect();
    let page = ConflictPage {
        chrome: county_chrome(county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        rows,
        form,
        errors: FormErrors::new(),
    };
    Ok((StatusCode::CONFLICT, page).into_response())
}
