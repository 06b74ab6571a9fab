-- Seeds the billing benchmark's setup data straight into the module tables (setup only: the usage
-- events themselves go through the HTTP batch route). psql variables:
--   :pubs  the publishers registered over HTTP, as a uuid array literal ('{…,…}')
--   :users consumers (10,000)   :agents agents with a listing and a verified version (200)
--   :t0    the benchmark's "now" (timestamptz); usage falls in the 20 days before it, roll-ups cover 90 days
-- Deterministic: row i is always the same row. Agent a belongs to publisher a mod |pubs|; consumer i
-- deploys agent i mod :agents (so each agent has :users / :agents deployments).
CREATE OR REPLACE FUNCTION pg_temp.u(i bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
  $$ SELECT (hashint8(i * 7919 + salt)::float8 + 2147483648) / 4294967296 $$;

BEGIN;
CREATE TEMP TABLE pubs AS SELECT p AS id, n - 1 AS k FROM unnest(:'pubs'::uuid[]) WITH ORDINALITY AS t(p, n);
CREATE TEMP TABLE bench_agents AS
  SELECT a, md5('bench-agent-' || a)::uuid AS id, (SELECT id FROM pubs WHERE k = a % (SELECT count(*) FROM pubs)) AS owner_id,
         CASE WHEN pg_temp.u(a, 1) < 0.60 THEN 'per_call' WHEN pg_temp.u(a, 1) < 0.85 THEN 'per_unit' ELSE 'subscription' END AS model,
         1 + floor(pg_temp.u(a, 2) * 20)::bigint AS price_cents, pg_temp.u(a, 3) < 0.3 AS tiered
    FROM generate_series(0, :agents - 1) a;

-- Reported usage counts against each consumer's monthly spend limit: theirs is far above what the
-- benchmark reports, so every event is accepted and the limit check is measured, not hit.
INSERT INTO users.users (id, email, normalized_email, display_name, password_hash, roles, plan, failed_login_count, created_at, preferences,
                         monthly_spend_limit_cents_override)
SELECT md5('bench-user-' || i)::uuid, 'user-' || i || '@bench.test', 'user-' || i || '@bench.test', 'Bench user ' || i,
       'not-a-password-hash: seeded users never sign in', ARRAY['consumer'], 'free', 0,
       :'t0'::timestamptz - (pg_temp.u(i, 4) * 90) * interval '1 day', '{}', 1000000000000
  FROM generate_series(0, :users - 1) i;

INSERT INTO registry.agents (id, slug, name, description, categories, tags, owner_id, created_at, updated_at)
SELECT id, 'bench-agent-' || a, 'Bench agent ' || a, 'An agent seeded for the billing benchmark.', ARRAY['other'], '{}', owner_id,
       :'t0'::timestamptz - interval '120 days', :'t0'::timestamptz - interval '120 days'
  FROM bench_agents;

INSERT INTO registry.versions (id, agent_id, version, is_pre_release, endpoint_url, protocol, capabilities, status, verified_at, created_at)
SELECT md5('bench-version-' || a)::uuid, id, '1.0.0', false, 'http://127.0.0.1:9/bench', 'http-json',
       '[{"name":"bench","description":"Seeded.","inputSchema":{"type":"object"},"outputSchema":{"type":"object"},"examples":[]}]',
       'verified', :'t0'::timestamptz - interval '120 days', :'t0'::timestamptz - interval '120 days'
  FROM bench_agents;

WITH priced AS (
  SELECT a, id, owner_id, model, price_cents, jsonb_build_object(
           'model', model, 'currency', 'USD',
           'unitPriceCents', CASE WHEN model = 'per_call' OR (model = 'per_unit' AND NOT tiered) THEN price_cents
                                  WHEN model = 'subscription' THEN greatest(price_cents / 4, 1) END,
           'monthlyFeeCents', CASE WHEN model = 'subscription' THEN price_cents * 100 END,
           'includedUnits', CASE WHEN model = 'subscription' THEN 100 END,
           'tiers', CASE WHEN model = 'per_unit' AND tiered THEN jsonb_build_array(
                      jsonb_build_object('upTo', 100, 'unitPriceCents', price_cents),
                      jsonb_build_object('upTo', 1000, 'unitPriceCents', greatest(price_cents / 2, 1)),
                      jsonb_build_object('upTo', NULL, 'unitPriceCents', greatest(price_cents / 4, 1))) END) AS pricing
    FROM bench_agents),
listed AS (
  INSERT INTO marketplace.listings (id, agent_id, owner_id, agent_slug, status, created_at, updated_at, published_at, name, summary,
                                    categories, capabilities, latest_version, verified, catalog_changed_at, pricing, pricing_model,
                                    price_cents, pricing_from)
  SELECT md5('bench-listing-' || a)::uuid, id, owner_id, 'bench-agent-' || a, 'published',
         :'t0'::timestamptz - interval '120 days', :'t0'::timestamptz - interval '120 days', :'t0'::timestamptz - interval '120 days',
         'Bench agent ' || a, 'An agent seeded for the billing benchmark.', ARRAY['other'], ARRAY['bench'], '1.0.0', true,
         :'t0'::timestamptz - interval '120 days', pricing, model, price_cents, :'t0'::timestamptz - interval '120 days'
    FROM priced
  RETURNING id, pricing, pricing_from)
INSERT INTO marketplace.prices (listing_id, effective_from, pricing) SELECT id, pricing_from, pricing FROM listed;

INSERT INTO deployment.deployments (id, owner_id, agent_id, agent_slug, environment, runtime, status, live_revision,
                                    next_probe_at, consecutive_probe_failures, created_at, updated_at)
SELECT md5('bench-deployment-' || i)::uuid, md5('bench-user-' || i)::uuid, md5('bench-agent-' || (i % :agents))::uuid,
       'bench-agent-' || (i % :agents), CASE WHEN i % 5 = 0 THEN 'staging' ELSE 'production' END, 'http', 'healthy', 1,
       -- Never due: the prober must not spend the benchmark calling 10,000 endpoints that do not exist.
       '2100-01-01', 0, :'t0'::timestamptz - interval '60 days', :'t0'::timestamptz - interval '60 days'
  FROM generate_series(0, :users - 1) i;

INSERT INTO deployment.revisions (deployment_id, number, version, endpoint_url, protocol, capabilities, config, health_check_passed, created_at)
SELECT md5('bench-deployment-' || i)::uuid, 1, '1.0.0', 'http://127.0.0.1:9/bench', 'http-json',
       '[{"name":"bench","inputSchema":"{}"}]', '{}', true,
       :'t0'::timestamptz - interval '60 days'
  FROM generate_series(0, :users - 1) i;

-- Analytics roll-ups as the gateway's AgentInvocationsRecorded and InvoicePaid would have left them
-- for 2,000,000 invocations over the 90 days up to :t0: long-tailed per agent, noisy per day, 2% errors,
-- revenue at the agent's price with the 20% platform fee; each consumer active on about a third of the days.
CREATE TEMP TABLE agent_days AS
WITH w AS (SELECT a, id, price_cents, exp(pg_temp.u(a, 5) * 5) AS weight FROM bench_agents),
     days AS (SELECT d, (:'t0'::timestamptz AT TIME ZONE 'UTC')::date - d AS day FROM generate_series(0, 89) d)
SELECT day, id AS agent_id,
       round(2000000.0 / 90 * weight / (SELECT sum(weight) FROM w) * (0.6 + 0.8 * pg_temp.u(a * 1000 + d, 6)))::bigint AS invocations,
       price_cents
  FROM w CROSS JOIN days;
INSERT INTO operations.daily_agent_totals (day, agent_id, invocations, errors, gross_cents, platform_fee_cents, net_cents)
SELECT day, agent_id, invocations, invocations / 50, invocations * price_cents,
       (invocations * price_cents * 2000 + 5000) / 10000, invocations * price_cents - (invocations * price_cents * 2000 + 5000) / 10000
  FROM agent_days;
INSERT INTO operations.daily_totals (day, new_users, invocations, errors, gross_cents, platform_fee_cents, net_cents)
SELECT day, :users / 90, sum(invocations), sum(errors), sum(gross_cents), sum(platform_fee_cents), sum(net_cents)
  FROM operations.daily_agent_totals GROUP BY day
    ON CONFLICT (day) DO UPDATE SET new_users = daily_totals.new_users + excluded.new_users, invocations = excluded.invocations,
       errors = excluded.errors, gross_cents = excluded.gross_cents, platform_fee_cents = excluded.platform_fee_cents, net_cents = excluded.net_cents;
INSERT INTO operations.monthly_active_users (month, user_id, days)
SELECT date_trunc('month', day)::date, user_id, bit_or(1 << (extract(day FROM day)::int - 1))
  FROM (SELECT (:'t0'::timestamptz AT TIME ZONE 'UTC')::date - d AS day, md5('bench-user-' || i)::uuid AS user_id
          FROM generate_series(0, 89) d CROSS JOIN generate_series(0, :users - 1) i
         WHERE pg_temp.u(i * 100 + d, 7) < 0.35) active
 GROUP BY 1, 2;
INSERT INTO operations.agent_owners (agent_id, publisher_id) SELECT id, owner_id FROM bench_agents;
COMMIT;

VACUUM (ANALYZE) users.users, registry.agents, registry.versions, marketplace.listings, marketplace.prices,
  deployment.deployments, deployment.revisions, operations.daily_agent_totals, operations.daily_totals,
  operations.monthly_active_users, operations.agent_owners;
