-- Entities new this week: catalogue entities whose first unique story falls on or after $since.
--
-- From the view entity_daily (unique stories, Beijing days): the day each entity was first
-- named, the company it belongs to, and how many stories named it since $since. curated is
-- false for a provisional entity (a name the catalogue lacks, found by its pattern):
-- `newsdesk entities discover` ranks those and `newsdesk entities promote` adds one to the catalogue.
--
-- $since    first Beijing day, an ISO date (default: the last 7 days, today included)
WITH firsts AS (
    SELECT entity_id, min(day) AS first_day,
           sum(articles) FILTER (WHERE day >= coalesce(CAST($since AS DATE), current_date - 6)) AS articles
    FROM entity_daily GROUP BY entity_id
)
SELECT e.name, e.kind, p.name AS company, f.first_day, f.articles, coalesce(e.curated, true) AS curated
FROM firsts f
JOIN entities e USING (entity_id)
LEFT JOIN entities p ON p.entity_id = e.parent_id
WHERE f.first_day >= coalesce(CAST($since AS DATE), current_date - 6)
ORDER BY f.articles DESC, f.first_day, e.name
