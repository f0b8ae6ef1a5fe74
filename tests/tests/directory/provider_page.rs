//! A provider's page: phone links, a confidential address that never
//! leaves the server, sanitised Markdown, escaping, every public field
//! and JSON-LD.

use super::*;

both_backends! {
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
}
