//! The report form's signed token and the keyed hash of a visitor's
//! address, both under the server key `report` (`repo::server_keys`: 32
//! random bytes created once in the database, so every server on it signs
//! and checks alike, and a restart invalidates nothing).
//!
//! A token is `{issued}.{tag}`: the unix second the form was drawn and the
//! hex HMAC-SHA-256 of the county, the kind and id of the object and that
//! second. It is accepted for [`TOKEN_TTL_SECS`] after it was issued, only
//! for the object it names. It carries nothing of the visitor and needs no
//! cookie or session; the form page that holds it is never cached.

use hmac::{Hmac, KeyInit, Mac};
use persistence::repo::server_keys;
use sha2::Sha256;
use web::{AppError, AppState};

use super::Reported;

/// How long a form may stay open before it is sent: four hours.
pub const TOKEN_TTL_SECS: i64 = 4 * 3600;
/// How far ahead of our clock a token may be (several servers' clocks).
const SKEW_SECS: i64 = 60;
/// The name of the key in `server_keys`.
const KEY_NAME: &str = "report";

/// The server key, read from the database (created on first use).
pub struct Key(Vec<u8>);

impl Key {
    /// The key of every server on this database.
    ///
    /// # Errors
    /// Database errors; a stored key that is not hex is an internal error.
    pub async fn load(state: &AppState, now: i64) -> Result<Self, AppError> {
        let candidate = hex::encode(rand::random::<[u8; 32]>());
        let stored = server_keys::get_or_create(&state.db, KEY_NAME, &candidate, now).await?;
        hex::decode(stored).map(Self).map_err(AppError::internal)
    }

    fn mac(&self, message: &str) -> Hmac<Sha256> {
        // HMAC takes a key of any length: this cannot fail.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts every key length"));
        mac.update(message.as_bytes());
        mac
    }

    /// The token for the form about `object`, issued at `now`.
    #[must_use]
    pub fn token(&self, object: &Reported, now: i64) -> String {
        let tag = self.mac(&signed(object, now)).finalize().into_bytes();
        format!("{now}.{}", hex::encode(tag))
    }

    /// Whether `token` was issued by a server of this database for the
    /// form about `object`, at most [`TOKEN_TTL_SECS`] before `now`.
    #[must_use]
    pub fn accepts(&self, token: &str, object: &Reported, now: i64) -> bool {
        let Some((issued, tag)) = token.trim().split_once('.') else {
            return false;
        };
        let (Ok(issued), Ok(tag)) = (issued.parse::<i64>(), hex::decode(tag)) else {
            return false;
        };
        if issued > now + SKEW_SECS || now - issued > TOKEN_TTL_SECS {
            return false;
        }
        self.mac(&signed(object, issued)).verify_slice(&tag).is_ok()
    }

    /// The address as the rate limits keep it: hex HMAC-SHA-256 under the
    /// server key, so the table cannot be turned back into addresses by
    /// hashing the 2^32 IPv4 addresses.
    #[must_use]
    pub fn address_hash(&self, address: &web::ClientAddr) -> String {
        let tag = self
            .mac(&format!("address\n{}", address.label()))
            .finalize()
            .into_bytes();
        hex::encode(tag)
    }
}

/// What a token signs.
fn signed(object: &Reported, issued: i64) -> String {
    format!(
        "report-form\n{}\n{}\n{}\n{issued}",
        object.county.as_uuid(),
        object.object.as_str(),
        object.id
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::report::ReportObject;

    fn object(id: uuid::Uuid) -> Reported {
        Reported {
            county: domain::CountyId::from_uuid(uuid::Uuid::nil()),
            object: ReportObject::Provider,
            id,
            name: "Safe and Sound".into(),
            slug: "safe-and-sound".into(),
        }
    }

    #[test]
    fn a_token_holds_for_its_object_and_its_time_only() {
        let key = Key(vec![7; 32]);
        let here = object(uuid::Uuid::from_u128(1));
        let token = key.token(&here, 1_000_000);
        assert!(key.accepts(&token, &here, 1_000_000));
        assert!(key.accepts(&token, &here, 1_000_000 + TOKEN_TTL_SECS));
        assert!(!key.accepts(&token, &here, 1_000_001 + TOKEN_TTL_SECS));
        assert!(!key.accepts(&token, &here, 1_000_000 - SKEW_SECS - 1));
        assert!(!key.accepts(&token, &object(uuid::Uuid::from_u128(2)), 1_000_000));
        assert!(!Key(vec![8; 32]).accepts(&token, &here, 1_000_000));
        let forged = token.replacen("1000000", "1000100", 1);
        assert!(!key.accepts(&forged, &here, 1_000_100));
        for junk in ["", ".", "x.y", "1000000.zz", "1000000"] {
            assert!(!key.accepts(junk, &here, 1_000_000), "{junk}");
        }
    }

    #[test]
    fn addresses_hash_apart_and_alike() {
        let key = Key(vec![7; 32]);
        let a = web::ClientAddr(Some(std::net::IpAddr::from([192, 0, 2, 1])));
        let b = web::ClientAddr(Some(std::net::IpAddr::from([192, 0, 2, 2])));
        assert_eq!(key.address_hash(&a), key.address_hash(&a));
        assert_ne!(key.address_hash(&a), key.address_hash(&b));
        assert_eq!(key.address_hash(&a).len(), 64);
        assert!(!key.address_hash(&a).contains("192"));
    }
}
