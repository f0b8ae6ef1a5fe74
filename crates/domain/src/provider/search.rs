//! What a directory search looks in. The text is built once per provider
//! (kept with the county's snapshot, see `web::county_snapshot`) so that a
//! search only compares words.

use super::{Category, ProviderFields};

/// The text a directory search looks in, lower-cased: the provider's name,
/// summary and description, then the slug and name of each of its
/// categories (`categories` are the county's, to find the names).
#[must_use]
pub fn search_text(fields: &ProviderFields, categories: &[Category]) -> String {
    let mut text = format!(
        "{}\n{}\n{}",
        fields.name, fields.summary, fields.description
    )
    .to_lowercase();
    for slug in &fields.categories {
        text.push('\n');
        text.push_str(slug.as_str());
        if let Some(category) = categories.iter().find(|c| c.slug == slug.as_str()) {
            text.push('\n');
            text.push_str(&category.name.to_lowercase());
        }
    }
    text
}

/// Whether every one of `words` (lower-case) appears in `text` (made by
/// [`search_text`]). No words: everything matches.
#[must_use]
pub fn has_every_word(text: &str, words: &[String]) -> bool {
    words.iter().all(|word| text.contains(word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::{RawProvider, validate};

    #[test]
    fn looks_in_the_text_fields_and_the_category_slugs_and_names() {
        let fields = validate(&RawProvider {
            name: "SAIL".into(),
            summary: "Support for Adults".into(),
            description: "Counselling *in person*".into(),
            categories: "cse".into(),
            area: "Buxton".into(),
            status: "published".into(),
            ..RawProvider::default()
        })
        .unwrap_or_else(|e| panic!("{e:?}"));
        let categories = [Category {
            id: crate::CategoryId::from_uuid(uuid::Uuid::nil()),
            slug: "cse".into(),
            name: "Child Sexual Exploitation".into(),
        }];
        let text = search_text(&fields, &categories);
        for word in ["sail", "adults", "counselling", "cse", "exploitation"] {
            assert!(has_every_word(&text, &[word.to_owned()]), "{word}");
        }
        assert!(
            !has_every_word(&text, &["buxton".to_owned()]),
            "not the area"
        );
        assert!(!has_every_word(&text, &["sail".into(), "lgbt".into()]));
        assert!(has_every_word(&text, &[]));
    }
}
