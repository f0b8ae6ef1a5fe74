//! The one flow of every versioned save: providers, commissioning notes,
//! pages (their edits and their changes of state) and the county's
//! settings. A form is checked first; then the version it was based on
//! must still be the stored one; then the write, its audit event, the
//! commit, the flash and the redirect happen in one transaction. The flow
//! comes to a [`SaveOutcome`]: `Saved`, `Invalid` (422: the form again,
//! with its messages) or `Conflict` (409: the one conflict page, yours
//! beside the saved version). Nothing is written unless it is `Saved`.
//!
//! A screen keeps only what is its own: it reads its form, calls its
//! repository, and says its audit summary and flash text (the `write` and
//! `written` arguments); and it implements [`SaveScreen`], which says how
//! its form page and its conflict look.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use persistence::{RepoError, Txn, begin_write};
use web::views::{Checked, FormErrors};
use web::{AppError, AppState};

use crate::CountyAccess;
use crate::conflict::{ConflictPage, ConflictView};
use crate::view::{matching_version, rollback};
use crate::write::{Written, finish};

/// The form of a change of state (publish, mark as reviewed...): it only
/// names the version it was based on.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct VersionForm {
    /// The version the change was based on, as sent.
    pub version: String,
}

/// What a save came to.
pub enum SaveOutcome<R> {
    /// Written, audited and committed: the redirect, with the flash set.
    Saved(Response),
    /// Nothing written: the messages to show beside the form.
    Invalid(FormErrors),
    /// Nothing written: someone saved first. The record as saved now.
    Conflict(R),
}

/// Where a save happens: the application (for its database) and the
/// county (for its guard, its session and its pages). Every screen holds
/// one, so that the flow reads both the same way.
#[derive(Clone, Copy)]
pub struct InCounty<'a> {
    /// The application, for its database.
    pub state: &'a AppState,
    /// The county the save is in.
    pub county: &'a CountyAccess,
}

impl<'a> InCounty<'a> {
    /// The save place of `county`.
    #[must_use]
    pub fn new(state: &'a AppState, county: &'a CountyAccess) -> Self {
        Self { state, county }
    }
}

/// A record saved at a version: the version the flow checks the form's
/// against.
pub trait Versioned {
    /// The version the record is at.
    fn version(&self) -> i32;
}

/// Providers, notes and pages keep their version in a `version` field.
macro_rules! versioned {
    ($($record:ty),*) => {$(
        impl Versioned for $record {
            fn version(&self) -> i32 {
                self.version
            }
        }
    )*};
}

versioned!(domain::Provider, domain::Note, domain::Page);

/// What the user sent: the form as typed, and its checked fields.
pub type Sent<'a, S> = (&'a <S as SaveScreen>::Form, &'a <S as SaveScreen>::Fields);

/// A screen whose records are saved at a version: what the shared flow
/// needs to know of it.
pub trait SaveScreen {
    /// What is saved: a provider, a note, a page, the county's settings.
    type Record: Clone + Versioned;
    /// The form as sent, and as shown again.
    type Form;
    /// The form's checked fields.
    type Fields;

    /// Where the save happens: the application and the county.
    fn at(&self) -> InCounty<'_>;

    /// The version the form was based on, as sent.
    fn sent_version(form: &Self::Form) -> &str;

    /// The record as stored now, after a write found it changed.
    async fn reload(&self, record: &Self::Record) -> Result<Self::Record, AppError>;

    /// The messages for a write the repository refused with `err`
    /// (`Taken`, `NotFound`): a slug taken in between, a category deleted
    /// in between. Anything else, or a refusal the screen cannot explain
    /// beside its form, is an error. `stored` is the record as the
    /// handler read it (`None` when creating).
    async fn refused(
        &self,
        stored: Option<&Self::Record>,
        sent: Sent<'_, Self>,
        err: RepoError,
    ) -> Result<FormErrors, AppError> {
        let _ = (stored, sent);
        Err(err.into())
    }

    /// The form page showing `form` with its `errors` (`stored` is `None`
    /// when creating). The flow answers it with 422.
    async fn form_page(
        &self,
        stored: Option<&Self::Record>,
        form: Self::Form,
        errors: FormErrors,
    ) -> Result<Response, AppError>;

    /// The conflict: `theirs` as saved now, beside what the user sent
    /// (`None` for a change with no values of its own). The flow answers
    /// it with 409.
    async fn conflict(
        &self,
        theirs: &Self::Record,
        yours: Option<Sent<'_, Self>>,
    ) -> Result<ConflictView, AppError>;
}

/// Saves a new record from a form: 303 to `written`'s page, or 422 with
/// the form. `written` gets the record as written and the checked fields.
///
/// # Errors
/// The database's and the session's errors.
pub async fn save_new<S: SaveScreen>(
    screen: &S,
    form: S::Form,
    checked: Checked<S::Fields>,
    write: impl AsyncFnOnce(&Txn, &S::Fields) -> Result<S::Record, RepoError>,
    written: impl FnOnce(&S::Record, &S::Fields) -> Written,
) -> Result<Response, AppError> {
    let write = async |txn: &Txn, fields: &S::Fields, _| write(txn, fields).await;
    save_form(screen, None, form, checked, write, written).await
}

/// Saves an edit of `current` at the version the form names: 303 to
/// `written`'s page, 422 with the form, or 409 with both versions.
///
/// # Errors
/// The database's and the session's errors.
pub async fn save_edit<S: SaveScreen>(
    screen: &S,
    current: &S::Record,
    form: S::Form,
    checked: Checked<S::Fields>,
    write: impl AsyncFnOnce(&Txn, &S::Fields, i32) -> Result<S::Record, RepoError>,
    written: impl FnOnce(&S::Record, &S::Fields) -> Written,
) -> Result<Response, AppError> {
    // With a current record, the flow always has the version it matched.
    let at = current.version();
    let write = async |txn: &Txn, fields: &S::Fields, version: Option<i32>| {
        write(txn, fields, version.unwrap_or(at)).await
    };
    save_form(screen, Some(current), form, checked, write, written).await
}

/// The form's side of the flow: checked fields, the attempt, and the
/// answer to what it came to.
async fn save_form<S: SaveScreen>(
    screen: &S,
    current: Option<&S::Record>,
    form: S::Form,
    checked: Checked<S::Fields>,
    write: impl AsyncFnOnce(&Txn, &S::Fields, Option<i32>) -> Result<S::Record, RepoError>,
    written: impl FnOnce(&S::Record, &S::Fields) -> Written,
) -> Result<Response, AppError> {
    let fields = match checked {
        Checked::Valid(fields) => fields,
        Checked::Invalid(errors) => return invalid(screen, current, form, errors).await,
    };
    let version = S::sent_version(&form);
    let write = async |txn: &Txn, version| write(txn, &fields, version).await;
    let written = |saved: &S::Record| written(saved, &fields);
    let sent = Some((&form, &fields));
    match attempt(screen, current, version, sent, write, written).await? {
        SaveOutcome::Saved(redirect) => Ok(redirect),
        SaveOutcome::Invalid(errors) => invalid(screen, current, form, errors).await,
        SaveOutcome::Conflict(theirs) => conflicted(screen, &theirs, Some((&form, &fields))).await,
    }
}

/// Changes a record's state at the version a form of one button names
/// (publish, review...): 303 to `written`'s page, or 409 with the saved
/// version.
///
/// # Errors
/// The database's and the session's errors, and a refusal other than a
/// stale version.
pub async fn change<S: SaveScreen>(
    screen: &S,
    current: &S::Record,
    version: &str,
    write: impl AsyncFnOnce(&Txn, i32) -> Result<S::Record, RepoError>,
    written: impl FnOnce(&S::Record) -> Written,
) -> Result<Response, AppError> {
    // With a current record, the flow always has the version it matched.
    let at = current.version();
    let write = async |txn: &Txn, version: Option<i32>| write(txn, version.unwrap_or(at)).await;
    match attempt(screen, Some(current), version, None, write, written).await? {
        SaveOutcome::Saved(redirect) => Ok(redirect),
        SaveOutcome::Invalid(_) => Err(AppError::UnprocessableForm),
        SaveOutcome::Conflict(theirs) => conflicted(screen, &theirs, None).await,
    }
}

/// The 409 page of `theirs`, beside what the user sent: for a change
/// refused before anything was tried (a draft published meanwhile).
///
/// # Errors
/// The database's and the session's errors.
pub async fn conflicted<S: SaveScreen>(
    screen: &S,
    theirs: &S::Record,
    yours: Option<Sent<'_, S>>,
) -> Result<Response, AppError> {
    let view = screen.conflict(theirs, yours).await?;
    let page = ConflictPage::of(screen.at().county, view).await?;
    Ok((StatusCode::CONFLICT, page).into_response())
}

/// The form again with its messages: 422, nothing written.
///
/// # Errors
/// The database's and the session's errors.
pub async fn invalid<S: SaveScreen>(
    screen: &S,
    stored: Option<&S::Record>,
    form: S::Form,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let page = screen.form_page(stored, form, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The one version check and the one transaction: writes at the version
/// sent (when there is a `current` record), and on success records the
/// audit event, commits, sets the flash and redirects.
async fn attempt<S: SaveScreen>(
    screen: &S,
    current: Option<&S::Record>,
    version: &str,
    sent: Option<Sent<'_, S>>,
    write: impl AsyncFnOnce(&Txn, Option<i32>) -> Result<S::Record, RepoError>,
    written: impl FnOnce(&S::Record) -> Written,
) -> Result<SaveOutcome<S::Record>, AppError> {
    // A version that is not the stored one (or not a number at all) is
    // stale: someone saved in between. The write checks again in the
    // statement that writes, for saves that race this one.
    let version = match current {
        None => None,
        Some(record) => match matching_version(version, record.version()) {
            Some(version) => Some(version),
            None => return Ok(SaveOutcome::Conflict(record.clone())),
        },
    };
    let txn = begin_write(&screen.at().state.db).await?;
    match write(&txn, version).await {
        Ok(saved) => {
            let done = written(&saved);
            let session = &screen.at().county.current.session;
            Ok(SaveOutcome::Saved(finish(txn, session, done).await?))
        }
        Err(RepoError::Stale) => {
            rollback(txn).await?;
            let record = current.ok_or(AppError::NotFound)?;
            Ok(SaveOutcome::Conflict(screen.reload(record).await?))
        }
        Err(err @ (RepoError::Taken(_) | RepoError::NotFound)) => {
            rollback(txn).await?;
            match sent {
                Some(sent) => Ok(SaveOutcome::Invalid(
                    screen.refused(current, sent, err).await?,
                )),
                None => Err(err.into()),
            }
        }
        Err(other) => Err(other.into()),
    }
}
