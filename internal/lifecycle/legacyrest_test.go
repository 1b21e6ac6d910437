package lifecycle

// The per-method REST construction vpclink used before its OpenAPI documents (components/restapi.go
// as of commit 302e287), kept as test equipment: the upgrade test runs it on a stack, then the
// current program on the same state, and the stale-route test shows what it left on the stage.
// Resource names, types and inputs are the ones that version created, so a stack deployed with it
// has exactly this state.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/components"
	"github.com/vpclink/vpclink/stacks"
)

// legacyProgram is vpclink's program with the per-method REST construction.
func legacyProgram(ctx *pulumi.Context) error {
	cfg, err := stacks.LoadConfig(ctx)
	if err != nil {
		return err
	}
	d, err := stacks.DeployWith(ctx, cfg, legacyNewRestApi)
	if err != nil {
		return err
	}
	d.Export(ctx)
	return nil
}

func legacyDefaults(a components.RestApiArgs) components.RestApiArgs {
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	if a.EndpointType == "" {
		a.EndpointType = components.RestRegional
	}
	def(&a.StageName, "v1")
	if a.Authorization == "" {
		a.Authorization = components.AuthNone
	}
	if a.Throttling == nil {
		a.Throttling = &components.Throttling{RateLimit: 100, BurstLimit: 200}
	}
	if a.TimeoutMs == 0 {
		a.TimeoutMs = components.MaxRestTimeoutMs
	}
	if a.AccessLogRetentionDays == 0 {
		a.AccessLogRetentionDays = 30
	}
	return a
}

func legacyTags(tags map[string]string, name string) pulumi.StringMap {
	out := pulumi.StringMap{}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out[k] = pulumi.String(tags[k])
	}
	out["Name"] = pulumi.String(name)
	return out
}

func legacyNoString() pulumi.StringPtrOutput {
	return pulumi.ToOutput((*string)(nil)).(pulumi.StringPtrOutput)
}

func legacyJoinURL(base pulumi.StringOutput, prefix string) pulumi.StringOutput {
	return base.ApplyT(func(b string) string { return strings.TrimSuffix(b, "/") + prefix }).(pulumi.StringOutput)
}

func legacyAfter(v pulumi.StringOutput, dep pulumi.StringInput) pulumi.StringOutput {
	if dep == nil {
		return v
	}
	return pulumi.All(v, dep).ApplyT(func(x []any) string { return x[0].(string) }).(pulumi.StringOutput)
}

// legacyMethodSpec is everything that defines one method and its integration. The same values create
// the resources and feed the deployment trigger, so nothing can change without a redeploy.
type legacyMethodSpec struct {
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

// legacyDeploymentSpec is the deployed shape of a REST API.
type legacyDeploymentSpec struct {
	EndpointType string             `json:"endpointType"`
	Resources    []string           `json:"resources"`
	Methods      []legacyMethodSpec `json:"methods"`
	Policy       string             `json:"policy,omitempty"`
}

// Hash is the deployment trigger: a SHA-256 of the spec's JSON. It is a pure function of the
// configuration, never of time, so an unchanged stack never redeploys.
func (s legacyDeploymentSpec) Hash() string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(fmt.Sprintf("deployment spec cannot fail to marshal: %v", err))
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// restMethods returns the two methods of every route: ANY on the prefix and ANY on prefix/{proxy+},
// proxying to http(s)://host:port/prefix[/{proxy}].
func legacyMethods(a components.RestApiArgs, host, linkID string) []legacyMethodSpec {
	scheme := "http"
	if a.BackendTls {
		scheme = "https"
	}
	auth := "NONE"
	if a.Authorization == components.AuthIam {
		auth = "AWS_IAM"
	}
	var out []legacyMethodSpec
	for _, r := range a.Routes {
		base := legacyMethodSpec{
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
func legacyNewRestApi(ctx *pulumi.Context, name string, args *components.RestApiArgs, opts ...pulumi.ResourceOption) (*components.RestApi, error) {
	a := legacyDefaults(*args)
	var prefixes []string
	for _, r := range a.Routes {
		prefixes = append(prefixes, r.PathPrefix)
	}
	tree, _ := components.RestResources(prefixes) // validated above

	r := &components.RestApi{}
	if err := ctx.RegisterComponentResource(components.RestApiType, name, r, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(r)

	endpoint := apigateway.RestApiEndpointConfigurationArgs{Types: pulumi.String(string(a.EndpointType))}
	if a.EndpointType == components.RestPrivate {
		endpoint.VpcEndpointIds = pulumi.StringArray{a.VpcEndpointId}
	}
	api, err := apigateway.NewRestApi(ctx, name, &apigateway.RestApiArgs{
		Description:           pulumi.String(fmt.Sprintf("vpclink %s REST API %s", strings.ToLower(string(a.EndpointType)), name)),
		EndpointConfiguration: endpoint,
		Tags:                  legacyTags(a.Tags, name),
	}, parent, pulumi.Protect(a.Protect))
	if err != nil {
		return nil, err
	}

	// Everything a deployment must wait for: methods, integrations and, for a private API, the
	// policy (a private API cannot be deployed before it has one, aws-facts R3).
	var deployDeps []pulumi.Resource
	policy := legacyNoString()
	if a.EndpointType == components.RestPrivate {
		doc := pulumi.All(api.ExecutionArn, a.VpcEndpointId).ApplyT(func(v []any) (string, error) {
			return components.PrivateApiPolicy(v[0].(string), []string{v[1].(string)}, a.Authorization, a.AllowedPrincipals)
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
	specs := pulumi.All(a.VpcLinkId, a.BackendHost).ApplyT(func(v []any) []legacyMethodSpec {
		return legacyMethods(a, v[1].(string), v[0].(string))
	})
	// The graph's shape must not depend on an output, so the method list is also built from
	// placeholders to know how many there are and what they are called.
	shape := legacyMethods(a, "", "")
	slugs := map[string]string{}
	for _, res := range tree {
		slugs[res.Path] = res.Slug
	}
	for i, m := range shape {
		slug := slugs[m.Path]
		field := func(f func(legacyMethodSpec) string) pulumi.StringOutput {
			return specs.ApplyT(func(all any) string { return f(all.([]legacyMethodSpec)[i]) }).(pulumi.StringOutput)
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
			Uri:                   field(func(s legacyMethodSpec) string { return s.Uri }),
			ConnectionType:        pulumi.String(m.ConnectionType),
			ConnectionId:          field(func(s legacyMethodSpec) string { return s.ConnectionId }),
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
		spec := legacyDeploymentSpec{EndpointType: string(a.EndpointType), Resources: paths, Methods: v[0].([]legacyMethodSpec)}
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
		Tags:            legacyTags(a.Tags, name+"-access-logs"),
	}, parent)
	if err != nil {
		return nil, err
	}
	// REST stages write logs with the account's CloudWatch role (aws-facts R7): the log
	// destination carries a dependency on it when the stack manages that setting.
	logDestination := legacyAfter(logs.Arn, a.CloudWatchRoleArn)
	stage, err := apigateway.NewStage(ctx, name, &apigateway.StageArgs{
		RestApi:    api.ID(),
		Deployment: deployment.ID(),
		StageName:  pulumi.String(a.StageName),
		AccessLogSettings: apigateway.StageAccessLogSettingsArgs{
			DestinationArn: logDestination,
			Format:         pulumi.String(components.RestAccessLogFormat()),
		},
		XrayTracingEnabled:  pulumi.Bool(a.XrayTracing),
		CacheClusterEnabled: pulumi.Bool(false),
		Tags:                legacyTags(a.Tags, name),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := apigateway.NewMethodSettings(ctx, name, &apigateway.MethodSettingsArgs{
		RestApi:    api.ID(),
		StageName:  legacyAfter(stage.StageName, a.CloudWatchRoleArn),
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
		urls[rt.Name] = legacyJoinURL(stage.InvokeUrl, rt.PathPrefix)
	}
	r.VpceInvokeUrl = legacyNoString()
	if a.EndpointType == components.RestPrivate {
		r.VpceInvokeUrl = pulumi.All(api.ExecutionArn, a.VpcEndpointId, stage.StageName).ApplyT(func(v []any) *string {
			arn := strings.Split(v[0].(string), ":") // arn:aws:execute-api:REGION:ACCOUNT:API_ID
			u := fmt.Sprintf("https://%s-%s.execute-api.%s.amazonaws.com/%s", arn[5], v[1].(string), arn[3], v[2].(string))
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
