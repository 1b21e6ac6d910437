package doctor

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/vpclink/vpclink/internal/testenv"
	vpcplan "github.com/vpclink/vpclink/plan"
	"github.com/vpclink/vpclink/stacks"
)

// now is the scenario clock; link ages are measured from it.
var now = time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)

// Live ids the fake AWS assigns to the groups the outputs do not name.
const (
	linkSG     = "sg-0a1b2c3d4e5f60001"
	albSG      = "sg-0a1b2c3d4e5f60002"
	nlbSG      = "sg-0a1b2c3d4e5f60003"
	endpointSG = "sg-0a1b2c3d4e5f60004"
)

// scenario is a stack planned offline (its outputs stand in for the deployed stack's), the fake
// AWS answering for it as a healthy deployment, and a loopback server the probes reach.
type scenario struct {
	t      testing.TB
	target *Target
	aws    *fakeAWS
	// probeStatus and probeBody are what the probe server answers (200 by default).
	probeMu     sync.Mutex
	probeStatus int
	probeBody   string
	probeHits   []string
}

var planCache sync.Map // config key -> *vpcplan.Plan

func planFor(t testing.TB, overrides ...string) *vpcplan.Plan {
	t.Helper()
	key := strings.Join(overrides, "\n")
	if p, ok := planCache.Load(key); ok {
		return p.(*vpcplan.Plan)
	}
	var ov []stacks.Override
	for _, o := range overrides {
		parsed, err := stacks.ParseOverride(o)
		if err != nil {
			t.Fatal(err)
		}
		ov = append(ov, parsed)
	}
	p, err := vpcplan.Run(context.Background(), vpcplan.Options{ProjectDir: testenv.RepoRoot(), Stack: "dev", Overrides: ov})
	if err != nil {
		t.Fatal(err)
	}
	planCache.Store(key, p)
	return p
}

// newScenario plans the dev stack with the overrides and builds a healthy deployment of it.
func newScenario(t testing.TB, overrides ...string) *scenario {
	t.Helper()
	plan := planFor(t, overrides...)
	// The outputs as `pulumi stack output --json` gives them: plain JSON values.
	plain := map[string]any{}
	for k, v := range plan.Outputs {
		plain[k] = v.Value
	}
	b, err := json.Marshal(plain)
	if err != nil {
		t.Fatal(err)
	}
	var outputs map[string]any
	if err := json.Unmarshal(b, &outputs); err != nil {
		t.Fatal(err)
	}
	s := &scenario{t: t, aws: newFakeAWS(t), probeStatus: 200, probeBody: `{"path":"/api/health","method":"GET"}`}
	probe := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.probeMu.Lock()
		code, body := s.probeStatus, s.probeBody
		s.probeHits = append(s.probeHits, r.URL.Path)
		s.probeMu.Unlock()
		if code >= 400 {
			w.Header().Set("x-amzn-ErrorType", "InternalServerErrorException")
		}
		w.Header().Set("apigw-requestid", "Ab1cDefGhIjKlM=")
		w.WriteHeader(code)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(probe.Close)
	// Probes go to the loopback server instead of execute-api.
	for _, fe := range outputs[stacks.OutFrontends].(map[string]any) {
		urls, _ := fe.(map[string]any)["invokeUrls"].(map[string]any)
		for svc := range urls {
			urls[svc] = probe.URL + "/api"
		}
	}
	s.target, err = FromStack(plan.Config, outputs, plan)
	if err != nil {
		t.Fatal(err)
	}
	s.healthy(outputs, plan.Config)
	return s
}

// healthy fills the fake AWS with a deployment of the target that works: links AVAILABLE, load
// balancers active with healthy targets, services at their desired count, the chain complete.
func (s *scenario) healthy(outputs map[string]any, cfg *stacks.Config) {
	f, t := s.aws, s.target
	svc := t.Services[0]
	apiSG := svc.SecurityGroupID
	subnets := []string{"subnet-0aaa", "subnet-0bbb"}
	if t.HttpVpcLinkID != "" {
		f.v2Links[t.HttpVpcLinkID] = &v2Link{id: t.HttpVpcLinkID, status: "AVAILABLE", message: "VPC link is ready to route traffic",
			created: now.Add(-48 * time.Hour), sgs: []string{linkSG}, subnets: subnets}
	}
	healthyTargets := []fakeTarget{{ip: "10.0.1.23", port: svc.Port, state: "healthy"}, {ip: "10.0.2.45", port: svc.Port, state: "healthy"}}
	if t.AlbDNSName != "" {
		f.lbs = append(f.lbs, &fakeLB{name: lbNameFromDNS(t.AlbDNSName), arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb/50dc6c495c0c9188",
			dns: t.AlbDNSName, typ: "application", state: "active", sgs: []string{albSG},
			tgs: []*fakeTG{{name: "alb-api-1a2b3c4", arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/alb-api/73e2d6bc24d8a067",
				protocol: "HTTP", hcProtocol: "HTTP", hcPath: svc.HealthCheckPath, port: svc.Port, targets: slices.Clone(healthyTargets)}}})
		// http-link -> alb :80 -> api :8080, both sides of each pair, as vpclink builds it.
		f.rules = append(f.rules,
			&fakeRule{id: "sgr-01", group: linkSG, egress: true, protocol: "tcp", from: 80, to: 80, ref: albSG, desc: "to alb on 80"},
			&fakeRule{id: "sgr-02", group: albSG, protocol: "tcp", from: 80, to: 80, ref: linkSG, desc: "from the HTTP API VPC link on 80"},
			&fakeRule{id: "sgr-03", group: albSG, egress: true, protocol: "tcp", from: svc.Port, to: svc.Port, ref: apiSG, desc: "to api on 8080"},
			&fakeRule{id: "sgr-04", group: apiSG, protocol: "tcp", from: svc.Port, to: svc.Port, ref: albSG, desc: "from the internal ALB on 8080"},
		)
	}
	if t.NlbDNSName != "" {
		nlbArn := "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb/a1b2c3d4e5f60789"
		f.lbs = append(f.lbs, &fakeLB{name: lbNameFromDNS(t.NlbDNSName), arn: nlbArn,
			dns: t.NlbDNSName, typ: "network", state: "active", sgs: []string{nlbSG},
			tgs: []*fakeTG{{name: "nlb-api-5e6f7a8", arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nlb-api/0123456789abcdef",
				protocol: "TCP", hcProtocol: "TCP", port: svc.Port, targets: slices.Clone(healthyTargets)}}})
		f.rules = append(f.rules,
			&fakeRule{id: "sgr-12", group: nlbSG, egress: true, protocol: "tcp", from: svc.Port, to: svc.Port, ref: apiSG, desc: "to api on 8080"},
			&fakeRule{id: "sgr-13", group: apiSG, protocol: "tcp", from: svc.Port, to: svc.Port, ref: nlbSG, desc: "from the internal NLB on 8080"},
		)
		if t.RestVpcLinkID != "" {
			f.v1Links[t.RestVpcLinkID] = &v1Link{id: t.RestVpcLinkID, status: "AVAILABLE", message: "Your vpc link is ready for use", targets: []string{nlbArn}}
		}
	}
	f.rules = append(f.rules, &fakeRule{id: "sgr-05", group: apiSG, egress: true, protocol: "tcp", from: 443, to: 443, cidr: "0.0.0.0/0", desc: "HTTPS to AWS APIs, VPC endpoints and image registries"})
	if t.ExecuteApiEndpointID != "" {
		f.endpoints = append(f.endpoints, &fakeEndpoint{id: t.ExecuteApiEndpointID, vpc: t.VpcID, service: "com.amazonaws.us-east-1.execute-api",
			state: "available", privateDNS: cfg.PrivateDns(), groups: []string{endpointSG},
			dns: []string{t.ExecuteApiEndpointID + "-4f2kz9ym-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com", t.ExecuteApiEndpointID + "-4f2kz9ym.execute-api.us-east-1.vpce.amazonaws.com"}})
		f.rules = append(f.rules, &fakeRule{id: "sgr-21", group: endpointSG, protocol: "tcp", from: 443, to: 443, cidr: "10.0.0.0/16", desc: "HTTPS from API clients 10.0.0.0/16 on 443"})
	}
	f.services[svc.ServiceName] = &fakeService{name: svc.ServiceName, arn: "arn:aws:ecs:us-east-1:123456789012:service/" + t.ClusterName + "/" + svc.ServiceName,
		status: "ACTIVE", desired: 1, running: 1, rollout: "COMPLETED", rolloutReason: "ECS deployment ecs-svc/1234567890123456789 completed.",
		events: []string{"(service " + svc.ServiceName + ") has reached a steady state."}}
}

func (s *scenario) service() *fakeService { return s.aws.services[s.target.Services[0].ServiceName] }

func (s *scenario) run() *Report {
	s.t.Helper()
	clients, err := NewClients(context.Background(), ClientOptions{
		Region: "us-east-1", Endpoint: s.aws.srv.URL,
		Credentials: credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
		MaxBackoff:  20 * time.Millisecond,
	})
	if err != nil {
		s.t.Fatal(err)
	}
	rep := Run(context.Background(), s.target, Options{Clients: clients, Now: func() time.Time { return now }, CallTimeout: 5 * time.Second, Timeout: 30 * time.Second})
	var buf bytes.Buffer
	rep.WriteText(&buf)
	s.t.Log("\n" + buf.String())
	return rep
}

func find(t *testing.T, rep *Report, kind, name string) Check {
	t.Helper()
	for _, c := range rep.Checks {
		if c.Kind == kind && c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s check %q in %+v", kind, name, rep.Checks)
	return Check{}
}

func expect(t *testing.T, c Check, status Status, inText ...string) {
	t.Helper()
	if c.Status != status {
		t.Errorf("%s %s: status %s, want %s (%s)", c.Kind, c.Name, c.Status, status, c.Summary)
	}
	all := strings.Join(append([]string{c.Summary, c.Cause, c.Fix, strings.Join(c.Facts, " ")}, append(c.Evidence, c.Commands...)...), "\n")
	for _, want := range inText {
		if !strings.Contains(all, want) {
			t.Errorf("%s %s lacks %q:\n%s", c.Kind, c.Name, want, all)
		}
	}
}

func expectExit(t *testing.T, rep *Report, code int) {
	t.Helper()
	if got := rep.ExitCode(); got != code {
		t.Errorf("exit code %d, want %d (status %s, counts %v)", got, code, rep.Status, rep.Counts)
	}
}

func TestHealthyHttpAlbStackIsAllOK(t *testing.T) {
	s := newScenario(t)
	rep := s.run()
	expectExit(t, rep, ExitOK)
	for _, c := range rep.Checks {
		if c.Status != OK {
			t.Errorf("%s %s: %s %s", c.Kind, c.Name, c.Status, c.Summary)
		}
	}
	var kinds []string
	for _, c := range rep.Checks {
		kinds = append(kinds, c.Kind+" "+c.Name)
	}
	want := []string{"vpc-link http (V2)", "load-balancer alb", "target-group alb/alb-api-1a2b3c4", "ecs-service api",
		"security-group alb", "security-group http-link", "security-group service:api", "probe http-alb/api"}
	if !slices.Equal(kinds, want) {
		t.Errorf("checks = %q, want %q", kinds, want)
	}
	if len(s.probeHits) != 1 || s.probeHits[0] != "/api/health" {
		t.Errorf("probe requests = %v, want [/api/health]", s.probeHits)
	}
}

// BenchmarkHealthyRun measures a whole doctor run of the healthy http-alb stack against the
// loopback AWS (10 AWS calls, one probe).
func BenchmarkHealthyRun(b *testing.B) {
	s := newScenario(b)
	clients, err := NewClients(context.Background(), ClientOptions{Region: "us-east-1", Endpoint: s.aws.srv.URL,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if rep := Run(context.Background(), s.target, Options{Clients: clients, Now: func() time.Time { return now }}); rep.Status != OK {
			b.Fatalf("status %s", rep.Status)
		}
	}
}

func TestHealthyPrivateRestStackIsAllOK(t *testing.T) {
	s := newScenario(t, `vpclink:frontends=[{"variant":"private-rest","vpcLink":"v1"}]`)
	rep := s.run()
	expectExit(t, rep, ExitOK)
	c := find(t, rep, KindPrivateApi, "private-rest")
	fe := s.target.Frontends[0]
	vpce := s.target.ExecuteApiEndpointID
	expect(t, c, OK, "private DNS off",
		"curl -sS -i https://"+fe.ApiID+"-"+vpce+".execute-api.us-east-1.amazonaws.com/v1/api/health",
		"curl -sS -i -H 'x-apigw-api-id: "+fe.ApiID+"' https://"+vpce+"-4f2kz9ym.execute-api.us-east-1.vpce.amazonaws.com/v1/api/health")
	expect(t, find(t, rep, KindVpcLink, "rest (V1)"), OK, "AVAILABLE")
	expect(t, find(t, rep, KindSecurityGroup, RoleEndpoint), OK)
	expect(t, find(t, rep, KindSecurityGroup, RoleNlb), OK)
	for _, c := range rep.Checks {
		if c.Kind == KindProbe {
			t.Errorf("a private API was probed from outside its VPC: %+v", c)
		}
	}
}

func TestHttpLinkPendingBrieflyWarns(t *testing.T) {
	s := newScenario(t)
	l := s.aws.v2Links[s.target.HttpVpcLinkID]
	l.status, l.message, l.created = "PENDING", "VPC link is provisioning ENIs", now.Add(-90*time.Second)
	rep := s.run()
	expect(t, find(t, rep, KindVpcLink, "http (V2)"), Warn, "PENDING for 1m30s", "A7")
	expectExit(t, rep, ExitWarn)
}

func TestHttpLinkPendingForLongFails(t *testing.T) {
	s := newScenario(t)
	l := s.aws.v2Links[s.target.HttpVpcLinkID]
	l.status, l.message, l.created = "PENDING", "VPC link is provisioning ENIs", now.Add(-42*time.Minute)
	rep := s.run()
	expect(t, find(t, rep, KindVpcLink, "http (V2)"), Fail, "stuck in PENDING for 42m0s", "ENI quota", "A9",
		"pulumi up --target-replace 'urn:pulumi:dev::vpclink::vpclink:components:HttpLink$aws:apigatewayv2/vpcLink:VpcLink::http-link'")
	expectExit(t, rep, ExitFail)
}

func TestHttpLinkFailedFailsWithItsMessage(t *testing.T) {
	s := newScenario(t)
	l := s.aws.v2Links[s.target.HttpVpcLinkID]
	l.status, l.message = "FAILED", "Subnet subnet-0bbb is in Availability Zone use1-az3 which is not supported"
	rep := s.run()
	expect(t, find(t, rep, KindVpcLink, "http (V2)"), Fail, "FAILED: Subnet subnet-0bbb is in Availability Zone use1-az3", "A9")
	expectExit(t, rep, ExitFail)
}

func TestHttpLinkInactiveFails(t *testing.T) {
	s := newScenario(t)
	s.aws.v2Links[s.target.HttpVpcLinkID].status = "INACTIVE"
	rep := s.run()
	expect(t, find(t, rep, KindVpcLink, "http (V2)"), Fail, "60 days", "A10")
}

func TestRestLinkPendingWhileItsNlbHasNoHealthyTarget(t *testing.T) {
	s := newScenario(t, `vpclink:frontends=[{"variant":"rest-nlb","vpcLink":"v1"}]`)
	s.aws.v1Links[s.target.RestVpcLinkID].status = "PENDING"
	for i := range s.aws.lbs[0].tgs[0].targets {
		s.aws.lbs[0].tgs[0].targets[i] = fakeTarget{ip: "10.0.1.23", port: 8080, state: "unhealthy", reason: "Target.FailedHealthChecks", description: "Health checks failed"}
	}
	rep := s.run()
	expect(t, find(t, rep, KindVpcLink, "rest (V1)"), Fail, "PENDING while its NLB is not active with healthy targets", "0 of 2 targets healthy")
	expect(t, find(t, rep, KindTargetGroup, "nlb/nlb-api-5e6f7a8"), Fail, "not listening on port 8080", "health check TCP connect")
	expectExit(t, rep, ExitFail)
}

func TestRestLinkPendingWithHealthyNlbWarns(t *testing.T) {
	s := newScenario(t, `vpclink:frontends=[{"variant":"rest-nlb","vpcLink":"v1"}]`)
	s.aws.v1Links[s.target.RestVpcLinkID].status = "PENDING"
	rep := s.run()
	expect(t, find(t, rep, KindVpcLink, "rest (V1)"), Warn, "about ten minutes")
	expectExit(t, rep, ExitWarn)
}

func TestRestLinkFailed(t *testing.T) {
	s := newScenario(t, `vpclink:frontends=[{"variant":"rest-nlb","vpcLink":"v1"}]`)
	l := s.aws.v1Links[s.target.RestVpcLinkID]
	l.status, l.message = "FAILED", "NLB ARN is malformed or the load balancer has no listeners"
	rep := s.run()
	expect(t, find(t, rep, KindVpcLink, "rest (V1)"), Fail, "FAILED: NLB ARN is malformed", "A5")
}

func TestUnhealthyTargetsNameTheCauseOfEachReason(t *testing.T) {
	for _, tc := range []struct {
		reason, description string
		status              Status
		want                string
	}{
		{"Target.Timeout", "Request timed out", Fail, "security-group chain"},
		{"Target.FailedHealthChecks", "Health checks failed", Fail, "not listening on port 8080"},
		{"Target.ResponseCodeMismatch", "Health checks failed with these codes: [404]", Fail, "health-check path /health"},
		{"Elb.InitialHealthChecking", "Initial health checks in progress", Warn, "first health checks"},
	} {
		t.Run(tc.reason, func(t *testing.T) {
			s := newScenario(t)
			state := "unhealthy"
			if tc.status == Warn {
				state = "initial"
			}
			tg := s.aws.lbs[0].tgs[0]
			for i := range tg.targets {
				tg.targets[i].state, tg.targets[i].reason, tg.targets[i].description = state, tc.reason, tc.description
			}
			rep := s.run()
			expect(t, find(t, rep, KindTargetGroup, "alb/alb-api-1a2b3c4"), tc.status, "0 of 2 targets healthy", tc.want, tc.reason, tc.description)
		})
	}
}

func TestNoTargetsRegisteredFails(t *testing.T) {
	s := newScenario(t)
	s.aws.lbs[0].tgs[0].targets = nil
	rep := s.run()
	expect(t, find(t, rep, KindTargetGroup, "alb/alb-api-1a2b3c4"), Fail, "no targets registered", "ecs-service")
	expectExit(t, rep, ExitFail)
}

func TestSomeUnhealthyTargetsWarn(t *testing.T) {
	s := newScenario(t)
	tg := s.aws.lbs[0].tgs[0]
	tg.targets[1] = fakeTarget{ip: "10.0.2.45", port: 8080, state: "unhealthy", reason: "Target.Timeout", description: "Request timed out"}
	rep := s.run()
	expect(t, find(t, rep, KindTargetGroup, "alb/alb-api-1a2b3c4"), Warn, "1 of 2 targets healthy", "10.0.2.45:8080 unhealthy Target.Timeout")
	expectExit(t, rep, ExitWarn)
}

func pullFailure(s *scenario) {
	svc := s.service()
	svc.running, svc.pending, svc.failedTasks = 0, 1, 3
	svc.rollout, svc.rolloutReason = "FAILED", "ECS deployment circuit breaker: tasks failed to start."
	svc.events = append(svc.events, "(service "+svc.name+") deployment ecs-svc/1234567890123456789 deployment failed: tasks failed to start.")
	reason := "CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/echo:34: " +
		"failed to do request: Head \"https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/echo/manifests/34\": dial tcp 10.0.128.12:443: i/o timeout"
	for i := range 3 {
		svc.stopped = append(svc.stopped, fakeTask{arn: fmt.Sprintf("arn:aws:ecs:us-east-1:123456789012:task/%s/0f1e2d3c4b5a6978%d", s.target.ClusterName, i),
			stopCode: "TaskFailedToStart", stoppedReason: reason, containerReason: reason, stoppedAt: now.Add(-time.Duration(i) * time.Minute)})
	}
}

func TestImagePullFailureWithoutNatNamesTheMissingEndpoint(t *testing.T) {
	s := newScenario(t, "vpclink:network.natGateways=none", "vpclink:services.api.image=123456789012.dkr.ecr.us-east-1.amazonaws.com/echo:34")
	pullFailure(s)
	// vpclink's endpoints, but the ecr.dkr one was deleted.
	for _, svc := range []string{"ecr.api", "s3", "logs"} {
		s.aws.endpoints = append(s.aws.endpoints, &fakeEndpoint{id: "vpce-0" + strings.ReplaceAll(svc, ".", ""), vpc: s.target.VpcID,
			service: "com.amazonaws.us-east-1." + svc, state: "available"})
	}
	rep := s.run()
	expect(t, find(t, rep, KindEcsService, "api"), Fail, "circuit breaker tripped", "E2", "E4",
		"no endpoint for ecr.dkr", "CannotPullContainerError", "TaskFailedToStart")
	expectExit(t, rep, ExitFail)
}

func TestImagePullFailureWithNatPointsAtTheImage(t *testing.T) {
	s := newScenario(t)
	pullFailure(s)
	s.service().rollout, s.service().rolloutReason = "IN_PROGRESS", ""
	rep := s.run()
	c := find(t, rep, KindEcsService, "api")
	expect(t, c, Fail, "no task running of 1 desired: the image cannot be pulled (CannotPullContainerError)", "vpclink:services.api.image")
	if slices.Contains(s.aws.actions(), "ec2:DescribeVpcEndpoints") {
		t.Error("with a NAT gateway doctor looked for ECR endpoints")
	}
}

func TestEssentialContainerExitedShowsExitCodeAndLogs(t *testing.T) {
	s := newScenario(t)
	svc := s.service()
	svc.running = 0
	code := 137
	svc.stopped = []fakeTask{{arn: "arn:aws:ecs:us-east-1:123456789012:task/c/1", stopCode: "EssentialContainerExited",
		stoppedReason: "Essential container in task exited", exitCode: &code, stoppedAt: now.Add(-time.Minute)}}
	rep := s.run()
	expect(t, find(t, rep, KindEcsService, "api"), Fail, "exit code 137", "aws logs tail "+s.target.Services[0].LogGroupName)
}

func TestResourceInitializationError(t *testing.T) {
	s := newScenario(t)
	svc := s.service()
	svc.running = 0
	svc.stopped = []fakeTask{{arn: "arn:aws:ecs:us-east-1:123456789012:task/c/2", stopCode: "TaskFailedToStart",
		stoppedReason: "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 5 time(s)",
		stoppedAt:     now.Add(-time.Minute)}}
	rep := s.run()
	expect(t, find(t, rep, KindEcsService, "api"), Fail, "ResourceInitializationError", "execution role", "E11")
}

func TestMissingSecurityGroupRuleIsNamed(t *testing.T) {
	s := newScenario(t)
	// Someone deleted the ALB's ingress from the link.
	s.aws.rules = slices.DeleteFunc(s.aws.rules, func(r *fakeRule) bool { return r.id == "sgr-02" })
	rep := s.run()
	expect(t, find(t, rep, KindSecurityGroup, RoleAlb), Fail, "missing: ingress tcp 80 from http-link", "vpclink refresh")
	expect(t, find(t, rep, KindSecurityGroup, RoleHttpLink), OK)
	expectExit(t, rep, ExitFail)
}

func TestExtraSecurityGroupRules(t *testing.T) {
	s := newScenario(t)
	s.aws.rules = append(s.aws.rules, &fakeRule{id: "sgr-0bad", group: s.target.Services[0].SecurityGroupID, protocol: "tcp", from: 22, to: 22, cidr: "10.0.0.0/8", desc: "ssh"})
	rep := s.run()
	expect(t, find(t, rep, KindSecurityGroup, "service:api"), Warn, "extra: ingress tcp 22 from 10.0.0.0/8, sgr-0bad (ssh)")
	expectExit(t, rep, ExitWarn)

	s = newScenario(t)
	s.aws.rules = append(s.aws.rules, &fakeRule{id: "sgr-0open", group: albSG, protocol: "tcp", from: 80, to: 80, cidr: "0.0.0.0/0", desc: "debug"})
	rep = s.run()
	expect(t, find(t, rep, KindSecurityGroup, RoleAlb), Fail, "whole internet", "sgr-0open")
}

func TestPrivateDnsOnWithDnsHostnamesOffFails(t *testing.T) {
	s := newScenario(t, `vpclink:frontends=[{"variant":"private-rest","vpcLink":"v1","privateDns":true}]`)
	s.aws.vpcAttrs["enableDnsHostnames"] = false
	rep := s.run()
	fe := s.target.Frontends[0]
	expect(t, find(t, rep, KindPrivateApi, "private-rest"), Fail, "private DNS is on but the VPC has enableDnsHostnames off", "R5",
		"modify-vpc-attribute --vpc-id "+s.target.VpcID+" --enable-dns-hostnames",
		fe.ApiID+"-"+s.target.ExecuteApiEndpointID+".execute-api.us-east-1.amazonaws.com/v1/api/health",
		"x-apigw-api-id: "+fe.ApiID)
	expectExit(t, rep, ExitFail)
}

func TestPrivateDnsDriftWarns(t *testing.T) {
	s := newScenario(t, `vpclink:frontends=[{"variant":"private-rest","vpcLink":"v1"}]`)
	s.aws.endpoints[0].privateDNS = true
	rep := s.run()
	expect(t, find(t, rep, KindPrivateApi, "private-rest"), Warn, "private DNS is on on the endpoint but off in the stack's config")
}

func TestProbeStatusesAreClassified(t *testing.T) {
	for _, tc := range []struct {
		code   int
		body   string
		status Status
		want   []string
	}{
		{502, `{"message":"Bad Gateway"}`, Fail, []string{"502 Bad Gateway", "A13", "security group"}},
		{504, `{"message":"Endpoint request timed out"}`, Fail, []string{"504 Gateway Timeout", "A1", "A2", "timed out"}},
		{503, `{"message":"Service Unavailable"}`, Fail, []string{"503", "no healthy target"}},
		{404, `{"message":"Not Found"}`, Fail, []string{"404", "A12"}},
		{403, `{"message":"Forbidden"}`, Fail, []string{"403", "resource policy", "R5"}},
		{403, `{"message":"Missing Authentication Token"}`, Fail, []string{"Missing Authentication Token", "path or the stage"}},
		{500, `{"message":"Internal Server Error"}`, Fail, []string{"500", "listener ARN", "A11"}},
		{401, `{"message":"Unauthorized"}`, Warn, []string{"401", "credentials"}},
	} {
		t.Run(fmt.Sprint(tc.code), func(t *testing.T) {
			s := newScenario(t)
			s.probeStatus, s.probeBody = tc.code, tc.body
			rep := s.run()
			expect(t, find(t, rep, KindProbe, "http-alb/api"), tc.status, append(tc.want, "x-amzn-ErrorType: InternalServerErrorException")...)
		})
	}
}

func TestThrottlingIsRetriedWithBackoff(t *testing.T) {
	// Adaptive mode (the command's) waits for its client-side rate limit after a throttle, about
	// two seconds from a cold start: one throttled call shows it; standard mode retries every
	// service's throttling quickly.
	for _, tc := range []struct {
		mode     aws.RetryMode
		throttle map[string]int
	}{
		{aws.RetryModeAdaptive, map[string]int{"elasticloadbalancing:DescribeTargetHealth": 1}},
		{aws.RetryModeStandard, map[string]int{"elasticloadbalancing:DescribeTargetHealth": 2, "ec2:DescribeSecurityGroupRules": 1, "ecs:DescribeServices": 1, "apigateway:GET": 1}},
	} {
		t.Run(string(tc.mode), func(t *testing.T) {
			s := newScenario(t)
			for a, n := range tc.throttle {
				s.aws.throttle[a] = n
			}
			clients, err := NewClients(context.Background(), ClientOptions{Region: "us-east-1", Endpoint: s.aws.srv.URL,
				Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""), MaxBackoff: 20 * time.Millisecond, RetryMode: tc.mode})
			if err != nil {
				t.Fatal(err)
			}
			rep := Run(context.Background(), s.target, Options{Clients: clients, Now: func() time.Time { return now }})
			expectExit(t, rep, ExitOK)
			for action, n := range tc.throttle {
				if got := s.aws.calls[action]; got != n+1 {
					t.Errorf("%s called %d times, want %d (throttled %d times, then retried)", action, got, n+1, n)
				}
			}
		})
	}
}

func TestAccessDeniedPointsAtThePolicy(t *testing.T) {
	s := newScenario(t)
	s.aws.deny["elasticloadbalancing:DescribeLoadBalancers"] = true
	rep := s.run()
	expect(t, find(t, rep, KindLoadBalancer, RoleAlb), Fail, "could not check: elasticloadbalancing:DescribeLoadBalancers failed",
		"AccessDenied: User: arn:aws:iam::123456789012:user/doctor is not authorized", "read-only policy of the README")
	if n := s.aws.calls["elasticloadbalancing:DescribeLoadBalancers"]; n != 1 {
		t.Errorf("AccessDenied was retried: %d calls", n)
	}
	expectExit(t, rep, ExitFail)
}

func TestEachCallIsBounded(t *testing.T) {
	s := newScenario(t)
	s.aws.hang["apigateway:GET"] = time.Second
	clients, err := NewClients(context.Background(), ClientOptions{Region: "us-east-1", Endpoint: s.aws.srv.URL,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""), MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	rep := Run(context.Background(), s.target, Options{Clients: clients, Now: func() time.Time { return now }, CallTimeout: 200 * time.Millisecond})
	expect(t, find(t, rep, KindVpcLink, "http (V2)"), Fail, "could not check", "did not answer within the call's time bound (200ms)")
}

func TestTheWholeRunIsBounded(t *testing.T) {
	s := newScenario(t)
	s.aws.hang["elasticloadbalancing:DescribeLoadBalancers"] = 600 * time.Millisecond
	clients, err := NewClients(context.Background(), ClientOptions{Region: "us-east-1", Endpoint: s.aws.srv.URL,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""), MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	rep := Run(context.Background(), s.target, Options{Clients: clients, Now: time.Now, Timeout: 300 * time.Millisecond})
	expect(t, find(t, rep, KindRun, "VPC links"), Fail, "time bound of 300ms")
	expectExit(t, rep, ExitFail)
}

func TestProgressIsReported(t *testing.T) {
	s := newScenario(t)
	var progress bytes.Buffer
	clients, _ := NewClients(context.Background(), ClientOptions{Region: "us-east-1", Endpoint: s.aws.srv.URL,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")})
	Run(context.Background(), s.target, Options{Clients: clients, Progress: &progress})
	for _, want := range []string{"doctor: [1/6] load balancers and target health", "doctor: [6/6] probes", "doctor: done in"} {
		if !strings.Contains(progress.String(), want) {
			t.Errorf("progress lacks %q:\n%s", want, progress.String())
		}
	}
}

func TestEveryCallIsInTheIAMPolicy(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range []*scenario{
		newScenario(t),
		newScenario(t, `vpclink:frontends=[{"variant":"private-rest","vpcLink":"v1","privateDns":true},{"variant":"http-alb"}]`),
	} {
		pullFailure(s)
		s.run()
		for _, a := range s.aws.actions() {
			seen[a] = true
		}
	}
	s := newScenario(t, "vpclink:network.natGateways=none", "vpclink:services.api.image=123456789012.dkr.ecr.us-east-1.amazonaws.com/echo:34")
	pullFailure(s)
	s.run()
	for _, a := range s.aws.actions() {
		seen[a] = true
	}
	var got []string
	for a := range seen {
		got = append(got, a)
	}
	slices.Sort(got)
	if !slices.Equal(got, IAMActions) {
		t.Errorf("calls made = %q\nIAMActions = %q", got, IAMActions)
	}
}

func TestReportJSONShape(t *testing.T) {
	s := newScenario(t)
	s.probeStatus = 504
	rep := s.run()
	b, err := rep.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Stack, Region, Status string
		Counts                map[string]int
		DurationMs            *int64
		Checks                []map[string]any
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Stack != "dev" || doc.Region != "us-east-1" || doc.Status != "FAIL" || doc.DurationMs == nil ||
		doc.Counts["FAIL"] != 1 || doc.Counts["OK"] != len(doc.Checks)-1 || doc.Counts["WARN"] != 0 {
		t.Errorf("report = %s", b)
	}
	last := doc.Checks[len(doc.Checks)-1]
	for _, k := range []string{"kind", "name", "resource", "status", "summary", "evidence", "cause", "fix", "facts"} {
		if _, ok := last[k]; !ok {
			t.Errorf("a failed check lacks %q: %v", k, last)
		}
	}
	if _, ok := doc.Checks[0]["cause"]; ok {
		t.Errorf("an OK check has a cause: %v", doc.Checks[0])
	}
}

func TestExpectedChainComesFromTheProgram(t *testing.T) {
	tg := newScenario(t).target
	got := map[string][]string{}
	for _, g := range tg.Groups {
		for _, r := range g.Rules {
			got[g.Role] = append(got[g.Role], r.String())
		}
		slices.Sort(got[g.Role])
	}
	want := map[string][]string{
		RoleHttpLink:  {"egress tcp 80 to alb"},
		RoleAlb:       {"egress tcp 8080 to service:api", "ingress tcp 80 from http-link"},
		"service:api": {"egress tcp 443 to 0.0.0.0/0", "ingress tcp 8080 from alb"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("expected chain = %v\nwant %v", got, want)
	}
}

func TestLoadBalancerNameFromDNS(t *testing.T) {
	for dns, want := range map[string]string{
		"internal-alb-3af5506-1000199257.us-east-1.elb.amazonaws.com":       "alb-3af5506",
		"nlb-62e17fd-62e17fd1daca81d7.elb.us-east-1.amazonaws.com":          "nlb-62e17fd",
		"internal-nlb-62e17fd-62e17fd1daca81d7.elb.us-east-1.amazonaws.com": "nlb-62e17fd",
		"my-load-balancer-424835706.us-west-2.elb.amazonaws.com":            "my-load-balancer",
	} {
		if got := lbNameFromDNS(dns); got != want {
			t.Errorf("lbNameFromDNS(%s) = %s, want %s", dns, got, want)
		}
	}
}

func TestFromStackNeedsADeployedStack(t *testing.T) {
	plan := planFor(t)
	if _, err := FromStack(plan.Config, map[string]any{}, plan); err == nil || !strings.Contains(err.Error(), "is it deployed? (vpclink up)") {
		t.Errorf("err = %v", err)
	}
	outputs := map[string]any{"vpcId": "vpc-1", "clusterName": "c", "services": map[string]any{}}
	if _, err := FromStack(plan.Config, outputs, plan); err == nil || !strings.Contains(err.Error(), "no output services.api") {
		t.Errorf("err = %v", err)
	}
}
