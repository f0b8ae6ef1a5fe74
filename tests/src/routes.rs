//! One helper per admin route that tests call most, so a test says what
//! it does (`editor.create_provider("derbyshire", &form)`) rather than how
//! the request is built. Each returns the response, or asserts the
//! success it needs and returns what the test goes on with.

use axum::http::StatusCode;
use domain::Provider;

use crate::{Form, TestClient, TestResponse, hidden_field};

impl TestClient {
    /// `POST /admin/{county}/{kind}` with the form; asserts it was created
    /// (303 to the new edit page) and returns that page's path.
    async fn create_through_form(&mut self, county: &str, kind: &str, form: &Form) -> String {
        let res = self
            .post(&format!("/admin/{county}/{kind}"), &form.pairs())
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let location = res.location().expect("a Location").to_owned();
        let prefix = format!("/admin/{county}/{kind}/");
        let id = location
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{location} is not an edit page"));
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{id} is an id");
        location
    }

    /// Creates a record of `kind` through its form and returns its id.
    async fn create_id(&mut self, county: &str, kind: &str, form: &Form) -> String {
        let edit = self.create_through_form(county, kind, form).await;
        edit.rsplit('/').next().unwrap_or_default().to_owned()
    }

    /// Creates a provider through the form and returns its id.
    pub async fn create_provider(&mut self, county: &str, form: &Form) -> String {
        self.create_id(county, "providers", form).await
    }

    /// `POST /admin/{county}/providers/{id}`: the edit form based on
    /// `version`.
    pub async fn update_provider(
        &mut self,
        county: &str,
        id: &str,
        form: &Form,
        version: &str,
    ) -> TestResponse {
        let path = format!("/admin/{county}/providers/{id}");
        self.post_at_version(&path, form, version).await
    }

    /// Saves the provider through its edit form with these fields (and its
    /// slug and current version, read from the form); asserts it saved.
    pub async fn save_provider(
        &mut self,
        county: &str,
        provider: &Provider,
        fields: &[(&str, &str)],
    ) {
        let edit = format!("/admin/{county}/providers/{}", provider.id);
        let form = self.get(&edit).await;
        assert_eq!(form.status, StatusCode::OK);
        let version = hidden_field(&form.body, "version").expect("a version field");
        let mut fields = fields.to_vec();
        fields.push(("slug", provider.fields.slug.as_str()));
        fields.push(("version", &version));
        let res = self.post(&edit, &fields).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }

    /// Creates a commissioning note through the form and returns its id.
    pub async fn create_note(&mut self, county: &str, form: &Form) -> String {
        self.create_id(county, "notes", form).await
    }

    /// `POST /admin/{county}/notes/{id}`: the edit form based on `version`.
    pub async fn update_note(
        &mut self,
        county: &str,
        id: &str,
        form: &Form,
        v: &str,
    ) -> TestResponse {
        self.post_at_version(&format!("/admin/{county}/notes/{id}"), form, v)
            .await
    }

    /// `POST path` with the form based on `version`.
    async fn post_at_version(&mut self, path: &str, form: &Form, version: &str) -> TestResponse {
        self.post(path, &form.clone().set("version", version).pairs())
            .await
    }

    /// Creates a content page through the form and returns its edit path.
    pub async fn create_page(&mut self, county: &str, form: &Form) -> String {
        self.create_through_form(county, "pages", form).await
    }

    /// The page's current version, read from its edit form at `edit`.
    pub async fn page_version(&mut self, edit: &str) -> String {
        let res = self.get(edit).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        hidden_field(&res.body, "version").expect("a version field")
    }

    /// `POST {edit}/{action}` (`publish`, `unpublish`, `discard`…) at the
    /// page's current version.
    pub async fn page_action(&mut self, edit: &str, action: &str) -> TestResponse {
        let v = self.page_version(edit).await;
        self.post(&format!("{edit}/{action}"), &[("version", &v)])
            .await
    }

    /// Saves the page's edit form at its current version.
    pub async fn save_page(&mut self, edit: &str, form: &Form) -> TestResponse {
        let v = self.page_version(edit).await;
        self.post_at_version(edit, form, &v).await
    }

    /// `POST /admin/{county}/settings`: the settings form as sent, based on
    /// `version`.
    pub async fn save_settings(
        &mut self,
        county: &str,
        colour: &str,
        number: &str,
        version: &str,
    ) -> TestResponse {
        self.post(
            &format!("/admin/{county}/settings"),
            &[
                ("brand_colour", colour),
                ("non_emergency", number),
                ("version", version),
            ],
        )
        .await
    }
}

impl TestClient {
    /// Tries a route as a form would: a `GET`, or for any other method a
    /// `POST` of the form based on version 1.
    pub async fn send_form(&mut self, method: &str, path: &str, form: &Form) -> TestResponse {
        if method == "GET" {
            self.get(path).await
        } else {
            self.post_at_version(path, form, "1").await
        }
    }
}

impl TestClient {
    /// Posts every form to `path` at once, each from a copy of this
    /// session with its own token, released together by a barrier; the
    /// statuses in the order of the forms.
    pub async fn race(&self, path: &str, forms: Vec<Form>) -> Vec<StatusCode> {
        let start = std::sync::Arc::new(tokio::sync::Barrier::new(forms.len()));
        let mut tasks = Vec::new();
        for form in forms {
            let mut client = self.clone();
            let path = path.to_owned();
            let start = std::sync::Arc::clone(&start);
            tasks.push(tokio::spawn(async move {
                let token = client.csrf().await;
                let form = form.set("csrf_token", &token);
                start.wait().await;
                client.post_form(&path, &form.pairs()).await.status
            }));
        }
        let mut statuses = Vec::new();
        for task in tasks {
            statuses.push(task.await.unwrap());
        }
        statuses
    }
}

impl TestClient {
    /// Tries each route (see [`TestClient::send_form`]) and asserts it
    /// answers 404 with exactly `not_found`, the page of a county that does
    /// not exist, never showing `secret`.
    pub async fn assert_each_hidden(
        &mut self,
        routes: &[(&str, String)],
        form: &Form,
        not_found: &str,
        secret: &str,
    ) {
        for (method, path) in routes {
            let res = self.send_form(method, path, form).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{method} {path}");
            assert_eq!(res.body, not_found, "{method} {path} reveals nothing");
            assert!(!res.body.contains(secret), "{method} {path}");
        }
    }
}
