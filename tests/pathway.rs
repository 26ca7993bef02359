//! Insertion pathways on a fixture solved by hand (`tests/fixtures/pathway-small`).
//!
//! # The fixture
//!
//! Four weeks, one site, one line, one stream; every tonne needs one person-hour (rate 1 t/h,
//! crew 1, productivity 1). Nothing can be stored (both storage capacities are 0) and the
//! external contractor costs 1,000 EUR/t, so the line processes exactly the week's tonnage
//! D = (152, 144, 95, 84), and the insertion hours worked are W[t] = D[t]. Transport, prices,
//! line and holding costs are 0: the objective is the payroll.
//!
//! Insertion workers: contract hc = 30 h, most hmax = 43 h a week, 10 EUR/h, training
//! tr = 2 h a week, no leave and no absence (pres = 1), at most 4 persons a week. Overtime
//! caps per person: c1 = min(8, 43 - 30) = 8 h at +25 % (12.5 EUR/h), c2 = 43 - 30 - 8 = 5 h
//! at +50 % (15 EUR/h). Pathway: Lmin = 2, Lmax = 6 weeks, ramp-up r = [0.5] (one week at
//! half speed), entry cost 100 EUR. One supervisor (40 h, 20 EUR/h, fixed: no hire or
//! departure cost given) covers 4 insertion hours per hour: up to 160 h a week, enough.
//!
//! Hours at work a week (worked_within_paid): 28 N[t] - 30 x 0.5 a[t] + o[t] = 28 N - 15 a + o,
//! so a person brings 28 h, a newcomer 13 h in the entry week.
//!
//! Cohorts: A, 2 persons with tenure 4 (entry week c = 1 - 4 = -3), and B, 2 persons with
//! tenure 1 (c = 0). N0 = 4. max_length: A's contracts reach 6 weeks at an exit in week
//! t = c + 6 = 3, so both have left by week 3 (X(3) >= 2). B may leave from week 2 on and must
//! by week 6, beyond the horizon. A newcomer of week 3 may not leave before week 5.
//!
//! # The optimum, week by week
//!
//! - Week 1: N <= 4 (headcount_max), all four are there: 4 x 28 = 112 h; D1 = 152 needs
//!   40 h of overtime: o1 = 4 x 8 = 32 (step 1 full) and o2 = 8 (step 2; cap 20).
//!   Replacing an A by a newcomer this week would lose 15 h more, beyond the 52 h of overtime
//!   caps: impossible.
//! - Week 2: 4 persons, D2 = 144 = 112 + 32: o1 = 32, step 1 full again.
//! - Week 3: A leaves (x3 = 2, both at the 6-week maximum). B alone gives at most
//!   2 x (28 + 13) = 82 h < 95: an entry is needed. One newcomer: 56 + 13 = 69 h, o = 26 on
//!   3 persons: o1 = 24 (full), o2 = 2. A second newcomer would save 13 h of overtime
//!   (330 - 162.5 = 167.5 EUR) for 2 x 300 EUR of pay and 100 EUR of entry: dearer. Entering
//!   in week 2 instead (N <= 4, so an A leaves then) moves the newcomer's 15 lost hours into
//!   week 2, where step 1 is full: 15 h at 15 EUR = 225 EUR, against 2 x 15 + 13 x 12.5 =
//!   192.5 EUR saved in week 3: dearer by 32.5 EUR.
//! - Week 4: 3 persons, 84 h = D4: no overtime, no entry.
//!
//! So N = (4, 4, 3, 3), entries a = (0, 0, 1, 0), exits x = (0, 0, 2, 0), step-1 overtime
//! (32, 32, 24, 0), step-2 overtime (8, 0, 2, 0), paid hours P = 30 N + o =
//! (160, 152, 116, 90).
//!
//! # The objective
//!
//! ```text
//! insertion contract hours   30 x 14 person-weeks x 10      = 4,200
//! overtime hours paid        (88 + 10) x 10                 =   980
//! overtime premiums          88 x 2.5 + 10 x 5              =   270
//! entry                      1 x 100                        =   100
//! supervisor                 40 h x 4 weeks x 20            = 3,200
//! total                                                       8,750 EUR
//! ```
//!
//! The law's yearly rows do not bind (`the_yearly_rows_do_not_bind`): hours at work
//! 30 x 14 + 98 = 518 h against (1607 x 30/35 + 1040) / 52 x 14 = 650.8 h, and overtime
//! 98 h against 1040 / 52 x 14 = 280 h.

mod common;

use common::root;
use ndarray::s;
use triplan::plant::StaffKind;
use triplan::{load_instance, run, BuildOptions, RunOptions, Solved};

const SITE: usize = 0;

fn solve(relax: bool) -> Solved {
    let inst = load_instance(&root().join("tests/fixtures/pathway-small")).unwrap();
    let opts = RunOptions {
        build: BuildOptions {
            relax,
            ..Default::default()
        },
        ..RunOptions::default()
    };
    run(&inst, &opts).unwrap()
}

fn weekly(grid: &ndarray::Array3<f64>, k: StaffKind) -> Vec<f64> {
    grid.slice(s![SITE, k.index(), ..]).to_vec()
}

fn assert_close(got: &[f64], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}");
    for (t, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-6,
            "{what}, week {}: got {g}, expected {w}",
            t + 1
        );
    }
}

#[test]
fn staffing_is_the_hand_computed_optimum() {
    let s = solve(false);
    assert!(
        s.solver_status.to_lowercase().contains("optimal"),
        "{}",
        s.solver_status
    );
    let p = s.plan.as_ref().unwrap();
    let ins = StaffKind::Insertion;
    assert_close(
        &[p.opening_n[[SITE, ins.index()]]],
        &[4.0],
        "opening insertion people",
    );
    assert_close(
        &weekly(&p.staff_n, ins),
        &[4.0, 4.0, 3.0, 3.0],
        "insertion headcount",
    );
    assert_close(&weekly(&p.hires, ins), &[0.0, 0.0, 1.0, 0.0], "entries");
    assert_close(&weekly(&p.departures, ins), &[0.0, 0.0, 2.0, 0.0], "exits");
    let o1: Vec<f64> = p.overtime_h.slice(s![SITE, ins.index(), 0, ..]).to_vec();
    let o2: Vec<f64> = p.overtime_h.slice(s![SITE, ins.index(), 1, ..]).to_vec();
    assert_close(&o1, &[32.0, 32.0, 24.0, 0.0], "step-1 overtime");
    assert_close(&o2, &[8.0, 0.0, 2.0, 0.0], "step-2 overtime");
    assert_close(
        &weekly(&p.paid_h, ins),
        &[160.0, 152.0, 116.0, 90.0],
        "paid hours",
    );
    let sup = StaffKind::Supervisor;
    assert_close(&weekly(&p.staff_n, sup), &[1.0; 4], "supervisors");
    assert_close(&weekly(&p.paid_h, sup), &[40.0; 4], "supervisor paid hours");
    let obj = s.objective.unwrap();
    assert!(
        (obj - 8750.0).abs() <= 1e-6 * 8750.0,
        "objective {obj}, expected 8,750 EUR"
    );
}

#[test]
fn the_yearly_rows_do_not_bind() {
    // hours_year: sum_t (hc pres N + o) <= (Ylaw min(1, hc/hFT) + Q) / 52 sum_t N, with
    // Ylaw = 1607, hc = 30, hFT = 35, Q = 1040: 46.49 h per person-week, 16.49 h above the
    // contract, 230.8 h over the 14 person-weeks of the optimum, for 98 h of overtime.
    // overtime_quota: 98 <= 20 x 14 = 280.
    let s = solve(false);
    let p = s.plan.as_ref().unwrap();
    let ins = StaffKind::Insertion.index();
    let person_weeks: f64 = p.staff_n.slice(s![SITE, ins, ..]).sum();
    let overtime: f64 = p.overtime_h.slice(s![SITE, ins, .., ..]).sum();
    assert!((person_weeks - 14.0).abs() < 1e-6);
    assert!((overtime - 98.0).abs() < 1e-6);
    let year = (1607.0 * 30.0 / 35.0 + 1040.0) / 52.0;
    assert!(30.0 * person_weeks + overtime < year * person_weeks - 100.0);
    assert!(overtime < 1040.0 / 52.0 * person_weeks - 100.0);
}

#[test]
fn only_the_relaxation_has_fractional_people() {
    let whole = solve(false);
    let relaxed = solve(true);
    assert!(relaxed.relaxed);
    let integral = |x: &f64| (x - x.round()).abs() <= 1e-6;
    let ins = StaffKind::Insertion;
    let p = whole.plan.as_ref().unwrap();
    for grid in [&p.staff_n, &p.hires] {
        assert!(weekly(grid, ins).iter().all(integral), "{grid:?}");
    }
    // The relaxation enters a fraction of a person early and keeps fewer than three people
    // in weeks 3 and 4, paying overtime instead: cheaper than the whole-person plan.
    let q = relaxed.plan.as_ref().unwrap();
    assert!(
        !weekly(&q.staff_n, ins).iter().all(integral),
        "{:?}",
        weekly(&q.staff_n, ins)
    );
    assert!(relaxed.objective.unwrap() < whole.objective.unwrap() - 1.0);
}

/// The smallest case of opening exits standing for newcomers' (FORMULATION §4.7): no cohort,
/// so the plan chooses its opening insertion people; a 2-week longest contract over 12
/// weeks, work only in weeks 8-12 (100 t a week, four persons' hours). Opening people who
/// leave in week 1 used to count in the longest-contract row, so four newcomers of week 8
/// stayed to week 12 and the checker rejected the plan. Opening people now count there from
/// week Lmax on, apart from the newcomers due.
#[test]
fn opening_exits_do_not_stand_for_newcomers() {
    let dir = common::copy_fixture("pathway-small");
    let d = dir.path();
    for tenure in [
        "people = 2\ntenure_weeks = 4",
        "people = 2\ntenure_weeks = 1",
    ] {
        common::mutate(
            d,
            "model.toml",
            &format!("[[cohort]]\nsite = \"s\"\n{tenure}\n"),
            "",
        );
    }
    common::mutate(
        d,
        "model.toml",
        "min_contract_weeks = 2",
        "min_contract_weeks = 1",
    );
    common::mutate(
        d,
        "model.toml",
        "max_contract_weeks = 6",
        "max_contract_weeks = 2",
    );
    common::mutate(d, "instance.toml", "weeks = 4", "weeks = 12");
    let mut csv = String::from("week,area,stream,tonnes\n");
    for w in 1..=12 {
        csv += &format!("{w},a,mixed,{}\n", if w >= 8 { 100 } else { 0 });
    }
    std::fs::write(d.join("tonnage.csv"), csv).unwrap();
    let o = common::triplan(&["solve", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let s = run(&load_instance(d).unwrap(), &RunOptions::default()).unwrap();
    let c = s.check.as_ref().unwrap();
    assert!(c.passed, "{:?}", c.violations);
    let p = s.plan.as_ref().unwrap();
    let ins = StaffKind::Insertion;
    let (a, x) = (weekly(&p.hires, ins), weekly(&p.departures, ins));
    let opening = p.opening_n[[SITE, ins.index()]];
    // Every opening person has left by week Lmax = 2 ...
    assert!(
        x[..2].iter().sum::<f64>() >= opening - 1e-6,
        "{opening} {x:?}"
    );
    // ... and every newcomer by Lmax weeks after entry, whoever else left: the exits of
    // weeks 1..t beyond the opening people cover the entries of weeks 1..t-2.
    for t in 3..=12 {
        let left: f64 = x[..t].iter().sum::<f64>() - opening;
        let due: f64 = a[..t - 2].iter().sum();
        assert!(
            left >= due - 1e-6,
            "week {t}: {left} left, {due} due; a {a:?}, x {x:?}"
        );
    }
    // Work in weeks 8-12 needs people, so newcomers enter more than once (4 and more).
    assert!(a.iter().sum::<f64>() > 4.0 + 1e-6, "{a:?}");
}
