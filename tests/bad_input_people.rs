//! People on the payroll, insertion pathways and the working-time law: every contradiction
//! between their fields is refused before any solve. Each test changes one field of the
//! people fixture (tests/fixtures/people, which validates as it is) and runs `triplan
//! validate` and `triplan solve` on it: exit code 2, the model file and the field named, and
//! what was expected.

mod common;

use common::*;
use std::path::Path;

/// `solve` and `validate` on a copy of the people fixture with `from` replaced by `to` in
/// its model both exit with code 2 and write every needle; returns `validate`'s output.
fn refused(from: &str, to: &str, needles: &[&str]) -> String {
    refused_with(|d| mutate(d, "model.toml", from, to), needles)
}

/// As [`refused`], with any edit of the copy.
fn refused_with(edit: impl FnOnce(&Path), needles: &[&str]) -> String {
    let dir = copy_fixture("people");
    edit(dir.path());
    let target = dir.path().to_str().unwrap();
    let mut last = String::new();
    for cmd in ["solve", "validate"] {
        let o = triplan(&[cmd, target]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {err}");
        for n in needles {
            assert!(err.contains(n), "{cmd}: expected {n:?} in:\n{err}");
        }
        last = err;
    }
    last
}

#[test]
fn the_people_fixture_is_valid() {
    let o = triplan(&[
        "validate",
        root().join("tests/fixtures/people").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_longest_contract_shorter_than_the_least_is_refused() {
    refused(
        "max_contract_weeks = 104",
        "max_contract_weeks = 16",
        &["model.toml: pathway.max_contract_weeks: got 16 weeks, shorter than min_contract_weeks (17 weeks), expected the longest contract to be at least the least contract"],
    );
}

#[test]
fn a_change_period_in_part_weeks_is_refused_not_truncated() {
    refused(
        "[pathway]\n",
        "[pathway]\nchange_every_weeks = 4.33\n",
        &["model.toml: pathway.change_every_weeks: got 4.33, expected a whole number of weeks"],
    );
}

#[test]
fn training_longer_than_the_insertion_contract_is_refused() {
    refused(
        "training_h_per_week = 2",
        "training_h_per_week = 27",
        &["model.toml: pathway.training_h_per_week: got 27 h per week, more than the contract hours of insertion workers at site", "min_h_per_week = 26 h), expected training to fit in the paid contract hours"],
    );
}

#[test]
fn contract_lengths_in_part_weeks_are_refused() {
    refused(
        "min_contract_weeks = 17",
        "min_contract_weeks = 17.5",
        &["model.toml: pathway.min_contract_weeks: got 17.5, expected a whole number of weeks"],
    );
}

#[test]
fn a_ramp_up_longer_than_the_least_contract_is_refused() {
    refused(
        "min_contract_weeks = 17",
        "min_contract_weeks = 1",
        &["model.toml: pathway.ramp_up: 2 weeks of ramp-up, more than min_contract_weeks (1), expected at most min_contract_weeks entries"],
    );
}

#[test]
fn ramp_up_shares_outside_zero_to_one_are_refused() {
    refused(
        "ramp_up = [0.5, 0.75]",
        "ramp_up = [0.5, 1.2]",
        &["model.toml: pathway.ramp_up[2]: got 1.2 in tenure week 2, expected a productivity share above 0 and at most 1 (a ramp-up above 100 %"],
    );
    refused(
        "ramp_up = [0.5, 0.75]",
        "ramp_up = [0, 0.75]",
        &["model.toml: pathway.ramp_up[1]: got 0 in tenure week 1, expected a productivity share above 0 and at most 1"],
    );
}

#[test]
fn weekly_hours_above_the_law_are_refused() {
    refused(
        "max_h_per_week = 40",
        "max_h_per_week = 50",
        &["model.toml: staff[1] (permanent at s).max_h_per_week: got 50 h, above law.max_h_per_week (48 h), expected at most the law's weekly maximum"],
    );
    // The same contradiction from the law's side: two groups above a lower maximum.
    refused(
        "max_h_per_week = 48",
        "max_h_per_week = 38",
        &[
            "model.toml: staff[1] (permanent at s).max_h_per_week: got 40 h, above law.max_h_per_week (38 h)",
            "model.toml: staff[3] (supervisor at s).max_h_per_week: got 39 h, above law.max_h_per_week (38 h)",
        ],
    );
}

#[test]
fn a_legal_full_time_week_above_the_weekly_maximum_is_refused() {
    refused(
        "full_time_h_per_week = 35",
        "full_time_h_per_week = 50",
        &["model.toml: law.max_h_per_week: got 48 h, below full_time_h_per_week (50 h), expected a weekly maximum of at least the full-time week"],
    );
}

#[test]
fn contract_hours_above_the_weekly_maximum_are_refused() {
    refused(
        "min_h_per_week = 26",
        "min_h_per_week = 36",
        &["model.toml: staff[2] (insertion at s).min_h_per_week: contract hours of 36 h above max_h_per_week (35 h), expected contract hours of at most the weekly maximum"],
    );
}

#[test]
fn a_cohort_at_an_unknown_site_is_refused() {
    refused(
        "site = \"s\"\npeople = 2",
        "site = \"x\"\npeople = 2",
        &["model.toml: cohort[1].site: unknown site \"x\", expected one of: s"],
    );
}

#[test]
fn a_cohort_at_a_site_without_insertion_staff_is_refused() {
    refused_with(
        |d| {
            mutate(d, "model.toml", "site = \"s\"\npeople = 1", "site = \"t\"\npeople = 1");
            append(
                d,
                "model.toml",
                "\n[[site]]\nid = \"t\"\nintake_capacity_t = 10\noutput_capacity_t = 10\n",
            );
        },
        &["model.toml: cohort[2].site: site \"t\" has no insertion staff group, expected a site with a [[staff]] of kind insertion"],
    );
}

#[test]
fn a_cohort_past_the_longest_contract_is_refused() {
    refused(
        "tenure_weeks = 30",
        "tenure_weeks = 104",
        &["model.toml: cohort[1].tenure_weeks: got 104 weeks, past the longest contract at the start (pathway.max_contract_weeks = 104 weeks), expected fewer weeks than the longest contract"],
    );
}

#[test]
fn cohorts_of_part_people_or_part_weeks_are_refused() {
    refused(
        "people = 2\n",
        "people = 2.5\n",
        &["model.toml: cohort[1].people: got 2.5, expected a whole number of persons"],
    );
    refused(
        "tenure_weeks = 3\n",
        "tenure_weeks = 3.5\n",
        &["model.toml: cohort[2].tenure_weeks: got 3.5, expected a whole number of weeks"],
    );
}

#[test]
fn negative_cohorts_are_refused() {
    refused(
        "people = 1\n",
        "people = -1\n",
        &["model.toml: cohort[2].people: got -1, expected a number from 0 to 100000"],
    );
    refused(
        "tenure_weeks = 3\n",
        "tenure_weeks = -3\n",
        &["model.toml: cohort[2].tenure_weeks: got -3, expected a number from 0 to 520"],
    );
}

#[test]
fn cohorts_above_the_insertion_headcount_are_refused() {
    refused(
        "headcount_max = 6",
        "headcount_max = 2",
        &["model.toml: cohort[1], cohort[2].people: 3 people on contract at the start at site \"s\", more than the insertion group's headcount_max (2), expected at most headcount_max"],
    );
}

#[test]
fn cohorts_above_the_agreed_posts_are_refused() {
    // 3 people x 26 h x 52 / 1820 h = 2.23 FTE.
    refused(
        "funded_posts = 4",
        "funded_posts = 2",
        &["model.toml: social.funded_posts: got 2 FTE, fewer than the 3 insertion workers on contract at the start ([[cohort]]s) take: contract hours x 52 / full_time_h_per_year (1820 h) = 2.23 FTE, expected agreed posts of at least that"],
    );
}

#[test]
fn a_headcount_floor_above_the_agreed_posts_is_refused() {
    // 6 persons x 26 h x 52 / 1820 h = 4.46 FTE, above 4.
    refused(
        "headcount_min = 1\nheadcount_max = 6",
        "headcount_min = 6\nheadcount_max = 6",
        &["model.toml: social.funded_posts: got 4 FTE, fewer than the insertion headcount floors take: 6 persons (headcount_min, all sites) x contract hours x 52 / full_time_h_per_year (1820 h) = 4.46 FTE, expected agreed posts of at least that"],
    );
}

#[test]
fn an_opening_headcount_outside_the_bounds_is_refused() {
    refused(
        "headcount_start = 2",
        "headcount_start = 7",
        &["model.toml: staff[1] (permanent at s).headcount_start: got 7, expected a headcount from headcount_min (1) to headcount_max (5)"],
    );
    refused(
        "headcount_start = 1",
        "headcount_start = 3",
        &["model.toml: staff[3] (supervisor at s).headcount_start: got 3, expected a headcount from headcount_min (0) to headcount_max (2)"],
    );
}

#[test]
fn payroll_fields_on_insertion_or_temporary_groups_are_refused() {
    let ins = "productivity = 0.75\n";
    let tmp = "agency_markup = 0.3\n";
    refused(
        ins,
        "productivity = 0.75\nheadcount_start = 3\n",
        &["model.toml: staff[2] (insertion at s).headcount_start: got 3 for an insertion group, expected no headcount_start: only permanent and supervisor groups use it (insertion groups open with their [[cohort]]s"],
    );
    refused(
        ins,
        "productivity = 0.75\ndeparture_cost_eur = 100\n",
        &["model.toml: staff[2] (insertion at s).departure_cost_eur: got 100 for an insertion group, expected no departure_cost_eur: only permanent and supervisor groups use it"],
    );
    refused(
        tmp,
        "agency_markup = 0.3\nhire_cost_eur = 100\n",
        &["model.toml: staff[4] (temporary at s).hire_cost_eur: got 100 for a temporary group, expected no hire_cost_eur: only permanent and supervisor groups use it (temporary staff are bought as hours)"],
    );
    refused(
        tmp,
        "agency_markup = 0.3\nnotice_weeks = 2\n",
        &["model.toml: staff[4] (temporary at s).notice_weeks: got 2 for a temporary group, expected no notice_weeks: only permanent and supervisor groups use it"],
    );
}

#[test]
fn an_agency_markup_on_a_payroll_group_is_refused() {
    refused(
        "notice_weeks = 1\n",
        "notice_weeks = 1\nagency_markup = 0.2\n",
        &["model.toml: staff[1] (permanent at s).agency_markup: got 0.2 for a permanent group, expected no agency_markup: only temporary groups use it"],
    );
}

#[test]
fn a_temporary_headcount_floor_is_refused() {
    refused(
        "headcount_max = 3\n",
        "headcount_min = 1\nheadcount_max = 3\n",
        &["model.toml: staff[4] (temporary at s).headcount_min: got 1, expected 0: temporary staff are bought as hours"],
    );
}

#[test]
fn part_persons_and_part_weeks_on_the_payroll_are_refused() {
    refused(
        "headcount_min = 1\nheadcount_max = 5",
        "headcount_min = 1.5\nheadcount_max = 5",
        &["model.toml: staff[1] (permanent at s).headcount_min: got 1.5, expected a whole number of persons"],
    );
    refused(
        "headcount_max = 6",
        "headcount_max = 6.5",
        &["model.toml: staff[2] (insertion at s).headcount_max: got 6.5, expected a whole number of persons"],
    );
    refused(
        "headcount_start = 2",
        "headcount_start = 2.5",
        &["model.toml: staff[1] (permanent at s).headcount_start: got 2.5, expected a whole number of persons"],
    );
    refused(
        "notice_weeks = 1",
        "notice_weeks = 1.5",
        &["model.toml: staff[1] (permanent at s).notice_weeks: got 1.5, expected a whole number of weeks"],
    );
}

#[test]
fn a_temporary_pool_of_part_persons_is_accepted() {
    // Temporaries are bought as hours: the agency's pool bounds hours, not whole people.
    let dir = copy_fixture("people");
    mutate(
        dir.path(),
        "model.toml",
        "headcount_max = 3\n",
        "headcount_max = 2.5\n",
    );
    let o = triplan(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn an_adviser_cost_without_a_ratio_is_refused() {
    refused(
        "insertion_workers_per_adviser = 12\n",
        "",
        &["model.toml: social.adviser_cost_eur_per_year: got 45000 EUR with no insertion_workers_per_adviser, expected a ratio of insertion workers per adviser"],
    );
}

#[test]
fn an_adviser_ratio_without_insertion_staff_is_accepted() {
    let dir = copy_fixture("tiny");
    append(
        dir.path(),
        "model.toml",
        "\n[social]\ninsertion_workers_per_adviser = 12\nadviser_cost_eur_per_year = 45000\n",
    );
    let o = triplan(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn shares_of_the_pathway_and_the_aid_out_of_range_are_refused() {
    refused(
        "exit_to_employment_rate = 0.37",
        "exit_to_employment_rate = 1.2",
        &["model.toml: pathway.exit_to_employment_rate: got 1.2, expected a number from 0 to 1"],
    );
    refused(
        "aid_modulation = 0.05",
        "aid_modulation = 0.2",
        &["model.toml: social.aid_modulation: got 0.2, expected a number from 0 to 0.1"],
    );
}

#[test]
fn modulated_aid_at_or_above_the_insertion_cost_is_refused() {
    // 28000 EUR / 1820 h = 15.38 EUR/h, below the 15.7 EUR/h of insertion staff; with the
    // 5 % modulation, 16.15 EUR/h, above it.
    refused(
        "aid_eur_per_post_year = 12218",
        "aid_eur_per_post_year = 28000",
        &["model.toml: social.aid_eur_per_post_year: state aid of 16.15 EUR per paid hour (aid_eur_per_post_year x (1 + aid_modulation) / full_time_h_per_year) is at least the insertion hourly cost at site \"s\" (15.7 EUR/h)"],
    );
}

#[test]
fn every_problem_of_the_model_is_reported_together() {
    let err = refused_with(
        |d| {
            mutate(
                d,
                "model.toml",
                "ramp_up = [0.5, 0.75]",
                "ramp_up = [0.5, 1.5]",
            );
            mutate(d, "model.toml", "tenure_weeks = 30", "tenure_weeks = 200");
            mutate(
                d,
                "model.toml",
                "headcount_start = 2",
                "headcount_start = 9",
            );
            mutate(
                d,
                "model.toml",
                "agency_markup = 0.3\n",
                "agency_markup = 0.3\nnotice_weeks = 2\n",
            );
        },
        &[
            "pathway.ramp_up[2]",
            "cohort[1].tenure_weeks",
            "staff[1] (permanent at s).headcount_start",
            "staff[4] (temporary at s).notice_weeks",
        ],
    );
    assert!(err.contains("input problems:"), "{err}");
    assert!(err.matches("model.toml: ").count() >= 4, "{err}");
}

#[test]
fn team_leaders_without_supervisors_are_refused() {
    refused_with(
        |d| {
            mutate(d, "model.toml", "[social]\n", "[social]\nworkers_per_team_leader = 10\n");
            mutate(
                d,
                "model.toml",
                "[[staff]]\nsite = \"s\"\nkind = \"supervisor\"\nheadcount_max = 2\nheadcount_start = 1\nmin_h_per_week = 35\nmax_h_per_week = 39\ncost_eur_per_h = 25\n",
                "",
            );
        },
        &[
            "model.toml",
            "site \"s\": social.workers_per_team_leader asks for team leaders but the site has no supervisor staff group",
        ],
    );
}

#[test]
fn a_least_share_of_posts_without_posts_is_refused() {
    refused(
        "funded_posts = 4\n",
        "funded_posts_min_share = 0.9\n",
        &["model.toml: social.funded_posts_min_share: is given but social.funded_posts is not"],
    );
}

#[test]
fn the_new_social_fields_and_the_price_year_out_of_range_are_refused() {
    refused_with(
        |d| {
            mutate(
                d,
                "model.toml",
                "[social]\n",
                "[social]\nworkers_per_team_leader = 0\nfunded_posts_min_share = 1.5\n",
            );
            mutate(
                d,
                "model.toml",
                "name = \"People\"\n",
                "name = \"People\"\nprice_year = 24\n",
            );
        },
        &[
            "model.toml: social.workers_per_team_leader: got 0, expected a number from 0.1 to 1000",
            "model.toml: social.funded_posts_min_share: got 1.5, expected a number from 0 to 1",
            "model.toml: plant.price_year: got 24, expected a number from 1900 to 2200",
        ],
    );
}
