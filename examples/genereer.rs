//! Write generated registers for import tests and the Splink comparison:
//! `cargo run --release --example genereer -- --rows N --seed S --out DIR` writes `DIR/brp.xlsx`,
//! `DIR/school.csv` (UTF-8, `;`) and `DIR/truth.csv` (`bsn,onderwijsnummer`, plus the row indices
//! because the BSN test range repeats above 9 000 BRP rows).

use std::fmt::Write as _;
use std::path::PathBuf;

use koppelhulp_core::date::format_date;
use koppelhulp_core::synth::generate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows: usize = arg("--rows").and_then(|r| r.parse().ok()).unwrap_or(2_000);
    let seed: u64 = arg("--seed").and_then(|s| s.parse().ok()).unwrap_or(2026);
    let out = PathBuf::from(arg("--out").unwrap_or_else(|| "target/synth".into()));
    std::fs::create_dir_all(&out)?;
    let set = generate(rows, seed);

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date_format = Format::new().set_num_format("dd-mm-yyyy");
    let headers = [
        "BSN",
        "Achternaam",
        "Voorvoegsel",
        "Voornamen",
        "Geboortedatum",
        "Geslacht",
        "Straat",
        "Huisnummer",
        "Postcode",
        "Woonplaats",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    for (i, r) in set.bsn_register.iter().enumerate() {
        let row = i as u32 + 1;
        let bsn = r
            .bsn
            .as_ref()
            .map(|b| b.as_str().to_string())
            .unwrap_or_default();
        sheet.write_string(row, 0, bsn)?;
        sheet.write_string(row, 1, &r.achternaam)?;
        sheet.write_string(row, 2, &r.voorvoegsel)?;
        sheet.write_string(row, 3, &r.voornamen)?;
        if let Some(d) = r.geboortedatum {
            let x = ExcelDateTime::from_ymd(d.year() as u16, d.month().into(), d.day())?;
            sheet.write_datetime_with_format(row, 4, &x, &date_format)?;
        }
        sheet.write_string(row, 5, r.geslacht.map(|g| g.code()).unwrap_or(""))?;
        sheet.write_string(row, 6, &r.straat)?;
        sheet.write_string(row, 7, &r.huisnummer)?;
        sheet.write_string(row, 8, &r.postcode)?;
        sheet.write_string(row, 9, &r.woonplaats)?;
    }
    book.save(out.join("brp.xlsx"))?;

    let mut csv = String::from(
        "Onderwijsnummer;Achternaam;Tussenvoegsel;Roepnaam;Geb.datum;Geslacht;Postcode;Huisnummer;Plaats\n",
    );
    for r in &set.onderwijs_register {
        let date = r.geboortedatum.map(format_date).unwrap_or_default();
        let number = r
            .onderwijsnummer
            .as_ref()
            .map(|o| o.as_str().to_string())
            .unwrap_or_default();
        writeln!(
            csv,
            "{number};{};{};{};{date};{};{};{};{}",
            r.achternaam.replace(';', " "),
            r.voorvoegsel,
            r.voornamen,
            r.geslacht.map(|g| g.code()).unwrap_or(""),
            r.postcode,
            r.huisnummer,
            r.woonplaats
        )?;
    }
    std::fs::write(out.join("school.csv"), csv)?;

    let mut truth = String::from("bsn,onderwijsnummer,brp_index,school_index\n");
    for (b, o) in &set.truth {
        let bsn = set
            .bsn_register
            .get(*b)
            .and_then(|r| r.bsn.as_ref())
            .map(|x| x.as_str().to_string())
            .unwrap_or_default();
        let ond = set
            .onderwijs_register
            .get(*o)
            .and_then(|r| r.onderwijsnummer.as_ref())
            .map(|x| x.as_str().to_string())
            .unwrap_or_default();
        writeln!(truth, "{bsn},{ond},{b},{o}")?;
    }
    std::fs::write(out.join("truth.csv"), truth)?;
    println!(
        "{} BRP rows, {} school rows, {} true pairs → {}",
        set.bsn_register.len(),
        set.onderwijs_register.len(),
        set.truth.len(),
        out.display()
    );
    Ok(())
}
