-- Append-only, hash-chained audit trail. "at" is kept as ISO-8601 text so the hashed bytes are exactly what is stored.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at text NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    entity text NOT NULL,
    entity_id text NULL,
    patient_id text NULL,
    fields text NULL,
    origin text NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL
);
CREATE INDEX ix_audit_patient ON audit_log(patient_id);
