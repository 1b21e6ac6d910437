package stacks

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpclink/vpclink/components"
)

// Program is vpclink's Pulumi program. main.go runs it with pulumi.Run, and the Automation API runs
// the same function through auto.Program, so Pulumi.<stack>.yaml is the one source of
// per-environment values either way.
func Program(ctx *pulumi.Context) error {
	cfg, err := LoadConfig(ctx)
	if err != nil {
		return err
	}
	d, err := Deploy(ctx, cfg)
	if err != nil {
		return err
	}
	d.Export(ctx)
	return nil
}

// LoadConfig reads and validates the stack's config from the running program. Nothing is created
// when it fails.
func LoadConfig(ctx *pulumi.Context) (*Config, error) {
	// Under `pulumi up` the Go language host hands the program every config key in PULUMI_CONFIG,
	// so a misspelt key is caught here too; the Automation API path checks the stack file itself.
	if all := os.Getenv("PULUMI_CONFIG"); all != "" {
		var m map[string]any
		if json.Unmarshal([]byte(all), &m) == nil {
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			if err := CheckProjectKeys(ctx.Project(), keys); err != nil {
				return nil, err
			}
		}
	}
	var secret []string
	ns := ConfigNamespace(ctx.Project())
	for _, k := range Keys() {
		if ctx.IsConfigSecret(ns + ":" + k) {
			secret = append(secret, ns+":"+k)
		}
	}
	if err := CheckProjectSecrets(ns, secret); err != nil {
		return nil, err
	}
	return ParseConfig(ctx.Project(), ctx.Stack(), ctx.GetConfig)
}

// Deployment is what Deploy built, for exports and tests.
type Deployment struct {
	Config          *Config
	Network         *components.Network
	Cluster         *components.Cluster
	Services        map[string]*components.FargateService
	Nlb             *components.Nlb
	Alb             *components.Alb
	AccessLogs      *components.AccessLogBucket
	CloudMap        *components.CloudMap
	HttpLink        *components.HttpLink
	RestLink        *components.RestLink
	PrivateEndpoint *components.PrivateEndpoint
	Account         *components.ApiGatewayAccount
	HttpApis        map[string]*components.HttpApi
	RestApis        map[string]*components.RestApi
	// Domains by domain name, UsagePlans and WebAcls by frontend name (see deployFrontDoor).
	Domains    map[string]*components.CustomDomain
	UsagePlans map[string]*components.UsagePlans
	WebAcls    map[string]*components.WebAcl
}

// Deploy builds the network, the services, what fronts them and the frontends from cfg. Shared
// pieces are created once and only when a frontend needs them: one NLB for every NLB frontend, one
// ALB for every ALB frontend, one V2 link for every HTTP and REST frontend, one execute-api
// endpoint for every private one, and a V1 link only for the REST frontends that chose it.
func Deploy(ctx *pulumi.Context, cfg *Config) (*Deployment, error) {
	return DeployWith(ctx, cfg, components.NewRestApi)
}

// RestApiConstructor builds the REST API of a REST frontend.
type RestApiConstructor func(ctx *pulumi.Context, name string, args *components.RestApiArgs, opts ...pulumi.ResourceOption) (*components.RestApi, error)

// DeployWith is Deploy with another REST API constructor: the upgrade tests run the same stack with
// the per-method REST construction vpclink used before its OpenAPI documents. opts go to every
// top-level component it creates: the multi-language Vpclink component (provider/) passes
// pulumi.Parent to build the same stack under itself, with the same types and names.
//
// cfg may come from ParseConfig or LoadConfig, or be built in Go: DeployWith first applies the same
// defaults and validation (see Config.Complete), so nothing is created for an invalid Config, and
// nil means every default.
func DeployWith(ctx *pulumi.Context, cfg *Config, newRestApi RestApiConstructor, opts ...pulumi.ResourceOption) (*Deployment, error) {
	cfg, err := completeConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	d := &Deployment{
		Config:   cfg,
		Services: map[string]*components.FargateService{},
		HttpApis: map[string]*components.HttpApi{},
		RestApis: map[string]*components.RestApi{},
	}
	tags := cfg.Tags

	netArgs := &components.NetworkArgs{
		CidrBlock:         cfg.Network.Cidr,
		AvailabilityZones: cfg.Network.AvailabilityZones,
		NatGateways:       components.NatStrategy(cfg.Network.NatGateways),
		FlowLogs:          cfg.Network.FlowLogs,
		LogRetentionDays:  cfg.LogRetentionDays,
		Endpoints:         cfg.Endpoints(),
		Region:            cfg.Region,
		Protect:           cfg.Protect,
		Tags:              tags,
	}
	if e := cfg.Network.Existing; e != nil {
		netArgs.Existing = &components.ExistingVpc{VpcId: e.VpcId, CidrBlock: e.Cidr, PrivateSubnetIds: e.PrivateSubnetIds}
		netArgs.RequireDnsHostnames = cfg.NeedsPrivateEndpoint() && cfg.PrivateDns()
		// The V2 link goes in the given subnets, which must be in zones it supports (aws-facts A9).
		netArgs.RequireV2LinkZones = cfg.NeedsHttpLink()
	}
	net, err := components.NewNetwork(ctx, "network", netArgs, opts...)
	if err != nil {
		return nil, atKey(err, renamed(cfg, "network", map[string]string{
			"cidrBlock": "network.cidr", "existing.cidrBlock": "network.existing.cidr", "logRetentionDays": "logRetentionDays"}))
	}
	d.Network = net

	var linkPeer components.Peer
	if cfg.NeedsHttpLink() {
		if d.HttpLink, err = components.NewHttpLink(ctx, "http-link", &components.HttpLinkArgs{
			VpcId: net.VpcId, SubnetIds: net.PrivateSubnetIds, Tags: tags,
		}, opts...); err != nil {
			return nil, atKey(err, renamed(cfg, "network", map[string]string{"subnetIds": subnetsKey(cfg)}))
		}
		linkPeer = components.Peer{Name: "http-link", SecurityGroupId: d.HttpLink.SecurityGroupId, Description: "from the API Gateway V2 VPC link"}
	}

	if d.Cluster, err = components.NewCluster(ctx, "cluster", &components.ClusterArgs{Tags: tags}, opts...); err != nil {
		return nil, err
	}

	if cfg.NeedsCloudMap() {
		var names []string
		for _, s := range cfg.Services {
			names = append(names, s.Name)
		}
		if d.CloudMap, err = components.NewCloudMap(ctx, "cloudmap", &components.CloudMapArgs{
			VpcId: net.VpcId, Namespace: cfg.CloudMapNamespace(), Services: names, Tags: tags,
		}, opts...); err != nil {
			return nil, atKey(err, serviceList(cfg))
		}
	}

	deletionProtection := *cfg.LoadBalancers.DeletionProtection
	// Access logs go to the bucket the config names, or to one the stack creates (prod's default).
	// The NLB logs only with TLS listeners (aws-facts E6).
	var albLogs, nlbLogs pulumi.StringInput
	if name := cfg.ExistingAccessLogsBucket(); name != "" {
		albLogs = pulumi.String(name)
		if cfg.nlbWritesLogs() {
			nlbLogs = albLogs
		}
	}
	if cfg.AccessLogsBucketCreated() {
		args := &components.AccessLogBucketArgs{Region: cfg.Region, RetentionDays: cfg.LogRetentionDays, Protect: cfg.Protect, Tags: tags}
		if cfg.NeedsAlb() {
			args.AlbPrefixes = []string{"alb"}
		}
		if cfg.nlbWritesLogs() {
			args.NlbPrefixes = []string{"nlb"}
		}
		if d.AccessLogs, err = components.NewAccessLogBucket(ctx, "access-logs", args, opts...); err != nil {
			return nil, atKey(err, renamed(cfg, "loadBalancers.accessLogs", map[string]string{"retentionDays": "logRetentionDays"}))
		}
		albLogs = d.AccessLogs.BucketName
		if cfg.nlbWritesLogs() {
			nlbLogs = d.AccessLogs.BucketName
		}
	}
	if cfg.NeedsNlb() {
		var listeners []components.NlbListener
		for _, s := range cfg.Services {
			listeners = append(listeners, components.NlbListener{Name: s.Name, Port: s.ListenerPort, TargetPort: s.Port, HealthCheckPath: s.HealthCheckPath})
		}
		// The REST (V1) link needs no rule: it reaches the NLB over PrivateLink with inbound-rule
		// enforcement off (NlbArgs), so its traffic skips the group (aws-facts A6). A VPC-CIDR rule
		// "for the link" would do nothing for it and let every host in the VPC reach the backends
		// around API Gateway (aws-facts E9); in-VPC clients are an explicit opt-in instead.
		var ingress []components.Peer
		if cfg.NlbOverV2() {
			// HTTP frontends to NLB listeners and REST frontends over the V2 link both arrive
			// from the link's ENIs, whose group the NLB's group admits on each listener port.
			ingress = append(ingress, linkPeer)
		}
		ingress = append(ingress, directClients(cfg)...)
		if d.Nlb, err = components.NewNlb(ctx, "nlb", &components.NlbArgs{
			VpcId: net.VpcId, SubnetIds: net.PrivateSubnetIds, Listeners: listeners, Ingress: ingress,
			CertificateArn: cfg.LoadBalancers.CertificateArn, SslPolicy: cfg.LoadBalancers.SslPolicy,
			AccessLogsBucket:   nlbLogs,
			DeletionProtection: deletionProtection, Protect: cfg.Protect, Tags: tags,
		}, opts...); err != nil {
			return nil, atKey(err, renamed(cfg, "loadBalancers", map[string]string{"ingress": "loadBalancers.ingress", "subnetIds": subnetsKey(cfg)}))
		}
	}
	if cfg.NeedsAlb() {
		var routes []components.AlbRoute
		for _, s := range cfg.Services {
			routes = append(routes, components.AlbRoute{Name: s.Name, PathPrefix: s.PathPrefix, TargetPort: s.Port, HealthCheckPath: s.HealthCheckPath})
		}
		if d.Alb, err = components.NewAlb(ctx, "alb", &components.AlbArgs{
			VpcId: net.VpcId, SubnetIds: net.PrivateSubnetIds, Routes: routes, Ingress: append([]components.Peer{linkPeer}, directClients(cfg)...),
			CertificateArn: cfg.LoadBalancers.CertificateArn, SslPolicy: cfg.LoadBalancers.SslPolicy,
			AccessLogsBucket:   albLogs,
			DeletionProtection: deletionProtection, Protect: cfg.Protect, Tags: tags,
		}, opts...); err != nil {
			return nil, atKey(err, renamed(cfg, "loadBalancers", map[string]string{"ingress": "loadBalancers.ingress", "subnetIds": subnetsKey(cfg)}))
		}
	}

	for _, s := range cfg.Services {
		args := &components.FargateServiceArgs{
			ClusterArn: d.Cluster.Arn, VpcId: net.VpcId, SubnetIds: net.PrivateSubnetIds,
			Image: s.Image, Port: s.Port, Cpu: s.Cpu, Memory: s.Memory, DesiredCount: s.DesiredCount,
			HealthCheckPath: s.HealthCheckPath, HealthCheckCommand: s.HealthCheckCommand,
			Environment: s.Environment, Secrets: s.Secrets,
			ReadonlyRootFilesystem: *s.ReadonlyRootFilesystem,
			LogRetentionDays:       cfg.LogRetentionDays,
			// Without NAT the tasks reach ECR, S3 and CloudWatch Logs only through the network's
			// endpoints, and nothing else orders the service after them: http-cloudmap has no
			// load balancer to wait for (aws-facts E4). With NAT these are the endpoints named in
			// network.endpoints, which the application may need from its first request.
			StartAfter: net.Endpoints,
			Region:     cfg.Region,
			Tags:       tags,
		}
		if a := s.Autoscaling; a != nil {
			args.Autoscaling = &components.Autoscaling{Min: a.Min, Max: a.Max, CpuTargetPercent: a.CpuTargetPercent}
		}
		if d.Nlb != nil {
			args.TargetGroupArns = append(args.TargetGroupArns, d.Nlb.TargetGroupArns[s.Name])
			args.Ingress = append(args.Ingress, components.Peer{Name: "nlb", SecurityGroupId: d.Nlb.SecurityGroupId, Description: "from the internal NLB"})
		}
		if d.Alb != nil {
			args.TargetGroupArns = append(args.TargetGroupArns, d.Alb.TargetGroupArns[s.Name])
			args.Ingress = append(args.Ingress, components.Peer{Name: "alb", SecurityGroupId: d.Alb.SecurityGroupId, Description: "from the internal ALB"})
		}
		if d.CloudMap != nil {
			args.CloudMapServiceArn = d.CloudMap.Arns[s.Name]
			args.Ingress = append(args.Ingress, linkPeer)
		}
		svc, err := components.NewFargateService(ctx, s.Name, args, opts...)
		if err != nil {
			return nil, atKey(err, renamed(cfg, childKey("services", s.Name), map[string]string{"logRetentionDays": "logRetentionDays"}))
		}
		d.Services[s.Name] = svc
	}

	if cfg.NeedsRestLink() {
		if d.RestLink, err = components.NewRestLink(ctx, "rest-link", &components.RestLinkArgs{NlbArn: d.Nlb.Arn, Tags: tags}, opts...); err != nil {
			return nil, atKey(err, under(cfg, "loadBalancers"))
		}
	}
	if cfg.HasRest() {
		if cfg.ApiGatewayAccount {
			if d.Account, err = components.NewApiGatewayAccount(ctx, "apigateway-account", &components.ApiGatewayAccountArgs{Region: cfg.Region, Tags: tags}, opts...); err != nil {
				return nil, err
			}
		}
	}
	if cfg.NeedsPrivateEndpoint() {
		var cidrs []string
		for _, f := range cfg.Frontends {
			if f.Variant.IsPrivate() {
				cidrs = append(cidrs, cfg.ClientCidrs(f)...)
			}
		}
		if d.PrivateEndpoint, err = components.NewPrivateEndpoint(ctx, "execute-api", &components.PrivateEndpointArgs{
			VpcId: net.VpcId, SubnetIds: net.PrivateSubnetIds, ClientCidrs: cidrs, PrivateDns: cfg.PrivateDns(),
			Region: cfg.Region, Protect: cfg.Protect, Tags: tags,
		}, opts...); err != nil {
			return nil, atKey(err, under(cfg, "frontends"))
		}
	}

	for i, f := range cfg.Frontends {
		if f.Variant.IsHttp() {
			api, err := newHttpFrontend(ctx, cfg, d, f, opts...)
			if err != nil {
				return nil, atKey(err, under(cfg, fmt.Sprintf("frontends[%d]", i)))
			}
			d.HttpApis[f.Name] = api
		} else {
			api, err := newRestFrontend(ctx, cfg, d, f, newRestApi, opts...)
			if err != nil {
				return nil, atKey(err, under(cfg, fmt.Sprintf("frontends[%d]", i)))
			}
			d.RestApis[f.Name] = api
		}
	}
	if err := deployFrontDoor(ctx, cfg, d, opts...); err != nil {
		return nil, err
	}
	return d, nil
}

func newHttpFrontend(ctx *pulumi.Context, cfg *Config, d *Deployment, f FrontendConfig, opts ...pulumi.ResourceOption) (*components.HttpApi, error) {
	var routes []components.HttpRoute
	for _, s := range cfg.Services {
		r := components.HttpRoute{Name: s.Name, PathPrefix: s.PathPrefix}
		switch f.Variant {
		case HttpAlb:
			r.IntegrationUri = d.Alb.ListenerArn
		case HttpNlb:
			r.IntegrationUri = d.Nlb.ListenerArns.MapIndex(pulumi.String(s.Name))
		case HttpCloudMap:
			r.IntegrationUri = d.CloudMap.Arns[s.Name]
		}
		routes = append(routes, r)
	}
	args := &components.HttpApiArgs{
		VpcLinkId: d.HttpLink.VpcLinkId, Routes: routes, StageName: f.StageName,
		Authorization: components.Authorization(f.Authorization), Jwt: toJwt(f.Jwt),
		Throttling: &components.Throttling{RateLimit: f.Throttling.RateLimit, BurstLimit: f.Throttling.BurstLimit},
		TimeoutMs:  f.TimeoutMs, TlsServerName: f.TlsServerName,
		AccessLogRetentionDays: f.AccessLogRetentionDays, Protect: cfg.Protect, Tags: cfg.Tags,
	}
	frontDoorHttpArgs(f, args)
	return components.NewHttpApi(ctx, f.Name, args, opts...)
}

func newRestFrontend(ctx *pulumi.Context, cfg *Config, d *Deployment, f FrontendConfig, newRestApi RestApiConstructor, opts ...pulumi.ResourceOption) (*components.RestApi, error) {
	args := &components.RestApiArgs{
		EndpointType:  components.RestRegional,
		BackendTls:    cfg.LoadBalancers.CertificateArn != "",
		StageName:     f.StageName,
		Authorization: components.Authorization(f.Authorization),
		Throttling:    &components.Throttling{RateLimit: f.Throttling.RateLimit, BurstLimit: f.Throttling.BurstLimit},
		Streaming:     f.Streaming,
		TimeoutMs:     f.TimeoutMs, AccessLogRetentionDays: f.AccessLogRetentionDays, XrayTracing: f.XrayTracing,
		Protect: cfg.Protect, Tags: cfg.Tags,
	}
	if f.Variant.ToAlb() {
		// One listener, whose path rules pick the service: every route's URI names its port, and
		// the integration target is the ALB itself, not the listener (aws-facts R10).
		args.BackendHost = d.Alb.DnsName
		args.VpcLinkId = d.HttpLink.VpcLinkId
		args.IntegrationTarget = d.Alb.Arn
		for _, s := range cfg.Services {
			args.Routes = append(args.Routes, components.RestRoute{Name: s.Name, PathPrefix: s.PathPrefix, Port: d.Alb.ListenerPort})
		}
	} else {
		// One NLB listener per service: the URI's port picks it.
		args.BackendHost = d.Nlb.DnsName
		if f.UsesV1Link() {
			args.VpcLinkId = d.RestLink.VpcLinkId
		} else {
			args.VpcLinkId = d.HttpLink.VpcLinkId
			args.IntegrationTarget = d.Nlb.Arn
		}
		for _, s := range cfg.Services {
			args.Routes = append(args.Routes, components.RestRoute{Name: s.Name, PathPrefix: s.PathPrefix, Port: s.ListenerPort})
		}
	}
	if f.TlsServerName != "" {
		args.BackendHost = pulumi.String(f.TlsServerName)
	}
	if d.Account != nil {
		args.CloudWatchRoleArn = d.Account.CloudWatchRoleArn
	}
	if f.Variant.IsPrivate() {
		args.EndpointType = components.RestPrivate
		args.VpcEndpointId = d.PrivateEndpoint.VpcEndpointId
		args.AllowedPrincipals = f.AllowedPrincipals
	}
	frontDoorRestArgs(f, args)
	return newRestApi(ctx, f.Name, args, opts...)
}

var peerNameUnsafe = regexp.MustCompile(`[^A-Za-z0-9.-]+`)

// directClients are the in-VPC clients vpclink:loadBalancers.ingress admits to the load balancers.
// Their rule names come from the value, not the position, so removing one entry deletes only its
// rules. Client groups are not the stack's: only the ingress side is added.
func directClients(cfg *Config) []components.Peer {
	in := cfg.LoadBalancers.Ingress
	if in == nil {
		return nil
	}
	var out []components.Peer
	for _, cidr := range in.Cidrs {
		out = append(out, components.Peer{Name: "client-" + peerNameUnsafe.ReplaceAllString(cidr, "-"), CidrBlock: cidr,
			Description: "from in-VPC clients " + cidr + " (loadBalancers.ingress, around API Gateway)"})
	}
	for _, id := range in.SecurityGroupIds {
		out = append(out, components.Peer{Name: "client-" + id, SecurityGroupId: pulumi.String(id), External: true,
			Description: "from in-VPC clients " + id + " (loadBalancers.ingress, around API Gateway)"})
	}
	return out
}

// Endpoints are the VPC endpoint services the program asks the network for: the ones the config
// names and, without NAT, the ones the services' secrets are read through (aws-facts E4).
func (c *Config) Endpoints() []string {
	out := append([]string(nil), c.Network.Endpoints...)
	if components.NatStrategy(c.Network.NatGateways) != components.NatNone || c.Network.Existing != nil {
		return out
	}
	for _, s := range c.Services {
		for _, ref := range s.Secrets {
			if strings.Contains(ref, ":ssm:") {
				out = append(out, "ssm")
			} else {
				out = append(out, "secretsmanager")
			}
		}
	}
	return out
}

var dnsUnsafe = regexp.MustCompile(`[^a-z0-9-]+`)

// CloudMapNamespace is the Cloud Map domain of a stack: <stack>.<project>.internal.
func (c *Config) CloudMapNamespace() string {
	label := func(s string) string {
		s = strings.Trim(dnsUnsafe.ReplaceAllString(strings.ToLower(s), "-"), "-")
		if len(s) > 63 {
			s = s[:63]
		}
		return s
	}
	return fmt.Sprintf("%s.%s.internal", label(c.Stack), label(c.Project))
}
