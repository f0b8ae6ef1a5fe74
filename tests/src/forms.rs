//! Admin forms as a browser sends them: every field as text, in order, so
//! a test can set one field or leave one out (an unticked checkbox).

/// A form: every field, each as a browser sends it.
#[derive(Clone, Debug)]
pub struct Form(Vec<(&'static str, String)>);

impl Form {
    fn of(fields: &[(&'static str, &str)]) -> Self {
        Self(fields.iter().map(|(k, v)| (*k, (*v).to_owned())).collect())
    }

    /// A provider form that passes validation.
    #[must_use]
    pub fn provider(name: &str) -> Self {
        Self::of(&[
            ("name", name),
            ("slug", ""),
            (
                "summary",
                "Support for young people at risk of exploitation.",
            ),
            (
                "description",
                "We **listen**.\n\nSee [our site](https://www.example.org).",
            ),
            ("phone", "Office: 01332 362 120\n0800 1111"),
            ("email", "info@example.org"),
            ("website", "https://www.example.org/"),
            ("address", "1 High Street, Derby"),
            ("area", "Derby and Derbyshire"),
            ("min_age", "11"),
            ("max_age", "25"),
            ("eligibility", "Young people and their families"),
            ("self_referral", "on"),
            ("professional_referral", "on"),
            ("categories", "cse, counselling"),
            ("opening_hours", "Mo-Fr 09:00-17:00"),
            ("hours_note", "Closed on bank holidays"),
            ("status", "published"),
        ])
    }

    /// A commissioning note form that passes validation, naming the
    /// provider `safe-and-sound`.
    #[must_use]
    pub fn note(service: &str) -> Self {
        Self::of(&[
            ("provider", "safe-and-sound"),
            ("service", service),
            (
                "legal_basis",
                "Police Reform and Social Responsibility Act 2011",
            ),
            ("starts_on", "2020-04-01"),
            ("ends_on", ""),
            (
                "public_statement",
                "The commissioner funds **Safe and Sound** to support young people.",
            ),
            ("internal_notes", "Contract reference 42; review in March."),
        ])
    }

    /// A content page form with this title, slug and body.
    #[must_use]
    pub fn page(title: &str, slug: &str, body: &str) -> Self {
        Self::of(&[
            ("title", title),
            ("slug", slug),
            ("summary", "A page for testing"),
            ("body", body),
            ("nav_position", ""),
        ])
    }

    /// The same form with one field set (added when missing).
    #[must_use]
    pub fn set(mut self, key: &'static str, value: &str) -> Self {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => value.clone_into(&mut entry.1),
            None => self.0.push((key, value.to_owned())),
        }
        self
    }

    /// The same form without a field (an unticked checkbox).
    #[must_use]
    pub fn without(mut self, key: &str) -> Self {
        self.0.retain(|(k, _)| *k != key);
        self
    }

    /// The fields as `(name, value)` pairs, for `TestClient::post`.
    #[must_use]
    pub fn pairs(&self) -> Vec<(&str, &str)> {
        self.0.iter().map(|(k, v)| (*k, v.as_str())).collect()
    }
}
