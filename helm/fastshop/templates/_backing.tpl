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

{{/* Ingress policy of a backing service: only from the listed Fastshop services (+ extra peers). */}}
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
  policyTypes: [Ingress]
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
