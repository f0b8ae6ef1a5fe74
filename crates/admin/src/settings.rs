//! County admins: the county's settings, the brand colour of its public
//! site, its police non-emergency number, and whether search engines are
//! asked not to index it. The form carries the
//! `settings_version` it was based on: a stale one changes nothing and
//! answers 409 with both versions side by side.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Redirect, Response};
use domain::colour::ratio_label;
use domain::settings::{changed_fields, validate};
use domain::{Colour, County, CountySettings, NewAuditEvent, RawSettings};
use persistence::repo::counties;
use serde::Deserialize;
use web::views::{Checked, FormErrors};
use web::{AppError, ClientAddr, flash};

use crate::CountyAccess;
use crate::call::{Call, NoId};
use crate::conflict::{ConflictRow, ConflictView, Resend, fields_html};
use crate::save::{InCounty, SaveScreen, Sent, Versioned, save_edit};
use crate::view::{CountyChrome, county_chrome, county_event, matching_version};
use crate::write::Written;

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
    chrome: CountyChrome,
    /// The saved colour; `None` when the county keeps the platform's.
    saved_colour: Option<Swatch>,
    form: SettingsForm,
    errors: FormErrors,
}

/// The settings page, showing `form` with its `errors`.
async fn page(
    county: &CountyAccess,
    form: SettingsForm,
    errors: FormErrors,
) -> Result<SettingsPage, AppError> {
    Ok(SettingsPage {
        chrome: county_chrome(county).await?,
        saved_colour: county.brand_colour.map(Swatch::of),
        form,
        errors,
    })
}

/// GET /admin/{t}/settings: the settings form, filled with the saved
/// settings.
async fn edit_settings_form(county: CountyAccess) -> Result<SettingsPage, AppError> {
    county.require_admin()?;
    let form = SettingsForm::of(&county.settings(), county.settings_version);
    page(&county, form, FormErrors::new()).await
}

/// POST /admin/{t}/settings: save the settings (422 for bad input, 409 on
/// a stale version).
async fn update_settings(call: Call<NoId, SettingsForm>) -> Result<Response, AppError> {
    let (county, client, form) = (&call.county, call.client, call.form);
    county.require_admin()?;
    county.require_writable()?;
    let current = &county.county;
    let checked = match validate(&form.to_raw()) {
        Ok(settings) => Checked::Valid(settings),
        Err(problems) => Checked::Invalid(FormErrors::from_problems(problems, &FIELDS)),
    };
    if let Checked::Valid(settings) = &checked
        && changed_fields(&current.settings(), settings).is_empty()
        && matching_version(&form.version, current.settings_version).is_some()
    {
        flash::set(&county.current.session, "Nothing was changed.").await?;
        return Ok(Redirect::to(&settings_href(current)).into_response());
    }
    let write = async |txn: &_, settings: &_, version| {
        counties::update_settings(txn, current.id, version, settings).await
    };
    let written = |saved: &County, _: &_| Written {
        event: settings_event(county, client, current, saved),
        flash: format!("The settings of {} were saved.", current.name),
        next: settings_href(current),
    };
    let screen = Settings {
        at: InCounty::new(&call.state, county),
    };
    save_edit(&screen, current, form, checked, write, written).await
}

/// The audit event of saved settings: which changed, from what to what.
fn settings_event(
    county: &CountyAccess,
    client: ClientAddr,
    before: &County,
    saved: &County,
) -> NewAuditEvent {
    let changed = changed_fields(&before.settings(), &saved.settings());
    let slug = Some(before.slug.clone());
    let mut e = county_event(county, "tenant.settings", "tenant", slug, client);
    e.summary = summary(&before.settings(), &saved.settings(), &changed);
    e.changed_fields = changed;
    e
}

fn settings_href(county: &County) -> String {
    format!("/admin/{}/settings", county.slug)
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

/// The form's fields, filled with the user's values, for sending again.
#[derive(Template)]
#[template(path = "admin/settings_fields.html")]
struct Fields<'a> {
    form: &'a SettingsForm,
    errors: FormErrors,
}

/// A county's settings are saved at their own version.
impl Versioned for County {
    fn version(&self) -> i32 {
        self.settings_version
    }
}

/// The county's settings, as the shared save flow (`crate::save`) sees
/// them.
struct Settings<'a> {
    at: InCounty<'a>,
}

impl SaveScreen for Settings<'_> {
    type Record = County;
    type Form = SettingsForm;
    type Fields = CountySettings;

    fn at(&self) -> InCounty<'_> {
        self.at
    }

    fn sent_version(form: &SettingsForm) -> &str {
        &form.version
    }

    async fn reload(&self, record: &County) -> Result<County, AppError> {
        counties::find_by_id(&self.at.state.db, record.id)
            .await?
            .ok_or(AppError::NotFound)
    }

    async fn form_page(
        &self,
        _: Option<&County>,
        form: SettingsForm,
        errors: FormErrors,
    ) -> Result<Response, AppError> {
        // The form goes back with the version it was based on, so that a
        // stale edit is still caught when it is sent again.
        Ok(page(self.at.county, form, errors).await?.into_response())
    }

    /// Someone saved the settings first: the user's values beside the
    /// saved ones, with a way to send theirs again deliberately.
    async fn conflict(
        &self,
        saved: &County,
        yours: Option<Sent<'_, Self>>,
    ) -> Result<ConflictView, AppError> {
        let (_, yours) = yours.ok_or(AppError::UnprocessableForm)?;
        let saved_form = SettingsForm::of(&saved.settings(), saved.settings_version);
        let form = SettingsForm::of(yours, saved.settings_version);
        let rows = FIELDS
            .iter()
            .map(|(field, label)| ConflictRow {
                swatch: *field == "brand_colour",
                ..ConflictRow::side_by_side(
                    label,
                    form.value(field).to_owned(),
                    saved_form.value(field).to_owned(),
                )
            })
            .collect();
        let fields_html = fields_html(&Fields {
            form: &form,
            errors: FormErrors::new(),
        })?;
        Ok(ConflictView {
            title: "the settings".to_owned(),
            heading: format!("the settings of {}", saved.name),
            notice:
                "Someone saved the settings after you opened the form. Nothing you sent was saved."
                    .to_owned(),
            saved_when: None,
            reload_href: settings_href(saved),
            reload_text: "reload the form with the saved settings",
            caption: "the settings".to_owned(),
            rows,
            resend: Some(Resend::yours(
                settings_href(saved),
                form.version.clone(),
                fields_html,
                "The form holds your version. Saving it replaces the saved settings above.",
            )),
        })
    }
}
