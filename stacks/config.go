// Package stacks turns a stack's config into vpclink's resources. It holds the typed config and its
// validation, the Pulumi program shared by main.go and the Automation API, the Automation API
// embedding (Open, Options, Stack). The offline plan of a stack is package plan, which imports this
// one.
package stacks

import (
	"encoding/json"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/vpclink/vpclink/components"
)

// Namespace is the config namespace of vpclink's keys in vpclink's own project. In a project of
// another name the keys live in that project's namespace (see ConfigNamespace).
const Namespace = "vpclink"

// ConfigNamespace is the namespace of vpclink's keys in a project: the project's name, which is
// where `pulumi config set frontends ...` writes them ("acme-edge:frontends" in a project named
// acme-edge). An empty project name means vpclink's own.
func ConfigNamespace(project string) string {
	if project == "" {
		return Namespace
	}
	return project
}

// Environment decides environment-dependent defaults and which policy rules are mandatory.
type Environment string

// Environments.
const (
	Dev  Environment = "dev"
	Prod Environment = "prod"
)

// Variant is a kind of frontend.
type Variant string

// Frontend variants: an HTTP API over the V2 link to an ALB listener, to NLB listeners or to Cloud
// Map; a regional REST API to the NLB or to the ALB; a private REST API reached through an
// execute-api VPC endpoint, to the NLB or to the ALB. REST APIs reach their load balancer over the
// stack's one V2 link (aws-facts R10), or over a V1 link to the NLB where a frontend says
// vpcLink: v1 (legacy, R12).
const (
	HttpAlb        Variant = "http-alb"
	HttpNlb        Variant = "http-nlb"
	HttpCloudMap   Variant = "http-cloudmap"
	RestNlb        Variant = "rest-nlb"
	PrivateRest    Variant = "private-rest"
	RestAlb        Variant = "rest-alb"
	PrivateRestAlb Variant = "private-rest-alb"
)

// Variants lists every variant, in documentation order.
var Variants = []Variant{HttpAlb, HttpNlb, HttpCloudMap, RestNlb, PrivateRest, RestAlb, PrivateRestAlb}

// IsHttp reports whether the variant is an HTTP API (V2 link).
func (v Variant) IsHttp() bool { return v == HttpAlb || v == HttpNlb || v == HttpCloudMap }

// IsRest reports whether the variant is a REST API.
func (v Variant) IsRest() bool {
	return v == RestNlb || v == PrivateRest || v == RestAlb || v == PrivateRestAlb
}

// IsPrivate reports whether the variant is a private REST API behind the execute-api endpoint.
func (v Variant) IsPrivate() bool { return v == PrivateRest || v == PrivateRestAlb }

// ToAlb reports whether the variant's integrations reach the internal ALB.
func (v Variant) ToAlb() bool { return v == HttpAlb || v == RestAlb || v == PrivateRestAlb }

// LinkVersion is the VPC link a REST frontend uses (vpclink:frontends[i].vpcLink).
type LinkVersion string

// VPC link versions a REST frontend can use.
const (
	LinkV2 LinkVersion = "v2"
	LinkV1 LinkVersion = "v1"
)

// UsesV1Link reports whether the frontend reaches the NLB over a V1 link.
func (f FrontendConfig) UsesV1Link() bool { return f.Variant.IsRest() && f.VpcLink == LinkV1 }

// Config is a stack's whole configuration, read once, defaults applied.
type Config struct {
	// Project and Stack name the stack; Region is aws:region.
	Project, Stack, Region string

	// Environment is vpclink:environment.
	Environment Environment
	// LogRetentionDays is vpclink:logRetentionDays after defaults (7 in dev, 30 in prod).
	LogRetentionDays int
	// Network is vpclink:network.
	Network NetworkConfig
	// Services is vpclink:services, sorted by name.
	Services []ServiceConfig
	// Frontends is vpclink:frontends, in config order.
	Frontends []FrontendConfig
	// LoadBalancers is vpclink:loadBalancers.
	LoadBalancers LoadBalancersConfig
	// ApiGatewayAccount is vpclink:apiGatewayAccount. In a Config built in Go, false (the zero
	// value) means no account settings resource, where the stack config's default is true.
	ApiGatewayAccount bool
	// Protect is vpclink:protect.
	Protect bool
	// Tags is vpclink:tags.
	Tags map[string]string
}

// NetworkConfig is vpclink:network.
type NetworkConfig struct {
	// Cidr of the VPC vpclink creates, /16 to /28. Defaults to DefaultCidr (10.0.0.0/16).
	Cidr string `json:"cidr"`
	// AvailabilityZones the VPC spans, 2 to 6. Defaults to 2.
	AvailabilityZones int `json:"availabilityZones"`
	// NatGateways is the NAT strategy; with components.NatNone the ECR, logs and S3 endpoints
	// Fargate needs are added. Defaults to components.NatSingle.
	NatGateways components.NatStrategy `json:"natGateways"`
	// FlowLogs of the VPC to CloudWatch Logs. Defaults to true.
	FlowLogs *bool `json:"flowLogs"`
	// Endpoints are extra VPC endpoint services by short name (secretsmanager, ssm, sts,
	// dynamodb). Defaults to none.
	Endpoints []string `json:"endpoints"`
	// Existing uses a VPC vpclink does not create. Defaults to nil: vpclink creates the VPC.
	Existing *ExistingConfig `json:"existing"`
}

// ExistingConfig is vpclink:network.existing: a VPC vpclink uses but does not create.
type ExistingConfig struct {
	// VpcId of the VPC. Required.
	VpcId string `json:"vpcId"`
	// Cidr of the VPC, which the REST variants' NLB admits. Required.
	Cidr string `json:"cidr"`
	// PrivateSubnetIds the load balancers, services, links and endpoints go in, one per zone.
	// Required.
	PrivateSubnetIds []string `json:"privateSubnetIds"`
}

// ServiceConfig is one entry of vpclink:services.
type ServiceConfig struct {
	// Name is the entry's key: 1 to 20 lower-case letters, digits and -. Required in a Config
	// built in Go.
	Name string `json:"-"`
	// Image of the container. Defaults to DefaultImage.
	Image string `json:"image"`
	// Port the container listens on. Defaults to DefaultPort (8080).
	Port int `json:"port"`
	// ListenerPort of the service's NLB listener. Defaults to Port.
	ListenerPort int `json:"listenerPort"`
	// Cpu and Memory of the task, a Fargate pair (256/512, 512/1024, ...). Default to
	// DefaultCpu and DefaultMemory.
	Cpu int `json:"cpu"`
	// Memory of the task in MiB; see Cpu.
	Memory int `json:"memory"`
	// DesiredCount of tasks. Defaults to 1.
	DesiredCount *int `json:"desiredCount"`
	// HealthCheckPath the load balancers probe. Defaults to DefaultHealthCheckPath.
	HealthCheckPath string `json:"healthCheckPath"`
	// HealthCheckCommand of the container; ["NONE"] for none. Defaults to a wget probe of
	// HealthCheckPath.
	HealthCheckCommand []string `json:"healthCheckCommand"`
	// PathPrefix the service owns in every frontend; unique, never nested. Defaults to
	// DefaultPathPrefix for a single service, /<name> otherwise.
	PathPrefix string `json:"pathPrefix"`
	// Environment of the container, plain values. Defaults to none.
	Environment map[string]string `json:"environment"`
	// Secrets of the container: variable name to SSM parameter or Secrets Manager ARN, which ECS
	// resolves at start. Defaults to none.
	Secrets map[string]string `json:"secrets"`
	// Autoscaling on CPU. Defaults to nil: a fixed DesiredCount.
	Autoscaling *AutoscalingConfig `json:"autoscaling"`
	// ReadonlyRootFilesystem of the container. Defaults to true in prod, false in dev.
	ReadonlyRootFilesystem *bool `json:"readonlyRootFilesystem"`
}

// AutoscalingConfig is vpclink:services.<name>.autoscaling.
type AutoscalingConfig struct {
	// Min task count, 1 or more. Required.
	Min int `json:"min"`
	// Max task count, Min or more. Required.
	Max int `json:"max"`
	// CpuTargetPercent the target-tracking policy holds. Defaults to 60.
	CpuTargetPercent int `json:"cpuTargetPercent"`
}

// FrontendConfig is one entry of vpclink:frontends.
type FrontendConfig struct {
	// Name of the API, unique among the frontends. Defaults to the Variant.
	Name string `json:"name"`
	// Variant of the frontend. Required.
	Variant Variant `json:"variant"`
	// StageName of the API. Defaults to DefaultHttpStage for HTTP variants, DefaultRestStage
	// for REST ones.
	StageName string `json:"stageName"`
	// Authorization of every route; components.AuthJwt for HTTP variants only. Defaults to
	// components.AuthNone.
	Authorization components.Authorization `json:"authorization"`
	// Jwt configures the authorizer; required with components.AuthJwt.
	Jwt *JwtConfig `json:"jwt"`
	// Throttling of the stage. Defaults to DefaultRateLimit and DefaultBurstLimit.
	Throttling *ThrottlingConfig `json:"throttling"`
	// TimeoutMs of every integration, 50 up to 29000 (REST) or 30000 (HTTP). Defaults to the
	// maximum.
	TimeoutMs int `json:"timeoutMs"`
	// AccessLogRetentionDays of the access-log group. Defaults to the stack's LogRetentionDays.
	AccessLogRetentionDays int `json:"accessLogRetentionDays"`
	// PrivateDns of the execute-api endpoint (private variants only). Defaults to false.
	PrivateDns *bool `json:"privateDns"`
	// ClientCidrs admitted to the execute-api endpoint (private variants only). Defaults to the
	// VPC's CIDR.
	ClientCidrs []string `json:"clientCidrs"`
	// AllowedPrincipals given an explicit Allow in a private API's resource policy: account ids
	// or IAM principal ARNs; with components.AuthIam only (aws-facts R11). Defaults to none.
	AllowedPrincipals []string `json:"allowedPrincipals"`
	// TlsServerName checked against the listener certificate; needs
	// LoadBalancersConfig.CertificateArn. Defaults to "" (plain HTTP/TCP inside the VPC).
	TlsServerName string `json:"tlsServerName"`
	// XrayTracing of the stage (REST only). Defaults to false.
	XrayTracing bool `json:"xrayTracing"`
	// VpcLink a REST frontend reaches its load balancer over: LinkV2 (the stack's V2 link) or
	// LinkV1 (the legacy V1 link to the NLB, aws-facts R12). Defaults to LinkV2.
	VpcLink LinkVersion `json:"vpcLink"`
	// Streaming sets responseTransferMode STREAM on every REST integration and allows TimeoutMs
	// up to 900000 (aws-facts R13). REST only. Defaults to false.
	Streaming bool `json:"streaming"`
	// CustomDomain clients call the API at. Defaults to nil: only the execute-api URL.
	CustomDomain *CustomDomainConfig `json:"customDomain"`
	// DisableExecuteApiEndpoint turns off the default execute-api endpoint. Defaults to true
	// with a CustomDomain, false without.
	DisableExecuteApiEndpoint *bool `json:"disableExecuteApiEndpoint"`
	// UsagePlans of a REST frontend, with their API keys; with any, every method requires an
	// API key. Defaults to none.
	UsagePlans []UsagePlanConfig `json:"usagePlans"`
	// Waf of a regional REST frontend. Defaults to a web ACL in prod, none in dev.
	Waf *WafConfig `json:"waf"`
	// Cors of an HTTP frontend. Defaults to nil: no CORS.
	Cors *CorsConfig `json:"cors"`
}

// JwtConfig is vpclink:frontends[i].jwt.
type JwtConfig struct {
	// Issuer URL of the tokens. Required.
	Issuer string `json:"issuer"`
	// Audiences accepted. At least one is required.
	Audiences []string `json:"audiences"`
}

// ThrottlingConfig is vpclink:frontends[i].throttling.
type ThrottlingConfig struct {
	// RateLimit in requests per second. Defaults to DefaultRateLimit.
	RateLimit float64 `json:"rateLimit"`
	// BurstLimit in requests. Defaults to DefaultBurstLimit.
	BurstLimit int `json:"burstLimit"`
}

// LoadBalancersConfig is vpclink:loadBalancers.
type LoadBalancersConfig struct {
	// CertificateArn of the TLS listeners. Defaults to "": plain HTTP/TCP inside the VPC.
	CertificateArn string `json:"certificateArn"`
	// SslPolicy of the TLS listeners. Defaults to components.DefaultSslPolicy.
	SslPolicy string `json:"sslPolicy"`
	// AccessLogs is AccessLogsCreate (a bucket the stack creates), AccessLogsOff, or an existing
	// bucket's name. Defaults to AccessLogsCreate in prod and AccessLogsOff in dev.
	AccessLogs string `json:"accessLogs"`
	// AccessLogsBucket is the older spelling of AccessLogs with a bucket name. Defaults to "".
	AccessLogsBucket string `json:"accessLogsBucket"`
	// DeletionProtection of the load balancers. Defaults to Config.Protect.
	DeletionProtection *bool `json:"deletionProtection"`
	// Ingress admits in-VPC clients to the listener ports directly (aws-facts E9). Defaults to
	// none.
	Ingress *LbIngressConfig `json:"ingress"`
}

// Access log choices of vpclink:loadBalancers.accessLogs; any other value is an existing bucket's
// name.
const (
	AccessLogsCreate = "create"
	AccessLogsOff    = "off"
)

// AccessLogsBucketCreated reports whether the stack creates its access-log bucket: accessLogs is
// create and some load balancer writes logs (an ALB, or an NLB with TLS listeners, aws-facts E6).
func (c *Config) AccessLogsBucketCreated() bool {
	return c.LoadBalancers.AccessLogs == AccessLogsCreate && (c.NeedsAlb() || c.nlbWritesLogs())
}

// nlbWritesLogs reports whether the stack's NLB has TLS listeners, the only ones it logs (E6).
func (c *Config) nlbWritesLogs() bool { return c.NeedsNlb() && c.LoadBalancers.CertificateArn != "" }

// ExistingAccessLogsBucket is the bucket name accessLogs names, "" for create or off.
func (c *Config) ExistingAccessLogsBucket() string {
	switch c.LoadBalancers.AccessLogs {
	case AccessLogsCreate, AccessLogsOff, "":
		return ""
	}
	return c.LoadBalancers.AccessLogs
}

// LbIngressConfig is vpclink:loadBalancers.ingress: in-VPC clients admitted to the internal load
// balancers' listener ports directly, besides the VPC link. Off by default: such clients reach the
// backends around API Gateway's authorization, throttling, logs and the private API's endpoint
// restriction (aws-facts E9), so `plan` reports every one (VPCL-LB-DIRECT-INGRESS).
type LbIngressConfig struct {
	// Cidrs of in-VPC clients admitted on the listener ports; 0.0.0.0/0 and ::/0 are refused.
	// Defaults to none.
	Cidrs []string `json:"cidrs"`
	// SecurityGroupIds of in-VPC clients admitted on the listener ports. Defaults to none.
	SecurityGroupIds []string `json:"securityGroupIds"`
}

// Default values. Pulumi.yaml declares the same ones (a test holds the two together); they live
// here too because a stack file that sets an object key replaces the whole default object.
const (
	DefaultCidr            = "10.0.0.0/16"
	DefaultImage           = "mendhak/http-https-echo:34"
	DefaultPort            = 8080
	DefaultCpu             = 256
	DefaultMemory          = 512
	DefaultHealthCheckPath = "/health"
	DefaultPathPrefix      = "/api"
	DefaultRateLimit       = 100
	DefaultBurstLimit      = 200
	DefaultHttpStage       = "$default"
	DefaultRestStage       = "v1"
)

// keySpec describes one top-level config key: its JSON kind and where it goes.
type keySpec struct {
	name   string
	object bool // object or list: the config value is JSON text
	field  func(*rawConfig) any
}

// rawConfig is the config as decoded, before defaults.
type rawConfig struct {
	Environment       string
	LogRetentionDays  int
	Network           NetworkConfig
	Services          map[string]ServiceConfig
	servicesSet       bool
	Frontends         []FrontendConfig
	frontendsSet      bool
	LoadBalancers     LoadBalancersConfig
	ApiGatewayAccount *bool
	Protect           bool
	Tags              map[string]string
}

var keySpecs = []keySpec{
	{"environment", false, func(r *rawConfig) any { return &r.Environment }},
	{"logRetentionDays", false, func(r *rawConfig) any { return &r.LogRetentionDays }},
	{"network", true, func(r *rawConfig) any { return &r.Network }},
	{"services", true, func(r *rawConfig) any { return &r.Services }},
	{"frontends", true, func(r *rawConfig) any { return &r.Frontends }},
	{"loadBalancers", true, func(r *rawConfig) any { return &r.LoadBalancers }},
	{"apiGatewayAccount", false, func(r *rawConfig) any { return &r.ApiGatewayAccount }},
	{"protect", false, func(r *rawConfig) any { return &r.Protect }},
	{"tags", true, func(r *rawConfig) any { return &r.Tags }},
}

// Keys are vpclink's config keys, without the namespace.
func Keys() []string {
	out := make([]string, len(keySpecs))
	for i, k := range keySpecs {
		out[i] = k.name
	}
	return out
}

// ParseConfig reads a stack's config from get, which returns the raw value of a namespaced key
// ("vpclink:network", "aws:region") as Pulumi hands it to programs: JSON text for objects and
// lists, plain text for scalars. It applies defaults and validates, and returns every problem at
// once as a *ValidationError.
func ParseConfig(project, stack string, get func(key string) (string, bool)) (*Config, error) {
	var ps problems
	raw := rawConfig{}
	ns := ConfigNamespace(project)
	for _, k := range keySpecs {
		text, ok := get(ns + ":" + k.name)
		if !ok {
			continue
		}
		key := ns + ":" + k.name
		var src any = text
		if k.object {
			v, err := parseJSON(text)
			if err != nil {
				ps.add(key, "is not valid JSON: %v", err)
				continue
			}
			src = v
		}
		decodeValue(key, src, reflect.ValueOf(k.field(&raw)).Elem(), &ps)
		raw.servicesSet = raw.servicesSet || k.name == "services"
		raw.frontendsSet = raw.frontendsSet || k.name == "frontends"
	}
	region, _ := get("aws:region")
	if region == "" {
		region = os.Getenv("AWS_REGION")
	}
	if region == "" {
		region = os.Getenv("AWS_DEFAULT_REGION")
	}
	cfg := raw.withDefaults(project, stack, region)
	ps = append(ps, cfg.validate()...)
	ps = inNamespace(ns, ps)
	ps = append(ps, wrongNamespace(ns, get)...)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// CheckSecrets refuses secret values under vpclink's keys. vpclink's config holds no secret values
// by design: a container's secrets are SSM parameter or Secrets Manager ARNs (services.<name>.secrets)
// that ECS resolves when the task starts, and anything else would land in plain text in a task
// definition, a tag or an API setting, where state encryption cannot protect it. Secrets of other
// namespaces (aws:secretKey, aws:token, an embedding program's own keys) are fine.
func CheckSecrets(secretKeys []string) error { return CheckProjectSecrets(Namespace, secretKeys) }

// CheckProjectSecrets is CheckSecrets for the keys of a project named project (see
// ConfigNamespace).
func CheckProjectSecrets(project string, secretKeys []string) error {
	var ps problems
	ns := ConfigNamespace(project)
	for _, k := range slices.Sorted(slices.Values(secretKeys)) {
		if strings.HasPrefix(k, ns+":") {
			ps.add(k, "is secret, but vpclink config values end up in plain text in task definitions, tags or API settings; give a container its secrets as SSM parameter or Secrets Manager ARNs under services.<name>.secrets instead")
		}
	}
	return ps.err()
}

// CheckKeys reports the keys of vpclink's namespace that vpclink does not know: a misspelt key in a
// stack file would otherwise be silently ignored.
func CheckKeys(keys []string) error { return CheckProjectKeys(Namespace, keys) }

// CheckProjectKeys is CheckKeys for a project named project, whose namespace holds vpclink's keys
// (see ConfigNamespace). There a key under vpclink: is in the wrong namespace, and is refused
// rather than silently ignored.
func CheckProjectKeys(project string, keys []string) error {
	var ps problems
	known := Keys()
	ns := ConfigNamespace(project)
	for _, k := range slices.Sorted(slices.Values(keys)) {
		if ns != Namespace && strings.HasPrefix(k, Namespace+":") {
			ps.add(k, "is in the vpclink namespace, but in project %s vpclink's keys are in the project's: write %s:%s", ns, ns, strings.TrimPrefix(k, Namespace+":"))
			continue
		}
		name, ok := strings.CutPrefix(k, ns+":")
		if !ok {
			continue
		}
		if !slices.Contains(known, name) {
			ps.add(k, "unknown key; allowed: %s", strings.Join(known, ", "))
		}
	}
	return ps.err()
}

func (r rawConfig) withDefaults(project, stack, region string) *Config {
	env := Environment(orDefault(r.Environment, string(Dev)))
	c := &Config{
		Project:           project,
		Stack:             stack,
		Region:            region,
		Environment:       env,
		LogRetentionDays:  r.LogRetentionDays,
		Network:           r.Network,
		LoadBalancers:     r.LoadBalancers,
		ApiGatewayAccount: r.ApiGatewayAccount == nil || *r.ApiGatewayAccount,
		Protect:           r.Protect,
		Tags:              r.Tags,
	}
	if c.LogRetentionDays == 0 {
		c.LogRetentionDays = 7
		if env == Prod {
			c.LogRetentionDays = 30
		}
	}
	if len(c.Tags) == 0 {
		c.Tags = nil
	}
	n := &c.Network
	if len(n.Endpoints) == 0 {
		n.Endpoints = nil
	}
	n.Cidr = orDefault(n.Cidr, DefaultCidr)
	n.AvailabilityZones = orDefault(n.AvailabilityZones, 2)
	n.NatGateways = orDefault(n.NatGateways, components.NatSingle)
	if n.FlowLogs == nil {
		n.FlowLogs = ptr(true)
	}
	if c.LoadBalancers.DeletionProtection == nil {
		c.LoadBalancers.DeletionProtection = ptr(c.Protect)
	}
	c.LoadBalancers.SslPolicy = orDefault(c.LoadBalancers.SslPolicy, components.DefaultSslPolicy)
	// accessLogsBucket is the older spelling of accessLogs: <bucket>, kept so stack files that set
	// it plan as before; validate refuses the two together when they disagree.
	if lb := &c.LoadBalancers; lb.AccessLogs == "" {
		switch {
		case lb.AccessLogsBucket != "":
			lb.AccessLogs = lb.AccessLogsBucket
		case env == Prod:
			lb.AccessLogs = AccessLogsCreate
		default:
			lb.AccessLogs = AccessLogsOff
		}
	}

	services := r.Services
	if !r.servicesSet {
		services = map[string]ServiceConfig{"api": {}}
	}
	for _, name := range slices.Sorted(maps.Keys(services)) {
		s := services[name]
		s.Name = name
		s.Image = orDefault(s.Image, DefaultImage)
		s.Port = orDefault(s.Port, DefaultPort)
		s.ListenerPort = orDefault(s.ListenerPort, s.Port)
		s.Cpu = orDefault(s.Cpu, DefaultCpu)
		s.Memory = orDefault(s.Memory, DefaultMemory)
		if s.DesiredCount == nil {
			s.DesiredCount = ptr(1)
		}
		s.HealthCheckPath = orDefault(s.HealthCheckPath, DefaultHealthCheckPath)
		if s.PathPrefix == "" {
			s.PathPrefix = DefaultPathPrefix
			if len(services) > 1 {
				s.PathPrefix = "/" + name
			}
		}
		if s.Autoscaling != nil && s.Autoscaling.CpuTargetPercent == 0 {
			a := *s.Autoscaling
			a.CpuTargetPercent = 60
			s.Autoscaling = &a
		}
		if s.ReadonlyRootFilesystem == nil {
			s.ReadonlyRootFilesystem = ptr(env == Prod)
		}
		c.Services = append(c.Services, s)
	}

	frontends := r.Frontends
	if !r.frontendsSet {
		frontends = []FrontendConfig{{Variant: HttpAlb}}
	}
	for _, f := range frontends {
		f.Name = orDefault(f.Name, string(f.Variant))
		if f.StageName == "" {
			f.StageName = DefaultRestStage
			if f.Variant.IsHttp() {
				f.StageName = DefaultHttpStage
			}
		}
		f.Authorization = orDefault(f.Authorization, components.AuthNone)
		t := ThrottlingConfig{}
		if f.Throttling != nil {
			t = *f.Throttling
		}
		t.RateLimit = orDefault(t.RateLimit, DefaultRateLimit)
		t.BurstLimit = orDefault(t.BurstLimit, DefaultBurstLimit)
		f.Throttling = &t
		if f.TimeoutMs == 0 {
			f.TimeoutMs = components.MaxRestTimeoutMs
			if f.Variant.IsHttp() {
				f.TimeoutMs = components.MaxHttpTimeoutMs
			}
		}
		if f.Variant.IsRest() {
			f.VpcLink = orDefault(f.VpcLink, LinkV2)
		}
		f.AccessLogRetentionDays = orDefault(f.AccessLogRetentionDays, c.LogRetentionDays)
		c.Frontends = append(c.Frontends, f.withFrontDoorDefaults(env))
	}
	return c
}

// ClientCidrs of a private-rest frontend: its own, or the VPC's CIDR.
func (c *Config) ClientCidrs(f FrontendConfig) []string {
	if len(f.ClientCidrs) > 0 {
		return f.ClientCidrs
	}
	if c.Network.Existing != nil {
		return []string{c.Network.Existing.Cidr}
	}
	return []string{c.Network.Cidr}
}

// Has reports whether some frontend is of one of the variants.
func (c *Config) Has(vs ...Variant) bool {
	for _, f := range c.Frontends {
		if slices.Contains(vs, f.Variant) {
			return true
		}
	}
	return false
}

// NeedsNlb reports whether the stack has an internal NLB: the NLB REST frontends and the HTTP
// frontends to NLB listeners share one.
func (c *Config) NeedsNlb() bool { return c.Has(RestNlb, PrivateRest, HttpNlb) }

// NeedsAlb reports whether the stack has an internal ALB: http-alb, rest-alb and private-rest-alb
// share one, with its path rules.
func (c *Config) NeedsAlb() bool { return c.Has(HttpAlb, RestAlb, PrivateRestAlb) }

// NeedsCloudMap reports whether the stack registers services in Cloud Map.
func (c *Config) NeedsCloudMap() bool { return c.Has(HttpCloudMap) }

// NeedsHttpLink reports whether the stack has the V2 VPC link: every HTTP frontend, and every REST
// frontend but those that chose vpcLink v1, share it (aws-facts A3: 10 per Region).
func (c *Config) NeedsHttpLink() bool {
	for _, f := range c.Frontends {
		if f.Variant.IsHttp() || (f.Variant.IsRest() && !f.UsesV1Link()) {
			return true
		}
	}
	return false
}

// NeedsRestLink reports whether the stack has the V1 VPC link: some REST frontend chose vpcLink v1.
func (c *Config) NeedsRestLink() bool {
	return slices.ContainsFunc(c.Frontends, FrontendConfig.UsesV1Link)
}

// HasRest reports whether the stack has a REST frontend (which needs the Region's API Gateway
// CloudWatch role for stage logging, aws-facts R7).
func (c *Config) HasRest() bool {
	return slices.ContainsFunc(c.Frontends, func(f FrontendConfig) bool { return f.Variant.IsRest() })
}

// NlbOverV2 reports whether some frontend reaches the NLB over the V2 link, so the NLB's group must
// admit the link's group on every listener port.
func (c *Config) NlbOverV2() bool {
	return slices.ContainsFunc(c.Frontends, func(f FrontendConfig) bool {
		return f.Variant == HttpNlb || ((f.Variant == RestNlb || f.Variant == PrivateRest) && !f.UsesV1Link())
	})
}

// NeedsPrivateEndpoint reports whether the stack has the execute-api endpoint.
func (c *Config) NeedsPrivateEndpoint() bool { return c.Has(PrivateRest, PrivateRestAlb) }

// PrivateDns is the private DNS choice of the stack's execute-api endpoint.
func (c *Config) PrivateDns() bool {
	for _, f := range c.Frontends {
		if f.Variant.IsPrivate() && f.PrivateDns != nil {
			return *f.PrivateDns
		}
	}
	return false
}

// JSON renders the config (for the plan's output and for debugging).
func (c *Config) JSON() string {
	b, _ := json.MarshalIndent(c, "", "  ")
	return string(b)
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

func ptr[T any](v T) *T { return &v }

func describeList[T ~string](v []T) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// inNamespace moves problems reported under vpclink's own namespace (validation names keys as in
// vpclink's project) into the project's.
func inNamespace(ns string, ps problems) problems {
	if ns == Namespace {
		return ps
	}
	for i, p := range ps {
		if rest, ok := strings.CutPrefix(p.Key, Namespace+":"); ok {
			ps[i].Key = ns + ":" + rest
		}
	}
	return ps
}

// wrongNamespace reports vpclink's keys set under vpclink: in a project of another name, which the
// program would otherwise silently ignore.
func wrongNamespace(ns string, get func(string) (string, bool)) problems {
	var ps problems
	if ns == Namespace {
		return nil
	}
	for _, k := range keySpecs {
		if _, ok := get(Namespace + ":" + k.name); ok {
			ps.add(Namespace+":"+k.name, "is in the vpclink namespace, but in project %s vpclink's keys are in the project's: write %s:%s", ns, ns, k.name)
		}
	}
	return ps
}
