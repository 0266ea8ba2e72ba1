{{/*
Environment of each service: exactly the variables of CONTRIBUTING.md's table. Plain values go to the service's
ConfigMap ("fastshop.config.<service>"), secret ones are secretKeyRefs ("fastshop.secretEnv.<service>").
*/}}

{{- /* Issuer and audience of every token: users' tokens, and the order service's own (service identity). */}}
{{- define "fastshop.config.jwtClaims" -}}
JWT_ISSUER: {{ .Values.jwt.issuer | quote }}
JWT_AUDIENCE: {{ .Values.jwt.audience | quote }}
{{- end -}}

{{- /* Users' tokens verified with the users' public key (gateway, order). */}}
{{- define "fastshop.config.jwt" -}}
{{ include "fastshop.config.jwtClaims" . }}
JWT_PUBLIC_KEY_LOCATION: {{ default (printf "/etc/fastshop/jwt/%s" .Values.jwt.existingSecretKey) .Values.jwt.jwksUrl | quote }}
{{- end -}}

{{- /* Mount paths of the service-identity files (deployment.yaml mounts them). */}}
{{- define "fastshop.catalogTrustDir" -}}/etc/fastshop/catalog-trust{{- end -}}
{{- define "fastshop.orderKeyDir" -}}/etc/fastshop/service-identity{{- end -}}

{{- define "fastshop.config.management" -}}
{{ upper .component }}_MANAGEMENT_PORT: {{ include "fastshop.managementPort" . | quote }}
{{- end -}}

{{- /* quarkus.shutdown.timeout from the chart, so that the pods' grace period is derived from the same number. */}}
{{- define "fastshop.config.shutdown" -}}
QUARKUS_SHUTDOWN_TIMEOUT: {{ printf "%ds" (int (index .root.Values .component).shutdownTimeoutSeconds) | quote }}
{{- end -}}

{{- define "fastshop.config.rabbitmq" -}}
{{- $mq := include "fastshop.rabbitmq" . | fromYaml -}}
RABBITMQ_HOST: {{ $mq.host | quote }}
RABBITMQ_PORT: {{ $mq.port | quote }}
RABBITMQ_USER: {{ $mq.user | quote }}
RABBITMQ_VHOST: {{ $mq.vhost | quote }}
{{- end -}}

{{- define "fastshop.config.database" -}}
{{- $pg := include "fastshop.postgresql" (dict "root" .root "db" .db) | fromYaml -}}
{{- $query := ternary "" (printf "?%s" $pg.params) (empty $pg.params) -}}
{{ .prefix }}_DB_URL: {{ printf "postgresql://%s:%v/%s%s" $pg.host $pg.port $pg.database $query | quote }}
{{ .prefix }}_DB_JDBC_URL: {{ printf "jdbc:postgresql://%s:%v/%s%s" $pg.host $pg.port $pg.database $query | quote }}
{{ .prefix }}_DB_USER: {{ $pg.user | quote }}
{{- end -}}

{{- /* Read replicas of a service's database: (dict "root" . "db" "catalog" "prefix" "CATALOG" "replicas" .Values.catalog.readReplicas). */}}
{{- define "fastshop.config.readReplicas" -}}
{{- with .replicas.hosts }}
{{- $pg := include "fastshop.postgresql" (dict "root" $.root "db" $.db) | fromYaml }}
{{- $query := ternary "" (printf "?%s" $pg.params) (empty $pg.params) }}
{{- $urls := list }}
{{- range . }}
{{- $urls = append $urls (printf "postgresql://%s/%s%s" . $pg.database $query) }}
{{- end }}
{{ $.prefix }}_DB_READ_URLS: {{ join "," $urls | quote }}
{{ $.prefix }}_DB_READ_MAX_LAG: {{ $.replicas.maxLag | quote }}
{{ $.prefix }}_DB_READ_POOL_SIZE: {{ $.replicas.poolSize | quote }}
{{- end }}
{{- end -}}

{{- define "fastshop.url" -}}
{{- printf "http://%s:%v" (include "fastshop.componentName" (dict "root" .root "component" .component)) (index .root.Values .component).service.port -}}
{{- end -}}

{{- define "fastshop.config.gateway" -}}
GATEWAY_PORT: "8080"
{{ include "fastshop.config.management" (dict "component" "gateway") }}
{{ include "fastshop.config.shutdown" (dict "root" . "component" "gateway") }}
CATALOG_URL: {{ include "fastshop.url" (dict "root" . "component" "catalog") | quote }}
ORDER_URL: {{ include "fastshop.url" (dict "root" . "component" "order") | quote }}
{{- /* Stork's Kubernetes discovery (%prod) finds the upstream pods through these Services' endpoints. */}}
CATALOG_SERVICE_NAME: {{ include "fastshop.componentName" (dict "root" . "component" "catalog") | quote }}
ORDER_SERVICE_NAME: {{ include "fastshop.componentName" (dict "root" . "component" "order") | quote }}
{{ include "fastshop.config.jwt" . }}
{{- if .Values.gateway.tls.enabled }}
GATEWAY_TLS_CERT: "/etc/fastshop/tls/tls.crt"
GATEWAY_TLS_KEY: "/etc/fastshop/tls/tls.key"
{{- end }}
{{- with .Values.gateway.trustedProxies }}
GATEWAY_TRUSTED_PROXIES: {{ . | quote }}
{{- end }}
{{- if .Values.tracing.enabled }}
OTEL_SDK_DISABLED: "false"
OTEL_EXPORTER_OTLP_ENDPOINT: {{ required "tracing.otlpEndpoint is required when tracing.enabled" .Values.tracing.otlpEndpoint | quote }}
{{- end }}
{{- end -}}

{{- define "fastshop.config.catalog" -}}
CATALOG_PORT: "8081"
{{ include "fastshop.config.management" (dict "component" "catalog") }}
{{ include "fastshop.config.shutdown" (dict "root" . "component" "catalog") }}
{{ include "fastshop.config.database" (dict "root" . "db" "catalog" "prefix" "CATALOG") }}
{{- include "fastshop.config.readReplicas" (dict "root" . "db" "catalog" "prefix" "CATALOG" "replicas" .Values.catalog.readReplicas) }}
{{ include "fastshop.config.rabbitmq" . }}
{{ include "fastshop.config.jwtClaims" . }}
{{- /* Every token (users' kid "users", the order service's kid "order-service") is verified against this JWKS. */}}
CATALOG_JWT_KEYS_LOCATION: {{ printf "%s/%s" (include "fastshop.catalogTrustDir" .) .Values.serviceIdentity.catalogTrust.existingConfigMapKey | quote }}
{{- end -}}

{{- define "fastshop.config.order" -}}
ORDER_PORT: "8082"
{{ include "fastshop.config.management" (dict "component" "order") }}
{{ include "fastshop.config.shutdown" (dict "root" . "component" "order") }}
{{ include "fastshop.config.database" (dict "root" . "db" "orders" "prefix" "ORDER") }}
{{- include "fastshop.config.readReplicas" (dict "root" . "db" "orders" "prefix" "ORDER" "replicas" .Values.order.readReplicas) }}
{{ include "fastshop.config.rabbitmq" . }}
CATALOG_URL: {{ include "fastshop.url" (dict "root" . "component" "catalog") | quote }}
{{ include "fastshop.config.jwt" . }}
{{- /* Signs the order service's calls to the catalog's reservation endpoints (RS256, kid "order-service"). */}}
ORDER_SERVICE_KEY_LOCATION: {{ printf "%s/%s" (include "fastshop.orderKeyDir" .) .Values.serviceIdentity.orderKey.existingSecretKey | quote }}
{{- end -}}

{{- define "fastshop.config.worker" -}}
WORKER_PORT: "8083"
{{ include "fastshop.config.management" (dict "component" "worker") }}
{{ include "fastshop.config.shutdown" (dict "root" . "component" "worker") }}
{{ include "fastshop.config.rabbitmq" . }}
SMTP_HOST: {{ .Values.smtp.host | quote }}
SMTP_PORT: {{ .Values.smtp.port | quote }}
{{- with .Values.smtp.user }}
SMTP_USER: {{ . | quote }}
{{- end }}
SMTP_TLS: {{ .Values.smtp.tls | quote }}
SMTP_STARTTLS: {{ .Values.smtp.startTls | quote }}
MAIL_FROM: {{ .Values.smtp.from | quote }}
{{- end -}}

{{- define "fastshop.secretRef" -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
{{- end -}}

{{- define "fastshop.secretEnv.rabbitmq" -}}
{{- $mq := include "fastshop.rabbitmq" . | fromYaml -}}
{{ include "fastshop.secretRef" (dict "env" "RABBITMQ_PASSWORD" "secret" $mq.secret "key" "password") }}
{{- end -}}

{{- define "fastshop.secretEnv.redis" -}}
{{- $redis := include "fastshop.redis" . | fromYaml -}}
{{ include "fastshop.secretRef" (dict "env" "REDIS_URL" "secret" $redis.secret "key" $redis.secretKey) }}
{{- end -}}

{{- define "fastshop.secretEnv.stateRedis" -}}
{{- $redis := include "fastshop.stateRedis" . | fromYaml -}}
{{ include "fastshop.secretRef" (dict "env" "STATE_REDIS_URL" "secret" $redis.secret "key" $redis.secretKey) }}
{{- end -}}

{{- define "fastshop.secretEnv.database" -}}
{{- $pg := include "fastshop.postgresql" (dict "root" .root "db" .db) | fromYaml -}}
{{ include "fastshop.secretRef" (dict "env" (printf "%s_DB_PASSWORD" .prefix) "secret" $pg.secret "key" $pg.secretKey) }}
{{- end -}}

{{- define "fastshop.secretEnv.gateway" -}}
{{ include "fastshop.secretEnv.stateRedis" . }}
- name: KUBERNETES_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
{{- end -}}

{{- define "fastshop.secretEnv.catalog" -}}
{{ include "fastshop.secretEnv.database" (dict "root" . "db" "catalog" "prefix" "CATALOG") }}
{{ include "fastshop.secretEnv.redis" . }}
{{ include "fastshop.secretEnv.rabbitmq" . }}
{{ include "fastshop.secretRef" (dict "env" "CATALOG_CURSOR_SECRET" "secret" (include "fastshop.catalogSecret" .) "key" "cursor-secret") }}
{{- end -}}

{{- define "fastshop.catalogSecret" -}}
{{- default (include "fastshop.componentName" (dict "root" . "component" "catalog")) .Values.catalog.existingSecret -}}
{{- end -}}

{{- define "fastshop.secretEnv.order" -}}
{{ include "fastshop.secretEnv.database" (dict "root" . "db" "orders" "prefix" "ORDER") }}
{{ include "fastshop.secretEnv.rabbitmq" . }}
{{- end -}}

{{- define "fastshop.secretEnv.worker" -}}
{{ include "fastshop.secretEnv.rabbitmq" . }}
{{ include "fastshop.secretEnv.stateRedis" . }}
{{- if .Values.smtp.existingSecret }}
{{ include "fastshop.secretRef" (dict "env" "SMTP_PASSWORD" "secret" .Values.smtp.existingSecret "key" .Values.smtp.existingSecretPasswordKey) }}
{{- end }}
{{- end -}}

{{/*
The gateway and the order service verify users' tokens with the users' public key, mounted unless a JWKS URL is
configured. The catalog verifies every token against its own JWKS (serviceIdentity.catalogTrust) instead.
*/}}
{{- define "fastshop.mountsJwtKey" -}}
{{- if and (has .component (list "gateway" "order")) (not .root.Values.jwt.jwksUrl) -}}true{{- end -}}
{{- end -}}


{{/*
The identity objects the pods mount: the chart's own when their content is given inline (jwt.publicKey,
serviceIdentity.orderKey.privateKey, serviceIdentity.catalogTrust.jwks; identity.yaml creates them), else yours.
*/}}
{{- define "fastshop.jwtSecretName" -}}
{{- if .Values.jwt.publicKey -}}
{{- include "fastshop.fullname" . }}-jwt
{{- else -}}
{{- required "jwt.publicKey, jwt.existingSecret or jwt.jwksUrl is required" .Values.jwt.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "fastshop.orderKeySecretName" -}}
{{- if .Values.serviceIdentity.orderKey.privateKey -}}
{{- include "fastshop.fullname" . }}-order-service-key
{{- else -}}
{{- required "serviceIdentity.orderKey.privateKey or serviceIdentity.orderKey.existingSecret is required" .Values.serviceIdentity.orderKey.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "fastshop.catalogTrustName" -}}
{{- if .Values.serviceIdentity.catalogTrust.jwks -}}
{{- include "fastshop.fullname" . }}-catalog-trust
{{- else -}}
{{- required "serviceIdentity.catalogTrust.jwks or serviceIdentity.catalogTrust.existingConfigMap is required" .Values.serviceIdentity.catalogTrust.existingConfigMap -}}
{{- end -}}
{{- end -}}
