-- Outcomes part B (issue 7): review of a safety signal flagged for a product lot. The key table holds what never
-- changes (which lot, opened when and by whom); every change of state (assessment recorded, conclusion, closing) is
-- the next version, with the observed and expected events and the exact Poisson p-value seen when it was opened.
CREATE TABLE signal_reviews (
    id text PRIMARY KEY REFERENCES record_heads(id),
    lot_id text NOT NULL REFERENCES product_lots(id),
    site_id text NOT NULL REFERENCES sites(id),
    opened_at timestamptz NOT NULL,
    opened_by text NOT NULL
);
CREATE INDEX ix_signal_reviews_lot ON signal_reviews(lot_id);

CREATE TABLE signal_review_versions (
    id text NOT NULL REFERENCES signal_reviews(id),
    version integer NOT NULL,
    status text NOT NULL,
    event_filter text NOT NULL,
    injections integer NOT NULL,
    observed integer NOT NULL,
    expected double precision NOT NULL,
    p_value double precision NOT NULL,
    signal_level text NOT NULL,
    assessment text NULL,
    conclusion text NULL,
    closed_at timestamptz NULL,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error boolean NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
