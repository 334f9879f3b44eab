-- Funding rounds: who raised how much, led by whom — first reported on or after $since, largest first.
--
-- From the view funding_rounds: one row per real-world round however many outlets reported it
-- (articles), with the amount as written and its normalised lower bound, and the first report's
-- link. Rounds without a stated amount come last.
--
-- $company  a company's entity_id or name, e.g. moonshot or 月之暗面 (default: every company)
-- $since    first Beijing day of the first report, an ISO date (default: the last 7 days, today included)
SELECT company, round_raw AS round, amount, currency, lead_investors, investors, event_date,
       CAST(timezone('Asia/Shanghai', first_reported_at) AS DATE) AS first_reported, articles, first_url
FROM funding_rounds
WHERE CAST(timezone('Asia/Shanghai', first_reported_at) AS DATE) >= coalesce(CAST($since AS DATE), current_date - 6)
  AND ($company IS NULL OR company_id = $company OR company = $company)
ORDER BY amount_low DESC NULLS LAST, first_reported DESC, company
