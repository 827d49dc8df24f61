-- Cohort analytics snapshot (issue 9, "Soak and speed"): a narrow, pre-joined copy of what the cohort analyses read, so
-- that survival, trajectories and responders over a whole indication at 1,000,000 patients answer in about a second.
-- analytics_members: one row per cohort member (treated plan), exactly the CohortMember the live selector assembles;
-- dates are day numbers (days since 0001-01-01, DateOnly.DayNumber), lists are comma-joined codes/ids.
-- analytics_scores: per member and instrument score, the observations of the plan's target as a blob of
-- (int32 day number, float64 value) pairs in (completed_on, response id) order.
-- analytics_snapshot_state: the audit_log seq the snapshot reflects. Every analysis first rebuilds the rows of the
-- patients named by audit rows after it (one transaction); no row = never built (the next refresh builds it all).
CREATE TABLE analytics_members (
    member_no integer PRIMARY KEY,
    plan_id text NOT NULL UNIQUE,
    patient_id text NOT NULL,
    site_id text NOT NULL,
    pseudonym_code text NOT NULL,
    schedule_id text NULL,
    day_zero integer NOT NULL,
    indication text NOT NULL,
    target text NOT NULL,
    side text NULL,
    level text NULL,
    kl_grade integer NULL,
    arco text NULL,
    pfirrmann integer NULL,
    cell_source text NOT NULL,
    origin text NOT NULL,
    route text NOT NULL,
    dose_tier text NOT NULL,
    total_cells_e6 real NOT NULL,
    viable_cells_e6 real NOT NULL,
    cells_per_kg_e6 real NULL,
    injections integer NOT NULL,
    adjuncts text NOT NULL,
    age_at_day_zero integer NOT NULL,
    sex text NOT NULL,
    bmi real NULL,
    lot_ids text NOT NULL,
    endpoint_type text NULL,
    endpoint_on integer NULL,
    death_on integer NULL,
    follow_up_ended_on integer NULL,
    last_follow_up integer NOT NULL
);
CREATE INDEX ix_analytics_members_indication ON analytics_members(indication, site_id);
CREATE INDEX ix_analytics_members_patient ON analytics_members(patient_id);

CREATE TABLE analytics_measures (
    id integer PRIMARY KEY,
    instrument text NOT NULL,
    score text NOT NULL,
    UNIQUE (instrument, score)
);

CREATE TABLE analytics_scores (
    measure_id integer NOT NULL,
    member_no integer NOT NULL,
    observations blob NOT NULL,
    PRIMARY KEY (measure_id, member_no)
) WITHOUT ROWID;
CREATE INDEX ix_analytics_scores_member ON analytics_scores(member_no);

CREATE TABLE analytics_snapshot_state (
    id integer PRIMARY KEY CHECK (id = 1),
    last_seq integer NOT NULL,
    built_at text NOT NULL
);
