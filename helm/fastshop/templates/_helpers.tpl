{{/* Names ---------------------------------------------------------------------------------------------------- */}}

{{- define "fastshop.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* "<release>-<chart>", or just the release name when it already contains the chart name ("fastshop"). */}}
{{- define "fastshop.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of a component's resources: (dict "root" $ "component" "catalog") -> "fastshop-catalog". */}}
{{- define "fastshop.componentName" -}}
{{- printf "%s-%s" (include "fastshop.fullname" .root) .component -}}
{{- end -}}

{{/* The four services, in dependency order. */}}
{{- define "fastshop.services" -}}
gateway catalog order worker
{{- end -}}

{{/* Labels --------------------------------------------------------------------------------------------------- */}}

{{- define "fastshop.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fastshop.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "fastshop.labels" -}}
{{ include "fastshop.selectorLabels" . }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: fastshop
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Images --------------------------------------------------------------------------------------------------- */}}

{{/*
A service's image: "<image.registry>/<repository>@<digest>" when the service has a digest, else
"<image.registry>/<repository>:<tag>" with tag = the service's image.tag, image.tag or the appVersion, plus "-native"
for native images. (dict "root" $ "component" "catalog")
*/}}
{{- define "fastshop.image" -}}
{{- $img := .root.Values.image -}}
{{- $own := (index .root.Values .component).image -}}
{{- $repo := $own.repository -}}
{{- with $img.registry }}{{- $repo = printf "%s/%s" (trimSuffix "/" .) $own.repository -}}{{- end -}}
{{- if $own.digest -}}
{{- printf "%s@%s" $repo $own.digest -}}
{{- else -}}
{{- $tag := $own.tag | default $img.tag | default .root.Chart.AppVersion | toString -}}
{{- if eq $img.flavor "native" -}}{{- $tag = printf "%s-native" $tag -}}{{- end -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}
{{- end -}}

{{/*
Pull policy of an image reference: image.pullPolicy when set; otherwise IfNotPresent for a digest or an immutable tag,
Always for a tag that is republished under the same name (latest, main, edge, *SNAPSHOT*). (the image reference)
*/}}
{{- define "fastshop.pullPolicy" -}}
{{- if .root.Values.image.pullPolicy -}}
{{- .root.Values.image.pullPolicy -}}
{{- else if contains "@sha256:" .image -}}
IfNotPresent
{{- else if regexMatch ":((latest|main|master|edge)(-native)?|[^:/@]*SNAPSHOT[^:/@]*)$" .image -}}
Always
{{- else -}}
IfNotPresent
{{- end -}}
{{- end -}}

{{/* Grace period of a service's pods: preStop + its shutdown timeout + the margin. ("catalog" as component) */}}
{{- define "fastshop.terminationGracePeriodSeconds" -}}
{{- $lc := .root.Values.lifecycle -}}
{{- add $lc.preStopSleepSeconds (index .root.Values .component).shutdownTimeoutSeconds $lc.terminationGraceMarginSeconds -}}
{{- end -}}

{{/* Secrets -------------------------------------------------------------------------------------------------- */}}

{{/*
A generated secret value, kept across upgrades: reuse the value of the live Secret when it exists (lookup), otherwise
generate one. (dict "root" $ "name" "fastshop-rabbitmq" "key" "password") -> base64 value.
`helm template` has no cluster, so it always generates: never commit its Secrets (k8s/render.sh drops them).
*/}}
{{- define "fastshop.generatedSecretValue" -}}
{{- $live := lookup "v1" "Secret" .root.Release.Namespace .name -}}
{{- if and $live $live.data (hasKey $live.data .key) -}}
{{- index $live.data .key -}}
{{- else -}}
{{- randAlphaNum 32 | b64enc -}}
{{- end -}}
{{- end -}}

{{/* Backing service addresses -------------------------------------------------------------------------------- */}}

{{/* PostgreSQL of a database ("catalog" | "orders"): dict with host, port, database, user, secret, secretKey, params. */}}
{{- define "fastshop.postgresql" -}}
{{- $root := .root -}}
{{- if $root.Values.postgresql.enabled -}}
{{- $name := include "fastshop.componentName" (dict "root" $root "component" (printf "postgresql-%s" .db)) -}}
{{- $own := index $root.Values.postgresql .db -}}
host: {{ $name }}
port: 5432
database: {{ .db }}
user: {{ .db }}
secret: {{ default $name $own.existingSecret }}
secretKey: password
params: ""
{{- else -}}
{{- $ext := index $root.Values.externalPostgresql .db -}}
{{- if not $ext.host -}}{{- fail (printf "externalPostgresql.%s.host is required when postgresql.enabled=false" .db) -}}{{- end -}}
{{- if not $ext.existingSecret -}}{{- fail (printf "externalPostgresql.%s.existingSecret is required when postgresql.enabled=false" .db) -}}{{- end -}}
host: {{ $ext.host }}
port: {{ $ext.port }}
database: {{ $ext.database }}
user: {{ $ext.user }}
secret: {{ $ext.existingSecret }}
secretKey: {{ $ext.existingSecretPasswordKey }}
params: {{ $ext.parameters | quote }}
{{- end -}}
{{- end -}}

{{/* Cache Redis (REDIS_URL, the catalog's evictable cache): dict with secret and secretKey of the full URL. */}}
{{- define "fastshop.redis" -}}
{{- if .Values.redis.enabled -}}
secret: {{ default (include "fastshop.componentName" (dict "root" . "component" "redis")) .Values.redis.existingSecret }}
secretKey: url
{{- else -}}
{{- if not .Values.externalRedis.existingSecret -}}{{- fail "externalRedis.existingSecret is required when redis.enabled=false" -}}{{- end -}}
secret: {{ .Values.externalRedis.existingSecret }}
secretKey: {{ .Values.externalRedis.existingSecretUrlKey }}
{{- end -}}
{{- end -}}

{{/*
State Redis (STATE_REDIS_URL: the gateway's rate-limit buckets, the worker's job-dedup records; never evicted):
dict with secret and secretKey of the full URL.
*/}}
{{- define "fastshop.stateRedis" -}}
{{- if .Values.stateRedis.enabled -}}
secret: {{ default (include "fastshop.componentName" (dict "root" . "component" "state-redis")) .Values.stateRedis.existingSecret }}
secretKey: url
{{- else -}}
{{- if not .Values.externalStateRedis.existingSecret -}}{{- fail "externalStateRedis.existingSecret is required when stateRedis.enabled=false" -}}{{- end -}}
secret: {{ .Values.externalStateRedis.existingSecret }}
secretKey: {{ .Values.externalStateRedis.existingSecretUrlKey }}
{{- end -}}
{{- end -}}

{{/* RabbitMQ: dict with host, port, user, vhost, secret (keys "password" and "amqp-url"). */}}
{{- define "fastshop.rabbitmq" -}}
{{- if .Values.rabbitmq.enabled -}}
{{- $name := include "fastshop.componentName" (dict "root" . "component" "rabbitmq") -}}
host: {{ $name }}
port: 5672
user: {{ .Values.rabbitmq.user }}
vhost: {{ .Values.rabbitmq.vhost }}
secret: {{ default $name .Values.rabbitmq.existingSecret }}
{{- else -}}
{{- $ext := .Values.externalRabbitmq -}}
{{- if not $ext.host -}}{{- fail "externalRabbitmq.host is required when rabbitmq.enabled=false" -}}{{- end -}}
{{- if not $ext.existingSecret -}}{{- fail "externalRabbitmq.existingSecret is required when rabbitmq.enabled=false" -}}{{- end -}}
host: {{ $ext.host }}
port: {{ $ext.port }}
user: {{ $ext.user }}
vhost: {{ $ext.vhost }}
secret: {{ $ext.existingSecret }}
{{- end -}}
{{- end -}}

{{/* Capabilities --------------------------------------------------------------------------------------------- */}}

{{- define "fastshop.hasServiceMonitor" -}}
{{- if and .Values.metrics.serviceMonitor.enabled (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1/ServiceMonitor") -}}true{{- end -}}
{{- end -}}

{{- define "fastshop.hasPrometheusRule" -}}
{{- if and .Values.metrics.prometheusRule.enabled (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1/PrometheusRule") -}}true{{- end -}}
{{- end -}}

{{/* The worker scales with KEDA only when asked to and KEDA's CRDs are installed; otherwise on CPU. */}}
{{- define "fastshop.workerUsesKeda" -}}
{{- $as := .Values.worker.autoscaling -}}
{{- if and $as.enabled $as.keda.enabled (.Capabilities.APIVersions.Has "keda.sh/v1alpha1/ScaledObject") -}}true{{- end -}}
{{- end -}}

{{/* HPA behavior from the tuning values: fast up, slow down. */}}
{{- define "fastshop.hpaBehavior" -}}
scaleUp:
  stabilizationWindowSeconds: {{ .scaleUpStabilizationSeconds }}
  selectPolicy: Max
  policies:
    - type: Percent
      value: {{ .scaleUpPercent }}
      periodSeconds: {{ .scaleUpPeriodSeconds }}
    - type: Pods
      value: {{ .scaleUpPods }}
      periodSeconds: {{ .scaleUpPeriodSeconds }}
scaleDown:
  stabilizationWindowSeconds: {{ .scaleDownStabilizationSeconds }}
  selectPolicy: Min
  policies:
    - type: Percent
      value: {{ .scaleDownPercent }}
      periodSeconds: {{ .scaleDownPeriodSeconds }}
{{- end -}}

{{- define "fastshop.containerPort" -}}
{{- get (dict "gateway" 8080 "catalog" 8081 "order" 8082 "worker" 8083) . -}}
{{- end -}}

{{/*
The management interface (quarkus.management.enabled): /q/health, /q/metrics, /q/openapi, /q/swagger-ui are served
only here, never on the public port. The same port in every pod, set through <SERVICE>_MANAGEMENT_PORT.
*/}}
{{- define "fastshop.managementPort" -}}
9000
{{- end -}}

{{/* Marks the "<service>-management" Services, so that the ServiceMonitors select them and not the public ones. */}}
{{- define "fastshop.managementLabel" -}}
fastshop.dev/interface: management
{{- end -}}
