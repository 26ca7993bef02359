//! A study's parameter changes and trends, resolved on raw records by [`crate::params::raw`].

use super::load::Ctx;
use super::{ChangeEntry, Trend, TrendEntry};
use crate::invest::patch::{self, RawBase, RawChange};
use crate::params::Op;
use crate::validate::limits;

/// One `{ path, set | scale }` entry, resolved; a problem names `field` and the entry's line.
pub(super) fn resolve_change(
    cx: &mut Ctx,
    m: RawBase,
    c: &ChangeEntry,
    field: &str,
) -> Option<RawChange> {
    let op = match (c.set, c.scale) {
        (Some(v), None) => Op::Set(v),
        (None, Some(f)) => Op::Scale(f),
        _ => {
            cx.at(
                c.path.span(),
                field,
                format!(
                    "{}: expected exactly one of `set` or `scale`",
                    c.path.get_ref()
                ),
            );
            return None;
        }
    };
    match patch::resolve(m, c.path.get_ref(), op) {
        Ok(ch) => Some(ch),
        Err(msg) => {
            cx.at(c.path.span(), field, msg);
            None
        }
    }
}

pub(super) fn resolve_trends(
    cx: &mut Ctx,
    m: RawBase,
    list: &[TrendEntry],
    field: &str,
    years: usize,
) -> Vec<Trend> {
    let mut out = Vec::new();
    for t in list {
        let (lo, hi) = limits::TREND_RATE;
        if !(t.rate.is_finite() && (lo..=hi).contains(&t.rate)) {
            cx.at(
                t.path.span(),
                field,
                format!(
                    "{}: rate {} expected above -1, and from {lo} to {hi} (-0.25 = -25 % a year)",
                    t.path.get_ref(),
                    crate::validate::num(t.rate)
                ),
            );
            continue;
        }
        let factor = (1.0 + t.rate).powi(years.clamp(1, 1000) as i32 - 1);
        let (flo, fhi) = limits::TREND_FACTOR;
        if !(flo..=fhi).contains(&factor) {
            cx.at(
                t.path.span(),
                field,
                format!(
                    "{}: rate {} compounds to a factor of {factor:e} over {years} years, expected a factor from {flo:e} to {fhi:e}",
                    t.path.get_ref(),
                    t.rate
                ),
            );
            continue;
        }
        match patch::resolve(m, t.path.get_ref(), Op::Scale(1.0)) {
            Ok(change) => out.push(Trend {
                change,
                rate: t.rate,
            }),
            Err(msg) => cx.at(t.path.span(), field, msg),
        }
    }
    out
}
