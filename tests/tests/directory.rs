//! The public provider directory: `/{t}/support` and `/{t}/support/{slug}`.
//! Only published providers, the filters, phone links, a confidential
//! address that never leaves the server, sanitised Markdown, escaping,
//! JSON-LD, cross-county isolation, and the safety chrome.

use axum::http::StatusCode;
use domain::provider::{RawProvider, london};
use domain::{County, CountyStatus, Role};
use integration_tests::logs::LogCapture;
use integration_tests::{TestApp, TestResponse, attr, both_backends, enclosing_tag, published};
use persistence::repo::{counties, providers};

/// The safety chrome and structure every public page has.
fn assert_public_page(res: &TestResponse, what: &str) {
    let body = &res.body;
    assert!(
        res.header("content-type")
            .is_some_and(|v| v.starts_with("text/html")),
        "{what}: HTML"
    );
    let at = body
        .find("id=\"exit-this-page\"")
        .unwrap_or_else(|| panic!("{what}: has id=\"exit-this-page\""));
    let exit = enclosing_tag(body, at);
    assert!(exit.starts_with("<a "), "{what}: exit is a link: {exit}");
    assert!(
        attr(exit, "href").is_some_and(|h| h.starts_with("https://")),
        "{what}: {exit}"
    );
    assert!(body.contains("href=\"tel:999\""), "{what}: links 999");
    assert!(body.contains(">999<"), "{what}: shows 999");
    assert_eq!(body.matches("<h1").count(), 1, "{what}: exactly one h1");
    assert!(!res.sets_cookie(), "{what}: sets no cookie");
    // Scripts are files, or JSON-LD data blocks (which browsers do not run).
    for (at, _) in body.match_indices("<script") {
        let tag = enclosing_tag(body, at + 1);
        assert!(
            attr(tag, "src").is_some() || attr(tag, "type") == Some("application/ld+json"),
            "{what}: inline script: {tag}"
        );
    }
}

/// The JSON-LD block of a page, parsed.
fn json_ld(body: &str) -> serde_json::Value {
    let open = "<script type=\"application/ld+json\">";
    let start = body.find(open).expect("a JSON-LD block") + open.len();
    let end = body[start..].find("</script>").expect("the block closes");
    serde_json::from_str(&body[start..start + end])
        .unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}: {}", &body[start..start + end]))
}

/// The names of the providers listed on a directory page, in order.
fn listed(body: &str) -> Vec<String> {
    let marker = "<h3 class=\"provider-list__name\"><a href=\"";
    body.match_indices(marker)
        .map(|(at, _)| {
            let rest = &body[at + marker.len()..];
            let text = &rest[rest.find('>').unwrap() + 1..];
            text[..text.find("</a>").unwrap()].to_owned()
        })
        .collect()
}

/// Three providers with different ages, categories and words.
async fn three_providers(app: &TestApp, county: &County) {
    app.add_provider(
        county,
        RawProvider {
            summary: "Counselling for adults".into(),
            min_age: "18".into(),
            categories: "counselling".into(),
            ..published("Adult Haven")
        },
    )
    .await;
    app.add_provider(
        county,
        RawProvider {
            summary: "A free helpline".into(),
            description: "Talk about anything, including *bullying*.".into(),
            max_age: "19".into(),
            categories: "helpline".into(),
            ..published("Youth Line")
        },
    )
    .await;
    app.add_provider(
        county,
        RawProvider {
            summary: "Advice for everyone".into(),
            categories: "online-safety,lgbt".into(),
            ..published("Open Door")
        },
    )
    .await;
}

both_backends! {
    async fn the_directory_lists_only_published_providers(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, published("Published One")).await;
        app.add_provider(&county, RawProvider { status: "draft".into(), ..published("Draft Two") }).await;
        app.add_provider(&county, RawProvider { status: "archived".into(), ..published("Archived Three") }).await;

        let res = app.client().get("/derbyshire/support").await;

        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(listed(&res.body), ["Published One"]);
        assert!(!res.body.contains("Draft Two"));
        assert!(!res.body.contains("Archived Three"));
        assert!(res.body.contains("1 service"), "shows the count");
        assert!(res.body.contains("href=\"/derbyshire/support/published-one\""));
    }

    async fn draft_and_archived_provider_pages_are_404(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, RawProvider { status: "draft".into(), ..published("Draft Two") }).await;
        app.add_provider(&county, RawProvider { status: "archived".into(), ..published("Archived Three") }).await;

        for path in [
            "/derbyshire/support/draft-two",
            "/derbyshire/support/archived-three",
            "/derbyshire/support/no-such-provider",
        ] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
            assert!(res.body.contains("Page not found"), "{path}");
            assert!(!res.body.contains("Draft Two") && !res.body.contains("Archived Three"));
            assert!(!res.sets_cookie(), "{path}");
        }
    }

    async fn another_countys_provider_is_404_under_your_county(app: TestApp) {
        app.with_county("derbyshire").await;
        let notts = app.with_county("nottinghamshire").await;
        app.add_provider(&notts, published("Notts Only")).await;

        let res = app.client().get("/derbyshire/support/notts-only").await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert!(!res.body.contains("Notts Only"));

        let list = app.client().get("/derbyshire/support").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(!list.body.contains("Notts Only"), "not in the other county's list");

        let own = app.client().get("/nottinghamshire/support/notts-only").await;
        assert_eq!(own.status, StatusCode::OK, "it is there in its own county");
    }

    async fn a_suspended_or_unknown_county_has_no_directory(app: TestApp) {
        let rutland = app.with_county("rutland").await;
        app.add_provider(&rutland, published("Rutland Help")).await;
        counties::set_status(&app.db, rutland.id, CountyStatus::Suspended).await.unwrap();

        for path in [
            "/rutland/support",
            "/rutland/support/rutland-help",
            "/nowhere/support",
            "/nowhere/support/rutland-help",
        ] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
            assert!(!res.body.contains("Rutland Help"), "{path}");
        }
    }

    async fn the_category_filter_shows_only_that_category(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        three_providers(&app, &county).await;

        let res = app.client().get("/derbyshire/support?category=lgbt").await;

        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(listed(&res.body), ["Open Door"]);
        assert!(res.body.contains("<option value=\"lgbt\" selected>"), "the choice is kept");
        assert!(res.body.contains("href=\"/derbyshire/support\""), "a way to clear filters");
    }

    async fn the_age_filter_shows_providers_whose_range_covers_it(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        three_providers(&app, &county).await;
        let mut client = app.client();

        let young = client.get("/derbyshire/support?age=15").await;
        assert_eq!(listed(&young.body), ["Open Door", "Youth Line"]);

        let adult = client.get("/derbyshire/support?age=30").await;
        assert_eq!(listed(&adult.body), ["Adult Haven", "Open Door"]);

        let edge = client.get("/derbyshire/support?age=19").await;
        assert_eq!(listed(&edge.body), ["Adult Haven", "Open Door", "Youth Line"]);
    }

    async fn an_age_that_is_not_a_number_is_ignored_with_a_polite_message(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        three_providers(&app, &county).await;

        let res = app.client().get("/derbyshire/support?age=fifteen").await;

        assert_eq!(res.status, StatusCode::OK, "not an error");
        assert_eq!(listed(&res.body), ["Adult Haven", "Open Door", "Youth Line"]);
        assert!(res.body.contains("We could not use that age"), "{}", res.body);
        assert!(res.body.contains("value=\"fifteen\""), "shown again as typed");
    }

    async fn the_text_search_looks_in_names_summaries_descriptions_and_categories(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        three_providers(&app, &county).await;
        let mut client = app.client();

        for (q, expected) in [
            ("youth", vec!["Youth Line"]),
            ("ADULT", vec!["Adult Haven"]),
            ("free+helpline", vec!["Youth Line"]),
            ("bullying", vec!["Youth Line"]),
            ("Online+safety", vec!["Open Door"]),
            ("online-safety", vec!["Open Door"]),
            ("lgbt", vec!["Open Door"]),
            ("counselling", vec!["Adult Haven"]),
            ("nothing+like+this", vec![]),
        ] {
            let res = client.get(&format!("/derbyshire/support?q={q}")).await;

            assert_eq!(res.status, StatusCode::OK, "{q}");
            assert_eq!(listed(&res.body), expected, "{q}");
        }
    }

    async fn filters_combine(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        three_providers(&app, &county).await;

        let res = app
            .client()
            .get("/derbyshire/support?q=advice&age=15&category=online-safety&open_now=")
            .await;

        assert_eq!(listed(&res.body), ["Open Door"]);
    }

    async fn open_now_shows_only_providers_open_at_this_moment(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, RawProvider { opening_hours: "24/7".into(), ..published("Always Open") }).await;
        app.add_provider(&county, RawProvider { opening_hours: "off".into(), ..published("Never Open") }).await;
        app.add_provider(&county, published("No Hours Given")).await;
        let mut client = app.client();

        let all = client.get("/derbyshire/support").await;
        assert_eq!(listed(&all.body), ["Always Open", "Never Open", "No Hours Given"]);
        assert!(all.body.contains(">Open now<"), "{}", all.body);
        assert!(all.body.contains(">Closed<"), "{}", all.body);

        let open = client.get("/derbyshire/support?open_now=1").await;
        assert_eq!(open.status, StatusCode::OK);
        assert_eq!(listed(&open.body), ["Always Open"]);
        assert!(open.body.contains("name=\"open_now\" value=\"1\" checked"), "the box stays ticked");
    }

    async fn no_results_says_so_and_offers_to_clear_the_filters(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        three_providers(&app, &county).await;

        let res = app.client().get("/derbyshire/support?q=zzzz").await;

        assert_eq!(res.status, StatusCode::OK);
        assert!(listed(&res.body).is_empty());
        assert!(res.body.contains("0 services"), "{}", res.body);
        assert!(res.body.contains("No services match your search"));
        assert!(res.body.contains("<a href=\"/derbyshire/support\">Clear filters"));
    }

    async fn phone_numbers_are_tel_links_with_the_number_normalised(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(
            &county,
            RawProvider {
                phone: "Helpline: 01332 362 120\n+44 (0)1332 362121\n0800-1111".into(),
                ..published("Safe and Sound")
            },
        )
        .await;

        for path in ["/derbyshire/support", "/derbyshire/support/safe-and-sound"] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, StatusCode::OK, "{path}");
            assert!(res.body.contains("Helpline: <a href=\"tel:01332362120\">01332 362 120</a>"), "{path}: {}", res.body);
            assert!(res.body.contains("<a href=\"tel:+441332362121\">+44 (0)1332 362121</a>"), "{path}");
            assert!(res.body.contains("<a href=\"tel:08001111\">0800-1111</a>"), "{path}");
        }
    }

    async fn a_confidential_address_is_never_in_a_public_response(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(
            &county,
            RawProvider {
                address: "14 Hidden Lane, Matlock DE4 3XX".into(),
                address_confidential: true,
                area: "Matlock and the Derbyshire Dales".into(),
                summary: "A safe place to stay".into(),
                ..published("Quiet Refuge")
            },
        )
        .await;
        let mut client = app.client();

        for path in [
            "/derbyshire/support",
            "/derbyshire/support?q=refuge",
            "/derbyshire/support?q=hidden",
            "/derbyshire/support/quiet-refuge",
        ] {
            let res = client.get(path).await;

            assert_eq!(res.status, StatusCode::OK, "{path}");
            for part in ["Hidden Lane", "DE4 3XX", "14 Hidden"] {
                assert!(!res.body.contains(part), "{path} reveals {part}");
            }
        }
        let page = client.get("/derbyshire/support/quiet-refuge").await;
        assert!(page.body.contains("Matlock and the Derbyshire Dales"), "the area is shown");
        assert!(page.body.contains("Address kept confidential for safety"));
        let ld = json_ld(&page.body).to_string();
        assert!(!ld.contains("Hidden Lane"), "{ld}");
        assert!(ld.contains("Matlock and the Derbyshire Dales"), "{ld}");
        let search = client.get("/derbyshire/support?q=hidden").await;
        assert!(listed(&search.body).is_empty(), "the address is not searchable either");
    }

    async fn an_ordinary_address_is_shown(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(
            &county,
            RawProvider { address: "1 Market Place, Derby".into(), ..published("Drop In") },
        )
        .await;

        let res = app.client().get("/derbyshire/support/drop-in").await;

        assert!(res.body.contains("1 Market Place, Derby"));
        assert!(!res.body.contains("kept confidential"));
        assert_eq!(json_ld(&res.body)["address"], "1 Market Place, Derby");
    }

    async fn markdown_in_the_description_is_sanitised(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(
            &county,
            RawProvider {
                description: "We **listen**.\n\n\
                    [Click me](javascript:alert(1))\n\n\
                    <img src=x onerror=alert(2)>\n\n\
                    <script>alert(3)</script>\n\n\
                    <p style=\"display:none\" onclick=\"alert(4)\">Styled</p>\n\n\
                    Call [0800 1111](tel:08001111) or [write](mailto:help@example.org)."
                    .into(),
                ..published("Markdown Test")
            },
        )
        .await;

        let res = app.client().get("/derbyshire/support/markdown-test").await;

        assert_eq!(res.status, StatusCode::OK);
        let body = &res.body;
        assert!(body.contains("<strong>listen</strong>"), "Markdown is rendered");
        assert!(!body.contains("javascript:"), "no javascript: link");
        assert!(!body.contains("<img"), "no image");
        assert!(!body.contains("onerror"), "no handler");
        assert!(!body.contains("alert(3)"), "no script");
        assert!(!body.contains("onclick"), "no handler");
        assert!(!body.contains("style="), "no style attribute");
        assert!(body.contains("href=\"tel:08001111\""), "tel: links are kept");
        assert!(body.contains("href=\"mailto:help@example.org\""), "mailto: links are kept");
        assert!(body.contains("rel=\"nofollow noreferrer noopener\""));
        assert_public_page(&res, "markdown page");
    }

    async fn markup_in_every_text_field_is_escaped(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&";
        app.add_provider(
            &county,
            RawProvider {
                name: format!("Name {evil}"),
                slug: "evil".into(),
                summary: format!("Summary {evil}"),
                phone: "Help <b>line</b> <script>x</script>: 0800 1111".into(),
                address: format!("Address {evil}"),
                area: format!("Area {evil}"),
                eligibility: format!("Eligibility {evil}"),
                hours_note: format!("Note {evil}"),
                opening_hours: "Mo-Fr 09:00-17:00".into(),
                ..published("ignored")
            },
        )
        .await;
        let mut client = app.client();

        for path in ["/derbyshire/support", "/derbyshire/support/evil"] {
            let res = client.get(path).await;

            assert_eq!(res.status, StatusCode::OK, "{path}");
            let body = &res.body;
            assert!(!body.contains("<script>alert"), "{path}");
            assert!(!body.contains("<script>x"), "{path}");
            assert!(!body.contains("<img"), "{path}");
            assert!(!body.contains("<b>line"), "{path}");
            assert!(body.contains("&lt;script&gt;alert(1)") || body.contains("&#60;script&#62;alert(1)"), "{path}: shown, escaped");
            // Every <script> that opens is one of ours, and closes once.
            assert_eq!(body.matches("<script").count(), body.matches("</script>").count(), "{path}");
            assert_public_page(&res, path);
        }
        let page = client.get("/derbyshire/support/evil").await;
        let ld = json_ld(&page.body);
        assert_eq!(ld["name"], format!("Name {evil}"), "the JSON-LD holds the same text, escaped");
    }

    async fn the_provider_page_shows_every_public_field(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        let sail = app.add_provider(
            &county,
            RawProvider {
                summary: "Support for adult survivors".into(),
                description: "## Our service\n\nWe offer *counselling*.".into(),
                phone: "Helpline: 0800 037 0011".into(),
                email: "info@example.org".into(),
                website: "https://www.example.org/sail".into(),
                address: "Chesterfield".into(),
                area: "Chesterfield and across the county".into(),
                min_age: "18".into(),
                eligibility: "Anyone affected by sexual violence.".into(),
                self_referral: true,
                professional_referral: true,
                categories: "counselling,isva".into(),
                opening_hours: "Tu 10:00-14:00; We 16:00-20:00; Th 10:00-16:00".into(),
                hours_note: "Closed on bank holidays".into(),
                ..published("SAIL")
            },
        )
        .await;
        let reviewed = london(2026, 3, 4, 0, 30).unwrap();
        providers::mark_reviewed(&app.db, county.id, sail.id, sail.version, reviewed, None)
            .await
            .unwrap();

        let res = app.client().get("/derbyshire/support/sail").await;

        assert_eq!(res.status, StatusCode::OK);
        let body = &res.body;
        assert_public_page(&res, "provider page");
        for expected in [
            "<h1>SAIL</h1>",
            "Support for adult survivors",
            "<em>counselling</em>",
            "href=\"tel:08000370011\"",
            "href=\"mailto:info@example.org\"",
            "<a href=\"https://www.example.org/sail\" rel=\"nofollow noreferrer\">",
            "Chesterfield and across the county",
            "Ages 18 and over",
            "Anyone affected by sexual violence.",
            "self-referral",
            "professional referral",
            "Counselling and therapy",
            "Independent sexual violence advisers",
            "href=\"/derbyshire/support?category=isva\"",
            "<caption>",
            "<th scope=\"row\">Monday</th>",
            "<th scope=\"row\">Sunday</th>",
            "10:00 to 14:00",
            "16:00 to 20:00",
            "Closed on bank holidays",
            "Details last checked: <time datetime=\"2026-03-04\">4 March 2026</time>",
            "<title>SAIL – Find support – Derbyshire</title>",
        ] {
            assert!(body.contains(expected), "missing {expected:?}:\n{body}");
        }
        let monday = body.find("Monday").unwrap();
        let sunday = body.find("Sunday").unwrap();
        assert!(monday < sunday, "Monday to Sunday");
        assert!(
            body.contains("Open now") || body.contains("Closed: opens"),
            "the open-now status"
        );
    }

    async fn the_provider_page_has_parseable_schema_org_json_ld(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(
            &county,
            RawProvider {
                phone: "Helpline: 0800 037 0011\nOffice: 01246 000 000".into(),
                email: "info@example.org".into(),
                website: "https://www.example.org/".into(),
                opening_hours: "Tu 10:00-14:00; We 16:00-20:00; Th 10:00-14:00".into(),
                ..published("SAIL")
            },
        )
        .await;

        let res = app.client().get("/derbyshire/support/sail").await;

        let ld = json_ld(&res.body);
        assert_eq!(ld["@context"], "https://schema.org");
        assert_eq!(ld["@type"], "Organization");
        assert_eq!(ld["name"], "SAIL");
        assert_eq!(ld["url"], "https://www.example.org/");
        assert_eq!(ld["email"], "info@example.org");
        assert_eq!(ld["telephone"], "08000370011");
        let points = ld["contactPoint"].as_array().expect("contact points");
        assert_eq!(points[0]["@type"], "ContactPoint");
        assert_eq!(points[0]["telephone"], "08000370011");
        assert_eq!(points[0]["contactType"], "Helpline");
        assert_eq!(points[1]["telephone"], "01246000000");
        let hours = ld["openingHoursSpecification"].as_array().expect("hours");
        assert_eq!(hours.len(), 2, "{hours:?}");
        assert_eq!(hours[0]["@type"], "OpeningHoursSpecification");
        assert_eq!(
            hours[0]["dayOfWeek"],
            serde_json::json!(["https://schema.org/Tuesday", "https://schema.org/Thursday"])
        );
        assert_eq!(hours[0]["opens"], "10:00");
        assert_eq!(hours[0]["closes"], "14:00");
        assert_eq!(hours[1]["dayOfWeek"], serde_json::json!(["https://schema.org/Wednesday"]));
        assert_eq!(points[0]["hoursAvailable"], ld["openingHoursSpecification"]);
    }

    async fn directory_pages_set_no_cookie_even_for_a_signed_in_visitor(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, published("Youth Line")).await;
        app.create_member(&county, "jo@example.org", Role::Editor).await;
        let mut signed_in = app.signed_in("jo@example.org").await;

        for path in [
            "/derbyshire/support",
            "/derbyshire/support?q=youth&age=12&open_now=1&category=cse",
            "/derbyshire/support/youth-line",
            "/derbyshire/support/missing",
        ] {
            let anonymous = app.client().get(path).await;
            assert!(!anonymous.sets_cookie(), "{path}: {:?}", anonymous.header("set-cookie"));
            let member = signed_in.get(path).await;
            assert!(!member.sets_cookie(), "{path} (signed in)");
        }
    }

    async fn directory_pages_have_the_safety_chrome_and_one_h1(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, published("Youth Line")).await;
        let mut client = app.client();

        for path in [
            "/derbyshire/support",
            "/derbyshire/support?q=nothing-matches",
            "/derbyshire/support?age=abc",
            "/derbyshire/support/youth-line",
        ] {
            let res = client.get(path).await;

            assert_eq!(res.status, StatusCode::OK, "{path}");
            assert_public_page(&res, path);
        }
        let missing = client.get("/derbyshire/support/missing").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_public_page(&missing, "404");
    }

    async fn the_filter_form_is_a_labelled_get_form(app: TestApp) {
        app.with_county("derbyshire").await;

        let res = app.client().get("/derbyshire/support").await;

        let body = &res.body;
        assert!(body.contains("<form method=\"get\" action=\"/derbyshire/support\""), "{body}");
        for id in ["q", "category", "age", "open_now"] {
            assert!(body.contains(&format!("for=\"{id}\"")), "label for {id}");
            assert!(body.contains(&format!("id=\"{id}\" name=\"{id}\"")), "field {id}");
        }
        assert!(body.contains("<option value=\"cse\">"), "the county's categories");
        assert!(body.contains("<title>Find support – Derbyshire</title>"), "{body}");
    }

    async fn the_county_home_and_header_link_to_the_directory(app: TestApp) {
        app.with_county("derbyshire").await;

        let home = app.client().get("/derbyshire/").await;
        assert!(home.body.contains("href=\"/derbyshire/support\""));
        assert!(home.body.contains("Find support"));

        let directory = app.client().get("/derbyshire/support").await;
        assert!(
            directory.body.contains("<a href=\"/derbyshire/support\" aria-current=\"page\">Find support</a>"),
            "{}",
            directory.body
        );
    }
}

/// Visitors' search terms never reach the log, even at TRACE. The request
/// is driven by the test's own thread (`oneshot` is not spawned), so a
/// thread-local subscriber sees every event of it; the runtime's workers
/// stay free for the database pool, which `TestApp`'s drop needs.
async fn search_terms_are_not_logged(backend: integration_tests::Backend) {
    let app = TestApp::spawn(backend).await;
    let county = app.with_county("derbyshire").await;
    app.add_provider(&county, published("Youth Line")).await;
    // A first request registers the log call sites before the subscriber
    // arrives, so none is registered while it is being installed.
    app.client().get("/derbyshire/support").await;
    let capture = LogCapture::start().await;

    let res = app
        .client()
        .get("/derbyshire/support?q=secretword&age=13&category=lgbt")
        .await;

    let log = capture.finish();
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        log.contains("/derbyshire/support"),
        "the request was logged: {log}"
    );
    assert!(
        !log.contains("secretword"),
        "the search term is in the log:\n{log}"
    );
    assert!(!log.contains("age=13"), "the query is in the log");
}

mod search_terms_are_not_logged {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::search_terms_are_not_logged(integration_tests::Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::search_terms_are_not_logged(integration_tests::Backend::Postgres).await;
    }
}
