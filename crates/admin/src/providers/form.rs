//! The new-provider and edit-provider form, and its view model: the form as
//! sent and shown again (`ProviderForm`, shared with checking, saving and
//! the conflict page), the page that shows it, and the saved hours as the
//! public sees them (`HoursSaved`).

use askama::Template;
use askama_web::WebTemplate;
use domain::provider::review_due;
use domain::{Category, Provider, ProviderFields, ProviderStatus, RawProvider};
use persistence::repo::categories;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use time::OffsetDateTime;
use web::views::FormErrors;
use web::{AppError, AppState};

use super::hours_form::{HoursTable, Mode};
use super::kind::ProviderKind;
use super::{long_date, statuses};
use crate::CountyAccess;
use crate::records::form_action;
use crate::view::{CountyChrome, county_chrome};

/// A checkbox: any value sent that is not empty means ticked ("on", "true").
fn checkbox<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let value: Option<String> = Option::deserialize(deserializer)?;
    Ok(value.is_some_and(|v| !v.trim().is_empty()))
}

/// The provider form as sent, and as shown again: every field as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ProviderForm {
    pub(super) name: String,
    pub(super) slug: String,
    pub(super) summary: String,
    pub(super) description: String,
    pub(super) phone: String,
    pub(super) email: String,
    pub(super) website: String,
    pub(super) address: String,
    #[serde(deserialize_with = "checkbox")]
    pub(super) address_confidential: bool,
    pub(super) area: String,
    pub(super) min_age: String,
    pub(super) max_age: String,
    pub(super) eligibility: String,
    #[serde(deserialize_with = "checkbox")]
    pub(super) self_referral: bool,
    #[serde(deserialize_with = "checkbox")]
    pub(super) professional_referral: bool,
    /// Comma-separated slugs; the form's checkboxes, all named
    /// `categories`, arrive joined the same way (`CsrfForm`).
    pub(super) categories: String,
    /// The advanced text, and what a script sends.
    pub(super) opening_hours: String,
    pub(super) hours_note: String,
    pub(super) status: String,
    /// The version the edit was based on (updates only).
    pub(super) version: String,
    /// `table`, `varies` or `advanced`; empty from scripts (see
    /// `hours_form`).
    pub(super) hours_mode: String,
    /// Everything else sent: the days of the hours table (`hours_mo`,
    /// `hours_mo_1_from`...), read by `hours_form`.
    #[serde(flatten)]
    pub(super) rest: BTreeMap<String, String>,
}

impl ProviderForm {
    /// An empty form for a new provider: a draft until someone publishes it.
    pub(super) fn blank() -> Self {
        Self {
            status: ProviderStatus::Draft.as_str().to_owned(),
            ..Self::default()
        }
    }

    /// The form showing validated (or stored) fields, written the way a
    /// person would type them.
    pub(super) fn of(fields: &ProviderFields) -> Self {
        let raw = RawProvider::from(fields);
        Self {
            name: raw.name,
            slug: raw.slug,
            summary: raw.summary,
            description: raw.description,
            phone: raw.phone,
            email: raw.email,
            website: raw.website,
            address: raw.address,
            address_confidential: raw.address_confidential,
            area: raw.area,
            min_age: raw.min_age,
            max_age: raw.max_age,
            eligibility: raw.eligibility,
            self_referral: raw.self_referral,
            professional_referral: raw.professional_referral,
            categories: raw.categories,
            opening_hours: raw.opening_hours,
            hours_note: raw.hours_note,
            status: raw.status,
            version: String::new(),
            hours_mode: String::new(),
            rest: BTreeMap::new(),
        }
    }

    /// The hours section: as typed, or else drawn from `opening_hours`.
    pub(super) fn hours_table(&self) -> HoursTable {
        HoursTable::of_form(&self.hours_mode, &self.rest)
            .unwrap_or_else(|| HoursTable::of_stored(&self.opening_hours, &self.hours_note))
    }

    /// Whether the category `slug` is among the form's.
    pub(super) fn has_category(&self, slug: &str) -> bool {
        self.categories.split(',').any(|s| s.trim() == slug)
    }

    /// The `opening_hours` text the form asks to store, or the hours
    /// section's problems.
    pub(super) fn opening_hours_text(&self) -> Result<String, Vec<(&'static str, String)>> {
        match HoursTable::of_form(&self.hours_mode, &self.rest) {
            None => Ok(self.opening_hours.clone()),
            Some(table) => match table.mode {
                Mode::Table => table.opening_hours(),
                Mode::Advanced => Ok(self.opening_hours.clone()),
                Mode::Varies if self.hours_note.trim().is_empty() => Err(vec![(
                    "hours_note",
                    "Say when the service is open: as the hours vary, the note is what people see"
                        .to_owned(),
                )]),
                Mode::Varies => Ok(String::new()),
            },
        }
    }

    /// The edit form of a stored provider.
    pub(super) fn of_provider(provider: &Provider) -> Self {
        Self {
            version: provider.version.to_string(),
            ..Self::of(&provider.fields)
        }
    }

    /// The form as the domain reads it.
    pub(super) fn to_raw(&self) -> RawProvider {
        RawProvider {
            name: self.name.clone(),
            slug: self.slug.clone(),
            summary: self.summary.clone(),
            description: self.description.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            website: self.website.clone(),
            address: self.address.clone(),
            address_confidential: self.address_confidential,
            area: self.area.clone(),
            min_age: self.min_age.clone(),
            max_age: self.max_age.clone(),
            eligibility: self.eligibility.clone(),
            self_referral: self.self_referral,
            professional_referral: self.professional_referral,
            categories: self.categories.clone(),
            opening_hours: self.opening_hours.clone(),
            hours_note: self.hours_note.clone(),
            status: self.status.clone(),
        }
    }

    /// A field's value as shown in the conflict table.
    pub(super) fn display(&self, field: &str) -> String {
        let yes_no = |b: bool| if b { "Yes" } else { "No" }.to_owned();
        match field {
            "name" => self.name.clone(),
            "slug" => self.slug.clone(),
            "summary" => self.summary.clone(),
            "description" => self.description.clone(),
            "phone" => self.phone.clone(),
            "email" => self.email.clone(),
            "website" => self.website.clone(),
            "address" => self.address.clone(),
            "address_confidential" => yes_no(self.address_confidential),
            "area" => self.area.clone(),
            "min_age" => self.min_age.clone(),
            "max_age" => self.max_age.clone(),
            "eligibility" => self.eligibility.clone(),
            "self_referral" => yes_no(self.self_referral),
            "professional_referral" => yes_no(self.professional_referral),
            "categories" => self.categories.clone(),
            "opening_hours" => self.opening_hours.clone(),
            "hours_note" => self.hours_note.clone(),
            "status" => ProviderStatus::parse(&self.status)
                .map_or_else(|| self.status.clone(), |s| s.label().to_owned()),
            _ => String::new(),
        }
    }
}

/// What the edit page shows about the stored provider.
struct Editing {
    id: String,
    name: String,
    version: i32,
    reviewed: String,
    review_due: bool,
    updated: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/providers_form.html")]
pub(super) struct ProviderFormPage {
    chrome: CountyChrome,
    /// `None` when adding a provider.
    editing: Option<Editing>,
    action: String,
    form: ProviderForm,
    errors: FormErrors,
    categories: Vec<Category>,
    statuses: Vec<(&'static str, &'static str)>,
    /// The saved hours, when editing.
    hours_saved: Option<HoursSaved>,
}

/// A saved provider's hours as the public sees them now.
pub(super) struct HoursSaved {
    /// "Open now, until 14:00", "Opens Tuesday at 10:00", or what the
    /// page says without hours.
    pub(super) preview: String,
    /// The stored `opening_hours` text; empty without hours.
    pub(super) text: String,
}

impl HoursSaved {
    fn of(fields: &ProviderFields, at: OffsetDateTime) -> Self {
        let text = fields.opening_hours.clone().unwrap_or_default();
        let preview = match domain::provider::Hours::parse(&text) {
            Ok(hours) if !text.trim().is_empty() => hours.state_at(at).label(),
            _ if fields.hours_note.trim().is_empty() => {
                "No hours are shown (none are given).".to_owned()
            }
            _ => format!(
                "No \u{201c}open now\u{201d}; the note is shown: {}",
                fields.hours_note
            ),
        };
        Self { preview, text }
    }
}

/// The form page, for a new provider (`stored` is `None`) or an edit.
pub(super) async fn form_page(
    state: &AppState,
    county: &CountyAccess,
    stored: Option<&Provider>,
    form: ProviderForm,
    errors: FormErrors,
) -> Result<ProviderFormPage, AppError> {
    let now = OffsetDateTime::now_utc();
    let editing = stored.map(|p| Editing {
        id: p.id.to_string(),
        name: p.fields.name.clone(),
        version: p.version,
        reviewed: p.reviewed_at.map_or_else(|| "never".to_owned(), long_date),
        review_due: review_due(p.reviewed_at, county.review_period_months, now),
        updated: long_date(p.updated_at),
    });
    let action = form_action::<ProviderKind>(county, stored);
    Ok(ProviderFormPage {
        chrome: county_chrome(county).await?,
        editing,
        action,
        form,
        errors,
        categories: categories::list(&state.db, county.id).await?,
        statuses: statuses(),
        hours_saved: stored.map(|p| HoursSaved::of(&p.fields, state.clock.now())),
    })
}
