//! Markdown written by county staff, made safe to put in a public page.
//!
//! pulldown-cmark turns the text into HTML, then ammonia keeps only a known
//! set of tags and attributes. Links may only be http, https, mailto or tel
//! (or relative to this site); images are dropped (their alt text stays, as
//! text), because a picture from another origin would tell that origin who
//! is reading a support page; `style` attributes and raw HTML that is not on
//! the allow-list never get through.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The URL schemes a link may use.
const URL_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// What every link in rendered Markdown carries: search engines get no
/// endorsement, the linked site learns nothing of where the reader came from,
/// and a new window cannot script this one.
pub const LINK_REL: &str = "nofollow noreferrer noopener";

static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .rm_tags(["img"])
        .url_schemes(URL_SCHEMES.into_iter().collect::<HashSet<_>>())
        .link_rel(Some(LINK_REL))
        .strip_comments(true);
    builder
});

/// Renders Markdown to sanitised HTML, safe to insert into a page unescaped.
///
/// A level-one heading becomes level two: the page around the text has its
/// own `h1`.
#[must_use]
pub fn render(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).filter_map(|event| {
        match event {
            // An image becomes its alt text: the text events between these
            // two are kept.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                id,
                classes,
                attrs,
            }) => Some(Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                id,
                classes,
                attrs,
            })),
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                Some(Event::End(TagEnd::Heading(HeadingLevel::H2)))
            }
            other => Some(other),
        }
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    SANITISER.clean(&html).to_string()
}

/// The words of Markdown as plain text, for a search result's snippet:
/// no markup, links as their text, blocks and line breaks as spaces.
#[must_use]
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak
            | Event::HardBreak
            | Event::Rule
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableCell,
            ) => space(&mut out),
            _ => {}
        }
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_ordinary_markdown() {
        let html = render("# Who we are\n\nWe *listen*.\n\n- one\n- two");
        assert!(html.contains("<h2>Who we are</h2>"), "{html}");
        assert!(!html.contains("<h1"), "{html}");
        assert!(html.contains("<em>listen</em>"), "{html}");
        assert!(html.contains("<li>one</li>"), "{html}");
    }

    #[test]
    fn removes_javascript_links() {
        for source in [
            "[click](javascript:alert(1))",
            "[click](JavaScript:alert(1))",
            "<javascript:alert(1)>",
            "<a href=\"javascript:alert(1)\">click</a>",
            "[click](data:text/html;base64,PHNjcmlwdD4=)",
            "[click](vbscript:msgbox(1))",
        ] {
            let html = render(source);
            // The text may stay; the link target must not.
            assert!(!html.contains("href"), "{source} -> {html}");
            assert!(html.contains("click") || html.contains("alert"), "{html}");
        }
    }

    #[test]
    fn removes_raw_images_and_their_handlers() {
        let html = render("Hello <img src=x onerror=alert(1)> there");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(html.contains("Hello"), "{html}");
    }

    #[test]
    fn turns_markdown_images_into_their_alt_text() {
        let html = render("![A map of the county](https://tracker.example/map.png)");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("tracker.example"), "{html}");
        assert!(html.contains("A map of the county"), "{html}");
    }

    #[test]
    fn removes_scripts_with_their_content() {
        let html =
            render("Before\n\n<script>alert('x')</script>\n\nAfter <script>alert(2)</script>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("alert"), "{html}");
        assert!(html.contains("Before") && html.contains("After"), "{html}");
    }

    #[test]
    fn removes_style_attributes_and_event_handlers() {
        let html = render(
            "<p style=\"position:fixed;top:0\" onclick=\"alert(1)\">Hi</p>\n\n<style>body{display:none}</style>",
        );
        assert!(!html.contains("style"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("display:none"), "{html}");
        assert!(html.contains("Hi"), "{html}");
    }

    #[test]
    fn removes_frames_forms_and_iframes() {
        let html = render(
            "<iframe src=\"https://evil.example\"></iframe><form action=\"https://evil.example\"><input name=x></form><object data=x></object>",
        );
        for tag in ["<iframe", "<form", "<input", "<object"] {
            assert!(!html.contains(tag), "{tag}: {html}");
        }
    }

    #[test]
    fn keeps_tel_mailto_and_web_links_with_a_safe_rel() {
        let html = render(
            "Call [0800 1111](tel:08001111), write to <help@example.org>, \
             or see [our site](https://www.example.org/help).",
        );
        assert!(html.contains("href=\"tel:08001111\""), "{html}");
        assert!(html.contains("href=\"mailto:help@example.org\""), "{html}");
        assert!(
            html.contains("href=\"https://www.example.org/help\""),
            "{html}"
        );
        assert_eq!(
            html.matches(&format!("rel=\"{LINK_REL}\"")).count(),
            3,
            "{html}"
        );
    }

    #[test]
    fn escapes_text_that_looks_like_markup() {
        let html = render("Use `<b>` for bold & 1 < 2");
        assert!(html.contains("<code>&lt;b&gt;</code>"), "{html}");
        assert!(html.contains("&amp; 1 &lt; 2"), "{html}");
    }

    #[test]
    fn plain_text_keeps_the_words_only() {
        let text = plain_text(
            "# Help\n\nCall **us** on [0800 1111](tel:08001111)\nor `text`.\n\n- one\n- two",
        );
        assert_eq!(text, "Help Call us on 0800 1111 or text. one two");
    }
}
