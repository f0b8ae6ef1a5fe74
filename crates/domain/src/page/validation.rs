//! The page form's rules: [`validate`] reads as the list of the form's
//! fields.

use super::{PageContent, PageFields, Part, RESERVED_PAGE_SLUGS, RawPage, parse_body};
use crate::Slug;
use crate::slug::typed_or_from_name;
use crate::text::{Problems, TextKind, TextRule};

/// The longest title.
const TITLE: usize = 200;
/// The longest summary (what search engines show).
const SUMMARY: usize = 300;
/// The longest body.
const BODY: usize = 100_000;

const TITLE_RULE: TextRule = TextRule::new("title", TITLE, "The title", TextKind::Name);
const SUMMARY_RULE: TextRule = TextRule::new("summary", SUMMARY, "The summary", TextKind::Lines);
const BODY_RULE: TextRule = TextRule::new("body", BODY, "The page text", TextKind::Lines);

/// Validates the form field by field. That categories and providers named by
/// embeds exist in the county is the caller's check.
///
/// # Errors
/// The `(field, message)` pairs, in the order of the form.
pub fn validate(raw: &RawPage) -> Result<PageFields, Problems> {
    let mut errors = Problems::new();
    let e = &mut errors;
    let title = TITLE_RULE.required(e, &raw.title, "Enter a title");
    let slug = slug(e, &raw.slug, &title);
    let summary = SUMMARY_RULE.check(e, &raw.summary);
    let body = BODY_RULE.check(e, &raw.body);
    let embeds = embeds(e, &body);
    let nav_position = nav_position(e, &raw.nav_position);
    match slug {
        Some(slug) if errors.is_empty() => Ok(PageFields {
            slug,
            nav_position,
            content: PageContent {
                title,
                summary,
                body,
            },
            embeds,
        }),
        _ => Err(errors),
    }
}

/// The slug typed or made from the title, and not one the site's own
/// routes use.
fn slug(errors: &mut Problems, typed: &str, title: &str) -> Option<Slug> {
    let slug = typed_or_from_name(errors, typed, title)?;
    if RESERVED_PAGE_SLUGS.contains(&slug.as_str()) {
        errors.push((
            "slug",
            format!("The slug \u{201c}{slug}\u{201d} is used by the site itself; choose another"),
        ));
        return None;
    }
    Some(slug)
}

/// The embeds the body uses, in order; each one that cannot be used is
/// reported with its line.
fn embeds(errors: &mut Problems, body: &str) -> Vec<super::Embed> {
    match parse_body(body) {
        Ok(parts) => parts
            .into_iter()
            .filter_map(|p| match p {
                Part::Embed(e) => Some(e),
                Part::Markdown(_) => None,
            })
            .collect(),
        Err(errs) => {
            for e in errs {
                errors.push(("body", e.to_string()));
            }
            Vec::new()
        }
    }
}

/// The place in the navigation, 1 to 99, or none when the field is empty.
fn nav_position(errors: &mut Problems, raw: &str) -> Option<i32> {
    match raw.trim() {
        "" => None,
        n => match n.parse::<i32>() {
            Ok(n) if (1..=99).contains(&n) => Some(n),
            _ => {
                errors.push((
                    "nav_position",
                    "The position must be a whole number from 1 to 99, or empty to leave the page out of the navigation".to_owned(),
                ));
                None
            }
        },
    }
}
