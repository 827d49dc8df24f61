namespace OrthoRegen.Demo;

/// <summary>
/// The tables the demo writes, parents first, with exactly the columns the slice stores insert (see each store's
/// <c>Insert…</c> SQL); columns left to their defaults (<c>entered_in_error</c>) are the ones the stores leave too.
/// </summary>
static class DemoTables
{
    public static BulkRows Declare()
    {
        var b = new BulkRows();
        b.Declare("record_heads", "id", "kind", "patient_id", "current_version", "created_at", "created_by");
        b.Declare("patients", "id", "site_id", "pseudonym_code", "created_at");
        b.Declare("patient_versions", "id", "version", "family_name", "given_name", "birth_date", "sex", "language", "record_number",
            "national_id", "phone", "email", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("body_measurement_versions", "id", "version", "patient_id", "measured_on", "height_cm", "weight_kg", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("consent_versions", "id", "version", "patient_id", "form_code", "form_version", "language", "signed_at", "signer", "witness", "pathway",
            "risks_explained", "evidence_level_explained", "self_pay_cost_krw", "alternatives_explained", "allogeneic_source_ack",
            "personal_data_processing", "right_to_withdraw", "long_term_followup_ack", "withdrawn_at", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("assessment_versions", "id", "version", "patient_id", "indication", "target", "assessed_on", "symptom_duration_months", "pain_nrs",
            "active_infection", "immune_disease_active", "immunodeficiency", "malignancy_active_or_recent", "pregnant_or_lactating",
            "anticoagulant_or_coagulopathy", "hba1c_pct", "can_attend_followup_24m", "poor_rehab_adherence", "planned_origin",
            "donor_eligibility", "notes", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("imaging_read_versions", "id", "version", "patient_id", "assessment_id", "target", "level", "modality", "read_on", "reader",
            "field_strength_t", "kl_grade", "bone_on_bone", "deformity", "scoring_system", "semiquantitative", "cartilage_mftc_mm",
            "cartilage_lftc_mm", "cartilage_pfj_mm", "t2_map_ms", "avn_stage", "pfirrmann", "modic_upper", "modic_lower", "disc_height_mm",
            "disc_t2_si_ratio", "ais_grade", "neurological_level", "uems", "lems", "light_touch", "pin_prick", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("conservative_treatment_versions", "id", "version", "patient_id", "target", "type", "started_on", "ended_on", "response",
            "last_ia_injection_on", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("candidacy_decision_versions", "id", "version", "patient_id", "assessment_id", "indication", "rule_result", "fired_rules",
            "research_only", "physician_decision", "override_reason", "decided_on", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("treatment_plan_versions", "id", "version", "patient_id", "status", "indication", "target", "target_level", "candidacy_decision_id",
            "consent_id", "research_consent_id", "cell_source", "origin", "manipulation", "total_cells_e6", "weight_kg", "weight_measured_on",
            "cells_per_kg_e6", "dose_tier", "rules_version", "route", "guidance", "planned_injections", "interval_days", "adjuncts", "rehab_programme",
            "rehab_weeks", "rehab_sessions_per_week", "regulatory_pathway", "warnings", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("donors", "id", "site_id", "donor_code", "created_at");
        b.Declare("donor_versions", "id", "version", "donor_type", "donor_consent_ref", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("donor_screening_versions", "id", "version", "donor_id", "marker", "method", "result", "tested_on", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("collection_versions", "id", "version", "site_id", "origin", "patient_id", "donor_id", "tissue", "collected_at", "volume_ml", "collector",
            "din", "din_flags", "check_char", "is_test", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("lab_dins", "din", "collection_id", "is_test", "allocated_at");
        b.Declare("product_lots", "id", "site_id", "lot_number", "din", "created_at");
        b.Declare("product_lot_versions", "id", "version", "product_type", "cell_source", "origin", "manipulation", "product_description_code", "collection_type",
            "recipient_patient_id", "intended_route", "plan_id", "treating_physician", "dose_volume_ml", "expires_at", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("product_lot_collections", "lot_id", "collection_id");
        b.Declare("lot_processing_versions", "id", "version", "lot_id", "step", "performed_at", "performed_by", "passage", "culture_days", "tnc_e6", "volume_ml", "notes",
            "recorded_by", "recorded_at", "source", "reason");
        b.Declare("custody_event_versions", "id", "version", "site_id", "item_kind", "item_id", "lot_id", "event", "from_party", "to_party", "location", "at", "temp_c",
            "temp_logger_id", "condition_ok", "verifier_1", "verifier_2", "expires_at", "notes", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("qc_result_versions", "id", "version", "lot_id", "test", "method", "value", "unit", "result", "sampled_at", "resulted_at", "analyst",
            "recorded_by", "recorded_at", "source", "reason");
        b.Declare("release_decision_versions", "id", "version", "lot_id", "status", "rule_result", "trace", "authorised_by", "decided_at", "physician_ack_by",
            "physician_ack_at", "physician_ack_note", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("lot_division_versions", "id", "version", "lot_id", "division_code", "volume_ml", "viable_cells_e6", "recipient_patient_id", "allocated_at",
            "recorded_by", "recorded_at", "source", "reason");
        b.Declare("administrations", "id", "plan_id", "patient_id", "injection_number", "lot_id", "division_id", "created_at");
        b.Declare("administration_versions", "id", "version", "patient_id", "plan_id", "lot_id", "lot_number", "division_code", "cell_source", "injection_number",
            "administered_at", "dose_viable_cells_e6", "volume_ml", "route", "guidance", "target", "target_level", "operator", "observation_minutes",
            "immediate_reaction", "reaction_note", "scanned_din", "scanned_product_code", "scanned_patient_identifier", "bedside_id_check", "warnings",
            "recorded_by", "recorded_at", "source", "reason");
        b.Declare("follow_up_schedules", "id", "patient_id", "target_site", "plan_key", "created_at");
        b.Declare("follow_up_schedule_versions", "id", "version", "patient_id", "plan_id", "target_site", "day0", "treating_physician",
            "definition_version", "status", "ended_on", "end_reason", "endpoint_type", "endpoint_on", "endpoint_level", "endpoint_note",
            "recorded_by", "recorded_at", "source", "reason");
        b.Declare("instrument_response_versions", "id", "version", "patient_id", "instrument", "definition_version", "language", "mode",
            "visit_code", "target", "completed_on", "items", "options", "scores", "entered_by", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("follow_up_visit_versions", "id", "version", "schedule_id", "patient_id", "visit_code", "seq", "target_date", "window_start",
            "window_end", "in_window_only", "content", "scheduled_on", "actual_date", "findings", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("adverse_event_versions", "id", "version", "patient_id", "term", "meddra_pt", "ctcae_term", "ctcae_version", "grade", "onset", "resolved",
            "outcome", "seriousness_criteria", "seriousness_assessed", "related_to_product", "related_to_procedure", "action", "aware_date", "reporter",
            "administration_id", "lot_id", "cell_source", "route", "pathway", "serious", "expected", "expectedness_basis", "expectedness_reference", "susar",
            "fatal_or_life_threatening", "rules_version", "recorded_by", "recorded_at", "source", "reason");
        b.Declare("regulatory_reports", "id", "adverse_event_id", "patient_id", "authority", "report_type", "created_at");
        b.Declare("regulatory_report_versions", "id", "version", "due_date", "submitted_at", "reference_number", "submitted_by", "not_required_since",
            "recorded_by", "recorded_at", "source", "reason");
        return b;
    }
}
