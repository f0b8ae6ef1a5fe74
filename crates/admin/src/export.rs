//! Downloads of a county's data under `/admin/{t}/export/`.

use crate::routes::{Access, Routes};

mod hsds;

/// The routes of the exports, with the access each needs.
pub fn routes() -> Routes {
    Routes::new().get(
        "/admin/{t}/export/hsds.zip",
        Access::Member,
        hsds::download_hsds,
    )
}
