-- Who is mentioned with whom: the entities named in the same stories as a company, most shared stories first.
--
-- A company counts with its own products and people (a story naming Kimi is a story about
-- 月之暗面), and those are not listed as its companions. share is the part of the company's
-- stories since $since that also name the companion. Without $company: each core company.
--
-- $company  any entity's entity_id, name, English name or alias, e.g. moonshot or 月之暗面 (default: the six core companies)
-- $since    first Beijing day, an ISO date (default: the last 7 days, today included)
-- $limit    companions per company (default: 10)
WITH stories AS (
    SELECT article_id FROM articles_unique
    WHERE CAST(coalesce(published_at, fetched_at) AS DATE) >= coalesce(CAST($since AS DATE), current_date - 6)
), wanted AS (
    SELECT entity_id FROM entities
    WHERE lower(CAST($company AS VARCHAR)) IN (
        SELECT lower(n) FROM unnest([entity_id, name] || coalesce(english, []) || coalesce(aliases, [])) AS t(n))
), subjects AS (  -- each company asked about, and the entities that stand for it
    SELECT s.entity_id AS subject, m.entity_id AS member
    FROM entities s JOIN entities m ON m.entity_id = s.entity_id OR m.parent_id = s.entity_id
    WHERE CASE WHEN $company IS NULL THEN s.core ELSE s.entity_id IN (SELECT entity_id FROM wanted) END
), named AS (  -- the stories naming each subject
    SELECT DISTINCT b.subject, c.article_id
    FROM entity_counts c JOIN subjects b ON b.member = c.entity_id JOIN stories USING (article_id)
), totals AS (
    SELECT subject, count(*) AS stories FROM named GROUP BY subject
), pairs AS (
    SELECT n.subject, c.entity_id AS companion, count(DISTINCT n.article_id) AS articles
    FROM named n JOIN entity_counts c USING (article_id)
    WHERE NOT EXISTS (SELECT 1 FROM subjects b WHERE b.subject = n.subject AND b.member = c.entity_id)
    GROUP BY ALL
)
SELECT se.name AS entity, ce.name AS companion, ce.kind, p.articles, t.stories AS entity_stories,
       round(p.articles / t.stories, 3) AS share
FROM pairs p
JOIN totals t USING (subject)
JOIN entities se ON se.entity_id = p.subject
JOIN entities ce ON ce.entity_id = p.companion
QUALIFY row_number() OVER (PARTITION BY p.subject ORDER BY p.articles DESC, ce.name)
        <= coalesce(CAST($limit AS INTEGER), 10)
ORDER BY entity, p.articles DESC, companion
