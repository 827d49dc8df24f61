-- Evidence synthesis: the literature library (studies with arms, arm-level outcome data and study-level reported
-- effects) and the reviewer's PRISMA 2020 counts and GRADE ratings. Not patient data: record_heads.patient_id is NULL.
-- Studies and reviews are versioned like clinical records; arms, outcomes and reported effects are JSON text inside the
-- study version, so a correction replaces the study's data as one new version with its reason.
CREATE TABLE evidence_studies (
    id text PRIMARY KEY REFERENCES record_heads(id),
    demo_key text NULL UNIQUE,
    created_at text NOT NULL
);

CREATE TABLE evidence_study_versions (
    id text NOT NULL REFERENCES evidence_studies(id),
    version integer NOT NULL,
    title text NOT NULL,
    authors text NULL,
    year integer NOT NULL,
    doi text NULL,
    pmid text NULL,
    design text NOT NULL,
    country text NULL,
    indication text NOT NULL,
    cell_source text NULL,
    route text NULL,
    dose_cells_e6 real NULL,
    injections integer NULL,
    follow_up_months real NULL,
    source_label text NOT NULL,
    source_url text NULL,
    notes text NULL,
    arms text NOT NULL,
    outcomes text NOT NULL,
    reported_effects text NOT NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);

CREATE TABLE evidence_review_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    kind text NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
CREATE INDEX ix_evidence_review_versions_kind ON evidence_review_versions(kind);
