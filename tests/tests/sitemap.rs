//! What search engines are told: `/{t}/sitemap.xml` (the county's home,
//! directory, published providers and pages, with `lastmod`) and
//! `/robots.txt`. The sitemap is parsed as XML and held to the rules of the
//! sitemaps.org schema; drafts and other counties never appear in it. A
//! county may ask not to be indexed (the `noindex` setting): its pages
//! then say so in a meta tag and a header, and robots.txt leaves it out.

use axum::http::StatusCode;
use domain::CountyStatus;
use integration_tests::{NewPage, NewProvider, TestResponse, both_backends};
use persistence::repo::{counties, providers};

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const BASE: &str = "http://localhost:3000";

/// One `<url>` as read from a sitemap.
#[derive(Debug)]
struct Url {
    loc: String,
    lastmod: Option<String>,
}

/// The `<url>`s of a sitemap, after checking it against the rules of the
/// sitemaps.org schema (sitemap.xsd): the `urlset` root in its namespace,
/// each `url` with exactly one `loc` (an absolute URL of at most 2,048
/// characters) and at most one each of `lastmod` (a W3C date-time),
/// `changefreq` and `priority`, nothing else, at most 50,000 of them.
fn parse_sitemap(res: &TestResponse) -> Vec<Url> {
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        res.header("content-type")
            .is_some_and(|v| v.starts_with("application/xml")),
        "served as XML"
    );
    let doc = roxmltree::Document::parse(&res.body).expect("the sitemap is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(root.tag_name().namespace(), Some(SITEMAP_NS));
    let urls: Vec<Url> = root
        .children()
        .filter(roxmltree::Node::is_element)
        .map(|url| {
            assert_eq!(url.tag_name().name(), "url", "only <url> in <urlset>");
            assert_eq!(url.tag_name().namespace(), Some(SITEMAP_NS));
            let children: Vec<_> = url.children().filter(roxmltree::Node::is_element).collect();
            for child in &children {
                let name = child.tag_name().name();
                assert!(
                    ["loc", "lastmod", "changefreq", "priority"].contains(&name),
                    "<{name}> is not in the schema"
                );
                let count = children
                    .iter()
                    .filter(|c| c.tag_name().name() == name)
                    .count();
                assert_eq!(count, 1, "one <{name}> per <url>");
            }
            let text = |name: &str| {
                children
                    .iter()
                    .find(|c| c.tag_name().name() == name)
                    .map(|c| c.text().unwrap_or_default().to_owned())
            };
            let loc = text("loc").expect("every <url> has a <loc>");
            assert!(loc.len() <= 2048, "a <loc> is at most 2,048 characters");
            let parsed = url::Url::parse(&loc).expect("a <loc> is an absolute URL");
            assert!(["http", "https"].contains(&parsed.scheme()));
            let lastmod = text("lastmod");
            if let Some(at) = &lastmod {
                time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
                    .unwrap_or_else(|_| panic!("{at} is a W3C date-time"));
            }
            Url { loc, lastmod }
        })
        .collect();
    assert!(urls.len() <= 50_000);
    urls
}

both_backends! {
    async fn a_county_sitemap_lists_its_public_addresses_and_nothing_else(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let rutland = app.with_county("rutland").await;
        let listed = app.add_provider(&derbyshire, "Safe and Sound").await;
        app.add_provider(&derbyshire, NewProvider::named("Not Ready Yet").status("draft")).await;
        app.add_provider(&derbyshire, NewProvider::named("Closed Down").status("archived")).await;
        app.add_provider(&rutland, "Rutland Help").await;
        let about = app.add_published_page(&derbyshire, NewPage::new("about", "Page about")).await;
        app.add_page(&derbyshire, NewPage::new("unfinished", "Page unfinished")).await;
        app.add_published_page(&rutland, NewPage::new("rutland-only", "Page rutland-only")).await;

        let res = app.client().get("/derbyshire/sitemap.xml").await;
        assert!(!res.sets_cookie());
        let urls = parse_sitemap(&res);
        let locs: Vec<&str> = urls.iter().map(|u| u.loc.as_str()).collect();
        assert_eq!(
            locs,
            [
                format!("{BASE}/derbyshire/"),
                format!("{BASE}/derbyshire/support"),
                format!("{BASE}/derbyshire/support/safe-and-sound"),
                format!("{BASE}/derbyshire/about"),
            ]
        );
        let lastmod = |loc: &str| {
            urls.iter()
                .find(|u| u.loc.ends_with(loc))
                .and_then(|u| u.lastmod.clone())
        };
        let rfc3339 = |at: time::OffsetDateTime| {
            at.format(&time::format_description::well_known::Rfc3339)
                .unwrap()
        };
        assert_eq!(
            lastmod("/support/safe-and-sound"),
            Some(rfc3339(listed.updated_at))
        );
        assert_eq!(lastmod("/support"), Some(rfc3339(listed.updated_at)));
        let about_published = about.published.as_ref().unwrap().created_at;
        assert_eq!(lastmod("/about"), Some(rfc3339(about_published)));
        // No page `home`: the built-in home has no date to give.
        assert_eq!(lastmod("/derbyshire/"), None);

        // Every address in it answers.
        for loc in &locs {
            let path = loc.strip_prefix(BASE).unwrap();
            assert_eq!(app.client().get(path).await.status, StatusCode::OK, "{path}");
        }
    }

    async fn a_provider_published_later_joins_the_sitemap_at_once(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let draft = app.add_provider(&derbyshire, NewProvider::named("Coming Soon").status("draft")).await;
        let before = app.client().get("/derbyshire/sitemap.xml").await;
        assert!(!before.body.contains("coming-soon"));

        let mut fields = draft.fields.clone();
        fields.status = domain::ProviderStatus::Published;
        providers::update(&app.db, derbyshire.id, draft.id, draft.version, &fields, None)
            .await
            .unwrap();
        let after = app.client().get("/derbyshire/sitemap.xml").await;
        let urls = parse_sitemap(&after);
        assert!(urls.iter().any(|u| u.loc.ends_with("/derbyshire/support/coming-soon")));
    }

    async fn sitemaps_of_unknown_and_suspended_counties_are_not_found(app: TestApp) {
        let rutland = app.with_county("rutland").await;
        counties::set_status(&app.db, rutland.id, CountyStatus::Suspended)
            .await
            .unwrap();
        for path in ["/rutland/sitemap.xml", "/nowhere/sitemap.xml"] {
            assert_eq!(app.client().get(path).await.status, StatusCode::NOT_FOUND, "{path}");
        }
    }

    async fn robots_txt_points_to_the_sitemap_of_each_served_county(app: TestApp) {
        app.with_county("derbyshire").await;
        let rutland = app.with_county("rutland").await;
        app.with_county("leicestershire").await;
        counties::set_status(&app.db, rutland.id, CountyStatus::Suspended)
            .await
            .unwrap();

        let res = app.client().get("/robots.txt").await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(!res.sets_cookie());
        assert!(res.header("content-type").is_some_and(|v| v.starts_with("text/plain")));
        let lines: Vec<&str> = res.body.lines().collect();
        assert!(lines.contains(&"User-agent: *"));
        assert!(lines.contains(&"Disallow: /admin/"));
        let sitemaps: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("Sitemap: "))
            .collect();
        assert_eq!(sitemaps.len(), 2, "{sitemaps:?}");
        assert!(sitemaps.contains(&format!("{BASE}/derbyshire/sitemap.xml").as_str()));
        assert!(sitemaps.contains(&format!("{BASE}/leicestershire/sitemap.xml").as_str()));
    }

    async fn a_county_that_asks_not_to_be_indexed_says_so_on_every_public_response(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        app.with_county("rutland").await;
        app.add_provider(&derbyshire, "Safe and Sound").await;
        app.add_published_page(&derbyshire, NewPage::new("about", "Page about")).await;
        let paths = [
            "/derbyshire/",
            "/derbyshire/support",
            "/derbyshire/support/safe-and-sound",
            "/derbyshire/about",
            "/derbyshire/no-such-page",
            "/derbyshire/sitemap.xml",
        ];
        let meta = "<meta name=\"robots\" content=\"noindex\">";
        for path in paths {
            let res = app.client().get(path).await;
            assert_eq!(res.header("x-robots-tag"), None, "{path}: indexable by default");
            assert!(!res.body.contains(meta), "{path}");
        }

        let mut admin = app.county_admin_of(&derbyshire).await;
        let form = admin.get("/admin/derbyshire/settings").await;
        assert!(form.body.contains("name=\"noindex\""), "a checkbox on the settings form");
        let res = admin
            .post(
                "/admin/derbyshire/settings",
                &[("brand_colour", ""), ("non_emergency", "101"), ("noindex", "on"), ("version", "0")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let form = admin.get("/admin/derbyshire/settings").await;
        assert!(form.body.contains("name=\"noindex\" type=\"checkbox\" value=\"on\" checked"));
        assert_eq!(
            app.query_strings("SELECT changed_fields || ' ' || summary FROM audit_events WHERE action = 'tenant.settings'").await,
            ["[\"noindex\"] search engines asked not to index the site"]
        );

        for path in paths {
            let res = app.client().get(path).await;
            assert_eq!(res.header("x-robots-tag"), Some("noindex"), "{path}");
            if res.header("content-type").is_some_and(|v| v.starts_with("text/html")) {
                assert_eq!(res.body.matches(meta).count(), 1, "{path}: one meta tag");
            }
        }
        let other = app.client().get("/rutland/").await;
        assert_eq!(other.header("x-robots-tag"), None, "only the county that asked");
        let robots = app.client().get("/robots.txt").await;
        assert!(!robots.body.contains("/derbyshire/sitemap.xml"), "{}", robots.body);
        assert!(robots.body.contains("/rutland/sitemap.xml"), "{}", robots.body);

        // Unticked (the checkbox is simply not sent): indexable again.
        let res = admin
            .post(
                "/admin/derbyshire/settings",
                &[("brand_colour", ""), ("non_emergency", "101"), ("version", "1")],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let page = app.client().get("/derbyshire/support").await;
        assert_eq!(page.header("x-robots-tag"), None);
        assert!(!page.body.contains(meta));
    }
}
