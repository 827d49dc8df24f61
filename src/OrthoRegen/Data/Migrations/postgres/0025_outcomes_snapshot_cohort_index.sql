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

-- Which instrument scores have values among the members of an indication at a site (members with at least one
-- observation of the measure): the responder page lists the scores present in the cohort, and probing 394,166 members
-- for a score none of them has took about 0.3 s per score. Kept by the snapshot writer with the rows it rebuilds.
CREATE TABLE analytics_measure_members (
    measure_id integer NOT NULL,
    indication text NOT NULL,
    site_id text NOT NULL,
    members bigint NOT NULL,
    PRIMARY KEY (measure_id, indication, site_id)
);
INSERT INTO analytics_measure_members (measure_id, indication, site_id, members)
SELECT s.measure_id, m.indication, m.site_id, count(*)
FROM analytics_scores s JOIN analytics_members m ON m.member_no = s.member_no
GROUP BY s.measure_id, m.indication, m.site_id;
