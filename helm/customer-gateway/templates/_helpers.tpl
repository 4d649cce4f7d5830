{{/* The chart name, truncated to a DNS label. */}}
{{- define "customer-gateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The full name: release and chart, unless the release name already holds the chart's. */}}
{{- define "customer-gateway.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "customer-gateway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "customer-gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "customer-gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "customer-gateway.labels" -}}
helm.sh/chart: {{ include "customer-gateway.chart" . }}
{{ include "customer-gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: customer-data-gateway
{{- end }}

{{- define "customer-gateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "customer-gateway.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "customer-gateway.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The spool lives on a claim per pod only in a StatefulSet. */}}
{{- define "customer-gateway.workloadKind" -}}
{{- if .Values.audit.spool.persistence }}StatefulSet{{ else }}Deployment{{ end }}
{{- end }}

{{/* The OPA base URL the gateway asks, per engine. */}}
{{- define "customer-gateway.opaUrl" -}}
{{- if eq .Values.policy.engine "opa-sidecar" }}http://127.0.0.1:8181
{{- else }}{{ .Values.policy.opa.url }}
{{- end }}
{{- end }}

{{/* Values no schema default can stand in for; checked before anything is rendered. */}}
{{- define "customer-gateway.validate" -}}
{{- $_ := required "keycloak.issuerUri is required: the realm's issuer, exactly as in the tokens' iss (https://sso.example.com/realms/customer-data)" .Values.keycloak.issuerUri }}
{{- $_ := required "database.url is required: the JDBC URL of the audit trail's PostgreSQL database" .Values.database.url }}
{{- $_ := required "database.existingSecret is required: a Secret with the database user name and password" .Values.database.existingSecret }}
{{- $_ := required "pseudonymKey.existingSecret is required: a Secret with the key behind pseudonyms" .Values.pseudonymKey.existingSecret }}
{{- $_ := required "policy.bundleToken.existingSecret is required: a Secret with the token OPA fetches the policy bundle with" .Values.policy.bundleToken.existingSecret }}
{{- if and (eq .Values.policy.engine "opa-external") (not .Values.policy.opa.url) }}
{{- fail "policy.opa.url is required with policy.engine=opa-external: the shared OPA's base URL" }}
{{- end }}
{{- if and (eq .Values.rateLimit.store "redis") (not .Values.redis.host) }}
{{- fail "redis.host is required with rateLimit.store=redis" }}
{{- end }}
{{- if and .Values.policy.shadowEmbedded (eq .Values.policy.engine "embedded") }}
{{- fail "policy.shadowEmbedded needs an OPA engine (opa-sidecar or opa-external) to shadow" }}
{{- end }}
{{- end }}

{{/*
The bundle token, from its Secret: the gateway checks it on every bundle poll, the OPA
sidecar presents it.
*/}}
{{- define "customer-gateway.bundleTokenEnv" -}}
- name: BUNDLE_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ .Values.policy.bundleToken.existingSecret }}
      key: {{ .Values.policy.bundleToken.key }}
{{- end }}
