{{/* Pod security context of the in-cluster backing services (the official images' uid 999). */}}
{{- define "fastshop.backingPodSecurityContext" -}}
runAsNonRoot: true
runAsUser: 999
runAsGroup: 999
fsGroup: 999
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* A generated-secret manifest kept on uninstall, so a reinstall finds the password the data volume was made with. */}}
{{- define "fastshop.secretMeta" -}}
metadata:
  name: {{ .name }}
  labels:
    {{- include "fastshop.labels" (dict "root" .root "component" .component) | nindent 4 }}
  annotations:
    helm.sh/resource-policy: keep
type: Opaque
{{- end -}}

{{/* ClusterIP Service plus the headless Service a StatefulSet needs: (dict "root" $ "component" c "port" p). */}}
{{- define "fastshop.backingServices" -}}
{{- $ctx := dict "root" .root "component" .component -}}
{{- $name := include "fastshop.componentName" $ctx -}}
{{- range $suffix := list "" "-headless" }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}{{ $suffix }}
  labels:
    {{- include "fastshop.labels" $ctx | nindent 4 }}
spec:
  {{- if $suffix }}
  clusterIP: None
  publishNotReadyAddresses: true
  {{- end }}
  selector:
    {{- include "fastshop.selectorLabels" $ctx | nindent 4 }}
  ports:
    - name: {{ $.portName }}
      port: {{ $.port }}
      targetPort: {{ $.portName }}
      protocol: TCP
{{- end }}
{{- end -}}

{{/*
Policy of a backing service: ingress only from the listed Fastshop services (+ extra peers) on its port; no egress
at all (PostgreSQL, Redis and RabbitMQ call no one; RabbitMQ's epmd is on loopback, which policies do not filter).
*/}}
{{- define "fastshop.backingNetworkPolicy" -}}
{{- $ctx := dict "root" .root "component" .component -}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "fastshop.componentName" $ctx }}
  labels:
    {{- include "fastshop.labels" $ctx | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "fastshop.selectorLabels" $ctx | nindent 6 }}
  policyTypes: [Ingress, Egress]
  egress: []
  ingress:
    - from:
        {{- range .from }}
        - podSelector:
            matchLabels:
              {{- include "fastshop.selectorLabels" (dict "root" $.root "component" .) | nindent 14 }}
        {{- end }}
        {{- with .extraFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        - port: {{ .portName }}
          protocol: TCP
{{- end -}}

{{/*
An in-cluster Redis (redis.yaml: the cache; state-redis.yaml: the state): its generated Secret (keys "password" and
"url"), Services, NetworkPolicy and StatefulSet. (dict "root" $ "component" c "values" v "from" callers "args" list)
with v.storage set: a PersistentVolumeClaim per pod; unset: an emptyDir.
*/}}
{{- define "fastshop.redisServer" -}}
{{- $root := .root -}}
{{- $v := .values -}}
{{- $ctx := dict "root" $root "component" .component -}}
{{- $name := include "fastshop.componentName" $ctx -}}
{{- $secret := default $name $v.existingSecret -}}
{{- if not $v.existingSecret }}
{{- $password := include "fastshop.generatedSecretValue" (dict "root" $root "name" $name "key" "password") }}
---
apiVersion: v1
kind: Secret
{{ include "fastshop.secretMeta" (dict "root" $root "component" .component "name" $name) }}
data:
  password: {{ $password }}
  url: {{ printf "redis://:%s@%s:6379" (b64dec $password) $name | b64enc }}
{{- end }}
{{- include "fastshop.backingServices" (dict "root" $root "component" .component "port" 6379 "portName" "redis") }}
{{- if $root.Values.networkPolicy.enabled }}
{{ include "fastshop.backingNetworkPolicy" (dict "root" $root "component" .component "from" .from "portName" "redis") }}
{{- end }}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $name }}
  labels:
    {{- include "fastshop.labels" $ctx | nindent 4 }}
spec:
  serviceName: {{ $name }}-headless
  replicas: 1
  selector:
    matchLabels:
      {{- include "fastshop.selectorLabels" $ctx | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "fastshop.labels" $ctx | nindent 8 }}
    spec:
      automountServiceAccountToken: false
      securityContext:
        {{- include "fastshop.backingPodSecurityContext" $root | nindent 8 }}
      containers:
        - name: redis
          image: {{ $v.image }}
          imagePullPolicy: IfNotPresent
          args:
            - --requirepass
            - $(REDISCLI_AUTH)
            {{- range .args }}
            - {{ . | quote }}
            {{- end }}
          env:
            - name: REDISCLI_AUTH
              valueFrom:
                secretKeyRef:
                  name: {{ $secret }}
                  key: password
          ports:
            - name: redis
              containerPort: 6379
              protocol: TCP
          readinessProbe:
            exec:
              command: [redis-cli, ping]
            periodSeconds: 5
            timeoutSeconds: 3
          livenessProbe:
            exec:
              command: [redis-cli, ping]
            initialDelaySeconds: 15
            periodSeconds: 15
            timeoutSeconds: 5
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.containerSecurityContext | nindent 12 }}
          volumeMounts:
            - name: data
              mountPath: /data
  {{- if $v.storage }}
  volumeClaimTemplates:
    - metadata:
        name: data
        labels:
          {{- include "fastshop.selectorLabels" $ctx | nindent 10 }}
      spec:
        accessModes: [ReadWriteOnce]
        {{- with $v.storage.storageClassName }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ $v.storage.size }}
  {{- else }}
      volumes:
        - name: data
          emptyDir: {}
  {{- end }}
{{- end -}}
