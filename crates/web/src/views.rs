//! View data shared by the page templates of both web crates.

pub mod entry;

pub use entry::{EntryView, PhoneView, ProviderHref};

/// What every public page (and every error page) shows around its content:
/// the county's name, the emergency line and "Exit this page".
#[derive(Clone, Debug)]
pub struct PublicChrome {
    /// `None` outside any county (the platform home, an unknown county).
    pub county_name: Option<String>,
    pub county_slug: Option<String>,
    /// The police non-emergency number shown beside 999.
    pub non_emergency: String,
    pub exit_url: String,
    /// The section of the site the page is in (`"home"`, `"support"`), for
    /// `aria-current` in the navigation.
    pub section: Option<&'static str>,
    /// The county's own pages in its navigation, after Home and Find support.
    pub nav: Vec<NavLink>,
    /// The county's stylesheet (its colours), linked after site.css;
    /// `None` outside any county, where the platform's colours apply.
    pub county_stylesheet: Option<String>,
    /// The county asks search engines not to index its site.
    pub noindex: bool,
}

/// A content page's link in the site navigation.
#[derive(Clone, Debug)]
pub struct NavLink {
    pub href: String,
    pub title: String,
    /// Whether this is the page shown.
    pub current: bool,
}

impl PublicChrome {
    /// The chrome outside any county.
    #[must_use]
    pub fn platform(exit_url: &str) -> Self {
        Self {
            county_name: None,
            county_slug: None,
            non_emergency: domain::county::DEFAULT_NON_EMERGENCY.to_owned(),
            exit_url: exit_url.to_owned(),
            section: None,
            nav: Vec::new(),
            county_stylesheet: None,
            noindex: false,
        }
    }

    /// The chrome of a county's site.
    #[must_use]
    pub fn county(county: &domain::County, exit_url: &str) -> Self {
        Self {
            county_name: Some(county.name.clone()),
            county_slug: Some(county.slug.clone()),
            non_emergency: county.non_emergency.clone(),
            exit_url: exit_url.to_owned(),
            section: None,
            nav: Vec::new(),
            county_stylesheet: Some(county_stylesheet_href(county)),
            noindex: county.noindex,
        }
    }

    /// The same chrome, for a page in `section` of the site.
    #[must_use]
    pub fn at(mut self, section: &'static str) -> Self {
        self.section = Some(section);
        self
    }

    /// The same chrome with the county's pages in the navigation: `pages`
    /// as `(slug, title)` in order; `current` is the slug of the page shown.
    /// The home page is the Home link already, so it is not listed again.
    #[must_use]
    pub fn with_nav(mut self, pages: Vec<(String, String)>, current: Option<&str>) -> Self {
        let Some(county) = self.county_slug.clone() else {
            return self;
        };
        self.nav = pages
            .into_iter()
            .filter(|(slug, _)| slug != domain::page::HOME_SLUG)
            .map(|(slug, title)| NavLink {
                href: format!("/{county}/{slug}"),
                current: current == Some(slug.as_str()),
                title,
            })
            .collect();
        self
    }

    /// Whether the page is in `section`.
    #[must_use]
    pub fn is_at(&self, section: &str) -> bool {
        self.section == Some(section)
    }

    /// `tel:` form of the non-emergency number (digits and `+` only).
    #[must_use]
    pub fn non_emergency_tel(&self) -> String {
        self.non_emergency
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    }

    /// Where the safety page of this site is.
    #[must_use]
    pub fn safety_href(&self) -> SitePath<'_> {
        self.path("safety")
    }

    /// Where this county's directory of support services is.
    #[must_use]
    pub fn support_href(&self) -> Option<SitePath<'_>> {
        self.county_slug.is_some().then(|| self.path("support"))
    }

    /// Where this county's site search is; `None` outside any county.
    #[must_use]
    pub fn search_href(&self) -> Option<SitePath<'_>> {
        self.county_slug.is_some().then(|| self.path("search"))
    }

    /// Where this site's home is.
    #[must_use]
    pub fn home_href(&self) -> SitePath<'_> {
        self.path("")
    }

    fn path(&self, page: &'static str) -> SitePath<'_> {
        SitePath {
            county: self.county_slug.as_deref(),
            page,
        }
    }
}

/// A path of this site, `/{county}/{page}` or `/{page}`, written straight
/// into the page that shows it: every public page draws several, so they
/// are not made into strings first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SitePath<'a> {
    county: Option<&'a str>,
    page: &'static str,
}

impl std::fmt::Display for SitePath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(county) = self.county {
            f.write_str("/")?;
            f.write_str(county)?;
        }
        f.write_str("/")?;
        f.write_str(self.page)
    }
}

/// Where a county's stylesheet is. The URL names the settings version, so a
/// browser may keep it for a long time: a new colour is a new URL.
#[must_use]
pub fn county_stylesheet_href(county: &domain::County) -> String {
    format!(
        "/assets/county/{}.css?v={}",
        county.slug, county.settings_version
    )
}

/// What every admin page shows around its content.
#[derive(Clone, Debug, Default)]
pub struct AdminChrome {
    /// `None` on the sign-in page.
    pub user: Option<SignedIn>,
    /// The county in view, if any: (slug, name).
    pub county: Option<(String, String)>,
    /// Whether the county in view may be administered (users, audit).
    pub can_administer: bool,
    pub flash: Option<String>,
}

/// The signed-in user, as the header shows them.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub display_name: String,
    pub email: String,
    pub is_platform_admin: bool,
    pub csrf_token: String,
}

impl SignedIn {
    /// From the request's current user.
    #[must_use]
    pub fn of(current: &crate::CurrentUser) -> Self {
        Self {
            display_name: current.user.display_name.clone(),
            email: current.user.email.clone(),
            is_platform_admin: current.user.is_platform_admin,
            csrf_token: current.csrf_token.clone(),
        }
    }
}

/// Field-by-field messages for a form, in the order of the form.
#[derive(Clone, Debug, Default)]
pub struct FormErrors {
    items: Vec<FieldError>,
}

/// One message and the id of the field it belongs to.
#[derive(Clone, Debug)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FormErrors {
    /// No errors yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a message for `field` (the first message per field wins).
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.items.push(FieldError {
                field: field.to_owned(),
                message: message.into(),
            });
        }
    }

    /// The message for `field`.
    #[must_use]
    pub fn get(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// Every message, in order.
    #[must_use]
    pub fn items(&self) -> &[FieldError] {
        &self.items
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The messages of a check, put in the order of the form's `fields`
    /// (name, label) so that the error summary reads top to bottom. The
    /// sort is stable: a field's own messages keep their order, and fields
    /// the list does not name come last.
    #[must_use]
    pub fn from_problems(
        mut problems: Vec<(&'static str, String)>,
        fields: &[(&str, &str)],
    ) -> Self {
        problems.sort_by_key(|(field, _)| {
            fields
                .iter()
                .position(|(f, _)| f == field)
                .unwrap_or(usize::MAX)
        });
        let mut errors = Self::new();
        for (field, message) in problems {
            errors.add(field, message);
        }
        errors
    }

    /// One message about one field: a refusal found at write time, such
    /// as a slug taken in between.
    #[must_use]
    pub fn one(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }
}

/// What checking a form came to: the fields ready to save, or the
/// messages to show beside the form. Checks that also read the database
/// return `Result<Checked<T>, AppError>`, so a database failure is never
/// mistaken for a bad form.
#[derive(Debug)]
pub enum Checked<T> {
    /// Every rule passed.
    Valid(T),
    /// Something to fix; nothing may be written.
    Invalid(FormErrors),
}

impl<T> Checked<T> {
    /// Valid when there are no `problems` and the domain gave `fields`;
    /// otherwise the problems in the order of the form's `fields`.
    #[must_use]
    pub fn of(
        fields: Option<T>,
        problems: Vec<(&'static str, String)>,
        order: &[(&str, &str)],
    ) -> Self {
        match fields {
            Some(fields) if problems.is_empty() => Self::Valid(fields),
            _ => Self::Invalid(FormErrors::from_problems(problems, order)),
        }
    }

    /// The messages, when the form is not valid (none when it is).
    #[must_use]
    pub fn errors(self) -> FormErrors {
        match self {
            Self::Valid(_) => FormErrors::new(),
            Self::Invalid(errors) => errors,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_are_the_countys_or_the_platforms() {
        let mut county = PublicChrome::platform("https://example.org");
        county.county_slug = Some("derbyshire".to_owned());
        assert_eq!(county.home_href().to_string(), "/derbyshire/");
        assert_eq!(county.safety_href().to_string(), "/derbyshire/safety");
        let support = county.support_href().map(|p| p.to_string());
        assert_eq!(support.as_deref(), Some("/derbyshire/support"));

        let platform = PublicChrome::platform("https://example.org");
        assert_eq!(platform.home_href().to_string(), "/");
        assert_eq!(platform.safety_href().to_string(), "/safety");
        assert_eq!(platform.support_href(), None);
    }
}
