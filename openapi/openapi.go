// Package openapi is the OpenAPI 3.0 document of a REST API with API Gateway's extensions: the
// shape vpclink imports as RestApi.body, and the reader that `vpclink plan`, the diagram, the cost
// and the policy rules use to see the methods the document defines. It is pure: no Pulumi, no
// AWS calls, so the policy pack can read a body without the provider SDK.
//
// Sources: API Gateway developer guide, "Working with API Gateway extensions to OpenAPI"
// (x-amazon-apigateway-integration, -any-method, -auth, -request-validators, -request-validator,
// -endpoint-configuration, -policy), and the AWS SDK for Go v2 apigateway types (Integration:
// IntegrationTarget, ResponseTransferMode BUFFERED | STREAM, TimeoutInMillis).
package openapi

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Version is the OpenAPI version of the documents vpclink writes.
const Version = "3.0.1"

// AnyMethod is the path-item key API Gateway reads as the catch-all ANY method.
const AnyMethod = "x-amazon-apigateway-any-method"

// SigV4Scheme is the name of the security scheme that means AWS_IAM authorization.
const SigV4Scheme = "sigv4"

// ApiKeyScheme is the name of the security scheme that makes a method require an API key: an
// apiKey scheme named x-api-key in the header, which the import reads as apiKeyRequired true
// (API Gateway developer guide, api-key-source and the x-amazon-apigateway-api-key-source
// extension).
const ApiKeyScheme = "api_key"

// ApiKeyHeader is the header API keys come in with api key source HEADER.
const ApiKeyHeader = "x-api-key"

// Response transfer modes of an integration (apigateway types.ResponseTransferMode; aws-facts R13).
const (
	Buffered = "BUFFERED"
	Stream   = "STREAM"
)

// Document is an OpenAPI 3.0 document with the API Gateway extensions vpclink uses. Paths is a
// map, and encoding/json writes map keys sorted, so the same document always renders to the same
// bytes: its hash is the deployment trigger.
type Document struct {
	OpenAPI    string              `json:"openapi"`
	Info       Info                `json:"info"`
	Paths      map[string]PathItem `json:"paths"`
	Components *Components         `json:"components,omitempty"`
	// RequestValidators are the named validators; RequestValidator is the default one for every
	// method that does not name its own.
	RequestValidators     map[string]RequestValidator `json:"x-amazon-apigateway-request-validators,omitempty"`
	RequestValidator      string                      `json:"x-amazon-apigateway-request-validator,omitempty"`
	EndpointConfiguration *EndpointConfiguration      `json:"x-amazon-apigateway-endpoint-configuration,omitempty"`
	// Policy is the resource policy. "execute-api:/*" in a Resource is expanded on import to the
	// API's own execute-api ARN (x-amazon-apigateway-policy).
	Policy json.RawMessage `json:"x-amazon-apigateway-policy,omitempty"`
	// ApiKeySource is HEADER (callers send x-api-key) or AUTHORIZER; "" leaves the import's
	// default, HEADER (x-amazon-apigateway-api-key-source).
	ApiKeySource string `json:"x-amazon-apigateway-api-key-source,omitempty"`
}

// Info is the document's info object. On an overwrite import the title becomes the API's name
// and the description its description, unless the RestApi's own arguments override them.
type Info struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	Version     string `json:"version"`
}

// PathItem maps a lower-case HTTP method, or AnyMethod, to its operation.
type PathItem map[string]*Operation

// Operation is one method of a path.
type Operation struct {
	Parameters []Parameter `json:"parameters,omitempty"`
	// Security names the schemes a caller must satisfy; [{"sigv4": []}] is AWS_IAM.
	Security []map[string][]string `json:"security,omitempty"`
	// Auth is x-amazon-apigateway-auth: {"type": "AWS_IAM"} or {"type": "NONE"}.
	Auth             *Auth          `json:"x-amazon-apigateway-auth,omitempty"`
	RequestValidator string         `json:"x-amazon-apigateway-request-validator,omitempty"`
	Responses        map[string]any `json:"responses"`
	Integration      *Integration   `json:"x-amazon-apigateway-integration,omitempty"`
}

// Parameter is a method request parameter.
type Parameter struct {
	Name     string         `json:"name"`
	In       string         `json:"in"`
	Required bool           `json:"required"`
	Schema   map[string]any `json:"schema,omitempty"`
}

// Auth is x-amazon-apigateway-auth.
type Auth struct {
	Type string `json:"type"`
}

// Integration is x-amazon-apigateway-integration.
type Integration struct {
	// Type is http_proxy for a private proxy integration (case-insensitive on import).
	Type       string `json:"type"`
	HttpMethod string `json:"httpMethod"`
	// Uri's scheme, host and port select the load balancer's listener, set the Host header and
	// the name TLS is checked against; the path is what the backend sees (aws-facts A14, R10).
	Uri            string `json:"uri"`
	ConnectionType string `json:"connectionType,omitempty"`
	// ConnectionId is the VPC link: a V1 (apigateway) link or a V2 (apigatewayv2) one.
	ConnectionId string `json:"connectionId,omitempty"`
	// IntegrationTarget is the ALB or NLB ARN (the load balancer, not a listener) when the link
	// is a V2 link (aws-facts R10); empty with a V1 link, whose target is fixed on the link.
	IntegrationTarget   string            `json:"integrationTarget,omitempty"`
	RequestParameters   map[string]string `json:"requestParameters,omitempty"`
	PassthroughBehavior string            `json:"passthroughBehavior,omitempty"`
	// TimeoutInMillis is 50 to 29000 (aws-facts A1), up to 900000 when streaming (R13).
	TimeoutInMillis int `json:"timeoutInMillis,omitempty"`
	// ResponseTransferMode is BUFFERED or STREAM (aws-facts R13).
	ResponseTransferMode string `json:"responseTransferMode,omitempty"`
}

// RequestValidator is one of x-amazon-apigateway-request-validators.
type RequestValidator struct {
	ValidateRequestBody       bool `json:"validateRequestBody"`
	ValidateRequestParameters bool `json:"validateRequestParameters"`
}

// EndpointConfiguration is x-amazon-apigateway-endpoint-configuration. An overwrite import
// resets the API's endpoint configuration to what the document says, so a private API's VPC
// endpoints must be in it.
type EndpointConfiguration struct {
	VpcEndpointIds []string `json:"vpcEndpointIds,omitempty"`
	// DisableExecuteApiEndpoint turns the default execute-api endpoint off, once a custom domain
	// serves the API.
	DisableExecuteApiEndpoint bool `json:"disableExecuteApiEndpoint,omitempty"`
}

// Components holds the security schemes.
type Components struct {
	SecuritySchemes map[string]SecurityScheme `json:"securitySchemes,omitempty"`
}

// SecurityScheme is an OpenAPI security scheme; AuthType awsSigv4 makes it IAM authorization.
type SecurityScheme struct {
	Type     string `json:"type"`
	Name     string `json:"name"`
	In       string `json:"in"`
	AuthType string `json:"x-amazon-apigateway-authtype,omitempty"`
}

// Render returns the document as compact JSON.
func (d *Document) Render() (string, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("openapi: rendering the document: %w", err)
	}
	return string(b), nil
}

// Parse reads a document from JSON.
func Parse(body string) (*Document, error) {
	var d Document
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		return nil, fmt.Errorf("openapi: the body is not an OpenAPI JSON document: %w", err)
	}
	if !strings.HasPrefix(d.OpenAPI, "3.") {
		return nil, fmt.Errorf("openapi: version %q is not OpenAPI 3", d.OpenAPI)
	}
	return &d, nil
}

// Method is one method of a document as API Gateway creates it on import: its path and HTTP
// method, how callers are authorized, which validator checks it, and where it is integrated.
type Method struct {
	// Path like /api or /api/{proxy+}.
	Path string
	// HttpMethod is ANY, GET, ...
	HttpMethod string
	// Authorization is NONE or AWS_IAM.
	Authorization string
	// ValidatorName is the request validator that applies ("" for none); Validator is it, nil
	// when the name is not among the document's validators.
	ValidatorName string
	Validator     *RequestValidator
	// Integration is nil when the method has none (the import fails on such a method).
	Integration *Integration
	// ApiKeyRequired is true when the method's security names the api key scheme.
	ApiKeyRequired bool
}

// Key is "ANY /api", how findings and the plan name a method.
func (m Method) Key() string { return m.HttpMethod + " " + m.Path }

// Greedy reports whether the method's path ends with a {name+} segment: the backend sees the raw
// request below the prefix.
func (m Method) Greedy() bool { return strings.HasSuffix(m.Path, "+}") }

// Methods lists the document's methods sorted by path, then HTTP method.
func (d *Document) Methods() []Method {
	var out []Method
	for path, item := range d.Paths {
		for key, op := range item {
			if op == nil {
				continue
			}
			m := Method{Path: path, HttpMethod: strings.ToUpper(key), Integration: op.Integration}
			if key == AnyMethod {
				m.HttpMethod = "ANY"
			}
			m.Authorization = d.authorization(op)
			m.ApiKeyRequired = d.apiKeyRequired(op)
			m.ValidatorName = op.RequestValidator
			if m.ValidatorName == "" {
				m.ValidatorName = d.RequestValidator
			}
			if v, ok := d.RequestValidators[m.ValidatorName]; ok {
				m.Validator = &v
			}
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b Method) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.HttpMethod, b.HttpMethod)
	})
	return out
}

// authorization is AWS_IAM when the operation says so through x-amazon-apigateway-auth or a
// security requirement on a SigV4 scheme, NONE otherwise.
func (d *Document) authorization(op *Operation) string {
	if op.Auth != nil && op.Auth.Type != "" {
		return strings.ToUpper(op.Auth.Type)
	}
	for _, req := range op.Security {
		for name := range req {
			if d.Components != nil && strings.EqualFold(d.Components.SecuritySchemes[name].AuthType, "awsSigv4") {
				return "AWS_IAM"
			}
		}
	}
	return "NONE"
}

// apiKeyRequired reports whether a security requirement of the operation names an apiKey scheme
// in the header other than SigV4.
func (d *Document) apiKeyRequired(op *Operation) bool {
	for _, req := range op.Security {
		for name := range req {
			if d.Components == nil {
				continue
			}
			s, ok := d.Components.SecuritySchemes[name]
			if ok && s.Type == "apiKey" && s.AuthType == "" && strings.EqualFold(s.Name, ApiKeyHeader) {
				return true
			}
		}
	}
	return false
}

// Streams reports whether the integration streams its response (aws-facts R13).
func (i *Integration) Streams() bool {
	return i != nil && strings.EqualFold(i.ResponseTransferMode, Stream)
}
