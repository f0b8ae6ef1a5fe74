use super::*;

fn marked(pieces: &[Piece]) -> Vec<&str> {
    pieces
        .iter()
        .filter(|p| p.marked)
        .map(|p| p.text.as_str())
        .collect()
}

fn text(pieces: &[Piece]) -> String {
    pieces.iter().map(|p| p.text.as_str()).collect()
}

#[test]
fn a_query_keeps_words_without_stop_words_or_syntax() {
    let q = SiteQuery::parse("  Help for CHILDREN \"or\" -abuse* NEAR(x)").expect("a query");
    assert_eq!(q.words(), ["help", "children", "abuse", "near", "x"]);
    assert_eq!(q.plain(), "help children abuse near x");
    assert_eq!(q.fts5(), "\"help\" \"children\" \"abuse\" \"near\" \"x\"");
}

#[test]
fn nothing_searchable_is_no_query() {
    for raw in ["", "   ", "?!*\"", "the and of", "\u{0}"] {
        assert_eq!(SiteQuery::parse(raw), None, "{raw:?}");
    }
}

#[test]
fn a_query_is_bounded() {
    let long = "word ".repeat(500);
    let q = SiteQuery::parse(&long).expect("a query");
    assert_eq!(q.words(), ["word"], "repeats are one word");
    let many: String = (0..50).map(|n| format!("w{n} ")).collect();
    assert_eq!(
        SiteQuery::parse(&many).expect("a query").words().len(),
        MAX_WORDS
    );
    assert_eq!(SiteQuery::parse(&"x".repeat(41)), None);
    let cut = format!("{} tail", "b ".repeat(98));
    assert_eq!(cut.chars().count(), 201);
    assert_eq!(
        SiteQuery::parse(&cut).expect("a query").words(),
        ["b"],
        "a word cut in two is dropped"
    );
}

#[test]
fn a_snippet_marks_words_of_the_same_stem() {
    let q = SiteQuery::parse("exploited").expect("a query");
    let pieces = q.snippet("Support after child sexual exploitation, for anyone.", 30);
    assert_eq!(marked(&pieces), ["exploitation"]);
    assert_eq!(
        text(&pieces),
        "Support after child sexual exploitation, for anyone."
    );
}

#[test]
fn a_long_text_is_cut_around_the_first_match() {
    let before: String = (0..40).map(|n| format!("a{n} ")).collect();
    let after: String = (0..40).map(|n| format!("b{n} ")).collect();
    let q = SiteQuery::parse("Counselling").expect("a query");
    let pieces = q.snippet(&format!("{before}free counselling {after}"), 12);
    let shown = text(&pieces);
    assert!(
        shown.starts_with("… a37 a38 a39 free counselling b0"),
        "{shown}"
    );
    assert!(shown.ends_with(" …"), "{shown}");
    assert_eq!(marked(&pieces), ["counselling"]);
}

#[test]
fn without_a_match_the_snippet_is_the_start() {
    let q = SiteQuery::parse("zebra").expect("a query");
    let pieces = q.snippet("One two three four five.", 3);
    assert_eq!(text(&pieces), "One two three …");
    assert!(marked(&pieces).is_empty());
}
