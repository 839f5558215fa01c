//! A long list shown a page at a time (the koppelbestand, DUO's answer): which rows a page holds
//! and how the page is named for the user.

use std::ops::Range;

use koppelhulp_core::text::dutch_number;

/// Rows per page on screen: enough to work through, few enough for every keystroke to stay
/// instant at 10,000 rows (BENCHMARKS.md).
pub const PAGE_SIZE: usize = 50;

/// The number of pages for `total` rows (at least one, also for an empty list).
pub fn page_count(total: usize, size: usize) -> usize {
    total.div_ceil(size.max(1)).max(1)
}

/// The page that holds the row at `position`.
pub fn page_of(position: usize, size: usize) -> usize {
    position / size.max(1)
}

/// The rows of `page` (clamped to the last page).
pub fn window(total: usize, page: usize, size: usize) -> Range<usize> {
    let size = size.max(1);
    let page = page.min(page_count(total, size) - 1);
    let start = page * size;
    start.min(total)..(start + size).min(total)
}

/// "regel 51–100 van 7.220", "regel 1 van 1", "geen regels".
pub fn range_text(range: &Range<usize>, total: usize, noun: &str, nouns: &str) -> String {
    if total == 0 || range.is_empty() {
        return format!("geen {nouns}");
    }
    if range.len() == 1 && total == 1 {
        return format!("{noun} 1 van 1");
    }
    format!(
        "{noun} {}–{} van {}",
        dutch_number(range.start + 1),
        dutch_number(range.end),
        dutch_number(total)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows() {
        // (total, page, size) → range
        let cases = [
            (0, 0, 50, 0..0),
            (1, 0, 50, 0..1),
            (50, 0, 50, 0..50),
            (51, 1, 50, 50..51),
            (7220, 3, 50, 150..200),
            (7220, 999, 50, 7200..7220),
            (10, 0, 0, 0..1),
        ];
        for (total, page, size, expected) in cases {
            assert_eq!(window(total, page, size), expected, "{total} {page} {size}");
        }
    }

    #[test]
    fn counts_and_names() {
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(50, 50), 1);
        assert_eq!(page_count(51, 50), 2);
        assert_eq!(page_count(10_000, 50), 200);
        assert_eq!(page_of(0, 50), 0);
        assert_eq!(page_of(49, 50), 0);
        assert_eq!(page_of(50, 50), 1);
        assert_eq!(page_of(9998, 50), 199);
        assert_eq!(range_text(&(0..0), 0, "regel", "regels"), "geen regels");
        assert_eq!(range_text(&(0..1), 1, "regel", "regels"), "regel 1 van 1");
        assert_eq!(
            range_text(&(50..100), 7220, "regel", "regels"),
            "regel 51–100 van 7.220"
        );
    }
}
