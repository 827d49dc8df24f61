-- Registry core. Clinical records are versioned: record_heads points at the current version of each record,
-- and *_versions tables keep every version with who, when and why. Nothing is overwritten in place.
CREATE TABLE record_heads (
    id text PRIMARY KEY,
    kind text NOT NULL,
    patient_id text NULL,
    current_version integer NOT NULL,
    created_at text NOT NULL,
    created_by text NOT NULL
);
CREATE INDEX ix_record_heads_patient ON record_heads(patient_id, kind);

CREATE TABLE patients (
    id text PRIMARY KEY REFERENCES record_heads(id),
    site_id text NOT NULL REFERENCES sites(id),
    pseudonym_code text NOT NULL UNIQUE,
    created_at text NOT NULL
);
CREATE INDEX ix_patients_site ON patients(site_id);

CREATE TABLE patient_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    family_name text NOT NULL,
    given_name text NOT NULL,
    birth_date text NOT NULL,
    sex text NOT NULL,
    language text NOT NULL,
    record_number text NULL,
    national_id text NULL,
    phone text NULL,
    email text NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
CREATE INDEX ix_patient_versions_record_number ON patient_versions(record_number);

CREATE TABLE body_measurement_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    patient_id text NOT NULL REFERENCES patients(id),
    measured_on text NOT NULL,
    height_cm real NULL,
    weight_kg real NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);

CREATE TABLE comorbidity_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    patient_id text NOT NULL REFERENCES patients(id),
    icd10 text NOT NULL,
    description text NOT NULL,
    active integer NOT NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);

CREATE TABLE consent_forms (
    code text NOT NULL,
    version text NOT NULL,
    title text NOT NULL,
    research integer NOT NULL,
    effective_from text NOT NULL,
    retired_on text NULL,
    PRIMARY KEY (code, version)
);
INSERT INTO consent_forms (code, version, title, research, effective_from) VALUES
    ('TREATMENT', '1.0', 'Regenerative cell treatment: information and consent', FALSE, '2025-01-01'),
    ('RESEARCH', '1.0', 'Regenerative cell clinical research: information and consent', TRUE, '2025-01-01'),
    ('REGISTRY', '1.0', 'Outcome registry and long-term follow-up: data use consent', FALSE, '2025-01-01');

CREATE TABLE consent_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    patient_id text NOT NULL REFERENCES patients(id),
    form_code text NOT NULL,
    form_version text NOT NULL,
    language text NOT NULL,
    signed_at text NOT NULL,
    signer text NOT NULL,
    witness text NULL,
    pathway text NOT NULL,
    risks_explained integer NOT NULL,
    evidence_level_explained integer NOT NULL,
    self_pay_cost_krw integer NULL,
    alternatives_explained integer NOT NULL,
    allogeneic_source_ack integer NOT NULL,
    personal_data_processing integer NOT NULL,
    right_to_withdraw integer NOT NULL,
    long_term_followup_ack integer NOT NULL,
    withdrawn_at text NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version),
    FOREIGN KEY (form_code, form_version) REFERENCES consent_forms(code, version)
);
