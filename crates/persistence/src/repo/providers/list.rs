//! The admin list of providers: filtered by name, status and category,
//! sorted and paginated.

use domain::{CountyId, Provider, ProviderStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

use crate::RepoError;
use crate::entity::{provider_categories, providers};

use super::stored::hydrate;

/// How the admin list is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Name,
    /// Most recently updated first.
    Updated,
    /// Least recently reviewed first (never reviewed first of all).
    Reviewed,
}

/// What the admin list shows.
#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    /// Part of the name, case-insensitive.
    pub name: String,
    pub status: Option<ProviderStatus>,
    pub category: Option<String>,
    pub sort: Sort,
    /// From 1.
    pub page: u64,
    pub per_page: u64,
}

/// A page of the admin list and the total that matched.
pub struct ListPage {
    pub providers: Vec<Provider>,
    pub total: u64,
    pub page: u64,
}

/// The county's providers, filtered, sorted and paginated.
///
/// # Errors
/// Database errors.
pub async fn list(
    db: &impl ConnectionTrait,
    county: CountyId,
    query: &ListQuery,
) -> Result<ListPage, RepoError> {
    let mut select = by_name(
        providers::Entity::find().filter(providers::Column::CountyId.eq(county.as_uuid())),
        &query.name,
    );
    if let Some(status) = query.status {
        select = select.filter(providers::Column::Status.eq(status.as_str()));
    }
    if let Some(category) = &query.category {
        let Some(ids) = in_category(db, county, category).await? else {
            return Ok(ListPage {
                providers: Vec::new(),
                total: 0,
                page: 1,
            });
        };
        select = select.filter(Condition::all().add(providers::Column::Id.is_in(ids)));
    }
    let select = sorted(select, query.sort);
    let per_page = Ord::max(query.per_page, 1);
    let total = select.clone().count(db).await?;
    let page = query.page.clamp(1, Ord::max(total.div_ceil(per_page), 1));
    let models = select
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok(ListPage {
        providers: hydrate(db, county, models).await?,
        total,
        page,
    })
}

/// Keeps the providers whose name holds `name` (case-insensitive, `%` and
/// `_` taken literally); all of them when it is blank.
fn by_name(select: Select<providers::Entity>, name: &str) -> Select<providers::Entity> {
    let name = name.trim().to_lowercase();
    if name.is_empty() {
        return select;
    }
    let escaped = name
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    select.filter(
        Expr::expr(sea_orm::sea_query::Func::lower(Expr::col(
            providers::Column::Name,
        )))
        .like(sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\')),
    )
}

/// The ids of the providers in the category with this slug, or `None` when
/// the county has no such category.
async fn in_category(
    db: &impl ConnectionTrait,
    county: CountyId,
    category: &str,
) -> Result<Option<Vec<Uuid>>, RepoError> {
    let Some(cat) = crate::repo::categories::list(db, county)
        .await?
        .into_iter()
        .find(|c| c.slug == category)
    else {
        return Ok(None);
    };
    let ids = provider_categories::Entity::find()
        .filter(provider_categories::Column::CountyId.eq(county.as_uuid()))
        .filter(provider_categories::Column::CategoryId.eq(cat.id.as_uuid()))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.provider_id)
        .collect();
    Ok(Some(ids))
}

/// Orders the list as asked; by review date, ties go by name.
fn sorted(select: Select<providers::Entity>, sort: Sort) -> Select<providers::Entity> {
    match sort {
        Sort::Name => select.order_by_asc(providers::Column::Name),
        Sort::Updated => select.order_by_desc(providers::Column::UpdatedAt),
        Sort::Reviewed => select
            .order_by_asc(providers::Column::ReviewedAt)
            .order_by_asc(providers::Column::Name),
    }
}
