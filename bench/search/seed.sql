-- Seeds published listings :from..:to (psql variables) into marketplace.listings, one
-- marketplace.prices row each, and their last-30-days activity (so the maintenance job's popularity
-- refresh would leave the seeded popularity as it is). Deterministic: row i is always the same row.
-- The generated columns (search_vector, search_terms, rating_average, rating_score) fill themselves.
-- Run as: psql -v from=1 -v to=10000 < seed.sql

-- A uniform number in [0, 1) from (row, salt), and a pick from an array by it.
CREATE OR REPLACE FUNCTION pg_temp.u(i bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
  $$ SELECT (hashint8(i * 7919 + salt)::float8 + 2147483648) / 4294967296 $$;
CREATE OR REPLACE FUNCTION pg_temp.pick(a text[], i bigint, salt int) RETURNS text LANGUAGE sql IMMUTABLE AS
  $$ SELECT a[1 + floor(pg_temp.u(i, salt) * array_length(a, 1))::int] $$;

BEGIN;

WITH
-- One row per specialty: role word, category, its capability names, what it does.
specialty(k, role, category, caps, does) AS (VALUES
  ( 1, 'Summarizer',  'summarization',  ARRAY['summarize','text.summarize','key_points','meeting_minutes'], 'condenses long %s into short summaries and key points'),
  ( 2, 'Digest',      'summarization',  ARRAY['summarize','daily_digest','key_points','headline_extract'], 'turns a stream of %s into a readable daily digest'),
  ( 3, 'Translator',  'translation',    ARRAY['translate','text.translate','detect_language','glossary_lookup'], 'translates %s between dozens of languages while keeping formatting'),
  ( 4, 'Localizer',   'translation',    ARRAY['localize_strings','translate','detect_language','format_dates'], 'localizes %s for new markets, including dates, currencies and tone'),
  ( 5, 'Classifier',  'classification', ARRAY['classify','classify_text','label_topics','detect_spam'], 'sorts incoming %s into categories with confidence scores'),
  ( 6, 'Router',      'classification', ARRAY['route_ticket','classify','detect_urgency','label_topics'], 'routes %s to the right team based on topic and urgency'),
  ( 7, 'Extractor',   'extraction',     ARRAY['extract_entities','extract_fields','parse_invoice','ocr_text'], 'pulls names, dates, amounts and line items out of %s'),
  ( 8, 'Parser',      'extraction',     ARRAY['parse_document','extract_tables','extract_fields','ocr_text'], 'parses %s into clean structured JSON'),
  ( 9, 'Writer',      'generation',     ARRAY['generate_text','write_copy','draft_email','rewrite_tone'], 'drafts polished %s from a few bullet points'),
  (10, 'Copywriter',  'generation',     ARRAY['write_copy','generate_headlines','generate_text','seo_keywords'], 'writes persuasive copy about %s for ads, landing pages and newsletters'),
  (11, 'Finder',      'search',         ARRAY['web_search','semantic_search','find_documents','rank_results'], 'finds the most relevant %s across your sources in seconds'),
  (12, 'Researcher',  'search',         ARRAY['web_search','cite_sources','semantic_search','compare_sources'], 'researches %s on the open web and cites its sources'),
  (13, 'Analyst',     'analytics',      ARRAY['analyze_sentiment','detect_anomalies','build_report','trend_analysis'], 'analyzes %s for trends, sentiment and anomalies'),
  (14, 'Forecaster',  'analytics',      ARRAY['forecast_series','detect_anomalies','build_report','what_if'], 'forecasts volumes and revenue from historical %s'),
  (15, 'Coder',       'coding',         ARRAY['generate_code','explain_code','write_tests','code.complete'], 'writes and explains code that processes %s'),
  (16, 'Reviewer',    'coding',         ARRAY['code_review','find_bugs','write_tests','security_scan'], 'reviews pull requests that touch %s and flags bugs early'),
  (17, 'Chatbot',     'conversation',   ARRAY['chat','answer_question','faq_answer','handoff_agent'], 'answers customer questions about %s around the clock'),
  (18, 'Concierge',   'conversation',   ARRAY['chat','book_appointment','answer_question','collect_feedback'], 'guides users through %s in a friendly conversation'),
  (19, 'Vision',      'vision',         ARRAY['detect_objects','classify_image','caption_image','image.segment'], 'understands photos and scans of %s'),
  (20, 'Captioner',   'vision',         ARRAY['caption_image','alt_text','read_receipt','classify_image'], 'writes accurate captions and alt text for images of %s'),
  (21, 'Transcriber', 'audio',          ARRAY['transcribe_audio','diarize_speakers','audio.transcribe','detect_language'], 'transcribes recordings about %s with speaker labels'),
  (22, 'Voice',       'audio',          ARRAY['text_to_speech','transcribe_audio','voice_clone','detect_emotion'], 'reads %s aloud in natural voices'),
  (23, 'Wrangler',    'data',           ARRAY['clean_csv','dedupe_records','convert_format','validate_schema'], 'cleans, deduplicates and validates exported %s'),
  (24, 'Converter',   'data',           ARRAY['convert_format','validate_schema','json_to_csv','merge_datasets'], 'converts %s between CSV, JSON, Parquet and SQL'),
  (25, 'Assistant',   'productivity',   ARRAY['schedule_meeting','triage_inbox','todo_extract','word_count'], 'keeps track of %s, deadlines and follow-ups for you'),
  (26, 'Organizer',   'productivity',   ARRAY['triage_inbox','todo_extract','file_documents','remind_me'], 'organizes %s into folders, tasks and reminders'),
  (27, 'Helper',      'other',          ARRAY['word_count','unit_convert','random_fact','echo'], 'handles small everyday chores around %s'),
  (28, 'Toolkit',     'other',          ARRAY['word_count','unit_convert','text.stats','echo'], 'bundles handy utilities for working with %s')
),
word AS (SELECT
  ARRAY['Nimbus','Quantum','Swift','Bright','Clever','Atlas','Echo','Nova','Pioneer','Vector','Summit','Orbit',
        'Lumen','Cobalt','Zephyr','Aurora','Beacon','Cedar','Delta','Ember','Falcon','Granite','Harbor','Iris',
        'Juniper','Kestrel','Lattice','Meridian','Nexus','Onyx','Pixel','Quartz','Radiant','Sable','Tidal','Umbra',
        'Vivid','Willow','Xenon','Yonder','Zenith','Acme','Smart','Deep','Rapid','Open','True','Prime'] AS prefix,
  ARRAY['Invoice','Contract','Email','Meeting','Podcast','Receipt','Resume','Ticket','Legal','Medical','Finance',
        'Research','News','Review','Social','Feedback','Sales','Log','Spreadsheet','Code','Web','Chat','Patent',
        'Claim','Property','Recipe','Travel','Policy','Product','Support','Lecture','Video','Survey','Compliance',
        'Security','Marketing','Payroll','Inventory','Shipping','Customer'] AS domain,
  ARRAY['invoices','contracts','emails','meeting notes','podcast episodes','receipts','resumes','support tickets',
        'legal briefs','medical records','financial statements','research papers','news articles','product reviews',
        'social media posts','customer feedback','sales calls','log files','spreadsheets','source code','web pages',
        'chat transcripts','patents','insurance claims','property listings','recipes','travel itineraries',
        'policy documents','product catalogs','help center articles','lecture recordings','video transcripts',
        'survey responses','compliance reports','security alerts','marketing campaigns','payroll records',
        'inventory reports','shipping manifests','customer records'] AS thing,
  ARRAY['english','spanish','french','german','japanese','portuguese','chinese','arabic','hindi','korean','italian','dutch'] AS lang,
  ARRAY['legal','finance','marketing','sales','support','engineering','hr','healthcare','research','operations',
        'education','ecommerce','insurance','logistics','media','government'] AS audience,
  ARRAY['fast turnaround','accurate results at scale','audit-ready output','fewer manual steps','consistent quality',
        'low latency','predictable costs','privacy by default','human-level accuracy','simple integration'] AS benefit,
  ARRAY['pdf','email','legal','finance','healthcare','marketing','sales','support','nlp','llm','gpt','multilingual',
        'realtime','batch','api','csv','json','sql','python','javascript','images','ocr','speech','chat','slack',
        'crm','seo','news','research','education','ecommerce','hr','security','compliance','devops','logs','metrics',
        'privacy','gdpr','open-source','enterprise','startup','fast','cheap','accurate','on-prem','cloud','mobile',
        'webhook','zapier','notion','salesforce','hubspot','jira','github','excel','google-drive','dropbox','teams',
        'whatsapp'] AS tag,
  ARRAY['Supports %s and %s input.','Handles PDFs, emails, scans and web pages.','Typical requests finish in under a second.',
        'Integrates with Slack, Salesforce, Notion and Google Drive.','Reads documents in %s, %s and English.',
        'Returns structured JSON with confidence scores.','Runs batch jobs overnight or answers in real time.',
        'No data is stored after the call completes.','Fine-tuned on millions of real-world examples.',
        'Comes with a generous free tier for evaluation.','Explains every decision so reviewers can audit it.',
        'Works with any HTTP client; an OpenAPI description is included.'] AS sentence
),
base AS (
  SELECT i,
         s.role, s.category, s.caps, s.does,
         pg_temp.pick(w.prefix, i, 2) AS pfx,
         w.domain[d.n] AS dom, w.thing[d.n] AS thg,
         w.*,
         pg_temp.u(i, 10) AS u_model, pg_temp.u(i, 11) AS u_price,
         pg_temp.u(i, 20) AS u_rated, pg_temp.u(i, 21) AS u_count, pg_temp.u(i, 22) AS u_quality,
         pg_temp.u(i, 30) AS u_pop1, pg_temp.u(i, 31) AS u_pop2,
         pg_temp.u(i, 40) AS u_age, pg_temp.u(i, 41) AS u_created, pg_temp.u(i, 42) AS u_verified
    FROM generate_series((:from)::bigint, (:to)::bigint) AS i
   CROSS JOIN word w
   CROSS JOIN LATERAL (SELECT 1 + floor(pg_temp.u(i, 3) * array_length(w.domain, 1))::int AS n) d
    JOIN specialty s ON s.k = 1 + floor(pg_temp.u(i, 1) * 28)::int
),
doc AS (
  SELECT b.*,
         b.pfx || ' ' || b.dom || ' ' || b.role AS name,
         -- Categories: the specialty's own, and a second one for a third of the listings.
         CASE WHEN pg_temp.u(i, 4) < 0.33
              THEN ARRAY[b.category, (SELECT category FROM specialty WHERE k = 1 + floor(pg_temp.u(i, 5) * 28)::int)]
              ELSE ARRAY[b.category] END AS cats,
         -- Capabilities: one to three of the specialty's, sometimes a generic one.
         (SELECT array_agg(DISTINCT c) FROM unnest(ARRAY[
             b.caps[1 + floor(pg_temp.u(i, 6) * 4)::int],
             CASE WHEN pg_temp.u(i, 7) < 0.6 THEN b.caps[1 + floor(pg_temp.u(i, 8) * 4)::int] END,
             CASE WHEN pg_temp.u(i, 9) < 0.3 THEN b.caps[1 + floor(pg_temp.u(i, 12) * 4)::int] END,
             CASE WHEN pg_temp.u(i, 13) < 0.15 THEN pg_temp.pick(ARRAY['detect_language','word_count','summarize','translate','web_search'], i, 14) END
           ]) c WHERE c IS NOT NULL) AS capabilities,
         -- Tags: the domain's word and one to four others.
         (SELECT array_agg(DISTINCT t) FROM unnest(ARRAY[
             lower(b.dom),
             pg_temp.pick(b.tag, i, 15),
             CASE WHEN pg_temp.u(i, 16) < 0.7 THEN pg_temp.pick(b.tag, i, 17) END,
             CASE WHEN pg_temp.u(i, 18) < 0.4 THEN pg_temp.pick(b.tag, i, 19) END,
             CASE WHEN pg_temp.u(i, 23) < 0.2 THEN pg_temp.pick(b.tag, i, 24) END
           ]) t WHERE t IS NOT NULL) AS tags,
         initcap(left(format(b.does, b.thg), 1)) || substr(format(b.does, b.thg), 2) || '. '
           || format(pg_temp.pick(b.sentence, i, 25), initcap(pg_temp.pick(b.lang, i, 26)), initcap(pg_temp.pick(b.lang, i, 27)))
           || ' '
           || CASE WHEN pg_temp.u(i, 28) < 0.7
                   THEN format('Built for %s teams who need %s.', pg_temp.pick(b.audience, i, 29), pg_temp.pick(b.benefit, i, 32))
                   ELSE format(pg_temp.pick(b.sentence, i, 33), initcap(pg_temp.pick(b.lang, i, 34)), initcap(pg_temp.pick(b.lang, i, 35))) END
           || CASE WHEN pg_temp.u(i, 36) < 0.5
                   THEN ' ' || format(pg_temp.pick(b.sentence, i, 37), initcap(pg_temp.pick(b.lang, i, 38)), initcap(pg_temp.pick(b.lang, i, 39)))
                   ELSE '' END AS description,
         -- Pricing: 30% free, 35% per_call, 20% per_unit (a quarter of those graduated), 15% subscription.
         CASE WHEN b.u_model < 0.30 THEN 'free' WHEN b.u_model < 0.65 THEN 'per_call'
              WHEN b.u_model < 0.85 THEN 'per_unit' ELSE 'subscription' END AS model,
         (date_trunc('second', now()) - (b.u_age * 1000) * interval '1 day') AS published_at
    FROM base b
),
priced AS (
  SELECT d.*,
         CASE d.model
           WHEN 'free' THEN 0
           WHEN 'per_call' THEN 1 + floor(d.u_price ^ 3 * 200)::bigint
           WHEN 'per_unit' THEN 1 + floor(d.u_price ^ 3 * 20)::bigint
           ELSE 100 * (5 + floor(d.u_price ^ 2 * 195)::bigint) END AS price_cents,
         d.model = 'per_unit' AND pg_temp.u(i, 43) < 0.25 AS tiered
    FROM doc d
),
final AS (
  SELECT p.*,
         jsonb_build_object(
           'model', p.model, 'currency', 'USD',
           'unitPriceCents', CASE WHEN p.model IN ('per_call', 'per_unit') AND NOT p.tiered THEN p.price_cents
                                  WHEN p.model = 'subscription' THEN floor(p.u_price * 5)::bigint END,
           'monthlyFeeCents', CASE WHEN p.model = 'subscription' THEN p.price_cents END,
           'includedUnits', CASE WHEN p.model = 'subscription' THEN 1000 * (1 + floor(p.u_price * 100)::bigint) END,
           'tiers', CASE WHEN p.tiered THEN jsonb_build_array(
                      jsonb_build_object('upTo', 1000, 'unitPriceCents', p.price_cents),
                      jsonb_build_object('upTo', 100000, 'unitPriceCents', greatest(p.price_cents / 2, 1)),
                      jsonb_build_object('upTo', NULL, 'unitPriceCents', greatest(p.price_cents / 4, 1))) END
         ) AS pricing,
         -- Ratings: 35% unrated; the rest 1..~400 reviews averaging 1..5 (skewed towards good).
         CASE WHEN p.u_rated < 0.35 THEN 0 ELSE floor(exp(p.u_count * 6))::int END AS rating_count,
         1 + 4 * sqrt(p.u_quality) AS quality,
         -- Popularity: 10% never used; the rest long-tailed up to ~60,000.
         CASE WHEN p.u_pop1 < 0.10 THEN 0 ELSE floor(exp(p.u_pop2 * 11))::bigint END AS popularity,
         -- Reliability (issue 20): 70% of the verified listings have figures (enough calls in 7 days): 20..~22,000
         -- calls, success rates skewed high (63% at 0.9 or better), p50 20..420 ms and p95 1.5..4.5 times that.
         p.u_verified < 0.9 AND pg_temp.u(i, 44) < 0.7 AS reliable,
         20 + floor(exp(pg_temp.u(i, 45) * 10))::bigint AS rel_calls,
         round((1 - pg_temp.u(i, 46) ^ 3 * 0.4)::numeric, 4)::float8 AS rel_rate,
         20 + floor(pg_temp.u(i, 47) * 400)::int AS rel_p50
    FROM priced p
),
inserted AS (
  INSERT INTO marketplace.listings (
    id, agent_id, owner_id, agent_slug, status, created_at, updated_at, published_at,
    name, summary, categories, tags, capabilities, keywords, latest_version, verified, catalog_changed_at,
    pricing, pricing_model, price_cents, pricing_from, rating_count, rating_sum, popularity,
    reliability_calls, reliability_success_rate, reliability_p50ms, reliability_p95ms)
  SELECT md5('listing-' || i)::uuid, md5('agent-' || i)::uuid, md5('owner-' || (i % 7000))::uuid,
         left(lower(f.pfx || '-' || f.dom || '-' || f.role), 50) || '-' || i,
         'published',
         f.published_at - (f.u_created * 30) * interval '1 day', f.published_at, f.published_at,
         f.name, f.description, f.cats, f.tags, f.capabilities,
         array_to_string(
           ARRAY(SELECT replace(replace(x, '_', ' '), '.', ' ') FROM unnest(f.tags || f.cats || f.capabilities) x), ' '),
         CASE WHEN f.u_verified < 0.9 THEN '1.' || (i % 7) || '.' || (i % 13) END,
         f.u_verified < 0.9,
         f.published_at,
         f.pricing, f.model, f.price_cents, f.published_at,
         f.rating_count,
         least(5 * f.rating_count, greatest(f.rating_count, round(f.rating_count * f.quality)::bigint)),
         f.popularity,
         CASE WHEN f.reliable THEN f.rel_calls END,
         CASE WHEN f.reliable THEN f.rel_rate END,
         CASE WHEN f.reliable THEN f.rel_p50 END,
         CASE WHEN f.reliable THEN floor(f.rel_p50 * (1.5 + pg_temp.u(i, 48) * 3))::int END
    FROM final f
  RETURNING id, agent_id, pricing, pricing_from, popularity
),
prices AS (
  INSERT INTO marketplace.prices (listing_id, effective_from, pricing)
  SELECT id, pricing_from, pricing FROM inserted
)
-- Deployments plus invocations over the last 30 days, spread over a few days, summing to popularity.
INSERT INTO marketplace.agent_activity (agent_id, day, deployments, invocations)
SELECT agent_id, (now() AT TIME ZONE 'utc')::date - d, (popularity / 3) / 50, popularity / 3 - (popularity / 3) / 50
     + CASE WHEN d = 0 THEN popularity % 3 ELSE 0 END
  FROM inserted CROSS JOIN generate_series(0, 2) d
 WHERE popularity > 0;

COMMIT;
