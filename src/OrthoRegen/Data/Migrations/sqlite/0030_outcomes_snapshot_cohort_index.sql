-- Cohort analytics aggregated on the snapshot (issue 9, "Soak and speed", round 15): survival counts per group, day and
-- outcome, and the visit analyses stream one narrow row per member. This index holds every column those reads use for
-- the usual cohort (an indication, the caller's sites), so they read a compact index instead of the wide member rows
-- (at 1,000,000 patients the knee-OA cohort is 394,166 of 629,367 rows). member_no comes third so that a cohort's rows
-- come in member order and the join to analytics_scores (keyed by measure, member) reads the score rows in key order
-- (by Day 0 first, the lookups jumped about the table: 3-8 s instead of about 1 s at 1,000,000 patients).
-- It replaces the (indication, site_id) index, which is its prefix.
CREATE INDEX ix_analytics_members_cohort ON analytics_members(indication, site_id, member_no, day_zero, endpoint_on, death_on,
    last_follow_up, follow_up_ended_on, route, cell_source, dose_tier, kl_grade);
DROP INDEX ix_analytics_members_indication;
