//! The index sets of FORMULATION.md §1 held by the plant equal the filters they replace.

mod common;

use common::root;
use triplan::load_instance;
use triplan::plant::{CategoryId, LineId, LotId, SiteId, StreamId};

#[test]
fn index_sets_list_the_entities_of_each_site_and_category_in_id_order() {
    for dir in ["instances/juratri-2014", "instances/tutorial"] {
        let inst = load_instance(&root().join(dir)).unwrap();
        let p = &inst.plant;
        for s in 0..p.sites.len() {
            let lines: Vec<LineId> = (0..p.lines.len())
                .filter(|&l| p.lines[l].site.0 == s)
                .map(LineId)
                .collect();
            assert_eq!(p.lines_at(SiteId(s)), &lines[..], "{dir}: site {s}");
        }
        let mut total = (0, 0);
        for c in 0..p.categories.len() {
            let streams: Vec<StreamId> = (0..p.streams.len())
                .filter(|&k| p.streams[k].category.0 == c)
                .map(StreamId)
                .collect();
            assert_eq!(
                p.streams_of(CategoryId(c)),
                &streams[..],
                "{dir}: category {c}"
            );
            let lots: Vec<LotId> = (0..p.lots.len())
                .filter(|&q| p.lots[q].1 .0 == c)
                .map(LotId)
                .collect();
            assert_eq!(p.lots_of(CategoryId(c)), &lots[..], "{dir}: category {c}");
            total.0 += streams.len();
            total.1 += lots.len();
        }
        assert_eq!(total, (p.streams.len(), p.lots.len()), "{dir}");
        assert!(p
            .sites
            .iter()
            .enumerate()
            .any(|(s, _)| p.lines_at(SiteId(s)).len() > 1));
    }
}
