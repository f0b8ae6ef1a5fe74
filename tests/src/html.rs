//! Reading an HTML page as a person or a screen reader would: the
//! message beside a field, the error summary, hidden fields, tags and
//! their attributes, the visible text, and whether markup got through.

use axum::http::StatusCode;

use crate::TestResponse;

/// The message shown beside a form field, if any.
#[must_use]
pub fn field_error(body: &str, field: &str) -> Option<String> {
    let marker = format!(
        "id=\"{field}-error\" class=\"error-message\"><span class=\"visually-hidden\">Error:</span> "
    );
    let start = body.find(&marker)? + marker.len();
    let end = body[start..].find("</p>")?;
    Some(body[start..start + end].to_owned())
}

/// The first value of the hidden field `name` on the page.
#[must_use]
pub fn hidden_field(body: &str, name: &str) -> Option<String> {
    let marker = format!("type=\"hidden\" name=\"{name}\" value=\"");
    let start = body.find(&marker)? + marker.len();
    let end = body[start..].find('"')?;
    Some(body[start..start + end].to_owned())
}

/// The text a reader sees in an HTML page: tags dropped, the entities
/// that templates and the sanitiser write decoded, white space collapsed.
#[must_use]
pub fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = text
        .replace("&nbsp;", " ")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace('\u{a0}', " ");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the error summary links this message to the field.
#[must_use]
pub fn summary_lists(body: &str, field: &str, message: &str) -> bool {
    body.contains("class=\"error-summary\"")
        && body.contains(&format!("<a href=\"#{field}\">{message}</a>"))
}

/// The text of the element with this `id` (up to its first tag).
#[must_use]
pub fn element_text(body: &str, id: &str) -> Option<String> {
    let marker = format!("id=\"{id}\"");
    let start = body.find(&marker)?;
    let open_end = body[start..].find('>')? + start + 1;
    let end = body[open_end..].find('<')? + open_end;
    Some(body[open_end..end].to_owned())
}

/// The opening tag (`<...>`) that contains byte offset `at` of `body`.
#[must_use]
pub fn enclosing_tag(body: &str, at: usize) -> &str {
    let start = body[..at]
        .rfind('<')
        .expect("a tag opens before the offset");
    let end = at + body[at..].find('>').expect("the tag closes");
    &body[start..=end]
}

/// The value of attribute `name` in an opening tag.
#[must_use]
pub fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let end = tag[start..].find('"')?;
    Some(&tag[start..start + end])
}

/// How many rows an admin list page shows (one row header each).
#[must_use]
pub fn list_rows(body: &str) -> usize {
    body.matches("<th scope=\"row\">").count()
}

/// A script element, typed into a free-text field by an attacker.
pub const SCRIPT: &str = "<script>alert(1)</script>";

/// An attribute break-out, typed into a free-text field by an attacker.
pub const ATTRIBUTE: &str = "\"><img src=x onerror=alert(1)>";

/// Whether a page carries either attack string unescaped.
#[must_use]
pub fn carries_markup(body: &str) -> bool {
    body.contains("<script>alert")
        || body.contains("<img src=x")
        || body.contains("\"><img")
        || body.contains("onerror=alert(1)>")
}

/// The text of the page's `<title>`.
#[must_use]
pub fn page_title(body: &str) -> &str {
    let start = body.find("<title>").expect("a title") + "<title>".len();
    let end = body.find("</title>").expect("the title closes");
    &body[start..end]
}

/// Every text input, textarea, select and checkbox of a form page: its
/// `id` and the rest of its opening tag.
#[must_use]
pub fn form_controls(body: &str) -> Vec<(&str, &str)> {
    let mut controls = Vec::new();
    for prefix in [
        "<input class=\"input\" id=\"",
        "<input class=\"input input--medium\" id=\"",
        "<textarea class=\"textarea\" id=\"",
        "<select class=\"select\" id=\"",
        "<input class=\"checkbox__input\" id=\"",
    ] {
        for rest in body.split(prefix).skip(1) {
            let id = &rest[..rest.find('"').expect("the id closes")];
            let tag = &rest[..rest.find('>').expect("the tag closes")];
            controls.push((id, tag));
        }
    }
    controls
}

/// Asserts that the form was refused (422) with a message beside `field`
/// that the error summary links to, and "Error: " in the title; returns
/// the message. `what` names the request in a failure.
pub fn assert_refused_beside(res: &TestResponse, field: &str, what: &str) -> String {
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{what}: {}",
        res.body
    );
    let message = field_error(&res.body, field)
        .unwrap_or_else(|| panic!("{what}: a message beside {field}: {}", res.body));
    assert!(
        summary_lists(&res.body, field, &message),
        "{what}: in the summary"
    );
    assert!(
        res.body.contains("<title>Error: "),
        "{what}: the title says so"
    );
    message
}
