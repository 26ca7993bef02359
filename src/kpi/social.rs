//! The social balance sheet of a plan: people on the payroll week by week, insertion FTE
//! against the agreed posts, the state aid against its cap, insertion pathways (people
//! accompanied, entries, exits by cause, contract lengths), training and support, and hours
//! against the working-time law. Computed from the plan's numbers and the instance alone.
//!
//! Pathways are attributed first in, first out, site by site: the opening cohorts (oldest
//! first), then each week's entries; each week's exits leave from the front of the queue.
//! People on the payroll at the opening without a `[[cohort]]` (the plan chose them) entered
//! long ago at an unknown date: they leave first, never "at the maximum", and no contract
//! length is counted for them.

use crate::plan::Plan;
use crate::plant::*;
use serde::Serialize;
use std::collections::VecDeque;

/// Below this, a number of persons or hours is nothing.
const EPS: f64 = 1e-9;

/// The least, mean and largest of a weekly series.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Range {
    /// Least week.
    pub min: f64,
    /// Mean over the weeks.
    pub mean: f64,
    /// Largest week.
    pub peak: f64,
}

impl Range {
    /// The range of `values` (all 0 when empty).
    pub fn of(values: &[f64]) -> Range {
        if values.is_empty() {
            return Range {
                min: 0.0,
                mean: 0.0,
                peak: 0.0,
            };
        }
        Range {
            min: values.iter().cloned().fold(f64::INFINITY, f64::min),
            mean: values.iter().sum::<f64>() / values.len() as f64,
            peak: values.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
        }
    }
}

/// People and hours of one staff kind, all sites together.
#[derive(Debug, Clone, Serialize)]
pub struct KindStaff {
    /// Kind.
    pub kind: StaffKind,
    /// Persons on the payroll per week, all sites (`None` for temporary staff, bought as hours).
    pub persons: Option<Range>,
    /// Persons on the payroll in each week (empty for temporary staff).
    pub persons_by_week: Vec<f64>,
    /// Paid hours over the horizon (temporary: hours bought).
    pub paid_h: f64,
    /// Full-time equivalents, mean over the horizon: paid hours / (`full_time_h_per_year` T/52).
    pub fte: f64,
    /// Full-time equivalents in each week: paid hours / (`full_time_h_per_year`/52).
    pub fte_by_week: Vec<f64>,
}

/// Insertion FTE used against the agreed posts.
#[derive(Debug, Clone, Serialize)]
pub struct InsertionFte {
    /// FTE used in each week (paid insertion hours of all sites / (`full_time_h_per_year`/52)).
    pub by_week: Vec<f64>,
    /// FTE used over the horizon (the rule's measure: paid hours / (`full_time_h_per_year` T/52)).
    pub horizon: f64,
    /// Agreed posts (`social.funded_posts`, FTE); `None` when not given.
    pub agreed: Option<f64>,
    /// Weeks using more FTE than agreed (allowed: the rule holds over the horizon).
    pub weeks_above_agreed: usize,
}

/// The state aid received against its cap.
#[derive(Debug, Clone, Serialize)]
pub struct Aid {
    /// Aid received: aid per paid hour times the paid insertion hours, plus the modulated
    /// part earned by the lasting exits where it is tied to them (EUR).
    pub received_eur: f64,
    /// Its cap: `aid_eur_per_post_year (1 + aid_modulation) funded_posts T/52` (EUR);
    /// `None` without agreed posts.
    pub cap_eur: Option<f64>,
    /// Aid per paid insertion hour, modulated part included unless it is tied to the
    /// lasting exits (EUR).
    pub eur_per_paid_h: f64,
    /// The modulated part earned by the lasting exits (EUR), where it is tied to them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modulated_by_outcomes_eur: Option<f64>,
}

/// Insertion pathways, all sites, attributed first in, first out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Pathways {
    /// Insertion workers on contract before week 1.
    pub opening: f64,
    /// Of which of unknown tenure (chosen by the plan where the site has no `[[cohort]]`).
    pub opening_unknown_tenure: f64,
    /// Entries during the horizon.
    pub entries: f64,
    /// People accompanied: opening + entries.
    pub accompanied: f64,
    /// Exits during the horizon.
    pub exits: f64,
    /// Exits of people whose contract reached the longest length (`pathway.max_contract_weeks`).
    pub exits_at_maximum: f64,
    /// Other exits (end of contract before the longest length).
    pub exits_before_maximum: f64,
    /// Exits to employment: the placements with partner firms, plus
    /// `pathway.exit_to_employment_rate` times the other exits.
    pub exits_to_employment: f64,
    /// Mean contract length of the people who left, in weeks (those of known entry week);
    /// `None` when none left.
    pub mean_contract_weeks_of_leavers: Option<f64>,
    /// People on contract at the end of the horizon.
    pub on_contract_at_end: f64,
    /// Their mean tenure at the end of the horizon, in weeks (those of known entry week);
    /// `None` when there are none.
    pub mean_tenure_at_end_weeks: Option<f64>,
    /// Entries in each week.
    pub entries_by_week: Vec<f64>,
    /// Exits in each week.
    pub exits_by_week: Vec<f64>,
    /// Exits at the maximum length in each week.
    pub exits_at_maximum_by_week: Vec<f64>,
}

/// Hours of one payroll group (site, kind) against the working-time law.
#[derive(Debug, Clone, Serialize)]
pub struct GroupHours {
    /// Site id.
    pub site: String,
    /// Kind (permanent, insertion or supervisor).
    pub kind: StaffKind,
    /// Contract hours per person and week.
    pub contract_h_per_week: f64,
    /// Hours at work per person-year: `sum_t (hc pres N + overtime) / sum_t N * 52`; `None`
    /// when nobody is on the payroll.
    pub worked_h_per_person_year: Option<f64>,
    /// The legal year for this contract: `law.worked_h_per_year min(1, hc / law.full_time_h_per_week)`.
    pub legal_h_per_person_year: f64,
    /// The overtime quota per person and year (`law.overtime_quota_h_per_year`).
    pub quota_h_per_person_year: f64,
    /// Overtime hours per person-year: `sum_t overtime / sum_t N * 52`.
    pub overtime_h_per_person_year: Option<f64>,
    /// Overtime hours at the first premium over the horizon.
    pub overtime_step1_h: f64,
    /// Overtime hours at the second premium over the horizon.
    pub overtime_step2_h: f64,
    /// Premiums paid on overtime (the hours themselves are in the paid hours), EUR.
    pub overtime_premium_eur: f64,
    /// Largest weekly hours of a present person: `hc + overtime / (pres N)`, over the weeks
    /// with someone present; `None` when nobody is ever present.
    pub max_weekly_h: Option<f64>,
    /// The group's most hours a week (`max_h_per_week`).
    pub max_h_per_week: f64,
}

/// The social balance sheet of a plan.
#[derive(Debug, Clone, Serialize)]
pub struct SocialKpis {
    /// Per staff kind with a group at some site, in kind order.
    pub staff: Vec<KindStaff>,
    /// Insertion FTE against the agreed posts.
    pub insertion_fte: InsertionFte,
    /// State aid against its cap.
    pub aid: Aid,
    /// Insertion pathways.
    pub pathways: Pathways,
    /// Paid training and support hours of insertion workers:
    /// `sum pathway.training_h_per_week pres[s,ins,t] N[s,ins,t]`.
    pub training_h: f64,
    /// Insertion advisers, all sites.
    pub advisers: f64,
    /// Per payroll group, against the working-time law.
    pub working_time: Vec<GroupHours>,
    /// The law's most hours a week (`law.max_h_per_week`).
    pub law_max_h_per_week: f64,
    /// Overtime hours at the first premium, all groups.
    pub overtime_step1_h: f64,
    /// Overtime hours at the second premium, all groups.
    pub overtime_step2_h: f64,
    /// Overtime premiums, all groups, EUR.
    pub overtime_premium_eur: f64,
}

/// The kinds on the payroll (persons, not hours).
pub const PAYROLL: [StaffKind; 3] = [
    StaffKind::Permanent,
    StaffKind::Insertion,
    StaffKind::Supervisor,
];

/// Computes the social balance sheet.
pub fn social(inst: &Instance, plan: &Plan) -> SocialKpis {
    let p = &inst.plant;
    let weeks = inst.weeks;
    let fte_week = p.social.fte_h_per_week();
    let horizon_fte_h = fte_week * weeks as f64;
    let staff: Vec<KindStaff> = StaffKind::ALL
        .into_iter()
        .filter(|&k| (0..p.sites.len()).any(|s| p.staff(SiteId(s), k).is_some()))
        .map(|k| kind_staff(inst, plan, k))
        .collect();
    let ins = StaffKind::Insertion.index();
    let ins_paid: Vec<f64> = (0..weeks)
        .map(|t| (0..p.sites.len()).map(|s| plan.paid_h[[s, ins, t]]).sum())
        .collect();
    let paid_total: f64 = ins_paid.iter().sum();
    let by_week: Vec<f64> = ins_paid.iter().map(|h| ratio(*h, fte_week)).collect();
    let agreed = p.social.funded_posts;
    let weeks_above_agreed =
        agreed.map_or(0, |a| by_week.iter().filter(|&&f| f > a + 1e-6).count());
    let aid_h = p.social.aid_eur_per_paid_h();
    let aid = Aid {
        received_eur: aid_h * paid_total + plan.aid_modulation_eur,
        cap_eur: agreed.map(|a| {
            p.social.aid_eur_per_post_year * (1.0 + p.social.aid_modulation) * a * weeks as f64
                / 52.0
        }),
        eur_per_paid_h: aid_h,
        modulated_by_outcomes_eur: p
            .social
            .outcome_modulation()
            .map(|_| plan.aid_modulation_eur),
    };
    let working_time: Vec<GroupHours> = (0..p.sites.len())
        .flat_map(|s| PAYROLL.into_iter().map(move |k| (s, k)))
        .filter_map(|(s, k)| group_hours(inst, plan, SiteId(s), k))
        .collect();
    let mut training_h = 0.0;
    for s in 0..p.sites.len() {
        for t in 0..weeks {
            training_h += p.pathway.training_h_per_week
                * inst.presence(SiteId(s), StaffKind::Insertion, t)
                * plan.staff_n[[s, ins, t]];
        }
    }
    SocialKpis {
        staff,
        insertion_fte: InsertionFte {
            by_week,
            horizon: ratio(paid_total, horizon_fte_h),
            agreed,
            weeks_above_agreed,
        },
        aid,
        pathways: pathways(inst, plan),
        training_h,
        advisers: plan.advisers.sum(),
        law_max_h_per_week: p.law.max_h_per_week,
        overtime_step1_h: working_time.iter().map(|g| g.overtime_step1_h).sum(),
        overtime_step2_h: working_time.iter().map(|g| g.overtime_step2_h).sum(),
        overtime_premium_eur: working_time.iter().map(|g| g.overtime_premium_eur).sum(),
        working_time,
    }
}

/// `num / den`, 0 when `den` is 0.
fn ratio(num: f64, den: f64) -> f64 {
    if den.abs() > EPS {
        num / den
    } else {
        0.0
    }
}

/// Persons, paid hours and FTE of one kind, all sites.
fn kind_staff(inst: &Instance, plan: &Plan, k: StaffKind) -> KindStaff {
    let p = &inst.plant;
    let sites = 0..p.sites.len();
    let fte_week = p.social.fte_h_per_week();
    let paid: Vec<f64> = (0..inst.weeks)
        .map(|t| sites.clone().map(|s| plan.paid_h[[s, k.index(), t]]).sum())
        .collect();
    let persons_by_week: Vec<f64> = if k == StaffKind::Temporary {
        Vec::new()
    } else {
        (0..inst.weeks)
            .map(|t| sites.clone().map(|s| plan.staff_n[[s, k.index(), t]]).sum())
            .collect()
    };
    let paid_h: f64 = paid.iter().sum();
    KindStaff {
        kind: k,
        persons: (k != StaffKind::Temporary).then(|| Range::of(&persons_by_week)),
        persons_by_week,
        paid_h,
        fte: ratio(paid_h, fte_week * inst.weeks as f64),
        fte_by_week: paid.iter().map(|h| ratio(*h, fte_week)).collect(),
    }
}

/// Hours of the payroll group (s, k) against the law; `None` without a group.
fn group_hours(inst: &Instance, plan: &Plan, s: SiteId, k: StaffKind) -> Option<GroupHours> {
    let p = &inst.plant;
    let g = p.staff(s, k)?;
    let law = &p.law;
    let hc = g.min_h_per_week;
    let (mut persons, mut at_work, mut over) = (0.0, 0.0, [0.0, 0.0]);
    let mut max_weekly: Option<f64> = None;
    for t in 0..inst.weeks {
        let n = plan.staff_n[[s.0, k.index(), t]];
        let pres = inst.presence(s, k, t);
        let o = [
            plan.overtime_h[[s.0, k.index(), 0, t]],
            plan.overtime_h[[s.0, k.index(), 1, t]],
        ];
        persons += n;
        at_work += hc * pres * n + o[0] + o[1];
        over[0] += o[0];
        over[1] += o[1];
        if pres * n > EPS {
            let h = hc + (o[0] + o[1]) / (pres * n);
            max_weekly = Some(max_weekly.map_or(h, |m: f64| m.max(h)));
        }
    }
    let per_year = |h: f64| (persons > EPS).then(|| h / persons * 52.0);
    Some(GroupHours {
        site: p.sites[s.0].named.id.clone(),
        kind: k,
        contract_h_per_week: hc,
        worked_h_per_person_year: per_year(at_work),
        legal_h_per_person_year: law.worked_h_per_year * (hc / law.full_time_h_per_week).min(1.0),
        quota_h_per_person_year: law.overtime_quota_h_per_year,
        overtime_h_per_person_year: per_year(over[0] + over[1]),
        overtime_step1_h: over[0],
        overtime_step2_h: over[1],
        overtime_premium_eur: g.cost_eur_per_h
            * (law.premium(0) * over[0] + law.premium(1) * over[1]),
        max_weekly_h: max_weekly,
        max_h_per_week: g.max_h_per_week,
    })
}

/// People of one entry week in the queue of a site: `entry` is the 1-based week of entry
/// (`1 - tenure` for an opening cohort), `None` for opening people of unknown tenure.
struct Batch {
    entry: Option<i64>,
    people: f64,
}

/// The insertion pathways of all sites, each attributed first in, first out.
fn pathways(inst: &Instance, plan: &Plan) -> Pathways {
    let p = &inst.plant;
    let weeks = inst.weeks;
    let lmax = p.pathway.max_contract_weeks as i64;
    let ins = StaffKind::Insertion.index();
    let mut out = Pathways {
        entries_by_week: vec![0.0; weeks],
        exits_by_week: vec![0.0; weeks],
        exits_at_maximum_by_week: vec![0.0; weeks],
        ..Pathways::default()
    };
    let (mut left_weeks, mut left_known) = (0.0, 0.0);
    let (mut end_weeks, mut end_known) = (0.0, 0.0);
    for s in 0..p.sites.len() {
        if p.staff(SiteId(s), StaffKind::Insertion).is_none() {
            continue;
        }
        let mut queue: VecDeque<Batch> = VecDeque::new();
        let mut cohorts: Vec<&Cohort> = p.cohorts.iter().filter(|c| c.site.0 == s).collect();
        if cohorts.is_empty() {
            let n = plan.opening_n[[s, ins]];
            out.opening += n;
            out.opening_unknown_tenure += n;
            queue.push_back(Batch {
                entry: None,
                people: n,
            });
        } else {
            // Oldest first: the largest tenure entered first.
            cohorts.sort_by_key(|c| std::cmp::Reverse(c.tenure_weeks));
            for c in cohorts {
                out.opening += c.people;
                queue.push_back(Batch {
                    entry: Some(1 - c.tenure_weeks as i64),
                    people: c.people,
                });
            }
        }
        for tw in 0..weeks {
            let week = tw as i64 + 1;
            let a = plan.hires[[s, ins, tw]];
            out.entries_by_week[tw] += a;
            queue.push_back(Batch {
                entry: Some(week),
                people: a,
            });
            let mut x = plan.departures[[s, ins, tw]];
            out.exits_by_week[tw] += x;
            while x > EPS {
                let Some(front) = queue.front_mut() else {
                    // More exits than people on contract: a plan the checker rejects; the
                    // excess counts as exits before the maximum, of unknown length.
                    break;
                };
                let m = front.people.min(x);
                if let Some(c) = front.entry {
                    let length = week - c;
                    left_weeks += m * length as f64;
                    left_known += m;
                    if length >= lmax {
                        out.exits_at_maximum_by_week[tw] += m;
                    }
                }
                front.people -= m;
                x -= m;
                if front.people <= EPS {
                    queue.pop_front();
                }
            }
        }
        for b in &queue {
            out.on_contract_at_end += b.people;
            if let Some(c) = b.entry {
                end_weeks += b.people * (weeks as i64 - c + 1) as f64;
                end_known += b.people;
            }
        }
    }
    out.entries = out.entries_by_week.iter().sum();
    out.exits = out.exits_by_week.iter().sum();
    out.exits_at_maximum = out.exits_at_maximum_by_week.iter().sum();
    out.exits_before_maximum = out.exits - out.exits_at_maximum;
    out.accompanied = out.opening + out.entries;
    // Placements with partner firms are jobs; the other exits find one at the input rate.
    let placed = plan.placed.sum().min(out.exits);
    out.exits_to_employment = placed + p.pathway.exit_to_employment_rate * (out.exits - placed);
    out.mean_contract_weeks_of_leavers = (left_known > EPS).then(|| left_weeks / left_known);
    out.mean_tenure_at_end_weeks = (end_known > EPS).then(|| end_weeks / end_known);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, Array2, Array3, Array4};

    /// The tutorial workshop over its eight weeks, every week open, no paid leave for insertion
    /// workers (presence 1), round aid figures: 18,200 EUR a post-year + 10 %, 1,820 h a year
    /// (35 h a week), 6 agreed posts, 2 h of training a week, contracts of at most 104 weeks.
    fn instance() -> Instance {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/tutorial");
        let mut inst = crate::load_instance(&dir).unwrap();
        assert_eq!(inst.weeks, 8);
        inst.availability.fill(1.0);
        let p = &mut inst.plant;
        p.social.full_time_h_per_year = 1820.0;
        p.social.aid_eur_per_post_year = 18200.0;
        p.social.aid_modulation = 0.1;
        p.social.funded_posts = Some(6.0);
        p.pathway.training_h_per_week = 2.0;
        p.pathway.max_contract_weeks = 104;
        p.pathway.exit_to_employment_rate = 0.37;
        p.law.worked_h_per_year = 1607.0;
        p.law.full_time_h_per_week = 35.0;
        p.law.overtime_quota_h_per_year = 220.0;
        p.law.overtime_premium_1 = 0.25;
        p.law.overtime_premium_2 = 0.5;
        let g = p.staff[[0, StaffKind::Insertion.index()]].as_mut().unwrap();
        g.paid_leave_weeks = 0.0;
        g.absenteeism = 0.0;
        g.min_h_per_week = 26.0;
        g.max_h_per_week = 35.0;
        g.cost_eur_per_h = 15.7;
        inst
    }

    /// A plan of zeros of the instance's shape.
    fn zero_plan(inst: &Instance) -> Plan {
        let p = &inst.plant;
        let (ns, nl, nk, nh, nw) = (
            p.sites.len(),
            p.lines.len(),
            p.streams.len(),
            p.shifts.len(),
            inst.weeks,
        );
        let (nq, no, na) = (p.lots.len(), p.outlets.len(), p.areas.len());
        Plan {
            processed_t: Array4::zeros((nl, nk, nh, nw)),
            line_hours: Array4::zeros((3, nl, nh, nw)),
            supervisor_h: Array3::zeros((ns, nh, nw)),
            paid_h: Array3::zeros((ns, 4, nw)),
            staff_n: Array3::zeros((ns, 4, nw)),
            opening_n: Array2::zeros((ns, 4)),
            hires: Array3::zeros((ns, 4, nw)),
            departures: Array3::zeros((ns, 4, nw)),
            overtime_h: Array4::zeros((ns, 4, 2, nw)),
            advisers: Array1::zeros(ns),
            headcount: Array2::zeros((ns, 4)),
            delivered_t: Array4::zeros((na, ns, nk, nw)),
            external_t: Array3::zeros((ns, nk, nw)),
            intake_stock_t: Array3::zeros((ns, nk, nw)),
            output_stock_t: Array3::zeros((ns, nq, nw)),
            shipped_t: Array4::zeros((ns, no, nq, nw)),
            trips: Array3::zeros((ns, no, nw)),
            intake_adjust_t: Array3::zeros((ns, nk, nw)),
            output_adjust_t: Array3::zeros((ns, nq, nw)),
            placed: Array1::zeros(0),
            trainees: Array2::zeros((0, nw)),
            aid_modulation_eur: 0.0,
        }
    }

    /// Sets the insertion headcount from the opening and the weekly entries and exits, and
    /// paid hours of 26 h a person plus overtime.
    fn flow(plan: &mut Plan, opening: f64, entries: &[f64], exits: &[f64], hc: f64) {
        let ins = StaffKind::Insertion.index();
        plan.opening_n[[0, ins]] = opening;
        let mut n = opening;
        for t in 0..entries.len() {
            plan.hires[[0, ins, t]] = entries[t];
            plan.departures[[0, ins, t]] = exits[t];
            n += entries[t] - exits[t];
            plan.staff_n[[0, ins, t]] = n;
            plan.paid_h[[0, ins, t]] =
                hc * n + plan.overtime_h[[0, ins, 0, t]] + plan.overtime_h[[0, ins, 1, t]];
        }
        plan.headcount = crate::plan::peak(&plan.staff_n);
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    /// Two opening cohorts (2 people 100 weeks in, 1 person 10 weeks in), 2 entries in week 2;
    /// 1 exit in week 3 (the oldest: 3 + 99 = 102 weeks, before the maximum), 2 exits in week 5
    /// (the other oldest at 5 + 99 = 104 weeks: the maximum; then the 10-week one at 14 weeks).
    #[test]
    fn fifo_exits_by_cause_fte_and_aid_against_its_cap() {
        let mut inst = instance();
        inst.plant.cohorts = vec![
            Cohort {
                site: SiteId(0),
                people: 1.0,
                tenure_weeks: 10,
            },
            Cohort {
                site: SiteId(0),
                people: 2.0,
                tenure_weeks: 100,
            },
        ];
        let mut plan = zero_plan(&inst);
        let ins = StaffKind::Insertion.index();
        plan.overtime_h[[0, ins, 0, 1]] = 10.0;
        let entries = [0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        let exits = [0.0, 0.0, 1.0, 0.0, 2.0, 0.0, 0.0, 0.0];
        flow(&mut plan, 3.0, &entries, &exits, 26.0);
        // Headcount 3, 5, 4, 4, 2, 2, 2, 2: 24 person-weeks.
        let k = social(&inst, &plan);
        let w = &k.pathways;
        close(w.opening, 3.0);
        close(w.opening_unknown_tenure, 0.0);
        close(w.entries, 2.0);
        close(w.accompanied, 5.0);
        close(w.exits, 3.0);
        close(w.exits_at_maximum, 1.0);
        close(w.exits_before_maximum, 2.0);
        close(w.exits_at_maximum_by_week[4], 1.0);
        close(w.exits_to_employment, 0.37 * 3.0);
        close(
            w.mean_contract_weeks_of_leavers.unwrap(),
            (102.0 + 104.0 + 14.0) / 3.0,
        );
        // The two who entered in week 2 are in their 7th week at the end of week 8.
        close(w.on_contract_at_end, 2.0);
        close(w.mean_tenure_at_end_weeks.unwrap(), 7.0);

        let st = k
            .staff
            .iter()
            .find(|s| s.kind == StaffKind::Insertion)
            .unwrap();
        assert_eq!(
            st.persons,
            Some(Range {
                min: 2.0,
                mean: 3.0,
                peak: 5.0
            })
        );
        // 26 h x 24 person-weeks + 10 h of overtime = 634 paid hours; 35 h a week is one FTE.
        close(st.paid_h, 634.0);
        close(st.fte, 634.0 / (35.0 * 8.0));
        close(st.fte_by_week[1], (5.0 * 26.0 + 10.0) / 35.0);
        close(k.insertion_fte.horizon, 634.0 / 280.0);
        close(k.insertion_fte.by_week[1], 4.0);
        assert_eq!(k.insertion_fte.agreed, Some(6.0));
        assert_eq!(k.insertion_fte.weeks_above_agreed, 0);
        // 18,200 x 1.1 / 1,820 = 11 EUR a paid hour; cap 18,200 x 1.1 x 6 posts x 8/52.
        close(k.aid.eur_per_paid_h, 11.0);
        close(k.aid.received_eur, 11.0 * 634.0);
        close(k.aid.cap_eur.unwrap(), 18200.0 * 1.1 * 6.0 * 8.0 / 52.0);
        // 2 h a present person-week.
        close(k.training_h, 48.0);

        let g = (k.working_time.iter())
            .find(|g| g.kind == StaffKind::Insertion)
            .unwrap();
        close(g.worked_h_per_person_year.unwrap(), 634.0 / 24.0 * 52.0);
        close(g.legal_h_per_person_year, 1607.0 * 26.0 / 35.0);
        close(g.quota_h_per_person_year, 220.0);
        close(g.overtime_h_per_person_year.unwrap(), 10.0 / 24.0 * 52.0);
        close(g.overtime_step1_h, 10.0);
        close(g.overtime_step2_h, 0.0);
        close(g.overtime_premium_eur, 15.7 * 0.25 * 10.0);
        // Week 2: 10 h of overtime shared by 5 present people.
        close(g.max_weekly_h.unwrap(), 28.0);
        close(k.overtime_premium_eur, 15.7 * 0.25 * 10.0);
    }

    /// Without a cohort the opening people entered at an unknown date: they leave first, before
    /// the maximum, and count in no contract length.
    #[test]
    fn opening_people_of_unknown_tenure_leave_first() {
        let inst = instance();
        assert!(inst.plant.cohorts.is_empty());
        let mut plan = zero_plan(&inst);
        let entries = [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        let exits = [0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        flow(&mut plan, 2.0, &entries, &exits, 26.0);
        let w = social(&inst, &plan).pathways;
        close(w.opening, 2.0);
        close(w.opening_unknown_tenure, 2.0);
        close(w.accompanied, 3.0);
        close(w.exits, 3.0);
        close(w.exits_at_maximum, 0.0);
        // Only the week-1 entrant's contract is known: week 3 - week 1 = 2 weeks.
        close(w.mean_contract_weeks_of_leavers.unwrap(), 2.0);
        close(w.on_contract_at_end, 0.0);
        assert_eq!(w.mean_tenure_at_end_weeks, None);
    }

    /// A paid-leave share lowers presence, and with it hours at work and training hours; a
    /// weekly FTE above the agreed posts is counted.
    #[test]
    fn leave_lowers_presence_and_weeks_above_the_agreed_posts_are_counted() {
        let mut inst = instance();
        inst.plant.social.funded_posts = Some(3.5);
        let g = inst.plant.staff[[0, StaffKind::Insertion.index()]]
            .as_mut()
            .unwrap();
        g.paid_leave_weeks = 5.2; // 0.8 weeks of the 8: presence 0.9
        let mut plan = zero_plan(&inst);
        flow(
            &mut plan,
            4.0,
            &[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            &[0.0; 8],
            26.0,
        );
        let k = social(&inst, &plan);
        // 5 persons x 26 h = 130 h = 3.714 FTE every week: 8 weeks above 3.5.
        assert_eq!(k.insertion_fte.weeks_above_agreed, 8);
        close(k.training_h, 2.0 * 0.9 * 40.0);
        let g = (k.working_time.iter())
            .find(|g| g.kind == StaffKind::Insertion)
            .unwrap();
        close(g.worked_h_per_person_year.unwrap(), 26.0 * 0.9 * 52.0);
        close(g.max_weekly_h.unwrap(), 26.0);
    }
}
