//! The time as the handlers read it: the system clock, unless a test has
//! set it, so that pages which depend on the time ("Open now") can be
//! checked at fixed instants through the whole application.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use time::OffsetDateTime;

/// No time set: read the system clock.
const SYSTEM: i64 = i64::MIN;

/// A clock shared by the handlers of one application. Clones share the
/// setting.
#[derive(Clone, Debug)]
pub struct Clock {
    /// Unix seconds, or [`SYSTEM`].
    set_to: Arc<AtomicI64>,
}

impl Default for Clock {
    fn default() -> Self {
        Self {
            set_to: Arc::new(AtomicI64::new(SYSTEM)),
        }
    }
}

impl Clock {
    /// The time now.
    #[must_use]
    pub fn now(&self) -> OffsetDateTime {
        match self.set_to.load(Ordering::Relaxed) {
            SYSTEM => OffsetDateTime::now_utc(),
            seconds => {
                OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH)
            }
        }
    }

    /// From now on the clock reads `at` (to the second), until set again.
    /// For tests: the server never calls it.
    pub fn set(&self, at: OffsetDateTime) {
        self.set_to.store(at.unix_timestamp(), Ordering::Relaxed);
    }
}
