-- FHIR import (issue 8): which imported resource became which OrthoRegen record, so importing the same resources again
-- changes nothing. Keyed by the resource's identifier; source_id is the resource id the sender used (for references
-- from later imports); content_hash is over the record read from the resource, so changed content is refused.
CREATE TABLE fhir_identifiers (
    resource_type text NOT NULL,
    system text NOT NULL,
    value text NOT NULL,
    source_id text NOT NULL,
    local_id text NOT NULL,
    patient_id text NULL REFERENCES patients(id),
    content_hash text NOT NULL,
    imported_at text NOT NULL,
    imported_by text NOT NULL,
    PRIMARY KEY (resource_type, system, value)
);
CREATE INDEX ix_fhir_identifiers_source ON fhir_identifiers(resource_type, source_id);
