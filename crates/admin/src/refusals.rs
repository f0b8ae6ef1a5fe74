//! Every refused admin request leaves a trace (ASVS 16.3): a failed CSRF
//! check, a 403 and a 404 are recorded as `security.csrf_refused`,
//! `security.forbidden` and `security.not_found`, with the user (or
//! "anonymous"), the county when the URL names one that exists, the route
//! template (never the raw path's ids) and the client address.
//!
//! At most one event a minute is written per user (or, signed out, per
//! address) and kind; the repeats are counted against it
//! (`repo::refusals`), so an attack cannot flood the log.

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use domain::{CountyId, NewAuditEvent, Slug};
use persistence::repo::{counties, refusals};
use tower_sessions::Session;
use web::{AppError, AppState, ClientAddr, Refusal, auth};

/// What a refused request was, read before it ran.
struct Attempt {
    route: String,
    path: String,
    session: Option<Session>,
}

/// Middleware: records the refusals that the guards, the origin check and
/// the handlers answer (`web::Refusal` on the response).
pub async fn record(
    State(state): State<AppState>,
    client: ClientAddr,
    req: Request,
    next: Next,
) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(no route)".to_owned(), |m| m.as_str().to_owned());
    let attempt = Attempt {
        route: format!("{} {route}", req.method()),
        path: req.uri().path().to_owned(),
        session: req.extensions().get::<Session>().cloned(),
    };
    let res = next.run(req).await;
    if let Some(&why) = res.extensions().get::<Refusal>()
        && let Err(err) = note(&state, &attempt, client, why).await
    {
        // The refusal stands; only its record is missing.
        tracing::warn!(error = %web::error::ErrorChain(&err), "recording a refused request failed");
    }
    res
}

/// Audits one refused request, with the signed-in user when there is one.
async fn note(
    state: &AppState,
    attempt: &Attempt,
    client: ClientAddr,
    why: Refusal,
) -> Result<(), AppError> {
    let user = match &attempt.session {
        Some(session) => auth::signed_in_user(state, session).await?,
        None => None,
    };
    let mut event = NewAuditEvent::new(
        why.action(),
        user.as_ref().map_or("anonymous", |u| u.email.as_str()),
    );
    event.actor = user.as_ref().map(|u| u.id);
    event.county = county_named(state, attempt).await?;
    event.object_type = Some("route".to_owned());
    event.object_id = Some(attempt.route.clone());
    why.summary().clone_into(&mut event.summary);
    event.client_addr = client.0.map(|ip| ip.to_string());
    let who = match &user {
        Some(user) => format!("user:{}", user.id),
        None => format!("address:{}", client.label()),
    };
    let now = state.clock.now().unix_timestamp();
    refusals::record(&state.db, &format!("{} {who}", why.action()), now, event).await?;
    Ok(())
}

/// The county the URL names in its `{t}` segment, when there is one.
async fn county_named(state: &AppState, attempt: &Attempt) -> Result<Option<CountyId>, AppError> {
    let template = attempt.route.split_once(' ').map_or("", |(_, t)| t);
    let Some(at) = template.split('/').position(|s| s == "{t}") else {
        return Ok(None);
    };
    let Some(Ok(slug)) = attempt.path.split('/').nth(at).map(Slug::parse) else {
        return Ok(None);
    };
    Ok(counties::find_by_slug(&state.db, slug.as_str())
        .await?
        .map(|t| t.id))
}
