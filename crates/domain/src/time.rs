//! The time formats of the legacy API. Times are UTC throughout.

use chrono::{NaiveDate, NaiveDateTime};

/// The legacy rendering of an unset date and time.
pub const UNSET_DATETIME: &str = "0000-00-00 00:00:00";
/// The legacy rendering of an unset date.
pub const UNSET_DATE: &str = "0000-00-00";

const DATETIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";
const DATE_FORMAT: &str = "%Y-%m-%d";

/// Formats a UTC time as `YYYY-MM-DD HH:MM:SS`, or the all-zero form when unset.
pub fn format_datetime(value: Option<NaiveDateTime>) -> String {
    match value {
        Some(value) => value.format(DATETIME_FORMAT).to_string(),
        None => UNSET_DATETIME.to_owned(),
    }
}

/// Formats a date as `YYYY-MM-DD`, or the all-zero form when unset.
pub fn format_date(value: Option<NaiveDate>) -> String {
    match value {
        Some(value) => value.format(DATE_FORMAT).to_string(),
        None => UNSET_DATE.to_owned(),
    }
}

/// Parses `YYYY-MM-DD HH:MM:SS` (or a bare `YYYY-MM-DD`, read as midnight) as UTC. The
/// all-zero form parses as `Ok(None)`. Every field must have its full width, so `2023-1-5` is
/// rejected.
pub fn parse_datetime(value: &str) -> Result<Option<NaiveDateTime>, String> {
    let value = value.trim();
    if value == UNSET_DATETIME || value == UNSET_DATE {
        return Ok(None);
    }
    if has_shape(value, "dddd-dd-dd dd:dd:dd") {
        return NaiveDateTime::parse_from_str(value, DATETIME_FORMAT)
            .map(Some)
            .map_err(|_| format!("'{value}' is not a real date and time"));
    }
    if has_shape(value, "dddd-dd-dd") {
        return NaiveDate::parse_from_str(value, DATE_FORMAT)
            .map(|date| date.and_hms_opt(0, 0, 0))
            .map_err(|_| format!("'{value}' is not a real date"));
    }
    Err(format!(
        "'{value}' is not a date and time in the form YYYY-MM-DD HH:MM:SS"
    ))
}

/// Parses `YYYY-MM-DD`. The all-zero form parses as `Ok(None)`.
pub fn parse_date(value: &str) -> Result<Option<NaiveDate>, String> {
    let value = value.trim();
    if value == UNSET_DATE {
        return Ok(None);
    }
    if !has_shape(value, "dddd-dd-dd") {
        return Err(format!("'{value}' is not a date in the form YYYY-MM-DD"));
    }
    NaiveDate::parse_from_str(value, DATE_FORMAT)
        .map(Some)
        .map_err(|_| format!("'{value}' is not a real date"))
}

/// Checks `value` against `pattern`, where `d` stands for one ASCII digit and any other
/// character for itself.
fn has_shape(value: &str, pattern: &str) -> bool {
    value.len() == pattern.len()
        && value.bytes().zip(pattern.bytes()).all(|(byte, expected)| {
            if expected == b'd' {
                byte.is_ascii_digit()
            } else {
                byte == expected
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetime_round_trips() {
        let parsed = parse_datetime("2022-12-31 01:16:05");
        assert_eq!(
            parsed.map(format_datetime),
            Ok("2022-12-31 01:16:05".to_owned())
        );
    }

    #[test]
    fn unset_datetime_is_all_zero() {
        assert_eq!(format_datetime(None), "0000-00-00 00:00:00");
        assert_eq!(parse_datetime("0000-00-00 00:00:00"), Ok(None));
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert_eq!(
            parse_datetime("2022-02-30 10:00:00"),
            Err("'2022-02-30 10:00:00' is not a real date and time".to_owned())
        );
        assert_eq!(
            parse_date("2023-02-30"),
            Err("'2023-02-30' is not a real date".to_owned())
        );
        assert!(parse_datetime("tomorrow").is_err());
        assert!(parse_date("2022-13-01").is_err());
    }

    #[test]
    fn short_and_signed_fields_are_rejected() {
        assert!(parse_date("2023-1-5").is_err());
        assert!(parse_date("+2023-01-01").is_err());
        assert!(parse_datetime("2023-01-05 9:00:00").is_err());
        assert_eq!(
            parse_date("2023-01-05").map(|date| date.is_some()),
            Ok(true)
        );
    }
}
