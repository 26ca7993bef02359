//! Rows of the model: each constraint with a label naming its family and entities, so that
//! duals, slacks and exported names can be read in the plant's terms.

use super::Var;
use crate::plant::*;
use good_lp::{Constraint, Expression, ProblemVariables};
use serde::Serialize;

/// What a row constrains: its family and the entities it is about (weeks 0-based).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Row {
    /// supply_split.
    Supply(AreaId, StreamId, usize),
    /// intake_balance.
    IntakeBalance(SiteId, StreamId, usize),
    /// line_capacity.
    LineCapacity(LineId, ShiftId, usize),
    /// crew.
    Crew(LineId, ShiftId, usize),
    /// qualified_share.
    Qualified(LineId, ShiftId, usize),
    /// headcount_flow.
    HeadcountFlow(SiteId, StaffKind, usize),
    /// cumulative_flows: entries (false) or exits (true) up to a week.
    Cumulative(SiteId, bool, usize),
    /// contract_length: nobody leaves before the minimum length.
    MinLength(SiteId, usize),
    /// contract_length: everybody has left at the maximum length.
    MaxLength(SiteId, usize),
    /// contract_length: the early exits the tenure rate makes due by a week.
    EarlyExits(SiteId, usize),
    /// placements: placements of a skill by a week within the line hours that make holders.
    PlacementSkill(SkillId, usize),
    /// placements: placements of a week within its exits.
    PlacementExits(SiteId, usize),
    /// placements: trainees starting a skill's module in the month from a week on.
    TrainingSeats(SkillId, usize),
    /// placements: the least lasting exits.
    LastingExits,
    /// worked_within_paid.
    Worked(SiteId, StaffKind, usize),
    /// overtime, step 0 (first premium) or 1.
    Overtime(SiteId, StaffKind, usize, usize),
    /// paid_hours.
    PaidHours(SiteId, StaffKind, usize),
    /// agency_hours.
    AgencyHours(SiteId, usize),
    /// annual_hours: hours at work within the legal year and the overtime quota.
    HoursYear(SiteId, StaffKind),
    /// annual_hours: overtime within the quota.
    OvertimeQuota(SiteId, StaffKind),
    /// advisers.
    Advisers(SiteId, usize),
    /// supervision.
    Supervision(SiteId, ShiftId, usize),
    /// insertion_share.
    InsertionShare(SiteId),
    /// funded_posts.
    FundedPosts,
    /// funded_posts: the least share of the agreed posts filled.
    FundedPostsFilled,
    /// funded_posts: the modulated part of the aid earned, within its share of the hours paid
    /// (false) and pro rata of the lasting exits (true).
    AidModulation(bool),
    /// output_balance.
    OutputBalance(SiteId, LotId, usize),
    /// contracts: horizon minimum.
    OutletMin(OutletId),
    /// contracts: horizon maximum.
    OutletMax(OutletId),
    /// contracts: weekly cap.
    OutletWeekly(OutletId, usize),
    /// truckloads.
    Truck(SiteId, OutletId, usize),
    /// storage_capacity, intake.
    IntakeStorage(SiteId, usize),
    /// storage_capacity, output.
    OutputStorage(SiteId, usize),
    /// closing_stock of a stream: least.
    ClosingIntakeMin(SiteId, StreamId),
    /// closing_stock of a stream: most.
    ClosingIntakeMax(SiteId, StreamId),
    /// closing_stock of a lot: least.
    ClosingOutputMin(SiteId, LotId),
    /// closing_stock of a lot: most.
    ClosingOutputMax(SiteId, LotId),
    /// category_targets or plant_targets (None): recovery.
    Recovery(Option<CategoryId>),
    /// category_targets or plant_targets (None): recycling.
    Recycling(Option<CategoryId>),
    /// category_targets or plant_targets (None): the definition of a week's margin of the
    /// recovery (false) or recycling (true) target.
    TargetWeek(Option<CategoryId>, bool, usize),
    /// fixed_trips (MIP start repair).
    FixedTrip(SiteId, OutletId, usize),
    /// past_flows: tonnes processed on a line in a past week, summed over shifts.
    PastProcessed(LineId, StreamId, usize),
    /// past_flows: tonnes handed to the external contractor in a past week.
    PastExternal(SiteId, StreamId, usize),
    /// past_flows: tonnes of a lot shipped to an outlet in a past week.
    PastShipped(SiteId, OutletId, LotId, usize),
    /// stock_count: intake stock counted at the end of a past week.
    IntakeCount(SiteId, StreamId, usize),
    /// stock_count: output stock counted at the end of a past week.
    OutputCount(SiteId, LotId, usize),
    /// past_staffing: hours worked (false) or paid (true) by a group in a past week.
    PastHours(SiteId, StaffKind, bool, usize),
    /// past_staffing: persons (0), entries or hires (1), exits or departures (2) of a payroll
    /// group in a past week.
    PastPeople(SiteId, StaffKind, u8, usize),
    /// fixed_staffing: a whole-number staffing column (by index) fixed at a MIP plan's value,
    /// in the LP the shadow prices are read from.
    FixedStaffing(usize),
}

impl Row {
    /// The constraint family of `models/FORMULATION.md` §4 the row belongs to: the name
    /// [`Rows::family`] opens its block with, export names its rows after (`crew_17`), and
    /// explanations and shadow prices report.
    pub fn family(&self) -> &'static str {
        use Row::*;
        match self {
            Supply(..) => "supply_split",
            IntakeBalance(..) => "intake_balance",
            LineCapacity(..) => "line_capacity",
            Crew(..) => "crew",
            Qualified(..) => "qualified_share",
            HeadcountFlow(..) => "headcount_flow",
            Cumulative(..) => "cumulative_flows",
            MinLength(..) | MaxLength(..) | EarlyExits(..) => "contract_length",
            PlacementSkill(..) | PlacementExits(..) | TrainingSeats(..) | LastingExits => {
                "placements"
            }
            Worked(..) => "worked_within_paid",
            Overtime(..) => "overtime",
            PaidHours(..) => "paid_hours",
            AgencyHours(..) => "agency_hours",
            HoursYear(..) | OvertimeQuota(..) => "annual_hours",
            Advisers(..) => "advisers",
            Supervision(..) => "supervision",
            InsertionShare(..) => "insertion_share",
            FundedPosts | FundedPostsFilled | AidModulation(_) => "funded_posts",
            OutputBalance(..) => "output_balance",
            OutletMin(..) | OutletMax(..) | OutletWeekly(..) => "contracts",
            Truck(..) => "truckloads",
            IntakeStorage(..) | OutputStorage(..) => "storage_capacity",
            ClosingIntakeMin(..) | ClosingIntakeMax(..) | ClosingOutputMin(..)
            | ClosingOutputMax(..) => "closing_stock",
            Recovery(Some(_)) | Recycling(Some(_)) | TargetWeek(Some(_), ..) => "category_targets",
            Recovery(None) | Recycling(None) | TargetWeek(None, ..) => "plant_targets",
            FixedTrip(..) => "fixed_trips",
            FixedStaffing(..) => "fixed_staffing",
            PastProcessed(..) | PastExternal(..) | PastShipped(..) => "past_flows",
            IntakeCount(..) | OutputCount(..) => "stock_count",
            PastHours(..) | PastPeople(..) => "past_staffing",
        }
    }

    /// The name of the row's kind: its family's, or for the families holding several kinds
    /// of rows (contract hours, contracts, storage, closing stock, targets), the kind's.
    fn kind(&self) -> &'static str {
        use Row::*;
        match self {
            Cumulative(_, false, _) => "cumulative_entries",
            Cumulative(_, true, _) => "cumulative_exits",
            MinLength(..) => "min_length",
            MaxLength(..) => "max_length",
            EarlyExits(..) => "early_exits",
            PlacementSkill(..) => "placement_skill",
            PlacementExits(..) => "placement_exits",
            TrainingSeats(..) => "training_seats",
            LastingExits => "lasting_exits",
            AidModulation(false) => "aid_modulation_hours",
            AidModulation(true) => "aid_modulation_outcomes",
            Overtime(_, _, 0, _) => "overtime_1",
            Overtime(..) => "overtime_2",
            HoursYear(..) => "hours_year",
            OvertimeQuota(..) => "overtime_quota",
            OutletMin(..) => "outlet_min",
            OutletMax(..) => "outlet_max",
            OutletWeekly(..) => "outlet_weekly",
            IntakeStorage(..) => "intake_storage",
            OutputStorage(..) => "output_storage",
            ClosingIntakeMin(..) => "closing_intake_min",
            ClosingIntakeMax(..) => "closing_intake_max",
            ClosingOutputMin(..) => "closing_output_min",
            ClosingOutputMax(..) => "closing_output_max",
            Recovery(..) => "recovery",
            Recycling(..) => "recycling",
            TargetWeek(_, false, _) => "recovery_week",
            TargetWeek(_, true, _) => "recycling_week",
            PastProcessed(..) => "past_processed",
            PastExternal(..) => "past_external",
            PastShipped(..) => "past_shipped",
            IntakeCount(..) => "intake_count",
            OutputCount(..) => "output_count",
            PastHours(_, _, false, _) => "past_worked_h",
            PastHours(_, _, true, _) => "past_paid_h",
            PastPeople(_, _, 0, _) => "past_persons",
            PastPeople(_, _, 1, _) => "past_entries",
            PastPeople(..) => "past_exits",
            other => other.family(),
        }
    }

    /// The readable key of the row: its kind ([`Row::family`], or the kind's name in families
    /// of several kinds) and its entities by id, the week 1-based last:
    /// `line_capacity[site,line,shift,w3]`, `output_balance[site,fraction/category,w3]`,
    /// `recovery[category]`, `recovery[plant]` for the plant-wide target, `funded_posts`.
    /// Keys are unique within a model, since ids are unique within their kind and no category
    /// may be named `plant` (see [`crate::validate`]).
    pub fn key(&self, p: &Plant) -> String {
        use Row::*;
        let site = |s: SiteId| p.sites[s.0].named.id.as_str();
        let stream = |k: StreamId| p.streams[k.0].named.id.as_str();
        let shift = |h: ShiftId| p.shifts[h.0].named.id.as_str();
        let outlet = |o: OutletId| p.outlets[o.0].named.id.as_str();
        let line = |l: LineId| {
            let ln = &p.lines[l.0];
            format!("{},{}", site(ln.site), ln.named.id)
        };
        let lot = |q: LotId| {
            let (f, c) = p.lots[q.0];
            format!(
                "{}/{}",
                p.fractions[f.0].named.id, p.categories[c.0].named.id
            )
        };
        let ids = match *self {
            Supply(a, k, t) => format!("{},{},w{}", p.areas[a.0].id, stream(k), t + 1),
            IntakeBalance(s, k, t) | PastExternal(s, k, t) | IntakeCount(s, k, t) => {
                format!("{},{},w{}", site(s), stream(k), t + 1)
            }
            PastProcessed(l, k, t) => format!("{},{},w{}", line(l), stream(k), t + 1),
            PastShipped(s, o, q, t) => format!("{},{},{},w{}", site(s), outlet(o), lot(q), t + 1),
            OutputCount(s, q, t) => format!("{},{},w{}", site(s), lot(q), t + 1),
            LineCapacity(l, h, t) | Crew(l, h, t) | Qualified(l, h, t) => {
                format!("{},{},w{}", line(l), shift(h), t + 1)
            }
            Worked(s, k, t)
            | PastHours(s, k, _, t)
            | PastPeople(s, k, _, t)
            | HeadcountFlow(s, k, t)
            | PaidHours(s, k, t)
            | Overtime(s, k, _, t) => {
                format!("{},{},w{}", site(s), k.name(), t + 1)
            }
            MinLength(s, t)
            | MaxLength(s, t)
            | EarlyExits(s, t)
            | PlacementExits(s, t)
            | AgencyHours(s, t)
            | Advisers(s, t)
            | Cumulative(s, _, t) => {
                format!("{},w{}", site(s), t + 1)
            }
            HoursYear(s, k) | OvertimeQuota(s, k) => format!("{},{}", site(s), k.name()),
            Supervision(s, h, t) => format!("{},{},w{}", site(s), shift(h), t + 1),
            InsertionShare(s) => site(s).to_string(),
            PlacementSkill(k, t) | TrainingSeats(k, t) => {
                format!("{},w{}", p.skills[k.0].named.id, t + 1)
            }
            LastingExits => return self.kind().to_string(),
            FundedPosts | AidModulation(_) => return self.kind().to_string(),
            FundedPostsFilled => "filled".to_string(),
            OutputBalance(s, q, t) => format!("{},{},w{}", site(s), lot(q), t + 1),
            OutletMin(o) | OutletMax(o) => outlet(o).to_string(),
            OutletWeekly(o, t) => format!("{},w{}", outlet(o), t + 1),
            Truck(s, o, t) | FixedTrip(s, o, t) => {
                format!("{},{},w{}", site(s), outlet(o), t + 1)
            }
            FixedStaffing(col) => format!("c{col}"),
            IntakeStorage(s, t) | OutputStorage(s, t) => format!("{},w{}", site(s), t + 1),
            ClosingIntakeMin(s, k) | ClosingIntakeMax(s, k) => {
                format!("{},{}", site(s), stream(k))
            }
            ClosingOutputMin(s, q) | ClosingOutputMax(s, q) => format!("{},{}", site(s), lot(q)),
            Recovery(c) | Recycling(c) => c
                .map_or(PLANT_ID, |c| p.categories[c.0].named.id.as_str())
                .to_string(),
            TargetWeek(c, _, t) => format!(
                "{},w{}",
                c.map_or(PLANT_ID, |c| p.categories[c.0].named.id.as_str()),
                t + 1
            ),
        };
        format!("{}[{ids}]", self.kind())
    }

    /// Whether `--explain` may relax this row with a penalised slack: targets, contracts,
    /// social rules, capacities, storage and closing stock. Balances and crews stay hard.
    pub fn relaxable(&self) -> bool {
        use Row::*;
        matches!(
            self,
            LineCapacity(..)
                | Qualified(..)
                | AgencyHours(..)
                | HoursYear(..)
                | OvertimeQuota(..)
                | Supervision(..)
                | InsertionShare(..)
                | FundedPosts
                | FundedPostsFilled
                | OutletMin(..)
                | OutletMax(..)
                | OutletWeekly(..)
                | IntakeStorage(..)
                | OutputStorage(..)
                | ClosingIntakeMin(..)
                | ClosingIntakeMax(..)
                | ClosingOutputMin(..)
                | ClosingOutputMax(..)
                | Recovery(..)
                | Recycling(..)
        )
    }
}

/// A contiguous block of rows belonging to one constraint family.
#[derive(Debug, Clone, Serialize)]
pub struct Family {
    /// Name as in `models/FORMULATION.md`.
    pub name: &'static str,
    /// First row.
    pub start: usize,
    /// One past the last row.
    pub end: usize,
}

/// Penalty per unit of slack in elastic mode (EUR per tonne or hour): far above any real
/// marginal cost, so a slack is used only where the plan cannot do without.
pub const SLACK_PENALTY: f64 = 1e6;

/// A slack variable of elastic mode: how much its row had to give.
#[derive(Debug, Clone, Copy)]
pub struct Slack {
    /// The row it relaxes.
    pub row: usize,
    /// The column.
    pub var: Var,
}

/// An auxiliary column ([`Rows::column`]) and the row that defines it.
#[derive(Debug, Clone, Copy)]
pub struct Auxiliary {
    /// The row emitted right after the column: its definition.
    pub row: usize,
    /// The column.
    pub var: Var,
}

/// The rows of the model, grouped in families, with their labels.
pub struct Rows {
    /// The variable store (slacks are added to it in elastic mode).
    pub problem: ProblemVariables,
    /// The constraints, in row order.
    pub constraints: Vec<Constraint>,
    /// The label of each row.
    pub labels: Vec<Row>,
    /// Families, in row order.
    pub families: Vec<Family>,
    /// Whether relaxable rows get penalised slacks.
    pub elastic: bool,
    /// The slacks, in elastic mode.
    pub slacks: Vec<Slack>,
    /// The auxiliary columns of families' rows.
    pub auxiliary: Vec<Auxiliary>,
}

impl Rows {
    /// Rows over a variable store.
    pub fn new(problem: ProblemVariables, elastic: bool) -> Self {
        Rows {
            problem,
            constraints: Vec::new(),
            labels: Vec::new(),
            families: Vec::new(),
            elastic,
            slacks: Vec::new(),
            auxiliary: Vec::new(),
        }
    }

    /// Starts a family.
    pub fn family(&mut self, name: &'static str) {
        let n = self.constraints.len();
        self.families.push(Family {
            name,
            start: n,
            end: n,
        });
    }

    fn push(&mut self, c: Constraint, label: Row) {
        debug_assert_eq!(
            self.families.last().map(|f| f.name),
            Some(label.family()),
            "{label:?} pushed in another family's block"
        );
        self.constraints.push(c);
        self.labels.push(label);
        if let Some(f) = self.families.last_mut() {
            f.end = self.constraints.len();
        }
    }

    /// In elastic mode, adds `sign * slack` to a relaxable row's expression.
    fn relax(&mut self, e: &mut Expression, sign: f64, label: Row) {
        if self.elastic && label.relaxable() {
            let var = self.problem.add(good_lp::variable().min(0.0));
            let v = Var {
                var,
                col: self.problem.len() - 1,
            };
            e.add_mul(sign, var);
            self.slacks.push(Slack {
                row: self.constraints.len(),
                var: v,
            });
        }
    }

    /// A new column (an auxiliary variable of a family's rows, not a decision of the plan),
    /// defined by the next row emitted (export names it after that row).
    pub fn column(&mut self, def: good_lp::VariableDefinition) -> Var {
        let var = self.problem.add(def);
        let v = Var {
            var,
            col: self.problem.len() - 1,
        };
        self.auxiliary.push(Auxiliary {
            row: self.constraints.len(),
            var: v,
        });
        v
    }

    /// `e <= rhs`.
    pub fn le(&mut self, mut e: Expression, rhs: f64, label: Row) {
        self.relax(&mut e, -1.0, label);
        self.push(good_lp::constraint::leq(e, rhs), label);
    }

    /// `e >= rhs`.
    pub fn ge(&mut self, mut e: Expression, rhs: f64, label: Row) {
        self.relax(&mut e, 1.0, label);
        self.push(good_lp::constraint::geq(e, rhs), label);
    }

    /// `e == rhs` (never relaxed).
    pub fn eq(&mut self, e: Expression, rhs: f64, label: Row) {
        self.push(good_lp::constraint::eq(e, rhs), label);
    }
}
