-- Outcomes (issue 7, cohort analytics). Saved, named cohorts are versioned like every record: saved_cohorts holds what
-- never changes and keeps the current name unique; cohort_versions keeps every version of the name and definition
-- (canonical JSON of CohortDefinition). analysis_runs keeps each analysis run with its cohort definition and
-- parameters; the audit row of the run names it and carries a hash of the definition.
CREATE TABLE saved_cohorts (
    id text PRIMARY KEY REFERENCES record_heads(id),
    name_key text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL
);

CREATE TABLE cohort_versions (
    id text NOT NULL REFERENCES saved_cohorts(id),
    version integer NOT NULL,
    name text NOT NULL,
    description text NULL,
    definition text NOT NULL,
    archived boolean NOT NULL DEFAULT FALSE,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error boolean NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);

CREATE TABLE analysis_runs (
    id text PRIMARY KEY,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    analysis text NOT NULL,
    definition text NOT NULL,
    definition_hash text NOT NULL,
    parameters text NULL
);
CREATE INDEX ix_analysis_runs_at ON analysis_runs(at);
