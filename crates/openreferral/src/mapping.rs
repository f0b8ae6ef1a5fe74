//! From a county's published providers and categories to HSDS records.
//! This is the one place that decides what the API and the tabular
//! package show: a confidential address gives no location (its text is
//! never read here), and only the fields below leave the CMS.

use domain::provider::{DayHours, WeeklyHours};
use domain::{Category, County, Provider};

use crate::ids::{Role, derived};
use crate::records::{
    Address, Attribute, Location, Organization, Phone, Schedule, Service, ServiceArea,
    ServiceAtLocation, Taxonomy, TaxonomyTerm,
};
use crate::text::plain_text;

/// The HSDS `byday` codes, Monday first.
const BYDAY: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// A county, for mapping its providers.
#[derive(Clone, Copy, Debug)]
pub struct CountyRecords<'a> {
    pub county: &'a County,
    /// The county's categories, in their order.
    pub categories: &'a [Category],
}

impl CountyRecords<'_> {
    /// The county's categories as one taxonomy: its id is derived from the
    /// county's.
    #[must_use]
    pub fn taxonomy(&self) -> Taxonomy {
        Taxonomy {
            id: derived(self.county.id.as_uuid(), Role::Taxonomy, 0),
            name: format!("{} support categories", self.county.name),
            description: format!(
                "The categories of support in the {} directory.",
                self.county.name
            ),
        }
    }

    /// The county's categories as taxonomy terms, in their order.
    #[must_use]
    pub fn taxonomy_terms(&self) -> Vec<TaxonomyTerm> {
        let taxonomy = self.taxonomy();
        self.categories
            .iter()
            .map(|c| TaxonomyTerm {
                id: c.id.as_uuid(),
                code: c.slug.clone(),
                name: c.name.clone(),
                description: c.name.clone(),
                taxonomy: taxonomy.name.clone(),
                taxonomy_id: taxonomy.id,
            })
            .collect()
    }

    /// The provider's organisation.
    #[must_use]
    pub fn organization(&self, provider: &Provider) -> Organization {
        let f = &provider.fields;
        Organization {
            id: derived(provider.id.as_uuid(), Role::Organization, 0),
            name: f.name.clone(),
            description: f.summary.clone(),
            email: f.email.as_ref().map(|e| e.as_str().to_owned()),
            website: f.website.clone(),
        }
    }

    /// The provider as a service, in full. It says `active`: callers give
    /// only published providers.
    #[must_use]
    pub fn service(&self, provider: &Provider) -> Service {
        let f = &provider.fields;
        let description = [f.summary.trim().to_owned(), plain_text(&f.description)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        Service {
            id: provider.id.as_uuid(),
            organization_id: derived(provider.id.as_uuid(), Role::Organization, 0),
            name: f.name.clone(),
            description,
            url: f.website.clone(),
            email: f.email.as_ref().map(|e| e.as_str().to_owned()),
            status: "active".to_owned(),
            eligibility_description: non_empty(&f.eligibility),
            minimum_age: f.min_age,
            maximum_age: f.max_age,
            assured_date: provider.reviewed_at.and_then(london_date),
            last_modified: rfc3339(provider.updated_at),
            organization: self.organization(provider),
            phones: phones(provider),
            schedules: schedules(provider),
            service_areas: non_empty(&f.area)
                .map(|name| ServiceArea {
                    id: derived(provider.id.as_uuid(), Role::ServiceArea, 0),
                    service_id: provider.id.as_uuid(),
                    name,
                    extent_type: "text".to_owned(),
                })
                .into_iter()
                .collect(),
            attributes: self.attributes(provider),
            service_at_locations: service_at_location(provider).into_iter().collect(),
        }
    }

    /// One attribute per category of the provider, in the county's order.
    fn attributes(&self, provider: &Provider) -> Vec<Attribute> {
        let terms = self.taxonomy_terms();
        terms
            .into_iter()
            .filter(|term| {
                provider
                    .fields
                    .categories
                    .iter()
                    .any(|slug| slug.as_str() == term.code)
            })
            .map(|term| Attribute {
                id: derived(provider.id.as_uuid(), Role::Attribute, term.id.as_u128()),
                link_id: provider.id.as_uuid(),
                link_type: "service".to_owned(),
                link_entity: "service".to_owned(),
                taxonomy_term_id: term.id,
                taxonomy_term: term,
            })
            .collect()
    }
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// RFC 3339 in UTC, to the second.
fn rfc3339(at: time::OffsetDateTime) -> String {
    let at = at
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(at);
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The calendar date of an instant in London, `YYYY-MM-DD`.
fn london_date(at: time::OffsetDateTime) -> Option<String> {
    let utc = chrono::DateTime::from_timestamp(at.unix_timestamp(), 0)?;
    Some(
        utc.with_timezone(&chrono_tz::Europe::London)
            .format("%Y-%m-%d")
            .to_string(),
    )
}

/// `text` for a label that says text or SMS, else `voice`.
fn phone_kind(label: &str) -> &'static str {
    let label = label.to_lowercase();
    if label.contains("text") || label.contains("sms") {
        "text"
    } else {
        "voice"
    }
}

fn phones(provider: &Provider) -> Vec<Phone> {
    (0u128..)
        .zip(&provider.fields.phones)
        .map(|(i, p)| Phone {
            id: derived(provider.id.as_uuid(), Role::Phone, i),
            service_id: provider.id.as_uuid(),
            number: p.number.clone(),
            kind: phone_kind(&p.label).to_owned(),
            description: non_empty(&p.label),
        })
        .collect()
}

/// One schedule per day and period of the weekly table; hours the table
/// cannot show (or a note without hours) give one schedule with only a
/// description. The hours note is every row's description.
fn schedules(provider: &Provider) -> Vec<Schedule> {
    let f = &provider.fields;
    let note = non_empty(&f.hours_note);
    let raw = f.opening_hours.as_deref().and_then(non_empty);
    let only_text = |description: Option<String>| {
        description
            .map(|description| Schedule {
                id: derived(provider.id.as_uuid(), Role::Schedule, 0),
                service_id: provider.id.as_uuid(),
                freq: None,
                byday: None,
                opens_at: None,
                closes_at: None,
                description: Some(description),
            })
            .into_iter()
            .collect()
    };
    let Some(raw) = raw else {
        return only_text(note);
    };
    let Some(table) = WeeklyHours::from_osm(&raw) else {
        return only_text(note.or(Some(raw)));
    };
    let mut rows = Vec::new();
    for (day, hours) in table.days.iter().enumerate() {
        for (i, (opens, closes)) in (0u128..).zip(day_times(hours)) {
            rows.push(Schedule {
                id: derived(
                    provider.id.as_uuid(),
                    Role::Schedule,
                    (day as u128) * 10 + i + 1,
                ),
                service_id: provider.id.as_uuid(),
                freq: Some("WEEKLY".to_owned()),
                byday: Some(BYDAY[day].to_owned()),
                opens_at: Some(opens),
                closes_at: Some(closes),
                description: note.clone(),
            });
        }
    }
    if rows.is_empty() {
        return only_text(note);
    }
    rows
}

/// A day's opening and closing times as HSDS writes them: all day is
/// 00:00-23:59, and a period that ends at midnight closes at 23:59.
fn day_times(hours: &DayHours) -> Vec<(String, String)> {
    match hours {
        DayHours::Closed => Vec::new(),
        DayHours::AllDay => vec![("00:00".to_owned(), "23:59".to_owned())],
        DayHours::Periods(periods) => periods
            .as_slice()
            .iter()
            .map(|p| {
                let to = if p.to.minutes() >= 24 * 60 {
                    "23:59".to_owned()
                } else {
                    p.to.to_string()
                };
                (p.from.to_string(), to)
            })
            .collect(),
    }
}

/// The provider's location, unless its address is confidential or empty.
fn service_at_location(provider: &Provider) -> Option<ServiceAtLocation> {
    let f = &provider.fields;
    if f.address_confidential {
        return None;
    }
    let address = non_empty(&f.address)?;
    let location_id = derived(provider.id.as_uuid(), Role::Location, 0);
    let (address_1, city, postal_code) = split_address(&address);
    Some(ServiceAtLocation {
        id: derived(provider.id.as_uuid(), Role::ServiceAtLocation, 0),
        service_id: provider.id.as_uuid(),
        location_id,
        location: Location {
            id: location_id,
            location_type: "physical".to_owned(),
            name: f.name.clone(),
            organization_id: derived(provider.id.as_uuid(), Role::Organization, 0),
            addresses: vec![Address {
                id: derived(provider.id.as_uuid(), Role::Address, 0),
                location_id,
                address_1,
                city,
                state_province: String::new(),
                postal_code,
                country: "GB".to_owned(),
                address_type: "physical".to_owned(),
            }],
        },
    })
}

/// Whether `part` looks like a UK postcode ("DE1 2AB", "S40 1AA").
fn is_postcode(part: &str) -> bool {
    let Some((outward, inward)) = part.split_once(' ') else {
        return false;
    };
    let inward = inward.as_bytes();
    (2..=4).contains(&outward.len())
        && outward.starts_with(|c: char| c.is_ascii_alphabetic())
        && outward.chars().all(|c| c.is_ascii_alphanumeric())
        && inward.len() == 3
        && inward[0].is_ascii_digit()
        && inward[1..].iter().all(u8::is_ascii_alphabetic)
}

/// A one-line address as (street, town, postcode): the postcode is the
/// last part if it looks like one, the town the part before it when there
/// are two or more, the rest the street.
fn split_address(address: &str) -> (String, String, String) {
    let mut parts: Vec<&str> = address
        .split([',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let postal_code = match parts.last() {
        Some(last) if is_postcode(&last.to_uppercase()) => {
            let code = last.to_uppercase();
            parts.pop();
            code
        }
        _ => String::new(),
    };
    let city = if parts.len() >= 2 {
        parts.pop().unwrap_or_default().to_owned()
    } else {
        String::new()
    };
    (parts.join(", "), city, postal_code)
}

#[cfg(test)]
mod tests;
