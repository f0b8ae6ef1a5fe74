//! The opening hours on the provider form, without any notation: a table of
//! the week (each day closed, open in up to three periods, or open 24
//! hours), or "the hours vary" (the note says when), or, for what the table
//! cannot show (public holidays, week numbers...), the `opening_hours`
//! text as before. The server turns the table into the `opening_hours`
//! text it stores (`domain::provider::weekly`), and shows a stored text in
//! the table whenever the table can show it.
//!
//! Fields: `hours_mode` (`table`, `varies`, `advanced`); per day `hours_mo`
//! (`closed`, `open`, `all_day`) and `hours_mo_1_from`, `hours_mo_1_to`...
//! up to `_3_`. A form without `hours_mode` (a script) is read as before:
//! its `opening_hours` text is what is stored.

use std::collections::BTreeMap;

use domain::provider::weekly::{DayHours, MAX_PERIODS, Period, Periods, TimeOfDay, WeeklyHours};

/// The days as the form names them, with their names.
pub const DAYS: [(&str, &str); 7] = [
    ("mo", "Monday"),
    ("tu", "Tuesday"),
    ("we", "Wednesday"),
    ("th", "Thursday"),
    ("fr", "Friday"),
    ("sa", "Saturday"),
    ("su", "Sunday"),
];

/// The form's fields for the days, in the order of the form (for the
/// error summary): `hours_mo` ... `hours_su`.
pub const DAY_FIELDS: [&str; 7] = [
    "hours_mo", "hours_tu", "hours_we", "hours_th", "hours_fr", "hours_sa", "hours_su",
];

/// Which part of the hours section is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Table,
    Varies,
    Advanced,
}

impl Mode {
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "table" => Some(Self::Table),
            "varies" => Some(Self::Varies),
            "advanced" => Some(Self::Advanced),
            _ => None,
        }
    }

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Varies => "varies",
            Self::Advanced => "advanced",
        }
    }
}

/// One day of the table as shown: what was typed or stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayRow {
    /// `mo`.
    pub key: &'static str,
    /// `Monday`.
    pub name: &'static str,
    /// `closed`, `open` or `all_day`.
    pub state: String,
    /// (from, to) of each period, `HH:MM` or empty.
    pub periods: [(String, String); MAX_PERIODS],
}

/// The hours section as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoursTable {
    pub mode: Mode,
    pub days: Vec<DayRow>,
}

impl HoursTable {
    /// The section showing stored hours: the table when it can show them,
    /// "vary" for no hours but a note, else the advanced text.
    #[must_use]
    pub fn of_stored(opening_hours: &str, hours_note: &str) -> Self {
        if opening_hours.trim().is_empty() {
            let mode = if hours_note.trim().is_empty() {
                Mode::Table
            } else {
                Mode::Varies
            };
            return Self::of_week(mode, &WeeklyHours::default());
        }
        match WeeklyHours::from_osm(opening_hours) {
            Some(week) => Self::of_week(Mode::Table, &week),
            None => Self::of_week(Mode::Advanced, &WeeklyHours::default()),
        }
    }

    fn of_week(mode: Mode, week: &WeeklyHours) -> Self {
        let days = DAYS
            .iter()
            .zip(&week.days)
            .map(|(&(key, name), day)| {
                let mut row = DayRow {
                    key,
                    name,
                    ..DayRow::default()
                };
                match day {
                    DayHours::Closed => row.state = "closed".to_owned(),
                    DayHours::AllDay => row.state = "all_day".to_owned(),
                    DayHours::Periods(periods) => {
                        row.state = "open".to_owned();
                        for (slot, p) in row.periods.iter_mut().zip(periods.as_slice()) {
                            *slot = (p.from.to_string(), p.to.to_string());
                        }
                    }
                }
                row
            })
            .collect();
        Self { mode, days }
    }

    /// The section as typed; `None` when the form has no `hours_mode` (a
    /// script sending only `opening_hours`).
    #[must_use]
    pub fn of_form(mode: &str, fields: &BTreeMap<String, String>) -> Option<Self> {
        let mode = Mode::parse(mode)?;
        let value = |name: String| {
            fields
                .get(&name)
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        let days = DAYS
            .iter()
            .map(|&(key, name)| DayRow {
                key,
                name,
                state: value(format!("hours_{key}")),
                periods: std::array::from_fn(|n| {
                    (
                        value(format!("hours_{key}_{}_from", n + 1)),
                        value(format!("hours_{key}_{}_to", n + 1)),
                    )
                }),
            })
            .collect();
        Some(Self { mode, days })
    }

    /// The week the table says, or what is wrong with each day, as
    /// (`hours_mo`, message).
    ///
    /// # Errors
    /// Each day's first problem, in the order of the week.
    pub fn week(&self) -> Result<WeeklyHours, Vec<(&'static str, String)>> {
        let mut week = WeeklyHours::default();
        let mut problems = Vec::new();
        for ((row, day), field) in self.days.iter().zip(week.days.iter_mut()).zip(DAY_FIELDS) {
            match day_hours(row) {
                Ok(hours) => *day = hours,
                Err(message) => problems.push((field, format!("{}: {message}", row.name))),
            }
        }
        if problems.is_empty() {
            Ok(week)
        } else {
            Err(problems)
        }
    }

    /// The `opening_hours` text for the table: empty when every day is
    /// closed (no hours given).
    ///
    /// # Errors
    /// As [`HoursTable::week`].
    pub fn opening_hours(&self) -> Result<String, Vec<(&'static str, String)>> {
        let week = self.week()?;
        if week.days.iter().all(|d| *d == DayHours::Closed) {
            return Ok(String::new());
        }
        Ok(week.to_osm())
    }
}

/// One day as typed.
fn day_hours(row: &DayRow) -> Result<DayHours, String> {
    match row.state.as_str() {
        "" | "closed" => Ok(DayHours::Closed),
        "all_day" => Ok(DayHours::AllDay),
        "open" => open_periods(row),
        _ => Err("choose closed, open or open 24 hours".to_owned()),
    }
}

fn open_periods(row: &DayRow) -> Result<DayHours, String> {
    let mut periods: Vec<Period> = Vec::new();
    for (n, (from, to)) in row.periods.iter().enumerate() {
        let which = n + 1;
        if from.is_empty() && to.is_empty() {
            continue;
        }
        let (Some(from), Some(to)) = (time(from), time(to)) else {
            return Err(format!(
                "enter both times of period {which} as hours and minutes, like 09:30"
            ));
        };
        if to <= from {
            return Err(format!(
                "period {which} must close after it opens ({from} to {to}); for hours past midnight, use the advanced text"
            ));
        }
        if let Some(other) = periods.iter().position(|p| from <= p.to && p.from <= to) {
            return Err(format!(
                "period {which} overlaps or touches period {}: make them one period",
                other + 1
            ));
        }
        periods.push(Period { from, to });
    }
    if periods.is_empty() {
        return Err("enter when it opens and closes, or choose closed".to_owned());
    }
    periods.sort_by_key(|p| p.from);
    if let [only] = periods.as_slice()
        && only.from.minutes() == 0
        && only.to.minutes() == 24 * 60
    {
        return Ok(DayHours::AllDay);
    }
    Periods::new(periods)
        .map(DayHours::Periods)
        .ok_or_else(|| "these periods cannot be shown; check the times".to_owned())
}

/// `9:30`, `09:30` or `09:30:00` (what browsers' time inputs send).
fn time(raw: &str) -> Option<TimeOfDay> {
    let mut parts = raw.split(':');
    let hour: u16 = parts.next()?.trim().parse().ok()?;
    let minute_text = parts.next()?.trim();
    if minute_text.len() != 2 {
        return None;
    }
    let minute: u16 = minute_text.parse().ok()?;
    match parts.next() {
        None => {}
        Some(seconds) if seconds.trim().parse::<u16>().is_ok_and(|s| s == 0) => {}
        Some(_) => return None,
    }
    if parts.next().is_some() {
        return None;
    }
    TimeOfDay::new(hour, minute)
}

#[cfg(test)]
mod tests;
