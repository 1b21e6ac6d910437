package components

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/awsspec"
)

// RestApiType is the Pulumi type token of RestApi.
const RestApiType = "vpclink:components:RestApi"

// MaxRestTimeoutMs is the longest a REST API waits for an integration without a quota increase
// (aws-facts A1).
const MaxRestTimeoutMs = awsspec.MaxRestTimeoutMs

// RestEndpointType is where a REST API is reachable from.
type RestEndpointType string

// REST endpoint types: Regional is public in its Region; Private only through execute-api VPC
// endpoints.
const (
	RestRegional RestEndpointType = "REGIONAL"
	RestPrivate  RestEndpointType = "PRIVATE"
)

// RestApiArgs configures a RestApi.
type RestApiArgs struct {
	// EndpointType of the API. Defaults to RestRegional.
	EndpointType RestEndpointType `pulumi:"endpointType,optional"`
	// VpcEndpointId of the execute-api endpoint a private API is reached through; it goes in the
	// API's vpcEndpointIds and its resource policy. Required with RestPrivate, refused otherwise.
	VpcEndpointId pulumi.StringInput `pulumi:"vpcEndpointId,optional"`
	// VpcLinkId of the stack's RestLink. Required.
	VpcLinkId pulumi.StringInput `pulumi:"vpcLinkId"`
	// BackendHost is the host of the integration URIs: the NLB's DNS name, or with TLS the name
	// on the listener certificate. It sets the Host header and is what the certificate is checked
	// against; the traffic itself goes through the link (aws-facts A14). Required.
	BackendHost pulumi.StringInput `pulumi:"backendHost"`
	// BackendTls makes the integration URIs https (the NLB listeners are TLS). Defaults to false.
	BackendTls bool `pulumi:"backendTls,optional"`
	// Routes, one per backend service. At least one is required.
	Routes []RestRoute `pulumi:"routes"`
	// StageName of the stage. Defaults to "v1".
	StageName string `pulumi:"stageName,optional"`
	// Authorization of every method: AuthNone or AuthIam. Defaults to AuthNone. It also shapes a
	// private API's resource policy: only AuthNone gets an Allow for every caller inside the
	// endpoint (aws-facts R4, R11; see PrivateApiPolicy).
	Authorization Authorization `pulumi:"authorization,optional"`
	// AllowedPrincipals of a private API with AuthIam: AWS account ids or IAM principal ARNs given
	// an explicit Allow in the resource policy, which callers from other accounts need besides
	// their own IAM permission (aws-facts R11). Refused otherwise. Defaults to none (only
	// principals of the API's account whose IAM policies allow execute-api:Invoke).
	AllowedPrincipals []string `pulumi:"allowedPrincipals,optional"`
	// Throttling of every method. Defaults to 100 rps, burst 200.
	Throttling *Throttling `pulumi:"throttling,optional"`
	// TimeoutMs of every integration, 50 to 29000 (aws-facts A1). Defaults to 29000.
	TimeoutMs int `pulumi:"timeoutMs,optional"`
	// AccessLogRetentionDays of the access-log group. Defaults to 30.
	AccessLogRetentionDays int `pulumi:"accessLogRetentionDays,optional"`
	// XrayTracing turns on X-Ray for the stage. Defaults to false.
	XrayTracing bool `pulumi:"xrayTracing,optional"`
	// CloudWatchRoleArn of the Region's API Gateway account settings. When set, stage logging
	// waits until the setting exists (aws-facts R7). Defaults to nil (assumed already set).
	CloudWatchRoleArn pulumi.StringInput `pulumi:"cloudWatchRoleArn,optional"`
	// Protect marks the API protected: its id is in every client's URL. Defaults to false.
	Protect bool `pulumi:"protect,optional"`
	// Tags added to every resource. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// RestRoute sends a path prefix to one service's NLB listener.
type RestRoute struct {
	// Name of the service, used in output keys. Required.
	Name string `pulumi:"name"`
	// PathPrefix the service owns, like /api. Required.
	PathPrefix string `pulumi:"pathPrefix"`
	// Port of the service's NLB listener. Required.
	Port int `pulumi:"port"`
}

// RestApi is a regional or private REST API whose methods reach the NLB through a V1 VPC link.
type RestApi struct {
	pulumi.ResourceState

	// ApiId of the API.
	ApiId pulumi.StringOutput `pulumi:"apiId"`
	// StageName of the stage.
	StageName pulumi.StringOutput `pulumi:"stageName"`
	// InvokeUrl of the stage: https://{api-id}.execute-api.{region}.amazonaws.com/{stage}. For a
	// private API it resolves only inside a VPC whose endpoint has private DNS on.
	InvokeUrl pulumi.StringOutput `pulumi:"invokeUrl"`
	// InvokeUrls by service name.
	InvokeUrls pulumi.StringMapOutput `pulumi:"invokeUrls"`
	// VpceInvokeUrl of a private API,
	// https://{api-id}-{vpce-id}.execute-api.{region}.{partition's DNS suffix}/{stage}, which works
	// without private DNS (aws-facts R5); nil for a regional API.
	VpceInvokeUrl pulumi.StringPtrOutput `pulumi:"vpceInvokeUrl"`
	// Policy is the API's resource policy JSON; nil for a regional API.
	Policy pulumi.StringPtrOutput `pulumi:"policy"`
	// DeploymentTrigger is the hash that makes a new deployment whenever a method, integration
	// or the policy changes (aws-facts R1).
	DeploymentTrigger pulumi.StringOutput `pulumi:"deploymentTrigger"`
	// LogGroupName of the access logs.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
}

var restStagePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

func (a *RestApiArgs) withDefaults() RestApiArgs {
	out := *a
	out.EndpointType = orDefault(out.EndpointType, RestRegional)
	out.StageName = orDefault(out.StageName, "v1")
	out.Authorization = orDefault(out.Authorization, AuthNone)
	t := a.Throttling.withDefaults()
	out.Throttling = &t
	out.TimeoutMs = orDefault(out.TimeoutMs, MaxRestTimeoutMs)
	out.AccessLogRetentionDays = orDefault(out.AccessLogRetentionDays, 30)
	return out
}

func (a *RestApiArgs) validate() error {
	var errs []string
	if a.VpcLinkId == nil || a.BackendHost == nil {
		errs = append(errs, "vpcLinkId and backendHost are required")
	}
	switch a.EndpointType {
	case RestRegional:
		if a.VpcEndpointId != nil {
			errs = append(errs, "vpcEndpointId is only for PRIVATE APIs")
		}
	case RestPrivate:
		if a.VpcEndpointId == nil {
			errs = append(errs, "a PRIVATE API needs vpcEndpointId")
		}
	default:
		errs = append(errs, fmt.Sprintf("endpointType %q is not one of REGIONAL, PRIVATE", a.EndpointType))
	}
	if len(a.Routes) == 0 {
		errs = append(errs, "at least one route is required")
	}
	var prefixes []string
	for _, r := range a.Routes {
		prefixes = append(prefixes, r.PathPrefix)
		if r.Port < 1 || r.Port > 65535 {
			errs = append(errs, fmt.Sprintf("route %s: port %d is out of range", r.Name, r.Port))
		}
	}
	if _, err := RestResources(prefixes); err != nil {
		errs = append(errs, err.Error())
	}
	if !restStagePattern.MatchString(a.StageName) {
		errs = append(errs, fmt.Sprintf("stageName %q must be 1 to 128 letters, digits, - or _", a.StageName))
	}
	switch a.Authorization {
	case AuthNone, AuthIam:
	case AuthJwt:
		errs = append(errs, "jwt authorization is not available on REST APIs (it needs a Lambda authorizer); use iam, or an HTTP API frontend")
	default:
		errs = append(errs, fmt.Sprintf("authorization %q is not one of none, iam", a.Authorization))
	}
	if len(a.AllowedPrincipals) > 0 && (a.EndpointType != RestPrivate || a.Authorization != AuthIam) {
		errs = append(errs, fmt.Sprintf("allowedPrincipals are only for PRIVATE APIs with authorization iam, not %s with %s", a.EndpointType, a.Authorization))
	}
	for _, p := range a.AllowedPrincipals {
		if err := ValidatePrincipal(p); err != nil {
			errs = append(errs, "allowedPrincipals: "+err.Error())
		}
	}
	if a.TimeoutMs < 50 || a.TimeoutMs > MaxRestTimeoutMs {
		errs = append(errs, fmt.Sprintf("timeoutMs %d is out of range; REST APIs allow 50 to %d (aws-facts A1)", a.TimeoutMs, MaxRestTimeoutMs))
	}
	if err := ValidateLogRetention(a.AccessLogRetentionDays); err != nil {
		errs = append(errs, "accessLogRetentionDays: "+err.Error())
	}
	if len(errs) > 0 {
		return fmt.Errorf("rest api: %s", strings.Join(errs, "; "))
	}
	return nil
}

// RestMethodSpec is everything that defines one method and its integration. The same values create
// the resources and feed the deployment trigger, so nothing can change without a redeploy.
type RestMethodSpec struct {
	Path              string            `json:"path"`
	HttpMethod        string            `json:"httpMethod"`
	Authorization     string            `json:"authorization"`
	RequestParameters map[string]bool   `json:"requestParameters,omitempty"`
	IntegrationType   string            `json:"integrationType"`
	IntegrationMethod string            `json:"integrationMethod"`
	Uri               string            `json:"uri"`
	ConnectionType    string            `json:"connectionType"`
	ConnectionId      string            `json:"connectionId"`
	TimeoutMs         int               `json:"timeoutMs"`
	IntegrationParams map[string]string `json:"integrationRequestParameters,omitempty"`
}

// RestDeploymentSpec is the deployed shape of a REST API.
type RestDeploymentSpec struct {
	EndpointType string           `json:"endpointType"`
	Resources    []string         `json:"resources"`
	Methods      []RestMethodSpec `json:"methods"`
	Policy       string           `json:"policy,omitempty"`
}

// Hash is the deployment trigger: a SHA-256 of the spec's JSON. It is a pure function of the
// configuration, never of time, so an unchanged stack never redeploys.
func (s RestDeploymentSpec) Hash() string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(fmt.Sprintf("deployment spec cannot fail to marshal: %v", err))
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// restMethods returns the two methods of every route: ANY on the prefix and ANY on prefix/{proxy+},
// proxying to http(s)://host:port/prefix[/{proxy}].
func restMethods(a RestApiArgs, host, linkID string) []RestMethodSpec {
	scheme := "http"
	if a.BackendTls {
		scheme = "https"
	}
	auth := "NONE"
	if a.Authorization == AuthIam {
		auth = "AWS_IAM"
	}
	var out []RestMethodSpec
	for _, r := range a.Routes {
		base := RestMethodSpec{
			HttpMethod: "ANY", Authorization: auth,
			IntegrationType: "HTTP_PROXY", IntegrationMethod: "ANY",
			ConnectionType: "VPC_LINK", ConnectionId: linkID, TimeoutMs: a.TimeoutMs,
		}
		prefix := base
		prefix.Path = r.PathPrefix
		prefix.Uri = fmt.Sprintf("%s://%s:%d%s", scheme, host, r.Port, r.PathPrefix)
		proxy := base
		proxy.Path = r.PathPrefix + "/{proxy+}"
		proxy.Uri = fmt.Sprintf("%s://%s:%d%s/{proxy}", scheme, host, r.Port, r.PathPrefix)
		proxy.RequestParameters = map[string]bool{"method.request.path.proxy": true}
		proxy.IntegrationParams = map[string]string{"integration.request.path.proxy": "method.request.path.proxy"}
		out = append(out, prefix, proxy)
	}
	return out
}

// NewRestApi creates the API, its resource tree, methods and private integrations, the resource
// policy of a private API, a deployment that follows every change, and a logged, throttled stage.
func NewRestApi(ctx *pulumi.Context, name string, args *RestApiArgs, opts ...pulumi.ResourceOption) (*RestApi, error) {
	if args == nil {
		args = &RestApiArgs{}
	}
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, err
	}
	var prefixes []string
	for _, r := range a.Routes {
		prefixes = append(prefixes, r.PathPrefix)
	}
	tree, _ := RestResources(prefixes) // validated above
	var env awsEnv
	if a.EndpointType == RestPrivate {
		// The {api-id}-{vpce-id} host is in the partition's domain: amazonaws.com, or
		// amazonaws.com.cn in China.
		var err error
		if env, err = lookupAwsEnv(ctx, ""); err != nil {
			return nil, err
		}
	}

	r := &RestApi{}
	if err := ctx.RegisterComponentResource(RestApiType, name, r, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(r)

	endpoint := apigateway.RestApiEndpointConfigurationArgs{Types: pulumi.String(string(a.EndpointType))}
	if a.EndpointType == RestPrivate {
		endpoint.VpcEndpointIds = pulumi.StringArray{a.VpcEndpointId}
	}
	api, err := apigateway.NewRestApi(ctx, name, &apigateway.RestApiArgs{
		Description:           pulumi.String(fmt.Sprintf("vpclink %s REST API %s", strings.ToLower(string(a.EndpointType)), name)),
		EndpointConfiguration: endpoint,
		Tags:                  tagsWithName(a.Tags, name),
	}, parent, pulumi.Protect(a.Protect))
	if err != nil {
		return nil, err
	}

	// Everything a deployment must wait for: methods, integrations and, for a private API, the
	// policy (a private API cannot be deployed before it has one, aws-facts R3).
	var deployDeps []pulumi.Resource
	policy := noString()
	if a.EndpointType == RestPrivate {
		doc := pulumi.All(api.ExecutionArn, a.VpcEndpointId).ApplyT(func(v []any) (string, error) {
			return PrivateApiPolicy(v[0].(string), []string{v[1].(string)}, a.Authorization, a.AllowedPrincipals)
		}).(pulumi.StringOutput)
		p, err := apigateway.NewRestApiPolicy(ctx, name, &apigateway.RestApiPolicyArgs{
			RestApiId: api.ID(),
			Policy:    doc,
		}, parent)
		if err != nil {
			return nil, err
		}
		deployDeps = append(deployDeps, p)
		policy = p.Policy.ToStringPtrOutput()
	}

	validator, err := apigateway.NewRequestValidator(ctx, name, &apigateway.RequestValidatorArgs{
		RestApi:                   api.ID(),
		Name:                      pulumi.String("body-and-parameters"),
		ValidateRequestBody:       pulumi.Bool(true),
		ValidateRequestParameters: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, err
	}
	deployDeps = append(deployDeps, validator)

	resourceIDs := map[string]pulumi.StringOutput{"/": api.RootResourceId}
	for _, res := range tree {
		created, err := apigateway.NewResource(ctx, name+"-"+res.Slug, &apigateway.ResourceArgs{
			RestApi:  api.ID(),
			ParentId: resourceIDs[res.ParentPath],
			PathPart: pulumi.String(res.PathPart),
		}, parent)
		if err != nil {
			return nil, err
		}
		resourceIDs[res.Path] = created.ID().ToStringOutput()
		deployDeps = append(deployDeps, created)
	}

	// The specs are built from the resolved link id and host, and the resources below are created
	// from the same specs: what is hashed is exactly what is deployed.
	specs := pulumi.All(a.VpcLinkId, a.BackendHost).ApplyT(func(v []any) []RestMethodSpec {
		return restMethods(a, v[1].(string), v[0].(string))
	})
	// The graph's shape must not depend on an output, so the method list is also built from
	// placeholders to know how many there are and what they are called.
	shape := restMethods(a, "", "")
	slugs := map[string]string{}
	for _, res := range tree {
		slugs[res.Path] = res.Slug
	}
	for i, m := range shape {
		slug := slugs[m.Path]
		field := func(f func(RestMethodSpec) string) pulumi.StringOutput {
			return specs.ApplyT(func(all any) string { return f(all.([]RestMethodSpec)[i]) }).(pulumi.StringOutput)
		}
		mArgs := &apigateway.MethodArgs{
			RestApi:            api.ID(),
			ResourceId:         resourceIDs[m.Path],
			HttpMethod:         pulumi.String(m.HttpMethod),
			Authorization:      pulumi.String(m.Authorization),
			RequestValidatorId: validator.ID(),
		}
		if len(m.RequestParameters) > 0 {
			mArgs.RequestParameters = pulumi.ToBoolMap(m.RequestParameters)
		}
		method, err := apigateway.NewMethod(ctx, name+"-"+slug, mArgs, parent)
		if err != nil {
			return nil, err
		}
		iArgs := &apigateway.IntegrationArgs{
			RestApi:               api.ID(),
			ResourceId:            resourceIDs[m.Path],
			HttpMethod:            method.HttpMethod,
			Type:                  pulumi.String(m.IntegrationType),
			IntegrationHttpMethod: pulumi.String(m.IntegrationMethod),
			Uri:                   field(func(s RestMethodSpec) string { return s.Uri }),
			ConnectionType:        pulumi.String(m.ConnectionType),
			ConnectionId:          field(func(s RestMethodSpec) string { return s.ConnectionId }),
			TimeoutMilliseconds:   pulumi.Int(m.TimeoutMs),
		}
		if len(m.IntegrationParams) > 0 {
			iArgs.RequestParameters = pulumi.ToStringMap(m.IntegrationParams)
		}
		integ, err := apigateway.NewIntegration(ctx, name+"-"+slug, iArgs, parent)
		if err != nil {
			return nil, err
		}
		deployDeps = append(deployDeps, method, integ)
	}

	paths := make([]string, len(tree))
	for i, res := range tree {
		paths[i] = res.Path
	}
	trigger := pulumi.All(specs, policy).ApplyT(func(v []any) string {
		spec := RestDeploymentSpec{EndpointType: string(a.EndpointType), Resources: paths, Methods: v[0].([]RestMethodSpec)}
		if p, ok := v[1].(*string); ok && p != nil {
			spec.Policy = *p
		}
		return spec.Hash()
	}).(pulumi.StringOutput)

	// No stage name on the deployment: the stage is its own resource. When the trigger changes,
	// Pulumi creates the new deployment, moves the stage to it, and only then deletes the old
	// one, so AWS never sees a deployment deleted while a stage points at it (aws-facts R2).
	deployment, err := apigateway.NewDeployment(ctx, name, &apigateway.DeploymentArgs{
		RestApi:     api.ID(),
		Description: pulumi.String("vpclink deployment; replaced whenever the API's shape changes"),
		Triggers:    pulumi.StringMap{"redeployment": trigger},
	}, parent, pulumi.DependsOn(deployDeps))
	if err != nil {
		return nil, err
	}

	logs, err := cloudwatch.NewLogGroup(ctx, name+"-access-logs", &cloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(a.AccessLogRetentionDays),
		Tags:            tagsWithName(a.Tags, name+"-access-logs"),
	}, parent)
	if err != nil {
		return nil, err
	}
	// REST stages write logs with the account's CloudWatch role (aws-facts R7): the log
	// destination carries a dependency on it when the stack manages that setting.
	logDestination := afterOptional(logs.Arn, a.CloudWatchRoleArn)
	stage, err := apigateway.NewStage(ctx, name, &apigateway.StageArgs{
		RestApi:    api.ID(),
		Deployment: deployment.ID(),
		StageName:  pulumi.String(a.StageName),
		AccessLogSettings: apigateway.StageAccessLogSettingsArgs{
			DestinationArn: logDestination,
			Format:         pulumi.String(RestAccessLogFormat()),
		},
		XrayTracingEnabled:  pulumi.Bool(a.XrayTracing),
		CacheClusterEnabled: pulumi.Bool(false),
		Tags:                tagsWithName(a.Tags, name),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := apigateway.NewMethodSettings(ctx, name, &apigateway.MethodSettingsArgs{
		RestApi:    api.ID(),
		StageName:  afterOptional(stage.StageName, a.CloudWatchRoleArn),
		MethodPath: pulumi.String("*/*"),
		Settings: apigateway.MethodSettingsSettingsArgs{
			MetricsEnabled: pulumi.Bool(true),
			LoggingLevel:   pulumi.String("ERROR"),
			// Full request and response logging would write bodies and headers, secrets
			// included, to CloudWatch (CKV_AWS_276).
			DataTraceEnabled:     pulumi.Bool(false),
			CachingEnabled:       pulumi.Bool(false),
			ThrottlingRateLimit:  pulumi.Float64(a.Throttling.RateLimit),
			ThrottlingBurstLimit: pulumi.Int(a.Throttling.BurstLimit),
		},
	}, parent); err != nil {
		return nil, err
	}

	urls := pulumi.StringMap{}
	for _, rt := range a.Routes {
		urls[rt.Name] = joinURL(stage.InvokeUrl, rt.PathPrefix)
	}
	r.VpceInvokeUrl = noString()
	if a.EndpointType == RestPrivate {
		r.VpceInvokeUrl = pulumi.All(api.ExecutionArn, a.VpcEndpointId, stage.StageName).ApplyT(func(v []any) *string {
			arn := strings.Split(v[0].(string), ":") // arn:PARTITION:execute-api:REGION:ACCOUNT:API_ID
			u := fmt.Sprintf("https://%s-%s.execute-api.%s.%s/%s", arn[5], v[1].(string), arn[3], env.dnsSuffix(), v[2].(string))
			return &u
		}).(pulumi.StringPtrOutput)
	}
	r.ApiId = api.ID().ToStringOutput()
	r.StageName = stage.StageName
	r.InvokeUrl = stage.InvokeUrl
	r.InvokeUrls = urls.ToStringMapOutput()
	r.Policy = policy
	r.DeploymentTrigger = trigger
	r.LogGroupName = logs.Name
	if err := ctx.RegisterResourceOutputs(r, pulumi.Map{
		"apiId":             r.ApiId,
		"stageName":         r.StageName,
		"invokeUrl":         r.InvokeUrl,
		"invokeUrls":        r.InvokeUrls,
		"vpceInvokeUrl":     r.VpceInvokeUrl,
		"policy":            r.Policy,
		"deploymentTrigger": r.DeploymentTrigger,
		"logGroupName":      r.LogGroupName,
	}); err != nil {
		return nil, err
	}
	return r, nil
}

// afterOptional returns v, carrying a dependency on dep when dep is set, so the resource taking it
// is created after whatever produced dep.
func afterOptional(v pulumi.StringOutput, dep pulumi.StringInput) pulumi.StringOutput {
	if dep == nil {
		return v
	}
	return pulumi.All(v, dep).ApplyT(func(x []any) string { return x[0].(string) }).(pulumi.StringOutput)
}
