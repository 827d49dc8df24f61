-- Per-patient look-ups (the patient chart, FHIR export per patient, follow-up) read the current versions of a patient's
-- records with WHERE patient_id = ?; without an index on patient_id each of these was a full scan (on a 100,000-patient
-- demo database the chart page scanned about 850,000 rows per request). bench/http/run.sh measures the chart page.
CREATE INDEX ix_body_measurement_versions_patient ON body_measurement_versions(patient_id);
CREATE INDEX ix_comorbidity_versions_patient ON comorbidity_versions(patient_id);
CREATE INDEX ix_consent_versions_patient ON consent_versions(patient_id);
CREATE INDEX ix_assessment_versions_patient ON assessment_versions(patient_id);
CREATE INDEX ix_imaging_read_versions_patient ON imaging_read_versions(patient_id);
CREATE INDEX ix_conservative_treatment_versions_patient ON conservative_treatment_versions(patient_id);
CREATE INDEX ix_biomarker_versions_patient ON biomarker_versions(patient_id);
CREATE INDEX ix_candidacy_decision_versions_patient ON candidacy_decision_versions(patient_id);
CREATE INDEX ix_follow_up_visit_versions_patient ON follow_up_visit_versions(patient_id);
CREATE INDEX ix_administration_versions_patient ON administration_versions(patient_id);
