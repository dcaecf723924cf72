{{/* The labels every object carries, and the subset that selects the service's pods. */}}
{{- define "casework.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: service
{{- end }}

{{- define "casework.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{- define "casework.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* Both the service and the migration job run as the image's non-root user, with nothing writable but /tmp. */}}
{{- define "casework.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1654
runAsGroup: 1654
fsGroup: 1654
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "casework.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end }}

{{/* The key provider is an authority (discovery and JWKS), a mounted JWKS, or both: never neither. */}}
{{- define "casework.checkAuthentication" -}}
{{- if and (not .Values.authentication.authority) (not .Values.authentication.jwksSecretName) -}}
{{- fail "authentication.authority or authentication.jwksSecretName must be set: the service needs a key provider to validate tokens" -}}
{{- end -}}
{{- if and (not .Values.authentication.authority) (not .Values.authentication.issuer) -}}
{{- fail "authentication.issuer is required without authentication.authority" -}}
{{- end -}}
{{- end }}

{{/*
The plain settings, as environment variables: the ConfigMap's data for the service, and the migration job's env
(a hook runs before the ConfigMap exists). The job needs them too: the host that runs `migrate` checks the
authentication settings as it is built, as the service does at start-up.
*/}}
{{- define "casework.settings" -}}
ASPNETCORE_ENVIRONMENT: {{ .Values.environment | quote }}
Casework__Schema: {{ .Values.schema | quote }}
Authentication__Audience: {{ required "authentication.audience is required" .Values.authentication.audience | quote }}
Authentication__ClockSkewSeconds: {{ .Values.authentication.clockSkewSeconds | quote }}
{{- with .Values.authentication.authority }}
Authentication__Authority: {{ . | quote }}
{{- end }}
{{- with .Values.authentication.issuer }}
Authentication__Issuer: {{ . | quote }}
{{- end }}
{{- if .Values.authentication.jwksSecretName }}
Authentication__JwksFile: /etc/casework/jwks/jwks.json
{{- end }}
Authentication__SignIn__IdleMinutes: {{ .Values.authentication.signIn.idleMinutes | quote }}
Authentication__SignIn__AbsoluteHours: {{ .Values.authentication.signIn.absoluteHours | quote }}
{{- with .Values.authentication.people.personClaim }}
Authentication__People__PersonClaim: {{ . | quote }}
{{- end }}
Authentication__People__GroupsClaim: {{ .Values.authentication.people.groupsClaim | quote }}
{{- with .Values.authentication.console.clientId }}
Console__SchoolSignIn__ClientId: {{ . | quote }}
{{- end }}
{{- with .Values.authentication.console.authority }}
Console__SchoolSignIn__Authority: {{ . | quote }}
{{- end }}
{{- range $i, $scope := .Values.authentication.console.scopes }}
Console__SchoolSignIn__Scopes__{{ $i }}: {{ $scope | quote }}
{{- end }}
{{- range $i, $school := .Values.authentication.schools }}
Authentication__Schools__{{ $i }}__Tenant: {{ required "authentication.schools[].tenant is required" $school.tenant | quote }}
{{- with $school.personClaim }}
Authentication__Schools__{{ $i }}__PersonClaim: {{ . | quote }}
{{- end }}
{{- range $claim, $value := $school.require }}
Authentication__Schools__{{ $i }}__Require__{{ $claim }}: {{ $value | quote }}
{{- end }}
{{- range $j, $group := $school.groups }}
Authentication__Schools__{{ $i }}__Groups__{{ $j }}__Group: {{ $group.group | quote }}
{{- range $k, $role := $group.roles }}
Authentication__Schools__{{ $i }}__Groups__{{ $j }}__Roles__{{ $k }}: {{ $role | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- range $i, $role := .Values.authentication.multiFactor.roles }}
Authentication__MultiFactor__Roles__{{ $i }}: {{ $role | quote }}
{{- end }}
{{- range $i, $acr := .Values.authentication.multiFactor.acr }}
Authentication__MultiFactor__Acr__{{ $i }}: {{ $acr | quote }}
{{- end }}
{{- range $i, $amr := .Values.authentication.multiFactor.amr }}
Authentication__MultiFactor__Amr__{{ $i }}: {{ $amr | quote }}
{{- end }}
{{- with .Values.alerts.consoleUrl }}
Casework__Alerts__ConsoleUrl: {{ . | quote }}
{{- end }}
{{- with .Values.telemetry.otlpEndpoint }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ . | quote }}
OTEL_EXPORTER_OTLP_PROTOCOL: {{ $.Values.telemetry.otlpProtocol | quote }}
OTEL_SERVICE_NAME: "casework"
{{- end }}
{{- range $key, $value := .Values.extraConfig }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end }}
