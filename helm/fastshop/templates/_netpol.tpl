{{/*
NetworkPolicy building blocks. Rules are built as data and printed with toYaml. Egress ports are the destination
pods' own (container) ports: policies see traffic after a Service's translation.
*/}}

{{/* A peer selecting one of the release's components: (dict "root" $ "component" "catalog") -> dict. */}}
{{- define "fastshop.np.peer" -}}
{{- toYaml (dict "podSelector" (dict "matchLabels" (include "fastshop.selectorLabels" . | fromYaml))) -}}
{{- end -}}

{{/* TCP port list: (list 5432) -> list of dicts, as YAML under "ports". */}}
{{- define "fastshop.np.tcp" -}}
{{- $ports := list -}}
{{- range . }}{{- $ports = append $ports (dict "port" (int .) "protocol" "TCP") -}}{{- end -}}
{{- toYaml (dict "ports" $ports) -}}
{{- end -}}

{{/* Port of a URL: explicit, else 443 for https and 80 for http. */}}
{{- define "fastshop.np.urlPort" -}}
{{- $u := urlParse . -}}
{{- $hostPort := splitList ":" $u.host -}}
{{- if gt (len $hostPort) 1 -}}{{- last $hostPort -}}{{- else if eq $u.scheme "https" -}}443{{- else -}}80{{- end -}}
{{- end -}}

{{/* Egress rule to a destination outside the release: (dict "peers" list "port" n) -> YAML of one rule. */}}
{{- define "fastshop.np.externalRule" -}}
{{- $rule := include "fastshop.np.tcp" (list .port) | fromYaml -}}
{{- with .peers }}{{- $_ := set $rule "to" . -}}{{- end -}}
{{- toYaml $rule -}}
{{- end -}}

{{/*
Egress rule to a backing service: its in-cluster pods when enabled, else its external address (networkPolicy.egress).
(dict "root" $ "enabled" bool "component" "redis" "port" 6379 "peers" list "externalPort" n)
*/}}
{{- define "fastshop.np.backingRule" -}}
{{- if .enabled -}}
{{- $rule := include "fastshop.np.tcp" (list .port) | fromYaml -}}
{{- $_ := set $rule "to" (list (include "fastshop.np.peer" (dict "root" .root "component" .component) | fromYaml)) -}}
{{- toYaml $rule -}}
{{- else -}}
{{- include "fastshop.np.externalRule" (dict "peers" .peers "port" .externalPort) -}}
{{- end -}}
{{- end -}}

{{/* Egress to the cluster DNS, UDP and TCP. */}}
{{- define "fastshop.np.dnsRule" -}}
{{- $dns := .Values.networkPolicy.dns -}}
{{- $peer := dict "namespaceSelector" $dns.namespaceSelector -}}
{{- with $dns.podSelector }}{{- $_ := set $peer "podSelector" . -}}{{- end -}}
{{- toYaml (dict "to" (list $peer) "ports" (list (dict "port" (int $dns.port) "protocol" "UDP") (dict "port" (int $dns.port) "protocol" "TCP"))) -}}
{{- end -}}

{{/*
Egress to the API server (the gateway's Stork discovery): networkPolicy.kubernetesApi.cidrs, else the addresses of
the "kubernetes" Service and its EndpointSlice read from the cluster at install, else (no cluster: helm template)
any address; on kubernetesApi.ports plus the port the EndpointSlice names.
*/}}
{{- define "fastshop.np.kubernetesApiRule" -}}
{{- $api := .Values.networkPolicy.kubernetesApi -}}
{{- $cidrs := $api.cidrs -}}
{{- $ports := list -}}
{{- range $api.ports }}{{- $ports = append $ports (int .) -}}{{- end -}}
{{- if not $cidrs -}}
{{- $svc := lookup "v1" "Service" "default" "kubernetes" -}}
{{- $slice := lookup "discovery.k8s.io/v1" "EndpointSlice" "default" "kubernetes" -}}
{{- $ips := list -}}
{{- with $svc }}{{- range .spec.clusterIPs | default (list .spec.clusterIP) }}{{- $ips = append $ips . -}}{{- end }}{{- end -}}
{{- with $slice -}}
{{- range .endpoints }}{{- range .addresses }}{{- $ips = append $ips . -}}{{- end }}{{- end -}}
{{- range .ports }}{{- if not (has (int .port) $ports) }}{{- $ports = append $ports (int .port) -}}{{- end }}{{- end -}}
{{- end -}}
{{- range $ips | uniq }}{{- $cidrs = append $cidrs (printf "%s/%s" . (ternary "128" "32" (contains ":" .))) -}}{{- end -}}
{{- end -}}
{{- $to := list -}}
{{- range ($cidrs | default (list "0.0.0.0/0" "::/0")) }}{{- $to = append $to (dict "ipBlock" (dict "cidr" .)) -}}{{- end -}}
{{- $rule := include "fastshop.np.tcp" $ports | fromYaml -}}
{{- $_ := set $rule "to" $to -}}
{{- toYaml $rule -}}
{{- end -}}

{{/* The egress rules of a service: (dict "root" $ "component" c) -> YAML list. */}}
{{- define "fastshop.np.serviceEgress" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $np := $v.networkPolicy -}}
{{- $c := .component -}}
{{- $rules := list (include "fastshop.np.dnsRule" $root | fromYaml) -}}
{{- $mq := dict "root" $root "enabled" $v.rabbitmq.enabled "component" "rabbitmq" "port" 5672 "peers" $np.egress.rabbitmq "externalPort" $v.externalRabbitmq.port -}}
{{- $state := dict "root" $root "enabled" $v.stateRedis.enabled "component" "state-redis" "port" 6379 "peers" $np.egress.stateRedis "externalPort" $v.externalStateRedis.port -}}
{{- $catalog := include "fastshop.np.tcp" (list (include "fastshop.containerPort" "catalog")) | fromYaml -}}
{{- $_ := set $catalog "to" (list (include "fastshop.np.peer" (dict "root" $root "component" "catalog") | fromYaml)) -}}
{{- if eq $c "gateway" -}}
{{- $order := include "fastshop.np.tcp" (list (include "fastshop.containerPort" "order")) | fromYaml -}}
{{- $_ := set $order "to" (list (include "fastshop.np.peer" (dict "root" $root "component" "order") | fromYaml)) -}}
{{- $rules = concat $rules (list $catalog $order) -}}
{{- $rules = append $rules (include "fastshop.np.backingRule" $state | fromYaml) -}}
{{- $rules = append $rules (include "fastshop.np.kubernetesApiRule" $root | fromYaml) -}}
{{- if $v.tracing.enabled -}}
{{- $rules = append $rules (include "fastshop.np.externalRule" (dict "peers" $np.egress.otlp "port" (include "fastshop.np.urlPort" $v.tracing.otlpEndpoint)) | fromYaml) -}}
{{- end -}}
{{- else if eq $c "catalog" -}}
{{- $rules = append $rules (include "fastshop.np.backingRule" (dict "root" $root "enabled" $v.postgresql.enabled "component" "postgresql-catalog" "port" 5432 "peers" $np.egress.postgresql "externalPort" $v.externalPostgresql.catalog.port) | fromYaml) -}}
{{- $rules = append $rules (include "fastshop.np.backingRule" (dict "root" $root "enabled" $v.redis.enabled "component" "redis" "port" 6379 "peers" $np.egress.redis "externalPort" $v.externalRedis.port) | fromYaml) -}}
{{- $rules = append $rules (include "fastshop.np.backingRule" $mq | fromYaml) -}}
{{- else if eq $c "order" -}}
{{- $rules = append $rules (include "fastshop.np.backingRule" (dict "root" $root "enabled" $v.postgresql.enabled "component" "postgresql-orders" "port" 5432 "peers" $np.egress.postgresql "externalPort" $v.externalPostgresql.orders.port) | fromYaml) -}}
{{- $rules = append $rules (include "fastshop.np.backingRule" $mq | fromYaml) -}}
{{- $rules = append $rules $catalog -}}
{{- else if eq $c "worker" -}}
{{- $rules = append $rules (include "fastshop.np.backingRule" $mq | fromYaml) -}}
{{- $rules = append $rules (include "fastshop.np.backingRule" $state | fromYaml) -}}
{{- $rules = append $rules (include "fastshop.np.externalRule" (dict "peers" $np.egress.smtp "port" $v.smtp.port) | fromYaml) -}}
{{- end -}}
{{- if and $v.jwt.jwksUrl (has $c (list "gateway" "order")) -}}
{{- $rules = append $rules (include "fastshop.np.externalRule" (dict "peers" $np.egress.jwks "port" (include "fastshop.np.urlPort" $v.jwt.jwksUrl)) | fromYaml) -}}
{{- end -}}
{{- toYaml $rules -}}
{{- end -}}

{{/* The ingress rules of a service: (dict "root" $ "component" c) -> YAML list. */}}
{{- define "fastshop.np.serviceIngress" -}}
{{- $root := .root -}}
{{- $np := $root.Values.networkPolicy -}}
{{- $c := .component -}}
{{- $test := include "fastshop.np.peer" (dict "root" $root "component" "test") | fromYaml -}}
{{- $rules := list -}}
{{- if eq $c "gateway" -}}
{{- $ports := list (dict "port" "http" "protocol" "TCP") -}}
{{- if $root.Values.gateway.tls.enabled }}{{- $ports = append $ports (dict "port" "https" "protocol" "TCP") -}}{{- end -}}
{{- $public := dict "ports" $ports -}}
{{- with $np.gatewayFrom }}{{- $_ := set $public "from" (append . $test) -}}{{- end -}}
{{- $rules = append $rules $public -}}
{{- /* `helm test`: the gateway's readiness, on the management port. */ -}}
{{- $rules = append $rules (dict "from" (list $test) "ports" (list (dict "port" "management" "protocol" "TCP"))) -}}
{{- else -}}
{{- $from := list -}}
{{- range (get (dict "catalog" (list "gateway" "order") "order" (list "gateway") "worker" (list)) $c) -}}
{{- $from = append $from (include "fastshop.np.peer" (dict "root" $root "component" .) | fromYaml) -}}
{{- end -}}
{{- with $from }}{{- $rules = append $rules (dict "from" . "ports" (list (dict "port" "http" "protocol" "TCP"))) -}}{{- end -}}
{{- end -}}
{{- $prometheus := dict "namespaceSelector" $np.metricsNamespaceSelector -}}
{{- with $np.metricsPodSelector }}{{- $_ := set $prometheus "podSelector" . -}}{{- end -}}
{{- $rules = append $rules (dict "from" (list $prometheus) "ports" (list (dict "port" "management" "protocol" "TCP"))) -}}
{{- toYaml $rules -}}
{{- end -}}
