-- Idempotency keys of file imports: one row per imported CSV row (SHA-256 of the layout and the row's cells by column),
-- written in the row's own transaction, so importing the same file again after a crash adds each row once.
CREATE TABLE import_row_keys (
    key text PRIMARY KEY,
    kind text NOT NULL,
    record_id text NOT NULL,
    imported_at text NOT NULL
);
