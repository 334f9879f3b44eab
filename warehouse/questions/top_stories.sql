-- This week's top stories per core company, with how many copies each had and which outlets carried it.
--
-- A story is one cluster of copies (reposts, near duplicates, Traditional editions) from the
-- view core_stories; it counts for every core company it names, directly or through the
-- company's products and people (Kimi counts for 月之暗面). Stories first seen on or after
-- $since, most copies first, then newest.
--
-- $company  a company's entity_id, name, English name or alias, e.g. zhipu or 智谱AI (default: all six)
-- $since    first Beijing day, an ISO date (default: the last 7 days, today included)
-- $limit    stories per company (default: 5)
WITH wanted AS (
    SELECT entity_id FROM entities
    WHERE lower(CAST($company AS VARCHAR)) IN (
        SELECT lower(n) FROM unnest([entity_id, name] || coalesce(english, []) || coalesce(aliases, [])) AS t(n))
)
SELECT company, title, CAST(first_seen AS DATE) AS day, copies, len(sources) AS outlets,
       array_to_string(sources, ', ') AS outlet_names, url
FROM core_stories
WHERE CAST(first_seen AS DATE) >= coalesce(CAST($since AS DATE), current_date - 6)
  AND ($company IS NULL OR company_id IN (SELECT entity_id FROM wanted))
QUALIFY row_number() OVER (PARTITION BY company_id ORDER BY copies DESC, first_seen DESC, title)
        <= coalesce(CAST($limit AS INTEGER), 5)
ORDER BY company, copies DESC, first_seen DESC, title
