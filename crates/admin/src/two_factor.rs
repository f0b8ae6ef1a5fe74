//! Two-factor sign-in (TOTP, RFC 6238): enrolment and turning it off
//! (`enrol`, `disable`), the second sign-in step (`step`), who must enrol
//! (`enforce`), and a county admin's "reset two-factor" for a user who lost
//! their device (`reset`). The codes themselves are in `totp`.
//!
//! The secret is shown only while enrolling, never again, and never goes
//! into a log or an audit event.

mod disable;
/// Who must enrol before using the admin (`CMS_REQUIRE_2FA`).
pub mod enforce;
mod enrol;
/// A county admin's "reset two-factor" for a member.
pub mod reset;
/// The second sign-in step: the code.
pub mod step;
mod totp;

use crate::routes::{Access, Routes};

/// What a code field says when the code is not one the app shows now.
const CODE_NOW: &str = "Enter the 6-digit code your authenticator app shows now";

/// The enrolment page (and, once enrolled, two-factor's status).
pub const ENROL_PATH: &str = "/admin/account/two-factor";

/// The routes of two-factor, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get(ENROL_PATH, Access::SignedIn, enrol::enrolment_form)
        .post(ENROL_PATH, Access::SignedIn, enrol::enrol)
        .post(
            "/admin/account/two-factor/disable",
            Access::SignedIn,
            disable::disable,
        )
        // The second step is reached half signed in, which no guard
        // accepts: its handlers check that state themselves.
        .get(step::PATH, Access::Public, step::step_form)
        .post(step::PATH, Access::Public, step::complete)
}
