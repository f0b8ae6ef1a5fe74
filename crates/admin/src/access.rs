//! Who may do what in a county.

use std::collections::HashMap;

use std::ops::Deref;

use axum::extract::{FromRef, FromRequestParts, Path};
use axum::http::request::Parts;
use domain::{County, Role};
use persistence::repo::{counties, users};
use web::{AppError, AppState, CurrentUser};

/// The county named in the URL (`{t}`), the signed-in user and their role
/// there. A county the user has no membership in is a 404, exactly like a
/// county that does not exist. Platform admins act as county admins of
/// every county.
#[derive(Clone)]
pub struct CountyAccess {
    pub county: County,
    pub role: Role,
    pub current: CurrentUser,
}

impl CountyAccess {
    /// 403 unless the role may administer the county (users, audit log).
    ///
    /// # Errors
    /// `Forbidden`.
    pub fn require_admin(&self) -> Result<(), AppError> {
        if self.role.can_administer() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// 403 when the county is suspended: its content is then read-only to
    /// everyone (only its users can still be managed, to remove access in an
    /// incident).
    ///
    /// # Errors
    /// `Forbidden`.
    pub fn require_writable(&self) -> Result<(), AppError> {
        if self.county.is_active() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// A county handler reads the county's own fields (`county.slug`,
/// `county.id`) straight through its access.
impl Deref for CountyAccess {
    type Target = County;

    fn deref(&self) -> &County {
        &self.county
    }
}

impl<S> FromRequestParts<S> for CountyAccess
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // The route's guard resolved it already (`routes::guard`).
        if let Some(county) = parts.extensions.get::<Self>() {
            return Ok(county.clone());
        }
        let current = CurrentUser::from_request_parts(parts, state).await?;
        let app = AppState::from_ref(state);
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let slug = params.get("t").ok_or(AppError::NotFound)?;
        let county = counties::find_by_slug(&app.db, slug)
            .await?
            .ok_or(AppError::NotFound)?;
        let role = if current.user.is_platform_admin {
            Role::CountyAdmin
        } else {
            users::role_in(&app.db, county.id, current.user.id)
                .await?
                .ok_or(AppError::NotFound)?
        };
        let county = Self {
            county,
            role,
            current,
        };
        parts.extensions.insert(county.clone());
        Ok(county)
    }
}

/// 403 unless the user is a platform admin.
///
/// # Errors
/// `Forbidden`.
pub fn require_platform_admin(current: &CurrentUser) -> Result<(), AppError> {
    if current.user.is_platform_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}
