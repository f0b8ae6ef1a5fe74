use super::*;
use crate::provider::{Hours, OpenState, london};

fn t(raw: &str) -> TimeOfDay {
    TimeOfDay::parse(raw).unwrap_or_else(|| panic!("{raw}"))
}

fn periods(ranges: &[(&str, &str)]) -> DayHours {
    let periods = ranges
        .iter()
        .map(|(from, to)| Period {
            from: t(from),
            to: t(to),
        })
        .collect();
    DayHours::Periods(Periods::new(periods).unwrap_or_else(|| panic!("{ranges:?}")))
}

/// The kinds of day the generated tables are made of.
fn day_kinds() -> Vec<DayHours> {
    vec![
        DayHours::Closed,
        DayHours::AllDay,
        periods(&[("09:00", "17:00")]),
        periods(&[("09:00", "12:30"), ("13:30", "17:00")]),
        periods(&[("00:00", "08:00"), ("10:00", "11:45"), ("18:00", "24:00")]),
        periods(&[("16:00", "20:00")]),
        periods(&[("00:00", "23:59")]),
    ]
}

/// Tables drawn with a small linear congruential generator: every kind of
/// day on every weekday, in many combinations.
fn tables(count: usize) -> Vec<WeeklyHours> {
    let kinds = day_kinds();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut out = vec![
        WeeklyHours::default(),
        WeeklyHours {
            days: std::array::from_fn(|_| DayHours::AllDay),
        },
    ];
    for kind in &kinds {
        out.push(WeeklyHours {
            days: std::array::from_fn(|_| kind.clone()),
        });
    }
    while out.len() < count {
        out.push(WeeklyHours {
            days: std::array::from_fn(|_| {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let pick = usize::try_from(seed >> 33).unwrap_or(0) % kinds.len();
                kinds[pick].clone()
            }),
        });
    }
    out
}

#[test]
fn every_table_survives_the_round_trip_through_osm() {
    for table in tables(400) {
        let osm = table.to_osm();
        assert_eq!(WeeklyHours::from_osm(&osm), Some(table.clone()), "{osm}");
    }
}

/// The minutes of a day worth checking for `table`: every half hour, and
/// each period's edges.
fn minutes_to_check(table: &WeeklyHours) -> Vec<u16> {
    let mut minutes: Vec<u16> = (0..48).map(|i| i * 30).collect();
    for day in &table.days {
        if let DayHours::Periods(p) = day {
            for p in p.as_slice() {
                for m in [p.from.minutes(), p.to.minutes()] {
                    minutes.extend([m.saturating_sub(1), m, m + 1]);
                }
            }
        }
    }
    minutes.retain(|m| *m < DAY_MINUTES);
    minutes.sort_unstable();
    minutes.dedup();
    minutes
}

/// `table` means what the `opening_hours` crate makes of `osm`, in a
/// winter week and a summer week in London.
fn assert_means_the_same(table: &WeeklyHours, osm: &str) {
    let hours = Hours::parse(osm).unwrap_or_else(|e| panic!("{osm}: {e}"));
    // 5 January and 6 July 2026 are Mondays.
    for (month, monday) in [(1, 5), (7, 6)] {
        for day in 0..7 {
            for minute in minutes_to_check(table) {
                let at = london(
                    2026,
                    month,
                    monday + u32::try_from(day).unwrap_or(0),
                    u32::from(minute / 60),
                    u32::from(minute % 60),
                )
                .unwrap_or_else(|| panic!("{month} {day} {minute}"));
                let open = matches!(hours.state_at(at), OpenState::Open { .. });
                assert_eq!(
                    open,
                    table.is_open(day, minute),
                    "{osm}: day {day}, minute {minute}, month {month}"
                );
            }
        }
    }
}

#[test]
fn what_the_table_says_is_what_the_opening_hours_crate_says() {
    for table in tables(40) {
        assert_means_the_same(&table, &table.to_osm());
    }
}

#[test]
fn strings_people_write_read_as_the_crate_reads_them() {
    for osm in [
        "Mo-Fr 09:00-17:00; Sa 10:00-12:00",
        "24/7",
        "24/7; Su off",
        "off",
        "Mo-Fr",
        "Mo-Fr 09:00-12:00,13:00-17:00; We off",
        "Mo-Fr 08:00-12:00; We 14:00-18:00",
        "Sa-Mo 10:00-14:00",
        "Mo,We,Fr 08:30-16:30",
        "Tu 10:00-14:00; We 16:00-20:00; Th 10:00-16:00",
        "10:00-16:00",
        "Mo-Su 00:00-24:00",
        "Mo-Fr 09:00-17:00; Sa,Su closed",
    ] {
        let table = WeeklyHours::from_osm(osm).unwrap_or_else(|| panic!("{osm}"));
        assert_means_the_same(&table, osm);
    }
}

#[test]
fn what_the_table_cannot_show_is_none() {
    for osm in [
        "",
        "not hours",
        "PH off",
        "Mo-Fr 09:00-17:00; PH off",
        "week 1-10 Mo 09:00-12:00",
        "Jan-Mar Mo 09:00-12:00",
        "Mo 22:00-02:00",
        "Mo 09:00-17:00 \"by appointment\"",
        "Mo 09:00-17:00; Mo 12:00-13:00 off",
        "Mo-Fr 09:00-17:00 || \"call first\"",
        "Mo 08:00-09:00,10:00-11:00,12:00-13:00,14:00-15:00",
        "Mo 09:00-12:00,11:00-13:00",
        "Mo 09:00-12:00,12:00-13:00",
        "Mo 09:00+",
        "Mo 9:00-17:00",
        "Mo 09:00-17:00, Tu 10:00-12:00",
        "sunrise-sunset",
    ] {
        assert_eq!(WeeklyHours::from_osm(osm), None, "{osm}");
    }
}

#[test]
fn the_written_text_groups_days_with_the_same_hours() {
    let nine_to_five = periods(&[("09:00", "17:00")]);
    let mut table = WeeklyHours::default();
    for day in [0, 1, 2, 4] {
        table.days[day] = nine_to_five.clone();
    }
    table.days[5] = DayHours::AllDay;
    assert_eq!(table.to_osm(), "Mo-We,Fr 09:00-17:00; Sa 00:00-24:00");
    assert_eq!(WeeklyHours::default().to_osm(), "off");
}

#[test]
fn periods_must_be_ordered_apart_and_at_most_three() {
    let p = |from, to| Period {
        from: t(from),
        to: t(to),
    };
    assert!(Periods::new(vec![]).is_none());
    assert!(Periods::new(vec![p("10:00", "09:00")]).is_none());
    assert!(Periods::new(vec![p("00:00", "24:00")]).is_none());
    assert!(Periods::new(vec![p("12:00", "13:00"), p("09:00", "10:00")]).is_none());
    assert!(Periods::new(vec![p("09:00", "10:00"), p("12:00", "13:00")]).is_some());
    assert_eq!(TimeOfDay::parse("24:01"), None);
    assert_eq!(t("07:05").to_string(), "07:05");
}
