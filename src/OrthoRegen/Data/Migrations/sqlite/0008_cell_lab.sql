-- Cell lab (DOMAIN.md 1 steps 6-8, 2, 3.2, 3.4): donors and screening, collections with ISBT 128 DINs, product lots with
-- processing, divisions, QC results, versioned release decisions, custody events, deviations and notifications.
CREATE TABLE lab_din_sequences (
    fin text NOT NULL,
    year integer NOT NULL,
    last_sequence integer NOT NULL,
    PRIMARY KEY (fin, year)
);

CREATE TABLE donors (
    id text PRIMARY KEY REFERENCES record_heads(id),
    site_id text NOT NULL REFERENCES sites(id),
    donor_code text NOT NULL UNIQUE,
    created_at text NOT NULL
);

CREATE TABLE donor_versions (
    id text NOT NULL REFERENCES donors(id),
    version integer NOT NULL,
    donor_type text NOT NULL,
    donor_consent_ref text NOT NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);

CREATE TABLE donor_screening_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    donor_id text NOT NULL REFERENCES donors(id),
    marker text NOT NULL,
    method text NOT NULL,
    result text NOT NULL,
    tested_on text NOT NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
CREATE INDEX ix_donor_screening_donor ON donor_screening_versions(donor_id);

CREATE TABLE collection_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    site_id text NOT NULL REFERENCES sites(id),
    origin text NOT NULL,
    patient_id text NULL REFERENCES patients(id),
    donor_id text NULL REFERENCES donors(id),
    tissue text NOT NULL,
    collected_at text NOT NULL,
    volume_ml real NOT NULL,
    collector text NOT NULL,
    din text NOT NULL,
    din_flags text NOT NULL,
    check_char text NOT NULL,
    is_test integer NOT NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
CREATE INDEX ix_collection_patient ON collection_versions(patient_id);
CREATE INDEX ix_collection_donor ON collection_versions(donor_id);

-- One row per DIN ever issued: the primary key makes a duplicate impossible on both engines.
CREATE TABLE lab_dins (
    din text PRIMARY KEY,
    collection_id text NOT NULL REFERENCES record_heads(id),
    is_test integer NOT NULL,
    allocated_at text NOT NULL
);

CREATE TABLE product_lots (
    id text PRIMARY KEY REFERENCES record_heads(id),
    site_id text NOT NULL REFERENCES sites(id),
    lot_number text NOT NULL UNIQUE,
    din text NOT NULL,
    created_at text NOT NULL
);
CREATE INDEX ix_product_lots_din ON product_lots(din);

CREATE TABLE product_lot_versions (
    id text NOT NULL REFERENCES product_lots(id),
    version integer NOT NULL,
    product_type text NOT NULL,
    cell_source text NOT NULL,
    origin text NOT NULL,
    manipulation text NOT NULL,
    product_description_code text NOT NULL,
    collection_type text NOT NULL,
    recipient_patient_id text NULL REFERENCES patients(id),
    intended_route text NULL,
    plan_id text NULL,
    treating_physician text NULL,
    dose_volume_ml real NULL,
    expires_at text NOT NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
CREATE INDEX ix_product_lot_versions_recipient ON product_lot_versions(recipient_patient_id);

CREATE TABLE product_lot_collections (
    lot_id text NOT NULL REFERENCES product_lots(id),
    collection_id text NOT NULL REFERENCES record_heads(id),
    PRIMARY KEY (lot_id, collection_id)
);
CREATE INDEX ix_product_lot_collections_collection ON product_lot_collections(collection_id);

CREATE TABLE lot_processing_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    lot_id text NOT NULL REFERENCES product_lots(id),
    step text NOT NULL,
    performed_at text NOT NULL,
    performed_by text NOT NULL,
    passage integer NULL,
    culture_days integer NULL,
    tnc_e6 real NULL,
    volume_ml real NULL,
    notes text NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
CREATE INDEX ix_lot_processing_lot ON lot_processing_versions(lot_id);

CREATE TABLE lot_division_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    lot_id text NOT NULL REFERENCES product_lots(id),
    division_code text NOT NULL,
    volume_ml real NOT NULL,
    viable_cells_e6 real NULL,
    recipient_patient_id text NULL REFERENCES patients(id),
    allocated_at text NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
CREATE INDEX ix_lot_division_lot ON lot_division_versions(lot_id);
CREATE INDEX ix_lot_division_recipient ON lot_division_versions(recipient_patient_id);

CREATE TABLE qc_result_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    lot_id text NOT NULL REFERENCES product_lots(id),
    test text NOT NULL,
    method text NOT NULL,
    value real NULL,
    unit text NULL,
    result text NOT NULL,
    sampled_at text NOT NULL,
    resulted_at text NULL,
    analyst text NOT NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
CREATE INDEX ix_qc_result_lot ON qc_result_versions(lot_id);

-- One decision record per lot; each new decision or acknowledgement is its next version.
CREATE TABLE release_decision_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    lot_id text NOT NULL REFERENCES product_lots(id),
    status text NOT NULL,
    rule_result text NOT NULL,
    trace text NOT NULL,
    authorised_by text NOT NULL,
    decided_at text NOT NULL,
    physician_ack_by text NULL,
    physician_ack_at text NULL,
    physician_ack_note text NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
CREATE UNIQUE INDEX ux_release_decision_lot ON release_decision_versions(lot_id, version);

CREATE TABLE custody_event_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    site_id text NOT NULL REFERENCES sites(id),
    item_kind text NOT NULL,
    item_id text NOT NULL,
    lot_id text NULL REFERENCES product_lots(id),
    event text NOT NULL,
    from_party text NOT NULL,
    to_party text NOT NULL,
    location text NOT NULL,
    at text NOT NULL,
    temp_c real NULL,
    temp_logger_id text NULL,
    condition_ok integer NOT NULL,
    verifier_1 text NULL,
    verifier_2 text NULL,
    expires_at text NULL,
    notes text NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
CREATE INDEX ix_custody_item ON custody_event_versions(item_kind, item_id);

CREATE TABLE lot_deviations (
    id text PRIMARY KEY REFERENCES record_heads(id),
    lot_id text NOT NULL REFERENCES product_lots(id),
    qc_result_id text NOT NULL,
    kind text NOT NULL,
    description text NOT NULL,
    detected_at text NOT NULL,
    recorded_by text NOT NULL
);

-- A notice a person must see on the lot and patient pages (sterility failure after conditional release: same day).
CREATE TABLE lab_notifications (
    id text PRIMARY KEY REFERENCES record_heads(id),
    lot_id text NOT NULL REFERENCES product_lots(id),
    patient_id text NULL REFERENCES patients(id),
    recipient text NULL,
    kind text NOT NULL,
    message text NOT NULL,
    created_at text NOT NULL,
    due_on text NOT NULL
);
CREATE INDEX ix_lab_notifications_patient ON lab_notifications(patient_id);
