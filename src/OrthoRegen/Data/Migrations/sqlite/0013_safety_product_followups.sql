-- Rule Q8 (DOMAIN.md 3.2): when a lot's sterility test fails after (conditional) release, each recipient needs an
-- adverse-event follow-up. One row per deviation and recipient (written by the cell-lab hook, idempotent), closed by
-- the safety officer with what was found: no event, or the adverse event recorded for it.
CREATE TABLE safety_product_followups (
    id text PRIMARY KEY,
    deviation_id text NOT NULL,
    lot_id text NOT NULL,
    lot_number text NOT NULL,
    patient_id text NOT NULL REFERENCES patients(id),
    reason text NOT NULL,
    opened_at text NOT NULL,
    due_on text NOT NULL,
    closed_at text NULL,
    closed_by text NULL,
    finding text NULL,
    adverse_event_id text NULL,
    note text NULL,
    UNIQUE (deviation_id, patient_id)
);
CREATE INDEX ix_safety_product_followups_open ON safety_product_followups(closed_at);
