//! Counties and the people in them: `app.with_county("derbyshire")` and
//! its builder, test accounts, and clients signed in as them.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use axum::http::StatusCode;
use domain::{County, CountySlug, DisplayName, EmailAddress, Role, UserId};
use persistence::repo::{counties, users};

use crate::{NewProvider, PASSWORD, TestApp, TestClient};

impl TestApp {
    /// Starts a county named after its slug; add providers and people to
    /// it, then `.await` it for the county alone, or end with
    /// [`CountyBuilder::with_editor`] or [`CountyBuilder::with_county_admin`]
    /// for the county and a member signed in.
    pub fn with_county<'a>(&'a self, slug: &str) -> CountyBuilder<'a> {
        CountyBuilder {
            app: self,
            slug: slug.to_owned(),
            providers: Vec::new(),
        }
    }

    /// Creates an active county named after its slug.
    pub async fn create_county(&self, slug: &str) -> County {
        let mut name = slug.replace('-', " ");
        if let Some(first) = name.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        counties::create(
            &self.db,
            &CountySlug::parse(slug).unwrap(),
            &DisplayName::parse(&name).unwrap(),
            &[],
        )
        .await
        .unwrap()
    }

    /// Creates a user (password [`PASSWORD`]) with this role in the county.
    pub async fn create_member(&self, county: &County, email: &str, role: Role) -> UserId {
        let scope = server::cli::Scope::County(county.slug.clone(), role.as_str().to_owned());
        server::cli::create_user(&self.db, email, "Test Person", PASSWORD, scope)
            .await
            .unwrap();
        self.user_id(email).await
    }

    /// Creates a platform admin (password [`PASSWORD`]).
    pub async fn create_platform_admin(&self, email: &str) -> UserId {
        server::cli::create_user(
            &self.db,
            email,
            "Platform Person",
            PASSWORD,
            server::cli::Scope::Platform,
        )
        .await
        .unwrap();
        self.user_id(email).await
    }

    /// The id of the account with this email.
    pub async fn user_id(&self, email: &str) -> UserId {
        users::find_by_email(&self.db, &EmailAddress::parse(email).unwrap())
            .await
            .unwrap()
            .unwrap()
            .id
    }

    /// A client signed in as this user (password [`PASSWORD`]).
    pub async fn signed_in(&self, email: &str) -> TestClient {
        let mut client = self.client();
        let res = client.login(email, PASSWORD).await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "sign-in of {email} failed: {}",
            res.body
        );
        client
    }

    /// An editor of the county, signed in.
    pub async fn editor_of(&self, county: &County) -> TestClient {
        let email = format!("editor@{}.example.org", county.slug);
        self.create_member(county, &email, Role::Editor).await;
        self.signed_in(&email).await
    }

    /// A county admin of the county, signed in.
    pub async fn county_admin_of(&self, county: &County) -> TestClient {
        let email = format!("admin@{}.example.org", county.slug);
        self.create_member(county, &email, Role::CountyAdmin).await;
        self.signed_in(&email).await
    }
}

/// A county being set up for a test: see [`TestApp::with_county`].
#[must_use = "a county is made only when awaited"]
pub struct CountyBuilder<'a> {
    app: &'a TestApp,
    slug: String,
    providers: Vec<NewProvider>,
}

impl<'a> CountyBuilder<'a> {
    /// Also stores this provider in the county.
    pub fn with_provider(mut self, provider: impl Into<NewProvider>) -> Self {
        self.providers.push(provider.into());
        self
    }

    /// Makes the county, and an editor of it (`editor@{slug}.example.org`)
    /// signed in.
    pub async fn with_editor(self) -> (County, TestClient) {
        let app = self.app;
        let county = self.build().await;
        let editor = app.editor_of(&county).await;
        (county, editor)
    }

    /// Makes the county, and a county admin of it
    /// (`admin@{slug}.example.org`) signed in.
    pub async fn with_county_admin(self) -> (County, TestClient) {
        let app = self.app;
        let county = self.build().await;
        let admin = app.county_admin_of(&county).await;
        (county, admin)
    }

    /// Makes the county and its providers.
    async fn build(self) -> County {
        let county = self.app.create_county(&self.slug).await;
        for provider in self.providers {
            self.app.add_provider(&county, provider).await;
        }
        county
    }
}

impl<'a> IntoFuture for CountyBuilder<'a> {
    type Output = County;
    type IntoFuture = Pin<Box<dyn Future<Output = County> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.build())
    }
}
