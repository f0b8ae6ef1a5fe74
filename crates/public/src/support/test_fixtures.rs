//! What the directory's unit tests build providers from (tests only).

use domain::provider::{RawProvider, validate};
use domain::{CountyId, Provider, ProviderStatus};
use time::OffsetDateTime;

/// A published provider with these fields (the rest as stored by default),
/// of a county of its own.
pub(crate) fn published(raw: RawProvider) -> Provider {
    let fields = validate(&RawProvider {
        status: "published".into(),
        ..raw
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(fields.status, ProviderStatus::Published);
    Provider {
        id: domain::ProviderId::new(),
        county: CountyId::from_uuid(uuid::Uuid::now_v7()),
        fields,
        reviewed_at: None,
        version: 1,
        created_at: OffsetDateTime::UNIX_EPOCH,
        updated_at: OffsetDateTime::UNIX_EPOCH,
        created_by: None,
        updated_by: None,
    }
}
