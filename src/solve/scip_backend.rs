//! SCIP 10, loaded at run time ([`super::engines`]): the part of its C API a MIP backend needs,
//! declared here (SCIP's headers are not needed to build).
//!
//! The status codes are those of SCIP 10's `type_stat.h` (renumbered in 10, so another major
//! version is refused rather than misread). SCIP solves on one thread; `--threads` does not
//! change it.

use super::engines::{self, EngineError, Loaded};
use super::sparse::SparseModel;
use super::*;
use std::ffi::{c_char, c_int, c_uint, c_void, CStr, CString};
use std::sync::OnceLock;

type Scip = c_void;
type Var = c_void;
type Cons = c_void;
type Sol = c_void;
type Rc = c_int;

/// SCIP's `SCIP_OKAY`.
const OKAY: Rc = 1;
/// SCIP's variable types.
const VARTYPE_INTEGER: c_int = 1;
const VARTYPE_CONTINUOUS: c_int = 3;

/// SCIP 10's `SCIP_STATUS` codes.
mod status {
    pub const OPTIMAL: i32 = 1;
    pub const INFEASIBLE: i32 = 2;
    pub const UNBOUNDED: i32 = 3;
    pub const INFORUNBD: i32 = 4;
    pub const GAPLIMIT: i32 = 25;
    /// User interrupt, terminate, and the node, time, memory, primal, dual, solution and
    /// restart limits.
    pub const LIMITS: [i32; 13] = [10, 11, 20, 21, 22, 23, 24, 26, 27, 28, 29, 30, 25];
    pub fn name(code: i32) -> &'static str {
        match code {
            0 => "unknown",
            1 => "optimal",
            2 => "infeasible",
            3 => "unbounded",
            4 => "infeasible_or_unbounded",
            10 => "user_interrupt",
            11 => "terminate",
            20 => "node_limit",
            21 => "total_node_limit",
            22 => "stall_node_limit",
            23 => "time_limit",
            24 => "memory_limit",
            25 => "gap_limit",
            26 => "primal_limit",
            27 => "dual_limit",
            28 => "solution_limit",
            29 => "best_solution_limit",
            30 => "restart_limit",
            _ => "unrecognised",
        }
    }
}

/// The SCIP functions this backend calls, as loaded from the library.
struct Api {
    _lib: Loaded,
    version: String,
    create: unsafe extern "C" fn(*mut *mut Scip) -> Rc,
    include_default_plugins: unsafe extern "C" fn(*mut Scip) -> Rc,
    create_prob_basic: unsafe extern "C" fn(*mut Scip, *const c_char) -> Rc,
    set_messagehdlr_quiet: unsafe extern "C" fn(*mut Scip, c_uint),
    set_real_param: unsafe extern "C" fn(*mut Scip, *const c_char, f64) -> Rc,
    set_int_param: unsafe extern "C" fn(*mut Scip, *const c_char, c_int) -> Rc,
    infinity: unsafe extern "C" fn(*mut Scip) -> f64,
    create_var_basic:
        unsafe extern "C" fn(*mut Scip, *mut *mut Var, *const c_char, f64, f64, f64, c_int) -> Rc,
    add_var: unsafe extern "C" fn(*mut Scip, *mut Var) -> Rc,
    release_var: unsafe extern "C" fn(*mut Scip, *mut *mut Var) -> Rc,
    create_cons_basic_linear: unsafe extern "C" fn(
        *mut Scip,
        *mut *mut Cons,
        *const c_char,
        c_int,
        *mut *mut Var,
        *mut f64,
        f64,
        f64,
    ) -> Rc,
    add_cons: unsafe extern "C" fn(*mut Scip, *mut Cons) -> Rc,
    release_cons: unsafe extern "C" fn(*mut Scip, *mut *mut Cons) -> Rc,
    create_orig_sol: unsafe extern "C" fn(*mut Scip, *mut *mut Sol, *mut c_void) -> Rc,
    set_sol_val: unsafe extern "C" fn(*mut Scip, *mut Sol, *mut Var, f64) -> Rc,
    add_sol_free: unsafe extern "C" fn(*mut Scip, *mut *mut Sol, *mut c_uint) -> Rc,
    solve: unsafe extern "C" fn(*mut Scip) -> Rc,
    get_status: unsafe extern "C" fn(*mut Scip) -> c_int,
    get_n_sols: unsafe extern "C" fn(*mut Scip) -> c_int,
    get_best_sol: unsafe extern "C" fn(*mut Scip) -> *mut Sol,
    get_sol_val: unsafe extern "C" fn(*mut Scip, *mut Sol, *mut Var) -> f64,
    get_sol_orig_obj: unsafe extern "C" fn(*mut Scip, *mut Sol) -> f64,
    get_gap: unsafe extern "C" fn(*mut Scip) -> f64,
    free: unsafe extern "C" fn(*mut *mut Scip) -> Rc,
}

/// The SCIP major version whose status codes this backend maps.
const MAJOR: c_int = 10;

fn load() -> Result<Api, EngineError> {
    let files: Vec<_> = engines::tools_dir()
        .map(|d| d.join("scip/lib/libscip.so"))
        .into_iter()
        .collect();
    let lib = engines::load(
        "SCIP",
        "TRIPLAN_SCIP_LIB",
        &files,
        &["libscip.so.10.0", "libscip.so"],
    )?;
    // SAFETY: each signature is SCIP 10's (scip/scip_*.h), checked against the version below
    // before any of them is called.
    unsafe {
        macro_rules! s {
            ($n:literal) => {
                engines::symbol(&lib, "SCIP", $n)
            };
        }
        let major: unsafe extern "C" fn() -> c_int = s!("SCIPmajorVersion")?;
        let minor: unsafe extern "C" fn() -> c_int = s!("SCIPminorVersion")?;
        let tech: unsafe extern "C" fn() -> c_int = s!("SCIPtechVersion")?;
        let (ma, mi, te) = (major(), minor(), tech());
        if ma != MAJOR {
            return Err(EngineError(format!(
                "{}: SCIP {ma}.{mi}.{te}, expected SCIP {MAJOR} (its status codes differ in other versions)",
                lib.from
            )));
        }
        if let Ok(lpi) = s!("SCIPlpiGetSolverName") {
            let lpi: unsafe extern "C" fn() -> *const c_char = lpi;
            let name = CStr::from_ptr(lpi()).to_string_lossy();
            if name.trim().eq_ignore_ascii_case("none") {
                return Err(EngineError(format!(
                    "{}: SCIP {ma}.{mi}.{te} was built without an LP solver, it cannot solve these models",
                    lib.from
                )));
            }
        }
        Ok(Api {
            version: format!("{ma}.{mi}.{te}"),
            create: s!("SCIPcreate")?,
            include_default_plugins: s!("SCIPincludeDefaultPlugins")?,
            create_prob_basic: s!("SCIPcreateProbBasic")?,
            set_messagehdlr_quiet: s!("SCIPsetMessagehdlrQuiet")?,
            set_real_param: s!("SCIPsetRealParam")?,
            set_int_param: s!("SCIPsetIntParam")?,
            infinity: s!("SCIPinfinity")?,
            create_var_basic: s!("SCIPcreateVarBasic")?,
            add_var: s!("SCIPaddVar")?,
            release_var: s!("SCIPreleaseVar")?,
            create_cons_basic_linear: s!("SCIPcreateConsBasicLinear")?,
            add_cons: s!("SCIPaddCons")?,
            release_cons: s!("SCIPreleaseCons")?,
            create_orig_sol: s!("SCIPcreateOrigSol")?,
            set_sol_val: s!("SCIPsetSolVal")?,
            add_sol_free: s!("SCIPaddSolFree")?,
            solve: s!("SCIPsolve")?,
            get_status: s!("SCIPgetStatus")?,
            get_n_sols: s!("SCIPgetNSols")?,
            get_best_sol: s!("SCIPgetBestSol")?,
            get_sol_val: s!("SCIPgetSolVal")?,
            get_sol_orig_obj: s!("SCIPgetSolOrigObj")?,
            get_gap: s!("SCIPgetGap")?,
            free: s!("SCIPfree")?,
            _lib: lib,
        })
    }
}

fn api() -> Result<&'static Api, EngineError> {
    static API: OnceLock<Result<Api, EngineError>> = OnceLock::new();
    API.get_or_init(load).as_ref().map_err(Clone::clone)
}

/// SCIP's version where it loads, or why not.
pub fn probe() -> Result<String, EngineError> {
    api().map(|a| a.version.clone())
}

/// One SCIP instance with the variables it holds; freed on drop, on every path.
struct Instance<'a> {
    api: &'a Api,
    scip: *mut Scip,
    vars: Vec<*mut Var>,
}

impl Drop for Instance<'_> {
    fn drop(&mut self) {
        // SAFETY: `scip` came from SCIPcreate and each variable was captured once by
        // SCIPcreateVarBasic; each is released exactly once here.
        unsafe {
            for v in &mut self.vars {
                (self.api.release_var)(self.scip, v);
            }
            if !self.scip.is_null() {
                (self.api.free)(&mut self.scip);
            }
        }
    }
}

fn ok(rc: Rc, what: &str) -> Result<(), Error> {
    if rc == OKAY {
        Ok(())
    } else {
        Err(Error::Solver(format!(
            "SCIP {what} failed (SCIP return code {rc})"
        )))
    }
}

/// Solves a built model with SCIP.
pub fn solve(f: LpModel, opts: &SolveOptions) -> Result<Outcome, Error> {
    let api = api().map_err(|e| Error::Usage(format!("--solver scip: {e}")))?;
    let start = Instant::now();
    let m = SparseModel::of(&f);
    let mut inst = Instance {
        api,
        scip: std::ptr::null_mut(),
        vars: Vec::with_capacity(m.num_cols()),
    };
    // SAFETY: every call below follows SCIP's documented stage order (create, problem,
    // variables and rows, start, solve, read the solution); pointers passed are live and
    // arrays have the lengths passed with them.
    unsafe {
        ok((api.create)(&mut inst.scip), "SCIPcreate")?;
        let scip = inst.scip;
        ok(
            (api.include_default_plugins)(scip),
            "SCIPincludeDefaultPlugins",
        )?;
        ok(
            (api.create_prob_basic)(scip, c"triplan".as_ptr()),
            "SCIPcreateProbBasic",
        )?;
        (api.set_messagehdlr_quiet)(scip, c_uint::from(!opts.verbose));
        let set = |k: &CStr, v: f64| {
            ok(
                (api.set_real_param)(scip, k.as_ptr(), v),
                "SCIPsetRealParam",
            )
        };
        // SCIP's own gap default is 0; triplan's default is HiGHS's, so engines agree.
        set(c"limits/gap", opts.mip_gap.unwrap_or(DEFAULT_MIP_GAP))?;
        if let Some(t) = opts.time_limit_s {
            set(c"limits/time", t.clamp(0.0, 1e20))?;
        }
        if !opts.presolve {
            let k = c"presolving/maxrounds";
            ok((api.set_int_param)(scip, k.as_ptr(), 0), "SCIPsetIntParam")?;
        }
        let inf = (api.infinity)(scip);
        let clip = |x: f64| x.clamp(-inf, inf);
        for j in 0..m.num_cols() {
            let mut v = std::ptr::null_mut();
            let ty = if m.col_integer[j] {
                VARTYPE_INTEGER
            } else {
                VARTYPE_CONTINUOUS
            };
            ok(
                (api.create_var_basic)(
                    scip,
                    &mut v,
                    std::ptr::null(),
                    clip(m.col_lower[j]),
                    clip(m.col_upper[j]),
                    m.objective[j],
                    ty,
                ),
                "SCIPcreateVarBasic",
            )?;
            inst.vars.push(v);
            ok((api.add_var)(scip, v), "SCIPaddVar")?;
        }
        let mut vars = Vec::new();
        let mut vals = Vec::new();
        for (i, row) in m.rows.iter().enumerate() {
            vars.clear();
            vals.clear();
            for &(j, a) in row {
                vars.push(inst.vars[j]);
                vals.push(a);
            }
            let name = CString::new(format!("r{i}")).expect("no NUL in a row name");
            let mut c = std::ptr::null_mut();
            ok(
                (api.create_cons_basic_linear)(
                    scip,
                    &mut c,
                    name.as_ptr(),
                    row.len() as c_int,
                    vars.as_mut_ptr(),
                    vals.as_mut_ptr(),
                    clip(m.row_lower[i]),
                    clip(m.row_upper[i]),
                ),
                "SCIPcreateConsBasicLinear",
            )?;
            ok((api.add_cons)(scip, c), "SCIPaddCons")?;
            ok((api.release_cons)(scip, &mut c), "SCIPreleaseCons")?;
        }
        if let Some(x) = &f.start {
            if x.len() == inst.vars.len() {
                let mut sol = std::ptr::null_mut();
                ok(
                    (api.create_orig_sol)(scip, &mut sol, std::ptr::null_mut()),
                    "SCIPcreateOrigSol",
                )?;
                for (&v, &xj) in inst.vars.iter().zip(x) {
                    if xj != 0.0 {
                        ok((api.set_sol_val)(scip, sol, v, xj), "SCIPsetSolVal")?;
                    }
                }
                let mut stored: c_uint = 0;
                // A start SCIP declines only costs it the head start.
                ok(
                    (api.add_sol_free)(scip, &mut sol, &mut stored),
                    "SCIPaddSolFree",
                )?;
            }
        }
        ok((api.solve)(scip), "SCIPsolve")?;
        let code = (api.get_status)(scip);
        let has_sol = (api.get_n_sols)(scip) > 0;
        let status = match code {
            status::OPTIMAL | status::GAPLIMIT => Status::Optimal,
            status::INFEASIBLE => Status::Infeasible,
            status::UNBOUNDED => Status::Unbounded,
            status::INFORUNBD => Status::InfeasibleOrUnbounded,
            c if status::LIMITS.contains(&c) => {
                if has_sol {
                    Status::Feasible
                } else {
                    Status::LimitNoSolution
                }
            }
            c => {
                return Err(Error::Solver(format!(
                    "SCIP ended with status {} ({c})",
                    status::name(c)
                )))
            }
        };
        let (values, solver_objective) = if status.has_plan() && has_sol {
            let best = (api.get_best_sol)(scip);
            let x: Vec<f64> = inst
                .vars
                .iter()
                .map(|&v| (api.get_sol_val)(scip, best, v))
                .collect();
            (
                Some(x),
                Some((api.get_sol_orig_obj)(scip, best) + m.objective_offset),
            )
        } else {
            (None, None)
        };
        let status = if status.has_plan() && values.is_none() {
            Status::LimitNoSolution
        } else {
            status
        };
        let mip_gap = (f.integer_variables > 0 && values.is_some()).then(|| (api.get_gap)(scip));
        Ok(Outcome {
            status,
            engine: Backend::Scip,
            engine_note: None,
            solver_status: status::name(code).to_string(),
            values,
            row_duals: None,
            objective: None,
            solver_objective,
            mip_gap,
            basis: None,
            solve_s: start.elapsed().as_secs_f64(),
        })
    }
}
