#!/usr/bin/env bash
# The insights page over a long audit trail on PostgreSQL: EVENTS generated audit events
# (default 10 million) over 90 days, rolled up once, then the page timed, against its
# baseline in the same run: the same 7 days computed from the raw trail.
#
#   benchmarks/insights.sh [EVENTS]
#
# Needs psql and the PostgreSQL on 127.0.0.1:5432 (trust auth), and the built jars
# (./mvnw -B package -DskipTests). Uses (and recreates) the database customer_gateway_insights:
# about 1 GB per million events. Results also in benchmarks/target/insights-results.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
# shellcheck source=lib.sh
. benchmarks/lib.sh

events=${1:-10000000}
database=customer_gateway_insights
JAVA_HOME=$(find_java_home)
export JAVA_HOME
run=$root/benchmarks/target/insights-run
results=$root/benchmarks/target/insights-results.md
export RUN_DIR=$run KEYCLOAK_PORT=28180 KEYCLOAK_MANAGEMENT_PORT=29180
mkdir -p "$run"
sql() { psql -h 127.0.0.1 -U postgres -d "$database" -v ON_ERROR_STOP=1 -qAt "$@"; }
now_ms() { date +%s%3N; }

stop_all() {
  stop_detached "insights gateway" "$run/gateway-insights.pid"
  keycloak-realm/keycloak.sh stop >/dev/null
}
trap stop_all EXIT

keycloak-realm/keycloak.sh start >/dev/null
psql -h 127.0.0.1 -U postgres -qc "drop database if exists $database" -c "create database $database"
# The gateway creates the schema (Flyway). Its roll-up runs at start, on the empty trail,
# and then not again by itself: this script asks for each roll-up it times.
start_bench_gateway gateway-insights 28060 "$database" "${BENCH_DEPARTMENTS[@]}" \
  --gateway.insights.refresh-interval=24h
echo "generating $events audit events over 90 days…"
started=$(now_ms)
chunk=1000000
for ((done_rows = 0; done_rows < events; done_rows += chunk)); do
  rows=$((events - done_rows < chunk ? events - done_rows : chunk))
  # 200 subjects in three roles; each role sees the fields it sees in the demo, withholds
  # those it does there, and now and then something else; 4% of requests refused whole.
  sql -c "set synchronous_commit = off" -c "
    insert into audit_event (id, occurred_at, subject, purpose, action, decision, status, event)
    select gen_random_uuid(), e.at, e.subject, e.purpose, e.action, e.decision, e.status,
      json_build_object('action', e.action, 'subject', e.subject, 'roles', json_build_array(e.role),
        'purpose', e.purpose, 'decision', e.decision, 'status', e.status, 'time', e.at,
        'sources', case when e.decision = 'deny' then '{}'::json
                        else '{\"crm\": \"ok\", \"marketing\": \"ok\", \"support\": \"ok\"}'::json end,
        'disclosed', case when e.decision = 'deny' then '[]'::json else r.disclosed end,
        'masked', case when e.decision = 'deny' then '[]'::json else r.masked end,
        'withheld', case when e.decision = 'deny' then '[]'::json
                         when e.extra then (r.withheld::jsonb || '[\"crm:sales.credit_limit\"]'::jsonb)::json
                         else r.withheld end,
        'input', json_build_object('subject', json_build_object('department', r.department)))::text
    from (
      select now() - random() * interval '90 days' as at, 'user-' || (n % 200) as subject,
             (array['sales-rep', 'marketing-analyst', 'support-agent'])[1 + n % 3] as role,
             (array['view', 'view', 'view', 'view', 'view', 'view', 'view', 'view', 'search', 'read'])[1 + (n / 7) % 10] as action,
             case when random() < 0.04 then 'deny' else 'allow' end as decision,
             random() < 0.1 as extra, n
      from generate_series($((done_rows + 1)), $((done_rows + rows))) as n) g
    cross join lateral (select g.*, case when g.decision = 'deny' then 403 else 200 end as status,
      (array['account-management', 'campaign-planning', 'support-case'])[1 + g.n % 3] as purpose) e
    join (values
      ('sales-rep', 'sales',
       '[\"crm:customer.name\", \"crm:sales.owner\", \"crm:sales.deals[].amount\", \"crm:sales.notes\", \"marketing:marketing.lead_score\", \"support:support.open_ticket_count\", \"support:support.tickets[].subject\"]'::json,
       '[\"marketing:marketing.last_engagement\"]'::json,
       '[\"support:support.tickets[].description\", \"support:support.csat\"]'::json),
      ('marketing-analyst', 'marketing',
       '[\"marketing:customer.name\", \"marketing:marketing.segments\", \"crm:customer.region\", \"crm:sales.stage\", \"support:support.csat\"]'::json,
       '[\"crm:customer.emails\", \"crm:sales.annual_revenue\", \"support:customer.phones\"]'::json,
       '[\"crm:sales.deals\", \"crm:sales.notes\", \"support:support.tickets\"]'::json),
      ('support-agent', 'support',
       '[\"support:customer.name\", \"support:support.tickets[].subject\", \"crm:customer.name\", \"crm:sales.owner\", \"crm:sales.stage\", \"marketing:marketing.segments\"]'::json,
       '[\"crm:sales.annual_revenue\"]'::json,
       '[\"crm:sales.deals\", \"crm:sales.notes\", \"crm:customer.address\"]'::json)
    ) as r(role, department, disclosed, masked, withheld) on r.role = e.role"
  echo "  $((done_rows + rows)) events"
done
sql -c "vacuum analyze audit_event"
generated_s=$(( ($(now_ms) - started) / 1000 ))
size=$(sql -c "select pg_size_pretty(pg_total_relation_size('audit_event'))")

officer=$(bench_token sue)
time_post() { local t0; t0=$(now_ms); curl -sf -X POST -H "Authorization: Bearer $officer" "$1" >/dev/null; echo $(( $(now_ms) - t0 )); }
echo "rolling up the whole trail…"
catch_up_ms=$(time_post http://127.0.0.1:28060/admin/insights/refresh)
# The baseline: what the page would cost if it read the raw trail, the same 7 days.
sql -c "delete from insight_day where utc_day > current_date - 7"
raw_7_days_ms=$(time_post http://127.0.0.1:28060/admin/insights/refresh)

# timings URL N: the page's response times in ms, sorted.
timings() {
  for _ in $(seq "$2"); do
    curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $officer" "$1"
  done | awk '{ printf "%d\n", $1 * 1000 }' | sort -n
}
summary() { awk '{ a[NR] = $1 } END { printf "%d | %d | %d", a[1], a[int((NR + 1) / 2)], a[NR] }'; }
from90=$(date -u -d '89 days ago' +%F)
week=$(timings "http://127.0.0.1:28060/admin/insights" 30 | summary)
quarter=$(timings "http://127.0.0.1:28060/admin/insights?from=$from90&grain=week" 30 | summary)
csv=$(timings "http://127.0.0.1:28060/admin/insights/unmet-demand.csv?from=$from90" 10 | summary)
rollups=$(sql -c "select (select count(*) from insight_field) + (select count(*) from insight_sharing)")
week_p50=$(echo "$week" | cut -d'|' -f2 | tr -d ' ')

{
  echo "## Insights over $events audit events ($(date -u +%F), $(nproc) cores)"
  echo
  echo "Trail: $events events over 90 days, $size in PostgreSQL; generated in ${generated_s} s."
  echo "Roll-ups: $rollups rows. Rolling up the whole trail once: $catch_up_ms ms."
  echo
  echo "| what | min ms | p50 ms | max ms |"
  echo "|---|---|---|---|"
  echo "| the page, default window (7 days, per day) | $week |"
  echo "| the page, 90 days per week | $quarter |"
  echo "| unmet demand as CSV, 90 days | $csv |"
  echo
  echo "Baseline, same run: the same 7 days computed from the raw trail took $raw_7_days_ms ms," \
    "$(awk -v b="$raw_7_days_ms" -v p="$week_p50" 'BEGIN { printf "%.0f", b / (p > 0 ? p : 1) }')× the page's p50."
} | tee "$results"
