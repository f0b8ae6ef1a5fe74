//! Router composition: public and admin sites, assets, health checks, and
//! the layers every response passes through.

use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use persistence::Db;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use web::{AppState, WebConfig};

/// The largest request body accepted (413 beyond).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// State for a pool and configuration.
#[must_use]
pub fn build_state(db: Db, config: WebConfig) -> AppState {
    AppState::new(db, config)
}

/// The whole application.
pub fn build_router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(web::assets::router())
        .merge(admin::router(&state))
        .merge(public::router())
        .fallback(public::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(body_limit))
        .layer(CatchPanicLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(middleware::from_fn(web::headers::html_errors))
        .layer(middleware::from_fn(web::headers::no_store_under_admin))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            public::robots_tag,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::headers::security_headers,
        ))
        // Spans carry method and path only: no query strings (visitors'
        // search terms), no headers (cookies), and a reset link's path
        // without its token.
        .layer(TraceLayer::new_for_http().make_span_with(
            |req: &axum::http::Request<axum::body::Body>| {
                let path = admin::loggable_path(req.uri().path());
                tracing::info_span!("request", method = %req.method(), path = %path)
            },
        ))
        .with_state(state)
}

/// 413 for a body over [`BODY_LIMIT`], or over `admin::UPLOAD_BODY_LIMIT`
/// for the CSV upload, the one route that takes more (its own
/// `DefaultBodyLimit` lifts the extractors' limit to match).
async fn body_limit(req: axum::extract::Request, next: middleware::Next) -> Response {
    let limit = if admin::is_upload(req.method(), req.uri().path()) {
        admin::UPLOAD_BODY_LIMIT
    } else {
        BODY_LIMIT
    };
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|len| len > limit) {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    // Bodies without a length (chunked) are cut off at the limit: the
    // extractor reading them then answers 413.
    next.run(req.map(|body| axum::body::Body::new(http_body_util::Limited::new(body, limit))))
        .await
}

/// GET /healthz: 200 while the process is up, whatever the database does.
async fn healthz() -> &'static str {
    "ok"
}

/// GET /readyz: 200 when the database answers within
/// `persistence::db::READY_TIMEOUT` (2 s), else 503, so a load balancer
/// sees an outage within a few seconds. Never cached.
async fn readyz(State(state): State<AppState>) -> Response {
    let (status, body) = if persistence::is_ready(&state.db).await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    };
    (
        status,
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        body,
    )
        .into_response()
}

/// Migrates, optionally loads the demo, then serves until SIGINT or SIGTERM,
/// letting in-flight requests finish.
///
/// # Errors
/// When the database cannot be reached, migrations fail or the address is taken.
pub async fn serve(settings: crate::Settings, demo: bool) -> anyhow::Result<()> {
    use anyhow::Context;

    tracing::info!(settings = ?settings, "starting");
    let db = crate::cli::open(&settings.database_url).await?;
    if demo {
        crate::demo::prepare_for_serve(&db).await?;
    }
    let mut config = WebConfig::new(settings.base_url.clone());
    config.trust_proxy = settings.trust_proxy;
    config.cache_mb = settings.cache_mb;
    config.require_2fa = two_factor_requirement(settings.require_2fa, demo);
    if !config.secure_cookies {
        tracing::warn!(
            "CMS_BASE_URL is plain http on a non-loopback host: the session cookie cannot be \
             Secure. Serve the admin over https in production."
        );
    }
    tokio::task::spawn_blocking(web::passwords::Passwords::warm_up);
    let state = build_state(db, config);
    spawn_session_cleanup(state.sessions.clone());
    crate::scheduler::spawn(state.db.clone());
    let listener = tokio::net::TcpListener::bind(settings.bind)
        .await
        .with_context(|| format!("listening on {}", settings.bind))?;
    // The address bound, which differs from the one asked for with port 0.
    let bound = listener.local_addr().unwrap_or(settings.bind);
    tracing::info!(address = %bound, base_url = %settings.base_url, "serving");
    println!("Serving on {} (listening on {bound})", settings.base_url);
    axum::serve(
        listener,
        build_router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("serving")?;
    tracing::info!("stopped");
    Ok(())
}

/// `CMS_REQUIRE_2FA` as given, else `admins`; `cms serve --demo` is for
/// trying the product on a laptop, so there it is `off` unless given, and
/// says so.
fn two_factor_requirement(
    given: Option<domain::two_factor::Requirement>,
    demo: bool,
) -> domain::two_factor::Requirement {
    use domain::two_factor::Requirement;
    match given {
        Some(requirement) => requirement,
        None if demo => {
            println!(
                "Two-factor sign-in is not required in the demo \
                 (CMS_REQUIRE_2FA=off); set CMS_REQUIRE_2FA=admins or all to require it."
            );
            Requirement::Off
        }
        None => Requirement::Admins,
    }
}

/// Deletes expired sessions every ten minutes. A failure (the database is
/// down) is logged and the next round tries again: never the end of the
/// process.
fn spawn_session_cleanup(store: persistence::DbSessionStore) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            if let Err(err) = store.delete_expired(now).await {
                tracing::warn!(error = %err, "deleting expired sessions failed");
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
