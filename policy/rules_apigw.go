package policy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// REST API (V1) rules, plus the stage rules REST and HTTP APIs share.
var apigwRules = []Rule{
	{
		ID: "VPCL-APIGW-ACCESS-LOGS", Row: 1,
		Sources:  []string{"AwsSolutions-APIG1", "CKV_AWS_76", "APIGateway.9", "Serverless-APIGWStructuredLogging"},
		Title:    "REST and HTTP API stages write access logs: a destination and a JSON format",
		Severity: Mandatory, ResourceTypes: []string{tStage, tHttpStage},
		check: checkAccessLogs,
	},
	{
		ID: "VPCL-APIGW-EXECUTION-LOGS", Row: 2, Graph: true,
		Sources:  []string{"AwsSolutions-APIG6", "CKV2_AWS_4", "APIGateway.1"},
		Title:    "REST stages have */* method settings with logging level ERROR or INFO and metrics on",
		Severity: Mandatory, ResourceTypes: []string{tStage, tMethodSettings},
		check: checkExecutionLogs,
	},
	{
		ID: "VPCL-APIGW-REQUEST-VALIDATION", Row: 3, Mixed: true,
		Sources:  []string{"AwsSolutions-APIG2", "CKV2_AWS_53"},
		Title:    "REST methods (but CORS preflight OPTIONS), as resources or in the API's OpenAPI body, have a request validator, and validators check body and parameters",
		Severity: Mandatory, ResourceTypes: []string{tMethod, tRequestValidator, tRestApi},
		Note:  "advisory for greedy {proxy+} methods, whose backend sees the raw request",
		check: checkRequestValidation,
	},
	{
		ID: "VPCL-APIGW-API-KEY", Graph: true,
		Sources:  []string{"API Gateway api-gateway-api-usage-plans", "x-amazon-apigateway-api-key-source"},
		Title:    "REST APIs bound to a usage plan take API keys from the header and require one on every method",
		Severity: Mandatory, ResourceTypes: []string{tUsagePlan, tRestApi},
		check: checkApiKeys,
	},
	{
		ID: "VPCL-APIGW-AUTHORIZATION", Row: 4,
		Sources:  []string{"AwsSolutions-APIG4", "CKV_AWS_59", "APIGateway.8"},
		Title:    "REST methods (resources or OpenAPI body) and HTTP routes authorize callers (authorization is not NONE; CORS preflight OPTIONS exempt)",
		Severity: Advisory, ResourceTypes: []string{tMethod, tRoute, tRestApi},
		check: checkAuthorization,
	},
	{
		ID: "VPCL-APIGW-OPEN-POLICY", Row: 5, Graph: true,
		Sources:  []string{"CKV2_AWS_70"},
		Title:    "REST API resource policies of non-PRIVATE APIs do not Allow * to invoke without a Condition",
		Severity: Mandatory, ResourceTypes: []string{tRestApiPolicy, tRestApi},
		check: checkOpenPolicy,
	},
	{
		ID: "VPCL-APIGW-IAM-OPEN-POLICY", Graph: true,
		Sources:  []string{"aws-facts R11", "aws-facts R4"},
		Title:    "REST APIs whose methods use IAM authorization have no resource-policy Allow for Principal * (it would let every principal of the account call them without execute-api:Invoke)",
		Severity: Mandatory, ResourceTypes: []string{tRestApiPolicy, tRestApi, tMethod},
		check: checkIamOpenPolicy,
	},
	{
		ID: "VPCL-APIGW-WAF", Row: 6, Graph: true, devAdvisory: true,
		Sources:       []string{"AwsSolutions-APIG3", "CKV2_AWS_29", "APIGateway.4"},
		Title:         "REST stages of non-PRIVATE APIs have a WAFv2 web ACL associated",
		Severity:      Mandatory,
		EnvDependent:  "Mandatory in prod for regional REST stages (vpclink associates one by default there: waf.enabled), advisory in dev. HTTP API stages are not checked: they cannot take a web ACL (WAF protects REST API stages, not HTTP APIs); put CloudFront with a web ACL in front of them.",
		ResourceTypes: []string{tStage, tRestApi, tWafAssociation},
		check:         checkWaf,
	},
	{
		ID: "VPCL-APIGW-XRAY", Row: 7,
		Sources:  []string{"CKV_AWS_73", "APIGateway.3"},
		Title:    "REST stages have X-Ray tracing on",
		Severity: Advisory, ResourceTypes: []string{tStage},
		check: checkXray,
	},
	{
		ID: "VPCL-APIGW-CACHE-ENCRYPTION", Row: 8,
		Sources:  []string{"CKV_AWS_308", "APIGateway.5"},
		Title:    "REST method settings that turn caching on encrypt the cache",
		Severity: Mandatory, ResourceTypes: []string{tMethodSettings},
		check: checkCacheEncryption,
	},
	{
		ID: "VPCL-APIGW-THROTTLING", Row: 9, Graph: true,
		Sources:  []string{"Serverless-APIGWDefaultThrottling"},
		Title:    "REST stages (*/* method settings) and HTTP stages (default route settings) set burst and rate limits",
		Severity: Mandatory, ResourceTypes: []string{tStage, tMethodSettings, tHttpStage},
		check: checkThrottling,
	},
	{
		ID: "VPCL-APIGW-DATA-TRACE", Row: 10,
		Sources:  []string{"CKV_AWS_276"},
		Title:    "method and route settings do not turn on full request and response logging (dataTraceEnabled)",
		Severity: Mandatory, ResourceTypes: []string{tMethodSettings, tHttpStage},
		check: checkDataTrace,
	},
	{
		ID: "VPCL-APIGW-REDEPLOY", Row: 34, Graph: true,
		Sources:  []string{"aws-facts R1", "aws-facts R3", "aws-facts R9"},
		Title:    "REST deployments have triggers and depend on every method and integration of their API and on its resource policy; an OpenAPI body is imported with putRestApiMode overwrite",
		Severity: Mandatory, ResourceTypes: []string{tDeployment, tMethod, tIntegration, tRestApiPolicy, tRestApi},
		check: checkRedeploy,
	},
	{
		ID: "VPCL-APIGW-PRIVATE-POLICY", Graph: true,
		Sources:  []string{"aws-facts R3", "aws-facts R4"},
		Title:    "PRIVATE REST APIs have a resource policy (at most 8192 characters) that denies requests not from their VPC endpoint (aws:SourceVpce or aws:SourceVpc)",
		Severity: Mandatory, ResourceTypes: []string{tRestApi, tRestApiPolicy},
		check: checkPrivatePolicy,
	},
	{
		ID:       "VPCL-APIGW-INTEGRATION-TIMEOUT",
		Sources:  []string{"aws-facts A1", "aws-facts A2", "aws-facts R13"},
		Title:    "integration timeouts are 50 to 29000 ms (REST; 900000 when the integration streams) or 50 to 30000 ms (HTTP)",
		Severity: Mandatory, ResourceTypes: []string{tIntegration, tHttpIntegration, tRestApi},
		check: checkIntegrationTimeout,
	},
	{
		ID: "VPCL-REST-LINK-TARGET", Graph: true,
		Sources:  []string{"aws-facts A5"},
		Title:    "REST (V1) VPC links target a Network Load Balancer that has a listener the link depends on",
		Severity: Mandatory, ResourceTypes: append([]string{tRestLink}, append(lbTypes, listenerTypes...)...),
		check: checkRestLinkTarget,
	},
	{
		ID: "VPCL-REST-V2-TARGET", Graph: true,
		Sources:  []string{"aws-facts R10", "aws-facts A5"},
		Title:    "REST integrations in an OpenAPI body name the load balancer (not a listener) as integrationTarget when their link is a V2 link, and none when it is a V1 link",
		Severity: Mandatory, ResourceTypes: []string{tRestApi, tRestLink, tHttpLink},
		check: checkRestV2Target,
	},
	{
		ID:       "VPCL-REST-V1-LEGACY",
		Sources:  []string{"aws-facts R12"},
		Title:    "REST APIs reach their load balancer over the V2 link, not a V1 link (legacy)",
		Severity: Advisory, ResourceTypes: []string{tRestLink},
		check: checkRestV1Legacy,
	},
}

func checkAccessLogs(c *checker) {
	for _, s := range c.ofType(tStage, tHttpStage) {
		settings := get(s.Inputs, "accessLogSettings")
		if opaque(settings) || s.Inputs == nil {
			continue
		}
		dest, format := get(settings, "destinationArn"), get(settings, "format")
		switch {
		case blank(dest) || blank(format):
			c.fail(s, "stage %s writes no access logs: accessLogSettings needs both destinationArn and format", s.Name)
		case !opaque(format) && !jsonLogFormat(format):
			c.fail(s, "the access-log format of stage %s is not JSON; structured logs carry the integration's status and error, which tell a backend 504 from a link or security-group one", s.Name)
		}
	}
}

var contextVariable = regexp.MustCompile(`\$context\.[A-Za-z0-9_.]+`)

// jsonLogFormat reports whether an access-log format renders a JSON object. $context variables may
// stand unquoted for numbers, so each is replaced by a number before parsing.
func jsonLogFormat(v any) bool {
	s, ok := str(v)
	if !ok {
		return false
	}
	var m map[string]any
	return parseJSON(contextVariable.ReplaceAllString(s, "0"), &m)
}

// starSettings returns the */* method settings of a REST stage: same API, same stage.
func (g *graph) starSettings(s *Resource) []*Resource {
	var out []*Resource
	for _, m := range g.ofType(tMethodSettings) {
		if p, ok := str(get(m.Inputs, "methodPath")); ok && p != "*/*" {
			continue
		}
		if !g.sameRef(m, "restApi", s, "restApi", tRestApi) {
			continue
		}
		ms, mok := str(m.Inputs["stageName"])
		ss, sok := str(s.Inputs["stageName"])
		if (mok && sok && ms == ss) || slices.Contains(m.PropertyDependencies["stageName"], s.URN) {
			out = append(out, m)
		}
	}
	return out
}

func checkExecutionLogs(c *checker) {
	for _, s := range c.ofType(tStage) {
		ms := c.starSettings(s)
		if len(ms) == 0 {
			c.fail(s, "REST stage %s has no */* method settings: execution logging and metrics are off (set loggingLevel ERROR or INFO and metricsEnabled; needs the account's CloudWatch role, aws-facts R7)", s.Name)
			continue
		}
		for _, m := range ms {
			level := get(m.Inputs, "settings", "loggingLevel")
			if l := upper(level); !opaque(level) && l != "ERROR" && l != "INFO" {
				c.fail(m, "method settings %s log at level %q; execution logging needs ERROR or INFO", m.Name, l)
			}
			if metrics := get(m.Inputs, "settings", "metricsEnabled"); !opaque(metrics) && metrics != true {
				c.fail(m, "method settings %s leave CloudWatch metrics off (metricsEnabled)", m.Name)
			}
		}
	}
}

func checkRequestValidation(c *checker) {
	for _, m := range c.ofType(tMethod) {
		if m.Inputs == nil || opaque(m.Inputs["httpMethod"]) || upper(m.Inputs["httpMethod"]) == "OPTIONS" {
			continue
		}
		v := m.Inputs["requestValidatorId"]
		if !blank(v) {
			continue
		}
		if _, greedy := asMap(m.Inputs["requestParameters"])["method.request.path.proxy"]; greedy {
			c.advise(m, "a greedy {proxy+} method passes the raw request to a backend that validates it", "method %s has no request validator", m.Name)
			continue
		}
		c.fail(m, "method %s has no request validator (requestValidatorId): malformed requests reach the backend", m.Name)
	}
	for _, v := range c.ofType(tRequestValidator) {
		for _, k := range []string{"validateRequestBody", "validateRequestParameters"} {
			if x := get(v.Inputs, k); !opaque(x) && x != true && v.Inputs != nil {
				c.fail(v, "request validator %s does not set %s", v.Name, k)
			}
		}
	}
	for _, b := range c.restBodies() {
		for _, m := range b.methods {
			switch {
			case m.HttpMethod == "OPTIONS":
			case m.ValidatorName == "" && m.Greedy():
				c.advise(b.api, "a greedy {proxy+} method passes the raw request to a backend that validates it", "%s has no request validator", b.where(m))
			case m.ValidatorName == "":
				c.fail(b.api, "%s has no request validator (x-amazon-apigateway-request-validator): malformed requests reach the backend", b.where(m))
			case m.Validator == nil:
				c.fail(b.api, "%s names request validator %q, which x-amazon-apigateway-request-validators does not define", b.where(m), m.ValidatorName)
			case !m.Validator.ValidateRequestBody || !m.Validator.ValidateRequestParameters:
				c.fail(b.api, "%s uses request validator %q, which does not check both body and parameters", b.where(m), m.ValidatorName)
			}
		}
	}
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func checkAuthorization(c *checker) {
	const why = "the stack opted out of authorization (authorization: none), so anyone who can reach the API may call it; set iam or jwt to require callers to sign in"
	for _, m := range c.ofType(tMethod) {
		a := get(m.Inputs, "authorization")
		if m.Inputs == nil || opaque(a) || opaque(m.Inputs["httpMethod"]) || upper(m.Inputs["httpMethod"]) == "OPTIONS" {
			continue
		}
		if u := upper(a); u == "" || u == "NONE" {
			c.advise(m, why, "method %s has authorization NONE", m.Name)
		}
	}
	for _, r := range c.ofType(tRoute) {
		a := get(r.Inputs, "authorizationType")
		key, _ := str(get(r.Inputs, "routeKey"))
		if r.Inputs == nil || opaque(a) || opaque(get(r.Inputs, "routeKey")) || strings.HasPrefix(strings.ToUpper(key), "OPTIONS ") {
			continue
		}
		if u := upper(a); u == "" || u == "NONE" {
			c.advise(r, why, "route %s (%s) has authorization NONE", r.Name, key)
		}
	}
	for _, b := range c.restBodies() {
		for _, m := range b.methods {
			if m.HttpMethod != "OPTIONS" && m.Authorization == "NONE" {
				c.advise(b.api, why, "%s has authorization NONE", b.where(m))
			}
		}
	}
}

// endpointTypes returns a REST API's endpoint types (pulumi-aws v6 holds one string; older
// versions a list).
func endpointTypes(api *Resource) []string {
	var out []string
	for _, t := range strs(get(api.Inputs, "endpointConfiguration", "types")) {
		out = append(out, strings.ToUpper(t))
	}
	return out
}

func isPrivateAPI(api *Resource) bool { return slices.Contains(endpointTypes(api), "PRIVATE") }

// apiPolicies returns the resource policies that apply to a REST API: its inline policy input,
// then every RestApiPolicy of it, with the resource that carries each.
func (g *graph) apiPolicies(api *Resource) (docs []any, carriers []*Resource) {
	if p := get(api.Inputs, "policy"); !blank(p) {
		docs, carriers = append(docs, p), append(carriers, api)
	}
	for _, b := range g.restBodies() {
		if b.api == api && b.policy() != "" {
			docs, carriers = append(docs, b.policy()), append(carriers, api)
		}
	}
	for _, p := range g.referrers(api, "restApiId", tRestApiPolicy) {
		docs, carriers = append(docs, get(p.Inputs, "policy")), append(carriers, p)
	}
	return docs, carriers
}

func checkOpenPolicy(c *checker) {
	report := func(carrier *Resource, doc any) {
		for _, st := range statements(doc) {
			if !strings.EqualFold(fmt.Sprint(st["Effect"]), "Allow") || st["Condition"] != nil || !anyPrincipal(st["Principal"]) {
				continue
			}
			for _, a := range strs(st["Action"]) {
				if a = strings.ToLower(a); a == "*" || a == "execute-api:*" || a == "execute-api:invoke" {
					c.fail(carrier, "the resource policy of %s allows anyone to invoke the API without a Condition; restrict it by source VPC, endpoint, IP or account, or make the API PRIVATE", carrier.Name)
					return
				}
			}
		}
	}
	for _, api := range c.ofType(tRestApi) {
		if isPrivateAPI(api) { // reachable only through the VPC endpoints its policy names
			continue
		}
		docs, carriers := c.apiPolicies(api)
		for i, d := range docs {
			report(carriers[i], d)
		}
	}
	// A policy whose API is not in the stack cannot be judged by endpoint type: judge it alone.
	for _, p := range c.ofType(tRestApiPolicy) {
		if len(c.refs(p, "restApiId", tRestApi)) == 0 {
			report(p, get(p.Inputs, "policy"))
		}
	}
}

// identityConditionKeys scope an Allow to named identities, which keeps IAM authorization meaningful
// even under Principal *. Network keys (aws:SourceVpce, aws:SourceIp) and aws:PrincipalAccount do not:
// every principal of the account inside that network still gets in.
var identityConditionKeys = []string{"aws:principalarn", "aws:userid", "aws:username"}

// checkIamOpenPolicy: in the API's own account, an Allow in the resource policy grants access even
// when the caller's identity policy says nothing (API Gateway authorization flow, tables A and B), so
// `Allow *` on an AWS_IAM API turns IAM authorization off for every principal of the account, and
// for other accounts leaves only their own policies in the way (aws-facts R11).
func checkIamOpenPolicy(c *checker) {
	for _, api := range c.ofType(tRestApi) {
		iam := false
		for _, m := range c.referrers(api, "restApi", tMethod) {
			iam = iam || upper(get(m.Inputs, "authorization")) == "AWS_IAM"
		}
		if !iam {
			continue
		}
		docs, carriers := c.apiPolicies(api)
		for i, d := range docs {
			for _, st := range statements(d) {
				if !strings.EqualFold(fmt.Sprint(st["Effect"]), "Allow") || !anyPrincipal(st["Principal"]) || !invokes(st["Action"]) ||
					conditionOn(st["Condition"], identityConditionKeys...) {
					continue
				}
				c.fail(carriers[i], "the resource policy of %s allows Principal * to invoke an API whose methods use IAM authorization: in the API's own account that Allow admits every principal without any execute-api:Invoke permission (aws-facts R11); drop the Allow (the account's IAM policies then decide) or name the principals", carriers[i].Name)
				break
			}
		}
	}
}

// invokes reports whether a policy Action covers execute-api:Invoke.
func invokes(actions any) bool {
	for _, a := range strs(actions) {
		if a = strings.ToLower(a); a == "*" || a == "execute-api:*" || a == "execute-api:invoke" {
			return true
		}
	}
	return false
}

// statements returns the statements of a JSON policy document held in a string.
func statements(doc any) []map[string]any {
	var d map[string]any
	if !parseJSON(doc, &d) {
		return nil
	}
	var out []map[string]any
	for _, s := range list(d["Statement"]) {
		if m, ok := s.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// anyPrincipal reports whether a policy principal is everyone: "*" or {"AWS": "*"}.
func anyPrincipal(p any) bool {
	if s, ok := p.(string); ok {
		return s == "*"
	}
	return slices.Contains(strs(asMap(p)["AWS"]), "*")
}

func checkWaf(c *checker) {
	for _, s := range c.ofType(tStage) {
		apis := c.refs(s, "restApi", tRestApi)
		if len(apis) > 0 && (isPrivateAPI(apis[0]) || opaque(get(apis[0].Inputs, "endpointConfiguration", "types"))) {
			continue
		}
		if len(c.referrers(s, "resourceArn", tWafAssociation)) > 0 {
			continue
		}
		c.fail(s, "REST stage %s has no WAFv2 web ACL (set waf.enabled on the frontend: a REGIONAL web ACL with AWS managed rule groups and a per-IP rate rule; HTTP API stages are not checked because they cannot take a web ACL)", s.Name)
	}
}

// checkApiKeys: a usage plan meters and throttles callers by their API key, which API Gateway reads
// only on methods that require one (apiKeyRequired) and from the source the API names (HEADER:
// x-api-key). A plan on an API whose methods require none meters nothing and lets every caller in
// without a key.
func checkApiKeys(c *checker) {
	bound := map[string]bool{}
	for _, p := range c.ofType(tUsagePlan) {
		for _, st := range list(get(p.Inputs, "apiStages")) {
			if id, ok := str(get(st, "apiId")); ok {
				bound[id] = true
			}
		}
	}
	for _, b := range c.restBodies() {
		id, _ := str(get(b.api.Outputs, "id"))
		if !bound[id] {
			continue
		}
		if src, ok := str(get(b.api.Inputs, "apiKeySource")); (ok && src != "HEADER") || (b.doc.ApiKeySource != "" && b.doc.ApiKeySource != "HEADER") {
			c.fail(b.api, "REST API %s is bound to a usage plan but its API key source is not HEADER (document %q, resource %q)", b.api.Name, b.doc.ApiKeySource, src)
		}
		for _, m := range b.methods {
			if m.HttpMethod != "OPTIONS" && !m.ApiKeyRequired {
				c.fail(b.api, "%s does not require an API key, but the API is bound to a usage plan: its callers are neither metered nor throttled by the plan", b.where(m))
			}
		}
	}
}

func checkXray(c *checker) {
	for _, s := range c.ofType(tStage) {
		if x := get(s.Inputs, "xrayTracingEnabled"); s.Inputs != nil && !opaque(x) && x != true {
			c.advise(s, "tracing is opt-in per frontend (xrayTracing) and costs per trace", "REST stage %s has X-Ray tracing off", s.Name)
		}
	}
}

func checkCacheEncryption(c *checker) {
	for _, m := range c.ofType(tMethodSettings) {
		if get(m.Inputs, "settings", "cachingEnabled") == true {
			if enc := get(m.Inputs, "settings", "cacheDataEncrypted"); !opaque(enc) && enc != true {
				c.fail(m, "method settings %s cache responses unencrypted (cacheDataEncrypted)", m.Name)
			}
		}
	}
}

// positiveOrOpaque reports whether v is a known number above zero, or cannot be judged.
func positiveOrOpaque(v any) bool {
	if opaque(v) {
		return true
	}
	n, ok := num(v)
	return ok && n > 0
}

func checkThrottling(c *checker) {
	for _, s := range c.ofType(tStage) {
		ms := c.starSettings(s)
		if len(ms) == 0 {
			c.fail(s, "REST stage %s has no */* method settings, so no default throttling", s.Name)
		}
		for _, m := range ms {
			if !positiveOrOpaque(get(m.Inputs, "settings", "throttlingBurstLimit")) || !positiveOrOpaque(get(m.Inputs, "settings", "throttlingRateLimit")) {
				c.fail(m, "method settings %s do not set both throttlingBurstLimit and throttlingRateLimit above 0", m.Name)
			}
		}
	}
	for _, s := range c.ofType(tHttpStage) {
		if s.Inputs == nil {
			continue
		}
		d := get(s.Inputs, "defaultRouteSettings")
		if !positiveOrOpaque(get(d, "throttlingBurstLimit")) || !positiveOrOpaque(get(d, "throttlingRateLimit")) {
			c.fail(s, "HTTP stage %s does not set defaultRouteSettings throttlingBurstLimit and throttlingRateLimit above 0", s.Name)
		}
	}
}

func checkDataTrace(c *checker) {
	for _, m := range c.ofType(tMethodSettings) {
		if get(m.Inputs, "settings", "dataTraceEnabled") == true {
			c.fail(m, "method settings %s log full requests and responses (dataTraceEnabled), headers and bodies included", m.Name)
		}
	}
	for _, s := range c.ofType(tHttpStage) {
		settings := append([]any{get(s.Inputs, "defaultRouteSettings")}, list(get(s.Inputs, "routeSettings"))...)
		for _, rs := range settings {
			if get(rs, "dataTraceEnabled") == true {
				c.fail(s, "stage %s logs full requests and responses (dataTraceEnabled), headers and bodies included", s.Name)
				break
			}
		}
	}
}

func checkRedeploy(c *checker) {
	for _, d := range c.ofType(tDeployment) {
		if d.Inputs == nil {
			continue
		}
		if t := get(d.Inputs, "triggers"); blank(t) {
			c.fail(d, "deployment %s has no triggers: a change to a method, integration or policy would never be deployed (aws-facts R1)", d.Name)
		}
		apis := c.refs(d, "restApi", tRestApi)
		if len(apis) == 0 {
			continue
		}
		var missing []string
		for _, r := range c.referrers(apis[0], "restApi", tMethod, tIntegration) {
			if !dependsOn(d, r) {
				missing = append(missing, r.Name)
			}
		}
		for _, p := range c.referrers(apis[0], "restApiId", tRestApiPolicy) {
			if !dependsOn(d, p) {
				missing = append(missing, p.Name+" (resource policy: a private API cannot be deployed before it has one, aws-facts R3)")
			}
		}
		if len(missing) > 0 {
			c.fail(d, "deployment %s does not depend on %s, so it can be created before them and deploy an incomplete API", d.Name, strings.Join(missing, ", "))
		}
	}
	for _, b := range c.restBodies() {
		// Merge keeps the methods a new document no longer has: the next deployment snapshots
		// them and the stage goes on serving routes whose backends are gone (aws-facts R9).
		if mode := get(b.api.Inputs, "putRestApiMode"); !opaque(mode) && !strings.EqualFold(fmt.Sprint(mode), "overwrite") {
			c.fail(b.api, "REST API %s imports its OpenAPI body with putRestApiMode %v; use overwrite, or removed methods stay in the API and in every later deployment (aws-facts R9)", b.api.Name, orUnset(mode))
		}
	}
}

func orUnset(v any) any {
	if v == nil {
		return "unset (the provider's default may be merge)"
	}
	return v
}

// maxResourcePolicyChars is the largest resource policy API Gateway accepts (aws-facts R4).
const maxResourcePolicyChars = 8192

func checkPrivatePolicy(c *checker) {
	for _, api := range c.ofType(tRestApi) {
		if !isPrivateAPI(api) {
			continue
		}
		docs, carriers := c.apiPolicies(api)
		if len(docs) == 0 {
			c.fail(api, "PRIVATE REST API %s has no resource policy: CreateDeployment fails until it has one (aws-facts R3)", api.Name)
			continue
		}
		judged, scoped := false, false
		for i, d := range docs {
			if s, ok := str(d); ok && len(s) > maxResourcePolicyChars {
				c.fail(carriers[i], "the resource policy of %s is %d characters; API Gateway accepts at most %d (aws-facts R4)", carriers[i].Name, len(s), maxResourcePolicyChars)
			}
			sts := statements(d)
			judged = judged || sts != nil || !opaque(d)
			for _, st := range sts {
				if strings.EqualFold(fmt.Sprint(st["Effect"]), "Deny") && conditionOn(st["Condition"], "aws:sourcevpce", "aws:sourcevpc") {
					scoped = true
				}
			}
		}
		if judged && !scoped {
			c.fail(carriers[0], "the resource policy of PRIVATE REST API %s does not deny requests that do not come through its VPC endpoint (a Deny with aws:SourceVpce or aws:SourceVpc, aws-facts R4)", api.Name)
		}
	}
}

// conditionOn reports whether a policy Condition block tests one of keys (lower-case), under any
// operator.
func conditionOn(cond any, keys ...string) bool {
	for _, block := range asMap(cond) {
		for k := range asMap(block) {
			if slices.Contains(keys, strings.ToLower(k)) {
				return true
			}
		}
	}
	return false
}

// Integration timeout limits (aws-facts A1, A2).
const (
	minTimeoutMs           = 50
	maxRestTimeoutMs       = 29000
	maxRestStreamTimeoutMs = 900000
	maxHttpTimeoutMs       = 30000
)

func checkIntegrationTimeout(c *checker) {
	for _, b := range c.restBodies() {
		for _, m := range b.methods {
			i := m.Integration
			if i == nil || i.TimeoutInMillis == 0 {
				continue // unset: the default is 29000
			}
			limit, fact := maxRestTimeoutMs, "A1: REST APIs allow 50 to 29000 ms without a quota increase, 900000 when streaming (R13)"
			if i.Streams() {
				limit, fact = maxRestStreamTimeoutMs, "R13: streaming REST integrations allow 50 to 900000 ms"
			}
			if i.TimeoutInMillis < minTimeoutMs || i.TimeoutInMillis > limit {
				c.fail(b.api, "the integration of %s has timeoutInMillis %d (aws-facts %s)", b.where(m), i.TimeoutInMillis, fact)
			}
		}
	}
	for _, i := range c.ofType(tIntegration, tHttpIntegration) {
		t, ok := num(get(i.Inputs, "timeoutMilliseconds"))
		if !ok {
			continue // unset: the default is the maximum
		}
		limit, fact := float64(maxRestTimeoutMs), "A1: REST APIs allow 50 to 29000 ms without a quota increase"
		if i.Type == tHttpIntegration {
			limit, fact = maxHttpTimeoutMs, "A2: HTTP APIs allow 50 to 30000 ms, never raised"
		}
		if t < minTimeoutMs || t > limit {
			c.fail(i, "integration %s has timeoutMilliseconds %v (aws-facts %s)", i.Name, t, fact)
		}
	}
}

func checkRestLinkTarget(c *checker) {
	for _, l := range c.ofType(tRestLink) {
		if l.Inputs == nil {
			continue
		}
		key := "targetArn"
		if _, ok := l.Inputs[key]; !ok {
			key = "targetArns" // the Terraform spelling, in case a program sets it
		}
		for _, arn := range strs(l.Inputs[key]) {
			if !strings.Contains(arn, ":loadbalancer/net/") {
				c.fail(l, "REST VPC link %s targets %s, which is not a Network Load Balancer; V1 links take exactly one NLB (aws-facts A5)", l.Name, arn)
			}
		}
		for _, lb := range c.refs(l, key, lbTypes...) {
			if t := get(lb.Inputs, "loadBalancerType"); !opaque(t) && lb.Inputs != nil && upper(t) != "NETWORK" {
				c.fail(l, "REST VPC link %s targets load balancer %s, which is not a Network Load Balancer (aws-facts A5)", l.Name, lb.Name)
				continue
			}
			listeners := c.referrers(lb, "loadBalancerArn", listenerTypes...)
			if len(listeners) == 0 {
				c.fail(l, "REST VPC link %s targets NLB %s, which has no listener; the link fails to become available (aws-facts A5)", l.Name, lb.Name)
				continue
			}
			if !slices.ContainsFunc(listeners, func(x *Resource) bool { return dependsOn(l, x) }) {
				c.fail(l, "REST VPC link %s does not depend on any listener of NLB %s, so it can be created before the NLB has one (aws-facts A5)", l.Name, lb.Name)
			}
		}
	}
}

func checkRestV2Target(c *checker) {
	for _, b := range c.restBodies() {
		for _, m := range b.methods {
			i := m.Integration
			if i == nil || !strings.EqualFold(i.ConnectionType, "VPC_LINK") {
				continue
			}
			v2 := slices.ContainsFunc(c.byValue[i.ConnectionId], func(r *Resource) bool { return r.Type == tHttpLink })
			v1 := slices.ContainsFunc(c.byValue[i.ConnectionId], func(r *Resource) bool { return r.Type == tRestLink })
			switch {
			case i.IntegrationTarget != "" && !strings.Contains(i.IntegrationTarget, ":loadbalancer/app/") && !strings.Contains(i.IntegrationTarget, ":loadbalancer/net/"):
				c.fail(b.api, "the integration of %s names integrationTarget %s, which is not an ALB or NLB ARN; over a V2 link REST integrations take the load balancer, not a listener, and the uri picks the listener (aws-facts R10)", b.where(m), i.IntegrationTarget)
			case v2 && i.IntegrationTarget == "":
				c.fail(b.api, "the integration of %s goes over V2 link %s but names no integrationTarget; API Gateway cannot tell which load balancer to reach (aws-facts R10)", b.where(m), i.ConnectionId)
			case v1 && i.IntegrationTarget != "":
				c.fail(b.api, "the integration of %s goes over V1 link %s but names integrationTarget %s; a V1 link's NLB is fixed on the link (aws-facts A5)", b.where(m), i.ConnectionId, i.IntegrationTarget)
			}
		}
	}
}

func checkRestV1Legacy(c *checker) {
	for _, l := range c.ofType(tRestLink) {
		c.advise(l, "kept for stacks that already run on it (vpcLink: v1); a V2 link provisions in a minute or two and needs no PrivateLink enforcement setting",
			"REST VPC link %s is a V1 link, which AWS calls legacy and recommends against creating (aws-facts R12); use the stack's V2 link (vpcLink: v2, the default)", l.Name)
	}
}
