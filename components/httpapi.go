package components

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigatewayv2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/awsspec"
)

// HttpApiType is the Pulumi type token of HttpApi.
const HttpApiType = "vpclink:components:HttpApi"

// MaxHttpTimeoutMs is the longest an HTTP API waits for an integration; it cannot be raised
// (aws-facts A2).
const MaxHttpTimeoutMs = awsspec.MaxHttpTimeoutMs

// HttpApiArgs configures an HttpApi.
type HttpApiArgs struct {
	// VpcLinkId of the stack's HttpLink. Required.
	VpcLinkId pulumi.StringInput `pulumi:"vpcLinkId"`
	// Routes, one per backend service. At least one is required.
	Routes []HttpRoute `pulumi:"routes"`
	// StageName of the API. Defaults to "$default" (no stage segment in URLs).
	StageName string `pulumi:"stageName,optional"`
	// Authorization of every route. Defaults to AuthNone.
	Authorization Authorization `pulumi:"authorization,optional"`
	// Jwt configures the authorizer; required with AuthJwt.
	Jwt *Jwt `pulumi:"jwt,optional"`
	// Throttling of the stage's default route settings. Defaults to 100 rps, burst 200.
	Throttling *Throttling `pulumi:"throttling,optional"`
	// TimeoutMs of every integration, 50 to 30000 (aws-facts A2). Defaults to 30000.
	TimeoutMs int `pulumi:"timeoutMs,optional"`
	// TlsServerName is verified against the backend's certificate; set it when the listener is
	// TLS, and only then (aws-facts A13). Defaults to "" (plain HTTP inside the VPC).
	TlsServerName string `pulumi:"tlsServerName,optional"`
	// AccessLogRetentionDays of the access-log group. Defaults to 30.
	AccessLogRetentionDays int `pulumi:"accessLogRetentionDays,optional"`
	// Cors is the API's corsConfiguration: API Gateway answers preflight requests itself and
	// adds the CORS headers to responses. Defaults to nil: no CORS.
	Cors *Cors `pulumi:"cors,optional"`
	// DisableExecuteApiEndpoint turns off the default execute-api endpoint, once a custom
	// domain serves the API. Defaults to false.
	DisableExecuteApiEndpoint bool `pulumi:"disableExecuteApiEndpoint,optional"`
	// Protect marks the API protected: its id is in every client's URL. Defaults to false.
	Protect bool `pulumi:"protect,optional"`
	// Tags added to every resource. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// Cors is an HTTP API's CORS configuration (apigatewayv2 Cors: "Supported only for HTTP APIs").
type Cors struct {
	// AllowOrigins, each * or scheme://host[:port]. At least one is required.
	AllowOrigins []string `pulumi:"allowOrigins"`
	// AllowMethods, AllowHeaders and ExposeHeaders. Default to none.
	AllowMethods  []string `pulumi:"allowMethods,optional"`
	AllowHeaders  []string `pulumi:"allowHeaders,optional"`
	ExposeHeaders []string `pulumi:"exposeHeaders,optional"`
	// MaxAgeSeconds a browser caches a preflight. Defaults to 0.
	MaxAgeSeconds int `pulumi:"maxAgeSeconds,optional"`
	// AllowCredentials lets browsers send cookies; refused with origin *. Defaults to false.
	AllowCredentials bool `pulumi:"allowCredentials,optional"`
}

// HttpRoute sends a path prefix to one backend through the VPC link.
type HttpRoute struct {
	// Name of the service, used in child names and output keys. Required.
	Name string `pulumi:"name"`
	// PathPrefix the service owns, like /api. Routes are "ANY <prefix>" and
	// "ANY <prefix>/{proxy+}". Required.
	PathPrefix string `pulumi:"pathPrefix"`
	// IntegrationUri is the ALB or NLB listener ARN, or the Cloud Map service ARN; never a load
	// balancer ARN (aws-facts A11). Required.
	IntegrationUri pulumi.StringInput `pulumi:"integrationUri"`
}

// HttpApi is an HTTP API whose routes reach private backends through a V2 VPC link.
type HttpApi struct {
	pulumi.ResourceState

	// ApiId of the API.
	ApiId pulumi.StringOutput `pulumi:"apiId"`
	// ApiEndpoint is https://{api-id}.execute-api.{region}.amazonaws.com.
	ApiEndpoint pulumi.StringOutput `pulumi:"apiEndpoint"`
	// InvokeUrl of the stage.
	InvokeUrl pulumi.StringOutput `pulumi:"invokeUrl"`
	// InvokeUrls by service name: the stage URL with the service's prefix.
	InvokeUrls pulumi.StringMapOutput `pulumi:"invokeUrls"`
	// LogGroupName of the access logs.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
}

func (a *HttpApiArgs) withDefaults() HttpApiArgs {
	out := *a
	out.StageName = orDefault(out.StageName, "$default")
	out.Authorization = orDefault(out.Authorization, AuthNone)
	t := a.Throttling.withDefaults()
	out.Throttling = &t
	out.TimeoutMs = orDefault(out.TimeoutMs, MaxHttpTimeoutMs)
	out.AccessLogRetentionDays = orDefault(out.AccessLogRetentionDays, 30)
	return out
}

func (a *HttpApiArgs) validate(name string) error {
	var c argsCheck
	c.missingIf(a.VpcLinkId == nil, "vpcLinkId")
	if len(a.Routes) == 0 {
		c.add("routes", nil, "at least one route is required")
	}
	names, prefixes := make([]string, len(a.Routes)), make([]string, len(a.Routes))
	for i, r := range a.Routes {
		names[i], prefixes[i] = r.Name, r.PathPrefix
		if r.IntegrationUri == nil {
			c.missing(field("routes", i, "integrationUri"))
		} else if uri, ok := knownString(r.IntegrationUri); ok {
			c.wrap(field("routes", i, "integrationUri"), uri, ValidateIntegrationUri(uri))
		}
	}
	checkRoutes(&c, "routes", names, prefixes, true)
	if err := awsspec.HttpStageName(a.StageName); err != nil {
		c.add("stageName", a.StageName, "must be $default or 1 to 128 letters, digits, - or _ (awsspec C19)")
	}
	a.Throttling.check(&c, "throttling")
	if awsspec.HttpTimeout(a.TimeoutMs) != nil {
		c.add("timeoutMs", a.TimeoutMs, "is out of range; HTTP APIs allow 50 to %d (aws-facts A2, awsspec C22)", MaxHttpTimeoutMs)
	}
	switch a.Authorization {
	case AuthNone, AuthIam:
	case AuthJwt:
		c.wrap("jwt", nil, ValidateJwt(a.Jwt))
	default:
		c.add("authorization", string(a.Authorization), "is not one of none, iam, jwt")
	}
	c.wrap("accessLogRetentionDays", a.AccessLogRetentionDays, ValidateLogRetention(a.AccessLogRetentionDays))
	if cors := a.Cors; cors != nil {
		if len(cors.AllowOrigins) == 0 {
			c.add("cors.allowOrigins", nil, "at least one origin is required")
		}
		if cors.AllowCredentials && slices.Contains(cors.AllowOrigins, "*") {
			c.add("cors.allowCredentials", true, "is refused with origin *; list the origins")
		}
		if cors.MaxAgeSeconds < 0 || cors.MaxAgeSeconds > 86400 {
			c.add("cors.maxAgeSeconds", cors.MaxAgeSeconds, "is out of range; allowed: 0 to 86400")
		}
	}
	checkTags(&c, a.Tags)
	return c.err(HttpApiType, name)
}

// integrationUriCheck checks route i's integration URI when it is an output (a listener or Cloud
// Map service created in the same program), failing the integration before it reaches AWS.
func integrationUriCheck(name string, i int) func(string) error {
	return func(uri string) error {
		var c argsCheck
		c.wrap(field("routes", i, "integrationUri"), uri, ValidateIntegrationUri(uri))
		return c.err(HttpApiType, name)
	}
}

// NewHttpApi creates the API, one private integration and two routes per service, and a stage
// with access logs and throttling.
func NewHttpApi(ctx *pulumi.Context, name string, args *HttpApiArgs, opts ...pulumi.ResourceOption) (*HttpApi, error) {
	if args == nil {
		args = &HttpApiArgs{}
	}
	a := args.withDefaults()
	if err := a.validate(name); err != nil {
		return nil, err
	}
	h := &HttpApi{}
	if err := ctx.RegisterComponentResource(HttpApiType, name, h, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(h)

	apiArgs := &apigatewayv2.ApiArgs{
		ProtocolType: pulumi.String("HTTP"),
		Description:  pulumi.String("vpclink HTTP API " + name),
		Tags:         tagsWithName(a.Tags, name),
	}
	if c := a.Cors; c != nil {
		apiArgs.CorsConfiguration = apigatewayv2.ApiCorsConfigurationArgs{
			AllowOrigins:     pulumi.ToStringArray(c.AllowOrigins),
			AllowMethods:     pulumi.ToStringArray(c.AllowMethods),
			AllowHeaders:     pulumi.ToStringArray(c.AllowHeaders),
			ExposeHeaders:    pulumi.ToStringArray(c.ExposeHeaders),
			MaxAge:           pulumi.Int(c.MaxAgeSeconds),
			AllowCredentials: pulumi.Bool(c.AllowCredentials),
		}
	}
	if a.DisableExecuteApiEndpoint {
		apiArgs.DisableExecuteApiEndpoint = pulumi.Bool(true)
	}
	api, err := apigatewayv2.NewApi(ctx, name, apiArgs, parent, pulumi.Protect(a.Protect))
	if err != nil {
		return nil, err
	}

	var authorizerID pulumi.StringInput
	authType := "NONE"
	switch a.Authorization {
	case AuthIam:
		authType = "AWS_IAM"
	case AuthJwt:
		authType = "JWT"
		authz, err := apigatewayv2.NewAuthorizer(ctx, name+"-jwt", &apigatewayv2.AuthorizerArgs{
			ApiId:          api.ID(),
			Name:           pulumi.String(name + "-jwt"),
			AuthorizerType: pulumi.String("JWT"),
			IdentitySources: pulumi.StringArray{
				pulumi.String("$request.header.Authorization"),
			},
			JwtConfiguration: apigatewayv2.AuthorizerJwtConfigurationArgs{
				Issuer:    pulumi.String(a.Jwt.Issuer),
				Audiences: pulumi.ToStringArray(a.Jwt.Audiences),
			},
		}, parent)
		if err != nil {
			return nil, err
		}
		authorizerID = authz.ID()
	}

	// The stage goes after every integration and route: on destroy it is then deleted before them,
	// and they before the VPC link they use (aws-facts R8).
	var stageDeps []pulumi.Resource
	for i, r := range a.Routes {
		iArgs := &apigatewayv2.IntegrationArgs{
			ApiId:             api.ID(),
			IntegrationType:   pulumi.String("HTTP_PROXY"),
			IntegrationMethod: pulumi.String("ANY"),
			IntegrationUri:    checkedString(r.IntegrationUri, integrationUriCheck(name, i)),
			ConnectionType:    pulumi.String("VPC_LINK"),
			ConnectionId:      a.VpcLinkId,
			// Private integrations accept payload format 1.0 only (aws-facts A11).
			PayloadFormatVersion: pulumi.String("1.0"),
			TimeoutMilliseconds:  pulumi.Int(a.TimeoutMs),
			// Private integrations forward the stage name in the path unless the path is
			// overwritten: without this the backend sees /prod/api/orders (aws-facts A12).
			RequestParameters: pulumi.StringMap{"overwrite:path": pulumi.String("$request.path")},
			Description:       pulumi.String("private integration of " + r.Name),
		}
		if a.TlsServerName != "" {
			iArgs.TlsConfig = apigatewayv2.IntegrationTlsConfigArgs{ServerNameToVerify: pulumi.String(a.TlsServerName)}
		}
		integ, err := apigatewayv2.NewIntegration(ctx, name+"-"+r.Name, iArgs, parent)
		if err != nil {
			return nil, err
		}
		stageDeps = append(stageDeps, integ)
		for _, key := range []struct{ suffix, path string }{{"", r.PathPrefix}, {"-proxy", r.PathPrefix + "/{proxy+}"}} {
			rArgs := &apigatewayv2.RouteArgs{
				ApiId:             api.ID(),
				RouteKey:          pulumi.String("ANY " + key.path),
				Target:            pulumi.Sprintf("integrations/%s", integ.ID()),
				AuthorizationType: pulumi.String(authType),
			}
			if authorizerID != nil {
				rArgs.AuthorizerId = authorizerID
			}
			route, err := apigatewayv2.NewRoute(ctx, name+"-"+r.Name+key.suffix, rArgs, parent)
			if err != nil {
				return nil, err
			}
			stageDeps = append(stageDeps, route)
		}
	}

	logs, err := cloudwatch.NewLogGroup(ctx, name+"-access-logs", &cloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(a.AccessLogRetentionDays),
		Tags:            tagsWithName(a.Tags, name+"-access-logs"),
	}, parent)
	if err != nil {
		return nil, err
	}
	stage, err := apigatewayv2.NewStage(ctx, name, &apigatewayv2.StageArgs{
		ApiId:      api.ID(),
		Name:       pulumi.String(a.StageName),
		AutoDeploy: pulumi.Bool(true),
		AccessLogSettings: apigatewayv2.StageAccessLogSettingsArgs{
			DestinationArn: logs.Arn,
			Format:         pulumi.String(HttpAccessLogFormat()),
		},
		DefaultRouteSettings: apigatewayv2.StageDefaultRouteSettingsArgs{
			ThrottlingRateLimit:    pulumi.Float64(a.Throttling.RateLimit),
			ThrottlingBurstLimit:   pulumi.Int(a.Throttling.BurstLimit),
			DetailedMetricsEnabled: pulumi.Bool(true),
		},
		Tags: tagsWithName(a.Tags, name),
	}, parent, pulumi.DependsOn(stageDeps))
	if err != nil {
		return nil, err
	}

	urls := pulumi.StringMap{}
	for _, r := range a.Routes {
		urls[r.Name] = joinURL(stage.InvokeUrl, r.PathPrefix)
	}
	h.ApiId = api.ID().ToStringOutput()
	h.ApiEndpoint = api.ApiEndpoint
	h.InvokeUrl = stage.InvokeUrl
	h.InvokeUrls = urls.ToStringMapOutput()
	h.LogGroupName = logs.Name
	if err := ctx.RegisterResourceOutputs(h, pulumi.Map{
		"apiId":        h.ApiId,
		"apiEndpoint":  h.ApiEndpoint,
		"invokeUrl":    h.InvokeUrl,
		"invokeUrls":   h.InvokeUrls,
		"logGroupName": h.LogGroupName,
	}); err != nil {
		return nil, err
	}
	return h, nil
}

// joinURL appends a path prefix to a base URL that may or may not end in a slash.
func joinURL(base pulumi.StringOutput, prefix string) pulumi.StringOutput {
	return base.ApplyT(func(b string) string {
		return strings.TrimSuffix(b, "/") + prefix
	}).(pulumi.StringOutput)
}
