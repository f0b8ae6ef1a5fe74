//! A row's fields: the stored provider's (or a new draft's) with the
//! file's cells over them, validated as the provider form validates them,
//! categories included.

use domain::provider::validate;
use domain::{Provider, ProviderFields, RawProvider, Slug};
use time::OffsetDateTime;

use super::{Planner, column_of};
use crate::provider_csv::HEADER;
use crate::provider_csv::cells::{self, boolean, parse_date};

impl<'a> Planner<'a> {
    /// The row's fields: the stored provider's (or a new draft's) with the
    /// file's columns over them, validated as the provider form does.
    pub(super) fn fields(
        &mut self,
        row: usize,
        cells: &[String],
        target: Option<&'a Provider>,
    ) -> (Option<ProviderFields>, Option<OffsetDateTime>) {
        let values = self.merged(cells, target);
        let raw = self.raw(row, &values);
        let reviewed_at = self.reviewed_at(row, &values[20]);
        let fields = match validate(&raw) {
            Ok(fields) => Some(fields),
            Err(problems) => {
                for (field, message) in problems {
                    self.error(row, Some(column_of(field)), message);
                }
                None
            }
        };
        // Checked whatever else is wrong, as the form does.
        let slugs: Vec<Slug> = raw
            .categories
            .split(',')
            .filter_map(|s| Slug::parse(s.trim()).ok())
            .collect();
        let known = self.known_categories(row, &slugs);
        let fields = fields.filter(|_| known).map(|f| self.in_county_order(f));
        (fields, reviewed_at)
    }

    /// The stored provider's cells (or a new draft's), with the file's
    /// over them; an empty `status` cell keeps the stored status.
    fn merged(&self, cells: &[String], target: Option<&Provider>) -> [String; 21] {
        let mut values: [String; 21] = match target {
            Some(p) => cells::of_provider(p),
            None => std::array::from_fn(|i| match HEADER[i] {
                "status" => "draft".to_owned(),
                _ => String::new(),
            }),
        };
        for (i, value) in values.iter_mut().enumerate().skip(1) {
            if let Some(cell) = self.cell(cells, i)
                && !(HEADER[i] == "status" && cell.trim().is_empty())
            {
                cell.clone_into(value);
            }
        }
        values
    }

    /// The cells as the provider form would have them typed; a yes/no cell
    /// that is neither is an error for the row (and read as no).
    fn raw(&mut self, row: usize, values: &[String; 21]) -> RawProvider {
        let mut flag = |i: usize| {
            boolean(&values[i]).unwrap_or_else(|| {
                let message = "must be true or false (or yes/no, 1/0)".to_owned();
                self.error(row, Some(HEADER[i]), message);
                false
            })
        };
        let (confidential, self_ref, pro_ref) = (flag(9), flag(14), flag(15));
        let text = |i: usize| values[i].clone();
        RawProvider {
            name: text(1),
            slug: text(2),
            summary: text(3),
            description: text(4),
            phone: text(5),
            email: text(6),
            website: text(7),
            address: text(8),
            address_confidential: confidential,
            area: text(10),
            min_age: text(11),
            max_age: text(12),
            eligibility: text(13),
            self_referral: self_ref,
            professional_referral: pro_ref,
            categories: text(16),
            opening_hours: text(17),
            hours_note: text(18),
            status: text(19),
        }
    }

    /// The `reviewed_at` cell: empty, or a date (an error for the row if not).
    fn reviewed_at(&mut self, row: usize, cell: &str) -> Option<OffsetDateTime> {
        if cell.trim().is_empty() {
            return None;
        }
        let at = parse_date(cell);
        if at.is_none() {
            let message = "must be a date written like 2026-03-05".to_owned();
            self.error(row, Some("reviewed_at"), message);
        }
        at
    }

    /// Whether every one of these is a category of the county (an error
    /// for the row if not).
    fn known_categories(&mut self, row: usize, slugs: &[Slug]) -> bool {
        let unknown: Vec<String> = slugs
            .iter()
            .filter(|s| !self.county_categories.iter().any(|c| c.slug == s.as_str()))
            .map(|s| format!("\u{201c}{s}\u{201d}"))
            .collect();
        if unknown.is_empty() {
            return true;
        }
        let verb = if unknown.len() == 1 {
            "is not a category"
        } else {
            "are not categories"
        };
        let message = format!(
            "{} {verb} of {}: check the spelling, or add it on the Categories page first",
            unknown.join(", "),
            self.county_name
        );
        self.error(row, Some("categories"), message);
        false
    }

    /// The fields with their categories in the county's order, as the
    /// repository reads them back (so that the same set is no change).
    fn in_county_order(&self, mut fields: ProviderFields) -> ProviderFields {
        fields.categories = self
            .county_categories
            .iter()
            .filter_map(|c| fields.categories.iter().find(|s| s.as_str() == c.slug))
            .cloned()
            .collect();
        fields
    }
}
