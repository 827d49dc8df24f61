-- e-Consent on the clinic tablet (issue 6): a session started by staff for one patient and one form (or for the
-- withdrawal of one consent), every answer to the comprehension checkpoints (attempts kept), and the signed record
-- with the exact text shown, its SHA-256, the typed name and the drawn signature. Append-only except the session state.
CREATE TABLE econsent_sessions (
    id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patients(id),
    purpose text NOT NULL CHECK (purpose IN ('SIGN', 'WITHDRAW')),
    form_code text NOT NULL,
    form_version text NOT NULL,
    language text NOT NULL,
    pathway text NULL,
    allogeneic boolean NOT NULL,
    self_pay_cost_krw integer NULL,
    signer text NOT NULL,
    witness text NULL,
    consent_id text NULL,
    started_by text NOT NULL,
    started_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    state text NOT NULL CHECK (state IN ('OPEN', 'COMPLETED')),
    completed_at timestamptz NULL,
    FOREIGN KEY (form_code, form_version) REFERENCES consent_forms(code, version)
);
CREATE INDEX econsent_sessions_patient ON econsent_sessions (patient_id, started_at);

CREATE TABLE econsent_answers (
    session_id text NOT NULL REFERENCES econsent_sessions(id),
    checkpoint_id text NOT NULL,
    attempt integer NOT NULL,
    choice integer NOT NULL,
    correct boolean NOT NULL,
    language text NOT NULL,
    answered_at timestamptz NOT NULL,
    PRIMARY KEY (session_id, checkpoint_id, attempt)
);

CREATE TABLE econsent_records (
    id text PRIMARY KEY,
    session_id text NOT NULL UNIQUE REFERENCES econsent_sessions(id),
    patient_id text NOT NULL REFERENCES patients(id),
    kind text NOT NULL CHECK (kind IN ('SIGNATURE', 'WITHDRAWAL')),
    consent_id text NOT NULL REFERENCES record_heads(id),
    form_code text NOT NULL,
    form_version text NOT NULL,
    language text NOT NULL,
    rendered_text text NOT NULL,
    text_sha256 text NOT NULL,
    answers text NOT NULL,
    typed_name text NOT NULL,
    signature_path text NOT NULL,
    signer text NOT NULL,
    witness text NULL,
    signed_at timestamptz NOT NULL,
    recorded_by text NOT NULL
);
CREATE INDEX econsent_records_patient ON econsent_records (patient_id, signed_at);
