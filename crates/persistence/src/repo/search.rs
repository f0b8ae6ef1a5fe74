//! Site search: a county's published providers and the published revisions
//! of its pages, ranked, in one query per backend.
//!
//! - PostgreSQL: the generated `search_vector` columns (migration 000021)
//!   against `plainto_tsquery('english', words)`, ranked by `ts_rank_cd`
//!   (cover density, with the weights A name/title, B summary, C the rest).
//! - SQLite: the FTS5 tables `providers_fts` and `page_revisions_fts`
//!   against the quoted words, ranked by `bm25` with the same weights
//!   (10, 5, 1), negated so that higher is better on both.
//!
//! Both stem (Snowball English on PostgreSQL, Porter on SQLite: the same
//! stem for most words, "exploited" and "exploitation" alike; see
//! ARCHITECTURE.md for where they differ) and both need every word.
//! Drafts are never searched: only providers with status `published`, and
//! of a page only the revision it publishes.

use domain::CountyId;
use domain::search::SiteQuery;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use crate::RepoError;

/// What a result is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HitKind {
    Provider,
    Page,
}

/// One result, with the text it was found in.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub kind: HitKind,
    pub slug: String,
    /// The provider's name or the page's title.
    pub title: String,
    pub summary: String,
    /// The provider's description or the page's body (Markdown).
    pub body: String,
    /// Higher is better; only comparable within one search.
    pub rank: f64,
}

/// One page of results and how many there are in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hits {
    pub total: u64,
    pub hits: Vec<Hit>,
}

const POSTGRES: &str = "
WITH q AS (SELECT plainto_tsquery('english', $2) AS query)
SELECT kind, slug, title, summary, body, rank, COUNT(*) OVER () AS total FROM (
    SELECT 'provider' AS kind, p.slug, p.name AS title, p.summary, p.description AS body,
           ts_rank_cd(p.search_vector, q.query)::float8 AS rank
    FROM providers p, q
    WHERE p.tenant_id = $1 AND p.status = 'published' AND p.search_vector @@ q.query
    UNION ALL
    SELECT 'page', pg.slug, r.title, r.summary, r.body,
           ts_rank_cd(r.search_vector, q.query)::float8
    FROM pages pg
    JOIN page_revisions r
      ON r.tenant_id = pg.tenant_id AND r.page_id = pg.id AND r.number = pg.published_revision,
      q
    WHERE pg.tenant_id = $1 AND r.search_vector @@ q.query
) hits
ORDER BY rank DESC, title, slug
LIMIT $3 OFFSET $4";

const SQLITE: &str = "
SELECT kind, slug, title, summary, body, rank, COUNT(*) OVER () AS total FROM (
    SELECT 'provider' AS kind, p.slug AS slug, p.name AS title, p.summary AS summary,
           p.description AS body, -bm25(providers_fts, 10.0, 5.0, 1.0) AS rank
    FROM providers_fts
    JOIN providers p ON p.rowid = providers_fts.rowid
    WHERE providers_fts MATCH $2 AND p.tenant_id = $1 AND p.status = 'published'
    UNION ALL
    SELECT 'page', pg.slug, r.title, r.summary, r.body,
           -bm25(page_revisions_fts, 10.0, 5.0, 1.0)
    FROM page_revisions_fts
    JOIN page_revisions r ON r.rowid = page_revisions_fts.rowid
    JOIN pages pg
      ON pg.tenant_id = r.tenant_id AND pg.id = r.page_id AND pg.published_revision = r.number
    WHERE page_revisions_fts MATCH $2 AND r.tenant_id = $1
)
ORDER BY rank DESC, title, slug
LIMIT $3 OFFSET $4";

/// The county's published providers and pages that have every word of
/// `query`, best first: `limit` of them from `offset`, and the total.
///
/// # Errors
/// Database errors.
pub async fn site(
    db: &impl ConnectionTrait,
    county: CountyId,
    query: &SiteQuery,
    offset: u64,
    limit: u64,
) -> Result<Hits, RepoError> {
    let hits = page_of(db, county, query, offset, limit).await?;
    if hits.hits.is_empty() && offset > 0 {
        // Past the last page: the total still tells the visitor how many.
        let first = page_of(db, county, query, 0, 1).await?;
        return Ok(Hits {
            total: first.total,
            hits: Vec::new(),
        });
    }
    Ok(hits)
}

async fn page_of(
    db: &impl ConnectionTrait,
    county: CountyId,
    query: &SiteQuery,
    offset: u64,
    limit: u64,
) -> Result<Hits, RepoError> {
    let backend = db.get_database_backend();
    let (sql, words) = match backend {
        DbBackend::Postgres => (POSTGRES, query.plain()),
        _ => (SQLITE, query.fts5()),
    };
    let values: [Value; 4] = [
        county.as_uuid().into(),
        words.into(),
        i64::try_from(limit).unwrap_or(i64::MAX).into(),
        i64::try_from(offset).unwrap_or(i64::MAX).into(),
    ];
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    let mut out = Hits::default();
    for row in rows {
        let kind: String = row.try_get("", "kind")?;
        let total: i64 = row.try_get("", "total")?;
        out.total = u64::try_from(total).unwrap_or(0);
        out.hits.push(Hit {
            kind: if kind == "page" {
                HitKind::Page
            } else {
                HitKind::Provider
            },
            slug: row.try_get("", "slug")?,
            title: row.try_get("", "title")?,
            summary: row.try_get("", "summary")?,
            body: row.try_get("", "body")?,
            rank: row.try_get("", "rank")?,
        });
    }
    Ok(out)
}
