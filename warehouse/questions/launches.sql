-- Launches: which model or product was launched, by whom — first reported on or after $since, newest first.
--
-- From the view launches: one row per launch however many outlets reported it (articles), with
-- the date the text states when it states one, and the first report's link.
--
-- $company  a company's entity_id or name, e.g. zhipu or 智谱AI (default: every company)
-- $since    first Beijing day of the first report, an ISO date (default: the last 7 days, today included)
SELECT company, product, event_date, CAST(timezone('Asia/Shanghai', first_reported_at) AS DATE) AS first_reported,
       articles, first_url
FROM launches
WHERE CAST(timezone('Asia/Shanghai', first_reported_at) AS DATE) >= coalesce(CAST($since AS DATE), current_date - 6)
  AND ($company IS NULL OR company_id = $company OR company = $company)
ORDER BY first_reported DESC, company, product
