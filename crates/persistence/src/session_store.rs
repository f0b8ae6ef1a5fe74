//! The tower-sessions store over the application's own connection pool, for
//! both backends. Expiry is a unix time in seconds; each row also records the
//! signed-in user (if any) so that all of a user's sessions can be ended at
//! once, and what the account page lists of it (its public id, when it was
//! signed in and last seen, the browser's family), copied from the
//! session's data on every save.

use std::fmt;

use async_trait::async_trait;
use domain::{UserId, UserSession};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use tower_sessions::session::{self, Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use uuid::Uuid;

use crate::entity::sessions;
use crate::{Db, RepoError};

/// The session key under which the signed-in user's id is kept.
pub const USER_ID_KEY: &str = "auth.user_id";
/// The session key of the sign-in time (unix seconds).
pub const SIGNED_IN_AT_KEY: &str = "auth.signed_in_at";
/// The session key of the last request's time (unix seconds).
pub const LAST_SEEN_KEY: &str = "auth.last_seen";
/// The session key of the session's public id (a random UUID, shown and
/// used in URLs instead of the secret cookie value).
pub const PUBLIC_ID_KEY: &str = "auth.public_id";
/// The session key of the browser's family ("Firefox on Windows").
pub const UA_FAMILY_KEY: &str = "auth.ua_family";

/// Sessions in the `sessions` table.
#[derive(Clone)]
pub struct DbSessionStore {
    db: Db,
    idle_secs: i64,
}

impl fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DbSessionStore").finish_non_exhaustive()
    }
}

/// How a store error whose cause is an unreachable database begins.
/// tower-sessions' error carries text only, so the store marks it here and
/// [`is_unavailable`] reads the mark: both ends in this module.
const UNAVAILABLE: &str = "database unavailable: ";

fn backend(err: DbErr) -> session_store::Error {
    if crate::error::is_unavailable(&err) {
        session_store::Error::Backend(format!("{UNAVAILABLE}{err}"))
    } else {
        session_store::Error::Backend(err.to_string())
    }
}

/// Whether a session error means that the store's database cannot be
/// reached (connection refused, pool timed out, connection lost). The web
/// layer then treats the request as not signed in and answers 503.
#[must_use]
pub fn is_unavailable(err: &session::Error) -> bool {
    matches!(
        err,
        session::Error::Store(session_store::Error::Backend(message))
            if message.starts_with(UNAVAILABLE)
    )
}

/// The row for a record. The session cookie carries no Max-Age (it ends when
/// the browser closes), so tower-sessions hands over its two-week default;
/// the row instead expires `idle_secs` after its last save, which is the
/// idle timeout enforced server-side.
fn row_of(record: &Record, idle_secs: i64) -> session_store::Result<sessions::ActiveModel> {
    let data = serde_json::to_vec(&record.data)
        .map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let text = |key: &str| record.data.get(key).and_then(|v| v.as_str());
    let number = |key: &str| record.data.get(key).and_then(serde_json::Value::as_i64);
    let user_id = text(USER_ID_KEY).and_then(|s| Uuid::parse_str(s).ok());
    Ok(sessions::ActiveModel {
        id: Set(record.id.to_string()),
        data: Set(data),
        expires_at: Set(record
            .expiry_date
            .unix_timestamp()
            .min(time::OffsetDateTime::now_utc().unix_timestamp() + idle_secs)),
        user_id: Set(user_id),
        public_id: Set(text(PUBLIC_ID_KEY).and_then(|s| Uuid::parse_str(s).ok())),
        signed_in_at: Set(number(SIGNED_IN_AT_KEY)),
        last_seen_at: Set(number(LAST_SEEN_KEY)),
        ua_family: Set(
            text(UA_FAMILY_KEY).map(|f| domain::text::cut(f, domain::account::MAX_UA_FAMILY_CHARS))
        ),
    })
}

impl DbSessionStore {
    /// A store over this pool.
    #[must_use]
    pub fn new(db: Db, idle_secs: i64) -> Self {
        Self { db, idle_secs }
    }

    /// Ends every session of this user, on every server.
    ///
    /// # Errors
    /// Database errors.
    pub async fn delete_for_user(&self, user: UserId) -> Result<u64, RepoError> {
        delete_for_user(&self.db, user).await
    }

    /// Deletes sessions that expired before `now` (unix seconds).
    ///
    /// # Errors
    /// Database errors.
    pub async fn delete_expired(&self, now: i64) -> Result<u64, RepoError> {
        let res = sessions::Entity::delete_many()
            .filter(sessions::Column::ExpiresAt.lte(now))
            .exec(&self.db)
            .await?;
        Ok(res.rows_affected)
    }
}

/// The user's signed-in sessions at `now` (unix seconds) that began after
/// `signed_in_after`, newest first.
///
/// # Errors
/// Database errors.
pub async fn sessions_of(
    db: &impl ConnectionTrait,
    user: UserId,
    now: i64,
    signed_in_after: i64,
) -> Result<Vec<UserSession>, RepoError> {
    let rows = sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(user.as_uuid()))
        .filter(sessions::Column::ExpiresAt.gt(now))
        .filter(sessions::Column::SignedInAt.gt(signed_in_after))
        .filter(sessions::Column::PublicId.is_not_null())
        .order_by_desc(sessions::Column::SignedInAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some(UserSession {
                public_id: row.public_id?,
                signed_in_at: row.signed_in_at.unwrap_or(0),
                last_seen_at: row.last_seen_at.or(row.signed_in_at).unwrap_or(0),
                ua_family: row.ua_family,
            })
        })
        .collect())
}

/// Ends the user's session with this public id; 0 when the user has none
/// by that id (another user's id included).
///
/// # Errors
/// Database errors.
pub async fn delete_one_of_user(
    db: &impl ConnectionTrait,
    user: UserId,
    public_id: Uuid,
) -> Result<u64, RepoError> {
    let res = sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(user.as_uuid()))
        .filter(sessions::Column::PublicId.eq(public_id))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Ends every session of this user but the one whose store id is `keep`.
///
/// # Errors
/// Database errors.
pub async fn delete_others_of_user(
    db: &impl ConnectionTrait,
    user: UserId,
    keep: Id,
) -> Result<u64, RepoError> {
    let res = sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(user.as_uuid()))
        .filter(sessions::Column::Id.ne(keep.to_string()))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Ends every session of this user; usable inside a transaction.
///
/// # Errors
/// Database errors.
pub async fn delete_for_user(db: &impl ConnectionTrait, user: UserId) -> Result<u64, RepoError> {
    let res = sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(user.as_uuid()))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Never overwrite an existing session: on the (astronomically rare)
        // id collision, draw a new id and try again.
        loop {
            let row = row_of(record, self.idle_secs)?;
            let res = sessions::Entity::insert(row)
                .on_conflict_do_nothing()
                .exec_without_returning(&self.db)
                .await
                .map_err(backend)?;
            if matches!(res, sea_orm::TryInsertResult::Inserted(n) if n > 0) {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    /// Updates the row, never inserts it: tower-sessions calls `save` only
    /// for a session that was loaded (new ones go through `create`), so a
    /// missing row was ended meanwhile (from the account page, a password
    /// change, a disabled account) and must stay ended, even when a request
    /// of that session was still running.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let row = row_of(record, self.idle_secs)?;
        sessions::Entity::update_many()
            .set(row)
            .filter(sessions::Column::Id.eq(record.id.to_string()))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let row = sessions::Entity::find_by_id(session_id.to_string())
            .filter(sessions::Column::ExpiresAt.gt(now))
            .one(&self.db)
            .await
            .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let data = serde_json::from_slice(&row.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(row.expires_at)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *session_id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        sessions::Entity::delete_by_id(session_id.to_string())
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnAcquireErr, DbErr};
    use tower_sessions::session;

    use super::{backend, is_unavailable};

    #[test]
    fn an_unreachable_database_is_told_apart_from_other_store_errors() {
        let down =
            session::Error::Store(backend(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout)));
        assert!(is_unavailable(&down));
        let other = session::Error::Store(backend(DbErr::Custom("bad row".to_owned())));
        assert!(!is_unavailable(&other));
        let decode = session::Error::Store(tower_sessions::session_store::Error::Decode(
            "database unavailable: looks alike".to_owned(),
        ));
        assert!(!is_unavailable(&decode));
    }
}
