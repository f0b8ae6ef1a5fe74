//! Content pages: a county's own pages, written in Markdown with embeds
//! that render live data (`{{providers category="cse"}}`, `{{provider
//! "slug"}}`, `{{commissioned}}`, `{{emergency}}`).
//!
//! A page has a slug and a place in the navigation; its title, summary and
//! body live in revisions. At most one revision is the draft and at most one
//! is published; every save makes a new revision, so history is complete.

use std::fmt;

use time::OffsetDateTime;

use crate::provider::slugify;
use crate::text::{TextKind, field as text};
use crate::{Slug, TenantId, UserId};

pub use crate::ids::PageId;

/// Page slugs that would collide with the county site's own routes, or
/// that CONTRACT.md reserves.
pub const RESERVED_PAGE_SLUGS: &[&str] = &[
    "support", "search", "api", "sitemap", "safety", "admin", "assets",
];

/// The slug of the page that is the county's home.
pub const HOME_SLUG: &str = "home";

/// The longest title.
const TITLE: usize = 200;
/// The longest summary (what search engines show).
const SUMMARY: usize = 300;
/// The longest body.
const BODY: usize = 100_000;

/// What a page shows, as stored in one revision.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PageContent {
    pub title: String,
    pub summary: String,
    /// Markdown with embeds.
    pub body: String,
}

/// A page's editable fields, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageFields {
    pub slug: Slug,
    /// Place in the county's navigation, lowest first; `None`: not listed.
    pub nav_position: Option<i32>,
    pub content: PageContent,
    /// The embeds the body uses, in order.
    pub embeds: Vec<Embed>,
}

/// The page form as typed.
#[derive(Clone, Debug, Default)]
pub struct RawPage {
    pub title: String,
    pub slug: String,
    pub summary: String,
    pub body: String,
    pub nav_position: String,
}

/// Where a page is in its workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageState {
    /// Never published, or unpublished.
    Draft,
    /// Live, with no newer draft.
    Published,
    /// Live, with a newer draft waiting.
    PublishedWithDraft,
}

impl PageState {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Published => "Published",
            Self::PublishedWithDraft => "Published, with changes in draft",
        }
    }
}

/// A stored page: its fields and its revisions' pointers.
#[derive(Clone, Debug)]
pub struct Page {
    pub id: PageId,
    pub tenant: TenantId,
    pub slug: Slug,
    pub nav_position: Option<i32>,
    /// The revision the public sees.
    pub published: Option<Revision>,
    /// The revision being worked on, newer than the published one.
    pub draft: Option<Revision>,
    /// When the draft is to be published.
    pub publish_at: Option<OffsetDateTime>,
    pub version: i32,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub updated_by: Option<UserId>,
    /// The display name of `updated_by`, when known.
    pub updated_by_name: Option<String>,
}

impl Page {
    #[must_use]
    pub fn state(&self) -> PageState {
        match (&self.published, &self.draft) {
            (Some(_), Some(_)) => PageState::PublishedWithDraft,
            (Some(_), None) => PageState::Published,
            (None, _) => PageState::Draft,
        }
    }

    /// The revision an editor works on: the draft, else the published one.
    #[must_use]
    pub fn latest(&self) -> Option<&Revision> {
        self.draft.as_ref().or(self.published.as_ref())
    }

    /// The title the editor sees.
    #[must_use]
    pub fn title(&self) -> &str {
        self.latest().map_or("", |r| r.content.title.as_str())
    }
}

/// One saved state of a page's content.
#[derive(Clone, Debug)]
pub struct Revision {
    /// 1, 2, 3... within the page.
    pub number: i32,
    pub content: PageContent,
    pub created_at: OffsetDateTime,
    pub created_by: Option<UserId>,
    pub created_by_name: Option<String>,
    /// The revision this one restored, if it was a restore.
    pub restored_from: Option<i32>,
}

// --- Scheduling ----------------------------------------------------------

/// Reads a publication time typed in UK time ("2026-12-01 09:30", or with
/// a `T` as a `datetime-local` field sends it) and checks that it is
/// after `now`.
///
/// # Errors
/// A message for the field.
pub fn parse_publish_at(raw: &str, now: OffsetDateTime) -> Result<OffsetDateTime, String> {
    use chrono::offset::LocalResult;
    use chrono::{NaiveDateTime, TimeZone};
    let raw = raw.trim().replace(' ', "T");
    let format = "Enter the date and time like 2026-12-01 09:30 (UK time)";
    let naive = NaiveDateTime::parse_from_str(&raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&raw, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| format.to_owned())?;
    let local = match chrono_tz::Europe::London.from_local_datetime(&naive) {
        LocalResult::Single(t) => t,
        // The hour the clocks go back happens twice: the first one.
        LocalResult::Ambiguous(first, _) => first,
        LocalResult::None => {
            return Err(
                "That time does not exist in the UK: the clocks go forward then. Choose a time after 02:00"
                    .to_owned(),
            );
        }
    };
    let at =
        OffsetDateTime::from_unix_timestamp(local.timestamp()).map_err(|_| format.to_owned())?;
    if at <= now {
        return Err("The time must be in the future".to_owned());
    }
    Ok(at)
}

/// An instant as UK time: "1 December 2026 at 09:30".
#[must_use]
pub fn london_time(at: OffsetDateTime) -> String {
    chrono::DateTime::from_timestamp(at.unix_timestamp(), 0)
        .map(|t| {
            t.with_timezone(&chrono_tz::Europe::London)
                .format("%-d %B %Y at %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// An instant as the schedule field shows it, in UK time: "2026-12-01 09:30".
#[must_use]
pub fn london_input(at: OffsetDateTime) -> String {
    chrono::DateTime::from_timestamp(at.unix_timestamp(), 0)
        .map(|t| {
            t.with_timezone(&chrono_tz::Europe::London)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

// --- Embeds --------------------------------------------------------------

/// Live content inside a page's Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Embed {
    /// `{{providers}}`, `{{providers category="cse" age="15"}}`: published
    /// providers, optionally by category and age.
    Providers {
        category: Option<Slug>,
        age: Option<u8>,
    },
    /// `{{provider "safe-and-sound"}}`: one published provider.
    Provider(Slug),
    /// `{{commissioned}}`: the current commissioning statements.
    Commissioned,
    /// `{{emergency}}`: the emergency and non-emergency numbers.
    Emergency,
}

impl fmt::Display for Embed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Providers { category, age } => {
                f.write_str("{{providers")?;
                if let Some(c) = category {
                    write!(f, " category=\"{c}\"")?;
                }
                if let Some(a) = age {
                    write!(f, " age=\"{a}\"")?;
                }
                f.write_str("}}")
            }
            Self::Provider(slug) => write!(f, "{{{{provider \"{slug}\"}}}}"),
            Self::Commissioned => f.write_str("{{commissioned}}"),
            Self::Emergency => f.write_str("{{emergency}}"),
        }
    }
}

/// A part of a body: Markdown, or an embed on a line of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part<'a> {
    Markdown(&'a str),
    Embed(Embed),
}

/// What the editor says about an embed it cannot use, with its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for EmbedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Line {}: {}", self.line, self.message)
    }
}

const EMBED_HELP: &str = "use {{providers}}, {{providers category=\"cse\" age=\"15\"}}, {{provider \"slug\"}}, {{commissioned}} or {{emergency}}";

/// Splits a body into Markdown and embeds. An embed stands on a line of its
/// own; `{{` anywhere else is an error, so that a mistyped embed is caught
/// in the editor and never reaches a public page as raw braces.
///
/// # Errors
/// Every line with an embed that cannot be used.
pub fn parse_body(body: &str) -> Result<Vec<Part<'_>>, Vec<EmbedError>> {
    let mut parts = Vec::new();
    let mut errors = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    let mut in_code = false;
    for (index, line) in body.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code || !line.contains("{{") && !line.contains("}}") {
            continue;
        }
        let number = index + 1;
        let whole = trimmed.starts_with("{{")
            && trimmed.ends_with("}}")
            && trimmed.matches("{{").count() == 1
            && trimmed.matches("}}").count() == 1;
        if !whole {
            errors.push(EmbedError {
                line: number,
                message: format!(
                    "put an embed on a line of its own, like {{{{emergency}}}}; {EMBED_HELP}"
                ),
            });
            continue;
        }
        match parse_embed(&trimmed[2..trimmed.len() - 2]) {
            Ok(embed) => {
                if line_start > start {
                    parts.push(Part::Markdown(&body[start..line_start]));
                }
                parts.push(Part::Embed(embed));
                start = offset;
            }
            Err(message) => errors.push(EmbedError {
                line: number,
                message,
            }),
        }
    }
    if start < body.len() {
        parts.push(Part::Markdown(&body[start..]));
    }
    if errors.is_empty() {
        Ok(parts)
    } else {
        Err(errors)
    }
}

/// Splits `a b="c d" "e"` into words, keeping quoted text together.
fn words(inner: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in inner.chars() {
        match c {
            '"' | '\u{201c}' | '\u{201d}' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if quoted {
        return Err("a quotation mark is not closed".to_owned());
    }
    if !current.is_empty() {
        out.push(current);
    }
    Ok(out)
}

fn parse_embed(inner: &str) -> Result<Embed, String> {
    let words = words(inner)?;
    let Some((name, args)) = words.split_first() else {
        return Err(format!("the embed is empty; {EMBED_HELP}"));
    };
    match name.as_str() {
        "providers" => {
            let mut category = None;
            let mut age = None;
            for arg in args {
                match arg.split_once('=') {
                    Some(("category", value)) => {
                        category = Some(Slug::parse(value).map_err(|_| {
                            format!("\u{201c}{value}\u{201d} is not a category slug, like cse")
                        })?);
                    }
                    Some(("age", value)) => {
                        age = Some(
                            value
                                .parse::<u8>()
                                .ok()
                                .filter(|a| *a <= 120)
                                .ok_or_else(|| {
                                    format!(
                                        "age must be a whole number from 0 to 120, not \u{201c}{value}\u{201d}"
                                    )
                                })?,
                        );
                    }
                    _ => {
                        return Err(format!(
                            "{{{{providers}}}} takes only category=\"...\" and age=\"...\", not \u{201c}{arg}\u{201d}"
                        ));
                    }
                }
            }
            Ok(Embed::Providers { category, age })
        }
        "provider" => match args {
            [slug] => Slug::parse(slug).map(Embed::Provider).map_err(|_| {
                format!("\u{201c}{slug}\u{201d} is not a provider slug, like safe-and-sound")
            }),
            _ => Err(
                "{{provider}} names one provider by its slug, like {{provider \"safe-and-sound\"}}"
                    .to_owned(),
            ),
        },
        "commissioned" | "emergency" if !args.is_empty() => {
            Err(format!("{{{{{name}}}}} takes nothing after its name"))
        }
        "commissioned" => Ok(Embed::Commissioned),
        "emergency" => Ok(Embed::Emergency),
        other => Err(format!(
            "there is no embed called \u{201c}{other}\u{201d}; {EMBED_HELP}"
        )),
    }
}

// --- Validation ----------------------------------------------------------

/// Validates the form field by field. That categories and providers named by
/// embeds exist in the county is the caller's check.
///
/// # Errors
/// The `(field, message)` pairs, in the order of the form.
pub fn validate(raw: &RawPage) -> Result<PageFields, Vec<(&'static str, String)>> {
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let title = text(
        &mut errors,
        "title",
        &raw.title,
        TITLE,
        "The title",
        TextKind::Name,
    );
    if title.is_empty() {
        errors.push(("title", "Enter a title".to_owned()));
    }
    let slug_source = if raw.slug.trim().is_empty() {
        slugify(&title)
    } else {
        raw.slug.trim().to_owned()
    };
    let slug = match Slug::parse(&slug_source) {
        Ok(slug) if RESERVED_PAGE_SLUGS.contains(&slug.as_str()) => {
            errors.push((
                "slug",
                format!(
                    "The slug \u{201c}{slug}\u{201d} is used by the site itself; choose another"
                ),
            ));
            None
        }
        Ok(slug) => Some(slug),
        Err(e) => {
            if !title.is_empty() || !raw.slug.trim().is_empty() {
                errors.push(("slug", e.to_string()));
            }
            None
        }
    };
    let summary = text(
        &mut errors,
        "summary",
        &raw.summary,
        SUMMARY,
        "The summary",
        TextKind::Lines,
    );
    let body = text(
        &mut errors,
        "body",
        &raw.body,
        BODY,
        "The page text",
        TextKind::Lines,
    );
    let embeds = match parse_body(&body) {
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
    };
    let nav_position = match raw.nav_position.trim() {
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
    };
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

/// The names of the fields that differ, for the audit log.
#[must_use]
pub fn changed_fields(
    before: (&Slug, Option<i32>, Option<&PageContent>),
    after: &PageFields,
) -> Vec<String> {
    let (slug, nav, content) = before;
    let mut out = Vec::new();
    let empty = PageContent::default();
    let content = content.unwrap_or(&empty);
    if content.title != after.content.title {
        out.push("title".to_owned());
    }
    if *slug != after.slug {
        out.push("slug".to_owned());
    }
    if content.summary != after.content.summary {
        out.push("summary".to_owned());
    }
    if content.body != after.content.body {
        out.push("body".to_owned());
    }
    if nav != after.nav_position {
        out.push("nav_position".to_owned());
    }
    out
}

/// The text of a revision as the diff compares it.
#[must_use]
pub fn diff_text(content: &PageContent) -> String {
    format!(
        "Title: {}\nSummary: {}\n\n{}\n",
        content.title,
        content.summary,
        content.body.trim_end()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(body: &str) -> RawPage {
        RawPage {
            title: "About us".into(),
            body: body.into(),
            ..RawPage::default()
        }
    }

    #[test]
    fn splits_markdown_and_embeds() {
        let body = "# Help\n\nIntro\n{{providers category=\"cse\" age=\"15\"}}\nMiddle\n\n  {{provider \"safe-and-sound\"}}  \n{{commissioned}}\n{{emergency}}\nEnd";
        let parts = parse_body(body).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            parts,
            vec![
                Part::Markdown("# Help\n\nIntro\n"),
                Part::Embed(Embed::Providers {
                    category: Slug::parse("cse").ok(),
                    age: Some(15)
                }),
                Part::Markdown("Middle\n\n"),
                Part::Embed(Embed::Provider(
                    Slug::parse("safe-and-sound").unwrap_or_else(|e| panic!("{e}"))
                )),
                Part::Embed(Embed::Commissioned),
                Part::Embed(Embed::Emergency),
                Part::Markdown("End"),
            ]
        );
    }

    #[test]
    fn refuses_unknown_and_malformed_embeds_with_their_line() {
        for (body, fragment) in [
            (
                "a\n{{nonsense}}",
                "no embed called \u{201c}nonsense\u{201d}",
            ),
            ("{{providers colour=\"red\"}}", "takes only category"),
            ("{{providers age=\"old\"}}", "whole number"),
            ("{{provider}}", "names one provider"),
            ("{{provider \"Not A Slug\"}}", "not a provider slug"),
            ("{{emergency now}}", "takes nothing"),
            ("Call {{emergency}} today", "line of its own"),
            ("{{provider \"x}}", "not closed"),
            ("text }} here", "line of its own"),
            ("{{}}", "empty"),
        ] {
            let errors = parse_body(body).err().unwrap_or_default();
            assert_eq!(errors.len(), 1, "{body}: {errors:?}");
            assert!(errors[0].message.contains(fragment), "{body}: {errors:?}");
        }
        let errors = parse_body("ok\n\n{{x}}").err().unwrap_or_default();
        assert_eq!(errors[0].line, 3);
    }

    #[test]
    fn leaves_embeds_in_code_blocks_alone() {
        let parts = parse_body("```\n{{nonsense}}\n```\n").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(parts, vec![Part::Markdown("```\n{{nonsense}}\n```\n")]);
    }

    #[test]
    fn validates_field_by_field() {
        let fields = validate(&raw("Hello\n\n{{emergency}}")).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(fields.slug.as_str(), "about-us");
        assert_eq!(fields.embeds, vec![Embed::Emergency]);
        assert_eq!(fields.nav_position, None);

        let errors = validate(&RawPage {
            title: String::new(),
            slug: "support".into(),
            nav_position: "0".into(),
            body: "{{bogus}}".into(),
            ..RawPage::default()
        })
        .err()
        .unwrap_or_default();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["title", "slug", "body", "nav_position"]);
        for reserved in ["support", "search", "api", "safety"] {
            let r = RawPage {
                slug: reserved.into(),
                ..raw("x")
            };
            assert!(validate(&r).is_err(), "{reserved}");
        }
        assert!(
            validate(&RawPage {
                slug: "sitemap.xml".into(),
                ..raw("x")
            })
            .is_err()
        );
        assert!(
            validate(&RawPage {
                slug: "home".into(),
                nav_position: "3".into(),
                ..raw("x")
            })
            .is_ok()
        );
    }

    #[test]
    fn reads_publication_times_in_uk_time() {
        let now = crate::provider::london(2026, 6, 1, 12, 0).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        // BST: 09:30 in London is 08:30 UTC.
        let at = parse_publish_at("2026-07-01T09:30", now).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(at.hour(), 8);
        assert_eq!(london_time(at), "1 July 2026 at 09:30");
        assert_eq!(london_input(at), "2026-07-01 09:30");
        // GMT: the same wall time is 09:30 UTC.
        let at = parse_publish_at("2026-12-01 09:30", now).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(at.hour(), 9);
        assert!(parse_publish_at("2026-05-01T09:30", now).is_err(), "past");
        assert!(parse_publish_at("tomorrow", now).is_err());
        // 01:30 on 28 March 2027 does not exist in London.
        let gap = parse_publish_at("2027-03-28T01:30", now)
            .err()
            .unwrap_or_default();
        assert!(gap.contains("clocks go forward"), "{gap}");
    }

    #[test]
    fn embeds_print_as_they_are_written() {
        for source in [
            "{{providers}}",
            "{{providers category=\"cse\" age=\"15\"}}",
            "{{provider \"sail\"}}",
            "{{commissioned}}",
            "{{emergency}}",
        ] {
            let parts = parse_body(source).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(parts.len(), 1);
            match &parts[0] {
                Part::Embed(e) => assert_eq!(e.to_string(), source),
                Part::Markdown(m) => panic!("{m}"),
            }
        }
    }
}
