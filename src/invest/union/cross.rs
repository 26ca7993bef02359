//! The options' effects on each other's parts (a price change on a new site's shipments),
//! read with the other option in service.

use super::{ColDelta, NamedLp, RhsDelta, RowDelta, Term, Union};
use std::collections::HashMap;

impl Union<'_> {
    /// Effects of one option on another's parts (a dearer metal on the new site's shipments):
    /// read with the other option `h` in service, `M_{C + o}` against `M_C`, `C` = what both
    /// need and `h`. Only entries on `h`'s own columns and rows are taken; the rest were read
    /// by [`Union::read_option`].
    pub(super) fn read_cross_effects(&mut self, available: &[usize], requires: &[u32]) {
        for &o in available {
            for &h in available {
                if h == o {
                    continue;
                }
                let c = requires[o] | requires[h] | 1 << h;
                if c & (1 << o) != 0 {
                    continue;
                }
                let (Some(&a), Some(&b)) = (self.by_mask.get(&c), self.by_mask.get(&(c | 1 << o)))
                else {
                    continue;
                };
                self.cross_columns(o, h, a, b);
                self.cross_rows(o, h, a, b);
            }
        }
    }

    /// `o`'s changes to the bounds and costs of `h`'s columns.
    fn cross_columns(&mut self, o: usize, h: usize, a: &NamedLp, b: &NamedLp) {
        for (jb, name) in b.cols.iter().enumerate() {
            let Some(&ja) = a.col_index.get(name) else {
                continue;
            };
            if self
                .col_index
                .get(name)
                .is_none_or(|&j| self.ucols[j].home != Some(h))
            {
                continue;
            }
            let dl = if b.lower[jb] == a.lower[ja] {
                0.0
            } else {
                b.lower[jb] - a.lower[ja]
            };
            let du = if b.upper[jb] == a.upper[ja] {
                0.0
            } else {
                b.upper[jb] - a.upper[ja]
            };
            let dc = b.cost[jb] - a.cost[ja];
            if dl != 0.0 || du != 0.0 || dc != 0.0 {
                let j = self.col_index[name];
                self.ucols[j].deltas.push(ColDelta {
                    option: o,
                    lower: dl,
                    upper: du,
                    cost: dc,
                });
            }
        }
    }

    /// `o`'s changes to entries on `h`'s columns and to `h`'s rows, and `h`'s columns in `o`'s
    /// own rows.
    fn cross_rows(&mut self, o: usize, h: usize, a: &NamedLp, b: &NamedLp) {
        for (rb, key) in b.rows.iter().enumerate() {
            let Some(&u) = self.row_index.get(key) else {
                continue;
            };
            match a.row_index.get(key) {
                Some(&ra) if a.eq[ra] == b.eq[rb] => {
                    self.cross_row_deltas((o, h), u, (a, ra), (b, rb));
                }
                _ if self.urows[u].home == Some(o) => {
                    // o's own row, with h's columns in it.
                    for &(jb, vb) in &b.coefs[rb] {
                        let name = b.cols[jb].as_str();
                        if let Some(&j) = self.col_index.get(name) {
                            if self.ucols[j].home == Some(h)
                                && !self.urows[u].coefs.iter().any(|&(k, _)| k == j)
                            {
                                self.urows[u].coefs.push((j, vb));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// `o`'s changes to union row `u`, present in both `a` and `b`: all of them when it is
    /// `h`'s row, else those on `h`'s columns.
    fn cross_row_deltas(
        &mut self,
        (o, h): (usize, usize),
        u: usize,
        (a, ra): (&NamedLp, usize),
        (b, rb): (&NamedLp, usize),
    ) {
        let own = self.urows[u].home == Some(h);
        let a_of: HashMap<&str, f64> = a.coefs[ra]
            .iter()
            .map(|&(j, v)| (a.cols[j].as_str(), v))
            .collect();
        let mut deltas = Vec::new();
        let delta = |term, coef| RowDelta {
            option: o,
            term,
            coef,
        };
        for &(jb, vb) in &b.coefs[rb] {
            let name = b.cols[jb].as_str();
            let Some(&j) = self.col_index.get(name) else {
                continue;
            };
            if !a.col_index.contains_key(name) {
                if own {
                    deltas.push(delta(Term::Col(j), vb));
                }
                continue;
            }
            if !(own || self.ucols[j].home == Some(h)) {
                continue;
            }
            let va = a_of.get(name).copied().unwrap_or(0.0);
            if vb != va {
                deltas.push(delta(Term::Prod(j), vb - va));
            }
        }
        for &(ja, va) in &a.coefs[ra] {
            let name = a.cols[ja].as_str();
            let Some(&j) = self.col_index.get(name) else {
                continue;
            };
            let in_b = b
                .col_index
                .get(name)
                .is_some_and(|&jb| b.coefs[rb].iter().any(|&(k, _)| k == jb));
            if b.col_index.contains_key(name) && !in_b && (own || self.ucols[j].home == Some(h)) {
                deltas.push(delta(Term::Prod(j), -va));
            }
        }
        self.urows[u].deltas.extend(deltas);
        if own && b.rhs[rb] != a.rhs[ra] {
            self.urows[u].rhs_deltas.push(RhsDelta {
                option: o,
                change: b.rhs[rb] - a.rhs[ra],
            });
        }
    }
}
