use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "problem_reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(column_name = "tenant_id")]
    pub county_id: Uuid,
    /// `provider` or `page`.
    pub object_type: String,
    pub object_id: Uuid,
    pub object_name: String,
    pub object_slug: String,
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub contact: String,
    /// Unix time in seconds.
    pub created_at: i64,
    /// Unix time in seconds.
    pub resolved_at: Option<i64>,
    pub resolved_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
