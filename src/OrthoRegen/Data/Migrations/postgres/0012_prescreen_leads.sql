-- Leads from the public pre-screening form: the self-report, the result shown, and contact details only when the
-- person ticked "contact me". Not a patient record: a lead becomes a patient only when staff register one.
CREATE TABLE prescreen_leads (
    id text PRIMARY KEY,
    site_id text NOT NULL REFERENCES sites(id),
    submitted_at timestamptz NOT NULL,
    language text NOT NULL,
    target_site text NOT NULL,
    indication text NOT NULL,
    self_report text NOT NULL,
    verdict text NOT NULL,
    rule_result text NOT NULL,
    research_only boolean NOT NULL,
    reasons text NOT NULL,
    rules_version text NOT NULL,
    contact_consent boolean NOT NULL,
    contact_name text NULL,
    contact_phone text NULL,
    contact_email text NULL,
    preferred_language text NULL,
    status text NOT NULL,
    status_changed_at timestamptz NULL,
    status_changed_by text NULL,
    CHECK (contact_consent OR (contact_name IS NULL AND contact_phone IS NULL AND contact_email IS NULL AND preferred_language IS NULL))
);
CREATE INDEX prescreen_leads_site_status ON prescreen_leads (site_id, status, submitted_at);
