//! The provider form as typed, and a stored provider turned back into it.

use super::ProviderFields;
use crate::Slug;

/// The form as typed: every field a string, checked by
/// [`validate`](super::validate).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawProvider {
    pub name: String,
    pub slug: String,
    pub summary: String,
    pub description: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub address: String,
    pub address_confidential: bool,
    pub area: String,
    pub min_age: String,
    pub max_age: String,
    pub eligibility: String,
    pub self_referral: bool,
    pub professional_referral: bool,
    pub categories: String,
    pub opening_hours: String,
    pub hours_note: String,
    pub status: String,
}

/// Stored fields as the form shows them again (phones one a line,
/// categories as comma-separated slugs, empty text for what is not set):
/// written once for the admin form, the CSV export and the fuzz target, so
/// that what is shown validates back to the same fields.
impl From<&ProviderFields> for RawProvider {
    fn from(fields: &ProviderFields) -> Self {
        let text = |value: Option<&String>| value.cloned().unwrap_or_default();
        let age = |value: Option<u8>| value.map(|a| a.to_string()).unwrap_or_default();
        Self {
            name: fields.name.clone(),
            slug: fields.slug.to_string(),
            summary: fields.summary.clone(),
            description: fields.description.clone(),
            phone: fields
                .phones
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            email: fields
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            website: text(fields.website.as_ref()),
            address: fields.address.clone(),
            address_confidential: fields.address_confidential,
            area: fields.area.clone(),
            min_age: age(fields.min_age),
            max_age: age(fields.max_age),
            eligibility: fields.eligibility.clone(),
            self_referral: fields.self_referral,
            professional_referral: fields.professional_referral,
            categories: fields
                .categories
                .iter()
                .map(Slug::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            opening_hours: text(fields.opening_hours.as_ref()),
            hours_note: fields.hours_note.clone(),
            status: fields.status.as_str().to_owned(),
        }
    }
}
