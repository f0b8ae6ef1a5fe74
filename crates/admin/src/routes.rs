//! The admin route table: every route with the access it needs, declared
//! once. The router is built from it, and each route's access is enforced
//! from it by a guard that runs before the handler's own extractors (so a
//! request the role may not make is refused with 403 before its body is
//! read), and the route-table test drives every route from the same list.

use axum::Router;
use axum::extract::{FromRequestParts, Request, State};
use axum::handler::Handler;
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::MethodRouter;
use web::{AppState, CurrentUser};

use crate::CountyAccess;
use crate::access::require_platform_admin;
use crate::two_factor::{self, enforce};

/// Who may use a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone: the sign-in pages.
    Public,
    /// Any signed-in user, outside a county.
    SignedIn,
    /// Platform admins.
    PlatformAdmin,
    /// Members of the county `{t}`, any role.
    Member,
    /// County admins of `{t}` (and platform admins).
    CountyAdmin,
}

/// One route of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteInfo {
    /// GET (which also answers HEAD) or POST.
    pub method: Method,
    /// The template, as the router has it: `/admin/{t}/users/{id}/role`.
    pub path: &'static str,
    /// Who may use it.
    pub access: Access,
}

/// Declares the routes of a kind of record (`crate::records`), for
/// members, under the list's path: the list (`$list`), the form for a new
/// record (`/new`), create, one record's edit form and edit (`/{id}`), and
/// delete after a confirmation step (`/{id}/delete`). A macro, so that each
/// shared handler is checked with its kind named (axum needs their futures
/// to be `Send`, which a generic function cannot promise of a trait's
/// `async fn`).
macro_rules! record_routes {
    ($routes:expr, $kind:ty, $path:literal, $list:expr) => {{
        use $crate::records::handlers;
        let m = $crate::routes::Access::Member;
        $routes
            .get($path, m, $list)
            .post($path, m, handlers::create::<$kind>)
            .get(concat!($path, "/new"), m, handlers::new_form::<$kind>)
            .get(concat!($path, "/{id}"), m, handlers::edit_form::<$kind>)
            .post(concat!($path, "/{id}"), m, handlers::update::<$kind>)
            .get(
                concat!($path, "/{id}/delete"),
                m,
                handlers::delete_form::<$kind>,
            )
            .post(concat!($path, "/{id}/delete"), m, handlers::delete::<$kind>)
    }};
}

pub(crate) use record_routes;

/// A route's path template, as the router has it: `/admin/{t}/users/{id}`.
type Path = &'static str;

/// A route and its handler.
struct Entry {
    info: RouteInfo,
    route: MethodRouter<AppState>,
}

/// Routes being declared, with their access.
#[derive(Default)]
pub struct Routes {
    entries: Vec<Entry>,
}

impl Routes {
    /// No routes yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Declares one route.
    fn add(
        mut self,
        method: Method,
        path: &'static str,
        access: Access,
        route: MethodRouter<AppState>,
    ) -> Self {
        self.entries.push(Entry {
            info: RouteInfo {
                method,
                path,
                access,
            },
            route,
        });
        self
    }

    /// `GET path` (and `HEAD`), for `to`.
    #[must_use]
    pub fn get<H: Handler<T, AppState>, T: 'static>(self, path: Path, to: Access, h: H) -> Self {
        self.add(Method::GET, path, to, axum::routing::get(h))
    }

    /// `POST path`, for `to`.
    #[must_use]
    pub fn post<H: Handler<T, AppState>, T: 'static>(self, path: Path, to: Access, h: H) -> Self {
        self.add(Method::POST, path, to, axum::routing::post(h))
    }

    /// `POST path` whose body may be up to `limit` bytes (an upload): the
    /// application-wide limit is lifted for this route alone
    /// (`is_upload`, `server::app`).
    #[must_use]
    pub fn post_upload<H, T>(
        self,
        path: &'static str,
        access: Access,
        handler: H,
        limit: usize,
    ) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let route = axum::routing::post(handler).layer(axum::extract::DefaultBodyLimit::max(limit));
        self.add(Method::POST, path, access, route)
    }

    /// These routes and `other`'s.
    #[must_use]
    pub fn merge(mut self, other: Self) -> Self {
        self.entries.extend(other.entries);
        self
    }

    /// The table.
    #[must_use]
    pub fn table(&self) -> Vec<RouteInfo> {
        self.entries.iter().map(|e| e.info.clone()).collect()
    }

    /// The router, each route behind the guard for its access.
    pub fn into_router(self, state: &AppState) -> Router<AppState> {
        self.entries
            .into_iter()
            .fold(Router::new(), |router, entry| {
                let route = match entry.info.access {
                    Access::Public => entry.route,
                    access => entry.route.route_layer(middleware::from_fn_with_state(
                        (state.clone(), access, entry.info.path),
                        guard,
                    )),
                };
                router.route(entry.info.path, route)
            })
    }
}

/// Refuses a request its user may not make, before the handler runs: 303
/// to sign in, 303 to the two-factor enrolment page while
/// `CMS_REQUIRE_2FA` requires it (`two_factor::enforce`), 404 for a county
/// the user is not a member of, 403 for a role that lacks the right. What
/// it resolved (the user, the county) is left in the request for the
/// handler's extractors, so nothing is read twice.
async fn guard(
    State((state, access, path)): State<(AppState, Access, &'static str)>,
    req: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = req.into_parts();
    if access != Access::Public {
        let enrol_first = match CurrentUser::from_request_parts(&mut parts, &state).await {
            Ok(current) => enforce::must_enrol(&state, &current.user, path).await,
            Err(refused) => return refused.into_response(),
        };
        match enrol_first {
            Ok(false) => {}
            Ok(true) => return Redirect::to(two_factor::ENROL_PATH).into_response(),
            Err(failed) => return failed.into_response(),
        }
    }
    let checked = match access {
        Access::Public => Ok(()),
        Access::SignedIn => CurrentUser::from_request_parts(&mut parts, &state)
            .await
            .map(|_| ()),
        Access::PlatformAdmin => match CurrentUser::from_request_parts(&mut parts, &state).await {
            Ok(current) => require_platform_admin(&current),
            Err(e) => Err(e),
        },
        Access::Member => CountyAccess::from_request_parts(&mut parts, &state)
            .await
            .map(|_| ()),
        Access::CountyAdmin => match CountyAccess::from_request_parts(&mut parts, &state).await {
            Ok(county) => county.require_admin(),
            Err(e) => Err(e),
        },
    };
    match checked {
        Ok(()) => next.run(Request::from_parts(parts, body)).await,
        Err(refused) => refused.into_response(),
    }
}
