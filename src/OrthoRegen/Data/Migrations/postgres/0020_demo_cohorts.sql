-- Demo cohorts: one row per generated synthetic cohort, so every page can say that the data are synthetic and a second
-- generation with the same seed is refused. Demo patients are also named DEMO with record numbers DEMO-nnnnnnn.
CREATE TABLE demo_cohorts (
    id text PRIMARY KEY,
    seed bigint NOT NULL UNIQUE,
    patients integer NOT NULL,
    sites integer NOT NULL,
    as_of date NOT NULL,
    generated_by text NOT NULL,
    generated_at timestamptz NOT NULL,
    completed_at timestamptz NULL,
    rows_written bigint NULL
);
