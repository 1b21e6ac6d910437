package awsspec

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// TestEveryRuleCitesItsSource: each row names the AWS SDK for Go v2 file whose doc comment
// states it, the error AWS answers, and how to refuse it; where the SDK is in the module cache,
// the file exists.
func TestEveryRuleCitesItsSource(t *testing.T) {
	sdk := sdkRoot()
	ids := map[string]bool{}
	for _, r := range Rules() {
		if ids[r.ID] {
			t.Errorf("%s: duplicate id", r.ID)
		}
		ids[r.ID] = true
		if !regexp.MustCompile(`^C\d+$`).MatchString(r.ID) || r.What == "" || r.Constraint == "" || r.AWSError == "" {
			t.Errorf("%s: id, what, constraint and AWS error are required: %+v", r.ID, r)
		}
		if len(r.Types) == 0 || len(r.Types) != len(r.Paths) {
			t.Errorf("%s: %d types, %d paths; each type needs its path", r.ID, len(r.Types), len(r.Paths))
		}
		if r.Phase != AtCheck && r.Phase != AtCreate {
			t.Errorf("%s: phase %q", r.ID, r.Phase)
		}
		if r.Phase == AtCheck && r.ProviderError == "" {
			t.Errorf("%s: a rule pulumi-aws checks needs the provider's message", r.ID)
		}
		if (r.check == nil) == (r.whole == nil) {
			t.Errorf("%s: needs exactly one of check and whole", r.ID)
		}
		if r.Refused.Type == "" {
			t.Errorf("%s: no refused example", r.ID)
		}
		m := regexp.MustCompile(`^([a-z0-9]+)/((types/types\.go)|(api_op_[A-Za-z]+\.go))`).FindStringSubmatch(r.Source)
		if m == nil {
			t.Errorf("%s: source %q is not an AWS SDK for Go v2 file like ec2/api_op_CreateSecurityGroup.go", r.ID, r.Source)
			continue
		}
		for _, src := range strings.Split(r.Source, "; ") {
			file := strings.SplitN(src, " ", 2)[0]
			svc, rest, _ := strings.Cut(file, "/")
			if sdk == "" {
				continue
			}
			matches, _ := filepath.Glob(filepath.Join(sdk, svc+"@*", rest))
			if len(matches) == 0 {
				t.Errorf("%s: %s not found under %s", r.ID, file, sdk)
			}
		}
	}
	for i := 1; i <= 9; i++ {
		if !ids[fmt.Sprintf("C%d", i)] {
			t.Errorf("aws-facts row C%d has no rule", i)
		}
	}
}

// sdkRoot is the AWS SDK for Go v2 service tree in the module cache, or "".
func sdkRoot() string {
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, "go", "pkg", "mod")
	}
	dir := filepath.Join(cache, "github.com", "aws", "aws-sdk-go-v2", "service")
	if _, err := os.Stat(filepath.Join(dir)); err != nil {
		return ""
	}
	return dir
}

// TestRules: each rule accepts what AWS accepts and refuses what it refuses.
func TestRules(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	cases := map[string]struct{ ok, bad []any }{
		"C1":  {[]any{"", "Tasks of api: port 8080 from what fronts them only", "x(y)[z]{#,@+=&;!$*}/:._-", long(255)}, []any{"HTTPS from the API's clients only", "caf\u00e9", "a\"b", long(256), "tab\there"}},
		"C2":  {[]any{"api-0a1b2c3", "web sg-1"}, []any{"sg-web-0a1b2c3", "", long(256), "web's"}},
		"C3":  {[]any{"alb-0a1b2c3", long(32), "a-b"}, []any{long(33), "-alb", "alb-", "internal-alb", "alb_1", ""}},
		"C4":  {[]any{"vpclink-dev-api", "a_B-9", long(255)}, []any{"vpclink-dev.eu-api", "", long(256), "a b"}},
		"C5":  {[]any{"api-0a1b2c3", "/ecs/api#1.x_y"}, []any{"api:web", "", long(513), "a b"}},
		"C6":  {[]any{"api-execution-0a1b2c3", "a+=,.@_-b", long(64)}, []any{long(65), "a b", "a/b", ""}},
		"C7":  {[]any{"team", "cost center", "a.b:c/d=e+f-g@h_i", long(127)}, []any{"aws:team", "AWS:team", "Aws:x", long(128), "", "a*b"}},
		"C8":  {[]any{5, 30, 300}, []any{4, 301, 10.5}},
		"C9":  {[]any{"us-east-1a", "eu-west-3c", "us-gov-west-1b"}, []any{"us-east-1-bos-1a", "us-east-1-wl1-bos-wlz-1", "use1-az1"}},
		"C10": {[]any{"from the ALB on 8080", "HTTPS from API clients 10.0.0.0/16 on 443", ""}, []any{"from the ALB's group", long(256), "caf\u00e9"}},
		"C11": {[]any{"alb-api-0a1b2c3", long(32)}, []any{long(33), "-tg", "tg-", "a.b", ""}},
		"C12": {[]any{"api-0a1b2c3", "A_b-1"}, []any{"api.v2", "a b", long(256), ""}},
		"C13": {[]any{"api", "a_B-9"}, []any{"api server", "api.x", long(256), ""}},
		"C14": {[]any{"cluster-0a1b2c3"}, []any{"cluster.dev", ""}},
		"C15": {[]any{1, 7, 30, 3653}, []any{0, 2, 10, 730, 3654}},
		"C16": {[]any{"Application role of api; starts with no permissions", "caf\u00e9", long(1000)}, []any{"role \u2192 x", long(1001)}},
		"C17": {[]any{"api-execution-0a1b2c3", long(128)}, []any{"api execution", long(129), ""}},
		"C18": {[]any{"v1", "prod_2", "a-b", long(128)}, []any{"$default", "v1.0", "", long(129)}},
		"C19": {[]any{"$default", "v1", "a-b_c"}, []any{"v1.0", "", "$other", long(129)}},
		"C20": {[]any{"$default", "ANY /api", "ANY /api/{proxy+}", "GET /", "ANY /v1/orders/{id}"}, []any{"ANY api", "FETCH /api", "ANY /{proxy+}/x", "ANY /a//b", "ANY"}},
		"C21": {[]any{50, 29000}, []any{49, 29001, 30000}},
		"C22": {[]any{50, 30000}, []any{49, 30001}},
		"C23": {[]any{2, 6, 120}, []any{1, 121}},
		"C24": {[]any{2, 3, 10}, []any{1, 11}},
		"C25": {[]any{"/", "/health", "/" + long(1023)}, []any{"health", "", "/" + long(1024)}},
		"C27": {[]any{"/api", "/api/*", "/" + long(127)}, []any{"/" + long(128), ""}},
		"C28": {[]any{"api", "_api._tcp", "a-b"}, []any{"api service", "-api", "api-", long(128), ""}},
		"C29": {[]any{"dev.vpclink.internal", "a.b"}, []any{"dev_eu.vpclink.internal", "dev..internal", "dev.internal.", "-dev.internal", ""}},
		"C30": {[]any{"com.amazonaws.us-east-1.execute-api", "com.amazonaws.eu-west-1.ecr.dkr", "cn.com.amazonaws.cn-north-1.ecr.api", "com.amazonaws.us-gov-west-1.s3"}, []any{"com.amazonaws.execute-api", "com.amazonaws.us-east-1.", "amazonaws.us-east-1.s3"}},
		"C31": {[]any{"", "platform team", "a.b:c/d=e+f-g@h_i", long(256)}, []any{long(257), "a*b", "x;y"}},
		"C32": {[]any{0, 50}, []any{51}},
		"C33": {[]any{0, 30, 3600}, []any{-1, 3601}},
		"C34": {[]any{"mendhak/http-https-echo:34", "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1", "nginx@sha256:" + strings.Repeat("a", 64)}, []any{"nginx latest", "", long(256), "nginx@sha256:abc", "nginx@md5:" + strings.Repeat("a", 64)}},
		"C35": {[]any{"rest", "v1/orders", "a$-_.+!*'()b", long(300)}, []any{"v1 orders", "/rest", "rest/", "a//b", long(301)}},
		"C36": {[]any{"DAY", "WEEK", "MONTH"}, []any{"YEAR", "month", ""}},
		"C37": {[]any{"arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-rest-nlb-0a1b2c3"}, []any{"arn:aws:logs:us-east-1:123456789012:log-group:rest-nlb-waf", "arn:aws:s3:::my-bucket"}},
	}
	for _, r := range Rules() {
		if r.whole != nil {
			continue
		}
		c, ok := cases[r.ID]
		if !ok {
			t.Errorf("%s: no accept/refuse cases", r.ID)
			continue
		}
		for _, v := range c.ok {
			if err := Check(r.ID, v); err != nil {
				t.Errorf("%s refuses %v: %v", r.ID, v, err)
			}
		}
		for _, v := range c.bad {
			if err := Check(r.ID, v); err == nil {
				t.Errorf("%s accepts %q", r.ID, v)
			}
		}
	}
}

// TestRefusedExamples: every row's example is refused by CheckResource under that row, and the
// violation carries the AWS message.
func TestRefusedExamples(t *testing.T) {
	for _, r := range Rules() {
		ex := r.Refused
		vs := CheckResource(ex.Type, resource.NewPropertyMapFromMap(ex.Inputs), ex.LogicalName)
		found := false
		for _, v := range vs {
			if v.Rule == r.ID {
				found = true
				if v.AWSError == "" || v.Source != r.Source {
					t.Errorf("%s: violation without AWS error or source: %+v", r.ID, v)
				}
			}
		}
		if !found {
			t.Errorf("%s: example %+v is not refused; violations: %v", r.ID, ex, vs)
		}
	}
}

func TestCheckResourceChecksAutonamesAsTheProviderMakesThem(t *testing.T) {
	cases := []struct {
		typ, logical string
		rule         string // "" when accepted
	}{
		{SecurityGroup, "sg-web", "C2"},
		{SecurityGroup, "web", ""},
		{TargetGroup, strings.Repeat("t", 24), ""}, // 24 + "-" + 7 = 32
		{TargetGroup, strings.Repeat("t", 25), "C11"},
		{LoadBalancer, strings.Repeat("l", 24), ""},
		{LoadBalancer, strings.Repeat("l", 25), "C3"}, // not cut: the 33-character name is refused
		{IamRole, strings.Repeat("r", 56), ""},
		{IamRole, strings.Repeat("r", 57), "C6"},
		{LogGroup, "api.v1", ""},
	}
	for _, c := range cases {
		vs := CheckResource(c.typ, resource.PropertyMap{}, c.logical)
		switch {
		case c.rule == "" && len(vs) > 0:
			t.Errorf("%s %s: unexpected %v", c.typ, c.logical, vs)
		case c.rule != "" && (len(vs) != 1 || vs[0].Rule != c.rule || !vs[0].Autonamed):
			t.Errorf("%s %s: want one autonamed %s violation, got %v", c.typ, c.logical, c.rule, vs)
		}
	}
	// A name the program sets is checked as is, and a logical name does not matter then.
	vs := CheckResource(TargetGroup, resource.NewPropertyMapFromMap(map[string]any{"name": "ok"}), strings.Repeat("t", 40))
	if len(vs) != 0 {
		t.Errorf("explicit name: %v", vs)
	}
	if _, err := Autoname(TargetGroup, strings.Repeat("t", 25)); err == nil || !strings.Contains(err.Error(), "plus 7 random chars is longer than maximum length 32") {
		t.Errorf("Autoname error = %v", err)
	}
}

func TestCheckResourceWalksNestedTaggedAndJsonInputs(t *testing.T) {
	in := resource.NewPropertyMapFromMap(map[string]any{
		"family":               "vpclink-dev-api",
		"containerDefinitions": `[{"name":"api"},{"name":"side car"}]`,
		"tags":                 map[string]any{"Name": "api", "aws:x": "y"},
	})
	vs := CheckResource(TaskDefinition, in, "api")
	got := map[string]string{}
	for _, v := range vs {
		got[v.Rule] = v.Property + "=" + v.Value
	}
	if got["C13"] != "containerDefinitions[1].name=side car" || got["C7"] != `tags["aws:x"]=aws:x` || len(vs) != 2 {
		t.Errorf("violations %v", vs)
	}
	// Unknown values are skipped, secrets are looked into.
	in = resource.PropertyMap{
		"description": resource.MakeComputed(resource.NewProperty("")),
		"tags":        resource.MakeSecret(resource.NewProperty(resource.PropertyMap{"aws:x": resource.NewProperty("y")})),
	}
	vs = CheckResource(SecurityGroup, in, "web")
	if len(vs) != 1 || vs[0].Rule != "C7" {
		t.Errorf("violations %v", vs)
	}
}

func TestHealthCheckTimeoutMustBeBelowInterval(t *testing.T) {
	hc := func(hc map[string]any, proto string) []Violation {
		return CheckResource(TargetGroup, resource.NewPropertyMapFromMap(map[string]any{"name": "tg", "protocol": proto, "healthCheck": hc}), "tg")
	}
	if vs := hc(map[string]any{"interval": 15}, "HTTP"); len(vs) != 0 {
		t.Errorf("interval 15, default HTTP timeout 6: %v", vs)
	}
	if vs := hc(map[string]any{"interval": 10}, "TCP"); len(vs) != 1 || vs[0].Rule != "C26" {
		t.Errorf("interval 10, default TCP timeout 10: %v", vs)
	}
	if vs := hc(map[string]any{"interval": 5, "timeout": 5}, "HTTP"); len(vs) != 1 || vs[0].Rule != "C26" {
		t.Errorf("interval 5, timeout 5: %v", vs)
	}
}

func TestHelpersReportTheRule(t *testing.T) {
	err := SecurityGroupName("sg-web")
	if err == nil || !strings.Contains(err.Error(), "C2") || !strings.Contains(err.Error(), "sg-web-") {
		t.Errorf("SecurityGroupName(sg-web) = %v", err)
	}
	if err := TargetGroupName("alb-" + strings.Repeat("s", 21)); err == nil || !strings.Contains(err.Error(), "C11") {
		t.Errorf("TargetGroupName = %v", err)
	}
	if err := TargetGroupName("alb-" + strings.Repeat("s", 20)); err != nil {
		t.Errorf("TargetGroupName = %v", err)
	}
	if err := LogRetention(10); err == nil || !strings.Contains(err.Error(), "C15") {
		t.Errorf("LogRetention(10) = %v", err)
	}
}
