-- Instrument responses (PROMs and clinician instruments): the raw items as answered and the scores as computed, with
-- the definition version that produced them. Rescoring after a definition change adds a version with its reason;
-- the earlier version keeps the old scores. items, options and scores are JSON text (the request and result shapes
-- of `orthoregen score`).
CREATE TABLE instrument_response_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    patient_id text NOT NULL REFERENCES patients(id),
    instrument text NOT NULL,
    definition_version text NOT NULL,
    language text NOT NULL,
    mode text NOT NULL,
    visit_code text NOT NULL,
    target text NOT NULL,
    completed_on text NOT NULL,
    items text NOT NULL,
    options text NULL,
    scores text NOT NULL,
    entered_by text NOT NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
CREATE INDEX ix_instrument_response_versions_patient ON instrument_response_versions(patient_id, instrument);
