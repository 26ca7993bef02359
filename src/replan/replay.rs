//! The rolling replay (`triplan replan --rolling`): for each week the plan made on Monday
//! (weeks before it as executed, the forecast from it on), then the week executed (its intake
//! the actual, its staffing as planned, its operations re-optimised), which joins the past.

use super::*;

/// One step of a rolling replay: the plan made on Monday of a week, and the week as executed.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// The week (1-based).
    pub week: usize,
    /// Status of the plan made on Monday of the week (weeks before it executed).
    pub plan_status: Status,
    /// Its objective: the projected cost of the horizon (EUR).
    pub plan_objective_eur: Option<f64>,
    /// Status of the solve that executed the week (its intake actual, its staffing as planned).
    pub executed_status: Status,
    /// The relative MIP gap of the executing solve, for a MIP.
    pub executed_mip_gap: Option<f64>,
    /// Whether the checker passed the execution's plan (Monday's plan is the previous step's
    /// execution, or [`Rolling::first_checked`]).
    pub checked: bool,
    /// Wall time of the step's solve (s).
    pub wall_s: f64,
    /// Time limit of the step's solve when it had to be raised: a solve that found no plan
    /// within `--time-limit` is solved again with the limit doubled, up to three times (s).
    pub time_limit_s: Option<f64>,
    /// Forecast intake of the week (t).
    pub forecast_t: f64,
    /// Actual intake of the week (t).
    pub actual_t: f64,
    /// Tonnes processed in the week: planned on Monday, executed.
    pub processed_t: [f64; 2],
    /// Hours worked in the week: planned, executed.
    pub worked_h: [f64; 2],
    /// Cost of the week (EUR): planned, executed.
    pub cost_eur: [f64; 2],
    /// Recovery and recycling rates per target: to date (executed weeks up to this one) and
    /// projected at the end of the horizon by the executing solve.
    pub targets: Vec<TargetToDate>,
    /// Insertion FTE of the executed weeks to date.
    pub insertion_fte_to_date: f64,
}

/// A rolling replay of the weeks whose intake the actuals give.
#[derive(Debug, Clone, Serialize)]
pub struct Rolling {
    /// One step per week.
    pub steps: Vec<Step>,
    /// The first plan's objective (the forecast plan of week 1, EUR).
    pub first_plan_eur: Option<f64>,
    /// Whether the checker passed the first plan.
    pub first_checked: bool,
    /// The objective of the last solve: the executed weeks and the plan of the rest (the
    /// executed year when every week is replayed).
    pub executed_eur: Option<f64>,
    /// Targets met or missed by the last solve (target, met).
    pub targets_met: Vec<(String, bool)>,
    /// The executed past, as actuals.
    #[serde(skip)]
    pub executed: Option<Actuals>,
    /// The instance of the last solve (the forecast with the executed past).
    #[serde(skip)]
    pub last: Option<(Instance, Solved)>,
    /// Total wall time (s).
    pub wall_s: f64,
    /// The rows of the actuals file the replay does not use ([`unused`]), one entry per
    /// quantity with its weeks, e.g. `persons (weeks 1-8)`.
    pub unused_actuals: Vec<String>,
}

/// Weeks as a reader writes them: `week 3`, `weeks 1-8`, `weeks 3, 5`, `weeks 2-4, 9`.
fn week_list(weeks: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < weeks.len() {
        let mut j = i;
        while j + 1 < weeks.len() && weeks[j + 1] == weeks[j] + 1 {
            j += 1;
        }
        parts.push(if j == i {
            weeks[i].to_string()
        } else {
            format!("{}-{}", weeks[i], weeks[j])
        });
        i = j + 1;
    }
    let s = if weeks.len() == 1 { "" } else { "s" };
    format!("week{s} {}", parts.join(", "))
}

/// What a replay of `actual` leaves unread: it uses the intake of weeks 1 to W (the first
/// week without intake ends the replay) and the week-0 stock counts; it plans and executes
/// every other quantity itself (operations re-optimised, people as planned on Monday). One
/// entry per quantity given anyway, with its weeks.
pub fn unused(actual: &Actuals) -> Vec<String> {
    use crate::actuals::Quantity;
    let replayed = actual.intake.given.iter().take_while(|&&g| g).count();
    let flows = |name: Quantity, given: &[bool]| {
        let weeks: Vec<usize> = (0..given.len())
            .filter(|&t| given[t])
            .map(|t| t + 1)
            .collect();
        (name, weeks)
    };
    let counts = |name: Quantity, given: &[bool]| {
        let weeks: Vec<usize> = (1..given.len()).filter(|&w| given[w]).collect();
        (name, weeks)
    };
    let late_intake: Vec<usize> = (replayed..actual.intake.given.len())
        .filter(|&t| actual.intake.given[t])
        .map(|t| t + 1)
        .collect();
    let mut out = Vec::new();
    if !late_intake.is_empty() {
        out.push(format!(
            "intake after week {} without intake ({})",
            replayed + 1,
            week_list(&late_intake)
        ));
    }
    let rest = [
        flows(Quantity::Processed, &actual.processed.given),
        flows(Quantity::External, &actual.external.given),
        flows(Quantity::Shipped, &actual.shipped.given),
        counts(Quantity::IntakeStock, &actual.intake_count.given),
        counts(Quantity::OutputStock, &actual.output_count.given),
        flows(Quantity::WorkedHours, &actual.worked_h.given),
        flows(Quantity::PaidHours, &actual.paid_h.given),
        flows(Quantity::AbsenceHours, &actual.absence_h.given),
        flows(Quantity::Persons, &actual.persons.given),
        flows(Quantity::Entries, &actual.entries.given),
        flows(Quantity::Exits, &actual.exits.given),
    ];
    for (q, weeks) in rest {
        if !weeks.is_empty() {
            let what = match q {
                Quantity::IntakeStock | Quantity::OutputStock => "counts after week 0, ",
                _ => "",
            };
            out.push(format!("{} ({what}{})", q.name(), week_list(&weeks)));
        }
    }
    out
}

/// Total of a `[.., week]` slice of week t.
fn week_sum<D: Dimension + RemoveAxis>(a: &Array<f64, D>, t: usize) -> f64 {
    a.index_axis(Axis(a.ndim() - 1), t).sum()
}

fn worked_week(plan: &Plan, t: usize) -> f64 {
    week_sum(&plan.line_hours, t) + week_sum(&plan.supervisor_h, t)
}

fn week_cost(inst: &Instance, plan: &Plan, t: usize) -> f64 {
    let (i, p) = slice(inst, plan, t, t + 1);
    costs(&i, &p).total
}

/// The actuals of step `k` of a replay: weeks 1..k-1 as executed and week k's staffing as
/// `monday` (the previous step's plan, whose weeks before k are the executed ones) has them,
/// week k's intake the actual.
fn step_actuals(forecast: &Instance, actual: &Actuals, monday: &Plan, k: usize) -> Actuals {
    let mut a = executed(forecast, monday, k - 1);
    // The opening stock is the actual file's week-0 count where it gives one.
    if actual.intake_count.at(0) {
        a.intake_count
            .values
            .slice_mut(ndarray::s![.., .., 0])
            .assign(&actual.intake_count.values.slice(ndarray::s![.., .., 0]));
    }
    if actual.output_count.at(0) {
        a.output_count
            .values
            .slice_mut(ndarray::s![.., .., 0])
            .assign(&actual.output_count.values.slice(ndarray::s![.., .., 0]));
    }
    let t = k - 1;
    a.intake
        .values
        .slice_mut(ndarray::s![.., .., t])
        .assign(&actual.intake.values.slice(ndarray::s![.., .., t]));
    a.intake.given[t] = true;
    let staffing = [
        (&mut a.persons, &monday.staff_n),
        (&mut a.entries, &monday.hires),
        (&mut a.exits, &monday.departures),
        (&mut a.paid_h, &monday.paid_h),
    ];
    for (known, planned) in staffing {
        known
            .values
            .slice_mut(ndarray::s![.., .., t])
            .assign(&planned.slice(ndarray::s![.., .., t]).mapv(|x| x.max(0.0)));
        known.given[t] = true;
    }
    // Temporary staff and kinds without a group: persons, entries and exits stay 0.
    for s in 0..forecast.plant.sites.len() {
        let tmp = StaffKind::Temporary.index();
        a.persons.values[[s, tmp, t]] = 0.0;
        a.entries.values[[s, tmp, t]] = 0.0;
        a.exits.values[[s, tmp, t]] = 0.0;
    }
    a.source = "rolling replay".into();
    a.set_past();
    a
}

fn solved_plan(inst: &Instance, s: &Solved, what: &str, opts: &RunOptions) -> Result<Plan, Error> {
    match (&s.plan, s.status.has_plan()) {
        (Some(p), true) => Ok(p.clone()),
        _ => Err(Error::NoSolution {
            status: s.status,
            message: format!(
                "{what}: no plan ({}){}",
                s.status.name(),
                why(inst, s, opts)
            ),
        }),
    }
}

/// For an infeasible step, the rules that must give (the elastic re-solve of
/// [`crate::explain::explain`] on the step's instance: its past as executed so far), so the
/// message names the week and the row rather than one generic line.
fn why(inst: &Instance, s: &Solved, opts: &RunOptions) -> String {
    if !matches!(s.status, Status::Infeasible | Status::InfeasibleOrUnbounded) {
        return String::new();
    }
    match crate::explain::explain(inst, &opts.solve) {
        Ok(e) => {
            crate::report::explanation_text(&e, true)
                + "The past is never relaxed: the weeks already executed and the actual intake stay as they are; a rule above that must give in the weeks left is what the actual intake made impossible."
        }
        Err(e) => format!(" (no explanation: {e})"),
    }
}

/// Solves one step; a solve that stops at its time limit with no plan is solved again with
/// the limit doubled, up to three times. Returns the solve and the limit it ran under when it
/// was raised.
fn solve_step(inst: &Instance, opts: &RunOptions) -> Result<(Solved, Option<f64>), Error> {
    let mut s = crate::run(inst, opts)?;
    let mut o = opts.clone();
    let mut raised = None;
    for _ in 0..3 {
        let Some(limit) = o.solve.time_limit_s else {
            break;
        };
        if s.status != Status::LimitNoSolution {
            break;
        }
        o.solve.time_limit_s = Some((2.0 * limit).max(1.0));
        raised = o.solve.time_limit_s;
        s = crate::run(inst, &o)?;
    }
    Ok((s, raised))
}

/// Replays the weeks whose intake `actual` gives, one at a time: for week w the plan made on
/// Monday (weeks before w executed, the forecast from w), then week w executed (its intake the
/// actual, its persons, entries, exits and paid hours as planned on Monday, its operations
/// re-optimised). `forecast` is the instance without actuals; `actual`'s week-0 stock counts,
/// when given, are the opening stock. `progress` is called after each step.
pub fn rolling(
    forecast: &Instance,
    actual: &Actuals,
    opts: &RunOptions,
    mut progress: impl FnMut(&Step),
) -> Result<Rolling, Error> {
    let t0 = Instant::now();
    let weeks = actual.intake.given.iter().take_while(|&&g| g).count();
    if weeks == 0 {
        return Err(Error::Input(InputError::one(crate::error::Problem::file(
            &actual.source,
            "no intake rows, expected the actual intake of weeks 1 to W for a rolling replay",
        ))));
    }
    // The first plan: the forecast, from the actual opening stock where counted.
    let mut opening = Actuals::empty(forecast);
    opening.intake_count = actual.intake_count.clone();
    opening.output_count = actual.output_count.clone();
    for g in opening.intake_count.given.iter_mut().skip(1) {
        *g = false;
    }
    for g in opening.output_count.given.iter_mut().skip(1) {
        *g = false;
    }
    opening.source = actual.source.clone();
    opening.set_past();
    let inst0 = with_actuals(forecast, opening);
    let mut monday_inst = inst0.clone();
    let mut monday = solve_step(&inst0, opts)?.0;
    let first_plan_eur = monday.objective;
    let first_checked = monday.check.as_ref().is_some_and(|c| c.passed);
    let mut steps = Vec::new();
    let mut last = None;
    for k in 1..=weeks {
        let t = k - 1;
        let started = Instant::now();
        let mplan = solved_plan(
            &monday_inst,
            &monday,
            &format!("the plan of Monday, week {k}"),
            opts,
        )?;
        let a = step_actuals(forecast, actual, &mplan, k);
        let inst = with_actuals(forecast, a);
        let (exec, time_limit_s) = solve_step(&inst, opts)?;
        let eplan = solved_plan(&inst, &exec, &format!("the execution of week {k}"), opts)?;
        let checked = exec.check.as_ref().is_some_and(|c| c.passed);
        let (hi, hp) = slice(&inst, &eplan, 0, k);
        let kd = kpis(&hi, &hp);
        let ke = &exec.check.as_ref().expect("a checked plan").kpis;
        let mut targets = Vec::new();
        for (now, end) in kd.recovery.iter().zip(ke.recovery.iter()) {
            for (kind, target, a, b) in [
                (
                    "recovery",
                    end.recovery_target,
                    now.recovery_rate,
                    end.recovery_rate,
                ),
                (
                    "recycling",
                    end.recycling_target,
                    now.recycling_rate,
                    end.recycling_rate,
                ),
            ] {
                if let Some(target) = target {
                    targets.push(TargetToDate {
                        kind,
                        scope: end.id.clone(),
                        target,
                        to_date: a,
                        projected: b,
                    });
                }
            }
        }
        let step = Step {
            week: k,
            plan_status: monday.status,
            plan_objective_eur: monday.objective,
            executed_status: exec.status,
            executed_mip_gap: exec.mip_gap,
            checked,
            wall_s: started.elapsed().as_secs_f64(),
            time_limit_s,
            forecast_t: week_sum(&forecast.supply_t, t),
            actual_t: week_sum(&actual.intake.values, t),
            processed_t: [
                week_sum(&mplan.processed_t, t),
                week_sum(&eplan.processed_t, t),
            ],
            worked_h: [worked_week(&mplan, t), worked_week(&eplan, t)],
            cost_eur: [
                week_cost(&monday_inst, &mplan, t),
                week_cost(&inst, &eplan, t),
            ],
            targets,
            insertion_fte_to_date: kd.insertion_fte,
        };
        progress(&step);
        steps.push(step);
        monday_inst = inst.clone();
        monday = exec;
        last = Some(inst);
    }
    let inst = last.expect("at least one week");
    let eplan = solved_plan(&monday_inst, &monday, "the last step", opts)?;
    let executed_past = executed(forecast, &eplan, weeks);
    let mut executed_past = executed_past;
    if actual.intake_count.at(0) || actual.output_count.at(0) {
        // The executed past opens with the counted stock (already in the instance).
        for ((s, k), b) in inst.plant.intake_stock.indexed_iter() {
            executed_past.intake_count.values[[s, k, 0]] = b.opening_t;
        }
        for ((s, q), b) in inst.plant.output_stock.indexed_iter() {
            executed_past.output_count.values[[s, q, 0]] = b.opening_t;
        }
    }
    let targets_met = monday
        .check
        .as_ref()
        .map(|c| {
            c.verdicts
                .iter()
                .map(|v| (target_name(&inst, v.target), v.met))
                .collect()
        })
        .unwrap_or_default();
    Ok(Rolling {
        steps,
        first_plan_eur,
        first_checked,
        executed_eur: monday.objective,
        targets_met,
        executed: Some(executed_past),
        last: Some((inst, monday)),
        wall_s: t0.elapsed().as_secs_f64(),
        unused_actuals: unused(actual),
    })
}

/// A target as reports name it: `recovery plant`, `recycling screens`, `insertion share
/// workshop`, `funded posts`.
fn target_name(inst: &Instance, t: crate::check::Target) -> String {
    use crate::check::Target;
    use crate::kpi::Scope;
    let p = &inst.plant;
    let scope = |s: Scope| match s.category() {
        Some(c) => p.categories[c.0].named.id.clone(),
        None => PLANT_ID.to_string(),
    };
    match t {
        Target::Recovery(s) => format!("recovery {}", scope(s)),
        Target::Recycling(s) => format!("recycling {}", scope(s)),
        Target::InsertionShare(s) => format!("insertion share {}", p.sites[s.0].named.id),
        Target::FundedPosts => "funded posts".into(),
    }
}

/// `rolling.csv`: one row per step (README "Rolling re-plans" lists the columns); with
/// `first_monday`, each week's ISO week and Monday follow its number.
pub fn rolling_csv(r: &Rolling, first_monday: Option<crate::dates::Date>) -> String {
    let mut out = String::from("week");
    if first_monday.is_some() {
        out.push_str(",iso_week,date");
    }
    out.push_str(
        ",plan_status,executed_status,executed_mip_gap,checked,plan_objective_eur,wall_s,time_limit_raised_s,forecast_t,actual_t,planned_processed_t,executed_processed_t,planned_worked_h,executed_worked_h,planned_cost_eur,executed_cost_eur,insertion_fte_to_date",
    );
    if let Some(s) = r.steps.first() {
        for t in &s.targets {
            let _ = write!(
                out,
                ",{0}_{1}_to_date,{0}_{1}_projected,{0}_{1}_target",
                t.kind, t.scope
            );
        }
    }
    out.push('\n');
    let num = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.6}"));
    for s in &r.steps {
        let _ = write!(out, "{}", s.week);
        if let Some(d) = first_monday {
            let monday = d.add_days(7 * (s.week as i64 - 1));
            let _ = write!(out, ",{},{monday}", monday.iso_week());
        }
        let _ = write!(
            out,
            ",{},{},{},{},{},{:.3},{},{:.3},{:.3},{:.3},{:.3},{:.1},{:.1},{:.2},{:.2},{:.4}",
            s.plan_status.name(),
            s.executed_status.name(),
            s.executed_mip_gap
                .map_or(String::new(), |g| format!("{g:.2e}")),
            s.checked,
            num(s.plan_objective_eur),
            s.wall_s,
            s.time_limit_s.map_or(String::new(), |l| format!("{l}")),
            s.forecast_t,
            s.actual_t,
            s.processed_t[0],
            s.processed_t[1],
            s.worked_h[0],
            s.worked_h[1],
            s.cost_eur[0],
            s.cost_eur[1],
            s.insertion_fte_to_date
        );
        for t in &s.targets {
            let _ = write!(out, ",{},{},{}", num(t.to_date), num(t.projected), t.target);
        }
        out.push('\n');
    }
    out
}

/// The deviation summary of a replay: per quantity the mean and largest absolute deviation
/// of the executed week from Monday's plan, the first plan's cost against the executed one,
/// and the targets met or missed.
pub fn deviation_text(r: &Rolling) -> String {
    let mut s = String::new();
    let n = r.steps.len().max(1) as f64;
    let _ = writeln!(
        s,
        "\nDeviation summary ({} weeks replayed, {:.1} s)",
        r.steps.len(),
        r.wall_s
    );
    let _ = writeln!(
        s,
        "  {:<24} {:>14} {:>14}",
        "quantity", "mean |dev|", "largest |dev|"
    );
    type Deviation = Box<dyn Fn(&Step) -> f64>;
    let rows: [(&str, Deviation); 4] = [
        ("intake (t)", Box::new(|x: &Step| x.actual_t - x.forecast_t)),
        (
            "processed (t)",
            Box::new(|x: &Step| x.processed_t[1] - x.processed_t[0]),
        ),
        (
            "hours worked (h)",
            Box::new(|x: &Step| x.worked_h[1] - x.worked_h[0]),
        ),
        (
            "cost of the week (EUR)",
            Box::new(|x: &Step| x.cost_eur[1] - x.cost_eur[0]),
        ),
    ];
    for (name, f) in rows {
        let devs: Vec<f64> = r.steps.iter().map(|x| f(x).abs()).collect();
        let mean = devs.iter().sum::<f64>() / n;
        let max = devs.iter().cloned().fold(0.0, f64::max);
        let _ = writeln!(s, "  {name:<24} {mean:>14.2} {max:>14.2}");
    }
    let eur = |x: Option<f64>| x.map_or("-".into(), |v| format!("{v:.0} EUR"));
    let _ = writeln!(s, "  first plan's cost:    {}", eur(r.first_plan_eur));
    let _ = writeln!(
        s,
        "  executed cost:        {} (executed weeks and the plan of any rest)",
        eur(r.executed_eur)
    );
    let unchecked = r.steps.iter().filter(|x| !x.checked).count();
    let short = (r.steps.iter())
        .filter(|x| x.plan_status != Status::Optimal || x.executed_status != Status::Optimal)
        .count();
    let _ = writeln!(
        s,
        "  steps not optimal:    {short} (their statuses are in rolling.csv)"
    );
    let _ = writeln!(
        s,
        "  solves checked:       {} of {} (the first plan, then each week's execution, which is the next Monday's plan)",
        r.steps.len() - unchecked + usize::from(r.first_checked),
        r.steps.len() + 1
    );
    for (t, met) in &r.targets_met {
        let _ = writeln!(s, "  {:<32} {}", t, if *met { "met" } else { "MISSED" });
    }
    s
}
