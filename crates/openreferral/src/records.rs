//! The HSDS 3.0 records this crate writes, with HSDS's field names. Fields
//! the directory has no value for are left out of the JSON, never `null`.

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A service: one published provider, in full.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Service {
    /// The provider's id: the same for the provider forever.
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    /// Plain text, from the provider's Markdown description (or summary).
    pub description: String,
    /// The provider's own website.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `active` for a published provider (`active`, `inactive`, `defunct`
    /// or `temporarily closed`).
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_age: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_age: Option<u8>,
    /// The date it was last reviewed (`YYYY-MM-DD`, in London).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assured_date: Option<String>,
    /// When it was last changed (RFC 3339, UTC).
    pub last_modified: String,
    pub organization: Organization,
    pub phones: Vec<Phone>,
    pub schedules: Vec<Schedule>,
    pub service_areas: Vec<ServiceArea>,
    pub attributes: Vec<Attribute>,
    /// Empty when its address is confidential or not given.
    pub service_at_locations: Vec<ServiceAtLocation>,
}

/// The organisation that runs a service: each provider is its own.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// A phone number of a service.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Phone {
    pub id: Uuid,
    pub service_id: Uuid,
    pub number: String,
    /// `voice` or `text` (RFC 6350 values).
    #[serde(rename = "type")]
    pub kind: String,
    /// The number's label ("Helpline").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One weekly opening period of a service, or (without `freq`) a
/// description of hours the weekly table cannot show.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Schedule {
    pub id: Uuid,
    pub service_id: Uuid,
    /// `WEEKLY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub freq: Option<String>,
    /// `MO` .. `SU`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byday: Option<String>,
    /// `HH:MM`, London time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<String>,
    /// `HH:MM`, London time; `23:59` for the end of the day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The area a service covers, as text.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ServiceArea {
    pub id: Uuid,
    pub service_id: Uuid,
    pub name: String,
    /// `text`.
    pub extent_type: String,
}

/// A category of a service: HSDS 3 links taxonomy terms this way.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Attribute {
    pub id: Uuid,
    /// The service's id.
    pub link_id: Uuid,
    /// `service`.
    pub link_type: String,
    /// `service`.
    pub link_entity: String,
    pub taxonomy_term_id: Uuid,
    pub taxonomy_term: TaxonomyTerm,
}

/// One of the county's categories.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct TaxonomyTerm {
    /// The category's id.
    pub id: Uuid,
    /// The category's slug.
    pub code: String,
    pub name: String,
    pub description: String,
    /// The name of the county's taxonomy.
    pub taxonomy: String,
    pub taxonomy_id: Uuid,
}

/// The county's categories, as one taxonomy.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Taxonomy {
    pub id: Uuid,
    pub name: String,
    pub description: String,
}

/// Where a service is: only for an address that is not confidential.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Location {
    pub id: Uuid,
    /// `physical`.
    pub location_type: String,
    pub name: String,
    pub organization_id: Uuid,
    pub addresses: Vec<Address>,
}

/// A location's postal address, split from the provider's one-line
/// address as well as it can be.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Address {
    pub id: Uuid,
    pub location_id: Uuid,
    pub address_1: String,
    pub city: String,
    pub state_province: String,
    pub postal_code: String,
    /// `GB`.
    pub country: String,
    /// `physical`.
    pub address_type: String,
}

/// A service at a location.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ServiceAtLocation {
    pub id: Uuid,
    pub service_id: Uuid,
    pub location_id: Uuid,
    pub location: Location,
}

/// A page of a list, as HSDS's API pages them.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub total_items: u64,
    pub total_pages: u64,
    /// From 1.
    pub page_number: u64,
    /// The number of items on this page.
    pub size: u64,
    pub first_page: bool,
    pub last_page: bool,
    pub empty: bool,
    pub contents: Vec<T>,
}

impl<T: ToSchema> Page<T> {
    /// Page `page_number` (from 1) of `items`, `per_page` (at least 1) a
    /// page. Past the last page it is empty.
    #[must_use]
    pub fn of(items: Vec<T>, page_number: u64, per_page: u64) -> Self {
        let per_page = per_page.max(1);
        let total_items = u64::try_from(items.len()).unwrap_or(u64::MAX);
        let total_pages = total_items.div_ceil(per_page);
        let skip = usize::try_from(page_number.saturating_sub(1).saturating_mul(per_page))
            .unwrap_or(usize::MAX);
        let take = usize::try_from(per_page).unwrap_or(usize::MAX);
        let contents: Vec<T> = items.into_iter().skip(skip).take(take).collect();
        Self {
            total_items,
            total_pages,
            page_number,
            size: u64::try_from(contents.len()).unwrap_or(u64::MAX),
            first_page: page_number <= 1,
            last_page: page_number >= total_pages,
            empty: contents.is_empty(),
            contents,
        }
    }
}

/// What `GET /{t}/api/` answers.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ApiInfo {
    /// The HSDS version followed: `3.0`.
    pub version: String,
    /// The URL of the profile followed (Open Referral UK).
    pub profile: String,
    /// Where the OpenAPI document of this API is.
    pub openapi_url: String,
}

/// A refused request.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ApiError {
    pub error: String,
    /// The query parameter at fault, if one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}
