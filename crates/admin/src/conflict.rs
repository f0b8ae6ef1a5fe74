//! The one 409 page of every versioned save: someone saved first, so
//! nothing was changed. Each screen describes its conflict as a
//! [`ConflictView`] — what was changed, its fields side by side (the label,
//! what you sent, what is saved now) and the form to send yours again —
//! and the shared save flow (`crate::save`) shows it with status 409.

use askama::Template;
use askama_web::WebTemplate;
use web::AppError;

use crate::CountyAccess;
use crate::view::{CountyChrome, county_chrome};

/// One field: its label, what you sent and what is saved now.
pub struct ConflictRow {
    /// The name people see.
    pub label: &'static str,
    /// What you sent; `None` when the change had no values of its own
    /// (a review, a change of state), and only the saved version is shown.
    pub yours: Option<String>,
    /// What is saved now.
    pub saved: String,
    /// Whether the two differ, marked "Different".
    pub differs: bool,
    /// A colour: shown as a swatch beside its code (empty: the standard).
    pub swatch: bool,
}

impl ConflictRow {
    /// A field with both values, marked when they differ.
    #[must_use]
    pub fn side_by_side(label: &'static str, yours: String, saved: String) -> Self {
        Self {
            label,
            differs: yours != saved,
            yours: Some(yours),
            saved,
            swatch: false,
        }
    }

    /// A field with the saved value only.
    #[must_use]
    pub fn saved_only(label: &'static str, saved: String) -> Self {
        Self {
            label,
            yours: None,
            saved,
            differs: false,
            swatch: false,
        }
    }

    /// The cells of the row, yours first when there is one.
    #[must_use]
    pub fn cells(&self) -> Vec<&str> {
        self.yours
            .iter()
            .map(String::as_str)
            .chain([self.saved.as_str()])
            .collect()
    }
}

/// The form that sends a version again on purpose, at the saved version.
pub struct Resend {
    /// "Send your version again".
    pub heading: &'static str,
    /// What sending it again does, when it needs saying.
    pub explanation: Option<&'static str>,
    /// Where the form posts.
    pub action: String,
    /// The saved version, so that sending again is not refused as stale.
    pub version: String,
    /// The screen's own fields, filled with your values (HTML rendered by
    /// the screen's fields template; empty for a form of one button).
    pub fields_html: String,
    /// The button's text and class.
    pub button: &'static str,
    pub button_class: &'static str,
}

impl Resend {
    /// The form of the user's version, sent again on purpose at the saved
    /// `version`: "Send your version again", `explanation` of what saving
    /// it does, and "Save my version".
    #[must_use]
    pub fn yours(
        action: String,
        version: String,
        fields_html: String,
        explanation: &'static str,
    ) -> Self {
        Self {
            heading: "Send your version again",
            explanation: Some(explanation),
            action,
            version,
            fields_html,
            button: "Save my version",
            button_class: "button",
        }
    }
}

/// One conflict, as a screen describes it.
pub struct ConflictView {
    /// What was changed, in the window title: "Safe and Sound", "the
    /// page Home", "the settings".
    pub title: String,
    /// What was changed, in the heading (usually the same as `title`).
    pub heading: String,
    /// What happened, in the warning box.
    pub notice: String,
    /// When the saved version was last changed, when the notice does not
    /// say it.
    pub saved_when: Option<String>,
    /// The link that reloads the form with the saved version, and its text.
    pub reload_href: String,
    pub reload_text: &'static str,
    /// What the table's caption names: "Safe and Sound", "the settings".
    pub caption: String,
    /// The fields side by side; empty when there is nothing to compare.
    pub rows: Vec<ConflictRow>,
    /// The way to send your version again; `None` when there is none.
    pub resend: Option<Resend>,
}

impl ConflictView {
    /// Whether the table shows what you sent beside what is saved.
    #[must_use]
    pub fn yours_shown(&self) -> bool {
        self.rows.iter().any(|r| r.yours.is_some())
    }

    /// Whether the page invites you to compare and send again.
    #[must_use]
    pub fn invites_resend(&self) -> bool {
        self.resend.is_some() && self.yours_shown()
    }
}

/// The page: the admin chrome around one conflict.
#[derive(Template, WebTemplate)]
#[template(path = "admin/conflict.html")]
pub struct ConflictPage {
    chrome: CountyChrome,
    view: ConflictView,
}

impl ConflictPage {
    /// The page of `view` in `county`. A county that is read-only offers
    /// no way to send again.
    ///
    /// # Errors
    /// The session's errors, reading the flash.
    pub async fn of(county: &CountyAccess, mut view: ConflictView) -> Result<Self, AppError> {
        if !county.is_active() {
            view.resend = None;
        }
        Ok(Self {
            chrome: county_chrome(county).await?,
            view,
        })
    }
}

/// Renders a screen's fields template (its form fields, filled in) for
/// the resend form.
///
/// # Errors
/// `Internal` when the template cannot be rendered.
pub fn fields_html(fields: &impl Template) -> Result<String, AppError> {
    fields.render().map_err(|e| AppError::Internal(Box::new(e)))
}
