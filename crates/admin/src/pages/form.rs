//! The new-page and edit-page form, and its view model: the form as sent
//! (`PageForm`, shared with saving and the conflict page) and the page
//! that shows it.

use askama::Template;
use askama_web::WebTemplate;
use domain::page::london_time;
use domain::{Page, RawPage};
use serde::Deserialize;
use web::AppError;
use web::views::FormErrors;

use super::kind::PageKind;
use super::{editor, public_href, state_tag};
use crate::CountyAccess;
use crate::records::form_action;
use crate::view::{CountyChrome, county_chrome};

/// The form's fields in the order of the form, with the names people see.
pub(super) const FIELDS: [(&str, &str); 5] = [
    ("title", "Title"),
    ("slug", "Slug"),
    ("summary", "Summary"),
    ("body", "Page text"),
    ("nav_position", "Position in the navigation"),
];

/// The page form as sent, and as shown again.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PageForm {
    pub(super) title: String,
    pub(super) slug: String,
    pub(super) summary: String,
    pub(super) body: String,
    pub(super) nav_position: String,
    pub(super) version: String,
}

impl PageForm {
    /// The form filled in from the page's latest revision.
    pub(super) fn of_page(page: &Page) -> Self {
        let content = page.latest().map(|r| r.content.clone()).unwrap_or_default();
        Self {
            title: content.title,
            slug: page.slug.to_string(),
            summary: content.summary,
            body: content.body,
            nav_position: page.nav_position.map(|n| n.to_string()).unwrap_or_default(),
            version: page.version.to_string(),
        }
    }

    pub(super) fn to_raw(&self) -> RawPage {
        RawPage {
            title: self.title.clone(),
            slug: self.slug.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            nav_position: self.nav_position.clone(),
        }
    }

    /// A field as the conflict page shows it.
    pub(super) fn display(&self, field: &str) -> String {
        match field {
            "title" => self.title.clone(),
            "slug" => self.slug.clone(),
            "summary" => self.summary.clone(),
            "body" => self.body.clone(),
            "nav_position" if self.nav_position.trim().is_empty() => "Not listed".to_owned(),
            "nav_position" => self.nav_position.clone(),
            _ => String::new(),
        }
    }
}

/// What the edit page shows about the stored page.
struct Editing {
    id: String,
    title: String,
    status_label: &'static str,
    status_class: &'static str,
    has_draft: bool,
    is_published: bool,
    public_href: Option<String>,
    scheduled: Option<String>,
    updated: String,
    editor: String,
    version: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/pages_form.html")]
pub(super) struct PageFormPage {
    chrome: CountyChrome,
    editing: Option<Editing>,
    action: String,
    form: PageForm,
    /// The schedule field as typed.
    publish_at: String,
    errors: FormErrors,
}

/// The form page, for a new page (`stored` is `None`) or an edit.
pub(super) async fn form_page(
    county: &CountyAccess,
    stored: Option<&Page>,
    form: PageForm,
    publish_at: String,
    errors: FormErrors,
) -> Result<PageFormPage, AppError> {
    let editing = stored.map(|p| {
        let (status_label, status_class) = state_tag(p);
        Editing {
            id: p.id.to_string(),
            title: p.title().to_owned(),
            status_label,
            status_class,
            has_draft: p.draft.is_some(),
            is_published: p.published.is_some(),
            public_href: public_href(county, p),
            scheduled: p.publish_at.map(london_time),
            updated: london_time(p.updated_at),
            editor: editor(p),
            version: p.version.to_string(),
        }
    });
    let action = form_action::<PageKind>(county, stored);
    Ok(PageFormPage {
        chrome: county_chrome(county).await?,
        editing,
        action,
        form,
        publish_at,
        errors,
    })
}
