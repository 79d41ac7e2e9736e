{{/* The release's full name, at most 63 characters. */}}
{{- define "ecs-mi-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "ecs-mi-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "ecs-mi-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Labels that select the operator's pods. */}}
{{- define "ecs-mi-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "ecs-mi-operator.serviceAccountName" -}}
{{- default (include "ecs-mi-operator.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "ecs-mi-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The rules on CapacityProviders and Events: exactly the verbs the operator uses. */}}
{{- define "ecs-mi-operator.rules" -}}
- apiGroups: ["ecsmi.io"]
  resources: ["capacityproviders"]
  # watch them; patch adds and removes the ecsmi.io/cleanup finalizer
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["ecsmi.io"]
  resources: ["capacityproviders/status"]
  verbs: ["patch"]
- apiGroups: ["ecsmi.io"]
  resources: ["capacityproviders/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["get", "create", "patch"]
{{- end -}}

{{/* Whole seconds of a duration like 30s, 2m or 1h (for terminationGracePeriodSeconds). */}}
{{- define "ecs-mi-operator.seconds" -}}
{{- $d := . | toString -}}
{{- if hasSuffix "ms" $d -}}1
{{- else if hasSuffix "s" $d -}}{{ trimSuffix "s" $d | int }}
{{- else if hasSuffix "m" $d -}}{{ mul (trimSuffix "m" $d | int) 60 }}
{{- else if hasSuffix "h" $d -}}{{ mul (trimSuffix "h" $d | int) 3600 }}
{{- else -}}{{ fail (printf "shutdownTimeout %q must be a duration like 30s, 2m or 1h" $d) }}
{{- end -}}
{{- end -}}
