//! A weekly opening-hours table: for each day, Monday to Sunday, closed,
//! open all day, or up to three periods. It is the part of OpenStreetMap
//! `opening_hours` that a form's weekday table (and an HSDS schedule) can
//! show; [`WeeklyHours::from_osm`] says `None` for anything else (public
//! holidays, weeks, months, times past midnight, comments, fallbacks...),
//! and [`WeeklyHours::to_osm`] writes the table back, so that
//! `from_osm(&t.to_osm()) == Some(t)` for every table.

use std::fmt;

/// The days in table order, as OSM names them.
pub const OSM_DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// The most periods a day may have.
pub const MAX_PERIODS: usize = 3;

/// Minutes in a day: the latest time a period may end (`24:00`).
const DAY_MINUTES: u16 = 24 * 60;

/// A time of day, in minutes after midnight, from `00:00` to `24:00`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    /// `hour:minute`, when it is a time from `00:00` to `24:00`.
    #[must_use]
    pub fn new(hour: u16, minute: u16) -> Option<Self> {
        let minutes = hour.checked_mul(60)?.checked_add(minute)?;
        (minute < 60 && minutes <= DAY_MINUTES).then_some(Self(minutes))
    }

    /// Parses `HH:MM` (two digits each, `24:00` at most).
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        let (h, m) = raw.split_once(':')?;
        if h.len() != 2 || m.len() != 2 || !(h.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Self::new(h.parse().ok()?, m.parse().ok()?)
    }

    /// Minutes after midnight.
    #[must_use]
    pub const fn minutes(self) -> u16 {
        self.0
    }

    /// The hour (0 to 24).
    #[must_use]
    pub const fn hour(self) -> u16 {
        self.0 / 60
    }

    /// The minute of the hour.
    #[must_use]
    pub const fn minute(self) -> u16 {
        self.0 % 60
    }
}

impl fmt::Display for TimeOfDay {
    /// `HH:MM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

/// Open from `from` until `to`, the same day (`from < to`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub from: TimeOfDay,
    pub to: TimeOfDay,
}

/// One day of the table.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum DayHours {
    #[default]
    Closed,
    /// Open 24 hours.
    AllDay,
    /// Open in these periods only.
    Periods(Periods),
}

/// One to three periods of a day, in order, neither overlapping nor
/// touching, and not the whole day (that is [`DayHours::AllDay`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Periods(Vec<Period>);

impl Periods {
    /// The periods, when they make a valid day (see [`Periods`]).
    #[must_use]
    pub fn new(periods: Vec<Period>) -> Option<Self> {
        let count_ok = (1..=MAX_PERIODS).contains(&periods.len());
        let each_ok = periods.iter().all(|p| p.from < p.to);
        let apart = periods.windows(2).all(|w| w[0].to < w[1].from);
        let whole_day = periods.len() == 1
            && periods[0].from.minutes() == 0
            && periods[0].to.minutes() == DAY_MINUTES;
        (count_ok && each_ok && apart && !whole_day).then_some(Self(periods))
    }

    /// The periods, in order.
    #[must_use]
    pub fn as_slice(&self) -> &[Period] {
        &self.0
    }
}

/// The opening hours of a week, Monday first.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct WeeklyHours {
    pub days: [DayHours; 7],
}

impl WeeklyHours {
    /// The table an `opening_hours` text means, or `None` when it says
    /// something the table cannot show (or is not valid `opening_hours`).
    #[must_use]
    pub fn from_osm(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        if raw.is_empty() || super::Hours::parse(raw).is_err() {
            return None;
        }
        let mut table = Self::default();
        for rule in raw.split(';') {
            let (days, hours) = parse_rule(rule.trim())?;
            for (day, selected) in table.days.iter_mut().zip(days) {
                if selected {
                    day.clone_from(&hours);
                }
            }
        }
        Some(table)
    }

    /// The table as `opening_hours` text: days with the same hours are
    /// grouped (`Mo-Fr 09:00-17:00; Sa 10:00-12:00`), closed days left
    /// out; `24/7` and `off` for the two whole-week cases.
    #[must_use]
    pub fn to_osm(&self) -> String {
        if self.days.iter().all(|d| *d == DayHours::AllDay) {
            return "24/7".to_owned();
        }
        let mut rules: Vec<(Vec<usize>, &DayHours)> = Vec::new();
        for (i, day) in self.days.iter().enumerate() {
            if *day == DayHours::Closed {
                continue;
            }
            match rules.iter_mut().find(|(_, hours)| *hours == day) {
                Some((days, _)) => days.push(i),
                None => rules.push((vec![i], day)),
            }
        }
        if rules.is_empty() {
            return "off".to_owned();
        }
        rules
            .iter()
            .map(|(days, hours)| format!("{} {}", day_selector(days), hours_text(hours)))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Whether the table says open on `day` (0 = Monday) at `minute`
    /// after midnight.
    #[must_use]
    pub fn is_open(&self, day: usize, minute: u16) -> bool {
        match self.days.get(day) {
            Some(DayHours::AllDay) => true,
            Some(DayHours::Periods(p)) => p
                .as_slice()
                .iter()
                .any(|p| (p.from.minutes()..p.to.minutes()).contains(&minute)),
            Some(DayHours::Closed) | None => false,
        }
    }
}

/// `Mo-We,Fr`: consecutive runs of three or more days as ranges.
fn day_selector(days: &[usize]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] == days[j] + 1 {
            j += 1;
        }
        match j - i {
            0 => parts.push(OSM_DAYS[days[i]].to_owned()),
            1 => {
                parts.push(OSM_DAYS[days[i]].to_owned());
                parts.push(OSM_DAYS[days[j]].to_owned());
            }
            _ => parts.push(format!("{}-{}", OSM_DAYS[days[i]], OSM_DAYS[days[j]])),
        }
        i = j + 1;
    }
    parts.join(",")
}

fn hours_text(hours: &DayHours) -> String {
    match hours {
        DayHours::Closed => "off".to_owned(),
        DayHours::AllDay => "00:00-24:00".to_owned(),
        DayHours::Periods(p) => p
            .as_slice()
            .iter()
            .map(|p| format!("{}-{}", p.from, p.to))
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// One `;`-separated rule: the days it selects and what it says of them.
fn parse_rule(rule: &str) -> Option<([bool; 7], DayHours)> {
    if rule == "24/7" {
        return Some(([true; 7], DayHours::AllDay));
    }
    let mut words = rule.split_whitespace();
    let first = words.next()?;
    let (days, rest) = match parse_days(first) {
        Some(days) => (days, words.next()),
        None => ([true; 7], Some(first)),
    };
    if words.next().is_some() {
        return None;
    }
    let hours = match rest {
        None => DayHours::AllDay,
        Some("off" | "closed") => DayHours::Closed,
        Some(times) => parse_times(times)?,
    };
    Some((days, hours))
}

/// `Mo-Fr`, `Mo,We,Fr`, `Sa-Mo` (wrapping), or a mix.
fn parse_days(raw: &str) -> Option<[bool; 7]> {
    let index = |name: &str| OSM_DAYS.iter().position(|d| *d == name);
    let mut days = [false; 7];
    for part in raw.split(',') {
        match part.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (index(from)?, index(to)?);
                let mut day = from;
                loop {
                    days[day] = true;
                    if day == to {
                        break;
                    }
                    day = (day + 1) % 7;
                }
            }
            None => days[index(part)?] = true,
        }
    }
    Some(days)
}

/// `09:00-12:00,13:00-17:00`; `00:00-24:00` alone is all day.
fn parse_times(raw: &str) -> Option<DayHours> {
    let periods = raw
        .split(',')
        .map(|range| {
            let (from, to) = range.split_once('-')?;
            Some(Period {
                from: TimeOfDay::parse(from)?,
                to: TimeOfDay::parse(to)?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    if let [only] = periods.as_slice()
        && only.from.minutes() == 0
        && only.to.minutes() == DAY_MINUTES
    {
        return Some(DayHours::AllDay);
    }
    Periods::new(periods).map(DayHours::Periods)
}

#[cfg(test)]
mod tests;
