//! Colours and their contrast, as WCAG 2.2 measures it.
//!
//! A county's brand colour is the background of its public header, under
//! white text, so it must give at least 4.5:1 against white (success
//! criterion 1.4.3, normal-size text). Links take a shade of it that also
//! reads on the light grey panels.

use std::fmt;

/// An sRGB colour, 8 bits a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Colour {
    r: u8,
    g: u8,
    b: u8,
}

/// The least contrast for normal-size text (WCAG 2.2, 1.4.3, level AA).
pub const MIN_TEXT_CONTRAST: f64 = 4.5;

/// Why a colour was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ColourError {
    #[error(
        "Enter the colour as # followed by 6 hexadecimal digits (0 to 9 and a to f), like #1d4f91"
    )]
    Malformed,
}

impl Colour {
    pub const WHITE: Self = Self::rgb(0xff, 0xff, 0xff);
    pub const BLACK: Self = Self::rgb(0, 0, 0);
    /// The light grey of panels, the footer and secondary buttons
    /// (`--light-grey` in site.css).
    pub const LIGHT_GREY: Self = Self::rgb(0xf3, 0xf2, 0xf1);

    /// A colour from its channels.
    #[must_use]
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b }
    }

    /// Parses `#rrggbb` (surrounding spaces, upper-case digits and a missing
    /// `#` are forgiven).
    ///
    /// # Errors
    /// `Malformed` for anything else.
    pub fn parse(raw: &str) -> Result<Self, ColourError> {
        let trimmed = raw.trim();
        let digits = trimmed.strip_prefix('#').unwrap_or(trimmed);
        if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ColourError::Malformed);
        }
        let channel = |at: usize| {
            digits
                .get(at..at + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or(ColourError::Malformed)
        };
        Ok(Self::rgb(channel(0)?, channel(2)?, channel(4)?))
    }

    /// `#rrggbb`, lower-case.
    #[must_use]
    pub fn hex(self) -> String {
        self.to_string()
    }

    /// Relative luminance, WCAG 2.2's definition: each sRGB channel made
    /// linear, then weighted 0.2126 red, 0.7152 green, 0.0722 blue.
    /// 0 for black, 1 for white.
    #[must_use]
    pub fn relative_luminance(self) -> f64 {
        fn linear(channel: u8) -> f64 {
            let c = f64::from(channel) / 255.0;
            // WCAG's text says 0.03928, the sRGB standard 0.04045: no 8-bit
            // value lies between the two, so the results are the same.
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }

    /// The contrast ratio with `other`, from 1 (the same) to 21 (black and
    /// white), whichever of the two is lighter.
    #[must_use]
    pub fn contrast_with(self, other: Self) -> f64 {
        let (a, b) = (self.relative_luminance(), other.relative_luminance());
        let (lighter, darker) = if a >= b { (a, b) } else { (b, a) };
        (lighter + 0.05) / (darker + 0.05)
    }

    /// The colour with each channel scaled towards black by `fraction`
    /// (0 = unchanged, 1 = black). Never lighter, so never less contrast
    /// with white.
    #[must_use]
    pub fn darken(self, fraction: f64) -> Self {
        let keep = (1.0 - fraction).clamp(0.0, 1.0);
        // `as` from f64 to u8 saturates, and the value is in 0..=255 anyway.
        let scale = |channel: u8| (f64::from(channel) * keep).round() as u8;
        Self::rgb(scale(self.r), scale(self.g), scale(self.b))
    }

    /// The colour, darkened in small steps until it gives at least `ratio`
    /// against `background` (black gives at least 18:1 with any light
    /// background, so the steps end).
    #[must_use]
    pub fn darkened_to_contrast(self, background: Self, ratio: f64) -> Self {
        let mut colour = self;
        for _ in 0..60 {
            if colour.contrast_with(background) >= ratio {
                return colour;
            }
            colour = colour.darken(0.05);
        }
        Self::BLACK
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// A contrast ratio as people read it: "4.48:1", to two decimal places.
#[must_use]
pub fn ratio_label(ratio: f64) -> String {
    format!("{ratio:.2}:1")
}

/// The shades a county's stylesheet uses, all derived from its brand colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// The header's background, under white text.
    pub brand: Colour,
    /// Links: the brand colour, darkened where needed to give 4.5:1 on the
    /// light grey panels as well as on white.
    pub link: Colour,
    /// Links under the pointer: a clearly darker shade of `link`.
    pub link_hover: Colour,
}

impl Palette {
    /// The palette of a brand colour.
    #[must_use]
    pub fn of(brand: Colour) -> Self {
        let link = brand.darkened_to_contrast(Colour::LIGHT_GREY, MIN_TEXT_CONTRAST);
        Self {
            brand,
            link,
            link_hover: link.darken(0.35),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colour(raw: &str) -> Colour {
        Colour::parse(raw).unwrap_or_else(|e| panic!("{raw}: {e}"))
    }

    fn near(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 0.005
    }

    #[test]
    fn parses_hex_colours_and_writes_them_lower_case() {
        assert_eq!(colour("#1D4F91"), Colour::rgb(0x1d, 0x4f, 0x91));
        assert_eq!(colour(" 1d4f91 ").hex(), "#1d4f91");
        assert_eq!(colour("#000000").hex(), "#000000");
    }

    #[test]
    fn refuses_what_is_not_a_six_digit_hex_colour() {
        for bad in [
            "",
            "#",
            "blue",
            "#fff",
            "#12345",
            "#1234567",
            "#12345g",
            "##123456",
            "#12 456",
            "rgb(0,0,0)",
            "#ééé",
        ] {
            assert_eq!(Colour::parse(bad), Err(ColourError::Malformed), "{bad}");
        }
    }

    #[test]
    fn luminance_runs_from_black_to_white() {
        assert!(near(Colour::BLACK.relative_luminance(), 0.0));
        assert!(near(Colour::WHITE.relative_luminance(), 1.0));
        // Green weighs most, blue least.
        assert!(near(colour("#00ff00").relative_luminance(), 0.7152));
        assert!(near(colour("#0000ff").relative_luminance(), 0.0722));
    }

    #[test]
    fn contrast_with_white_matches_the_published_values() {
        // The classic threshold pair: #767676 passes AA on white, #777777 does not.
        let pass = colour("#767676").contrast_with(Colour::WHITE);
        let fail = colour("#777777").contrast_with(Colour::WHITE);
        assert!(near(pass, 4.54), "{pass}");
        assert!(near(fail, 4.48), "{fail}");
        assert!(pass >= MIN_TEXT_CONTRAST && fail < MIN_TEXT_CONTRAST);
        assert!(near(Colour::BLACK.contrast_with(Colour::WHITE), 21.0));
        assert!(near(Colour::WHITE.contrast_with(Colour::WHITE), 1.0));
        // The default brand blue of site.css, and GOV.UK's link blue.
        assert!(near(colour("#1d4f91").contrast_with(Colour::WHITE), 8.14));
        assert!(near(colour("#1d70b8").contrast_with(Colour::WHITE), 5.17));
    }

    #[test]
    fn contrast_is_the_same_both_ways_round() {
        let (a, b) = (colour("#d4351c"), colour("#f3f2f1"));
        assert!(near(a.contrast_with(b), b.contrast_with(a)));
    }

    #[test]
    fn ratios_are_shown_to_two_places() {
        assert_eq!(ratio_label(4.4776), "4.48:1");
        assert_eq!(ratio_label(4.5), "4.50:1");
        assert_eq!(ratio_label(21.0), "21.00:1");
    }

    #[test]
    fn darkening_never_lowers_contrast_with_white() {
        let c = colour("#767676");
        assert_eq!(c.darken(0.0), c);
        assert_eq!(c.darken(1.0), Colour::BLACK);
        assert!(c.darken(0.2).contrast_with(Colour::WHITE) > c.contrast_with(Colour::WHITE));
    }

    #[test]
    fn the_link_shade_reads_on_white_and_on_light_grey() {
        for raw in ["#767676", "#1d4f91", "#8a1538", "#006435", "#000000"] {
            let palette = Palette::of(colour(raw));
            assert_eq!(palette.brand, colour(raw));
            for background in [Colour::WHITE, Colour::LIGHT_GREY] {
                let ratio = palette.link.contrast_with(background);
                assert!(ratio >= MIN_TEXT_CONTRAST, "{raw} on {background}: {ratio}");
            }
            assert!(palette.link_hover.relative_luminance() <= palette.link.relative_luminance());
        }
        // A dark colour is used as it is.
        assert_eq!(Palette::of(colour("#1d4f91")).link, colour("#1d4f91"));
        // A colour that only just passes on white is darkened for grey.
        assert_ne!(Palette::of(colour("#767676")).link, colour("#767676"));
    }
}
