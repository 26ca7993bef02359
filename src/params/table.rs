//! The table of parameter paths: the grammar, the meaning, the unit, the operations and the
//! ranges, in one place. The parser reads the patterns; the README's table is printed from it.

use super::{LawField, Ops, Param, PathwayField, Range, StaffField};
use crate::validate::limits;

/// One row of the table of paths.
#[derive(Debug, Clone, Copy)]
pub struct ParamInfo {
    /// The parameter.
    pub param: Param,
    /// The path, `<...>` standing for an id (`line.<line>.rate`).
    pub pattern: &'static str,
    /// What it is.
    pub meaning: &'static str,
    /// Its unit.
    pub unit: &'static str,
    /// `set` and `scale`, or `scale` only.
    pub ops: Ops,
    /// The values it may take (after a `set` or a `scale`).
    pub range: Range,
    /// Factors a `scale` may use, where they are bounded on their own.
    pub factor: Option<Range>,
    /// The base may have no value (an absent target or contract bound): then only `set`.
    pub optional: bool,
    /// A weekly series: sweeps may restrict a change to `weeks = [first, last]`.
    pub series: bool,
    /// Its values are whole numbers (weeks of a contract, persons on the payroll): a `set`
    /// or `scale` giving a part is refused.
    pub whole: bool,
}

const fn row(
    param: Param,
    pattern: &'static str,
    meaning: &'static str,
    unit: &'static str,
    range: Range,
) -> ParamInfo {
    ParamInfo {
        param,
        pattern,
        meaning,
        unit,
        ops: Ops::SetOrScale,
        range,
        factor: None,
        optional: false,
        series: false,
        whole: false,
    }
}

const fn optional(mut r: ParamInfo) -> ParamInfo {
    r.optional = true;
    r
}

const fn whole(mut r: ParamInfo) -> ParamInfo {
    r.whole = true;
    r
}

const fn series(mut r: ParamInfo, factor: Option<Range>) -> ParamInfo {
    r.series = true;
    r.factor = factor;
    r
}

const SHARE: Range = Range::new(0.0, 1.0);
const TONNES: Range = Range::new(0.0, limits::TONNES);
const PRICE: Range = Range::new(-limits::EUR_PER_T, limits::EUR_PER_T);
const EUR: Range = Range::new(0.0, limits::EUR);
const PERSONS: Range = Range::new(0.0, limits::PERSONS);
const WEEKS: Range = Range::new(0.0, 520.0);
const H_PER_WEEK: Range = Range::new(0.0, 80.0);
const ALL_TONNAGE: &str = "every tonnage of every stream; use tonnage.<stream> to set one stream";

/// Every parameter path, in the README's order.
pub const PATHS: &[ParamInfo] = &[
    ParamInfo {
        ops: Ops::ScaleOnly(ALL_TONNAGE),
        ..series(
            row(Param::AllTonnage, "tonnage", "all collected tonnage: every area, stream and week", "t per week", TONNES),
            Some(Range::at_least(0.0)),
        )
    },
    series(
        row(Param::Tonnage, "tonnage.<stream>", "a stream's weekly tonnage, all areas (`set`: the total per week, split across areas as in the base)", "t per week", TONNES),
        Some(Range::at_least(0.0)),
    ),
    series(
        row(Param::Price, "price.<outlet>.<fraction>", "an outlet's price for a fraction (negative: a fee)", "EUR per t", PRICE),
        None,
    ),
    row(Param::InsertionShare, "social.insertion_share_min", "least insertion share of production hours", "share", SHARE),
    optional(row(Param::FundedPosts, "social.funded_posts", "agreed insertion posts, all sites", "FTE", Range::new(0.0, limits::PERSONS))),
    row(Param::Aid, "social.aid_eur_per_post_year", "state aid per full-time post", "EUR per post-year", EUR),
    row(Param::SupervisionRatio, "social.insertion_workers_per_supervisor", "supervision ratio", "workers per supervisor", Range::new(0.1, 1000.0)),
    row(Param::AidModulation, "social.aid_modulation", "modulated part of the state aid", "share of the aid", Range::new(0.0, 0.1)),
    optional(row(Param::AdviserRatio, "social.insertion_workers_per_adviser", "insertion workers one adviser follows (absent: no advisers)", "workers per adviser", Range::new(0.1, 1000.0))),
    row(Param::AdviserCost, "social.adviser_cost_eur_per_year", "loaded cost of one insertion adviser", "EUR per adviser-year", EUR),
    optional(row(Param::PlantRecovery, "targets.recovery", "plant-wide recovery target", "share", SHARE)),
    optional(row(Param::PlantRecycling, "targets.recycling", "plant-wide recycling target", "share", SHARE)),
    optional(row(Param::CategoryRecovery, "category.<category>.recovery_target", "a category's recovery target", "share", SHARE)),
    optional(row(Param::CategoryRecycling, "category.<category>.recycling_target", "a category's recycling target", "share", SHARE)),
    whole(row(Param::Staff(StaffField::HeadcountMin), "staff.<site>.<kind>.headcount_min", "least headcount of a staff group in every week", "persons", PERSONS)),
    whole(row(Param::Staff(StaffField::HeadcountMax), "staff.<site>.<kind>.headcount_max", "largest headcount of a staff group in every week (temporary: the agency's pool)", "persons", PERSONS)),
    row(Param::Staff(StaffField::MinHours), "staff.<site>.<kind>.min_h_per_week", "least weekly hours per person", "h per week", Range::new(0.0, 80.0)),
    row(Param::Staff(StaffField::MaxHours), "staff.<site>.<kind>.max_h_per_week", "most weekly hours per person", "h per week", Range::new(0.0, 80.0)),
    row(Param::Staff(StaffField::Cost), "staff.<site>.<kind>.cost_eur_per_h", "hourly cost of a staff group", "EUR per h", Range::new(0.0, limits::EUR_PER_H)),
    row(Param::Staff(StaffField::Productivity), "staff.<site>.<kind>.productivity", "productivity of a staff group", "factor", Range::new(0.01, 3.0)),
    row(Param::Staff(StaffField::Absenteeism), "staff.<site>.<kind>.absenteeism", "share of present time lost to absence, paid but not worked", "share", Range::new(0.0, 0.9)),
    row(Param::Staff(StaffField::PaidLeave), "staff.<site>.<kind>.paid_leave_weeks", "paid-leave weeks per person and year", "weeks per year", Range::new(0.0, 52.0)),
    optional(row(Param::Staff(StaffField::HireCost), "staff.<site>.<kind>.hire_cost_eur", "cost of one hire (permanent, supervisor; absent: no hires)", "EUR per hire", EUR)),
    optional(row(Param::Staff(StaffField::DepartureCost), "staff.<site>.<kind>.departure_cost_eur", "cost of one departure (permanent, supervisor; absent: no departures)", "EUR per departure", EUR)),
    row(Param::Staff(StaffField::AgencyMarkup), "staff.<site>.<kind>.agency_markup", "agency mark-up on the hourly cost (temporary)", "share", Range::new(0.0, 5.0)),
    whole(optional(row(Param::Staff(StaffField::HeadcountStart), "staff.<site>.<kind>.headcount_start", "persons on the payroll before week 1 (permanent, supervisor; absent: chosen by the plan)", "persons", PERSONS))),
    row(Param::LineAvailability, "line.<line>.availability", "share of shift hours the line is available", "share", SHARE),
    ParamInfo {
        ops: Ops::ScaleOnly("every process throughput of the line"),
        factor: Some(Range::above(0.0)),
        ..row(Param::LineRate, "line.<line>.rate", "every process throughput of the line", "t per line-hour", Range::new(limits::MIN_RATE_T_PER_H, limits::RATE_T_PER_H))
    },
    row(Param::LineRunningCost, "line.<line>.running_cost_eur_per_h", "running cost of the line", "EUR per line-hour", Range::new(0.0, limits::EUR_PER_H)),
    row(Param::IntakeCapacity, "site.<site>.intake_capacity_t", "intake storage capacity", "t", TONNES),
    row(Param::OutputCapacity, "site.<site>.output_capacity_t", "output storage capacity", "t", TONNES),
    row(Param::ExternalCost, "stream.<stream>.external_cost_eur_per_t", "cost of a tonne sent to an external contractor", "EUR per t", PRICE),
    row(Param::ShiftHours, "shift.<shift>.hours_per_week", "hours of a shift", "h per week", Range::new(0.0, 168.0)),
    row(Param::OutletMin, "outlet.<outlet>.min_t", "contract minimum over the horizon", "t", TONNES),
    optional(row(Param::OutletMax, "outlet.<outlet>.max_t", "contract maximum over the horizon", "t", TONNES)),
    optional(row(Param::OutletWeekly, "outlet.<outlet>.max_t_per_week", "contract maximum per week", "t per week", TONNES)),
    row(Param::Law(LawField::FullTimeWeek), "law.full_time_h_per_week", "legal full-time week", "h per week", Range::new(1.0, 80.0)),
    row(Param::Law(LawField::WorkedYear), "law.worked_h_per_year", "legal full-time year of hours worked", "h per year", Range::new(1.0, 4000.0)),
    row(Param::Law(LawField::MaxWeek), "law.max_h_per_week", "most hours one person works in a week, overtime included", "h per week", Range::new(1.0, 80.0)),
    row(Param::Law(LawField::OvertimeStep), "law.overtime_step_h", "overtime hours per week at the first premium", "h per week", H_PER_WEEK),
    row(Param::Law(LawField::Premium1), "law.overtime_premium_1", "first overtime premium", "share of the hourly cost", Range::new(0.0, 5.0)),
    row(Param::Law(LawField::Premium2), "law.overtime_premium_2", "second overtime premium", "share of the hourly cost", Range::new(0.0, 5.0)),
    row(Param::Law(LawField::OvertimeQuota), "law.overtime_quota_h_per_year", "overtime quota per person and year", "h per year", Range::new(0.0, 4000.0)),
    row(Param::Law(LawField::PaidLeave), "law.paid_leave_weeks", "paid-leave weeks per person and year; the groups whose leave is the law's (by default or given equal) follow it", "weeks per year", Range::new(0.0, 52.0)),
    whole(row(Param::Pathway(PathwayField::MinContract), "pathway.min_contract_weeks", "least insertion contract length", "weeks", WEEKS)),
    whole(row(Param::Pathway(PathwayField::MaxContract), "pathway.max_contract_weeks", "longest insertion contract length", "weeks", Range::new(1.0, 520.0))),
    row(Param::Pathway(PathwayField::Training), "pathway.training_h_per_week", "paid training hours per insertion worker and present week", "h per week", H_PER_WEEK),
    row(Param::Pathway(PathwayField::EntryCost), "pathway.entry_cost_eur", "cost of one entry into an insertion contract", "EUR per entry", EUR),
    row(Param::Pathway(PathwayField::ExitRate), "pathway.exit_to_employment_rate", "share of exits that go to employment", "share", SHARE),
    row(Param::Pathway(PathwayField::EarlyExitRate), "pathway.early_exit_rate_per_week", "weekly rate of early exits once the least contract length is reached", "share per week", SHARE),
];

impl ParamInfo {
    /// The ids of `parts` when they match this row's pattern.
    pub(super) fn matches<'a>(&self, parts: &[&'a str]) -> Option<Vec<&'a str>> {
        let pattern: Vec<&str> = self.pattern.split('.').collect();
        if pattern.len() != parts.len() {
            return None;
        }
        let mut ids = Vec::new();
        for (p, x) in pattern.iter().zip(parts) {
            if p.starts_with('<') {
                ids.push(*x);
            } else if p != x {
                return None;
            }
        }
        Some(ids)
    }
}

/// The row of a parameter.
pub(super) fn info(param: Param) -> &'static ParamInfo {
    PATHS
        .iter()
        .find(|r| r.param == param)
        .expect("every parameter has a row in PATHS")
}

/// The pattern without its last segment.
fn prefix(pattern: &str) -> &str {
    pattern.rsplit_once('.').map_or("", |(a, _)| a)
}

/// The message for a path no row matches: the fields of its group when only the last
/// segment is unknown (`line.<line>.colour`), else the list of patterns.
pub(super) fn unknown_path(path: &str, parts: &[&str]) -> String {
    let last = parts.last().copied().unwrap_or("");
    let fields: Vec<&str> = PATHS
        .iter()
        .filter(|r| {
            let mut probe = parts.to_vec();
            probe.pop();
            let p = prefix(r.pattern);
            r.pattern.split('.').count() == parts.len()
                && !p.is_empty()
                && ParamInfo { pattern: p, ..**r }.matches(&probe).is_some()
        })
        .map(|r| r.pattern.rsplit('.').next().unwrap_or(""))
        .collect();
    if fields.len() >= 2 {
        let (init, tail) = fields.split_at(fields.len() - 1);
        return format!(
            "unknown {} field \"{last}\", expected {} or {}",
            parts[0],
            init.join(", "),
            tail[0]
        );
    }
    format!(
        "unknown parameter path \"{path}\", expected one of the paths in the README's table ({})",
        groups().join(", ")
    )
}

/// The patterns, those sharing all but their last segment written once as `<prefix>.<field>`.
fn groups() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in PATHS {
        let p = prefix(r.pattern);
        let shared = !p.is_empty() && PATHS.iter().filter(|x| prefix(x.pattern) == p).count() >= 2;
        let g = if shared {
            format!("{p}.<field>")
        } else {
            r.pattern.to_string()
        };
        if !out.contains(&g) {
            out.push(g);
        }
    }
    out
}

/// The table of paths as Markdown, as the README shows it.
pub fn markdown_table() -> String {
    let mut s =
        String::from("| path | meaning | unit | operations | range |\n|---|---|---|---|---|\n");
    for r in PATHS {
        let ops = match r.ops {
            Ops::ScaleOnly(_) => "`scale` only",
            Ops::SetOrScale if r.optional => "`set`; `scale` where the base has a value",
            Ops::SetOrScale => "`set`, `scale`",
        };
        let weeks = if r.series { "; `weeks` in sweeps" } else { "" };
        let factor = r
            .factor
            .map(|f| format!("; factor {}", f.text()))
            .unwrap_or_default();
        let whole = match (r.whole, r.param) {
            (false, _) => "",
            (true, Param::Staff(StaffField::HeadcountMin | StaffField::HeadcountMax)) => {
                "; whole (temporary: any)"
            }
            (true, _) => "; whole",
        };
        s.push_str(&format!(
            "| `{}` | {} | {} | {ops}{weeks} | {}{factor}{whole} |\n",
            r.pattern,
            r.meaning,
            r.unit,
            r.range.text()
        ));
    }
    s
}
