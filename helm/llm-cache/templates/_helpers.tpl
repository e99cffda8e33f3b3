{{/*
The chart name, overridable with nameOverride. Kubernetes names are at most 63 characters.
*/}}
{{- define "llm-cache.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name of the release's objects. A release whose name already contains the chart
name is not repeated ("llm-cache", not "llm-cache-llm-cache").
*/}}
{{- define "llm-cache.fullname" -}}
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

{{/*
Chart name and version for the helm.sh/chart label.
*/}}
{{- define "llm-cache.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels of every object: the selector labels plus version, chart and manager.
*/}}
{{- define "llm-cache.labels" -}}
helm.sh/chart: {{ include "llm-cache.chart" . }}
{{ include "llm-cache.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: llm-cache
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector labels: stable for the life of a release (a Deployment's selector is immutable).
*/}}
{{- define "llm-cache.selectorLabels" -}}
app.kubernetes.io/name: {{ include "llm-cache.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The ServiceAccount the pods run as.
*/}}
{{- define "llm-cache.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "llm-cache.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image reference: registry/repository, then @digest or :tag (appVersion by default).
*/}}
{{- define "llm-cache.image" -}}
{{- $repository := .Values.image.repository }}
{{- if .Values.image.registry }}
{{- $repository = printf "%s/%s" .Values.image.registry .Values.image.repository }}
{{- end }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default .Chart.AppVersion .Values.image.tag | toString) }}
{{- end }}
{{- end }}

{{/*
The Secret with the API key properties, and the key in it; empty when there are no keys.
*/}}
{{- define "llm-cache.apiKeysSecretName" -}}
{{- if .Values.apiKeysSecret.existingSecret }}
{{- .Values.apiKeysSecret.existingSecret }}
{{- else if .Values.apiKeys }}
{{- printf "%s-api-keys" (include "llm-cache.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "llm-cache.apiKeysSecretKey" -}}
{{- if .Values.apiKeysSecret.existingSecret }}
{{- .Values.apiKeysSecret.existingSecretKey }}
{{- else }}
{{- print "api-keys.properties" }}
{{- end }}
{{- end }}

{{/*
The Secret with the Redis password, and the key in it; empty when Redis has no password.
*/}}
{{- define "llm-cache.redisSecretName" -}}
{{- if .Values.redis.existingSecret }}
{{- .Values.redis.existingSecret }}
{{- else if .Values.redis.password }}
{{- printf "%s-redis" (include "llm-cache.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "llm-cache.redisSecretKey" -}}
{{- if .Values.redis.existingSecret }}
{{- .Values.redis.existingSecretPasswordKey }}
{{- else }}
{{- print "redis-password" }}
{{- end }}
{{- end }}

{{/*
One namespace policy (or the defaults) as Spring properties under llmcache.policy.*, in
kebab case. Only the fields that are set are rendered: the rest take the built-in defaults.
*/}}
{{- define "llm-cache.policySettings" -}}
{{- $settings := dict }}
{{- with .defaultTtl }}{{ $_ := set $settings "default-ttl" . }}{{ end }}
{{- with .maxTtl }}{{ $_ := set $settings "max-ttl" . }}{{ end }}
{{- with .matchTypes }}{{ $_ := set $settings "match-types" . }}{{ end }}
{{- with .ignoredParams }}{{ $_ := set $settings "ignored-params" . }}{{ end }}
{{- with .keyParams }}{{ $_ := set $settings "key-params" . }}{{ end }}
{{- with .normalization }}
{{- $normalization := dict }}
{{- with .unicode }}{{ $_ := set $normalization "unicode" . }}{{ end }}
{{- if hasKey . "collapseWhitespace" }}{{ $_ := set $normalization "collapse-whitespace" .collapseWhitespace }}{{ end }}
{{- if hasKey . "caseFold" }}{{ $_ := set $normalization "case-fold" .caseFold }}{{ end }}
{{- with .builtinMasks }}{{ $_ := set $normalization "builtin-masks" . }}{{ end }}
{{- with .masks }}{{ $_ := set $normalization "masks" . }}{{ end }}
{{- if $normalization }}{{ $_ := set $settings "normalization" $normalization }}{{ end }}
{{- end }}
{{- toYaml $settings }}
{{- end }}

{{/*
The non-secret service configuration as a Spring application.yaml. YAML rather than
.properties so that toYaml quotes RE2 patterns and non-ASCII placeholders correctly.
*/}}
{{- define "llm-cache.applicationConfig" -}}
{{- $redis := dict "timeout" .Values.redis.timeout "connect-timeout" .Values.redis.connectTimeout }}
{{- if eq .Values.redis.mode "standalone" }}
{{- $_ := set $redis "host" .Values.redis.host }}
{{- $_ := set $redis "port" .Values.redis.port }}
{{- $_ := set $redis "database" .Values.redis.database }}
{{- else if eq .Values.redis.mode "sentinel" }}
{{- $_ := set $redis "database" .Values.redis.database }}
{{- $_ := set $redis "sentinel" (dict "master" .Values.redis.sentinel.master "nodes" (join "," .Values.redis.sentinel.nodes)) }}
{{- else if eq .Values.redis.mode "cluster" }}
{{- $cluster := dict "nodes" (join "," .Values.redis.cluster.nodes) }}
{{- if .Values.redis.cluster.maxRedirects }}
{{- $_ := set $cluster "max-redirects" .Values.redis.cluster.maxRedirects }}
{{- end }}
{{- $_ := set $redis "cluster" $cluster }}
{{- end }}
{{- with .Values.redis.username }}
{{- $_ := set $redis "username" . }}
{{- end }}
{{- if .Values.redis.tls.enabled }}
{{- $ssl := dict "enabled" true }}
{{- if .Values.redis.tls.existingCaSecret }}
{{- $_ := set $ssl "bundle" "redis" }}
{{- end }}
{{- $_ := set $redis "ssl" $ssl }}
{{- end }}
{{- $spring := dict "data" (dict "redis" $redis) }}
{{- if and .Values.redis.tls.enabled .Values.redis.tls.existingCaSecret }}
{{- $_ := set $spring "ssl" (dict "bundle" (dict "pem" (dict "redis" (dict "truststore" (dict "certificate" (printf "file:/config/redis-ca/%s" .Values.redis.tls.caKey)))))) }}
{{- end }}
{{- $policy := dict "defaults" (include "llm-cache.policySettings" .Values.policy.defaults | fromYaml) }}
{{- if .Values.policy.namespaces }}
{{- $namespaces := dict }}
{{- range $name, $settings := .Values.policy.namespaces }}
{{- /* Brackets keep a namespace name with dots one map key */}}
{{- $_ := set $namespaces (printf "[%s]" $name) (include "llm-cache.policySettings" $settings | fromYaml) }}
{{- end }}
{{- $_ := set $policy "namespaces" $namespaces }}
{{- end }}
{{- $limits := dict "max-body-size" .Values.limits.maxBodySize "max-prompt-size" .Values.limits.maxPromptSize "max-nesting-depth" .Values.limits.maxNestingDepth "max-number-length" .Values.limits.maxNumberLength }}
{{- $llmcache := dict "policy" $policy "limits" $limits }}
{{- $upstream := dict "connect-timeout" .Values.proxy.upstream.connectTimeout "read-timeout" .Values.proxy.upstream.readTimeout "max-connections" .Values.proxy.upstream.maxConnections "max-queued" .Values.proxy.upstream.maxQueued }}
{{- with .Values.proxy.upstream.baseUrl }}
{{- $_ := set $upstream "base-url" . }}
{{- end }}
{{- $_ := set $llmcache "proxy" (dict "upstream" $upstream) }}
{{- $config := dict "spring" $spring "llmcache" $llmcache }}
{{- with .Values.logLevel }}
{{- $_ := set $config "logging" (dict "level" (dict "io.llmcache" .)) }}
{{- end }}
{{- toYaml $config }}
{{- with .Values.extraProperties }}
{{- /* Flat, dotted property names: Spring reads "a.b.c: v" as a.b.c */}}
{{- range $name, $value := . }}
{{ $name | quote }}: {{ $value | toJson }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The timings of a probe (everything but "enabled").
*/}}
{{- define "llm-cache.probeTimings" -}}
initialDelaySeconds: {{ .initialDelaySeconds }}
periodSeconds: {{ .periodSeconds }}
timeoutSeconds: {{ .timeoutSeconds }}
failureThreshold: {{ .failureThreshold }}
successThreshold: {{ .successThreshold }}
{{- end }}

{{/*
The label key that lets a pod through the NetworkPolicy: <fullname>-client (at most 63
characters).
*/}}
{{- define "llm-cache.clientLabel" -}}
{{- printf "%s-client" (include "llm-cache.fullname" . | trunc 56 | trimSuffix "-") }}
{{- end }}
