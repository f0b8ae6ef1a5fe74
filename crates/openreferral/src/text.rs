//! Plain text from Markdown, for HSDS `description` fields.

use pulldown_cmark::{Event, Parser, TagEnd};

/// The text of `markdown`, without markup: paragraphs, headings, list
/// items and block ends separated by a blank line, line breaks kept as
/// spaces, link text kept and URLs dropped, raw HTML left out.
#[must_use]
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => {
                let trimmed = out.trim_end().len();
                out.truncate(trimmed);
                out.push_str("\n\n");
            }
            _ => {}
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn markup_goes_and_text_stays() {
        assert_eq!(
            plain_text(
                "We **listen**.\n\nSee [our site](https://www.example.org).\n\n- one\n- two <b>x</b>"
            ),
            "We listen.\n\nSee our site.\n\none\n\ntwo x"
        );
        assert_eq!(plain_text(""), "");
    }
}
