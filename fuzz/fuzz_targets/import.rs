//! The whole importer (file format detection, calamine, csv, HTML, header, values) on arbitrary
//! bytes. The first byte picks the file name the user would have given.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 6] = ["a.xlsx", "a.xls", "a.ods", "a.csv", "a.txt", "a.xlsb"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let today = time::Date::from_calendar_date(2026, time::Month::November, 28).unwrap();
    if let Ok(mut file) = koppelhulp_io::import::import(bytes, name, None, None, today, &mut |_, _| ()) {
        let summary = file.summary();
        let a = &summary.accounting;
        assert_eq!(a.read, a.used + a.with_problems + a.skipped_empty);
        let mapping: Vec<_> = summary.mapping.iter().rev().copied().collect();
        file.remap(&mapping, today, &mut |_, _| ());
    }
});
