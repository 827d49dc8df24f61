-- The physician's candidacy decision, with the rule result and trace it was made against.
CREATE TABLE candidacy_decision_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    patient_id text NOT NULL REFERENCES patients(id),
    assessment_id text NOT NULL REFERENCES record_heads(id),
    indication text NOT NULL,
    rule_result text NOT NULL,
    fired_rules text NOT NULL,
    research_only integer NOT NULL,
    physician_decision text NOT NULL,
    override_reason text NULL,
    decided_on text NOT NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
