//! A page's revisions: the history, the difference between any two, and
//! restoring an old revision as a new draft.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::response::Response;
use domain::page::london_time;
use domain::{Page, PageId, Revision};
use serde::Deserialize;
use web::AppError;

use super::kind::PageKind;
use super::{Op, change_state, repo};
use crate::call::Call;
use crate::records::find;
use crate::save::VersionForm;
use crate::view::{CountyChrome, county_chrome};

/// One revision in the history.
struct RevisionRow {
    number: i32,
    title: String,
    author: String,
    created: String,
    marks: Vec<&'static str>,
    restored_from: Option<i32>,
    /// Restoring the draft itself would change nothing.
    is_draft: bool,
}

/// One line of a difference: `kind` is "same", "added" or "removed".
struct DiffLine {
    kind: &'static str,
    text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/pages_revisions.html")]
pub(super) struct RevisionsPage {
    chrome: CountyChrome,
    id: String,
    title: String,
    version: String,
    rows: Vec<RevisionRow>,
    from: i32,
    to: i32,
    diff: Vec<DiffLine>,
    added: usize,
    removed: usize,
}

/// `?from=&to=`: the revisions to compare, as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct CompareQuery {
    from: String,
    to: String,
}

/// The difference between two revisions, line by line.
fn diff_lines(from: &Revision, to: &Revision) -> Vec<DiffLine> {
    use similar::{ChangeTag, TextDiff};
    let old = domain::page::diff_text(&from.content);
    let new = domain::page::diff_text(&to.content);
    TextDiff::from_lines(&old, &new)
        .iter_all_changes()
        .map(|change| DiffLine {
            kind: match change.tag() {
                ChangeTag::Equal => "same",
                ChangeTag::Insert => "added",
                ChangeTag::Delete => "removed",
            },
            text: change.value().trim_end_matches('\n').to_owned(),
        })
        .collect()
}

/// GET /admin/{t}/pages/{id}/revisions: the page's history, and the
/// difference between two revisions (`?from=&to=`; by default the newest
/// and the one before it).
pub(super) async fn show_revisions(
    Query(query): Query<CompareQuery>,
    call: Call<PageId>,
) -> Result<RevisionsPage, AppError> {
    let (state, county) = (&call.state, &call.county);
    let page = find::<PageKind>(call.at(), call.id).await?;
    let revisions = repo::revisions(&state.db, county.id, page.id).await?;
    let (from, to) = compared(&revisions, &query);
    let find = |n: i32| revisions.iter().find(|r| r.number == n);
    let diff = match (find(from), find(to)) {
        (Some(a), Some(b)) => diff_lines(a, b),
        _ => Vec::new(),
    };
    let rows = revision_rows(&page, &revisions);
    Ok(RevisionsPage {
        chrome: county_chrome(county).await?,
        id: page.id.to_string(),
        title: page.title().to_owned(),
        version: page.version.to_string(),
        rows,
        from,
        to,
        added: diff.iter().filter(|d| d.kind == "added").count(),
        removed: diff.iter().filter(|d| d.kind == "removed").count(),
        diff,
    })
}

/// The revisions to compare, `(from, to)`: the numbers asked for when the
/// page has them, else the newest and the one before it.
fn compared(revisions: &[Revision], query: &CompareQuery) -> (i32, i32) {
    let newest = revisions.first().map_or(0, |r| r.number);
    let pick = |raw: &str, default: i32| {
        raw.trim()
            .parse::<i32>()
            .ok()
            .filter(|n| revisions.iter().any(|r| r.number == *n))
            .unwrap_or(default)
    };
    let to = pick(&query.to, newest);
    let from = pick(&query.from, (to - 1).max(1));
    (from, to)
}

/// The history's rows, newest first, marking the published and draft ones.
fn revision_rows(page: &Page, revisions: &[Revision]) -> Vec<RevisionRow> {
    let published = page.published.as_ref().map(|r| r.number);
    let draft = page.draft.as_ref().map(|r| r.number);
    revisions
        .iter()
        .map(|r| {
            let mut marks = Vec::new();
            if Some(r.number) == published {
                marks.push("Published");
            }
            if Some(r.number) == draft {
                marks.push("Draft");
            }
            RevisionRow {
                number: r.number,
                title: r.content.title.clone(),
                author: r
                    .created_by_name
                    .clone()
                    .unwrap_or_else(|| "the system".to_owned()),
                created: london_time(r.created_at),
                marks,
                restored_from: r.restored_from,
                is_draft: Some(r.number) == draft,
            }
        })
        .collect()
}

/// The revision a restore names: `{rev}`.
#[derive(Deserialize)]
pub(super) struct RevisionNumber {
    rev: String,
}

/// POST /admin/{t}/pages/{id}/revisions/{rev}/restore: copy an old revision
/// into a new draft (404 for a revision the page does not have).
pub(super) async fn restore_revision(
    Path(RevisionNumber { rev }): Path<RevisionNumber>,
    call: Call<PageId, VersionForm>,
) -> Result<Response, AppError> {
    let current = find::<PageKind>(call.at(), call.id).await?;
    let number: i32 = rev.parse().map_err(|_| AppError::NotFound)?;
    if !repo::has_revision(&call.state.db, call.county.id, current.id, number).await? {
        return Err(AppError::NotFound);
    }
    call.county.require_writable()?;
    let op = Op::Restore(number);
    let version = &call.form.version;
    change_state((call.at(), call.client), &current, version, op).await
}
