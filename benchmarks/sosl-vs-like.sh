#!/usr/bin/env bash
# Search on the CRM as Salesforce: the Salesforce preset's SOQL LIKE query against SOSL
# (FIND {term} IN ALL FIELDS RETURNING Account(...)), for the same terms, on the same
# sample org: how many accounts each finds, how many of those the sample CRM's own search
# (name, contact name or e-mail containing the term) also finds, and each call's latency.
#
#   benchmarks/sosl-vs-like.sh [terms per kind, default 25]
#
# Needs curl, jq and the built sample departments (./mvnw -B package -DskipTests).
# Results also in benchmarks/target/sosl-vs-like.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
terms=${1:-25}
run=$root/benchmarks/target/sosl-run
results=$root/benchmarks/target/sosl-vs-like.md
mkdir -p "$run"
# One answer per search for both: LIMIT 100 within one batch, SOSL has no batches.
export DEPARTMENT_JAVA_OPTS="-Xmx256m -XX:+UseSerialGC -Ddepartment.saas.requests-per-second=1000000 -Ddepartment.saas.page-size=100"
stop_all() {
  RUN_DIR=$run/saas sample-departments/departments.sh stop >/dev/null
  RUN_DIR=$run/native sample-departments/departments.sh stop >/dev/null
}
trap stop_all EXIT
RUN_DIR=$run/saas DIALECT=saas CRM_PORT=28191 MARKETING_PORT=28192 SUPPORT_PORT=28193 \
  sample-departments/departments.sh start >/dev/null
RUN_DIR=$run/native CRM_PORT=28181 MARKETING_PORT=28182 SUPPORT_PORT=28183 \
  sample-departments/departments.sh start >/dev/null
sf=http://127.0.0.1:28191
token=$(curl -s -d grant_type=client_credentials -d client_id=customer-gateway \
  -d client_secret=demo-only-client-secret "$sf/services/oauth2/token" | jq -r .access_token)

# The preset's select list (multi-currency off); SOSL takes no subqueries.
fields="Id, AccountNumber, Name, Region__c, Classification__c, Lifecycle_Stage__c, AnnualRevenue, BillingAddress, CreatedDate, Owner.Alias, Owner.Name, Primary_Contact__r.Id, Primary_Contact__r.FirstName, Primary_Contact__r.LastName, Primary_Contact__r.Email, Primary_Contact__r.Phone"
children="(SELECT Id, Name, Amount, StageName, CloseDate FROM Opportunities), (SELECT Id, Title, Body, CreatedDate, CreatedBy.Alias FROM Notes)"

# call PATH QUERY: prints "<seconds> <body>" of one GET with the query URL-encoded
call() {
  curl -s -G -H "Authorization: Bearer $token" --data-urlencode "q=$2" -w '\n%{time_total}' "$sf$1" \
    | { body=$(cat); echo "${body##*$'\n'} ${body%$'\n'*}"; }
}

# soql_like TERM: the term inside a LIKE pattern, as the preset's soql-like filter escapes it
soql_like() { local t=${1//\\/\\\\}; t=${t//\'/\\\'}; t=${t//%/\\%}; printf '%s' "${t//_/\\_}"; }
# sosl_term TERM: every SOSL reserved character escaped, as the sosl filter does
sosl_term() { printf '%s' "$1" | sed 's/[][?&|!{}()^~*:\\"'"'"'+-]/\\&/g'; }

mapfile -t surnames < <(curl -s "http://127.0.0.1:28181/accounts?size=$terms" | jq -r '.content[].primaryContact.lastName')
mapfile -t companies < <(curl -s "http://127.0.0.1:28181/accounts?size=$terms&page=1" \
  | jq -r '.content[].accountName | split(" ")[0] | split("-")[0] | split(",")[0]')

{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $terms terms of each kind, one call at a time."
  echo
  echo "| terms | query | accounts found per term | of those the native search finds | terms with no match the native search has | p50 ms | p90 ms |"
  echo "|---|---|---|---|---|---|---|"
} | tee "$results"

for kind in surnames companies; do
  declare -n list=$kind
  for method in like sosl; do
    found=0 agreed=0 missed=0 times=()
    for term in "${list[@]}"; do
      expected=$(curl -s -G --data-urlencode "q=$term" "http://127.0.0.1:28181/accounts?size=100" \
        | jq -r '[.content[].accountId] | sort | .[]')
      if [ "$method" = like ]; then
        out=$(call /services/data/v60.0/query "SELECT $fields, $children FROM Account WHERE Name LIKE '%$(soql_like "$term")%' OR Primary_Contact__r.Name LIKE '%$(soql_like "$term")%' OR Primary_Contact__r.Email LIKE '%$(soql_like "$term")%' LIMIT 100")
        ids=$(echo "${out#* }" | jq -r '[.records[].AccountNumber] | sort | .[]')
      else
        out=$(call /services/data/v60.0/search "FIND {$(sosl_term "$term")} IN ALL FIELDS RETURNING Account($fields) LIMIT 100")
        ids=$(echo "${out#* }" | jq -r '[.searchRecords[].AccountNumber] | sort | .[]')
      fi
      times+=("${out%% *}")
      found=$((found + $(printf '%s' "$ids" | grep -c . || true)))
      agreed=$((agreed + $(comm -12 <(printf '%s\n' "$ids") <(printf '%s\n' "$expected") | grep -c . || true)))
      if [ -n "$expected" ] && [ -z "$ids" ]; then missed=$((missed + 1)); fi
    done
    read -r p50 p90 < <(printf '%s\n' "${times[@]}" | sort -n \
      | awk '{t[NR] = $1 * 1000} END {printf "%.1f %.1f\n", t[int((NR + 1) / 2)], t[int(NR * 0.9 + 0.5)]}')
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$kind" "$method" \
      "$(awk -v f=$found -v n=${#list[@]} 'BEGIN {printf "%.2f", f / n}')" \
      "$(awk -v a=$agreed -v n=${#list[@]} 'BEGIN {printf "%.2f", a / n}')" "$missed of ${#list[@]}" "$p50" "$p90" \
      | tee -a "$results"
  done
done
echo
echo "results: $results"
