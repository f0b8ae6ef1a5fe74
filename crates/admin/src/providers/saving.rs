//! How the shared save flow (`crate::save`) sees providers: their form
//! page, their conflict page, and the messages for a write the repository
//! refused.

use domain::{Provider, ProviderFields};
use persistence::RepoError;
use web::AppError;
use web::views::FormErrors;

use super::check::slug_taken;
use super::conflict::conflict_view;
use super::form::{ProviderForm, form_page};
use super::kind::ProviderKind;
use crate::conflict::ConflictView;
use crate::records::{recheck, screen_parts};
use crate::save::{InCounty, SaveScreen, Sent};

/// The providers of one county, as the save flow sees them.
pub(super) struct Providers<'a> {
    /// Where the save happens.
    pub(super) at: InCounty<'a>,
}

impl SaveScreen for Providers<'_> {
    screen_parts!(ProviderKind: Provider, ProviderForm, ProviderFields, form_page: form_page);

    async fn refused(
        &self,
        stored: Option<&Provider>,
        sent: Sent<'_, Self>,
        err: RepoError,
    ) -> Result<FormErrors, AppError> {
        let (form, fields) = sent;
        match err {
            RepoError::Taken(_) => Ok(slug_taken(self.at.county, &fields.slug)),
            RepoError::NotFound => recheck::<ProviderKind>(self.at, stored, form).await,
            other => Err(other.into()),
        }
    }

    async fn conflict(
        &self,
        theirs: &Provider,
        yours: Option<Sent<'_, Self>>,
    ) -> Result<ConflictView, AppError> {
        let yours = yours.map(|(_, fields)| fields);
        conflict_view(self.at.state, self.at.county, theirs, yours).await
    }
}
