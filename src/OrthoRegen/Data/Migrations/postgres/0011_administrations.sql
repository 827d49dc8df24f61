-- Administrations (DOMAIN.md 1 step 9, 2 Administration, 3.4 I1/I2): one record per injection, versioned like every
-- clinical record (a correction inserts the next version with its reason). The key table holds what never changes
-- and makes (plan, injection number) unique, so the same injection cannot be recorded twice.
CREATE TABLE administrations (
    id text PRIMARY KEY REFERENCES record_heads(id),
    plan_id text NOT NULL REFERENCES record_heads(id),
    patient_id text NOT NULL REFERENCES patients(id),
    injection_number integer NOT NULL,
    lot_id text NOT NULL REFERENCES product_lots(id),
    division_id text NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (plan_id, injection_number)
);
CREATE INDEX ix_administrations_patient ON administrations(patient_id);
CREATE INDEX ix_administrations_lot ON administrations(lot_id);

CREATE TABLE administration_versions (
    id text NOT NULL REFERENCES administrations(id),
    version integer NOT NULL,
    patient_id text NOT NULL REFERENCES patients(id),
    plan_id text NOT NULL,
    lot_id text NOT NULL,
    lot_number text NOT NULL,
    division_code text NULL,
    cell_source text NOT NULL,
    injection_number integer NOT NULL,
    administered_at timestamptz NOT NULL,
    dose_viable_cells_e6 double precision NOT NULL,
    volume_ml double precision NOT NULL,
    route text NOT NULL,
    guidance text NOT NULL,
    target text NOT NULL,
    target_level text NULL,
    operator text NOT NULL,
    observation_minutes integer NOT NULL,
    immediate_reaction boolean NOT NULL,
    reaction_note text NULL,
    scanned_din text NOT NULL,
    scanned_product_code text NOT NULL,
    scanned_patient_identifier text NOT NULL,
    bedside_id_check text NOT NULL,
    warnings text NOT NULL,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error boolean NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
CREATE INDEX ix_administration_versions_plan ON administration_versions(plan_id);
