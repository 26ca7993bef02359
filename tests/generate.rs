//! Generated instances: deterministic, valid, feasible, and of the announced sizes.

use std::path::Path;
use triplan::generate::{generate, size, GenerateOptions};
use triplan::input::ModelFile;
use triplan::{build, load_instance, run, BuildOptions, RunOptions, Status};

fn read_all(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn same_seed_same_files() {
    let opts = GenerateOptions {
        sites: 4,
        seed: 42,
        ..GenerateOptions::default()
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(&opts, a.path()).unwrap();
    generate(&opts, b.path()).unwrap();
    let files = read_all(a.path());
    assert_eq!(files.len(), 5);
    assert_eq!(files, read_all(b.path()));
    // Another seed, other numbers.
    let c = tempfile::tempdir().unwrap();
    generate(
        &GenerateOptions {
            seed: 43,
            ..opts.clone()
        },
        c.path(),
    )
    .unwrap();
    assert_ne!(
        std::fs::read(a.path().join("tonnage.csv")).unwrap(),
        std::fs::read(c.path().join("tonnage.csv")).unwrap()
    );
}

/// The whole-number staffing columns of a built model: weekly and opening headcounts,
/// insertion entries and exits and their running totals, advisers.
fn whole_staffing_columns(v: &triplan::formulation::Vars) -> usize {
    let ins = triplan::plant::StaffKind::Insertion.index();
    let some = |it: &mut dyn Iterator<Item = &Option<triplan::formulation::Var>>| {
        it.filter(|x| x.is_some()).count()
    };
    some(&mut v.head.iter())
        + some(&mut v.open.iter())
        + some(&mut v.hire.slice(ndarray::s![.., ins, ..]).iter())
        + some(&mut v.depart.slice(ndarray::s![.., ins, ..]).iter())
        + some(&mut v.cum_entries.iter())
        + some(&mut v.cum_exits.iter())
        + some(&mut v.advisers.iter())
}

fn solves_to_optimal(sites: usize, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let summary = generate(
        &GenerateOptions {
            sites,
            seed,
            ..GenerateOptions::default()
        },
        dir.path(),
    )
    .unwrap();
    assert_eq!(summary.sites, sites);
    assert_eq!(summary.areas, 2 * sites);
    let inst = load_instance(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(inst.weeks, 52);
    assert_eq!(inst.plant.sites.len(), sites);
    let solved = run(&inst, &RunOptions::default()).unwrap();
    assert_eq!(solved.status, Status::Optimal);
    // No trucks by default: the only whole numbers are the people.
    let f = build(&inst, BuildOptions::default());
    assert!(f.vars.trips.iter().all(Option::is_none));
    let people = whole_staffing_columns(&f.vars);
    assert!(people > 0);
    assert_eq!(solved.model.integer_variables, people);
    let check = solved.check.unwrap();
    assert!(check.passed, "{:?}", check.violations);
    // Realistic: everything is processed in house, within the yearly tonnage.
    let kpis = &check.kpis;
    assert!(kpis.external_t < 0.01 * kpis.supply_t, "{kpis:?}");
}

#[test]
fn one_site_solves_to_optimal() {
    solves_to_optimal(1, 1);
}

#[test]
fn three_sites_solve_to_optimal() {
    solves_to_optimal(3, 7);
}

#[test]
fn truck_outlets_make_a_mip() {
    let dir = tempfile::tempdir().unwrap();
    let opts = GenerateOptions {
        sites: 1,
        truck_outlets: 1,
        ..GenerateOptions::default()
    };
    generate(&opts, dir.path()).unwrap();
    let inst = load_instance(dir.path()).unwrap();
    let f = build(&inst, BuildOptions::default());
    // One whole trip count a week, besides the whole people.
    let trips = f.vars.trips.iter().filter(|z| z.is_some()).count();
    assert_eq!(trips, 52);
    assert_eq!(
        f.model.integer_variables,
        trips + whole_staffing_columns(&f.vars)
    );
}

#[test]
fn size_m_has_its_order_of_magnitude() {
    let dir = tempfile::tempdir().unwrap();
    let opts = size("M").unwrap();
    assert_eq!(opts.sites, 10);
    generate(&opts, dir.path()).unwrap();
    let inst = load_instance(dir.path()).unwrap();
    let f = build(
        &inst,
        BuildOptions {
            relax: true,
            ..BuildOptions::default()
        },
    );
    let n = f.model.num_variables();
    assert!((30_000..300_000).contains(&n), "M has {n} variables");
}

/// L is large (about 1.1 M columns, 1 GB to build): run with `--ignored`.
#[test]
#[ignore]
fn size_l_has_half_a_million_variables() {
    let dir = tempfile::tempdir().unwrap();
    generate(&size("L").unwrap(), dir.path()).unwrap();
    let inst = load_instance(dir.path()).unwrap();
    let f = build(
        &inst,
        BuildOptions {
            relax: true,
            ..BuildOptions::default()
        },
    );
    assert!(f.model.num_variables() >= 500_000);
}

#[test]
fn refuses_foreign_files_and_overwrites_its_own() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let opts = GenerateOptions::default();
    let err = generate(&opts, dir.path()).unwrap_err();
    assert!(matches!(err, triplan::Error::Usage(_)), "{err}");
    assert!(err.to_string().contains("did not write"));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("inst");
    generate(&opts, &out).unwrap();
    assert!(out.join("prices.csv").exists());
    // A second run into its own directory is fine; without prices the stale file goes.
    let opts = GenerateOptions {
        prices: false,
        ..opts
    };
    generate(&opts, &out).unwrap();
    assert!(!out.join("prices.csv").exists());
    load_instance(&out).unwrap();
    // A hand-written instance.toml is not ours.
    std::fs::write(
        out.join("instance.toml"),
        "name = \"x\"\nmodel = \"model.toml\"\n",
    )
    .unwrap();
    assert!(generate(&opts, &out).is_err());
}

#[test]
fn bad_options_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for opts in [
        GenerateOptions {
            sites: 0,
            ..GenerateOptions::default()
        },
        GenerateOptions {
            weeks: 0,
            ..GenerateOptions::default()
        },
    ] {
        assert!(generate(&opts, &dir.path().join("x")).is_err());
    }
    // Other horizons work: 8 weeks (no price moves: prices.csv is a header alone), 26 and 104.
    for weeks in [8, 26, 104] {
        let out = dir.path().join(format!("w{weeks}"));
        generate(
            &GenerateOptions {
                weeks,
                sites: 2,
                ..GenerateOptions::default()
            },
            &out,
        )
        .unwrap();
        assert_eq!(load_instance(&out).unwrap().weeks, weeks);
    }
}

fn parse_model(path: &Path) -> ModelFile {
    let text = std::fs::read_to_string(path).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The generator's tables are the reference model's: a one-site plant carries
/// `models/juratri.toml`'s categories, streams, fractions, shifts, social rules, targets,
/// storage, staff, lines, outlets and opening intake stock with the same numbers; the truck
/// outlets take the reference truck outlet's capacity and trip cost.
#[test]
fn a_one_site_plant_is_the_reference_model() {
    let reference = parse_model(&Path::new(env!("CARGO_MANIFEST_DIR")).join("models/juratri.toml"));
    let dir = tempfile::tempdir().unwrap();
    let opts = GenerateOptions {
        truck_outlets: 1,
        ..GenerateOptions::default()
    };
    generate(&opts, dir.path()).unwrap();
    let g = parse_model(&dir.path().join("model.toml"));

    assert_eq!(g.categories, reference.categories);
    assert_eq!(g.streams, reference.streams);
    assert_eq!(g.fractions, reference.fractions);
    assert_eq!(g.shifts, reference.shifts);
    assert_eq!(g.social, reference.social);
    assert_eq!(g.targets, reference.targets);

    let (site, rsite) = (&g.sites[0], &reference.sites[0]);
    assert_eq!(g.sites.len(), 1);
    assert_eq!(site.intake_capacity_t, rsite.intake_capacity_t);
    assert_eq!(site.output_capacity_t, rsite.output_capacity_t);

    assert_eq!(g.staff.len(), reference.staff.len());
    for (s, r) in g.staff.iter().zip(&reference.staff) {
        assert_eq!(s.site, site.id);
        let renamed = triplan::input::StaffRaw {
            site: r.site.clone(),
            ..s.clone()
        };
        assert_eq!(&renamed, r);
    }

    assert_eq!(g.lines.len(), reference.lines.len());
    for (l, r) in g.lines.iter().zip(&reference.lines) {
        assert_eq!(l.id, format!("{}_{}", r.id, site.id));
        assert_eq!(l.site, site.id);
        assert_eq!(
            (&l.shifts, l.running_cost_eur_per_h, l.min_qualified_share),
            (&r.shifts, r.running_cost_eur_per_h, r.min_qualified_share)
        );
        assert_eq!(l.availability, r.availability);
        assert_eq!(l.processes, r.processes, "{}", r.id);
    }

    assert_eq!(g.outlets.len(), reference.outlets.len());
    for (o, r) in g.outlets.iter().zip(&reference.outlets) {
        assert_eq!(o.id, r.id);
        assert_eq!(o.treatment, r.treatment);
        assert_eq!(o.prices_eur_per_t, r.prices_eur_per_t, "{}", r.id);
        assert_eq!(
            (o.recycled_share, o.recovered_share),
            (r.recycled_share, r.recovered_share)
        );
        let place = r.name.split(',').next().unwrap();
        assert!(o.name.starts_with(place), "{} for {}", o.name, r.name);
        // The one truck outlet asked for is the reference's own truck outlet.
        assert_eq!(o.truck_capacity_t, r.truck_capacity_t, "{}", r.id);
        assert_eq!(o.cost_eur_per_trip, r.cost_eur_per_trip, "{}", r.id);
    }

    let intake = |m: &ModelFile| -> Vec<(String, f64)> {
        let mut v: Vec<_> = m
            .stocks
            .iter()
            .filter_map(|k| Some((k.stream.clone()?, k.opening_t)))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    assert_eq!(intake(&g), intake(&reference));
}
