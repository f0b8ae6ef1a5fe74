//! The handlers every [`Kind`] of record shares: its new and edit forms,
//! create, edit, and delete after a confirmation step. `{screen}` below is
//! the kind's path segment (`providers`, `notes`, `pages`).

use axum::response::{IntoResponse, Response};
use persistence::begin_write;
use web::views::FormErrors;
use web::{AppError, EmptyForm};

use super::{Kind, Said, find, href};
use crate::CountyAccess;
use crate::call::{Call, NoId};
use crate::delete::{DeleteConfirm, deleted};
use crate::save::{InCounty, SaveScreen, save_edit, save_new};
use crate::write::Written;

/// GET /admin/{t}/{screen}/new: the empty form for a new record.
pub async fn new_form<K: Kind>(call: Call) -> Result<Response, AppError> {
    call.county.require_writable()?;
    let screen = K::screen(call.at());
    screen.form_page(None, K::blank(), FormErrors::new()).await
}

/// GET /admin/{t}/{screen}/{id}: the edit form of a stored record.
pub async fn edit_form<K: Kind>(call: Call<K::Id>) -> Result<Response, AppError> {
    let stored = find::<K>(call.at(), call.id).await?;
    let form = K::form_of(&stored);
    let screen = K::screen(call.at());
    screen
        .form_page(Some(&stored), form, FormErrors::new())
        .await
}

/// POST /admin/{t}/{screen}: add a record (422 for bad input, nothing
/// written).
pub async fn create<K: Kind>(call: Call<NoId, K::Form>) -> Result<Response, AppError> {
    let at = InCounty::new(&call.state, &call.county);
    at.county.require_writable()?;
    let checked = K::check(at, &call.form).await?;
    let (county_id, actor) = (at.county.id, Some(at.county.current.user.id));
    let write = async |txn: &_, fields: &_| K::create(txn, county_id, fields, actor).await;
    let who = (at.county, call.client);
    let written =
        |created: &_, fields: &_| to_edit::<K>(who.0, created, K::created(who, created, fields));
    save_new(&K::screen(at), call.form, checked, write, written).await
}

/// POST /admin/{t}/{screen}/{id}: save an edit (422 for bad input, 409 on
/// a stale version; nothing written in either).
pub async fn update<K: Kind>(call: Call<K::Id, K::Form>) -> Result<Response, AppError> {
    let at = InCounty::new(&call.state, &call.county);
    let current = find::<K>(at, call.id).await?;
    at.county.require_writable()?;
    let checked = K::check(at, &call.form).await?;
    let (county_id, actor, id) = (at.county.id, Some(at.county.current.user.id), call.id);
    let write = async |txn: &_, fields: &_, version| {
        K::update(txn, county_id, id, version, fields, actor).await
    };
    let who = (at.county, call.client);
    // The update matched `current.version`, so `current` is exactly what
    // it replaced.
    let written = |updated: &_, fields: &_| {
        to_edit::<K>(who.0, updated, K::updated(who, &current, updated, fields))
    };
    let screen = K::screen(at);
    save_edit(&screen, &current, call.form, checked, write, written).await
}

/// GET /admin/{t}/{screen}/{id}/delete: ask before deleting.
pub async fn delete_form<K: Kind>(call: Call<K::Id>) -> Result<Response, AppError> {
    let record = find::<K>(call.at(), call.id).await?;
    call.county.require_writable()?;
    let words = K::delete_words(&call.county, &record);
    let page = DeleteConfirm::new(&call.county, K::SCREEN, call.id, words).await?;
    Ok(page.into_response())
}

/// POST /admin/{t}/{screen}/{id}/delete: delete the record, with its
/// audit event, and go back to the list.
pub async fn delete<K: Kind>(call: Call<K::Id, EmptyForm>) -> Result<Response, AppError> {
    let record = find::<K>(call.at(), call.id).await?;
    call.county.require_writable()?;
    let txn = begin_write(&call.state.db).await?;
    K::delete(&txn, call.county.id, K::id(&record)).await?;
    let (event, flash) = K::deleted((&call.county, call.client), &record);
    deleted(txn, &call.county, K::SCREEN, event, flash).await
}

/// A change that sends the user on to the record's edit page.
fn to_edit<K: Kind>(county: &CountyAccess, record: &K::Record, (event, flash): Said) -> Written {
    let next = href::<K>(county, record);
    Written { event, flash, next }
}
