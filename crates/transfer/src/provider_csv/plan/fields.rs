//! A row's fields: the stored provider's (or a new draft's) with the
//! file's cells over them, validated as the provider form validates them,
//! categories included.

use domain::provider::validate;
use domain::{Provider, ProviderFields, RawProvider, Slug};
use time::OffsetDateTime;

use super::{Planner, RowError, column_of};
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
        let mut flag = |i: usize| {
            boolean(&values[i]).unwrap_or_else(|| {
                let message = "must be true or false (or yes/no, 1/0)".to_owned();
                self.errors.push(RowError {
                    row,
                    column: Some(HEADER[i]),
                    message,
                });
                false
            })
        };
        let (confidential, self_ref, pro_ref) = (flag(9), flag(14), flag(15));
        let reviewed_at = if values[20].trim().is_empty() {
            None
        } else {
            let at = parse_date(&values[20]);
            if at.is_none() {
                let message = "must be a date written like 2026-03-05".to_owned();
                self.error(row, Some("reviewed_at"), message);
            }
            at
        };
        let raw = RawProvider {
            name: values[1].clone(),
            slug: values[2].clone(),
            summary: values[3].clone(),
            description: values[4].clone(),
            phone: values[5].clone(),
            email: values[6].clone(),
            website: values[7].clone(),
            address: values[8].clone(),
            address_confidential: confidential,
            area: values[10].clone(),
            min_age: values[11].clone(),
            max_age: values[12].clone(),
            eligibility: values[13].clone(),
            self_referral: self_ref,
            professional_referral: pro_ref,
            categories: values[16].clone(),
            opening_hours: values[17].clone(),
            hours_note: values[18].clone(),
            status: values[19].clone(),
        };
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
