package components

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// Access logs are JSON (cdk-nag Serverless APIGWStructuredLogging) and carry the integration's own
// status, latency and error, which is what tells a 504 from the backend apart from a 504 of the
// link or a security group (peers.md, "500/503/504 that are hard to diagnose").

// restAccessLogFields are the REST API access-log fields ($context variables of REST APIs).
var restAccessLogFields = map[string]string{
	"requestId":          "$context.requestId",
	"extendedRequestId":  "$context.extendedRequestId",
	"ip":                 "$context.identity.sourceIp",
	"vpceId":             "$context.identity.vpceId",
	"caller":             "$context.identity.caller",
	"user":               "$context.identity.user",
	"requestTime":        "$context.requestTime",
	"httpMethod":         "$context.httpMethod",
	"resourcePath":       "$context.resourcePath",
	"path":               "$context.path",
	"status":             "$context.status",
	"protocol":           "$context.protocol",
	"responseLength":     "$context.responseLength",
	"responseLatency":    "$context.responseLatency",
	"integrationStatus":  "$context.integration.status",
	"integrationLatency": "$context.integration.latency",
	"integrationError":   "$context.integration.error",
	"errorMessage":       "$context.error.message",
}

// httpAccessLogFields are the HTTP API access-log fields ($context variables of HTTP APIs).
var httpAccessLogFields = map[string]string{
	"requestId":               "$context.requestId",
	"ip":                      "$context.identity.sourceIp",
	"requestTime":             "$context.requestTime",
	"httpMethod":              "$context.httpMethod",
	"routeKey":                "$context.routeKey",
	"path":                    "$context.path",
	"status":                  "$context.status",
	"protocol":                "$context.protocol",
	"responseLength":          "$context.responseLength",
	"responseLatency":         "$context.responseLatency",
	"integrationStatus":       "$context.integrationStatus",
	"integrationLatency":      "$context.integrationLatency",
	"integrationErrorMessage": "$context.integrationErrorMessage",
	"errorMessage":            "$context.error.message",
	"authorizerError":         "$context.authorizer.error",
}

// accessLogFormat renders fields as one JSON object per request, keys sorted.
func accessLogFormat(fields map[string]string) string {
	out := "{"
	for i, k := range slices.Sorted(maps.Keys(fields)) {
		if i > 0 {
			out += ","
		}
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(fields[k])
		out += fmt.Sprintf("%s:%s", kb, vb)
	}
	return out + "}"
}

// RestAccessLogFormat is the access-log format of vpclink's REST API stages.
func RestAccessLogFormat() string { return accessLogFormat(restAccessLogFields) }

// HttpAccessLogFormat is the access-log format of vpclink's HTTP API stages.
func HttpAccessLogFormat() string { return accessLogFormat(httpAccessLogFields) }
