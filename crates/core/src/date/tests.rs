use super::*;

fn d(y: i32, m: u8, day: u8) -> Date {
    calendar_date(y, m, day).unwrap()
}

#[test]
fn serials_as_excel_counts() {
    assert_eq!(to_serial(d(2012, 3, 5), false), Some(40_973));
    assert_eq!(to_serial(d(1900, 3, 1), false), Some(61));
    assert_eq!(to_serial(d(1900, 2, 28), false), Some(59));
    assert_eq!(to_serial(d(1900, 1, 1), false), Some(1));
    assert_eq!(to_serial(d(1899, 12, 31), false), None);
    assert_eq!(to_serial(d(2012, 3, 5), true), Some(40_973 - 1_462));
    assert_eq!(to_serial(d(1903, 12, 31), true), None);
}

/// Excel serials both ways: every day from 1900 (1904, its second day) to 2100 goes to a serial
/// and back.
#[test]
fn serials_round_trip_in_both_systems() {
    // Serial 0 (1904-01-01 in the 1904 system) is not read as a date: below 1, as before.
    assert_eq!(to_serial(d(1904, 1, 1), true), Some(0));
    assert_eq!(from_serial(0.0, true), None);
    for (date_1904, first) in [(false, d(1900, 1, 1)), (true, d(1904, 1, 2))] {
        let mut day = first;
        while day.year() < 2100 {
            let serial = to_serial(day, date_1904).unwrap();
            assert_eq!(from_serial(serial as f64, date_1904), Some(day), "{day}");
            assert_eq!(
                from_serial(serial as f64 + 0.75, date_1904),
                Some(day),
                "{day}"
            );
            day = day.next_day().unwrap();
        }
    }
    // The 29 February 1900 Excel counts (serial 60) is no date.
    assert_eq!(from_serial(60.0, false), None);
}

#[test]
fn month_lengths_and_formats() {
    assert_eq!(
        calendar_date(2024, 2, 29).map(format_date).as_deref(),
        Ok("29-02-2024")
    );
    assert_eq!(
        calendar_date(2026, 2, 29),
        Err("februari 2026 heeft 28 dagen".to_string())
    );
    assert_eq!(
        calendar_date(2000, 2, 29).map(format_iso).as_deref(),
        Ok("2000-02-29")
    );
    assert!(calendar_date(1900, 2, 29).is_err());
    assert_eq!(
        calendar_date(2026, 13, 1),
        Err("er is geen maand 13".to_string())
    );
    assert_eq!(age_on(d(2012, 3, 5), d(2026, 3, 4)), 13);
    assert_eq!(age_on(d(2012, 3, 5), d(2026, 3, 5)), 14);
}
