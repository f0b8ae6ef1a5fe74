//! schema.org JSON-LD for a provider page.
//!
//! The block is data (`<script type="application/ld+json">`), which browsers
//! never run, so the CSP's "no inline script" still holds. It is built from
//! the page's view ([`super::ProviderView`]), never from the stored provider,
//! so it cannot say more than the page: a confidential address is not there.

use std::fmt;

use serde_json::{Value, json};

use super::ProviderView;

/// JSON text that can sit between `<script>` and `</script>`: every `<`, `>`
/// and `&` is written as a `\u` escape (valid JSON, the same data), so no
/// `</script>` or `<!--` in the data can end the block early.
pub struct JsonLd(String);

impl JsonLd {
    /// Serialises and escapes `value`.
    #[must_use]
    pub fn new(value: &Value) -> Self {
        let text = value.to_string();
        let mut escaped = String::with_capacity(text.len() + 16);
        for c in text.chars() {
            match c {
                '<' => escaped.push_str("\\u003c"),
                '>' => escaped.push_str("\\u003e"),
                '&' => escaped.push_str("\\u0026"),
                c => escaped.push(c),
            }
        }
        Self(escaped)
    }
}

impl fmt::Display for JsonLd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `opens`/`closes` from a row of the week table ("10:00 to 14:00"). A range
/// that runs to midnight closes at 23:59, as schema.org suggests.
fn span(times: &str) -> Option<(String, String)> {
    let (opens, closes) = times.split_once(" to ")?;
    let closes = if closes == "24:00" { "23:59" } else { closes };
    Some((opens.to_owned(), closes.to_owned()))
}

/// One `OpeningHoursSpecification` per opening span, with every day that
/// has it.
fn opening_hours(view: &ProviderView) -> Vec<Value> {
    let mut specs: Vec<((String, String), Vec<String>)> = Vec::new();
    for row in view.week.iter().flatten() {
        for (opens, closes) in row.times.iter().filter_map(|t| span(t)) {
            let day = format!("https://schema.org/{}", row.day);
            match specs
                .iter_mut()
                .find(|(key, _)| key.0 == opens && key.1 == closes)
            {
                Some((_, days)) => days.push(day),
                None => specs.push(((opens, closes), vec![day])),
            }
        }
    }
    specs
        .into_iter()
        .map(|((opens, closes), days)| {
            json!({
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": days,
                "opens": opens,
                "closes": closes,
            })
        })
        .collect()
}

/// The provider as a schema.org `Organization`.
///
/// Opening hours are given on each `ContactPoint` (`hoursAvailable`) and on
/// the organisation (`openingHoursSpecification`).
#[must_use]
pub fn organization(view: &ProviderView, page_url: &str) -> Value {
    let hours = opening_hours(view);
    let mut contact_points: Vec<Value> = view
        .phones
        .iter()
        .map(|phone| {
            let mut point = json!({
                "@type": "ContactPoint",
                "telephone": phone.tel,
                "contactType": if phone.label.is_empty() { "enquiries" } else { phone.label.as_str() },
                "areaServed": view.area,
            });
            if !hours.is_empty() {
                point["hoursAvailable"] = json!(hours);
            }
            point
        })
        .collect();
    if let Some(email) = &view.email {
        contact_points.push(json!({
            "@type": "ContactPoint",
            "email": email,
            "contactType": "enquiries",
        }));
    }
    let mut org = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": page_url,
        "name": view.name,
        "url": view.website.as_deref().unwrap_or(page_url),
        "mainEntityOfPage": page_url,
    });
    let mut set = |key: &str, value: Value| {
        org[key] = value;
    };
    if !view.summary.is_empty() {
        set("description", json!(view.summary));
    }
    if let Some(email) = &view.email {
        set("email", json!(email));
    }
    if let Some(phone) = view.phones.first() {
        set("telephone", json!(phone.tel));
    }
    if !view.area.is_empty() {
        set("areaServed", json!(view.area));
    }
    if let Some(address) = &view.address {
        set("address", json!(address));
    }
    if !contact_points.is_empty() {
        set("contactPoint", json!(contact_points));
    }
    if !hours.is_empty() {
        set("openingHoursSpecification", json!(hours));
    }
    org
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_endings_in_the_data_cannot_close_the_block() {
        let value = json!({"name": "</script><script>alert(1)</script> <!-- & -->"});
        let text = JsonLd::new(&value).to_string();
        assert!(!text.contains('<'), "{text}");
        assert!(!text.contains('>'), "{text}");
        assert!(!text.contains('&'), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back, value, "the same data");
    }

    #[test]
    fn reads_spans_off_the_week_table() {
        assert_eq!(
            span("10:00 to 14:00"),
            Some(("10:00".into(), "14:00".into()))
        );
        assert_eq!(
            span("00:00 to 24:00"),
            Some(("00:00".into(), "23:59".into()))
        );
        assert_eq!(span("nonsense"), None);
    }
}
