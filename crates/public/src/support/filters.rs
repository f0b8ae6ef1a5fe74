//! The directory's filters: read from the query string, never refused (a
//! value that cannot be used is ignored with a message), and applied to the
//! published providers of the county's snapshot in memory.

use domain::Category;
use domain::provider::OpenState;
use web::county_snapshot::Listed;

/// The longest search text used; the rest is ignored.
const MAX_QUERY_CHARS: usize = 200;

/// The oldest age accepted in the age filter.
const MAX_AGE: u8 = 120;

/// The filters as the visitor typed them, to show in the form again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typed {
    pub category: String,
    pub age: String,
    pub q: String,
    pub open_now: bool,
}

/// The filters that apply.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// A slug of one of the county's categories.
    pub category: Option<String>,
    pub age: Option<u8>,
    /// Lower-case words, each of which must appear somewhere.
    pub words: Vec<String>,
    pub open_now: bool,
}

/// Why part of the query was ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ignored {
    /// `age` was not a whole number from 0 to 120.
    Age,
    /// `category` is not one of the county's.
    Category,
}

impl Filters {
    /// Whether any filter applies.
    #[must_use]
    pub fn any(&self) -> bool {
        self.category.is_some() || self.age.is_some() || !self.words.is_empty() || self.open_now
    }
}

/// What the visitor typed into the filter form, as the page shows it
/// again: the first value of each filter, trimmed and bounded. Everything
/// else in the query string (tracking parameters, cache busters) is
/// dropped, so it can neither change the page nor its cache key.
#[must_use]
pub fn typed(pairs: &[(String, String)]) -> Typed {
    let first = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    Typed {
        category: first("category"),
        age: first("age").chars().take(20).collect(),
        q: first("q").chars().take(MAX_QUERY_CHARS).collect(),
        open_now: pairs
            .iter()
            .find(|(k, _)| k == "open_now")
            .is_some_and(|(_, v)| matches!(v.trim(), "1" | "on" | "true" | "yes")),
    }
}

impl Typed {
    /// The filters as part of a cache key: the directory page is a function
    /// of these (and the county's content), nothing else of the query.
    #[must_use]
    pub fn cache_key(&self) -> String {
        format!(
            "c={}\u{1f}a={}\u{1f}q={}\u{1f}o={}",
            self.category, self.age, self.q, self.open_now
        )
    }
}

/// The filters that apply of those typed (see [`typed`]), and what was
/// ignored.
#[must_use]
pub fn parse(typed: Typed, categories: &[Category]) -> (Typed, Filters, Vec<Ignored>) {
    let mut ignored = Vec::new();
    let category = if typed.category.is_empty() {
        None
    } else if categories.iter().any(|c| c.slug == typed.category) {
        Some(typed.category.clone())
    } else {
        ignored.push(Ignored::Category);
        None
    };
    let age = if typed.age.is_empty() {
        None
    } else {
        match typed.age.parse::<u8>() {
            Ok(age) if age <= MAX_AGE => Some(age),
            _ => {
                ignored.push(Ignored::Age);
                None
            }
        }
    };
    let words = typed
        .q
        .to_lowercase()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let filters = Filters {
        category,
        age,
        words,
        open_now: typed.open_now,
    };
    (typed, filters, ignored)
}

/// Whether the provider passes the filters, with its open state in the
/// snapshot's window.
#[must_use]
pub fn matches(listed: &Listed, filters: &Filters) -> bool {
    let f = &listed.provider.fields;
    if let Some(category) = &filters.category
        && !f.categories.iter().any(|c| c.as_str() == category)
    {
        return false;
    }
    if let Some(age) = filters.age
        && !f.serves_age(age)
    {
        return false;
    }
    if filters.open_now && !listed.open_state().is_some_and(OpenState::is_open) {
        return false;
    }
    domain::provider::has_every_word(&listed.search_text, &filters.words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::test_fixtures::published as provider;
    use domain::Provider;
    use domain::provider::{RawProvider, london};
    use time::OffsetDateTime;

    fn category(slug: &str, name: &str) -> Category {
        Category {
            id: domain::CategoryId::new(),
            slug: slug.into(),
            name: name.into(),
        }
    }

    fn categories() -> Vec<Category> {
        vec![
            category("cse", "Child sexual exploitation"),
            category("lgbt", "LGBT+"),
        ]
    }

    fn open_state(provider: &Provider, at: OffsetDateTime) -> Option<OpenState> {
        web::views::entry::open_state_until(provider, at).map(|(state, _)| state)
    }

    fn sail() -> Provider {
        provider(RawProvider {
            name: "SAIL".into(),
            summary: "Support for adults".into(),
            min_age: "18".into(),
            categories: "cse".into(),
            opening_hours: "Tu 10:00-14:00; We 16:00-20:00; Th 10:00-16:00".into(),
            ..RawProvider::default()
        })
    }

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn at(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> OffsetDateTime {
        london(year, month, day, hour, minute).unwrap_or_else(|| panic!("a London time"))
    }

    fn passes(p: &Provider, query: &[(&str, &str)], now: OffsetDateTime) -> bool {
        let cats = categories();
        let (_, filters, _) = parse(typed(&pairs(query)), &cats);
        matches(&Listed::new(p.clone(), &cats, now), &filters)
    }

    #[test]
    fn an_age_that_is_not_a_whole_number_is_ignored_politely() {
        for bad in ["fifteen", "-3", "12.5", "999", "1e3"] {
            let (typed, filters, ignored) = parse(typed(&pairs(&[("age", bad)])), &categories());
            assert_eq!(filters.age, None, "{bad}");
            assert_eq!(ignored, [Ignored::Age], "{bad}");
            assert_eq!(typed.age, bad, "{bad}: shown again as typed");
        }
        let (_, filters, ignored) = parse(typed(&pairs(&[("age", " 15 ")])), &categories());
        assert_eq!(filters.age, Some(15));
        assert!(ignored.is_empty());
    }

    #[test]
    fn an_unknown_category_is_ignored_politely() {
        let (_, filters, ignored) = parse(typed(&pairs(&[("category", "nope")])), &categories());
        assert_eq!(filters.category, None);
        assert_eq!(ignored, [Ignored::Category]);
    }

    #[test]
    fn open_now_accepts_the_checkbox_values() {
        for (value, on) in [("1", true), ("on", true), ("0", false), ("", false)] {
            let (_, filters, _) = parse(typed(&pairs(&[("open_now", value)])), &categories());
            assert_eq!(filters.open_now, on, "{value}");
        }
    }

    #[test]
    fn searches_every_word_case_insensitively_in_text_and_categories() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let p = sail();
        assert!(passes(&p, &[("q", "sail")], now));
        assert!(passes(&p, &[("q", "ADULTS support")], now));
        assert!(passes(&p, &[("q", "exploitation")], now), "category name");
        assert!(passes(&p, &[("q", "cse")], now), "category slug");
        assert!(!passes(&p, &[("q", "adults lgbt")], now), "every word");
    }

    #[test]
    fn filters_by_age_and_category() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let p = sail();
        assert!(passes(&p, &[("age", "18")], now));
        assert!(!passes(&p, &[("age", "17")], now));
        assert!(passes(&p, &[("category", "cse")], now));
        assert!(!passes(&p, &[("category", "lgbt")], now));
    }

    #[test]
    fn open_now_holds_at_fixed_instants_in_gmt_and_bst() {
        let p = sail();
        let open = [("open_now", "1")];
        // Tuesday 1 December 2026, GMT.
        assert!(passes(&p, &open, at(2026, 12, 1, 11, 0)));
        assert!(!passes(&p, &open, at(2026, 12, 1, 14, 0)));
        // Tuesday 7 July 2026, BST: 10:30 in London is 09:30 UTC.
        assert!(passes(&p, &open, at(2026, 7, 7, 10, 30)));
        assert!(!passes(&p, &open, at(2026, 7, 7, 9, 30)));
        // Saturday.
        assert!(!passes(&p, &open, at(2026, 7, 11, 12, 0)));
    }

    #[test]
    fn a_provider_without_hours_is_never_open_now() {
        let p = provider(RawProvider {
            name: "No hours".into(),
            ..RawProvider::default()
        });
        assert_eq!(open_state(&p, at(2026, 12, 1, 11, 0)), None);
        assert!(!passes(&p, &[("open_now", "1")], at(2026, 12, 1, 11, 0)));
        assert!(passes(&p, &[], at(2026, 12, 1, 11, 0)));
    }
}
