//! The demo county reproduces the seed page's organisations.

use integration_tests::{both_backends, visible_text};

/// A copy of `shared/seed/000_dee2a02af50b1ea0.txt`, the page the demo reproduces.
const SEED: &str = include_str!("../fixtures/seed_000_dee2a02af50b1ea0.txt");

/// The seed's sentences: each line split after a full stop, bullets and
/// white space normalised.
fn seed_sentences() -> Vec<String> {
    let mut out = Vec::new();
    for line in SEED.lines() {
        let line = line.replace('\u{a0}', " ");
        let line = line.trim().trim_start_matches('\u{2022}').trim();
        if line.is_empty() {
            continue;
        }
        for sentence in line.split(". ") {
            let sentence = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
            let sentence = sentence.trim_end_matches('.').to_owned();
            if !sentence.is_empty() {
                out.push(sentence);
            }
        }
    }
    out
}

both_backends! {
    async fn the_demo_loads_every_seed_organisation_once(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        server::demo::load(&app.db).await.unwrap();

        assert_eq!(app.count("SELECT COUNT(*) FROM tenants").await, 1);
        // Sorted here: the database's collation may differ between machines.
        let mut names = app
            .query_strings("SELECT name FROM providers WHERE status = 'published'")
            .await;
        names.sort();
        assert_eq!(
            names,
            [
                "Barnardo\u{2019}s",
                "CEOP",
                "ChildLine",
                "Derbyshire LGBT+",
                "NSPCC",
                "SAIL Derbyshire",
                "SV2",
                "Safe and Sound",
            ]
        );
    }

    async fn the_demo_gives_the_facts_of_the_seed(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();

        let sail = app
            .query_strings("SELECT opening_hours FROM providers WHERE slug = 'sail-derbyshire'")
            .await;
        assert_eq!(sail, ["Tu 10:00-14:00; We 16:00-20:00; Th 10:00-16:00"]);
        let safe_and_sound = app
            .query_strings("SELECT phones FROM providers WHERE slug = 'safe-and-sound'")
            .await;
        assert!(safe_and_sound[0].contains("01332 362 120"), "{safe_and_sound:?}");
        let childline = app
            .query_strings("SELECT CAST(max_age AS TEXT) FROM providers WHERE slug = 'childline'")
            .await;
        assert_eq!(childline, ["19"]);
        let sail_min = app
            .query_strings("SELECT CAST(min_age AS TEXT) FROM providers WHERE slug = 'sail-derbyshire'")
            .await;
        assert_eq!(sail_min, ["18"]);
    }

    async fn the_demo_home_shows_the_seed_sections_and_the_directory_lists_everyone(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        let mut visitor = app.client();

        let home = visitor.get("/derbyshire/").await;
        let directory = visitor.get("/derbyshire/support").await;

        assert_eq!(home.status, axum::http::StatusCode::OK);
        for heading in ["What is it?", "What are the signs?", "Independent Sexual Violence Advisors", "How to report it?"] {
            assert!(home.body.contains(heading), "{heading}");
        }
        assert!(visible_text(&home.body).contains("contact police on the non-emergency number 101"));
        assert!(home.body.contains("href=\"tel:101\""));
        assert!(home.body.contains("href=\"/derbyshire/support\""));
        for name in ["Safe and Sound", "NSPCC", "ChildLine", "CEOP", "SV2", "Derbyshire LGBT+", "SAIL Derbyshire", "Barnardo"] {
            assert!(directory.body.contains(name), "{name} in the directory");
        }
        assert!(directory.body.contains("href=\"tel:01332362120\""));
    }

    async fn the_demo_home_is_a_cms_page_with_every_sentence_of_the_seed(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        let home = app.client().get("/derbyshire/").await;
        assert_eq!(home.status, axum::http::StatusCode::OK);
        let text = visible_text(&home.body);
        let sentences = seed_sentences();
        assert!(sentences.len() > 40, "{sentences:?}");
        let missing: Vec<&String> = sentences.iter().filter(|s| !text.contains(s.as_str())).collect();
        assert!(missing.is_empty(), "missing from the home page: {missing:#?}");
        // In the seed's order: each section heading after the one before.
        let mut at = 0;
        for heading in [
            "What is it?", "What are the signs?", "Independent Sexual Violence Advisors (ISVA's)",
            "How to report it?", "Commissioned Provider", "Safe and Sound", "01332 362 120",
            "The NSPCC is designed", "ChildLine is a private", "CEOP (Child Exploitation",
            "SV2 (Supporting", "Derbyshire LGBT+", "SAIL Derbyshire", "Barnardo\u{2019}s is the largest",
        ] {
            let found = text[at..].find(heading).unwrap_or_else(|| panic!("{heading} after position {at}"));
            at += found + heading.len();
        }
        // Built from CMS content: the page, the note and the providers.
        assert_eq!(app.count("SELECT COUNT(*) FROM pages WHERE slug = 'home' AND published_revision IS NOT NULL").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM commissioning_notes").await, 1);
    }

    async fn a_new_number_shows_on_the_demo_home_at_once(app: TestApp) {
        use persistence::repo::{providers, counties};
        server::demo::load(&app.db).await.unwrap();
        let mut visitor = app.client();
        let before = visitor.get("/derbyshire/").await;
        assert!(before.body.contains("href=\"tel:08088005000\""));
        let derbyshire = counties::find_by_slug(&app.db, "derbyshire").await.unwrap().unwrap();
        let nspcc = providers::find_by_slug(&app.db, derbyshire.id, "nspcc").await.unwrap().unwrap();
        let mut fields = nspcc.fields.clone();
        fields.phones = domain::provider::parse_phones("Helpline: 0808 800 5001").unwrap();
        providers::update(&app.db, derbyshire.id, nspcc.id, nspcc.version, &fields, None).await.unwrap();
        let after = visitor.get("/derbyshire/").await;
        assert!(after.body.contains("href=\"tel:08088005001\""));
        assert!(!after.body.contains("08088005000"));
    }
}

both_backends! {
    async fn the_demo_county_has_a_dark_brand_colour_in_its_stylesheet(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();

        let colour = app.query_strings("SELECT brand_colour FROM tenants WHERE slug = 'derbyshire'").await;
        assert_eq!(colour, [server::demo::DEMO_BRAND_COLOUR]);
        let parsed = domain::Colour::parse(server::demo::DEMO_BRAND_COLOUR).unwrap();
        assert!(parsed.contrast_with(domain::Colour::WHITE) >= 4.5);
        let css = app.client().get("/assets/county/derbyshire.css").await;
        assert!(css.body.contains(&format!("--brand: {};", server::demo::DEMO_BRAND_COLOUR)), "{}", css.body);
    }
}
