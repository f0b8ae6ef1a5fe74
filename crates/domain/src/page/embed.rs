//! Embeds: live content inside a page's Markdown, each on a line of its
//! own, and the body split into Markdown and embeds.

use std::fmt;

use crate::Slug;

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
