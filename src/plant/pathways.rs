//! The insertion pathways of a plant: contract lengths, ramp-up, early exits and the cohorts
//! on contract before week 1 (`[pathway]`, `[[cohort]]`), and the pathways to work: skills
//! learnt on a line or in a training module (`[[skill]]`), the partner firms and their
//! openings (`[[partner]]`; FORMULATION §4.7, §4.7b).

use super::{LineId, Named, SiteId};
use serde::Serialize;

/// Insertion pathways (`[pathway]`).
#[derive(Debug, Clone, Serialize)]
pub struct Pathway {
    /// Least contract length (weeks): nobody leaves before it.
    pub min_contract_weeks: usize,
    /// Longest contract length (weeks): everyone has left when it is reached.
    pub max_contract_weeks: usize,
    /// Productivity share of a new insertion worker in tenure weeks 1, 2, ... (empty: none).
    pub ramp_up: Vec<f64>,
    /// Paid training and support hours per insertion worker and present week (produce nothing).
    pub training_h_per_week: f64,
    /// Entries, exits, hires and departures take effect only in weeks 1, 1 + m, 1 + 2m, ...
    /// (m = 1: any week; m = 4: contracts start and end on four-week months).
    pub change_every_weeks: usize,
    /// Cost of one entry (recruitment, induction), EUR.
    pub entry_cost_eur: f64,
    /// Share of exits that go to employment (an input: Dares observes 37 % six months after).
    pub exit_to_employment_rate: f64,
    /// Share of the exits other than placements that go to a qualifying training: the
    /// funders' positive exits (reports only; 0 by default).
    pub exit_to_training_rate: f64,
    /// Weekly rate h of early exits by tenure: from the least contract length on, a share h
    /// of the people still on contract leaves each week (a job found, a move, a drop-out),
    /// until the longest length ends every contract (0: no early exits required).
    pub early_exit_rate_per_week: f64,
    /// Value of one placement with a partner (EUR, counted against the cost; 0: none).
    pub placement_value_eur: f64,
    /// Least lasting exits over the horizon (0: no target; FORMULATION §4.7b).
    pub lasting_exits_min: f64,
    /// Share of the open market's jobs that are lasting (reports and the target).
    pub lasting_share_of_market_jobs: f64,
}

/// A skill (`[[skill]]`), learnt on a line or in a training module.
#[derive(Debug, Clone, Serialize)]
pub struct Skill {
    /// Names.
    pub named: Named,
    /// The site whose insertion workers learn it.
    pub site: SiteId,
    /// Hours one person needs: of insertion work on the line, or of the module.
    pub hours: f64,
    /// Where it is learnt.
    pub learnt: Learnt,
}

/// Where a skill is learnt.
#[derive(Debug, Clone, Serialize)]
pub enum Learnt {
    /// On a line, by the insertion hours worked there.
    Line(LineId),
    /// In a training module, off the lines.
    Module(Module),
}

/// A training module teaching a skill.
#[derive(Debug, Clone, Serialize)]
pub struct Module {
    /// Weeks it takes; its hours are spread evenly over them (`hours / weeks` a week).
    pub weeks: usize,
    /// Fee per trainee (EUR).
    pub cost_eur: f64,
    /// Trainees who may start it in a month.
    pub seats_per_month: f64,
}

impl Skill {
    /// The line it is learnt on, `None` for a module.
    pub fn line(&self) -> Option<LineId> {
        match self.learnt {
            Learnt::Line(l) => Some(l),
            Learnt::Module(_) => None,
        }
    }

    /// Its training module, `None` for a skill learnt on a line.
    pub fn module(&self) -> Option<&Module> {
        match &self.learnt {
            Learnt::Line(_) => None,
            Learnt::Module(m) => Some(m),
        }
    }
}

/// The contract a partner offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ContractType {
    /// Permanent contract.
    Permanent,
    /// Fixed-term contract of 6 months or more.
    FixedTerm6m,
    /// Shorter contract.
    Short,
}

impl ContractType {
    /// The funders' lasting employment: permanent, or fixed-term of 6 months or more.
    pub fn lasting(self) -> bool {
        !matches!(self, ContractType::Short)
    }

    /// The name in the files.
    pub fn name(self) -> &'static str {
        match self {
            ContractType::Permanent => "permanent",
            ContractType::FixedTerm6m => "fixed_6m",
            ContractType::Short => "short",
        }
    }
}

/// A partner firm (`[[partner]]`).
#[derive(Debug, Clone, Serialize)]
pub struct Partner {
    /// Names.
    pub named: Named,
    /// Sector.
    pub sector: String,
    /// The site whose insertion workers it hires.
    pub site: SiteId,
}

/// An opening of a partner.
#[derive(Debug, Clone, Serialize)]
pub struct Opening {
    /// Index of the partner in [`Plant::partners`].
    pub partner: usize,
    /// The week the people start at the partner (1-based, as given).
    pub week: usize,
    /// The skill it asks for (index in [`Plant::skills`]).
    pub skill: usize,
    /// People it hires.
    pub count: f64,
    /// The contract it offers.
    pub contract: ContractType,
    /// Weeks before the start a candidate must be named.
    pub notice_weeks: usize,
}

impl Opening {
    /// The week (0-based) its placements leave the plant: the last change week at or before
    /// its start week, since exits happen only in change weeks; `None` beyond a horizon of
    /// `weeks` weeks.
    pub fn exit_week(&self, weeks: usize, change_every_weeks: usize) -> Option<usize> {
        let w = self.week.checked_sub(1)?;
        (w < weeks).then(|| w / change_every_weeks.max(1) * change_every_weeks.max(1))
    }

    /// The week (0-based) by which its candidates are named and so hold the skill: its
    /// notice before the start week, at the latest the exit week, at the earliest week 1;
    /// `None` where the exit week is beyond the horizon.
    pub fn name_week(&self, weeks: usize, change_every_weeks: usize) -> Option<usize> {
        let e = self.exit_week(weeks, change_every_weeks)?;
        Some((self.week - 1).saturating_sub(self.notice_weeks).min(e))
    }
}

impl Pathway {
    /// `F(c, t)`: the share of the people who entered in week `c` (1-based; `c <= 0` for people
    /// already on contract in week 1, who are counted from week 1 on) who have left by week
    /// `t` under the early-exit rate h: 0 before the least length Lmin, then
    /// `1 - (1 - h)^n` after n weeks at risk (the exit weeks `max(1, c + Lmin) ..= t`), and 1
    /// from the longest length Lmax on. 0 everywhere when h is 0 (the longest length alone
    /// ends contracts, FORMULATION §4.7).
    pub fn early_exit_share(&self, c: i64, t: i64) -> f64 {
        let h = self.early_exit_rate_per_week;
        if h <= 0.0 {
            return 0.0;
        }
        let (lmin, lmax) = (
            self.min_contract_weeks as i64,
            self.max_contract_weeks as i64,
        );
        if t - c >= lmax {
            return 1.0;
        }
        let at_risk = t - (c + lmin).max(1) + 1;
        if at_risk <= 0 {
            0.0
        } else {
            1.0 - (1.0 - h).powi(at_risk as i32)
        }
    }
}

/// Insertion workers on contract before week 1 (`[[cohort]]`).
#[derive(Debug, Clone, Serialize)]
pub struct Cohort {
    /// The site.
    pub site: SiteId,
    /// Persons.
    pub people: f64,
    /// Weeks already on contract before week 1.
    pub tenure_weeks: usize,
}
