-- Adverse events (DOMAIN.md 2, rules 3.3 A1-A6) and the regulatory reports their expedited clock requires.
-- administration_id, lot_id and cell_source are plain columns, filled when known; the administration and cell-lab
-- slices own those records. Derived values (serious, expected, susar ...) are stored as derived when the version was
-- recorded, together with the rules version used.
CREATE TABLE adverse_event_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    patient_id text NOT NULL REFERENCES patients(id),
    term text NOT NULL,
    meddra_pt text NULL,
    ctcae_term text NULL,
    ctcae_version text NOT NULL,
    grade integer NOT NULL,
    onset date NOT NULL,
    resolved date NULL,
    outcome text NOT NULL,
    seriousness_criteria text NOT NULL,
    seriousness_assessed boolean NOT NULL,
    related_to_product text NOT NULL,
    related_to_procedure text NOT NULL,
    action text NOT NULL,
    aware_date date NOT NULL,
    reporter text NOT NULL,
    administration_id text NULL,
    lot_id text NULL,
    cell_source text NULL,
    route text NULL,
    pathway text NULL,
    serious boolean NOT NULL,
    expected boolean NOT NULL,
    expectedness_basis text NOT NULL,
    expectedness_reference text NULL,
    susar boolean NOT NULL,
    fatal_or_life_threatening boolean NOT NULL,
    rules_version text NOT NULL,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error boolean NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
CREATE INDEX ix_adverse_event_versions_patient ON adverse_event_versions(patient_id);

-- One report per event, authority and type; its changing state (due date, submission) is versioned.
CREATE TABLE regulatory_reports (
    id text PRIMARY KEY REFERENCES record_heads(id),
    adverse_event_id text NOT NULL REFERENCES record_heads(id),
    patient_id text NOT NULL REFERENCES patients(id),
    authority text NOT NULL,
    report_type text NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (adverse_event_id, authority, report_type)
);

CREATE TABLE regulatory_report_versions (
    id text NOT NULL REFERENCES regulatory_reports(id),
    version integer NOT NULL,
    due_date date NOT NULL,
    submitted_at timestamptz NULL,
    reference_number text NULL,
    submitted_by text NULL,
    not_required_since timestamptz NULL,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error boolean NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
