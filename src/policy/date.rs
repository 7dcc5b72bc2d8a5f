//! Dates as IAM condition values: ISO 8601 with or without time and zone, and
//! epoch seconds. Everything becomes seconds since the Unix epoch (UTC).

/// Parse a condition date value. Date-only values mean midnight UTC; a time
/// without a zone is read as UTC, as IAM does.
pub fn parse(value: &str) -> Option<i64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return v.parse().ok();
    }
    let b = v.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let s = v.get(range)?;
        s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut secs = days_from_civil(year, month, day) * 86_400;
    let rest = &v[10..];
    if rest.is_empty() {
        return Some(secs);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let rb = rest.as_bytes();
    if rb.len() < 5 || rb[2] != b':' {
        return None;
    }
    let hour: i64 = rest.get(0..2)?.parse().ok()?;
    let minute: i64 = rest.get(3..5)?.parse().ok()?;
    let mut i = 5;
    let mut second = 0;
    if rb.get(i) == Some(&b':') {
        second = rest.get(i + 1..i + 3)?.parse().ok()?;
        i += 3;
        if rb.get(i) == Some(&b'.') {
            i += 1;
            while rb.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    secs += hour * 3600 + minute * 60 + second;
    let zone = &rest[i..];
    let offset = match zone {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let z = &zone[1..];
            let (h, m) = match z.len() {
                5 if z.as_bytes()[2] == b':' => (z.get(0..2)?, z.get(3..5)?),
                4 => (z.get(0..2)?, z.get(2..4)?),
                2 => (z, "00"),
                _ => return None,
            };
            let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
            sign * (h * 3600 + m * 60)
        }
    };
    Some(secs - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for messages.
pub fn format(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Inverse of days_from_civil.
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_and_epoch() {
        assert_eq!(parse("1970-01-01"), Some(0));
        assert_eq!(parse("2024-12-31T23:59:59Z"), Some(1_735_689_599));
        assert_eq!(parse("2024-12-31T23:59:59.250Z"), Some(1_735_689_599));
        assert_eq!(parse("2025-01-01T01:00:00+01:00"), Some(1_735_689_600));
        assert_eq!(parse("2025-01-01T01:00:00+0100"), Some(1_735_689_600));
        assert_eq!(parse("2024-12-31T23:59"), Some(1_735_689_540));
        assert_eq!(parse("1735689599"), Some(1_735_689_599));
        assert_eq!(parse("2024-02-30"), None);
        assert_eq!(parse("2024-13-01"), None);
        assert_eq!(parse("31/12/2024"), None);
        assert_eq!(parse("2024-12-31T25:00:00Z"), None);
        assert_eq!(format(1_735_689_599), "2024-12-31T23:59:59Z");
        assert_eq!(format(0), "1970-01-01T00:00:00Z");
    }
}
