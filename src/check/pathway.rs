//! Insertion pathways rebuilt person by person from the plan's entries and exits, first in,
//! first out, and the contract lengths checked on that reconstruction.
//!
//! The reconstruction is a queue of (entry week, people), oldest first: the `[[cohort]]`s by
//! tenure (entry week `c_j = 1 - tenure_j`), or the opening people the plan chose, entered in
//! week 0 or before on a date not known (free to leave, overdue from week Lmax on); then each
//! week's entries. Every exit takes the oldest people on contract.
//! Nothing here reads the model's rows: the checker and the reports ([`pathways`]) judge and
//! count from the plan's tables alone.

use super::Checker;
use crate::formulation::Row;
use crate::plan::Plan;
use crate::plant::*;
use serde::Serialize;
use std::collections::VecDeque;

/// People below this are rounding residue, not persons.
const EPS: f64 = 1e-9;

/// Insertion pathways of every site with an insertion group.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Pathways {
    /// One entry per site with an insertion group, in site order.
    pub sites: Vec<SitePathways>,
}

impl Pathways {
    /// The pathways of site `s`, if it has an insertion group.
    pub fn site(&self, s: SiteId) -> Option<&SitePathways> {
        self.sites.iter().find(|p| p.site == s)
    }
}

/// The insertion pathways of one site over the horizon (weeks 0-based in the vectors).
#[derive(Debug, Clone, Serialize)]
pub struct SitePathways {
    /// The site.
    pub site: SiteId,
    /// People on contract before week 1 (the `[[cohort]]`s, or the plan's opening people).
    pub opening: f64,
    /// Entries by week.
    pub entries: Vec<f64>,
    /// Exits by week.
    pub exits: Vec<f64>,
    /// Exits by week of people whose contract reached the longest length ("maximum reached");
    /// the other exits end a contract before it.
    pub forced_exits: Vec<f64>,
    /// People accompanied over the horizon: the opening people plus the entries.
    pub accompanied: f64,
    /// People who left during the horizon.
    pub left: f64,
    /// Mean contract length (weeks) of the people who left and whose entry week is known
    /// (`None` when none did).
    pub mean_length_left_weeks: Option<f64>,
    /// People on contract at the end of the horizon.
    pub on_contract_at_end: f64,
    /// Mean tenure (weeks) at the end of the horizon of the people on contract whose entry
    /// week is known (`None` when none).
    pub mean_tenure_at_end_weeks: Option<f64>,
    /// By week: person-weeks of output the ramp-up loses, `sum rl[tenure]` over the people on
    /// contract (after the week's exits).
    pub ramp_loss_persons: Vec<f64>,
    /// By week: people who left before the least contract length.
    pub left_early: Vec<f64>,
    /// By week: people still on contract beyond the longest length (tenure `> Lmax`).
    pub overdue: Vec<f64>,
    /// By week: exits beyond the people on contract (nobody left to leave).
    pub unmatched_exits: Vec<f64>,
    /// Each exit of the reconstruction in order: who left (their entry week) in which week;
    /// the reports' paths, person by person (not in the JSON summary).
    #[serde(skip)]
    pub departures: Vec<Departure>,
    /// The people on contract at the end, oldest first (their entry week, people).
    #[serde(skip)]
    pub at_end: Vec<(Option<i64>, f64)>,
}

/// People who entered in the same week leaving in one week, first in, first out.
#[derive(Debug, Clone, Copy)]
pub struct Departure {
    /// The week they entered (1-based; 0 or less before week 1; `None`: opening people the
    /// plan chose, entered on a date not known).
    pub entered: Option<i64>,
    /// The week they left (0-based).
    pub week: usize,
    /// People.
    pub people: f64,
}

/// People on contract who entered in the same week (`None`: entered long ago, opening people
/// the plan chose without a cohort).
#[derive(Debug, Clone, Copy)]
struct Batch {
    entered: Option<i64>,
    people: f64,
}

/// Rebuilds the insertion pathways of every site with an insertion group from the plan's
/// opening people, entries and exits, first in, first out.
pub fn pathways(inst: &Instance, plan: &Plan) -> Pathways {
    let p = &inst.plant;
    let sites = (0..p.sites.len())
        .map(SiteId)
        .filter(|&s| p.staff(s, StaffKind::Insertion).is_some())
        .map(|s| site_pathways(inst, plan, s))
        .collect();
    Pathways { sites }
}

/// The opening queue of site `s`, oldest first: its cohorts by entry week, or the plan's
/// opening people as one batch entered long ago.
fn opening_queue(inst: &Instance, plan: &Plan, s: SiteId) -> VecDeque<Batch> {
    let mut batches: Vec<Batch> = (inst.plant.cohorts.iter())
        .filter(|c| c.site == s && c.people > 0.0)
        .map(|c| Batch {
            entered: Some(1 - c.tenure_weeks as i64),
            people: c.people,
        })
        .collect();
    if inst.cohort_people(s).is_none() {
        let n = plan.opening_n[[s.0, StaffKind::Insertion.index()]];
        if n > 0.0 {
            batches.push(Batch {
                entered: None,
                people: n,
            });
        }
    }
    batches.sort_by_key(|b| b.entered.unwrap_or(i64::MIN));
    batches.into()
}

/// [`pathways`] at one site.
fn site_pathways(inst: &Instance, plan: &Plan, s: SiteId) -> SitePathways {
    let p = &inst.plant;
    let ins = StaffKind::Insertion.index();
    let lmin = p.pathway.min_contract_weeks as i64;
    let lmax = p.pathway.max_contract_weeks as i64;
    let nt = inst.weeks;
    let mut queue = opening_queue(inst, plan, s);
    let opening: f64 = queue.iter().map(|b| b.people).sum();
    let mut out = SitePathways {
        site: s,
        opening,
        entries: (0..nt).map(|t| plan.hires[[s.0, ins, t]]).collect(),
        exits: (0..nt).map(|t| plan.departures[[s.0, ins, t]]).collect(),
        forced_exits: vec![0.0; nt],
        accompanied: opening,
        left: 0.0,
        mean_length_left_weeks: None,
        on_contract_at_end: 0.0,
        mean_tenure_at_end_weeks: None,
        ramp_loss_persons: vec![0.0; nt],
        left_early: vec![0.0; nt],
        overdue: vec![0.0; nt],
        unmatched_exits: vec![0.0; nt],
        departures: Vec::new(),
        at_end: Vec::new(),
    };
    let (mut known_left, mut length_sum) = (0.0, 0.0);
    for t in 0..nt {
        let week = t as i64 + 1;
        let entries = out.entries[t];
        out.accompanied += entries;
        if entries > EPS {
            queue.push_back(Batch {
                entered: Some(week),
                people: entries,
            });
        }
        let mut to_leave = out.exits[t];
        while to_leave > EPS {
            let Some(front) = queue.front_mut() else {
                break;
            };
            let n = front.people.min(to_leave);
            front.people -= n;
            to_leave -= n;
            out.left += n;
            out.departures.push(Departure {
                entered: front.entered,
                week: t,
                people: n,
            });
            if let Some(c) = front.entered {
                let length = week - c;
                known_left += n;
                length_sum += n * length as f64;
                if length < lmin {
                    out.left_early[t] += n;
                }
                if length >= lmax {
                    out.forced_exits[t] += n;
                }
            }
            if front.people <= EPS {
                queue.pop_front();
            }
        }
        out.unmatched_exits[t] = to_leave.max(0.0);
        for b in &queue {
            // Opening people the plan chose entered in week 0 or before: at least week + 1
            // weeks of contract by now.
            if b.entered.map_or(week + 1, |c| week - c + 1) > lmax {
                out.overdue[t] += b.people;
            }
            if let Some(c) = b.entered {
                let tenure = week - c + 1;
                if tenure >= 1 {
                    out.ramp_loss_persons[t] += b.people * inst.ramp_loss(tenure as usize);
                }
            }
        }
    }
    if known_left > EPS {
        out.mean_length_left_weeks = Some(length_sum / known_left);
    }
    out.on_contract_at_end = queue.iter().map(|b| b.people).sum();
    out.at_end = queue.iter().map(|b| (b.entered, b.people)).collect();
    let end = nt as i64;
    let (known, tenure_sum) = queue
        .iter()
        .filter_map(|b| {
            b.entered
                .map(|c| (b.people, b.people * (end - c + 1) as f64))
        })
        .fold((0.0, 0.0), |(n, s), (a, b)| (n + a, s + b));
    if known > EPS {
        out.mean_tenure_at_end_weeks = Some(tenure_sum / known);
    }
    out
}

/// **contract_length** (§4.7) at one site, on the first-in-first-out reconstruction: nobody
/// leaves before the least contract length, nobody is on contract beyond the longest, and no
/// exit finds nobody to leave.
///
/// ```text
/// t - c >= Lmin          for every person entered in week c who exits in week t   (min_length)
/// t - c + 1 <= Lmax      for every person entered in week c on contract in week t  (max_length)
/// ```
///
/// Opening people the plan chose (no `[[cohort]]` at the site) entered in week 0 or before, on
/// a date not known: they may leave at any time and are overdue from week Lmax on (entered in
/// week 0 at the latest). First in, first out, they leave before any newcomer.
pub(super) fn contract_length(c: &mut Checker, inst: &Instance, path: &SitePathways) {
    let p = &inst.plant;
    let s = path.site;
    for t in 0..inst.weeks {
        let scale = path.exits[t].max(1.0);
        c.viol(
            "contract_length",
            || Row::MinLength(s, t).key(p),
            path.left_early[t],
            scale,
        );
        c.viol(
            "contract_length",
            || {
                format!(
                    "{} (exits beyond the people on contract)",
                    Row::MinLength(s, t).key(p)
                )
            },
            path.unmatched_exits[t],
            scale,
        );
        c.viol(
            "contract_length",
            || Row::MaxLength(s, t).key(p),
            path.overdue[t],
            1.0,
        );
    }
}

/// **contract_length**, early exits (§4.7) at one site: in every change week, the people who
/// have left by then at least match the early exits due by tenure, counted from the plan's
/// entries, the cohorts and the opening people (none due when the rate is 0).
///
/// ```text
/// sum_{v<=t} x[v] >= sum_{c<=t} F(c,t) a[c] + F(0,t) N0 + sum_j F(1 - tenure_j, t) people_j
/// ```
pub(super) fn early_exits(c: &mut Checker, inst: &Instance, path: &SitePathways) {
    let p = &inst.plant;
    let pw = &p.pathway;
    if pw.early_exit_rate_per_week <= 0.0 {
        return;
    }
    let s = path.site;
    let cohorts: Vec<&Cohort> = p.cohorts.iter().filter(|c| c.site == s).collect();
    let mut left = 0.0;
    for t in 0..inst.weeks {
        left += path.exits[t];
        if t % pw.change_every_weeks != 0 {
            continue;
        }
        let week = t as i64 + 1;
        let mut due: f64 = (1..=week)
            .map(|e| pw.early_exit_share(e, week) * path.entries[e as usize - 1])
            .sum();
        if cohorts.is_empty() {
            due += pw.early_exit_share(0, week) * path.opening;
        }
        for j in &cohorts {
            due += pw.early_exit_share(1 - j.tenure_weeks as i64, week) * j.people;
        }
        c.viol(
            "contract_length",
            || Row::EarlyExits(s, t).key(p),
            due - left,
            due.max(1.0),
        );
    }
}
