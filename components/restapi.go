package components

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/awsspec"
)

// RestApiType is the Pulumi type token of RestApi.
const RestApiType = "vpclink:components:RestApi"

// MaxRestTimeoutMs is the longest a REST API waits for a buffered integration without a quota
// increase (aws-facts A1).
const MaxRestTimeoutMs = awsspec.MaxRestTimeoutMs

// MaxRestStreamTimeoutMs is the longest a REST API waits for a streaming integration (aws-facts
// R13: 15 minutes).
const MaxRestStreamTimeoutMs = 900000

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
	// VpcLinkId is the integrations' connection id: the stack's V2 link (HttpLink) with
	// IntegrationTarget, or a V1 link (RestLink, legacy, aws-facts R12) without. Required.
	VpcLinkId pulumi.StringInput `pulumi:"vpcLinkId"`
	// IntegrationTarget is the ARN of the load balancer (ALB or NLB, not a listener) a V2 link
	// reaches (aws-facts R10). Defaults to nil: VpcLinkId is a V1 link, whose NLB is fixed on the
	// link (A5).
	IntegrationTarget pulumi.StringInput `pulumi:"integrationTarget,optional"`
	// BackendHost is the host of the integration URIs: the load balancer's DNS name, or with TLS
	// the name on the listener certificate. It sets the Host header and is what the certificate is
	// checked against; the traffic itself goes through the link (aws-facts A14, R10). Required.
	BackendHost pulumi.StringInput `pulumi:"backendHost"`
	// BackendTls makes the integration URIs https (the listeners are TLS). Defaults to false.
	BackendTls bool `pulumi:"backendTls,optional"`
	// Routes, one per backend service; each route's Port is the listener its URI names (one NLB
	// listener per service, or the ALB's one listener, whose path rules pick the service). At
	// least one is required.
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
	// Streaming sets responseTransferMode STREAM on every integration: the response reaches the
	// client as the backend writes it, and TimeoutMs may go up to 900000 (aws-facts R13).
	// Defaults to false (BUFFERED).
	Streaming bool `pulumi:"streaming,optional"`
	// TimeoutMs of every integration, 50 to 29000 (aws-facts A1), or to 900000 when streaming
	// (R13). Defaults to 29000.
	TimeoutMs int `pulumi:"timeoutMs,optional"`
	// AccessLogRetentionDays of the access-log group. Defaults to 30.
	AccessLogRetentionDays int `pulumi:"accessLogRetentionDays,optional"`
	// XrayTracing turns on X-Ray for the stage. Defaults to false.
	XrayTracing bool `pulumi:"xrayTracing,optional"`
	// CloudWatchRoleArn of the Region's API Gateway account settings. When set, stage logging
	// waits until the setting exists (aws-facts R7). Defaults to nil (assumed already set).
	CloudWatchRoleArn pulumi.StringInput `pulumi:"cloudWatchRoleArn,optional"`
	// ApiKeyRequired makes every method require an API key in the x-api-key header, which
	// usage plans need to meter callers. Defaults to false.
	ApiKeyRequired bool `pulumi:"apiKeyRequired,optional"`
	// DisableExecuteApiEndpoint turns off the default execute-api endpoint, once a custom
	// domain serves the API. Defaults to false.
	DisableExecuteApiEndpoint bool `pulumi:"disableExecuteApiEndpoint,optional"`
	// Protect marks the API protected: its id is in every client's URL. Defaults to false.
	Protect bool `pulumi:"protect,optional"`
	// Tags added to every resource. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// RestRoute sends a path prefix to one service through a load balancer listener.
type RestRoute struct {
	// Name of the service, used in output keys. Required.
	Name string `pulumi:"name"`
	// PathPrefix the service owns, like /api. Required.
	PathPrefix string `pulumi:"pathPrefix"`
	// Port of the listener the route's integration URI names. Required.
	Port int `pulumi:"port"`
}

// RestApi is a regional or private REST API defined by one OpenAPI document, whose methods reach
// an internal load balancer through a VPC link.
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
	// DeploymentTrigger is the hash that makes a new deployment whenever the document or the
	// policy changes (aws-facts R1).
	DeploymentTrigger pulumi.StringOutput `pulumi:"deploymentTrigger"`
	// LogGroupName of the access logs.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
	// StageArn of the stage, which a WAF web ACL is associated with.
	StageArn pulumi.StringOutput `pulumi:"stageArn"`
}

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

func (a *RestApiArgs) validate(name string) error {
	var c argsCheck
	c.missingIf(a.VpcLinkId == nil, "vpcLinkId")
	c.missingIf(a.BackendHost == nil, "backendHost")
	switch a.EndpointType {
	case RestRegional:
		if a.VpcEndpointId != nil {
			c.add("vpcEndpointId", nil, "is only for PRIVATE APIs")
		}
	case RestPrivate:
		if a.VpcEndpointId == nil {
			c.add("vpcEndpointId", nil, "is required: a PRIVATE API is reached only through an execute-api VPC endpoint")
		}
	default:
		c.add("endpointType", string(a.EndpointType), "is not one of REGIONAL, PRIVATE")
	}
	if len(a.Routes) == 0 {
		c.add("routes", nil, "at least one route is required")
	}
	names, prefixes := make([]string, len(a.Routes)), make([]string, len(a.Routes))
	for i, r := range a.Routes {
		names[i], prefixes[i] = r.Name, r.PathPrefix
		c.wrap(field("routes", i, "port"), r.Port, ValidatePort(r.Port))
	}
	checkRoutes(&c, "routes", names, prefixes, true)
	if _, err := RestResources(prefixes); err != nil && len(c.problems) == 0 {
		c.add("routes", nil, "%v", err)
	}
	if awsspec.RestStageName(a.StageName) != nil {
		c.add("stageName", a.StageName, "must be 1 to 128 letters, digits, - or _ (REST APIs have no $default stage; awsspec C18)")
	}
	a.Throttling.check(&c, "throttling")
	switch a.Authorization {
	case AuthNone, AuthIam:
	case AuthJwt:
		c.add("authorization", string(a.Authorization), "is not available on REST APIs (it needs a Lambda authorizer); use iam, or an HTTP API frontend")
	default:
		c.add("authorization", string(a.Authorization), "is not one of none, iam")
	}
	if len(a.AllowedPrincipals) > 0 && (a.EndpointType != RestPrivate || a.Authorization != AuthIam) {
		c.add("allowedPrincipals", a.AllowedPrincipals, "are only for PRIVATE APIs with authorization iam, not %s with %s", a.EndpointType, a.Authorization)
	}
	for i, p := range a.AllowedPrincipals {
		c.wrap(field("allowedPrincipals", i), p, ValidatePrincipal(p))
	}
	switch {
	case a.Streaming && (a.TimeoutMs < 50 || a.TimeoutMs > MaxRestStreamTimeoutMs):
		c.add("timeoutMs", a.TimeoutMs, "is out of range; streaming REST integrations allow 50 to %d (aws-facts R13)", MaxRestStreamTimeoutMs)
	case !a.Streaming && (a.TimeoutMs < 50 || a.TimeoutMs > MaxRestTimeoutMs):
		c.add("timeoutMs", a.TimeoutMs, "is out of range; REST APIs allow 50 to %d (aws-facts A1), or to %d with streaming (R13)", MaxRestTimeoutMs, MaxRestStreamTimeoutMs)
	}
	c.wrap("accessLogRetentionDays", a.AccessLogRetentionDays, ValidateLogRetention(a.AccessLogRetentionDays))
	checkTags(&c, a.Tags)
	return c.err(RestApiType, name)
}

// NewRestApi creates the API from its OpenAPI document, the resource policy of a private API, a
// deployment that follows every change of either, and a logged, throttled stage.
func NewRestApi(ctx *pulumi.Context, name string, args *RestApiArgs, opts ...pulumi.ResourceOption) (*RestApi, error) {
	if args == nil {
		args = &RestApiArgs{}
	}
	a := args.withDefaults()
	if err := a.validate(name); err != nil {
		return nil, err
	}
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

	body := restDocument(name, a)
	api, err := newRestApiFromDocument(ctx, name, a, body, parent)
	if err != nil {
		return nil, err
	}
	policy, deployDeps, err := newRestPolicy(ctx, name, a, api, parent)
	if err != nil {
		return nil, err
	}
	trigger := pulumi.All(body, policy).ApplyT(func(v []any) string {
		p := ""
		if s, ok := v[1].(*string); ok && s != nil {
			p = *s
		}
		return RestDeploymentTrigger(v[0].(string), p)
	}).(pulumi.StringOutput)
	deployment, err := apigateway.NewDeployment(ctx, name, &apigateway.DeploymentArgs{
		RestApi:     api.ID(),
		Description: pulumi.String("vpclink deployment; replaced whenever the API's document or policy changes"),
		Triggers:    pulumi.StringMap{"redeployment": trigger},
	}, parent, pulumi.DependsOn(deployDeps))
	if err != nil {
		return nil, err
	}
	stage, logs, err := newRestStage(ctx, name, a, api, deployment, parent)
	if err != nil {
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
	r.StageArn = stage.Arn
	if err := ctx.RegisterResourceOutputs(r, pulumi.Map{
		"apiId":             r.ApiId,
		"stageName":         r.StageName,
		"invokeUrl":         r.InvokeUrl,
		"invokeUrls":        r.InvokeUrls,
		"vpceInvokeUrl":     r.VpceInvokeUrl,
		"policy":            r.Policy,
		"deploymentTrigger": r.DeploymentTrigger,
		"logGroupName":      r.LogGroupName,
		"stageArn":          r.StageArn,
	}); err != nil {
		return nil, err
	}
	return r, nil
}

func restDescription(name string, t RestEndpointType) string {
	return fmt.Sprintf("vpclink %s REST API %s", strings.ToLower(string(t)), name)
}

// restDocument renders the API's OpenAPI document once the link, the target, the host and the
// endpoint are known.
func restDocument(name string, a RestApiArgs) pulumi.StringOutput {
	opt := func(in pulumi.StringInput) pulumi.StringInput {
		if in == nil {
			return pulumi.String("")
		}
		return in
	}
	return pulumi.All(a.VpcLinkId, a.BackendHost, opt(a.IntegrationTarget), opt(a.VpcEndpointId)).ApplyT(func(v []any) (string, error) {
		spec := RestDocumentSpec{
			Title: name, Description: restDescription(name, a.EndpointType),
			EndpointType: a.EndpointType, Authorization: a.Authorization, Routes: a.Routes,
			Scheme: restScheme(a.BackendTls), Host: v[1].(string),
			ConnectionId: v[0].(string), IntegrationTarget: v[2].(string),
			TimeoutMs: a.TimeoutMs, Streaming: a.Streaming,
			ApiKeyRequired: a.ApiKeyRequired, DisableExecuteApiEndpoint: a.DisableExecuteApiEndpoint,
		}
		if a.EndpointType == RestPrivate {
			vpce := v[3].(string)
			spec.VpcEndpointIds = []string{vpce}
			p, err := PrivateApiPolicy(restPolicyBase, []string{vpce}, a.Authorization, a.AllowedPrincipals)
			if err != nil {
				return "", err
			}
			spec.Policy = p
		}
		return RestOpenApi(spec)
	}).(pulumi.StringOutput)
}

// newRestApiFromDocument creates the API with the document as its body. putRestApiMode overwrite
// makes every import replace the API's methods with the document's, so a removed route is gone
// from the API before the next deployment snapshots it (aws-facts R9); failOnWarnings turns an
// import warning (an ignored extension, a malformed integration) into a failed update instead of a
// silently different API. The API's name and id never change: clients' URLs carry the id.
func newRestApiFromDocument(ctx *pulumi.Context, name string, a RestApiArgs, body pulumi.StringOutput, parent pulumi.ResourceOption) (*apigateway.RestApi, error) {
	endpoint := apigateway.RestApiEndpointConfigurationArgs{Types: pulumi.String(string(a.EndpointType))}
	if a.EndpointType == RestPrivate {
		endpoint.VpcEndpointIds = pulumi.StringArray{a.VpcEndpointId}
	}
	ra := &apigateway.RestApiArgs{
		Description:           pulumi.String(restDescription(name, a.EndpointType)),
		EndpointConfiguration: endpoint,
		Body:                  body,
		PutRestApiMode:        pulumi.String("overwrite"),
		FailOnWarnings:        pulumi.Bool(true),
		Tags:                  tagsWithName(a.Tags, name),
	}
	if a.ApiKeyRequired {
		// The document says HEADER too; on the resource it stays so after an import.
		ra.ApiKeySource = pulumi.String("HEADER")
	}
	if a.DisableExecuteApiEndpoint {
		ra.DisableExecuteApiEndpoint = pulumi.Bool(true)
	}
	return apigateway.NewRestApi(ctx, name, ra, parent, pulumi.Protect(a.Protect))
}

// newRestPolicy attaches a private API's resource policy and returns it with what the deployment
// must wait for.
//
// Where the policy lives (aws-facts R3): in the document, as x-amazon-apigateway-policy, because an
// overwrite import resets every property the document leaves out, the policy included
// (pulumi-aws 4296, terraform-provider-aws 49672): a policy attached only beside the body would be
// wiped by the next change of a route, and the next CreateDeployment of the private API would
// fail with "Private REST API doesn't have a resource policy attached to it". The same policy,
// with the API's full execute-api ARN, also stays a RestApiPolicy under its old name: a stack
// that ran the per-method design keeps it instead of deleting it, and deleting it would clear the
// policy the import has just set. The deployment waits for both.
func newRestPolicy(ctx *pulumi.Context, name string, a RestApiArgs, api *apigateway.RestApi, parent pulumi.ResourceOption) (pulumi.StringPtrOutput, []pulumi.Resource, error) {
	deps := []pulumi.Resource{api}
	if a.EndpointType != RestPrivate {
		return noString(), deps, nil
	}
	doc := pulumi.All(api.ExecutionArn, a.VpcEndpointId).ApplyT(func(v []any) (string, error) {
		return PrivateApiPolicy(v[0].(string), []string{v[1].(string)}, a.Authorization, a.AllowedPrincipals)
	}).(pulumi.StringOutput)
	p, err := apigateway.NewRestApiPolicy(ctx, name, &apigateway.RestApiPolicyArgs{
		RestApiId: api.ID(),
		Policy:    doc,
	}, parent)
	if err != nil {
		return noString(), nil, err
	}
	return p.Policy.ToStringPtrOutput(), append(deps, p), nil
}

// newRestStage creates the access-log group, the stage on the deployment and its */* method
// settings. No stage name on the deployment: the stage is its own resource. When the trigger
// changes, Pulumi creates the new deployment, moves the stage to it, and only then deletes the old
// one, so AWS never sees a deployment deleted while a stage points at it (aws-facts R2).
func newRestStage(ctx *pulumi.Context, name string, a RestApiArgs, api *apigateway.RestApi, deployment *apigateway.Deployment, parent pulumi.ResourceOption) (*apigateway.Stage, *cloudwatch.LogGroup, error) {
	logs, err := cloudwatch.NewLogGroup(ctx, name+"-access-logs", &cloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(a.AccessLogRetentionDays),
		Tags:            tagsWithName(a.Tags, name+"-access-logs"),
	}, parent)
	if err != nil {
		return nil, nil, err
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
		return nil, nil, err
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
		return nil, nil, err
	}
	return stage, logs, nil
}

// afterOptional returns v, carrying a dependency on dep when dep is set, so the resource taking it
// is created after whatever produced dep.
func afterOptional(v pulumi.StringOutput, dep pulumi.StringInput) pulumi.StringOutput {
	if dep == nil {
		return v
	}
	return pulumi.All(v, dep).ApplyT(func(x []any) string { return x[0].(string) }).(pulumi.StringOutput)
}
