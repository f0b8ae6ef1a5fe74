use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "providers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    #[sea_orm(column_name = "tenant_id")]
    pub county_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub description: String,
    pub phones: String,
    pub email: String,
    pub website: String,
    pub address: String,
    pub address_confidential: bool,
    pub area: String,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub eligibility: String,
    pub self_referral: bool,
    pub professional_referral: bool,
    pub opening_hours: String,
    pub hours_note: String,
    pub status: String,
    pub reviewed_at: Option<TimeDateTimeWithTimeZone>,
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
    pub created_by: Option<Uuid>,
    pub updated_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
