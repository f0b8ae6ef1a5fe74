//! A browser-like client of the in-process router, and the responses it
//! reads whole.

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A response, read whole.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as text (lossy).
    pub body: String,
    /// The body as sent, for compressed responses.
    pub bytes: Vec<u8>,
}

impl TestResponse {
    /// The `Location` header.
    #[must_use]
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }

    /// A header as text.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Whether any `Set-Cookie` header was sent.
    #[must_use]
    pub fn sets_cookie(&self) -> bool {
        self.headers.contains_key(header::SET_COOKIE)
    }

    /// The value of the first hidden `csrf_token` field on the page.
    #[must_use]
    pub fn csrf_token(&self) -> Option<String> {
        let marker = "name=\"csrf_token\" value=\"";
        let start = self.body.find(marker)? + marker.len();
        let end = self.body[start..].find('"')?;
        Some(self.body[start..start + end].to_owned())
    }
}

/// A client with a one-cookie jar (the session cookie is the only cookie).
#[derive(Clone)]
pub struct TestClient {
    router: Router,
    /// `name=value` of the session cookie.
    pub cookie: Option<String>,
    peer: SocketAddr,
}

impl TestClient {
    /// A client of `router` with an empty jar, connecting from `peer`.
    pub(crate) fn new(router: Router, peer: SocketAddr) -> Self {
        Self {
            router,
            cookie: None,
            peer,
        }
    }

    /// Sends a request, keeping any cookie it sets.
    pub async fn send(&mut self, mut req: Request<Body>) -> TestResponse {
        req.extensions_mut().insert(ConnectInfo(self.peer));
        if let Some(cookie) = &self.cookie {
            req.headers_mut()
                .insert(header::COOKIE, cookie.parse().unwrap());
        }
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        for value in headers.get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap_or_default().trim().to_owned();
            let removed = text.contains("Max-Age=0") || pair.ends_with('=');
            self.cookie = if removed { None } else { Some(pair) };
        }
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.get_with(path, &[]).await
    }

    /// `GET path` with extra request headers.
    pub async fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut req = Request::get(path);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// `POST path` with a form body, exactly as given.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        self.post_form_with(path, fields, &[]).await
    }

    /// `POST path` with a form body exactly as given and extra headers.
    pub async fn post_form_with(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let mut req =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        self.send(req.body(Body::from(encode_form(fields))).unwrap())
            .await
    }

    /// The session's CSRF token, read from the sign-in page or `/admin`.
    pub async fn csrf(&mut self) -> String {
        let page = if self.cookie.is_some() {
            self.get("/admin").await
        } else {
            self.get("/admin/login").await
        };
        if let Some(token) = page.csrf_token() {
            return token;
        }
        // Sent elsewhere first (the two-factor enrolment page): its form.
        if let Some(elsewhere) = page.location().map(str::to_owned)
            && let Some(token) = self.get(&elsewhere).await.csrf_token()
        {
            return token;
        }
        self.get("/admin/login").await.csrf_token().unwrap()
    }

    /// `POST path` with the form and this session's CSRF token.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        self.post_with(path, fields, &[]).await
    }

    /// `POST path` with the form, this session's CSRF token and extra
    /// request headers.
    pub async fn post_with(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.post_form_with(path, &all, headers).await
    }

    /// Signs in through the form.
    pub async fn login(&mut self, email: &str, password: &str) -> TestResponse {
        self.login_with_next(email, password, "").await
    }

    /// Signs in through the form with a `next` field.
    pub async fn login_with_next(
        &mut self,
        email: &str,
        password: &str,
        next: &str,
    ) -> TestResponse {
        let token = self.get("/admin/login").await.csrf_token().unwrap();
        self.post_form(
            "/admin/login",
            &[
                ("email", email),
                ("password", password),
                ("csrf_token", &token),
                ("next", next),
            ],
        )
        .await
    }
}

/// `application/x-www-form-urlencoded` encoding.
#[must_use]
pub fn encode_form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                percent_encoding::utf8_percent_encode(k, percent_encoding::NON_ALPHANUMERIC),
                percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}
