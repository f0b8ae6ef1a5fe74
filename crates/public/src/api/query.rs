//! The query of the API's lists: paging and the service filters, checked
//! (a bad value is a 400 naming its parameter) and normalised, so that
//! equal queries share one cached answer.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::ApiError;

/// Items a page when `per_page` is not given.
pub const PER_PAGE: u64 = 50;

/// The most items a page may have.
pub const MAX_PER_PAGE: u64 = 200;

/// A list's query. Unknown parameters are ignored; when one is repeated,
/// the last value counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListQuery {
    /// From 1.
    pub page: u64,
    /// 1 to [`MAX_PER_PAGE`].
    pub per_page: u64,
    /// Lower-cased words of `search` (or `text`), every one to be found.
    pub words: Vec<String>,
    pub taxonomy_term_id: Option<Uuid>,
    pub minimum_age: Option<u8>,
    pub maximum_age: Option<u8>,
    pub modified_after: Option<OffsetDateTime>,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: PER_PAGE,
            words: Vec::new(),
            taxonomy_term_id: None,
            minimum_age: None,
            maximum_age: None,
            modified_after: None,
        }
    }
}

fn whole(parameter: &'static str, raw: &str, min: u64, max: u64) -> Result<u64, ApiError> {
    match raw.trim().parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ApiError::bad(
            parameter,
            format!("{parameter} must be a whole number from {min} to {max}"),
        )),
    }
}

fn age(parameter: &'static str, raw: &str) -> Result<Option<u8>, ApiError> {
    let n = whole(parameter, raw, 0, 120)?;
    Ok(u8::try_from(n).ok())
}

impl ListQuery {
    /// The query string's list parameters.
    ///
    /// # Errors
    /// 400 for the first parameter whose value is not accepted: `page`
    /// below 1, `per_page` outside 1 to 200, an id that is not a UUID, an
    /// age outside 0 to 120, `minimum_age` above `maximum_age`, a date
    /// that is not RFC 3339.
    pub fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let mut q = Self::default();
        let pairs = url::form_urlencoded::parse(raw.unwrap_or("").as_bytes());
        for (name, value) in pairs {
            match name.as_ref() {
                "page" => q.page = whole("page", &value, 1, u64::from(u32::MAX))?,
                "per_page" => q.per_page = whole("per_page", &value, 1, MAX_PER_PAGE)?,
                "search" | "text" => {
                    q.words = value.split_whitespace().map(str::to_lowercase).collect();
                }
                "taxonomy_term_id" => {
                    let id = Uuid::parse_str(value.trim()).map_err(|_| {
                        ApiError::bad("taxonomy_term_id", "taxonomy_term_id must be a UUID")
                    })?;
                    q.taxonomy_term_id = Some(id);
                }
                "minimum_age" => q.minimum_age = age("minimum_age", &value)?,
                "maximum_age" => q.maximum_age = age("maximum_age", &value)?,
                "modified_after" => {
                    let at = OffsetDateTime::parse(value.trim(), &Rfc3339).map_err(|_| {
                        ApiError::bad(
                            "modified_after",
                            "modified_after must be an RFC 3339 date and time, like 2026-01-31T09:00:00Z",
                        )
                    })?;
                    q.modified_after = Some(at);
                }
                _ => {}
            }
        }
        if let (Some(min), Some(max)) = (q.minimum_age, q.maximum_age)
            && min > max
        {
            return Err(ApiError::bad(
                "minimum_age",
                "minimum_age must not be above maximum_age",
            ));
        }
        Ok(q)
    }

    /// Whether it searches free text (then it is answered uncached).
    #[must_use]
    pub fn is_search(&self) -> bool {
        !self.words.is_empty()
    }

    /// The query in one normal form, for the cache key (without the
    /// search words, which are never cached).
    #[must_use]
    pub fn cache_key(&self) -> String {
        let opt = |v: Option<String>| v.unwrap_or_default();
        format!(
            "page={}&per_page={}&term={}&min={}&max={}&after={}",
            self.page,
            self.per_page,
            opt(self.taxonomy_term_id.map(|u| u.to_string())),
            opt(self.minimum_age.map(|a| a.to_string())),
            opt(self.maximum_age.map(|a| a.to_string())),
            opt(self
                .modified_after
                .map(|t| t.unix_timestamp_nanos().to_string())),
        )
    }

    /// The paging part only, for the lists that have no filters.
    #[must_use]
    pub fn page_key(&self) -> String {
        format!("page={}&per_page={}", self.page, self.per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(raw: &str) -> &'static str {
        match ListQuery::parse(Some(raw)) {
            Err(ApiError::BadParameter { parameter, .. }) => parameter,
            other => panic!("{raw}: {other:?}"),
        }
    }

    #[test]
    fn bad_values_name_their_parameter() {
        assert_eq!(refused("page=0"), "page");
        assert_eq!(refused("page=x"), "page");
        assert_eq!(refused("per_page=0"), "per_page");
        assert_eq!(refused("per_page=1000"), "per_page");
        assert_eq!(refused("taxonomy_term_id=cse"), "taxonomy_term_id");
        assert_eq!(refused("minimum_age=-1"), "minimum_age");
        assert_eq!(refused("maximum_age=121"), "maximum_age");
        assert_eq!(refused("minimum_age=12&maximum_age=10"), "minimum_age");
        assert_eq!(refused("modified_after=yesterday"), "modified_after");
    }

    #[test]
    fn equal_queries_have_one_key() {
        let a = ListQuery::parse(Some("per_page=10&page=2&unknown=1")).ok();
        let b = ListQuery::parse(Some("page=2&per_page=10")).ok();
        assert_eq!(a.map(|q| q.cache_key()), b.map(|q| q.cache_key()));
        let search = ListQuery::parse(Some("text=Young%20People")).ok();
        assert_eq!(
            search.map(|q| q.words),
            Some(vec!["young".to_owned(), "people".to_owned()])
        );
    }
}
