-- Follow-up (DOMAIN.md 2 FollowUpVisit, 4.2). A schedule is anchored to Day 0 (the first injection) for one patient,
-- treated target and plan; follow_up_schedules holds one row per schedule and makes starting it idempotent (a second
-- injection finds the row and changes nothing). plan_key is the plan id, or '' for a schedule started by hand.
CREATE TABLE follow_up_schedules (
    id text PRIMARY KEY REFERENCES record_heads(id),
    patient_id text NOT NULL REFERENCES patients(id),
    target_site text NOT NULL,
    plan_key text NOT NULL,
    created_at text NOT NULL,
    UNIQUE (patient_id, target_site, plan_key)
);

-- Versions of a schedule: its anchor and treating physician, how follow-up ended (withdrawal or loss to follow-up) and
-- the endpoint event (replacement of the treated joint or surgery of the treated spinal level; V3 applies from its date).
CREATE TABLE follow_up_schedule_versions (
    id text NOT NULL REFERENCES follow_up_schedules(id),
    version integer NOT NULL,
    patient_id text NOT NULL REFERENCES patients(id),
    plan_id text NULL,
    target_site text NOT NULL,
    day0 text NOT NULL,
    treating_physician text NOT NULL,
    definition_version text NOT NULL,
    status text NOT NULL,
    ended_on text NULL,
    end_reason text NULL,
    endpoint_type text NULL,
    endpoint_on text NULL,
    endpoint_level text NULL,
    endpoint_note text NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
CREATE INDEX ix_follow_up_schedule_versions_patient ON follow_up_schedule_versions(patient_id);

-- Versions of each scheduled visit: the protocol target and window (fixed at generation), the appointment (scheduled_on,
-- moved by rescheduling with a reason), and what was recorded (actual_date; findings as JSON text: instruments, exam,
-- imaging reads, biomarkers, new treatments). Statuses are computed on read, never stored.
CREATE TABLE follow_up_visit_versions (
    id text NOT NULL REFERENCES record_heads(id),
    version integer NOT NULL,
    schedule_id text NOT NULL REFERENCES follow_up_schedules(id),
    patient_id text NOT NULL REFERENCES patients(id),
    visit_code text NOT NULL,
    seq integer NOT NULL,
    target_date text NOT NULL,
    window_start text NOT NULL,
    window_end text NOT NULL,
    in_window_only integer NOT NULL,
    content text NOT NULL,
    scheduled_on text NOT NULL,
    actual_date text NULL,
    findings text NULL,
    recorded_by text NOT NULL,
    recorded_at text NOT NULL,
    source text NOT NULL,
    reason text NULL,
    entered_in_error integer NOT NULL DEFAULT FALSE,
    PRIMARY KEY (id, version)
);
CREATE INDEX ix_follow_up_visit_versions_schedule ON follow_up_visit_versions(schedule_id);
CREATE INDEX ix_follow_up_visit_versions_due ON follow_up_visit_versions(scheduled_on, window_end);
