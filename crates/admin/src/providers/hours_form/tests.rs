use super::*;
use domain::provider::Hours;

/// The form fields a browser sends for `table`.
fn fields_of(table: &HoursTable) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    for row in &table.days {
        fields.insert(format!("hours_{}", row.key), row.state.clone());
        for (n, (from, to)) in row.periods.iter().enumerate() {
            fields.insert(format!("hours_{}_{}_from", row.key, n + 1), from.clone());
            fields.insert(format!("hours_{}_{}_to", row.key, n + 1), to.clone());
        }
    }
    fields
}

/// A day as typed: its key, its state and its periods (from, to).
type TypedDay<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

fn typed(days: &[TypedDay<'_>]) -> HoursTable {
    let mut fields = BTreeMap::new();
    for (key, state, periods) in days {
        fields.insert(format!("hours_{key}"), (*state).to_owned());
        for (n, (from, to)) in periods.iter().enumerate() {
            fields.insert(format!("hours_{key}_{}_from", n + 1), (*from).to_owned());
            fields.insert(format!("hours_{key}_{}_to", n + 1), (*to).to_owned());
        }
    }
    HoursTable::of_form("table", &fields).expect("a table")
}

/// Tables of many shapes: every day state, one to three periods, days
/// alike and unlike.
fn tables() -> Vec<WeeklyHours> {
    let t = |h: u16, m: u16| TimeOfDay::new(h, m).expect("a time");
    let p = |a: (u16, u16), b: (u16, u16)| Period {
        from: t(a.0, a.1),
        to: t(b.0, b.1),
    };
    let shapes = [
        DayHours::Closed,
        DayHours::AllDay,
        DayHours::Periods(Periods::new(vec![p((9, 0), (17, 0))]).expect("periods")),
        DayHours::Periods(Periods::new(vec![p((0, 0), (12, 30))]).expect("periods")),
        DayHours::Periods(Periods::new(vec![p((10, 0), (24, 0))]).expect("periods")),
        DayHours::Periods(
            Periods::new(vec![p((9, 0), (12, 0)), p((13, 0), (17, 30))]).expect("periods"),
        ),
        DayHours::Periods(
            Periods::new(vec![
                p((8, 0), (9, 0)),
                p((12, 15), (13, 45)),
                p((18, 0), (22, 0)),
            ])
            .expect("periods"),
        ),
    ];
    let mut out = Vec::new();
    for seed in 0..200usize {
        let mut week = WeeklyHours::default();
        for (i, day) in week.days.iter_mut().enumerate() {
            *day = shapes[(seed * 7 + i * (seed % 5 + 1)) % shapes.len()].clone();
        }
        out.push(week);
    }
    out.push(WeeklyHours::default());
    out.push(WeeklyHours {
        days: std::array::from_fn(|_| DayHours::AllDay),
    });
    out
}

#[test]
fn every_table_survives_the_form_and_the_stored_text() {
    for week in tables() {
        let shown = HoursTable::of_week(Mode::Table, &week);
        let sent = HoursTable::of_form("table", &fields_of(&shown)).expect("a table");
        assert_eq!(
            sent.week(),
            Ok(week.clone()),
            "the form reads back as shown"
        );
        let text = sent.opening_hours().expect("valid");
        if week.days.iter().all(|d| *d == DayHours::Closed) {
            assert_eq!(text, "", "no day open: no hours given");
            continue;
        }
        assert_eq!(WeeklyHours::from_osm(&text), Some(week.clone()), "{text}");
        assert_eq!(HoursTable::of_stored(&text, ""), shown, "{text}");
    }
}

#[test]
fn stored_texts_load_into_the_table_or_stay_advanced_never_changing_meaning() {
    let demo_and_more = [
        "Tu 10:00-14:00; We 16:00-20:00; Th 10:00-16:00",
        "Mo-Fr 09:00-17:00",
        "24/7",
        "Mo-Fr 09:00-17:00; Sa 10:00-12:00",
        "Mo-Su 08:00-20:00",
        "Mo,We,Fr 09:00-12:00,13:00-17:00",
        "Mo-Fr 09:00-17:00; PH off",
        "Mo-Fr 09:00-17:00; Dec 25 off",
        "Mo-Fr 22:00-02:00",
        "week 1-26 Mo 10:00-12:00",
    ];
    let instants: Vec<time::OffsetDateTime> = (0..14 * 24 * 4)
        .filter_map(|quarter| {
            let day = 5 + quarter / 96;
            let minute = (quarter % 96) * 15;
            domain::provider::london(2027, 1, day, minute / 60, minute % 60)
        })
        .collect();
    for text in demo_and_more {
        let table = HoursTable::of_stored(text, "");
        match table.mode {
            Mode::Table => {
                let stored = table.opening_hours().expect("valid");
                let (before, after) = (
                    Hours::parse(text).expect("valid"),
                    Hours::parse(&stored).expect("valid"),
                );
                for at in &instants {
                    assert_eq!(
                        before.state_at(*at).is_open(),
                        after.state_at(*at).is_open(),
                        "{text} -> {stored} at {at}"
                    );
                }
            }
            Mode::Advanced => assert!(
                ["PH", "Dec", "22:00-02:00", "week"]
                    .iter()
                    .any(|w| text.contains(w)),
                "{text} should load into the table"
            ),
            Mode::Varies => panic!("{text}: hours are not 'varies'"),
        }
    }
}

#[test]
fn no_hours_with_a_note_is_varies_and_without_one_an_empty_table() {
    assert_eq!(
        HoursTable::of_stored("", "Phone for times").mode,
        Mode::Varies
    );
    let empty = HoursTable::of_stored("  ", "");
    assert_eq!(empty.mode, Mode::Table);
    assert!(empty.days.iter().all(|d| d.state == "closed"));
}

#[test]
fn times_are_read_as_browsers_send_them() {
    let table = typed(&[
        ("mo", "open", &[("9:30", "12:00"), ("13:00:00", "17:00")]),
        ("sa", "all_day", &[]),
        ("su", "open", &[("00:00", "24:00")]),
    ]);
    assert_eq!(
        table.opening_hours().as_deref(),
        Ok("Mo 09:30-12:00,13:00-17:00; Sa,Su 00:00-24:00")
    );
}

#[test]
fn periods_in_any_order_are_sorted() {
    let table = typed(&[("tu", "open", &[("16:00", "20:00"), ("10:00", "14:00")])]);
    assert_eq!(
        table.opening_hours().as_deref(),
        Ok("Tu 10:00-14:00,16:00-20:00")
    );
}

#[test]
fn each_bad_day_gets_its_own_message() {
    let table = typed(&[
        ("mo", "open", &[("17:00", "09:00")]),
        ("tu", "open", &[("09:00", "13:00"), ("12:00", "15:00")]),
        ("we", "open", &[("09:00", "")]),
        ("th", "open", &[]),
        ("fr", "open", &[("09:00", "12:00"), ("12:00", "15:00")]),
        ("sa", "sometimes", &[]),
        ("su", "open", &[("25:00", "26:00")]),
    ]);
    let problems = table.week().expect_err("all bad");
    let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, DAY_FIELDS);
    let message = |day: &str| {
        problems
            .iter()
            .find(|(f, _)| *f == day)
            .map(|(_, m)| m.as_str())
            .unwrap_or_default()
    };
    assert!(message("hours_mo").starts_with("Monday: period 1 must close after it opens"));
    assert!(message("hours_tu").contains("overlaps or touches period 1"));
    assert!(message("hours_we").contains("enter both times of period 1"));
    assert!(message("hours_th").contains("enter when it opens and closes"));
    assert!(message("hours_fr").contains("overlaps or touches"));
    assert!(message("hours_sa").contains("choose closed, open or open 24 hours"));
    assert!(message("hours_su").contains("enter both times"));
}

#[test]
fn a_form_without_a_mode_is_a_script_using_the_text() {
    assert_eq!(HoursTable::of_form("", &BTreeMap::new()), None);
    assert_eq!(HoursTable::of_form("nonsense", &BTreeMap::new()), None);
}
