//! Export: the exact model that [`crate::solve`] hands to a backend, as a free-format MPS file or
//! a CPLEX LP file, with readable names, to feed other solvers or to inspect a model.
//!
//! **Columns** are named after the variable grids of [`crate::formulation::Vars`], with the ids
//! of the plant model and 1-based weeks (as in the CSV files), sanitized to letters, digits and
//! `_`:
//!
//! | grid | name |
//! |---|---|
//! | `x[l,p,h,t]` | `x_<line>_<stream>_<shift>_w<t>` |
//! | `w[k,l,h,t]` | `w_<kind>_<line>_<shift>_w<t>` |
//! | `v[s,h,t]` | `v_<site>_<shift>_w<t>` |
//! | `P[s,k,t]` | `P_<site>_<kind>_w<t>` |
//! | `N0[s,k]` | `N0_<site>_<kind>` |
//! | `N[s,k,t]` | `N_<site>_<kind>_w<t>` |
//! | `hire[s,k,t]` | `hire_<site>_<kind>_w<t>` |
//! | `dep[s,k,t]` | `dep_<site>_<kind>_w<t>` |
//! | `o[s,k,j,t]` | `o<j>_<site>_<kind>_w<t>` |
//! | `EA[s,t]`, `EX[s,t]` | `EA_<site>_w<t>`, `EX_<site>_w<t>` |
//! | `adv[s]` | `adv_<site>` |
//! | `d[a,s,p,t]` | `d_<area>_<site>_<stream>_w<t>` |
//! | `e[s,p,t]` | `ext_<site>_<stream>_w<t>` |
//! | `I[s,p,t]` | `I_<site>_<stream>_w<t>` |
//! | `O[s,q,t]` | `O_<site>_<fraction>_<category>_w<t>` |
//! | `y[s,o,q,t]` | `y_<site>_<outlet>_<fraction>_<category>_w<t>` |
//! | `z[s,o,t]` | `z_<site>_<outlet>_w<t>` |
//!
//! The cumulative insertion entries and exits of `contract_length` are `EA_<site>_w<t>` and
//! `EX_<site>_w<t>`; an auxiliary column of a family's rows (a target's weekly margin) is
//! `g_<key of the row that defines it>` (`g_recovery_week_crt_w3_`).
//! A slack of elastic mode is `slack_<row name>`; any other column outside these grids is
//! `c<index>`. Should two names
//! collide after sanitizing (ids `a-b` and `a_b`), the later one gets `_c<index>` appended.
//!
//! **Rows** are `<family>_<index within family>` (`crew_17`), the families of
//! `models/FORMULATION.md` in build order; the objective row is `obj` (minimised, EUR).
//!
//! **Senses.** good_lp stores every inequality normalized as `expression <= rhs` and keeps the
//! direction it was written in private, so an exported inequality is written `<=`, except
//! that a row whose coefficients are all non-positive is multiplied by -1 and written `>=`
//! (a contract minimum reads `sum y >= 2000`, not `-sum y <= -2000`). Negation is exact in
//! floating point, so the exported model is the solved one, coefficient for coefficient, up
//! to the sign of some rows (and of their duals).
//!
//! **Bounds**: columns are `>= 0` except the headcounts (between `headcount_min` and
//! `headcount_max`) and the targets' free weekly margins, as in good_lp's variable store.
//! Integer columns (truck trips; whole persons unless relaxed) are in
//! `MARKER INTORG` blocks (MPS) or `General` (LP), with an explicit `PL` bound in MPS so that
//! readers do not take them for binaries. Numbers are written in Rust's shortest round-trip
//! form, so reading a file back gives the same doubles.

use crate::error::Error;
use crate::formulation::{Formulation, LpModel, Var};
use crate::plant::{Instance, StaffKind};
use crate::solve::sparse::SparseModel;
use good_lp::IntoAffineExpression;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

/// The model as plain data: named columns with bounds and objective, named rows with
/// coefficients, sense and right-hand side.
#[derive(Debug, Clone)]
pub struct Matrix {
    /// Column names, in column order.
    pub col_names: Vec<String>,
    /// Lower bound of each column.
    pub col_lower: Vec<f64>,
    /// Upper bound of each column.
    pub col_upper: Vec<f64>,
    /// Whether each column is integer.
    pub col_integer: Vec<bool>,
    /// Objective coefficient of each column.
    pub objective: Vec<f64>,
    /// Constant term of the objective.
    pub objective_offset: f64,
    /// Row names, in row order.
    pub row_names: Vec<String>,
    /// Sense of each row.
    pub row_sense: Vec<Sense>,
    /// Right-hand side of each row.
    pub rhs: Vec<f64>,
    /// Coefficients of each row: (column, value), by increasing column, no zeros.
    pub rows: Vec<Vec<(usize, f64)>>,
}

/// The sense of an exported row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// `<=`.
    Le,
    /// `>=`.
    Ge,
    /// `=`.
    Eq,
}

impl Matrix {
    /// Number of non-zero coefficients in the rows.
    pub fn nonzeros(&self) -> usize {
        self.rows.iter().map(Vec::len).sum()
    }
}

/// Number of non-zero coefficients in a model's rows (what a backend receives).
pub fn nonzeros(model: &LpModel) -> usize {
    model
        .rows
        .constraints
        .iter()
        .map(|c| {
            c.expression()
                .linear_coefficients()
                .filter(|&(_, a)| a != 0.0)
                .count()
        })
        .sum()
}

/// Keeps letters, digits and `_`; anything else becomes `_`.
fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Text for a comment line: control characters (a line feed would start a new line of the
/// model file) become spaces.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Column names from the variable grids (see the module documentation).
pub fn column_names(inst: &Instance, f: &Formulation) -> Vec<String> {
    let p = &inst.plant;
    let v = &f.vars;
    let n = f.model.problem.len();
    let mut names: Vec<Option<String>> = vec![None; n];
    let mut put = |var: &Option<Var>, name: &dyn Fn() -> String| {
        if let Some(var) = var {
            if var.col < n {
                names[var.col] = Some(name());
            }
        }
    };
    let site = |s: usize| p.sites[s].named.id.as_str();
    let stream = |k: usize| p.streams[k].named.id.as_str();
    let shift = |h: usize| p.shifts[h].named.id.as_str();
    let kind = |k: usize| StaffKind::ALL[k].name();
    let lot = |q: usize| {
        let (fr, c) = p.lots[q];
        format!(
            "{}_{}",
            p.fractions[fr.0].named.id, p.categories[c.0].named.id
        )
    };
    for ((l, k, h, t), x) in v.x.indexed_iter() {
        put(x, &|| {
            format!(
                "x_{}_{}_{}_w{}",
                p.lines[l].named.id,
                stream(k),
                shift(h),
                t + 1
            )
        });
    }
    for ((k, l, h, t), x) in v.w.indexed_iter() {
        put(x, &|| {
            format!(
                "w_{}_{}_{}_w{}",
                kind(k),
                p.lines[l].named.id,
                shift(h),
                t + 1
            )
        });
    }
    for ((s, h, t), x) in v.v.indexed_iter() {
        put(x, &|| format!("v_{}_{}_w{}", site(s), shift(h), t + 1));
    }
    for ((s, k, t), x) in v.paid.indexed_iter() {
        put(x, &|| format!("P_{}_{}_w{}", site(s), kind(k), t + 1));
    }
    for ((s, k), x) in v.open.indexed_iter() {
        put(x, &|| format!("N0_{}_{}", site(s), kind(k)));
    }
    for ((s, k, t), x) in v.head.indexed_iter() {
        put(x, &|| format!("N_{}_{}_w{}", site(s), kind(k), t + 1));
    }
    for ((s, k, t), x) in v.hire.indexed_iter() {
        put(x, &|| format!("hire_{}_{}_w{}", site(s), kind(k), t + 1));
    }
    for ((s, k, t), x) in v.depart.indexed_iter() {
        put(x, &|| format!("dep_{}_{}_w{}", site(s), kind(k), t + 1));
    }
    for ((s, t), x) in v.cum_entries.indexed_iter() {
        put(x, &|| format!("EA_{}_w{}", site(s), t + 1));
    }
    for ((s, t), x) in v.cum_exits.indexed_iter() {
        put(x, &|| format!("EX_{}_w{}", site(s), t + 1));
    }
    for ((s, k, j, t), x) in v.overtime.indexed_iter() {
        put(x, &|| {
            format!("o{}_{}_{}_w{}", j + 1, site(s), kind(k), t + 1)
        });
    }
    for (s, x) in v.advisers.indexed_iter() {
        put(x, &|| format!("adv_{}", site(s)));
    }
    for ((a, s, k, t), x) in v.deliver.indexed_iter() {
        put(x, &|| {
            format!("d_{}_{}_{}_w{}", p.areas[a].id, site(s), stream(k), t + 1)
        });
    }
    for ((s, k, t), x) in v.ext.indexed_iter() {
        put(x, &|| format!("ext_{}_{}_w{}", site(s), stream(k), t + 1));
    }
    for ((s, k, t), x) in v.istock.indexed_iter() {
        put(x, &|| format!("I_{}_{}_w{}", site(s), stream(k), t + 1));
    }
    for ((s, q, t), x) in v.ostock.indexed_iter() {
        put(x, &|| format!("O_{}_{}_w{}", site(s), lot(q), t + 1));
    }
    for ((s, o, q, t), x) in v.ship.indexed_iter() {
        put(x, &|| {
            format!(
                "y_{}_{}_{}_w{}",
                site(s),
                p.outlets[o].named.id,
                lot(q),
                t + 1
            )
        });
    }
    for ((s, o, t), x) in v.trips.indexed_iter() {
        put(x, &|| {
            format!("z_{}_{}_w{}", site(s), p.outlets[o].named.id, t + 1)
        });
    }
    let labels = &f.model.rows.labels;
    for (j, x) in v.place.indexed_iter() {
        let o = &p.openings[j];
        put(x, &|| {
            format!(
                "pl_{}_{}_w{}_{}",
                p.partners[o.partner].named.id,
                p.skills[o.skill].named.id,
                o.week,
                j + 1
            )
        });
    }
    for ((k, t), x) in v.train.indexed_iter() {
        put(x, &|| format!("tr_{}_w{}", p.skills[k].named.id, t + 1));
    }
    put(&v.aid_mod, &|| "aid_modulation".to_string());
    for aux in &f.model.rows.auxiliary {
        if aux.var.col < n && aux.row < labels.len() {
            names[aux.var.col] = Some(format!("g_{}", labels[aux.row].key(p)));
        }
    }
    let rows = row_names(&f.model);
    for slack in &f.model.rows.slacks {
        if slack.var.col < n && slack.row < rows.len() {
            names[slack.var.col] = Some(format!("slack_{}", rows[slack.row]));
        }
    }
    let mut seen = HashSet::with_capacity(n);
    names
        .into_iter()
        .enumerate()
        .map(|(col, name)| {
            let mut name = name.map_or_else(|| format!("c{col}"), |s| sanitize(&s));
            if !seen.insert(name.clone()) {
                name = format!("{name}_c{col}");
                seen.insert(name.clone());
            }
            name
        })
        .collect()
}

/// Row names: `<family>_<index within its family's block>`
/// ([`Row::family`](crate::formulation::Row::family)).
pub fn row_names(model: &LpModel) -> Vec<String> {
    let labels = &model.rows.labels;
    let n = labels.len();
    let mut seen = HashSet::with_capacity(n);
    let mut index = 0;
    (0..n)
        .map(|r| {
            let family = labels[r].family();
            index = if r > 0 && labels[r - 1].family() == family {
                index + 1
            } else {
                0
            };
            let mut name = format!("{}_{index}", sanitize(family));
            if name == "obj" || !seen.insert(name.clone()) {
                name = format!("{name}_r{r}");
                seen.insert(name.clone());
            }
            name
        })
        .collect()
}

/// Extracts the model's matrix exactly as a backend receives it ([`SparseModel`]), with
/// names, and `<=` rows whose coefficients are all negative turned into `>=` rows.
pub fn matrix(inst: &Instance, f: &Formulation) -> Matrix {
    let s = SparseModel::of(&f.model);
    let nr = s.num_rows();
    let mut rows = Vec::with_capacity(nr);
    let mut row_sense = Vec::with_capacity(nr);
    let mut rhs = Vec::with_capacity(nr);
    for (i, mut coefs) in s.rows.into_iter().enumerate() {
        let b = s.row_upper[i];
        if s.row_lower[i] == b {
            row_sense.push(Sense::Eq);
            rhs.push(b);
        } else if !coefs.is_empty() && coefs.iter().all(|&(_, a)| a < 0.0) {
            for (_, a) in &mut coefs {
                *a = -*a;
            }
            row_sense.push(Sense::Ge);
            rhs.push(-b);
        } else {
            row_sense.push(Sense::Le);
            rhs.push(b);
        }
        rows.push(coefs);
    }
    Matrix {
        col_names: column_names(inst, f),
        col_lower: s.col_lower,
        col_upper: s.col_upper,
        col_integer: s.col_integer,
        objective: s.objective,
        objective_offset: s.objective_offset,
        row_names: row_names(&f.model),
        row_sense,
        rhs,
        rows,
    }
}

/// A number in its shortest round-trip form (`3`, `0.125`, `1e-7`).
fn num(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:?}")
    }
}

/// Writes the model as a free-format MPS file.
pub fn write_mps(inst: &Instance, f: &Formulation, path: &Path) -> Result<(), Error> {
    let m = matrix(inst, f);
    crate::output::write_atomic_with(path, |w| mps_to(&m, &inst.name, w))
}

/// Writes the model as a CPLEX LP file.
pub fn write_lp(inst: &Instance, f: &Formulation, path: &Path) -> Result<(), Error> {
    let m = matrix(inst, f);
    crate::output::write_atomic_with(path, |w| lp_to(&m, &inst.name, w))
}

/// Writes the model in the format its extension names: `.mps` or `.lp`.
pub fn write_model(inst: &Instance, f: &Formulation, path: &Path) -> Result<(), Error> {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("mps") => write_mps(inst, f, path),
        Some(e) if e.eq_ignore_ascii_case("lp") => write_lp(inst, f, path),
        _ => Err(Error::Usage(format!(
            "{}: unknown model format, expected a file name ending in .mps or .lp",
            path.display()
        ))),
    }
}

/// The MPS text of a matrix.
pub fn mps_to(m: &Matrix, name: &str, w: &mut impl Write) -> std::io::Result<()> {
    writeln!(w, "* triplan model: {}", comment(name))?;
    writeln!(
        w,
        "* {} columns, {} rows, {} non-zeros; free MPS, minimise",
        m.col_names.len(),
        m.row_names.len(),
        m.nonzeros()
    )?;
    writeln!(w, "NAME {}", sanitize(name))?;
    writeln!(w, "ROWS")?;
    writeln!(w, " N obj")?;
    for (r, name) in m.row_names.iter().enumerate() {
        let s = match m.row_sense[r] {
            Sense::Le => 'L',
            Sense::Ge => 'G',
            Sense::Eq => 'E',
        };
        writeln!(w, " {s} {name}")?;
    }
    // Column-major copy of the rows.
    let n = m.col_names.len();
    let mut count = vec![0usize; n + 1];
    for row in &m.rows {
        for &(j, _) in row {
            count[j + 1] += 1;
        }
    }
    for j in 0..n {
        count[j + 1] += count[j];
    }
    let mut fill = count.clone();
    let mut entries = vec![(0usize, 0.0f64); m.nonzeros()];
    for (r, row) in m.rows.iter().enumerate() {
        for &(j, a) in row {
            entries[fill[j]] = (r, a);
            fill[j] += 1;
        }
    }
    writeln!(w, "COLUMNS")?;
    let mut in_int = false;
    for j in 0..n {
        if m.col_integer[j] != in_int {
            in_int = m.col_integer[j];
            let tag = if in_int { "'INTORG'" } else { "'INTEND'" };
            writeln!(w, "    MARKER 'MARKER' {tag}")?;
        }
        let col = &m.col_names[j];
        let own = &entries[count[j]..count[j + 1]];
        if m.objective[j] != 0.0 || own.is_empty() {
            writeln!(w, "    {col} obj {}", num(m.objective[j]))?;
        }
        for &(r, a) in own {
            writeln!(w, "    {col} {} {}", m.row_names[r], num(a))?;
        }
    }
    if in_int {
        writeln!(w, "    MARKER 'MARKER' 'INTEND'")?;
    }
    writeln!(w, "RHS")?;
    if m.objective_offset != 0.0 {
        // Readers take an objective right-hand side as minus the constant.
        writeln!(w, "    RHS obj {}", num(-m.objective_offset))?;
    }
    for (r, &b) in m.rhs.iter().enumerate() {
        if b != 0.0 {
            writeln!(w, "    RHS {} {}", m.row_names[r], num(b))?;
        }
    }
    writeln!(w, "BOUNDS")?;
    for j in 0..n {
        let (lo, up, col) = (m.col_lower[j], m.col_upper[j], &m.col_names[j]);
        if lo == up {
            writeln!(w, " FX BND {col} {}", num(lo))?;
            continue;
        }
        if lo == f64::NEG_INFINITY && up == f64::INFINITY {
            writeln!(w, " FR BND {col}")?;
            continue;
        }
        if lo == f64::NEG_INFINITY {
            writeln!(w, " MI BND {col}")?;
        } else if lo != 0.0 {
            writeln!(w, " LO BND {col} {}", num(lo))?;
        }
        if up != f64::INFINITY {
            writeln!(w, " UP BND {col} {}", num(up))?;
        } else if m.col_integer[j] {
            writeln!(w, " PL BND {col}")?;
        }
    }
    writeln!(w, "ENDATA")
}

/// Writes `+ a name` terms, a few per line.
fn lp_terms(
    w: &mut impl Write,
    terms: impl Iterator<Item = (f64, impl AsRef<str>)>,
) -> std::io::Result<()> {
    let mut k = 0;
    for (a, name) in terms {
        if k > 0 && k % 6 == 0 {
            write!(w, "\n   ")?;
        }
        let sign = if a < 0.0 { '-' } else { '+' };
        write!(w, " {sign} {} {}", num(a.abs()), name.as_ref())?;
        k += 1;
    }
    if k == 0 {
        write!(w, " 0")?;
    }
    Ok(())
}

/// The CPLEX LP text of a matrix.
pub fn lp_to(m: &Matrix, name: &str, w: &mut impl Write) -> std::io::Result<()> {
    writeln!(w, "\\ triplan model: {}", comment(name))?;
    writeln!(
        w,
        "\\ {} columns, {} rows, {} non-zeros",
        m.col_names.len(),
        m.row_names.len(),
        m.nonzeros()
    )?;
    writeln!(w, "Minimize")?;
    write!(w, " obj:")?;
    lp_terms(
        w,
        m.objective
            .iter()
            .enumerate()
            .filter(|&(_, &a)| a != 0.0)
            .map(|(j, &a)| (a, &m.col_names[j])),
    )?;
    if m.objective_offset != 0.0 {
        let sign = if m.objective_offset < 0.0 { '-' } else { '+' };
        write!(w, " {sign} {}", num(m.objective_offset.abs()))?;
    }
    writeln!(w)?;
    writeln!(w, "Subject To")?;
    for (r, row) in m.rows.iter().enumerate() {
        write!(w, " {}:", m.row_names[r])?;
        lp_terms(w, row.iter().map(|&(j, a)| (a, &m.col_names[j])))?;
        let s = match m.row_sense[r] {
            Sense::Le => "<=",
            Sense::Ge => ">=",
            Sense::Eq => "=",
        };
        writeln!(w, " {s} {}", num(m.rhs[r]))?;
    }
    writeln!(w, "Bounds")?;
    for (j, col) in m.col_names.iter().enumerate() {
        let (lo, up) = (m.col_lower[j], m.col_upper[j]);
        if lo == up {
            writeln!(w, " {col} = {}", num(lo))?;
        } else if lo == f64::NEG_INFINITY && up == f64::INFINITY {
            writeln!(w, " {col} free")?;
        } else if lo == f64::NEG_INFINITY {
            writeln!(w, " -inf <= {col} <= {}", num(up))?;
        } else if up == f64::INFINITY {
            if lo != 0.0 {
                writeln!(w, " {col} >= {}", num(lo))?;
            }
        } else {
            writeln!(w, " {} <= {col} <= {}", num(lo), num(up))?;
        }
    }
    if m.col_integer.iter().any(|&b| b) {
        writeln!(w, "General")?;
        for (j, col) in m.col_names.iter().enumerate() {
            if m.col_integer[j] {
                writeln!(w, " {col}")?;
            }
        }
    }
    writeln!(w, "End")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        for x in [3.0, 0.125, -2.5, 1e-7, 1.0 / 3.0, 1e20, -1e-300] {
            assert_eq!(num(x).parse::<f64>().unwrap(), x, "{x}");
        }
        assert_eq!(num(3.0), "3");
        assert_eq!(num(-0.0), "0");
    }

    #[test]
    fn names_are_safe() {
        assert_eq!(sanitize("crt-cutting.2 x"), "crt_cutting_2_x");
    }
}
