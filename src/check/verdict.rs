//! The checker's verdict on each target a report shows: met or missed, and by how much.
//!
//! Reports colour a rate red or a card "bad" by reading these verdicts, never by comparing
//! the rate with its target again: the checker alone judges, with its one tolerance
//! ([`super::TOLERANCE`], scaled by the size of the quantity).

use crate::kpi::Scope;
use crate::plant::SiteId;

/// A target the checker judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Recovered tonnage against the recovery target (§4.22-4.23).
    Recovery(Scope),
    /// Recycled tonnage against the recycling target (§4.22-4.23).
    Recycling(Scope),
    /// Insertion hours against the least share of a site's production hours (§4.14); judged
    /// only where the least share is above 0.
    InsertionShare(SiteId),
    /// Paid insertion hours of all sites, in FTE over the horizon, within the agreed posts
    /// (§4.15).
    FundedPosts,
}

/// The verdict on one target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// What was judged.
    pub target: Target,
    /// Met within the checker's tolerance.
    pub met: bool,
    /// How far the plan is on the right side of the target, in the check's unit: tonnes
    /// recovered (recycled) beyond the target share of the accountable tonnage, insertion
    /// hours beyond the least share of the site's production hours, agreed posts (FTE) left. Negative
    /// when short, even by less than the tolerance (then still met).
    pub margin: f64,
}

/// The verdicts of one check, in the order the checker judged them.
#[derive(Debug, Clone, Default)]
pub struct Verdicts(pub(super) Vec<Verdict>);

impl Verdicts {
    /// The verdict on `target`, if the checker judged it (a target the model does not set is
    /// not judged).
    pub fn get(&self, target: Target) -> Option<&Verdict> {
        self.0.iter().find(|v| v.target == target)
    }
    /// Whether `target` is met, if it was judged.
    pub fn met(&self, target: Target) -> Option<bool> {
        self.get(target).map(|v| v.met)
    }
    /// Whether every site meets the least insertion share, if any site was judged.
    pub fn insertion_share_met(&self) -> Option<bool> {
        let mut sites = self
            .0
            .iter()
            .filter(|v| matches!(v.target, Target::InsertionShare(_)))
            .peekable();
        sites.peek()?;
        Some(sites.all(|v| v.met))
    }
    /// Every verdict.
    pub fn iter(&self) -> impl Iterator<Item = &Verdict> {
        self.0.iter()
    }
}
