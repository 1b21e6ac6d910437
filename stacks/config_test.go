package stacks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

const projectDir = ".."

func load(t *testing.T, stack string, overrides ...string) (*Config, error) {
	t.Helper()
	var ovs []Override
	for _, o := range overrides {
		ov, err := ParseOverride(o)
		if err != nil {
			t.Fatal(err)
		}
		ovs = append(ovs, ov)
	}
	cfg, _, err := LoadStackConfig(context.Background(), projectDir, stack, ovs)
	return cfg, err
}

func TestDevStackFileValidates(t *testing.T) {
	cfg, err := load(t, "dev")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Environment != Dev || cfg.Region != "us-east-1" || cfg.Network.AvailabilityZones != 2 ||
		cfg.Network.NatGateways != "single" || len(cfg.Services) != 1 || *cfg.Services[0].DesiredCount != 1 ||
		len(cfg.Frontends) != 1 || cfg.Frontends[0].Variant != HttpAlb || cfg.Protect {
		t.Errorf("dev is not the cheap default stack: %s", cfg.JSON())
	}
	if cfg.LogRetentionDays != 7 || *cfg.Services[0].ReadonlyRootFilesystem {
		t.Errorf("dev defaults: retention %d, readonly %v", cfg.LogRetentionDays, *cfg.Services[0].ReadonlyRootFilesystem)
	}
}

func TestProdStackFileValidates(t *testing.T) {
	cfg, err := load(t, "prod")
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Services[0]
	if cfg.Environment != Prod || cfg.Network.AvailabilityZones != 3 || cfg.Network.NatGateways != "onePerAz" ||
		*s.DesiredCount != 3 || s.Autoscaling == nil || s.Autoscaling.Min != 3 || s.Autoscaling.Max != 10 ||
		len(cfg.Frontends) != 2 || cfg.Frontends[0].Variant != RestAlb || cfg.Frontends[1].Variant != PrivateRestAlb || !cfg.Protect ||
		!cfg.AccessLogsBucketCreated() || cfg.NeedsNlb() || cfg.NeedsRestLink() {
		t.Errorf("prod is not what Pulumi.prod.yaml says: %s", cfg.JSON())
	}
	// Fields the stack file leaves out keep their defaults although it sets the object.
	if s.Image != DefaultImage || s.Port != 8080 || s.PathPrefix != "/api" || cfg.Network.Cidr != "10.0.0.0/16" {
		t.Errorf("defaults lost under a partial object: %+v", s)
	}
	if cfg.LogRetentionDays != 30 || !*s.ReadonlyRootFilesystem || !*cfg.LoadBalancers.DeletionProtection {
		t.Errorf("prod defaults: retention %d, readonly %v, deletion protection %v", cfg.LogRetentionDays, *s.ReadonlyRootFilesystem, *cfg.LoadBalancers.DeletionProtection)
	}
}

// Pulumi.yaml is what `pulumi config` and the CLI's type checks see; it must be a valid project,
// declare every key with a type, description and default, and its defaults must be the ones the
// program applies when a key is absent.
func TestPulumiYamlDeclaresEveryKey(t *testing.T) {
	proj, err := workspace.LoadProject(filepath.Join(projectDir, "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if proj.Name != "vpclink" || proj.Runtime.Name() != "go" {
		t.Errorf("project %s runtime %s", proj.Name, proj.Runtime.Name())
	}
	for _, k := range Keys() {
		decl, ok := proj.Config[Namespace+":"+k]
		if !ok {
			t.Errorf("Pulumi.yaml does not declare %s:%s", Namespace, k)
			continue
		}
		if decl.Type == nil || *decl.Type == "" || decl.Description == "" || decl.Default == nil {
			t.Errorf("%s:%s needs a type, a description and a default", Namespace, k)
		}
	}
	if len(proj.Config) != len(Keys()) {
		t.Errorf("Pulumi.yaml declares %d keys, the program reads %d", len(proj.Config), len(Keys()))
	}
}

func TestPulumiYamlDefaultsMatchTheProgram(t *testing.T) {
	// A stack file that sets nothing: the project's defaults alone.
	dir := t.TempDir()
	yaml, err := os.ReadFile(filepath.Join(projectDir, "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string][]byte{"Pulumi.yaml": yaml, "Pulumi.empty.yaml": []byte("config: {}\n")} {
		if err := os.WriteFile(filepath.Join(dir, name), text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := loadProjectStack(dir, "empty", false)
	if err != nil {
		t.Fatal(err)
	}
	raw, _, err := p.raw(nil)
	if err != nil {
		t.Fatal(err)
	}
	raw["aws:region"] = "us-east-1"
	fromYaml, err := configFromRaw("vpclink", "x", raw)
	if err != nil {
		t.Fatal(err)
	}
	fromCode, err := configFromRaw("vpclink", "x", map[string]string{"aws:region": "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromYaml, fromCode) {
		t.Errorf("Pulumi.yaml defaults and the program's differ:\nyaml: %s\ncode: %s", fromYaml.JSON(), fromCode.JSON())
	}
}

// Each kind of bad input gets its own error naming the key, the value and what is allowed.
func TestValidationErrors(t *testing.T) {
	tests := []struct {
		name     string
		override []string
		key      string
		message  string
	}{
		{"unknown variant", []string{`vpclink:frontends=[{"variant":"http-alb"},{"variant":"grpc"}]`},
			"vpclink:frontends[1].variant", `"grpc" is not one of http-alb, http-nlb, http-cloudmap, rest-nlb, private-rest`},
		{"bad CIDR", []string{"vpclink:network.cidr=10.0.0.300/16"}, "vpclink:network.cidr", `"10.0.0.300/16" is not an IPv4 CIDR block`},
		{"CIDR too large", []string{"vpclink:network.cidr=10.0.0.0/8"}, "vpclink:network.cidr", "must be between /16 and /28"},
		{"subnet space too small", []string{"vpclink:network.cidr=10.0.0.0/26", "vpclink:network.availabilityZones=3"}, "vpclink:network.cidr", "too small for 3 availability zones"},
		{"too few zones", []string{"vpclink:network.availabilityZones=1"}, "vpclink:network.availabilityZones", "1 is out of range; allowed: 2 to 6"},
		{"too many zones", []string{"vpclink:network.availabilityZones=7"}, "vpclink:network.availabilityZones", "7 is out of range; allowed: 2 to 6"},
		{"bad NAT", []string{"vpclink:network.natGateways=perAz"}, "vpclink:network.natGateways", `"perAz" is not one of none, single, onePerAz`},
		{"bad Fargate pair", []string{"vpclink:services.api.memory=4096"}, "vpclink:services.api.memory", "memory 4096 is not allowed with cpu 256; allowed: 512, 1024, 2048"},
		{"bad Fargate cpu", []string{"vpclink:services.api.cpu=300"}, "vpclink:services.api.cpu", "cpu 300 is not a Fargate CPU value"},
		{"port out of range", []string{"vpclink:services.api.port=70000"}, "vpclink:services.api.port", "70000 is out of range; allowed: 1 to 65535"},
		{"duplicate prefix", []string{`vpclink:services={"a":{"pathPrefix":"/api","listenerPort":81},"b":{"pathPrefix":"/api","listenerPort":82}}`},
			"vpclink:services.b.pathPrefix", `"/api" is also the prefix of service a; prefixes must be unique`},
		{"nested prefix", []string{`vpclink:services={"a":{"pathPrefix":"/api","listenerPort":81},"b":{"pathPrefix":"/api/v2","listenerPort":82}}`},
			"vpclink:services.b.pathPrefix", `"/api/v2" and "/api" (service a) nest`},
		{"bad prefix", []string{"vpclink:services.api.pathPrefix=api/"}, "vpclink:services.api.pathPrefix", "must look like /api"},
		{"REST timeout", []string{`vpclink:frontends=[{"variant":"rest-nlb","timeoutMs":60000}]`}, "vpclink:frontends[0].timeoutMs", "60000 is out of range; REST APIs allow 50 to 29000 ms"},
		{"HTTP timeout", []string{"vpclink:frontends[0].timeoutMs=30001"}, "vpclink:frontends[0].timeoutMs", "30001 is out of range; HTTP APIs allow 50 to 30000 ms"},
		{"jwt without issuer", []string{`vpclink:frontends=[{"variant":"http-alb","authorization":"jwt","jwt":{"audiences":["x"]}}]`},
			"vpclink:frontends[0].jwt", "jwt authorization needs jwt.issuer"},
		{"jwt on REST", []string{`vpclink:frontends=[{"variant":"rest-nlb","authorization":"jwt"}]`}, "vpclink:frontends[0].authorization", "jwt is not available for rest-nlb"},
		{"existing VPC with one subnet", []string{`vpclink:network.existing={"vpcId":"vpc-0a1b2c3d4e5f67890","cidr":"10.20.0.0/16","privateSubnetIds":["subnet-0a1b2c3d4e5f67890"]}`},
			"vpclink:network.existing.privateSubnetIds", "has 1 subnets; at least 2"},
		{"unknown nested key", []string{"vpclink:network.cidrr=10.1.0.0/16"}, "vpclink:network.cidrr", "unknown key; allowed: cidr, availabilityZones, natGateways, flowLogs, endpoints, existing"},
		{"unknown top-level key", []string{"vpclink:netwrok.cidr=10.1.0.0/16"}, "vpclink:netwrok", "unknown key; allowed: environment, logRetentionDays, network"},
		{"unknown service key", []string{"vpclink:services.api.memroy=1024"}, "vpclink:services.api.memroy", "unknown key; allowed: image, port"},
		{"open client CIDR", []string{`vpclink:frontends=[{"variant":"private-rest","clientCidrs":["0.0.0.0/0"]}]`},
			"vpclink:frontends[0].clientCidrs[0]", `"0.0.0.0/0" would let the whole internet reach`},
		{"wrong type", []string{`vpclink:network.availabilityZones="three"`}, "vpclink:network.availabilityZones", `expected a whole number, got "three"`},
		{"bad environment", []string{"vpclink:environment=staging"}, "vpclink:environment", `"staging" is not one of dev, prod`},
		{"bad retention", []string{"vpclink:logRetentionDays=10"}, "vpclink:logRetentionDays", "10 days is not a CloudWatch Logs retention period"},
		{"no NAT with a public image", []string{"vpclink:network.natGateways=none"}, "vpclink:services.api.image", "cannot be pulled without NAT"},
		{"secret ARN", []string{"vpclink:services.api.secrets.DB_PASSWORD=hunter2"}, "vpclink:services.api.secrets.DB_PASSWORD", `"hunter2" is not the ARN of an SSM parameter`},
		{"secret also plain", []string{"vpclink:services.api.environment.TOKEN=x", "vpclink:services.api.secrets.TOKEN=arn:aws:ssm:us-east-1:123456789012:parameter/t"},
			"vpclink:services.api.secrets.TOKEN", "is also a plain environment variable"},
		{"NLB listener clash", []string{`vpclink:frontends=[{"variant":"rest-nlb"}]`, `vpclink:services={"a":{},"b":{}}`},
			"vpclink:services.b.listenerPort", "8080 is also the NLB listener port of service a"},
		{"autoscaling bounds", []string{`vpclink:services.api.autoscaling={"min":3,"max":2}`}, "vpclink:services.api.autoscaling", "min 3 and max 2 must satisfy 1 <= min <= max"},
		{"desired outside autoscaling", []string{`vpclink:services.api.autoscaling={"min":2,"max":4}`}, "vpclink:services.api.desiredCount", "1 is outside autoscaling min 2 to max 4"},
		{"REST $default stage", []string{`vpclink:frontends=[{"variant":"rest-nlb","stageName":"$default"}]`}, "vpclink:frontends[0].stageName", "REST APIs have no $default stage"},
		{"private DNS on HTTP", []string{"vpclink:frontends[0].privateDns=true"}, "vpclink:frontends[0].privateDns", "only applies to private-rest and private-rest-alb frontends"},
		{"TLS name without certificate", []string{"vpclink:frontends[0].tlsServerName=api.internal.example.com"}, "vpclink:frontends[0].tlsServerName", "needs vpclink:loadBalancers.certificateArn"},
		{"certificate without TLS name", []string{"vpclink:loadBalancers.certificateArn=arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"},
			"vpclink:frontends[0].tlsServerName", "is required with vpclink:loadBalancers.certificateArn"},
		{"duplicate frontend names", []string{`vpclink:frontends=[{"variant":"http-alb"},{"variant":"http-alb"}]`}, "vpclink:frontends[1].name", `"http-alb" is also the name of frontends[0]`},
		{"bad endpoint", []string{`vpclink:network.endpoints=["s4"]`}, "vpclink:network.endpoints[0]", `"s4" is not a supported endpoint service`},
		{"bad service name", []string{`vpclink:services={"Orders_API":{}}`}, "vpclink:services.Orders_API", "service names are 1 to 20 lower-case letters"},
		{"reserved tag", []string{`vpclink:tags["aws:owner"]=me`}, `vpclink:tags["aws:owner"]`, "reserved by AWS"},
		{"bad access logs", []string{`vpclink:loadBalancers.accessLogs=Not_A_Bucket`}, "vpclink:loadBalancers.accessLogs", `"Not_A_Bucket" is not create, off or an S3 bucket name`},
		{"open load balancer ingress", []string{`vpclink:loadBalancers.ingress={"cidrs":["0.0.0.0/0"]}`},
			"vpclink:loadBalancers.ingress.cidrs[0]", `"0.0.0.0/0" would admit the whole internet`},
		{"bad load balancer ingress CIDR", []string{`vpclink:loadBalancers.ingress={"cidrs":["10.0.0.0/33"]}`},
			"vpclink:loadBalancers.ingress.cidrs[0]", `is not a CIDR block`},
		{"bad load balancer ingress group", []string{`vpclink:loadBalancers.ingress={"securityGroupIds":["sg-xyz"]}`},
			"vpclink:loadBalancers.ingress.securityGroupIds[0]", `"sg-xyz" is not a security group id`},
		{"load balancer ingress without a load balancer", []string{`vpclink:frontends=[{"variant":"http-cloudmap"}]`, `vpclink:loadBalancers.ingress={"cidrs":["10.0.0.0/24"]}`},
			"vpclink:loadBalancers.ingress", "no frontend of this stack has one"},
		{"unknown load balancer ingress key", []string{`vpclink:loadBalancers.ingress={"cidr":["10.0.0.0/24"]}`},
			"vpclink:loadBalancers.ingress.cidr", "unknown key; allowed: cidrs, securityGroupIds"},
		{"allowed principal not an account or ARN", []string{`vpclink:frontends=[{"variant":"private-rest","authorization":"iam","allowedPrincipals":["*"]}]`},
			"vpclink:frontends[0].allowedPrincipals[0]", `"*" is not a 12-digit AWS account id or an IAM principal ARN`},
		{"allowed principals without iam", []string{`vpclink:frontends=[{"variant":"private-rest","allowedPrincipals":["210987654321"]}]`},
			"vpclink:frontends[0].allowedPrincipals", `needs authorization iam`},
		{"allowed principals on a regional API", []string{`vpclink:frontends=[{"variant":"rest-nlb","authorization":"iam","allowedPrincipals":["210987654321"]}]`},
			"vpclink:frontends[0].allowedPrincipals", "only applies to private-rest and private-rest-alb frontends"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, "dev", tt.override...)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want a *ValidationError, got %v", err)
			}
			for _, p := range ve.Problems {
				if p.Key == tt.key && strings.Contains(p.Message, tt.message) {
					return
				}
			}
			t.Errorf("no problem %s: ...%s...; got:\n%v", tt.key, tt.message, err)
		})
	}
}

// A stack file with several mistakes reports all of them in one run.
func TestValidationReportsEveryProblemAtOnce(t *testing.T) {
	_, err := load(t, "dev", "vpclink:network.availabilityZones=9", "vpclink:services.api.port=-1", `vpclink:frontends[0].variant=grpc`, `vpclink:tags["aws:x"]=y`)
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 4 {
		t.Fatalf("want 4 problems, got %v", err)
	}
	if !strings.HasPrefix(err.Error(), "invalid stack config (4 problems):") {
		t.Errorf("message: %s", err)
	}
}

func TestCheckKeysRefusesUnknownTopLevelKeys(t *testing.T) {
	err := CheckKeys([]string{"vpclink:network", "aws:region", "vpclink:frontend", "other:thing"})
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 1 || ve.Problems[0].Key != "vpclink:frontend" {
		t.Fatalf("got %v", err)
	}
}

func TestDefaultsForSeveralServices(t *testing.T) {
	cfg, err := load(t, "dev", `vpclink:services={"orders":{},"users":{"pathPrefix":"/v1/users"}}`)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Services[0].Name != "orders" || cfg.Services[0].PathPrefix != "/orders" || cfg.Services[1].PathPrefix != "/v1/users" {
		t.Errorf("prefixes: %+v", cfg.Services)
	}
}

func TestFrontendDefaultsPerKind(t *testing.T) {
	cfg, err := load(t, "dev", `vpclink:frontends=[{"variant":"http-nlb"},{"variant":"private-rest"}]`)
	if err != nil {
		t.Fatal(err)
	}
	h, r := cfg.Frontends[0], cfg.Frontends[1]
	if h.StageName != "$default" || h.TimeoutMs != 30000 || r.StageName != "v1" || r.TimeoutMs != 29000 || r.Name != "private-rest" {
		t.Errorf("frontend defaults: %+v %+v", h, r)
	}
	if h.Throttling.RateLimit != 100 || h.Throttling.BurstLimit != 200 || h.AccessLogRetentionDays != 7 {
		t.Errorf("throttling and retention defaults: %+v", h)
	}
	if got := cfg.ClientCidrs(r); len(got) != 1 || got[0] != "10.0.0.0/16" {
		t.Errorf("client CIDRs default to the VPC CIDR, got %v", got)
	}
}

// A stack without a stack file is refused with the stacks that exist, not with the first key the
// project defaults leave unset (it used to say "aws:region is not set").
func TestUnknownStackNamesTheStacksThatExist(t *testing.T) {
	_, err := load(t, "nosuch")
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 1 {
		t.Fatalf("want one problem, got %v", err)
	}
	msg := ve.Problems[0].String()
	for _, want := range []string{"there is no Pulumi.nosuch.yaml", "the stacks are: dev, prod"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "aws:region") {
		t.Errorf("%q still talks about aws:region", msg)
	}
}

// Config that would make the program send AWS a value it refuses (the awsspec table) is refused
// before anything is created, naming the key, the value and the rule.
func TestConfigRefusesWhatAwsWouldRefuse(t *testing.T) {
	long := strings.Repeat("a", 130)
	tags := map[string]string{}
	for i := range 50 {
		tags[fmt.Sprintf("k%d", i)] = "v"
	}
	manyTags, _ := json.Marshal(tags)
	tests := []struct {
		name     string
		override []string
		key      string
		message  []string
	}{
		{"service named sg-", []string{`vpclink:services={"sg-web":{}}`}, "vpclink:services.sg-web", []string{`"sg-web" would give its tasks' security group the name "sg-web-`, "rule C2", "not starting with sg-"}},
		{"REST stage with a dot", []string{`vpclink:frontends=[{"variant":"rest-nlb","stageName":"v1.0"}]`}, "vpclink:frontends[0].stageName", []string{`"v1.0"`, "rule C18"}},
		{"HTTP stage with a dot", []string{`vpclink:frontends=[{"variant":"http-alb","stageName":"v1.0"}]`}, "vpclink:frontends[0].stageName", []string{`"v1.0"`, "rule C19"}},
		{"tag key with a star", []string{`vpclink:tags={"a*b":"x"}`}, `vpclink:tags["a*b"]`, []string{"rule C7"}},
		{"tag value too long", []string{fmt.Sprintf(`vpclink:tags={"team":%q}`, strings.Repeat("x", 257))}, "vpclink:tags.team", []string{"rule C31"}},
		{"too many tags", []string{"vpclink:tags=" + string(manyTags)}, "vpclink:tags", []string{"has 50 tags", "rule C32", "at most 49"}},
		{"path prefix too long for an ALB rule", []string{"vpclink:services.api.pathPrefix=/" + long}, "vpclink:services.api.pathPrefix", []string{"path pattern", "rule C27", "128"}},
		{"health check path too long", []string{"vpclink:services.api.healthCheckPath=/" + strings.Repeat("h", 1024)}, "vpclink:services.api.healthCheckPath", []string{"rule C25"}},
		{"image with a space", []string{`vpclink:services.api.image=nginx latest`}, "vpclink:services.api.image", []string{`"nginx latest"`, "rule C34"}},
		{"REST timeout", []string{`vpclink:frontends=[{"variant":"rest-nlb","timeoutMs":29001}]`}, "vpclink:frontends[0].timeoutMs", []string{"29001 is out of range"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, "dev", tt.override...)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want a *ValidationError, got %v", err)
			}
			for _, p := range ve.Problems {
				if p.Key != tt.key {
					continue
				}
				for _, m := range tt.message {
					if !strings.Contains(p.Message, m) {
						t.Errorf("%s: %q does not say %q", p.Key, p.Message, m)
					}
				}
				return
			}
			t.Errorf("no problem for %s; got:\n%v", tt.key, err)
		})
	}
}

// loadBalancers.accessLogs defaults to create in prod and off in dev; the older accessLogsBucket
// key still names a bucket, and the two may not disagree.
func TestAccessLogsDefaultsPerEnvironmentAndTheOlderKey(t *testing.T) {
	for stack, want := range map[string]string{"dev": AccessLogsOff, "prod": AccessLogsCreate} {
		cfg, err := load(t, stack)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.LoadBalancers.AccessLogs != want {
			t.Errorf("%s: accessLogs = %q, want %q", stack, cfg.LoadBalancers.AccessLogs, want)
		}
	}
	cfg, err := load(t, "prod", `vpclink:frontends=[{"variant":"http-alb"}]`, "vpclink:loadBalancers.accessLogsBucket=example-alb-logs")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ExistingAccessLogsBucket() != "example-alb-logs" || cfg.AccessLogsBucketCreated() {
		t.Errorf("accessLogsBucket: existing %q created %v, want the named bucket and none created", cfg.ExistingAccessLogsBucket(), cfg.AccessLogsBucketCreated())
	}
	_, err = load(t, "prod", "vpclink:loadBalancers.accessLogsBucket=a-logs", "vpclink:loadBalancers.accessLogs=b-logs")
	if err == nil || !strings.Contains(err.Error(), "vpclink:loadBalancers.accessLogsBucket") {
		t.Errorf("disagreeing keys: error %v, want one naming vpclink:loadBalancers.accessLogsBucket", err)
	}
}
