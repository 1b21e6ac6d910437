package components

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/vpclink/vpclink/openapi"
)

// RestValidatorName is the request validator every method of a vpclink REST API uses.
const RestValidatorName = "body-and-parameters"

// RestDocumentSpec is everything a REST API's OpenAPI document is made of, with every value
// resolved. The same spec renders the RestApi's body and, hashed, triggers its deployment.
type RestDocumentSpec struct {
	// Title and Description become the API's name and description on import.
	Title, Description string
	// EndpointType of the API; a PRIVATE document carries its VPC endpoints and policy.
	EndpointType RestEndpointType
	// VpcEndpointIds of a private API (x-amazon-apigateway-endpoint-configuration).
	VpcEndpointIds []string
	// Policy is the resource policy JSON ("" for none), with "execute-api:/*" resources.
	Policy string
	// Authorization of every method.
	Authorization Authorization
	// Routes, one per service; Port is the listener the route's uri names.
	Routes []RestRoute
	// Scheme (http or https) and Host of the integration URIs.
	Scheme, Host string
	// ConnectionId is the VPC link; IntegrationTarget the load balancer ARN with a V2 link, ""
	// with a V1 link.
	ConnectionId, IntegrationTarget string
	// TimeoutMs of every integration.
	TimeoutMs int
	// Streaming sets responseTransferMode STREAM on every integration (aws-facts R13).
	Streaming bool
	// ApiKeyRequired makes every method require an API key from the x-api-key header (usage
	// plans meter callers by it).
	ApiKeyRequired bool
	// DisableExecuteApiEndpoint turns the default execute-api endpoint off.
	DisableExecuteApiEndpoint bool
}

// RestOpenApi renders a REST API's OpenAPI 3.0 document: for each route ANY on the prefix and ANY
// on prefix/{proxy+}, each an http_proxy integration over the VPC link to
// scheme://host:port/prefix[/{proxy}]. The integration names the path itself, so the stage name
// never reaches the backend (unlike HTTP APIs, aws-facts A12); the greedy path is mapped with
// integration.request.path.proxy. Every method uses the one validator, which checks body and
// parameters (AwsSolutions-APIG2).
func RestOpenApi(s RestDocumentSpec) (string, error) {
	if s.ConnectionId == "" || s.Host == "" || len(s.Routes) == 0 {
		return "", fmt.Errorf("rest document: connection id, host and at least one route are required")
	}
	mode := openapi.Buffered
	if s.Streaming {
		mode = openapi.Stream
	}
	doc := &openapi.Document{
		OpenAPI: openapi.Version,
		Info:    openapi.Info{Title: s.Title, Description: s.Description, Version: "vpclink"},
		Paths:   map[string]openapi.PathItem{},
		RequestValidators: map[string]openapi.RequestValidator{
			RestValidatorName: {ValidateRequestBody: true, ValidateRequestParameters: true},
		},
		RequestValidator: RestValidatorName,
	}
	var security []map[string][]string
	var auth *openapi.Auth
	if s.Authorization == AuthIam {
		// SigV4 is how API Gateway exports AWS_IAM; x-amazon-apigateway-auth says the same
		// explicitly, so either reading of the document gives AWS_IAM.
		doc.Components = &openapi.Components{SecuritySchemes: map[string]openapi.SecurityScheme{
			openapi.SigV4Scheme: {Type: "apiKey", Name: "Authorization", In: "header", AuthType: "awsSigv4"},
		}}
		security = []map[string][]string{{openapi.SigV4Scheme: {}}}
		auth = &openapi.Auth{Type: "AWS_IAM"}
	}
	if s.ApiKeyRequired {
		// The key source and the methods agree: HEADER, and every method's one security
		// requirement names the api key scheme (with SigV4 in the same requirement, both apply).
		doc.ApiKeySource = "HEADER"
		if doc.Components == nil {
			doc.Components = &openapi.Components{SecuritySchemes: map[string]openapi.SecurityScheme{}}
		}
		doc.Components.SecuritySchemes[openapi.ApiKeyScheme] = openapi.SecurityScheme{Type: "apiKey", Name: openapi.ApiKeyHeader, In: "header"}
		if security == nil {
			security = []map[string][]string{{}}
		}
		security[0][openapi.ApiKeyScheme] = []string{}
	}
	if s.EndpointType == RestPrivate {
		ids := slices.Clone(s.VpcEndpointIds)
		slices.Sort(ids)
		doc.EndpointConfiguration = &openapi.EndpointConfiguration{VpcEndpointIds: ids}
	}
	if s.DisableExecuteApiEndpoint {
		if doc.EndpointConfiguration == nil {
			doc.EndpointConfiguration = &openapi.EndpointConfiguration{}
		}
		doc.EndpointConfiguration.DisableExecuteApiEndpoint = true
	}
	if s.Policy != "" {
		if !json.Valid([]byte(s.Policy)) {
			return "", fmt.Errorf("rest document: the resource policy is not JSON")
		}
		doc.Policy = json.RawMessage(s.Policy)
	}
	for _, r := range s.Routes {
		base := fmt.Sprintf("%s://%s:%d%s", s.Scheme, s.Host, r.Port, r.PathPrefix)
		integration := func(uri string, params map[string]string) *openapi.Integration {
			return &openapi.Integration{
				Type: "http_proxy", HttpMethod: "ANY", Uri: uri,
				ConnectionType: "VPC_LINK", ConnectionId: s.ConnectionId, IntegrationTarget: s.IntegrationTarget,
				RequestParameters: params, PassthroughBehavior: "when_no_match",
				TimeoutInMillis: s.TimeoutMs, ResponseTransferMode: mode,
			}
		}
		if _, dup := doc.Paths[r.PathPrefix]; dup {
			return "", fmt.Errorf("rest document: path prefix %s is used twice", r.PathPrefix)
		}
		doc.Paths[r.PathPrefix] = openapi.PathItem{openapi.AnyMethod: {
			Security: security, Auth: auth, Responses: map[string]any{},
			Integration: integration(base, nil),
		}}
		doc.Paths[r.PathPrefix+"/{proxy+}"] = openapi.PathItem{openapi.AnyMethod: {
			Parameters: []openapi.Parameter{{Name: "proxy", In: "path", Required: true, Schema: map[string]any{"type": "string"}}},
			Security:   security, Auth: auth, Responses: map[string]any{},
			Integration: integration(base+"/{proxy}", map[string]string{"integration.request.path.proxy": "method.request.path.proxy"}),
		}}
	}
	return doc.Render()
}

// RestDeploymentTrigger is the deployment trigger of a REST API: a SHA-256 of its document and of
// the resource policy attached beside it. It is a pure function of the configuration, never of
// time, so an unchanged stack never redeploys, and any change to a method, an integration or the
// policy makes a new deployment (aws-facts R1).
func RestDeploymentTrigger(body, policy string) string {
	sum := sha256.Sum256([]byte(body + "\x00" + policy))
	return hex.EncodeToString(sum[:])
}

// restPolicyBase is what PrivateApiPolicy is given inside the document: with "/*" appended it is
// "execute-api:/*", which the import expands to the API's own execute-api ARN.
const restPolicyBase = "execute-api:"

// restScheme is the scheme of the integration URIs: https makes API Gateway speak TLS to the
// listener and check its certificate against the URI's host (aws-facts A13, A14).
func restScheme(tls bool) string {
	if tls {
		return "https"
	}
	return "http"
}

// IsLoadBalancerArn reports whether arn names an ALB or NLB itself, not a listener: what a REST
// integration over a V2 link takes as integrationTarget (aws-facts R10).
func IsLoadBalancerArn(arn string) bool {
	return strings.Contains(arn, ":loadbalancer/app/") || strings.Contains(arn, ":loadbalancer/net/")
}
