//! Unit tests of pages: embeds, validation and publication times (moved, unchanged).

use super::*;

fn raw(body: &str) -> RawPage {
    RawPage {
        title: "About us".into(),
        body: body.into(),
        ..RawPage::default()
    }
}

#[test]
fn splits_markdown_and_embeds() {
    let body = "# Help\n\nIntro\n{{providers category=\"cse\" age=\"15\"}}\nMiddle\n\n  {{provider \"safe-and-sound\"}}  \n{{commissioned}}\n{{emergency}}\nEnd";
    let parts = parse_body(body).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        parts,
        vec![
            Part::Markdown("# Help\n\nIntro\n"),
            Part::Embed(Embed::Providers {
                category: Slug::parse("cse").ok(),
                age: Some(15)
            }),
            Part::Markdown("Middle\n\n"),
            Part::Embed(Embed::Provider(
                Slug::parse("safe-and-sound").unwrap_or_else(|e| panic!("{e}"))
            )),
            Part::Embed(Embed::Commissioned),
            Part::Embed(Embed::Emergency),
            Part::Markdown("End"),
        ]
    );
}

#[test]
fn refuses_unknown_and_malformed_embeds_with_their_line() {
    for (body, fragment) in [
        (
            "a\n{{nonsense}}",
            "no embed called \u{201c}nonsense\u{201d}",
        ),
        ("{{providers colour=\"red\"}}", "takes only category"),
        ("{{providers age=\"old\"}}", "whole number"),
        ("{{provider}}", "names one provider"),
        ("{{provider \"Not A Slug\"}}", "not a provider slug"),
        ("{{emergency now}}", "takes nothing"),
        ("Call {{emergency}} today", "line of its own"),
        ("{{provider \"x}}", "not closed"),
        ("text }} here", "line of its own"),
        ("{{}}", "empty"),
    ] {
        let errors = parse_body(body).err().unwrap_or_default();
        assert_eq!(errors.len(), 1, "{body}: {errors:?}");
        assert!(errors[0].message.contains(fragment), "{body}: {errors:?}");
    }
    let errors = parse_body("ok\n\n{{x}}").err().unwrap_or_default();
    assert_eq!(errors[0].line, 3);
}

#[test]
fn leaves_embeds_in_code_blocks_alone() {
    let parts = parse_body("```\n{{nonsense}}\n```\n").unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(parts, vec![Part::Markdown("```\n{{nonsense}}\n```\n")]);
}

#[test]
fn validates_field_by_field() {
    let fields = validate(&raw("Hello\n\n{{emergency}}")).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(fields.slug.as_str(), "about-us");
    assert_eq!(fields.embeds, vec![Embed::Emergency]);
    assert_eq!(fields.nav_position, None);

    let errors = validate(&RawPage {
        title: String::new(),
        slug: "support".into(),
        nav_position: "0".into(),
        body: "{{bogus}}".into(),
        ..RawPage::default()
    })
    .err()
    .unwrap_or_default();
    let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, vec!["title", "slug", "body", "nav_position"]);
    for reserved in ["support", "search", "api", "safety"] {
        let r = RawPage {
            slug: reserved.into(),
            ..raw("x")
        };
        assert!(validate(&r).is_err(), "{reserved}");
    }
    assert!(
        validate(&RawPage {
            slug: "sitemap.xml".into(),
            ..raw("x")
        })
        .is_err()
    );
    assert!(
        validate(&RawPage {
            slug: "home".into(),
            nav_position: "3".into(),
            ..raw("x")
        })
        .is_ok()
    );
}

#[test]
fn reads_publication_times_in_uk_time() {
    let now = crate::provider::london(2026, 6, 1, 12, 0).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    // BST: 09:30 in London is 08:30 UTC.
    let at = parse_publish_at("2026-07-01T09:30", now).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(at.hour(), 8);
    assert_eq!(london_time(at), "1 July 2026 at 09:30");
    assert_eq!(london_input(at), "2026-07-01 09:30");
    // GMT: the same wall time is 09:30 UTC.
    let at = parse_publish_at("2026-12-01 09:30", now).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(at.hour(), 9);
    assert!(parse_publish_at("2026-05-01T09:30", now).is_err(), "past");
    assert!(parse_publish_at("tomorrow", now).is_err());
    // 01:30 on 28 March 2027 does not exist in London.
    let gap = parse_publish_at("2027-03-28T01:30", now)
        .err()
        .unwrap_or_default();
    assert!(gap.contains("clocks go forward"), "{gap}");
}

#[test]
fn embeds_print_as_they_are_written() {
    for source in [
        "{{providers}}",
        "{{providers category=\"cse\" age=\"15\"}}",
        "{{provider \"sail\"}}",
        "{{commissioned}}",
        "{{emergency}}",
    ] {
        let parts = parse_body(source).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(parts.len(), 1);
        match &parts[0] {
            Part::Embed(e) => assert_eq!(e.to_string(), source),
            Part::Markdown(m) => panic!("{m}"),
        }
    }
}
