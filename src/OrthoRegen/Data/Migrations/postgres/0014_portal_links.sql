-- Patient portal questionnaire links (issue 6): a link is scoped to one patient and a set of follow-up visits. Only the
-- SHA-256 hash of its token is stored; the outbox keeps each handed-over message with the link sealed by the host's
-- key ring (never in clear). Drafts hold answers saved as the patient goes; a submission marks a visit's instrument done
-- once (primary key), the response itself lives in instrument_response_versions.
CREATE TABLE portal_links (
    id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patients(id),
    token_hash text NOT NULL UNIQUE,
    issued_at timestamptz NOT NULL,
    issued_by text NOT NULL,
    expires_at timestamptz NOT NULL,
    auto_visit_id text NULL UNIQUE,
    revoked_at timestamptz NULL,
    revoked_by text NULL
);
CREATE INDEX portal_links_patient ON portal_links (patient_id, issued_at);
CREATE TABLE portal_link_visits (
    link_id text NOT NULL REFERENCES portal_links(id),
    visit_id text NOT NULL,
    PRIMARY KEY (link_id, visit_id)
);
CREATE TABLE portal_drafts (
    link_id text NOT NULL REFERENCES portal_links(id),
    visit_id text NOT NULL,
    instrument text NOT NULL,
    items text NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (link_id, visit_id, instrument)
);
CREATE TABLE portal_submissions (
    visit_id text NOT NULL,
    instrument text NOT NULL,
    link_id text NOT NULL REFERENCES portal_links(id),
    response_id text NOT NULL,
    submitted_at timestamptz NOT NULL,
    PRIMARY KEY (visit_id, instrument)
);
CREATE TABLE portal_outbox (
    id text PRIMARY KEY,
    link_id text NOT NULL REFERENCES portal_links(id),
    patient_id text NOT NULL REFERENCES patients(id),
    channel text NOT NULL,
    summary text NOT NULL,
    sealed_link text NULL,
    status text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX portal_outbox_patient ON portal_outbox (patient_id, created_at);
