//! Calendar dates: the proleptic Gregorian calendar by days-from-civil arithmetic (days
//! counted from 1970-01-01), weekdays and ISO 8601 weeks. An instance's `first_monday` puts
//! its weeks on the calendar: week t (1-based) starts on `first_monday + 7 (t - 1)` days.

use serde::{Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Month names, January first.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year (1 to 9999 when parsed).
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 28-31.
    pub day: u8,
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    /// Monday, the first day of an ISO week.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    /// Days since Monday (Monday 0, Sunday 6).
    pub fn from_monday(self) -> u8 {
        self as u8
    }
    /// The English name, `Monday`.
    pub fn name(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }
    /// The name's first three letters, `Mon`.
    pub fn short(self) -> &'static str {
        &self.name()[..3]
    }
}

impl fmt::Display for Weekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An ISO 8601 week: the year it belongs to (which may differ from the calendar year of its
/// days at the turn of a year) and its number, 1 to 52 or 53. Written `2026-W02`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    /// The ISO week-numbering year: the calendar year of the week's Thursday.
    pub year: i32,
    /// The week's number, 1 to 53.
    pub week: u8,
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl Serialize for IsoWeek {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a text is not a date, as a message completes it: `got "2026-02-30", expected a date
/// written YYYY-MM-DD (February 2026 has 28 days)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// The text that was read.
    pub text: String,
    /// What is wrong with it (empty when it is not written YYYY-MM-DD at all).
    pub reason: String,
}

impl DateError {
    /// The message for a field that expects `what` (`a date`, `the Monday that week 1 starts
    /// on`): `got "2026-02-30", expected <what> written YYYY-MM-DD (February 2026 has 28 days)`.
    pub fn expected(&self, what: &str) -> String {
        let head = format!(
            "got \"{}\", expected {what} written YYYY-MM-DD",
            self.text.escape_debug()
        );
        if self.reason.is_empty() {
            format!("{head}, e.g. 2026-01-05")
        } else {
            format!("{head} ({})", self.reason)
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.expected("a date"))
    }
}

impl std::error::Error for DateError {}

/// Whether a year of the proleptic Gregorian calendar is a leap year.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days of a month (1 to 12) in a year.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// The date, or why the day or month does not exist.
    pub fn new(year: i32, month: u8, day: u8) -> Result<Date, String> {
        if !(1..=12).contains(&month) {
            return Err(format!("month {month} does not exist, expected 01 to 12"));
        }
        let last = days_in_month(year, month);
        if !(1..=last).contains(&day) {
            return Err(format!(
                "{} {year} has {last} days",
                MONTHS[month as usize - 1]
            ));
        }
        Ok(Date { year, month, day })
    }

    /// Reads a date written `YYYY-MM-DD` (four, two and two digits; year 0001 to 9999).
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let err = |reason: String| DateError {
            text: text.to_string(),
            reason,
        };
        let b = text.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return Err(err(String::new()));
        }
        let year: i32 = text[..4].parse().map_err(|_| err(String::new()))?;
        let month: u8 = text[5..7].parse().map_err(|_| err(String::new()))?;
        let day: u8 = text[8..].parse().map_err(|_| err(String::new()))?;
        if year == 0 {
            return Err(err("year 0000 does not exist, expected 0001 to 9999".into()));
        }
        Date::new(year, month, day).map_err(err)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400; // 0..=399
        let mp = (m + 9) % 12; // March 0 .. February 11
        let doy = (153 * mp + 2) / 5 + d - 1; // 0..=365
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // 0..=146096
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The date `n` days later (earlier when `n` is negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + n)
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (3 days after a Monday).
        Weekday::ALL[(self.days_since_epoch() + 3).rem_euclid(7) as usize]
    }

    /// The Monday of the date's ISO week (the date itself on a Monday).
    pub fn monday(self) -> Date {
        self.add_days(-i64::from(self.weekday().from_monday()))
    }

    /// The day of the year, 1 to 366.
    pub fn ordinal(self) -> u16 {
        let jan1 = Date {
            year: self.year,
            month: 1,
            day: 1,
        };
        (self.days_since_epoch() - jan1.days_since_epoch() + 1) as u16
    }

    /// The ISO 8601 week: the week (Monday to Sunday) belongs to the year of its Thursday,
    /// and week 1 is the one holding the year's first Thursday.
    pub fn iso_week(self) -> IsoWeek {
        let thursday = self.add_days(3 - i64::from(self.weekday().from_monday()));
        IsoWeek {
            year: thursday.year,
            week: ((thursday.ordinal() - 1) / 7 + 1) as u8,
        }
    }

    /// The month's first three letters, `Jan`.
    pub fn month_short(self) -> &'static str {
        &MONTHS[self.month as usize - 1][..3]
    }

    /// Day and month as an axis label: `6 Jan`.
    pub fn day_month(self) -> String {
        format!("{} {}", self.day, self.month_short())
    }

    /// Weekday, day, month and year: `Mon 20 Jan 2014`.
    pub fn long(self) -> String {
        format!(
            "{} {} {} {}",
            self.weekday().short(),
            self.day,
            self.month_short(),
            self.year
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        Date::parse(s)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a date cannot be the first day of week 1 (`None`: it can, being a Monday): names the
/// weekday and the Monday of the same week, e.g. `2026-01-06 is a Tuesday, expected the
/// Monday that week 1 starts on, e.g. 2026-01-05`.
pub fn not_a_monday(d: Date) -> Option<String> {
    let wd = d.weekday();
    (wd != Weekday::Monday).then(|| {
        format!(
            "{d} is a {wd}, expected the Monday that week 1 starts on, e.g. {}",
            d.monday()
        )
    })
}

/// A horizon of `weeks` weeks from `first_monday`, as summaries name it: `weeks 1-52,
/// Monday 2014-01-06 to Sunday 2015-01-04`.
pub fn period(first_monday: Date, weeks: usize) -> String {
    format!("weeks 1-{weeks}, {}", span(first_monday, weeks))
}

/// The days of `weeks` weeks from `first_monday`: `Monday 2014-01-06 to Sunday 2015-01-04`.
pub fn span(first_monday: Date, weeks: usize) -> String {
    let last = first_monday.add_days(7 * weeks as i64 - 1);
    format!(
        "{} {first_monday} to {} {last}",
        first_monday.weekday(),
        last.weekday()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }
    fn iso(s: &str) -> String {
        d(s).iso_week().to_string()
    }

    #[test]
    fn known_weekdays() {
        assert_eq!(d("1970-01-01").weekday(), Weekday::Thursday);
        assert_eq!(d("2026-01-01").weekday(), Weekday::Thursday);
        assert_eq!(d("2014-01-06").weekday(), Weekday::Monday);
        assert_eq!(d("2000-02-29").weekday(), Weekday::Tuesday);
        assert_eq!(d("1969-12-31").weekday(), Weekday::Wednesday);
        assert_eq!(d("1600-03-01").weekday(), Weekday::Wednesday);
        assert_eq!(d("2026-01-06").weekday(), Weekday::Tuesday);
        assert_eq!(d("2026-01-04").weekday(), Weekday::Sunday);
    }

    #[test]
    fn days_since_epoch_round_trip() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(d("1969-12-31").days_since_epoch(), -1);
        assert_eq!(d("0001-01-01").days_since_epoch(), -719_162);
        assert_eq!(d("9999-12-31").days_since_epoch(), 2_932_896);
        // Every day from 1599 to 2401 goes to its number and back, one after the other.
        let mut prev = d("1599-01-01");
        for n in prev.days_since_epoch() + 1..d("2401-01-01").days_since_epoch() {
            let x = Date::from_days_since_epoch(n);
            assert_eq!(x.days_since_epoch(), n);
            let next_ok = if prev.day == days_in_month(prev.year, prev.month) {
                x.day == 1 && (x.month == prev.month % 12 + 1)
            } else {
                x.day == prev.day + 1 && x.month == prev.month && x.year == prev.year
            };
            assert!(next_ok, "{x} after {prev}");
            prev = x;
        }
    }

    #[test]
    fn add_days_across_months_years_and_leap_days() {
        assert_eq!(d("2014-01-06").add_days(7 * 51).to_string(), "2014-12-29");
        assert_eq!(
            d("2014-01-06").add_days(7 * 52 - 1).to_string(),
            "2015-01-04"
        );
        assert_eq!(d("2024-02-28").add_days(1).to_string(), "2024-02-29");
        assert_eq!(d("2024-02-29").add_days(1).to_string(), "2024-03-01");
        assert_eq!(d("2023-02-28").add_days(1).to_string(), "2023-03-01");
        assert_eq!(d("1900-02-28").add_days(1).to_string(), "1900-03-01");
        assert_eq!(d("2000-02-28").add_days(1).to_string(), "2000-02-29");
        assert_eq!(d("2024-03-01").add_days(-1).to_string(), "2024-02-29");
        assert_eq!(d("2025-01-01").add_days(-366).to_string(), "2024-01-01");
    }

    #[test]
    fn iso_weeks_at_the_turn_of_the_year() {
        assert_eq!(iso("2026-01-01"), "2026-W01");
        assert_eq!(iso("2026-01-05"), "2026-W02");
        assert_eq!(iso("2024-12-30"), "2025-W01");
        assert_eq!(iso("2020-12-31"), "2020-W53");
        assert_eq!(iso("2021-01-03"), "2020-W53");
        assert_eq!(iso("2021-01-04"), "2021-W01");
        assert_eq!(iso("2014-01-06"), "2014-W02");
        assert_eq!(iso("2014-12-29"), "2015-W01");
        assert_eq!(iso("2016-01-03"), "2015-W53");
        assert_eq!(iso("2008-12-29"), "2009-W01");
        assert_eq!(iso("2024-02-29"), "2024-W09");
        // Weeks run Monday to Sunday: a Sunday is in the week of the Monday before.
        assert_eq!(d("2026-01-11").iso_week(), d("2026-01-05").iso_week());
        assert_ne!(d("2026-01-12").iso_week(), d("2026-01-11").iso_week());
    }

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2024));
        assert!(is_leap_year(2000));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2026));
        assert_eq!(d("2024-12-31").ordinal(), 366);
        assert_eq!(d("2026-12-31").ordinal(), 365);
    }

    #[test]
    fn display_and_labels() {
        let x = d("2014-01-20");
        assert_eq!(x.to_string(), "2014-01-20");
        assert_eq!(x.day_month(), "20 Jan");
        assert_eq!(x.long(), "Mon 20 Jan 2014");
        assert_eq!(d("0987-06-05").to_string(), "0987-06-05");
        assert_eq!(
            serde_json::to_string(&x).unwrap(),
            "\"2014-01-20\"".to_string()
        );
        assert_eq!(
            serde_json::to_string(&x.iso_week()).unwrap(),
            "\"2014-W04\"".to_string()
        );
    }

    #[test]
    fn bad_dates_say_why() {
        let e = |s: &str| Date::parse(s).unwrap_err().to_string();
        assert_eq!(
            e("2026-02-30"),
            "got \"2026-02-30\", expected a date written YYYY-MM-DD (February 2026 has 28 days)"
        );
        assert_eq!(
            e("2024-02-30"),
            "got \"2024-02-30\", expected a date written YYYY-MM-DD (February 2024 has 29 days)"
        );
        assert!(e("2026-13-01").contains("month 13 does not exist"));
        assert!(e("2026-04-31").contains("April 2026 has 30 days"));
        assert!(e("2026-01-00").contains("January 2026 has 31 days"));
        assert!(e("0000-01-01").contains("year 0000 does not exist"));
        for bad in [
            "",
            "2026-1-5",
            "5/1/2026",
            "2026-01-05T00:00",
            "20260105",
            "２０２６-01-05",
            "+026-01-05",
        ] {
            assert!(
                e(bad).ends_with("expected a date written YYYY-MM-DD, e.g. 2026-01-05"),
                "{bad}: {}",
                e(bad)
            );
        }
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn periods() {
        assert_eq!(
            period(d("2014-01-06"), 52),
            "weeks 1-52, Monday 2014-01-06 to Sunday 2015-01-04"
        );
        assert_eq!(
            period(d("2024-02-26"), 1),
            "weeks 1-1, Monday 2024-02-26 to Sunday 2024-03-03"
        );
    }

    #[test]
    fn mondays() {
        assert_eq!(not_a_monday(d("2014-01-06")), None);
        assert_eq!(
            not_a_monday(d("2026-01-06")).unwrap(),
            "2026-01-06 is a Tuesday, expected the Monday that week 1 starts on, e.g. 2026-01-05"
        );
        assert_eq!(
            not_a_monday(d("2026-01-04")).unwrap(),
            "2026-01-04 is a Sunday, expected the Monday that week 1 starts on, e.g. 2025-12-29"
        );
    }
}
