//! "Report a problem with this information": what a visitor may say about
//! a provider or a content page, and the rules of the form.

use crate::text::{self, TextKind};

/// The longest description of the problem, in characters.
pub const MAX_TEXT: usize = 2000;
/// The longest way of reaching the visitor, in characters.
pub const MAX_CONTACT: usize = 200;

/// What kind of problem a visitor reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportKind {
    /// The number or details are out of date.
    Outdated,
    /// The service has closed.
    Closed,
    /// Something to add.
    Addition,
    /// Something else.
    Other,
}

impl ReportKind {
    /// Every kind, in the order of the form.
    pub const ALL: [Self; 4] = [Self::Outdated, Self::Closed, Self::Addition, Self::Other];

    /// The value stored and sent by the form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Outdated => "outdated",
            Self::Closed => "closed",
            Self::Addition => "addition",
            Self::Other => "other",
        }
    }

    /// What the form and the review queue call it.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Outdated => "The number or details are out of date",
            Self::Closed => "The service has closed",
            Self::Addition => "Something to add",
            Self::Other => "Something else",
        }
    }

    /// The kind stored or sent as `value`.
    #[must_use]
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value.trim())
    }
}

/// What a report is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportObject {
    Provider,
    Page,
}

impl ReportObject {
    /// The value stored.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Provider => "provider",
            Self::Page => "page",
        }
    }

    /// The kind stored as `value`.
    #[must_use]
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "provider" => Some(Self::Provider),
            "page" => Some(Self::Page),
            _ => None,
        }
    }
}

/// The form as sent: every field a string.
#[derive(Clone, Debug, Default)]
pub struct RawReport {
    pub kind: String,
    pub text: String,
    pub contact: String,
}

/// A report that passed the rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportFields {
    pub kind: ReportKind,
    pub text: String,
    /// Empty when the visitor left no way to reach them.
    pub contact: String,
}

/// The report, or each field's problem, `(field, message)`.
///
/// # Errors
/// The fields that break a rule, in the order of the form.
pub fn validate(raw: &RawReport) -> Result<ReportFields, Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let kind = ReportKind::parse(&raw.kind);
    if kind.is_none() {
        errors.push(("kind", "Choose what kind of problem it is".to_owned()));
    }
    let text = text::field(
        &mut errors,
        "text",
        &raw.text,
        MAX_TEXT,
        "What is wrong",
        TextKind::Lines,
    );
    if text.is_empty() && !errors.iter().any(|(f, _)| *f == "text") {
        errors.push(("text", "Say what is wrong".to_owned()));
    }
    let contact = text::field(
        &mut errors,
        "contact",
        &raw.contact,
        MAX_CONTACT,
        "How to reach you",
        TextKind::Name,
    );
    match kind {
        Some(kind) if errors.is_empty() => Ok(ReportFields {
            kind,
            text,
            contact,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(kind: &str, text: &str, contact: &str) -> RawReport {
        RawReport {
            kind: kind.into(),
            text: text.into(),
            contact: contact.into(),
        }
    }

    #[test]
    fn a_report_needs_a_kind_and_a_text() {
        let ok = validate(&raw("closed", "  It closed in May.  ", "")).expect("valid");
        assert_eq!(ok.kind, ReportKind::Closed);
        assert_eq!(ok.text, "It closed in May.");
        let errors = validate(&raw("bogus", "   ", "")).expect_err("invalid");
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["kind", "text"]);
    }

    #[test]
    fn text_and_contact_are_bounded_and_clean() {
        let long = "a".repeat(MAX_TEXT + 1);
        let errors =
            validate(&raw("other", &long, &"b".repeat(MAX_CONTACT + 1))).expect_err("too long");
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["text", "contact"]);
        let errors = validate(&raw("other", "fine", "me\u{202E}")).expect_err("bidi");
        assert_eq!(errors[0].0, "contact");
        assert!(validate(&raw("other", &"a".repeat(MAX_TEXT), "")).is_ok());
    }

    #[test]
    fn every_kind_reads_back() {
        for kind in ReportKind::ALL {
            assert_eq!(ReportKind::parse(kind.as_str()), Some(kind));
        }
    }
}
