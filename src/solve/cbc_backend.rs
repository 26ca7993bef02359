//! CBC 2.10, loaded at run time ([`super::engines`]) through its C interface
//! (`Cbc_C_Interface.h`, declared here: CBC's headers are not needed to build).
//!
//! CBC 2.10's C interface keeps global state in its command-line driver and is not safe to
//! call from several threads at once: solves through it are serialised by one lock (a sweep
//! with `--solver cbc` runs its scenarios one at a time inside CBC).

use super::engines::{self, EngineError, Loaded};
use super::sparse::SparseModel;
use super::*;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::sync::{Mutex, OnceLock};

type Model = c_void;

/// The CBC functions this backend calls, as loaded from the library.
struct Api {
    _lib: Loaded,
    version: String,
    new_model: unsafe extern "C" fn() -> *mut Model,
    delete_model: unsafe extern "C" fn(*mut Model),
    load_problem: unsafe extern "C" fn(
        *mut Model,
        c_int,
        c_int,
        *const c_int,
        *const c_int,
        *const f64,
        *const f64,
        *const f64,
        *const f64,
        *const f64,
        *const f64,
    ),
    set_integer: unsafe extern "C" fn(*mut Model, c_int),
    set_parameter: unsafe extern "C" fn(*mut Model, *const c_char, *const c_char),
    set_log_level: unsafe extern "C" fn(*mut Model, c_int),
    set_maximum_seconds: unsafe extern "C" fn(*mut Model, f64),
    set_allowable_fraction_gap: unsafe extern "C" fn(*mut Model, f64),
    set_mip_start_i: unsafe extern "C" fn(*mut Model, c_int, *const c_int, *const f64),
    solve: unsafe extern "C" fn(*mut Model) -> c_int,
    status: unsafe extern "C" fn(*mut Model) -> c_int,
    secondary_status: unsafe extern "C" fn(*mut Model) -> c_int,
    is_proven_optimal: unsafe extern "C" fn(*mut Model) -> c_int,
    is_proven_infeasible: unsafe extern "C" fn(*mut Model) -> c_int,
    is_continuous_unbounded: unsafe extern "C" fn(*mut Model) -> c_int,
    best_solution: unsafe extern "C" fn(*mut Model) -> *const f64,
    col_solution: unsafe extern "C" fn(*mut Model) -> *const f64,
    obj_value: unsafe extern "C" fn(*mut Model) -> f64,
    best_possible: unsafe extern "C" fn(*mut Model) -> f64,
}

/// The CBC version line this backend maps (the C interface changed in 2.10).
const VERSION_PREFIX: &str = "2.10";

fn load() -> Result<Api, EngineError> {
    let lib = engines::load(
        "CBC",
        "TRIPLAN_CBC_LIB",
        &[],
        &["libCbcSolver.so.3", "libCbcSolver.so"],
    )?;
    // SAFETY: each signature is CBC 2.10's (Cbc_C_Interface.h, CoinBigIndex = int), checked
    // against the version below before any of them is called.
    unsafe {
        macro_rules! s {
            ($n:literal) => {
                engines::symbol(&lib, "CBC", $n)
            };
        }
        let version: unsafe extern "C" fn() -> *const c_char = s!("Cbc_getVersion")?;
        let v = CStr::from_ptr(version()).to_string_lossy().into_owned();
        if !v.starts_with(VERSION_PREFIX) {
            return Err(EngineError(format!(
                "{}: CBC {v}, expected CBC {VERSION_PREFIX}",
                lib.from
            )));
        }
        Ok(Api {
            version: v,
            new_model: s!("Cbc_newModel")?,
            delete_model: s!("Cbc_deleteModel")?,
            load_problem: s!("Cbc_loadProblem")?,
            set_integer: s!("Cbc_setInteger")?,
            set_parameter: s!("Cbc_setParameter")?,
            set_log_level: s!("Cbc_setLogLevel")?,
            set_maximum_seconds: s!("Cbc_setMaximumSeconds")?,
            set_allowable_fraction_gap: s!("Cbc_setAllowableFractionGap")?,
            set_mip_start_i: s!("Cbc_setMIPStartI")?,
            solve: s!("Cbc_solve")?,
            status: s!("Cbc_status")?,
            secondary_status: s!("Cbc_secondaryStatus")?,
            is_proven_optimal: s!("Cbc_isProvenOptimal")?,
            is_proven_infeasible: s!("Cbc_isProvenInfeasible")?,
            is_continuous_unbounded: s!("Cbc_isContinuousUnbounded")?,
            best_solution: s!("Cbc_bestSolution")?,
            col_solution: s!("Cbc_getColSolution")?,
            obj_value: s!("Cbc_getObjValue")?,
            best_possible: s!("Cbc_getBestPossibleObjValue")?,
            _lib: lib,
        })
    }
}

fn api() -> Result<&'static Api, EngineError> {
    static API: OnceLock<Result<Api, EngineError>> = OnceLock::new();
    API.get_or_init(load).as_ref().map_err(Clone::clone)
}

/// CBC's version where it loads, or why not.
pub fn probe() -> Result<String, EngineError> {
    api().map(|a| a.version.clone())
}

/// One CBC model, deleted on drop.
struct Instance<'a>(&'a Api, *mut Model);

impl Drop for Instance<'_> {
    fn drop(&mut self) {
        // SAFETY: the model came from Cbc_newModel and is deleted once.
        unsafe { (self.0.delete_model)(self.1) }
    }
}

/// Serialises calls into CBC (see the module's note).
static LOCK: Mutex<()> = Mutex::new(());

/// Solves a built model with CBC.
pub fn solve(f: LpModel, opts: &SolveOptions) -> Result<Outcome, Error> {
    let api = api().map_err(|e| Error::Usage(format!("--solver cbc: {e}")))?;
    let start = Instant::now();
    let m = SparseModel::of(&f);
    let (starts, index, value) = m.csc();
    let (n, nr) = (m.num_cols(), m.num_rows());
    let _guard = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    // CBC's own time limit counts from the call: hand it what is left after waiting our turn.
    let time_left = opts
        .time_limit_s
        .map(|t| (t - start.elapsed().as_secs_f64()).max(0.0));
    // CBC reads infinite bounds as its own "infinity" (COIN_DBL_MAX).
    let fin = |v: &[f64]| -> Vec<f64> { v.iter().map(|x| x.clamp(-f64::MAX, f64::MAX)).collect() };
    // SAFETY: arrays have the lengths CBC is told (CSC with `n + 1` starts, `nr` row bounds);
    // the model lives until `inst` drops; all calls are serialised by `LOCK`.
    unsafe {
        let inst = Instance(api, (api.new_model)());
        let cbc = inst.1;
        (api.load_problem)(
            cbc,
            n as c_int,
            nr as c_int,
            starts.as_ptr(),
            index.as_ptr(),
            value.as_ptr(),
            fin(&m.col_lower).as_ptr(),
            fin(&m.col_upper).as_ptr(),
            m.objective.as_ptr(),
            fin(&m.row_lower).as_ptr(),
            fin(&m.row_upper).as_ptr(),
        );
        for (j, &int) in m.col_integer.iter().enumerate() {
            if int {
                (api.set_integer)(cbc, j as c_int);
            }
        }
        (api.set_log_level)(cbc, if opts.verbose { 1 } else { 0 });
        (api.set_allowable_fraction_gap)(cbc, opts.mip_gap.unwrap_or(DEFAULT_MIP_GAP));
        if let Some(t) = time_left {
            (api.set_maximum_seconds)(cbc, t.clamp(0.0, 1e9));
        }
        if !opts.presolve {
            (api.set_parameter)(cbc, c"preprocess".as_ptr(), c"off".as_ptr());
            (api.set_parameter)(cbc, c"presolve".as_ptr(), c"off".as_ptr());
        }
        if let (Some(x), true) = (&f.start, f.integer_variables > 0) {
            if x.len() == n {
                let cols: Vec<c_int> = (0..n as c_int).collect();
                (api.set_mip_start_i)(cbc, n as c_int, cols.as_ptr(), x.as_ptr());
            }
        }
        (api.solve)(cbc);
        let (st, sec) = ((api.status)(cbc), (api.secondary_status)(cbc));
        let mip = f.integer_variables > 0;
        let sol = if mip {
            (api.best_solution)(cbc)
        } else if (api.is_proven_optimal)(cbc) != 0 {
            (api.col_solution)(cbc)
        } else {
            std::ptr::null()
        };
        let values = (!sol.is_null()).then(|| std::slice::from_raw_parts(sol, n).to_vec());
        let status = if (api.is_proven_optimal)(cbc) != 0 || (st == 0 && sec == 2) {
            Status::Optimal
        } else if (api.is_proven_infeasible)(cbc) != 0 || sec == 1 {
            Status::Infeasible
        } else if (api.is_continuous_unbounded)(cbc) != 0 || sec == 7 {
            // CBC proves the relaxation unbounded; with integers that leaves the MIP
            // infeasible or unbounded.
            if mip {
                Status::InfeasibleOrUnbounded
            } else {
                Status::Unbounded
            }
        } else if st == 1 || st == 5 || matches!(sec, 3 | 4 | 5 | 6 | 8) {
            if values.is_some() {
                Status::Feasible
            } else {
                Status::LimitNoSolution
            }
        } else {
            return Err(Error::Solver(format!(
                "CBC ended with status {st}, secondary status {sec} (numerical difficulties)"
            )));
        };
        let values = if status.has_plan() { values } else { None };
        let status = if status.has_plan() && values.is_none() {
            Status::LimitNoSolution
        } else {
            status
        };
        let obj = (api.obj_value)(cbc) + m.objective_offset;
        let mip_gap = (mip && values.is_some()).then(|| {
            let bound = (api.best_possible)(cbc) + m.objective_offset;
            (obj - bound).abs() / obj.abs().max(1e-9)
        });
        Ok(Outcome {
            status,
            engine: Backend::Cbc,
            engine_note: None,
            solver_status: cbc_said(st, sec),
            solver_objective: values.as_ref().map(|_| obj),
            values,
            row_duals: None,
            objective: None,
            mip_gap,
            basis: None,
            solve_s: start.elapsed().as_secs_f64(),
        })
    }
}

/// CBC's status and secondary status in its own words (from `Cbc_C_Interface.h`).
fn cbc_said(st: c_int, sec: c_int) -> String {
    let s = match st {
        -1 => "not solved",
        0 => "finished",
        1 => "stopped on a limit",
        2 => "abandoned (numerical difficulties)",
        5 => "stopped by an event",
        _ => "unknown status",
    };
    let why = match sec {
        0 => "search completed",
        1 => "linear relaxation infeasible",
        2 => "gap limit reached",
        3 => "node limit",
        4 => "time limit",
        5 => "stopped by the user",
        6 => "solution limit",
        7 => "linear relaxation unbounded",
        8 => "iteration limit",
        _ => "no secondary status",
    };
    format!("{s}, {why}")
}
