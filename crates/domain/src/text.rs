//! The one rule for the characters of every text field.
//!
//! Text reaches us from forms, the command line and imports. Three things
//! in it are never what a person meant to store, and each is refused with
//! a message beside its field rather than quietly changed:
//!
//! - bytes that are not valid UTF-8, whether sent raw or percent-encoded:
//!   the form decoder turns them into U+FFFD REPLACEMENT CHARACTER, so that
//!   character stands for "could not be read";
//! - control characters (C0, DEL, C1), except tab, CR and LF in fields of
//!   several lines; NUL in particular truncates text in C tools and logs;
//! - in names, slugs, email addresses and phone labels, the bidirectional
//!   controls (embeddings, overrides and isolates U+202A–U+202E and
//!   U+2066–U+2069, and the marks U+200E, U+200F and U+061C), which can make
//!   a name read differently from what is stored ("Trojan Source").

use std::fmt;

/// What a field holds, which decides what is refused in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    /// Free text of several lines (descriptions, Markdown, notes): tab, CR
    /// and LF are allowed.
    Lines,
    /// Free text of one line (an area, a note on hours).
    Line,
    /// A name, slug, email address or phone label: one line, and no
    /// bidirectional controls.
    Name,
}

/// Why a text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextError {
    /// It held bytes that were not valid UTF-8 (seen as U+FFFD).
    NotUtf8,
    /// It held this control character.
    Control(char),
    /// It held this bidirectional control.
    Bidi(char),
}

impl TextError {
    /// The message to show beside the field, starting with its label
    /// ("Name contains …").
    #[must_use]
    pub fn message(self, label: &str) -> String {
        match self {
            Self::NotUtf8 => format!(
                "{label} contains characters that could not be read (the text was not valid \
                 UTF-8); type it again rather than pasting it"
            ),
            Self::Control(c) => format!(
                "{label} contains an invisible control character ({}); remove it",
                code_point(c)
            ),
            Self::Bidi(c) => format!(
                "{label} contains an invisible character that changes the direction of the text \
                 ({}); remove it",
                code_point(c)
            ),
        }
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message("The text"))
    }
}

impl std::error::Error for TextError {}

fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Whether `c` is a bidirectional control or mark.
#[must_use]
pub const fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Checks `raw` against the rule for `kind`, reporting the first character
/// refused.
///
/// # Errors
/// `NotUtf8`, `Control` or `Bidi`.
pub fn check(raw: &str, kind: TextKind) -> Result<(), TextError> {
    for c in raw.chars() {
        if c == char::REPLACEMENT_CHARACTER {
            return Err(TextError::NotUtf8);
        }
        let allowed_space = kind == TextKind::Lines && matches!(c, '\t' | '\r' | '\n');
        if c.is_control() && !allowed_space {
            return Err(TextError::Control(c));
        }
        if kind == TextKind::Name && is_bidi_control(c) {
            return Err(TextError::Bidi(c));
        }
    }
    Ok(())
}

/// A form's free-text field: checked by the rule for `kind`, trimmed, line
/// ends made `\n` (CRLF and a lone CR alike, so that cleaning twice changes
/// nothing), and at most `max` characters. A problem is added to
/// `errors` against `field`; the cleaned text is returned either way, so
/// the form can be shown again.
pub fn field(
    errors: &mut Vec<(&'static str, String)>,
    field: &'static str,
    raw: &str,
    max: usize,
    label: &str,
    kind: TextKind,
) -> String {
    let cleaned = raw.trim().replace("\r\n", "\n").replace('\r', "\n");
    if let Err(e) = check(&cleaned, kind) {
        errors.push((field, e.message(label)));
    } else if cleaned.chars().count() > max {
        errors.push((field, format!("{label} must be {max} characters or fewer")));
    }
    cleaned
}

/// The `(field, message)` pairs a form's validation reports, in the order
/// of the form.
pub type Problems = Vec<(&'static str, String)>;

/// A free-text field's rule, written once as a constant, so that a
/// validator reads as a list of its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextRule {
    /// The form field's id, which a problem is reported against.
    pub field: &'static str,
    /// The most characters it takes.
    pub max: usize,
    /// Its label, which starts its messages.
    pub label: &'static str,
    /// Which characters it takes.
    pub kind: TextKind,
}

impl TextRule {
    /// A rule for `field`, shown as `label`.
    #[must_use]
    pub const fn new(field: &'static str, max: usize, label: &'static str, kind: TextKind) -> Self {
        Self {
            field,
            max,
            label,
            kind,
        }
    }

    /// The text cleaned and checked by [`field`]; a problem is added to
    /// `errors`.
    pub fn check(self, errors: &mut Problems, raw: &str) -> String {
        field(errors, self.field, raw, self.max, self.label, self.kind)
    }

    /// As [`Self::check`], and `missing` is added when the text is empty:
    /// for the fields a record cannot be without.
    pub fn required(self, errors: &mut Problems, raw: &str, missing: &str) -> String {
        let text = self.check(errors, raw);
        if text.is_empty() {
            errors.push((self.field, missing.to_owned()));
        }
        text
    }
}

/// `raw` cut to at most `max_chars` characters, ending in "…" when cut (for
/// labels in logs and on pages: what was typed may be any length).
#[must_use]
pub fn cut(raw: &str, max_chars: usize) -> String {
    if raw.chars().count() <= max_chars {
        return raw.to_owned();
    }
    let mut cut: String = raw.chars().take(max_chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Writes every control and bidirectional character of `raw` as `\u{..}`,
/// so that what is shown (in the audit log, in a log line) is on one line
/// and reads as it is stored.
#[must_use]
pub fn escape_controls(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_control() || is_bidi_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_a_field_twice_changes_nothing() {
        // Found by the fuzz target `validators`: "a\r\r\nb" became
        // "a\r\nb", which the next save changed again.
        let mut errors = Vec::new();
        for raw in ["a\r\r\nb", "a\rb", "a\r\n\r\nb", " a\n\rb "] {
            let once = field(&mut errors, "f", raw, 100, "F", TextKind::Lines);
            let twice = field(&mut errors, "f", &once, 100, "F", TextKind::Lines);
            assert_eq!(once, twice, "{raw:?}");
            assert!(!once.contains('\r'), "{raw:?}");
        }
        assert!(errors.is_empty());
    }

    #[test]
    fn replacement_characters_mean_the_bytes_were_not_utf8() {
        assert_eq!(
            check("Bad\u{FFFD}\u{FFFD}name", TextKind::Line),
            Err(TextError::NotUtf8)
        );
        assert_eq!(
            check("Bad\u{FFFD}", TextKind::Lines),
            Err(TextError::NotUtf8)
        );
    }

    #[test]
    fn nul_and_other_controls_are_refused_everywhere() {
        for kind in [TextKind::Lines, TextKind::Line, TextKind::Name] {
            assert_eq!(check("a\0b", kind), Err(TextError::Control('\0')));
            assert_eq!(
                check("a\u{1b}[31m", kind),
                Err(TextError::Control('\u{1b}'))
            );
            assert_eq!(check("a\u{7f}", kind), Err(TextError::Control('\u{7f}')));
            assert_eq!(check("a\u{85}", kind), Err(TextError::Control('\u{85}')));
        }
    }

    #[test]
    fn only_fields_of_several_lines_take_tab_cr_and_lf() {
        assert_eq!(check("one\r\ntwo\tthree", TextKind::Lines), Ok(()));
        assert_eq!(
            check("one\ntwo", TextKind::Line),
            Err(TextError::Control('\n'))
        );
        assert_eq!(
            check("one\ttwo", TextKind::Name),
            Err(TextError::Control('\t'))
        );
    }

    #[test]
    fn bidi_controls_are_refused_in_names_only() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200F}',
        ] {
            let text = format!("Safe{c}and Sound");
            assert_eq!(
                check(&text, TextKind::Name),
                Err(TextError::Bidi(c)),
                "{c:?}"
            );
            assert_eq!(check(&text, TextKind::Lines), Ok(()), "{c:?}");
        }
        assert_eq!(
            check(
                "Barnardo\u{2019}s \u{00e9}t\u{00e9} \u{0645}\u{0631}\u{062d}\u{0628}\u{0627}",
                TextKind::Name
            ),
            Ok(())
        );
    }

    #[test]
    fn messages_name_the_field_and_the_code_point() {
        assert_eq!(
            TextError::Control('\0').message("Name"),
            "Name contains an invisible control character (U+0000); remove it"
        );
        assert!(
            TextError::Bidi('\u{2066}')
                .message("Name")
                .contains("U+2066")
        );
    }

    #[test]
    fn a_field_reports_its_problem_and_keeps_the_text() {
        let mut errors = Vec::new();
        let kept = field(
            &mut errors,
            "name",
            "  Bad\0name ",
            200,
            "Name",
            TextKind::Name,
        );
        assert_eq!(kept, "Bad\0name");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, "name");
        let mut errors = Vec::new();
        assert_eq!(
            field(&mut errors, "body", "a\r\nb", 10, "Body", TextKind::Lines),
            "a\nb"
        );
        assert!(errors.is_empty());
        field(&mut errors, "body", "abcdef", 5, "Body", TextKind::Lines);
        assert_eq!(
            errors,
            vec![("body", "Body must be 5 characters or fewer".to_owned())]
        );
    }

    #[test]
    fn escaping_puts_controls_on_one_visible_line() {
        assert_eq!(
            escape_controls("jo\r\nadmin\u{1b}[31m\u{202e}"),
            "jo\\u{d}\\u{a}admin\\u{1b}[31m\\u{202e}"
        );
        assert_eq!(escape_controls("plain text"), "plain text");
    }
}
