//! A user's own account: their signed-in sessions as the account page lists
//! them, and the family of the browser each one was signed in from.

use uuid::Uuid;

/// One signed-in session of a user, as the account page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserSession {
    /// The session's public id: random, never the cookie's value.
    pub public_id: Uuid,
    /// Unix seconds.
    pub signed_in_at: i64,
    /// Unix seconds.
    pub last_seen_at: i64,
    /// "Firefox on Windows"; `None` when not known.
    pub ua_family: Option<String>,
}

/// The longest family [`ua_family`] returns, in characters.
pub const MAX_UA_FAMILY_CHARS: usize = 64;

/// The browser and system a `User-Agent` header names, as "Firefox on
/// Windows", or `None` when neither is recognised. Deliberately small and
/// conservative: a handful of browsers and systems by the tokens their
/// vendors document, checked in the order that tells them apart (Edge and
/// Opera also say "Chrome", Chrome also says "Safari", Android also says
/// "Linux"). Anything else is "Another browser" or "another system": the
/// list helps a person recognise their own devices, it is not analytics.
#[must_use]
pub fn ua_family(user_agent: &str) -> Option<String> {
    let has = |token: &str| user_agent.contains(token);
    let browser = if has("Edg/") || has("EdgA/") || has("EdgiOS/") {
        Some("Edge")
    } else if has("OPR/") || has("OPiOS/") {
        Some("Opera")
    } else if has("SamsungBrowser/") {
        Some("Samsung Internet")
    } else if has("Firefox/") || has("FxiOS/") {
        Some("Firefox")
    } else if has("Chrome/") || has("Chromium/") || has("CriOS/") {
        Some("Chrome")
    } else if has("Safari/") && has("Version/") {
        Some("Safari")
    } else {
        None
    };
    let system = if has("iPhone") {
        Some("iPhone")
    } else if has("iPad") {
        Some("iPad")
    } else if has("Android") {
        Some("Android")
    } else if has("CrOS") {
        Some("ChromeOS")
    } else if has("Windows") {
        Some("Windows")
    } else if has("Macintosh") || has("Mac OS X") {
        Some("macOS")
    } else if has("Linux") || has("X11") {
        Some("Linux")
    } else {
        None
    };
    match (browser, system) {
        (None, None) => None,
        (b, s) => Some(format!(
            "{} on {}",
            b.unwrap_or("Another browser"),
            s.unwrap_or("another system")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::ua_family;

    #[test]
    fn names_the_common_browsers_and_systems() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
                "Firefox on Windows",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                "Edge on Windows",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like \
                 Gecko) Version/18.1 Safari/605.1.15",
                "Safari on macOS",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, \
                 like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
                "Safari on iPhone",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/131.0.0.0 Mobile Safari/537.36",
                "Chrome on Android",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0",
                "Opera on Linux",
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like \
                 Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1",
                "Chrome on iPad",
            ),
        ];
        for (header, family) in cases {
            assert_eq!(ua_family(header).as_deref(), Some(family), "{header}");
        }
    }

    #[test]
    fn says_nothing_it_cannot_tell() {
        assert_eq!(ua_family(""), None);
        assert_eq!(ua_family("curl/8.5.0"), None);
        assert_eq!(
            ua_family("SomeBot/1.0 (Windows)").as_deref(),
            Some("Another browser on Windows")
        );
    }
}
