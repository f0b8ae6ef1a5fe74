//! `web::markdown::render` on arbitrary UTF-8, whole and split as the public
//! site splits a page body (`domain::page::parse_body`).
//!
//! Invariants, checked on the output as a browser's tokenizer reads it
//! (html5ever, the tokenizer ammonia itself builds on):
//! - no panic;
//! - every start and end tag is on the allow-list that `markdown.rs`
//!   configures (ammonia's default tags without `img`): no `script`,
//!   `style`, `iframe`, `img`, `svg`, `form`, ...;
//! - every attribute is one ammonia allows on that tag: in particular no
//!   event handler (`on...=`), no `style`, no `src`;
//! - every link (`href`) is relative or uses http, https, mailto or tel: no
//!   `javascript:`, `data:`, `vbscript:`, however obfuscated (entities,
//!   case, tabs, leading spaces);
//! - every `<a>` carries `rel="nofollow noreferrer noopener"`;
//! - no comments, no doctype.
//!
//! Plain substring tests ("no `<script` anywhere", "no `javascript:`
//! anywhere") do not hold and are not asserted: text such as
//! `javascript:alert(1)` is kept as (escaped) text, `<blockquote
//! cite="javascript:x">` keeps its `cite` (ammonia checks only `href`/`src`
//! style attributes; browsers never follow `cite`), and ammonia's serializer
//! does not escape `<` inside a quoted attribute value, so
//! `[x](/ "<script>")` gives `title="<script>"`, which is harmless.

#![no_main]

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use libfuzzer_sys::fuzz_target;

/// ammonia's default tags, less `img` (`markdown.rs` removes it).
const TAGS: &[&str] = &[
    "a", "abbr", "acronym", "area", "article", "aside", "b", "bdi", "bdo", "blockquote", "br",
    "caption", "center", "cite", "code", "col", "colgroup", "data", "dd", "del", "details", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "i", "ins", "kbd", "li", "map", "mark", "nav", "ol", "p", "pre", "q",
    "rp", "rt", "rtc", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr",
];

/// ammonia's default attributes per tag (plus `rel`, which it adds to `a`).
fn attribute_allowed(tag: &str, attr: &str) -> bool {
    if matches!(attr, "lang" | "title") {
        return true;
    }
    let allowed: &[&str] = match tag {
        "a" => &["href", "hreflang", "rel"],
        "bdo" => &["dir"],
        "blockquote" | "q" => &["cite"],
        "col" | "colgroup" => &["align", "char", "charoff", "span"],
        "del" | "ins" => &["cite", "datetime"],
        "hr" => &["align", "size", "width"],
        "ol" => &["start"],
        "table" => &["align", "char", "charoff", "summary"],
        "tbody" | "tfoot" | "thead" | "tr" => &["align", "char", "charoff"],
        "td" => &["align", "char", "charoff", "colspan", "headers", "rowspan"],
        "th" => &[
            "align", "char", "charoff", "colspan", "headers", "rowspan", "scope",
        ],
        _ => &[],
    };
    allowed.contains(&attr)
}

/// The scheme a browser would see in a URL attribute, if any: leading and
/// trailing C0 controls and spaces are stripped and tabs and new lines
/// removed (WHATWG URL), then `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`.
fn scheme(value: &str) -> Option<String> {
    let cleaned: String = value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let candidate = &cleaned[..colon];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    if first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        Some(candidate.to_ascii_lowercase())
    } else {
        None
    }
}

#[derive(Default)]
struct Checker {
    problems: RefCell<Vec<String>>,
}

impl TokenSink for Checker {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut problems = self.problems.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                if !TAGS.contains(&name.as_str()) {
                    problems.push(format!("tag not on the allow-list: <{name}>"));
                }
                if tag.kind == TagKind::StartTag {
                    let mut rel = None;
                    for attr in &tag.attrs {
                        let attr_name = attr.name.local.to_string();
                        let value = attr.value.to_string();
                        if attr_name.starts_with("on") || attr_name == "style" {
                            problems.push(format!("handler or style: <{name} {attr_name}>"));
                        }
                        if !attribute_allowed(&name, &attr_name) {
                            problems.push(format!("attribute not allowed: <{name} {attr_name}>"));
                        }
                        // `cite` (blockquote, q, del, ins) is not checked:
                        // ammonia does not treat it as a URL and keeps any
                        // scheme, but no browser follows it.
                        if matches!(attr_name.as_str(), "href" | "src") {
                            if let Some(s) = scheme(&value) {
                                if !matches!(s.as_str(), "http" | "https" | "mailto" | "tel") {
                                    problems.push(format!(
                                        "URL scheme {s:?} in <{name} {attr_name}={value:?}>"
                                    ));
                                }
                            }
                        }
                        if attr_name == "rel" {
                            rel = Some(value);
                        }
                    }
                    if name == "a" && rel.as_deref() != Some(web::markdown::LINK_REL) {
                        problems.push(format!("<a> without rel=\"{}\"", web::markdown::LINK_REL));
                    }
                }
            }
            Token::CommentToken(c) => problems.push(format!("comment kept: {c}")),
            Token::DoctypeToken(_) => problems.push("doctype".to_owned()),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn check(source: &str) {
    let html = web::markdown::render(source);
    let tokenizer = Tokenizer::new(Checker::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let problems = tokenizer.sink.problems.borrow();
    assert!(
        problems.is_empty(),
        "unsafe output\n  source: {source:?}\n  html:   {html:?}\n  problems: {problems:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    check(source);
    // The public page renders each Markdown part between embeds on its own.
    if let Ok(parts) = domain::page::parse_body(source) {
        for part in parts {
            if let domain::page::Part::Markdown(md) = part {
                check(md);
            }
        }
    }
});
