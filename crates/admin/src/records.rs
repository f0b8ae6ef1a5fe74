//! The records a county edits through one form: providers, commissioning
//! notes and pages. Their new and edit forms, their create, their edit and
//! their delete are one flow each, written once in [`handlers`] over the
//! [`Kind`] of record; a kind says only what is its own (its repository
//! calls, its form, its check, its audit summary and flash text, its
//! delete warning), and names the rest in one `kind_parts!`. The routes
//! of a kind are declared by `routes::record_routes!`; what the three
//! kinds' `SaveScreen` impls say alike is `screen_parts!`.

pub mod handlers;

use std::fmt::Display;

use domain::{CountyId, NewAuditEvent, UserId};
use persistence::{Db, RepoError, Txn};
use serde::de::DeserializeOwned;
use web::views::{Checked, FormErrors};
use web::{AppError, ClientAddr};

use crate::CountyAccess;
use crate::call::UrlId;
use crate::delete::DeleteWords;
use crate::save::{InCounty, SaveScreen, Versioned};

/// Who made a change and from where: for its audit event and its flash.
pub type Who<'a> = (&'a CountyAccess, ClientAddr);

/// What a change says: its audit event, and the flash the user sees.
pub type Said = (NewAuditEvent, String);

/// A kind of record a county edits through one form.
pub trait Kind: Send + Sync + 'static {
    /// How the shared save flow sees these records, in one county.
    type Screen<'a>: SaveScreen<Record = Self::Record, Form = Self::Form, Fields = Self::Fields>;
    /// The record as stored.
    type Record: Clone + Versioned + Send + Sync;
    /// The form as sent and shown again.
    type Form: DeserializeOwned + Send + Sync;
    /// The form's checked fields.
    type Fields: Send + Sync;
    /// The record's typed id, as the URL names it.
    type Id: UrlId + Copy + Display + Send + Sync;
    /// The screen's path segment: `providers`, `notes` or `pages`.
    const SCREEN: &'static str;

    /// The screen in a county.
    fn screen(at: InCounty<'_>) -> Self::Screen<'_>;

    /// The record's id.
    fn id(record: &Self::Record) -> Self::Id;

    /// The record `id` of `county`, if there is one.
    async fn find(
        db: &Db,
        county: CountyId,
        id: Self::Id,
    ) -> Result<Option<Self::Record>, RepoError>;

    /// Writes a new record.
    async fn create(
        txn: &Txn,
        county: CountyId,
        fields: &Self::Fields,
        actor: Option<UserId>,
    ) -> Result<Self::Record, RepoError>;

    /// Writes an edit at `version` (`RepoError::Stale` when it is not the
    /// stored one).
    async fn update(
        txn: &Txn,
        county: CountyId,
        id: Self::Id,
        version: i32,
        fields: &Self::Fields,
        actor: Option<UserId>,
    ) -> Result<Self::Record, RepoError>;

    /// Deletes the record.
    async fn delete(txn: &Txn, county: CountyId, id: Self::Id) -> Result<(), RepoError>;

    /// The form for a new record.
    fn blank() -> Self::Form;

    /// The edit form of a stored record.
    fn form_of(record: &Self::Record) -> Self::Form;

    /// Checks the form: the domain's rules, and that what it names is the
    /// county's.
    async fn check(at: InCounty<'_>, form: &Self::Form) -> Result<Checked<Self::Fields>, AppError>;

    /// The audit event and flash of a record created (the user goes on to
    /// its edit page).
    fn created(who: Who<'_>, created: &Self::Record, fields: &Self::Fields) -> Said;

    /// The audit event and flash of an edit (the user goes on to the edit
    /// page); `before` is the record the edit replaced.
    fn updated(
        who: Who<'_>,
        before: &Self::Record,
        after: &Self::Record,
        fields: &Self::Fields,
    ) -> Said;

    /// What the delete confirmation page says.
    fn delete_words(county: &CountyAccess, record: &Self::Record) -> DeleteWords;

    /// The audit event and flash of a delete.
    fn deleted(who: Who<'_>, record: &Self::Record) -> Said;
}

/// What a kind only names: its types, its screen's path segment, its
/// repository module (`$repo`, with `find`, `create`, `delete` and the
/// update at a version, `$update`), how its screen is made, its blank
/// form, its edit form and its check. One line each in a kind's `impl`,
/// so that the impl holds only what the kind says itself.
macro_rules! kind_parts {
    (
        screen: $screen:ident = $make:expr,
        record: $record:ty, form: $form:ty, fields: $fields:ty, id: $id:ty, path: $path:literal,
        repo: $repo:path, $update:ident,
        blank: $blank:expr, form_of: $form_of:expr, check: $check:path $(,)?
    ) => {
        type Screen<'a> = $screen<'a>;
        type Record = $record;
        type Form = $form;
        type Fields = $fields;
        type Id = $id;
        const SCREEN: &'static str = $path;

        fn screen(at: $crate::save::InCounty<'_>) -> $screen<'_> {
            $make(at)
        }

        fn id(record: &$record) -> $id {
            record.id
        }

        fn blank() -> $form {
            $blank()
        }

        fn form_of(record: &$record) -> $form {
            $form_of(record)
        }

        async fn check(
            at: $crate::save::InCounty<'_>,
            form: &$form,
        ) -> Result<web::views::Checked<$fields>, web::AppError> {
            $check(at.state, at.county, form).await
        }

        async fn find(
            db: &persistence::Db,
            county: domain::CountyId,
            id: $id,
        ) -> Result<Option<$record>, persistence::RepoError> {
            use $repo as repo;
            repo::find(db, county, id).await
        }

        async fn create(
            txn: &persistence::Txn,
            county: domain::CountyId,
            fields: &$fields,
            actor: Option<domain::UserId>,
        ) -> Result<$record, persistence::RepoError> {
            use $repo as repo;
            repo::create(txn, county, fields, actor).await
        }

        async fn update(
            txn: &persistence::Txn,
            county: domain::CountyId,
            id: $id,
            version: i32,
            fields: &$fields,
            actor: Option<domain::UserId>,
        ) -> Result<$record, persistence::RepoError> {
            use $repo as repo;
            repo::$update(txn, county, id, version, fields, actor).await
        }

        async fn delete(
            txn: &persistence::Txn,
            county: domain::CountyId,
            id: $id,
        ) -> Result<(), persistence::RepoError> {
            use $repo as repo;
            repo::delete(txn, county, id).await
        }
    };
}

pub(crate) use kind_parts;

/// What every kind's `SaveScreen` impl says alike: its types, where the
/// save happens (the screen's `at`), the version its form names, and the
/// record as stored now (`find`); and, given `form_page: $page`, its form
/// page when the kind's page builder takes the state, the county, the
/// stored record, the form and its errors.
macro_rules! screen_parts {
    ($kind:ty: $record:ty, $form:ty, $fields:ty $(, form_page: $page:path)?) => {
        type Record = $record;
        type Form = $form;
        type Fields = $fields;

        fn at(&self) -> $crate::save::InCounty<'_> {
            self.at
        }

        fn sent_version(form: &$form) -> &str {
            &form.version
        }

        async fn reload(&self, record: &$record) -> Result<$record, web::AppError> {
            $crate::records::find::<$kind>(self.at, record.id).await
        }

        $(
            async fn form_page(
                &self,
                stored: Option<&$record>,
                form: $form,
                errors: web::views::FormErrors,
            ) -> Result<axum::response::Response, web::AppError> {
                let (state, county) = (self.at.state, self.at.county);
                let page = $page(state, county, stored, form, errors).await?;
                Ok(axum::response::IntoResponse::into_response(page))
            }
        )?
    };
}

pub(crate) use screen_parts;

/// The address of a record's edit page: `/admin/{t}/{screen}/{id}`.
pub fn href<K: Kind>(county: &CountyAccess, record: &K::Record) -> String {
    format!("{}/{}", list_href::<K>(county), K::id(record))
}

/// The address of a kind's list, where a new record is sent too.
pub fn list_href<K: Kind>(county: &CountyAccess) -> String {
    format!("/admin/{}/{}", county.slug, K::SCREEN)
}

/// Where a kind's form posts: the record's own address when editing it,
/// the list's when adding one.
pub fn form_action<K: Kind>(county: &CountyAccess, stored: Option<&K::Record>) -> String {
    stored.map_or_else(|| list_href::<K>(county), |r| href::<K>(county, r))
}

/// The record of kind `K` that `id` names in the county: 404 when there is
/// none, another county's included.
///
/// # Errors
/// `NotFound`; the database's errors.
pub async fn find<K: Kind>(at: InCounty<'_>, id: K::Id) -> Result<K::Record, AppError> {
    K::find(&at.state.db, at.county.id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The messages for a write refused with `NotFound`: the record was
/// deleted meanwhile (404), or something the form names was (the check now
/// says which, beside its field).
///
/// # Errors
/// `NotFound` for the record; the database's errors.
pub async fn recheck<K: Kind>(
    at: InCounty<'_>,
    stored: Option<&K::Record>,
    form: &K::Form,
) -> Result<FormErrors, AppError> {
    if let Some(stored) = stored {
        find::<K>(at, K::id(stored)).await?;
    }
    Ok(K::check(at, form).await?.errors())
}

/// The fields of `order` that hold something (their `shown` value is
/// neither empty nor `nothing`, as "None" or "No"), for the audit event of
/// a record created.
pub fn filled_fields(
    order: &[(&str, &str)],
    nothing: &str,
    shown: impl Fn(&str) -> String,
) -> Vec<String> {
    order
        .iter()
        .map(|(field, _)| *field)
        .filter(|field| {
            let value = shown(field);
            !value.is_empty() && value != nothing
        })
        .map(str::to_owned)
        .collect()
}
