package provider

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumix"

	"github.com/vpclink/vpclink/components"
	"github.com/vpclink/vpclink/stacks"
)

// VpclinkType is the Pulumi type token of Vpclink.
const VpclinkType = "vpclink:index:Vpclink"

// VpclinkArgs is a vpclink stack's config as component inputs: the keys of Pulumi.yaml's
// vpclink: namespace, with the same defaults and validation. The nested types mirror the stack
// config types of package stacks, field for field; their descriptions are those types' doc
// comments.
type VpclinkArgs struct {
	// Environment is dev or prod; it decides environment-dependent defaults (log retention,
	// access logs, read-only root filesystems) and which policy rules are mandatory. Defaults to
	// dev.
	Environment *string `pulumi:"environment,optional" json:"environment,omitempty"`
	// LogRetentionDays of every log group. Defaults to 7 in dev, 30 in prod.
	LogRetentionDays *int `pulumi:"logRetentionDays,optional" json:"logRetentionDays,omitempty"`
	// Network is the VPC: its CIDR, zones, NAT strategy, flow logs and endpoints, or an existing
	// VPC. Defaults to a new 10.0.0.0/16 VPC in 2 zones with one NAT gateway.
	Network *NetworkConfig `pulumi:"network,optional" json:"network,omitempty"`
	// Services are the ECS Fargate services by name (1 to 20 lower-case letters, digits, -).
	// Defaults to one service named api.
	Services map[string]ServiceConfig `pulumi:"services,optional" json:"services,omitempty"`
	// Frontends are the API Gateway APIs in front of every service, one per entry. Defaults to one
	// http-alb frontend.
	Frontends []FrontendConfig `pulumi:"frontends,optional" json:"frontends,omitempty"`
	// LoadBalancers configures the internal load balancers: TLS, access logs, deletion protection
	// and direct in-VPC clients.
	LoadBalancers *LoadBalancersConfig `pulumi:"loadBalancers,optional" json:"loadBalancers,omitempty"`
	// ApiGatewayAccount makes the stack manage the Region's API Gateway CloudWatch role when it has
	// a REST frontend. Defaults to true.
	ApiGatewayAccount *bool `pulumi:"apiGatewayAccount,optional" json:"apiGatewayAccount,omitempty"`
	// Protect marks the stateful resources (VPC, load balancers, APIs, buckets) protected and turns
	// deletion protection on. Defaults to false.
	Protect *bool `pulumi:"protect,optional" json:"protect,omitempty"`
	// Tags added to every resource. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional" json:"tags,omitempty"`
}

// NetworkConfig mirrors stacks.NetworkConfig.
type NetworkConfig struct {
	Cidr              *string         `pulumi:"cidr,optional" json:"cidr,omitempty"`
	AvailabilityZones *int            `pulumi:"availabilityZones,optional" json:"availabilityZones,omitempty"`
	NatGateways       *string         `pulumi:"natGateways,optional" json:"natGateways,omitempty"`
	FlowLogs          *bool           `pulumi:"flowLogs,optional" json:"flowLogs,omitempty"`
	Endpoints         []string        `pulumi:"endpoints,optional" json:"endpoints,omitempty"`
	Existing          *ExistingConfig `pulumi:"existing,optional" json:"existing,omitempty"`
}

// ExistingConfig mirrors stacks.ExistingConfig.
type ExistingConfig struct {
	VpcId            string   `pulumi:"vpcId" json:"vpcId"`
	Cidr             string   `pulumi:"cidr" json:"cidr"`
	PrivateSubnetIds []string `pulumi:"privateSubnetIds" json:"privateSubnetIds"`
}

// ServiceConfig mirrors stacks.ServiceConfig.
type ServiceConfig struct {
	Image                  *string            `pulumi:"image,optional" json:"image,omitempty"`
	Port                   *int               `pulumi:"port,optional" json:"port,omitempty"`
	ListenerPort           *int               `pulumi:"listenerPort,optional" json:"listenerPort,omitempty"`
	Cpu                    *int               `pulumi:"cpu,optional" json:"cpu,omitempty"`
	Memory                 *int               `pulumi:"memory,optional" json:"memory,omitempty"`
	DesiredCount           *int               `pulumi:"desiredCount,optional" json:"desiredCount,omitempty"`
	HealthCheckPath        *string            `pulumi:"healthCheckPath,optional" json:"healthCheckPath,omitempty"`
	HealthCheckCommand     []string           `pulumi:"healthCheckCommand,optional" json:"healthCheckCommand,omitempty"`
	PathPrefix             *string            `pulumi:"pathPrefix,optional" json:"pathPrefix,omitempty"`
	Environment            map[string]string  `pulumi:"environment,optional" json:"environment,omitempty"`
	Secrets                map[string]string  `pulumi:"secrets,optional" json:"secrets,omitempty"`
	Autoscaling            *AutoscalingConfig `pulumi:"autoscaling,optional" json:"autoscaling,omitempty"`
	ReadonlyRootFilesystem *bool              `pulumi:"readonlyRootFilesystem,optional" json:"readonlyRootFilesystem,omitempty"`
}

// AutoscalingConfig mirrors stacks.AutoscalingConfig.
type AutoscalingConfig struct {
	Min              int  `pulumi:"min" json:"min"`
	Max              int  `pulumi:"max" json:"max"`
	CpuTargetPercent *int `pulumi:"cpuTargetPercent,optional" json:"cpuTargetPercent,omitempty"`
}

// FrontendConfig mirrors stacks.FrontendConfig.
type FrontendConfig struct {
	Name                   *string           `pulumi:"name,optional" json:"name,omitempty"`
	Variant                string            `pulumi:"variant" json:"variant"`
	StageName              *string           `pulumi:"stageName,optional" json:"stageName,omitempty"`
	Authorization          *string           `pulumi:"authorization,optional" json:"authorization,omitempty"`
	Jwt                    *JwtConfig        `pulumi:"jwt,optional" json:"jwt,omitempty"`
	Throttling             *ThrottlingConfig `pulumi:"throttling,optional" json:"throttling,omitempty"`
	TimeoutMs              *int              `pulumi:"timeoutMs,optional" json:"timeoutMs,omitempty"`
	AccessLogRetentionDays *int              `pulumi:"accessLogRetentionDays,optional" json:"accessLogRetentionDays,omitempty"`
	PrivateDns             *bool             `pulumi:"privateDns,optional" json:"privateDns,omitempty"`
	ClientCidrs            []string          `pulumi:"clientCidrs,optional" json:"clientCidrs,omitempty"`
	AllowedPrincipals      []string          `pulumi:"allowedPrincipals,optional" json:"allowedPrincipals,omitempty"`
	TlsServerName          *string           `pulumi:"tlsServerName,optional" json:"tlsServerName,omitempty"`
	XrayTracing            *bool             `pulumi:"xrayTracing,optional" json:"xrayTracing,omitempty"`
	VpcLink                *string           `pulumi:"vpcLink,optional" json:"vpcLink,omitempty"`
	Streaming              *bool             `pulumi:"streaming,optional" json:"streaming,omitempty"`
}

// JwtConfig mirrors stacks.JwtConfig.
type JwtConfig struct {
	Issuer    string   `pulumi:"issuer" json:"issuer"`
	Audiences []string `pulumi:"audiences" json:"audiences"`
}

// ThrottlingConfig mirrors stacks.ThrottlingConfig.
type ThrottlingConfig struct {
	RateLimit  *float64 `pulumi:"rateLimit,optional" json:"rateLimit,omitempty"`
	BurstLimit *int     `pulumi:"burstLimit,optional" json:"burstLimit,omitempty"`
}

// LoadBalancersConfig mirrors stacks.LoadBalancersConfig.
type LoadBalancersConfig struct {
	CertificateArn     *string          `pulumi:"certificateArn,optional" json:"certificateArn,omitempty"`
	SslPolicy          *string          `pulumi:"sslPolicy,optional" json:"sslPolicy,omitempty"`
	AccessLogs         *string          `pulumi:"accessLogs,optional" json:"accessLogs,omitempty"`
	AccessLogsBucket   *string          `pulumi:"accessLogsBucket,optional" json:"accessLogsBucket,omitempty"`
	DeletionProtection *bool            `pulumi:"deletionProtection,optional" json:"deletionProtection,omitempty"`
	Ingress            *LbIngressConfig `pulumi:"ingress,optional" json:"ingress,omitempty"`
}

// LbIngressConfig is loadBalancers.ingress: in-VPC clients admitted to the internal load
// balancers' listener ports directly, besides the VPC link (aws-facts E9). Defaults to none.
type LbIngressConfig struct {
	// Cidrs of the clients.
	Cidrs []string `pulumi:"cidrs,optional" json:"cidrs,omitempty"`
	// SecurityGroupIds of the clients; their groups are not the stack's, so only the ingress side
	// is added.
	SecurityGroupIds []string `pulumi:"securityGroupIds,optional" json:"securityGroupIds,omitempty"`
}

// Vpclink is a whole vpclink stack as one component: the network, the Fargate services, what
// fronts them and the API Gateway frontends, exactly what the vpclink Pulumi program builds for
// the same config. Its children have the types and names of the program's resources, so one
// Vpclink per stack.
type Vpclink struct {
	pulumi.ResourceState

	// VpcId of the (created or existing) VPC.
	VpcId pulumi.StringOutput `pulumi:"vpcId"`
	// PrivateSubnetIds of the VPC, one per availability zone.
	PrivateSubnetIds pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	// ClusterName of the ECS cluster.
	ClusterName pulumi.StringOutput `pulumi:"clusterName"`
	// HttpVpcLinkId of the V2 VPC link, when an HTTP frontend or a REST frontend over v2 needs it.
	HttpVpcLinkId pulumi.StringPtrOutput `pulumi:"httpVpcLinkId,optional"`
	// RestVpcLinkId of the V1 VPC link, when a REST frontend chose vpcLink v1.
	RestVpcLinkId pulumi.StringPtrOutput `pulumi:"restVpcLinkId,optional"`
	// NlbDnsName of the internal NLB, when there is one.
	NlbDnsName pulumi.StringPtrOutput `pulumi:"nlbDnsName,optional"`
	// AlbDnsName of the internal ALB, when there is one.
	AlbDnsName pulumi.StringPtrOutput `pulumi:"albDnsName,optional"`
	// CloudMapNamespace, <stack>.<project>.internal, with http-cloudmap.
	CloudMapNamespace pulumi.StringPtrOutput `pulumi:"cloudMapNamespace,optional"`
	// ExecuteApiEndpointId of the execute-api VPC endpoint, with a private frontend.
	ExecuteApiEndpointId pulumi.StringPtrOutput `pulumi:"executeApiEndpointId,optional"`
	// Services by name.
	Services pulumix.Output[map[string]ServiceOutputs] `pulumi:"services"`
	// Frontends by name.
	Frontends pulumix.Output[map[string]FrontendOutputs] `pulumi:"frontends"`
}

// ServiceOutputs is what a Vpclink reports of one service.
type ServiceOutputs struct {
	// ServiceName of the ECS service.
	ServiceName string `pulumi:"serviceName"`
	// SecurityGroupId of the service's tasks: add the service's own egress here.
	SecurityGroupId string `pulumi:"securityGroupId"`
	// TaskRoleArn of the service's tasks: attach its policies here.
	TaskRoleArn string `pulumi:"taskRoleArn"`
	// LogGroupName of the container logs.
	LogGroupName string `pulumi:"logGroupName"`
}

// FrontendOutputs is what a Vpclink reports of one frontend.
type FrontendOutputs struct {
	// Variant of the frontend.
	Variant string `pulumi:"variant"`
	// ApiId of the HTTP or REST API.
	ApiId string `pulumi:"apiId"`
	// Url of the API's stage.
	Url string `pulumi:"url"`
	// InvokeUrls per service: the stage URL with the service's path prefix.
	InvokeUrls map[string]string `pulumi:"invokeUrls"`
	// VpceUrl of a private API, https://{api-id}-{vpce-id}.execute-api.{region}.amazonaws.com/{stage}.
	VpceUrl *string `pulumi:"vpceUrl,optional"`
}

// Config turns the inputs into the stack config for project and stack, with the defaults and
// validation of a stack file holding the same values (stacks.ParseConfig). region is aws:region.
// A problem is reported under its input path (frontends[0].variant), with the stack config's
// message.
func (a *VpclinkArgs) Config(project, stack, region string) (*stacks.Config, error) {
	if a == nil {
		a = &VpclinkArgs{}
	}
	ns := stacks.ConfigNamespace(project)
	raw := map[string]string{}
	put := func(key string, v any, object bool) error {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("vpclink: encoding %s: %w", key, err)
		}
		text := string(b)
		if !object {
			text = strings.Trim(text, `"`)
		}
		raw[ns+":"+key] = text
		return nil
	}
	type entry struct {
		key    string
		set    bool
		v      any
		object bool
	}
	for _, e := range []entry{
		{"environment", a.Environment != nil, deref(a.Environment), false},
		{"logRetentionDays", a.LogRetentionDays != nil, deref(a.LogRetentionDays), false},
		{"network", a.Network != nil, a.Network, true},
		{"services", a.Services != nil, a.Services, true},
		{"frontends", a.Frontends != nil, a.Frontends, true},
		{"loadBalancers", a.LoadBalancers != nil, a.LoadBalancers, true},
		{"apiGatewayAccount", a.ApiGatewayAccount != nil, deref(a.ApiGatewayAccount), false},
		{"protect", a.Protect != nil, deref(a.Protect), false},
		{"tags", a.Tags != nil, a.Tags, true},
	} {
		if !e.set {
			continue
		}
		if err := put(e.key, e.v, e.object); err != nil {
			return nil, err
		}
	}
	if region != "" {
		raw["aws:region"] = region
	}
	cfg, err := stacks.ParseConfig(project, stack, func(k string) (string, bool) {
		v, ok := raw[k]
		return v, ok
	})
	var ve *stacks.ValidationError
	if errors.As(err, &ve) {
		out := &stacks.ValidationError{}
		for _, p := range ve.Problems {
			p.Key = strings.TrimPrefix(p.Key, ns+":")
			out.Problems = append(out.Problems, p)
		}
		return nil, fmt.Errorf("Vpclink: %w", out)
	}
	return cfg, err
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// NewVpclink builds a whole vpclink stack under one component, with stacks.DeployWith: the same
// resources, types and names as the vpclink program for the same config, parented to the
// component. Nothing is created when the config is invalid.
func NewVpclink(ctx *pulumi.Context, name string, args *VpclinkArgs, opts ...pulumi.ResourceOption) (*Vpclink, error) {
	region, _ := ctx.GetConfig("aws:region")
	cfg, err := args.Config(ctx.Project(), ctx.Stack(), region)
	if err != nil {
		return nil, err
	}
	v := &Vpclink{}
	if err := ctx.RegisterComponentResource(VpclinkType, name, v, opts...); err != nil {
		return nil, err
	}
	d, err := stacks.DeployWith(ctx, cfg, components.NewRestApi, pulumi.Parent(v))
	if err != nil {
		return nil, err
	}
	v.VpcId = d.Network.VpcId
	v.PrivateSubnetIds = d.Network.PrivateSubnetIds
	v.ClusterName = d.Cluster.Name
	none := pulumi.ToOutput((*string)(nil)).(pulumi.StringPtrOutput)
	v.HttpVpcLinkId, v.RestVpcLinkId, v.NlbDnsName, v.AlbDnsName, v.CloudMapNamespace, v.ExecuteApiEndpointId = none, none, none, none, none, none
	if d.HttpLink != nil {
		v.HttpVpcLinkId = d.HttpLink.VpcLinkId.ToStringPtrOutput()
	}
	if d.RestLink != nil {
		v.RestVpcLinkId = d.RestLink.VpcLinkId.ToStringPtrOutput()
	}
	if d.Nlb != nil {
		v.NlbDnsName = d.Nlb.DnsName.ToStringPtrOutput()
	}
	if d.Alb != nil {
		v.AlbDnsName = d.Alb.DnsName.ToStringPtrOutput()
	}
	if d.CloudMap != nil {
		v.CloudMapNamespace = d.CloudMap.NamespaceName.ToStringPtrOutput()
	}
	if d.PrivateEndpoint != nil {
		v.ExecuteApiEndpointId = d.PrivateEndpoint.VpcEndpointId.ToStringPtrOutput()
	}
	outs := d.Outputs()
	v.Services = pulumix.Apply(plain(outs[stacks.OutServices]), decodeInto[map[string]ServiceOutputs])
	v.Frontends = pulumix.Apply(plain(outs[stacks.OutFrontends]), decodeInto[map[string]FrontendOutputs])
	if err := ctx.RegisterResourceOutputs(v, pulumi.Map{
		"vpcId": v.VpcId, "privateSubnetIds": v.PrivateSubnetIds, "clusterName": v.ClusterName,
		"httpVpcLinkId": v.HttpVpcLinkId, "restVpcLinkId": v.RestVpcLinkId,
		"nlbDnsName": v.NlbDnsName, "albDnsName": v.AlbDnsName,
		"cloudMapNamespace": v.CloudMapNamespace, "executeApiEndpointId": v.ExecuteApiEndpointId,
		"services": v.Services.AsAny(), "frontends": v.Frontends.AsAny(),
	}); err != nil {
		return nil, err
	}
	return v, nil
}

// plain is a stack output (a pulumi.Map of outputs) as one output of its plain value.
func plain(in pulumi.Input) pulumix.Output[any] {
	return pulumix.MustConvertTyped[any](in.(pulumi.Map).ToMapOutput())
}

// decodeInto converts the plain value of a stack output (maps of strings) into T through JSON.
func decodeInto[T any](v any) T {
	var out T
	b, err := json.Marshal(v)
	if err == nil {
		_ = json.Unmarshal(b, &out)
	}
	return out
}
