use super::*;

#[test]
fn number_formats() {
    let cases = [
        ("dd-mm-yyyy", FormatKind::Date),
        ("d/m/yy;@", FormatKind::Date),
        ("[$-413]d mmmm yyyy", FormatKind::Date),
        ("jjjj-mm-dd", FormatKind::Date),
        ("@", FormatKind::Text),
        ("0.00", FormatKind::Other),
        ("h:mm", FormatKind::Other),
        ("\"dag\" 0", FormatKind::Other),
        ("0\\d", FormatKind::Other),
    ];
    for (code, kind) in cases {
        assert_eq!(code_kind(code), kind, "{code}");
    }
    assert_eq!(builtin_kind(14), FormatKind::Date);
    assert_eq!(builtin_kind(49), FormatKind::Text);
    assert_eq!(builtin_kind(0), FormatKind::Other);
}

#[test]
fn references_and_texts() {
    for (col, letters) in [
        (0, "A"),
        (25, "Z"),
        (26, "AA"),
        (701, "ZZ"),
        (16_383, "XFD"),
    ] {
        assert_eq!(column_letters(col), letters);
        assert_eq!(column_index(letters), Some(col));
    }
    assert_eq!(column_index("XFE"), None);
    assert_eq!(cell_ref("$B$12"), Some((1, 12)));
    assert_eq!(cell_ref("B0"), None);
    assert_eq!(cell_ref("12"), None);
    assert_eq!(cell_text("a<b>&c"), "a&lt;b&gt;&amp;c");
    assert_eq!(cell_text("_x0041_ en _x12_"), "_x005F_x0041_ en _x12_");
    assert_eq!(cell_text("a\u{1}b\r"), "a_x0001_b&#13;");
    assert_eq!(
        resolve("xl", "worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml"
    );
    assert_eq!(resolve("xl", "/xl/styles.xml"), "xl/styles.xml");
    assert_eq!(
        resolve("xl/worksheets", "../tables/t.xml"),
        "xl/tables/t.xml"
    );
    assert_eq!(rels_of("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
}
