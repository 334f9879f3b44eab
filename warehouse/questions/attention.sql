-- Attention over time: each core company's share of all unique stories, per Beijing day.
--
-- Media Cloud's normalised attention, from the view attention_daily: articles is the company's
-- unique stories that day (directly or through its products and people), all_articles every
-- unique story that day, share the one over the other. Every day with stories has a row for
-- every company, 0 when it was not named.
--
-- $company  a company's entity_id, name, English name or alias, e.g. minimax (default: all six)
-- $since    first Beijing day, an ISO date (default: the last 7 days, today included)
WITH wanted AS (
    SELECT entity_id FROM entities
    WHERE lower(CAST($company AS VARCHAR)) IN (
        SELECT lower(n) FROM unnest([entity_id, name] || coalesce(english, []) || coalesce(aliases, [])) AS t(n))
)
SELECT day, name, articles, all_articles, round(share, 4) AS share
FROM attention_daily
WHERE day >= coalesce(CAST($since AS DATE), current_date - 6)
  AND ($company IS NULL OR company_id IN (SELECT entity_id FROM wanted))
ORDER BY day, share DESC, name
