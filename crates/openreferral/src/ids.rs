//! The ids of the records, all stable forever. A service's id is its
//! provider's UUID and a taxonomy term's is its category's; every other id
//! is a UUID v5, under [`NAMESPACE`], of the provider's (or the county's)
//! id with a role and a number, so the same record gets the same id in
//! every response and every export, on every installation.

use uuid::Uuid;

/// The namespace of every derived id. Never change it: every id published
/// so far is made from it.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x6c1f_0b3e_58a4_4d5e_9a1c_2f77_e0d4_b913);

/// What a derived id is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Organization,
    Phone,
    Schedule,
    ServiceArea,
    Attribute,
    Location,
    Address,
    ServiceAtLocation,
    Taxonomy,
}

impl Role {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Organization => "organization",
            Self::Phone => "phone",
            Self::Schedule => "schedule",
            Self::ServiceArea => "service_area",
            Self::Attribute => "attribute",
            Self::Location => "location",
            Self::Address => "address",
            Self::ServiceAtLocation => "service_at_location",
            Self::Taxonomy => "taxonomy",
        }
    }
}

/// The id of the `number`th record of `role` belonging to `owner` (a
/// provider's id, or for the taxonomy the county's). For an attribute,
/// `number` is the category id's `u128`, so it does not move when the
/// categories are reordered.
#[must_use]
pub fn derived(owner: Uuid, role: Role, number: u128) -> Uuid {
    let name = format!("{owner}/{}/{number}", role.as_str());
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_inputs_give_the_same_id_and_others_differ() {
        let owner = Uuid::from_u128(7);
        let a = derived(owner, Role::Phone, 0);
        assert_eq!(a, derived(owner, Role::Phone, 0));
        assert_ne!(a, derived(owner, Role::Phone, 1));
        assert_ne!(a, derived(owner, Role::Schedule, 0));
        assert_ne!(a, derived(Uuid::from_u128(8), Role::Phone, 0));
        // Published ids must never change: this one is fixed.
        assert_eq!(
            derived(Uuid::nil(), Role::Organization, 0).to_string(),
            "dbaa8cd4-c648-5e5d-b225-42dc2eb34163"
        );
        assert_eq!(a.get_version_num(), 5);
    }
}
