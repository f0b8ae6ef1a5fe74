//! A county's settings that its admins keep: the brand colour of its public
//! site, the police non-emergency number shown beside 999, and whether
//! search engines are asked not to index the site.

use crate::colour::{Colour, ColourError, MIN_TEXT_CONTRAST, ratio_label};

/// The settings form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawSettings {
    pub brand_colour: String,
    pub non_emergency: String,
    /// The "ask search engines not to index" checkbox: ticked or not.
    pub noindex: bool,
}

/// Settings that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountySettings {
    /// `None`: the platform's colours.
    pub brand_colour: Option<Colour>,
    /// As written: "101", "0300 122 8694".
    pub non_emergency: String,
    /// Ask search engines not to index the public site (`noindex`).
    pub noindex: bool,
}

/// The longest non-emergency number stored (the column's width).
pub const MAX_NON_EMERGENCY_LEN: usize = 32;

/// Why a brand colour was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrandColourError {
    #[error(transparent)]
    Malformed(#[from] ColourError),
    /// White text on it would be hard to read.
    #[error(
        "{colour} has a contrast ratio of {ratio} with white, and the white text on it needs at least 4.5:1: choose a darker colour"
    )]
    TooLight { colour: Colour, ratio: String },
}

/// Why a non-emergency number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NonEmergencyError {
    #[error("Enter the police non-emergency number, like 101")]
    Empty,
    #[error("The number must be {MAX_NON_EMERGENCY_LEN} characters or fewer")]
    TooLong,
    #[error(
        "Enter a phone number of 3 to 15 digits, like 101 or 0300 122 8694 (spaces, hyphens, brackets and a leading + are allowed)"
    )]
    Malformed,
}

/// Parses the brand colour field: empty means the platform's colours.
///
/// # Errors
/// `Malformed`, or `TooLight` when white text on it would give less than
/// 4.5:1.
pub fn parse_brand_colour(raw: &str) -> Result<Option<Colour>, BrandColourError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let colour = Colour::parse(raw)?;
    let ratio = colour.contrast_with(Colour::WHITE);
    if ratio < MIN_TEXT_CONTRAST {
        return Err(BrandColourError::TooLight {
            colour,
            // Never "4.50:1" for a colour refused for missing 4.5:1.
            ratio: ratio_label(ratio.min(4.494)),
        });
    }
    Ok(Some(colour))
}

/// Parses the non-emergency number: 3 to 15 digits, with spaces, hyphens,
/// brackets and a leading `+` allowed; trimmed, inner spaces kept as typed.
///
/// # Errors
/// `Empty`, `TooLong` or `Malformed`.
pub fn parse_non_emergency(raw: &str) -> Result<String, NonEmergencyError> {
    let number = raw.trim();
    if number.is_empty() {
        return Err(NonEmergencyError::Empty);
    }
    if number.chars().count() > MAX_NON_EMERGENCY_LEN {
        return Err(NonEmergencyError::TooLong);
    }
    let allowed = number
        .chars()
        .all(|c| c.is_ascii_digit() || " -()".contains(c) || c == '+');
    let plus_ok = number.rfind('+').is_none_or(|at| at == 0);
    let digits = number.chars().filter(char::is_ascii_digit).count();
    if !allowed || !plus_ok || !(3..=15).contains(&digits) {
        return Err(NonEmergencyError::Malformed);
    }
    Ok(number.to_owned())
}

/// Validates the form field by field; messages come in the order of the form.
///
/// # Errors
/// Every field's message, as `(field, message)`.
pub fn validate(raw: &RawSettings) -> Result<CountySettings, Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let brand_colour = parse_brand_colour(&raw.brand_colour)
        .map_err(|e| errors.push(("brand_colour", e.to_string())))
        .ok();
    let non_emergency = parse_non_emergency(&raw.non_emergency)
        .map_err(|e| errors.push(("non_emergency", e.to_string())))
        .ok();
    match (brand_colour, non_emergency) {
        (Some(brand_colour), Some(non_emergency)) if errors.is_empty() => Ok(CountySettings {
            brand_colour,
            non_emergency,
            noindex: raw.noindex,
        }),
        _ => Err(errors),
    }
}

/// The names of the fields that differ, for the audit log.
#[must_use]
pub fn changed_fields(before: &CountySettings, after: &CountySettings) -> Vec<String> {
    let mut changed = Vec::new();
    if before.brand_colour != after.brand_colour {
        changed.push("brand_colour".to_owned());
    }
    if before.non_emergency != after.non_emergency {
        changed.push("non_emergency".to_owned());
    }
    if before.noindex != after.noindex {
        changed.push("noindex".to_owned());
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(brand_colour: &str, non_emergency: &str) -> RawSettings {
        RawSettings {
            brand_colour: brand_colour.to_owned(),
            non_emergency: non_emergency.to_owned(),
            noindex: false,
        }
    }

    #[test]
    fn a_dark_colour_and_a_number_pass() {
        let settings = validate(&raw(" #1D4F91 ", " 0300 122 8694 "));
        assert_eq!(
            settings,
            Ok(CountySettings {
                brand_colour: Some(Colour::rgb(0x1d, 0x4f, 0x91)),
                non_emergency: "0300 122 8694".to_owned(),
                noindex: false,
            })
        );
    }

    #[test]
    fn an_empty_colour_means_the_platform_colours() {
        assert_eq!(parse_brand_colour("  "), Ok(None));
    }

    #[test]
    fn a_colour_just_under_four_and_a_half_to_one_is_refused_naming_its_ratio() {
        assert!(parse_brand_colour("#767676").is_ok());
        let err = parse_brand_colour("#777777").err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "#777777 has a contrast ratio of 4.48:1 with white, and the white text on it needs at least 4.5:1: choose a darker colour"
            )
        );
        assert!(matches!(
            parse_brand_colour("#ffdd00"),
            Err(BrandColourError::TooLight { .. })
        ));
        // #0078d7 gives 4.4989:1: refused, and it must not read as 4.50:1.
        assert!(matches!(
            parse_brand_colour("#0078d7"),
            Err(BrandColourError::TooLight { ratio, .. }) if ratio == "4.49:1"
        ));
    }

    #[test]
    fn a_malformed_colour_is_refused() {
        assert!(matches!(
            parse_brand_colour("navy"),
            Err(BrandColourError::Malformed(_))
        ));
    }

    #[test]
    fn non_emergency_numbers_are_phone_like() {
        for good in [
            "101",
            "+44 300 122 8694",
            "(01332) 123-456",
            "0300 122 8694",
        ] {
            assert_eq!(parse_non_emergency(good).as_deref(), Ok(good), "{good}");
        }
        assert_eq!(parse_non_emergency(" "), Err(NonEmergencyError::Empty));
        assert_eq!(
            parse_non_emergency(&"1".repeat(33)),
            Err(NonEmergencyError::TooLong)
        );
        for bad in [
            "10",
            "call 101",
            "1+01",
            "101<script>",
            "javascript:1",
            "1".repeat(16).as_str(),
        ] {
            assert_eq!(
                parse_non_emergency(bad),
                Err(NonEmergencyError::Malformed),
                "{bad}"
            );
        }
    }

    #[test]
    fn every_bad_field_gets_its_message_in_form_order() {
        let errors = validate(&raw("#ffffff", "")).err().unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["brand_colour", "non_emergency"]);
    }

    #[test]
    fn changed_fields_name_what_differs() {
        let before = validate(&raw("", "101")).unwrap_or_else(|e| panic!("{e:?}"));
        let after = validate(&raw("#1d4f91", "101")).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(changed_fields(&before, &after), ["brand_colour"]);
        assert!(changed_fields(&after, &after).is_empty());
    }
}
