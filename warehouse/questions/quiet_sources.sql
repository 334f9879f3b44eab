-- Sources that went quiet: outlets with stories in the $weeks weeks before $since and none since.
--
-- Counts every article a source carried (copies too: a site reposting others is not quiet),
-- by Beijing day; seeds are not a source. Whether a quiet source fails to answer or has
-- nothing new is in the view source_health (attempts, success_rate, outcomes per day).
--
-- $since    first Beijing day of the quiet spell, an ISO date (default: the last 7 days, today included)
-- $weeks    weeks before $since a source must have published in (default: 4)
WITH bounds AS (
    SELECT coalesce(CAST($since AS DATE), current_date - 6) AS since, coalesce(CAST($weeks AS INTEGER), 4) AS weeks
), days AS (
    SELECT source, CAST(coalesce(published_at, fetched_at) AS DATE) AS day FROM articles WHERE source <> 'seed'
)
SELECT source, max(day) AS last_story,
       count(*) FILTER (WHERE day >= since - 7 * weeks) AS stories_before,
       round(stories_before / weeks, 1) AS per_week_before
FROM days, bounds
GROUP BY source, since, weeks
HAVING count(*) FILTER (WHERE day >= since) = 0 AND stories_before > 0
ORDER BY stories_before DESC, source
