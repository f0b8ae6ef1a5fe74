use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub data: Vec<u8>,
    /// Unix time in seconds.
    pub expires_at: i64,
    pub user_id: Option<Uuid>,
    /// The id the account page shows, never the cookie's value.
    pub public_id: Option<Uuid>,
    /// Unix time in seconds.
    pub signed_in_at: Option<i64>,
    /// Unix time in seconds.
    pub last_seen_at: Option<i64>,
    pub ua_family: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
