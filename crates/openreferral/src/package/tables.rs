//! The CSV tables of the package: for each HSDS table its columns (with
//! their Frictionless types), its foreign keys and its rows, drawn from
//! the same records the API serves.

use uuid::Uuid;

use crate::records::{Service, ServiceAtLocation, Taxonomy, TaxonomyTerm};

/// One CSV table of the package.
pub(super) struct Table {
    /// The HSDS table name; its file is `{name}.csv`.
    pub name: &'static str,
    /// (column, Frictionless type).
    pub fields: &'static [(&'static str, &'static str)],
    /// (column, table it refers to by `id`).
    pub foreign_keys: &'static [(&'static str, &'static str)],
    pub rows: Vec<Vec<String>>,
}

const S: &str = "string";

fn id(u: Uuid) -> String {
    u.to_string()
}

fn text(value: Option<&String>) -> String {
    value.cloned().unwrap_or_default()
}

fn number(value: Option<u8>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A table of `name` with one row per item.
fn table<'a, T: 'a>(
    name: &'static str,
    fields: &'static [(&'static str, &'static str)],
    foreign_keys: &'static [(&'static str, &'static str)],
    items: impl IntoIterator<Item = &'a T>,
    row: impl Fn(&T) -> Vec<String>,
) -> Table {
    Table {
        name,
        fields,
        foreign_keys,
        rows: items.into_iter().map(row).collect(),
    }
}

fn organizations(services: &[Service]) -> Table {
    let fields = &[
        ("id", S),
        ("name", S),
        ("description", S),
        ("email", S),
        ("website", S),
    ];
    table("organizations", fields, &[], services, |s| {
        let o = &s.organization;
        vec![
            id(o.id),
            o.name.clone(),
            o.description.clone(),
            text(o.email.as_ref()),
            text(o.website.as_ref()),
        ]
    })
}

fn services(services: &[Service]) -> Table {
    let fields = &[
        ("id", S),
        ("organization_id", S),
        ("name", S),
        ("description", S),
        ("url", S),
        ("email", S),
        ("status", S),
        ("eligibility_description", S),
        ("minimum_age", "integer"),
        ("maximum_age", "integer"),
        ("assured_date", "date"),
        ("last_modified", "datetime"),
    ];
    let keys = &[("organization_id", "organizations")];
    table("services", fields, keys, services, |s| {
        vec![
            id(s.id),
            id(s.organization_id),
            s.name.clone(),
            s.description.clone(),
            text(s.url.as_ref()),
            text(s.email.as_ref()),
            s.status.clone(),
            text(s.eligibility_description.as_ref()),
            number(s.minimum_age),
            number(s.maximum_age),
            text(s.assured_date.as_ref()),
            s.last_modified.clone(),
        ]
    })
}

fn phones(services: &[Service]) -> Table {
    let fields = &[
        ("id", S),
        ("service_id", S),
        ("number", S),
        ("type", S),
        ("description", S),
    ];
    let phones = services.iter().flat_map(|s| &s.phones);
    table(
        "phones",
        fields,
        &[("service_id", "services")],
        phones,
        |p| {
            vec![
                id(p.id),
                id(p.service_id),
                p.number.clone(),
                p.kind.clone(),
                text(p.description.as_ref()),
            ]
        },
    )
}

fn schedules(services: &[Service]) -> Table {
    let fields = &[
        ("id", S),
        ("service_id", S),
        ("freq", S),
        ("byday", S),
        ("opens_at", "time"),
        ("closes_at", "time"),
        ("description", S),
    ];
    let rows = services.iter().flat_map(|s| &s.schedules);
    table(
        "schedules",
        fields,
        &[("service_id", "services")],
        rows,
        |r| {
            vec![
                id(r.id),
                id(r.service_id),
                text(r.freq.as_ref()),
                text(r.byday.as_ref()),
                text(r.opens_at.as_ref()),
                text(r.closes_at.as_ref()),
                text(r.description.as_ref()),
            ]
        },
    )
}

fn service_areas(services: &[Service]) -> Table {
    let fields = &[
        ("id", S),
        ("service_id", S),
        ("name", S),
        ("extent_type", S),
    ];
    let areas = services.iter().flat_map(|s| &s.service_areas);
    let keys = &[("service_id", "services")];
    table("service_areas", fields, keys, areas, |a| {
        vec![
            id(a.id),
            id(a.service_id),
            a.name.clone(),
            a.extent_type.clone(),
        ]
    })
}

fn taxonomies(taxonomy: &Taxonomy) -> Table {
    let fields = &[("id", S), ("name", S), ("description", S)];
    table("taxonomies", fields, &[], [taxonomy], |t| {
        vec![id(t.id), t.name.clone(), t.description.clone()]
    })
}

fn taxonomy_terms(terms: &[TaxonomyTerm]) -> Table {
    let fields = &[
        ("id", S),
        ("code", S),
        ("name", S),
        ("description", S),
        ("taxonomy", S),
        ("taxonomy_id", S),
    ];
    let keys = &[("taxonomy_id", "taxonomies")];
    table("taxonomy_terms", fields, keys, terms, |t| {
        vec![
            id(t.id),
            t.code.clone(),
            t.name.clone(),
            t.description.clone(),
            t.taxonomy.clone(),
            id(t.taxonomy_id),
        ]
    })
}

fn attributes(services: &[Service]) -> Table {
    let fields = &[
        ("id", S),
        ("link_id", S),
        ("link_type", S),
        ("link_entity", S),
        ("taxonomy_term_id", S),
    ];
    let keys = &[("taxonomy_term_id", "taxonomy_terms")];
    let attributes = services.iter().flat_map(|s| &s.attributes);
    table("attributes", fields, keys, attributes, |a| {
        vec![
            id(a.id),
            id(a.link_id),
            a.link_type.clone(),
            a.link_entity.clone(),
            id(a.taxonomy_term_id),
        ]
    })
}

fn locations(at: &[&ServiceAtLocation]) -> Table {
    let fields = &[
        ("id", S),
        ("location_type", S),
        ("name", S),
        ("organization_id", S),
    ];
    let keys = &[("organization_id", "organizations")];
    table("locations", fields, keys, at.iter().copied(), |sal| {
        let l = &sal.location;
        vec![
            id(l.id),
            l.location_type.clone(),
            l.name.clone(),
            id(l.organization_id),
        ]
    })
}

fn addresses(at: &[&ServiceAtLocation]) -> Table {
    let fields = &[
        ("id", S),
        ("location_id", S),
        ("address_1", S),
        ("city", S),
        ("state_province", S),
        ("postal_code", S),
        ("country", S),
        ("address_type", S),
    ];
    let addresses = at.iter().flat_map(|sal| &sal.location.addresses);
    let keys = &[("location_id", "locations")];
    table("addresses", fields, keys, addresses, |a| {
        vec![
            id(a.id),
            id(a.location_id),
            a.address_1.clone(),
            a.city.clone(),
            a.state_province.clone(),
            a.postal_code.clone(),
            a.country.clone(),
            a.address_type.clone(),
        ]
    })
}

fn service_at_locations(at: &[&ServiceAtLocation]) -> Table {
    let fields = &[("id", S), ("service_id", S), ("location_id", S)];
    let keys = &[("service_id", "services"), ("location_id", "locations")];
    table(
        "service_at_locations",
        fields,
        keys,
        at.iter().copied(),
        |sal| vec![id(sal.id), id(sal.service_id), id(sal.location_id)],
    )
}

/// The tables of the package, in the order they are written.
pub(super) fn tables(taxonomy: &Taxonomy, terms: &[TaxonomyTerm], all: &[Service]) -> Vec<Table> {
    let at: Vec<&ServiceAtLocation> = all.iter().flat_map(|s| &s.service_at_locations).collect();
    vec![
        organizations(all),
        services(all),
        phones(all),
        schedules(all),
        service_areas(all),
        taxonomies(taxonomy),
        taxonomy_terms(terms),
        attributes(all),
        locations(&at),
        addresses(&at),
        service_at_locations(&at),
    ]
}
