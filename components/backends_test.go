package components_test

// Construction tests of the backends (issue 3): the load balancers, target groups, listeners and
// rules, Cloud Map, and the ECS services behind them, planned on the offline cloud through the real
// program. The helpers shared by the plan-level tests are at the end of sgchain_test.go.

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/internal/plantest"
)

func TestHttpCloudMapAloneCreatesNoLoadBalancer(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"http-cloudmap"}]`)
	for _, typ := range []string{tyLoadBalancer, tyTargetGroup, tyListener, tyListenerRule} {
		if n := p.Count(typ); n != 0 {
			t.Errorf("%s: %d, want 0 (Cloud Map needs no load balancer)", typ, n)
		}
	}
}

func TestRestAndPrivateRestShareOneNlb(t *testing.T) {
	p := plantest.Plan(t, "prod", noLogs, nlbRest)
	lbs := p.OfType(tyLoadBalancer)
	if len(lbs) != 1 {
		t.Fatalf("load balancers: %d, want exactly 1 shared by rest-nlb and private-rest", len(lbs))
	}
	if got := plantest.Str(plantest.In(lbs[0]), "loadBalancerType"); got != "network" {
		t.Errorf("loadBalancerType = %q, want network", got)
	}
}

func TestHttpAlbCreatesOneAlbAndNoNlb(t *testing.T) {
	p := plantest.Plan(t, "dev")
	lbs := p.OfType(tyLoadBalancer)
	if len(lbs) != 1 {
		t.Fatalf("load balancers: %d, want 1", len(lbs))
	}
	if got := plantest.Str(plantest.In(lbs[0]), "loadBalancerType"); got != "application" {
		t.Errorf("loadBalancerType = %q, want application", got)
	}
}

func TestLoadBalancersAreInternalInPrivateSubnets(t *testing.T) {
	for _, c := range []struct{ frontend, lb string }{{"http-alb", "alb"}, {"http-nlb", "nlb"}, {"rest-nlb", "nlb"}} {
		t.Run(c.frontend, func(t *testing.T) {
			p := plantest.Plan(t, "dev", frontendsOverride(c.frontend))
			in := plantest.In(p.One(t, tyLoadBalancer, c.lb))
			if in["internal"] != true {
				t.Errorf("internal = %v, want true (trivy AWS-0053)", in["internal"])
			}
			if got, want := strList(in["subnets"]), privateSubnetIds(t, p); !slices.Equal(got, want) || len(want) == 0 {
				t.Errorf("subnets = %v, want the VPC's private subnets %v", got, want)
			}
		})
	}
}

func TestNlbHasSecurityGroupAtCreationAndPrivateLinkEnforcementOff(t *testing.T) {
	p := plantest.Plan(t, "prod", noLogs, nlbRest)
	in := plantest.In(p.One(t, tyLoadBalancer, "nlb"))
	sg := p.One(t, tySecurityGroup, "nlb")
	if got := strList(in["securityGroups"]); !slices.Equal(got, []string{sg.ID}) {
		t.Errorf("securityGroups = %v, want [%s] at creation (aws-facts E8)", got, sg.ID)
	}
	if got := plantest.Str(in, "enforceSecurityGroupInboundRulesOnPrivateLinkTraffic"); got != "off" {
		t.Errorf("enforceSecurityGroupInboundRulesOnPrivateLinkTraffic = %q, want off (aws-facts A6)", got)
	}
	if in["enableCrossZoneLoadBalancing"] != true {
		t.Errorf("enableCrossZoneLoadBalancing = %v, want true", in["enableCrossZoneLoadBalancing"])
	}
}

func TestAlbDropsInvalidHeadersAndMitigatesDesync(t *testing.T) {
	p := plantest.Plan(t, "dev")
	in := plantest.In(p.One(t, tyLoadBalancer, "alb"))
	if in["dropInvalidHeaderFields"] != true {
		t.Errorf("dropInvalidHeaderFields = %v, want true (CKV_AWS_131)", in["dropInvalidHeaderFields"])
	}
	if got := plantest.Str(in, "desyncMitigationMode"); got == "" || got == "monitor" {
		t.Errorf("desyncMitigationMode = %q, want defensive or strictest (CKV_AWS_328)", got)
	}
	if sg := p.One(t, tySecurityGroup, "alb"); !slices.Equal(strList(in["securityGroups"]), []string{sg.ID}) {
		t.Errorf("securityGroups = %v, want [%s]", in["securityGroups"], sg.ID)
	}
}

func TestLoadBalancerDeletionProtectionFollowsProtect(t *testing.T) {
	for _, c := range []struct {
		stack, frontend, lb string
		want                bool
	}{
		{"dev", "http-alb", "alb", false},
		{"dev", "rest-nlb", "nlb", false},
		{"prod", "http-alb", "alb", true},
		{"prod", "rest-nlb", "nlb", true},
	} {
		t.Run(c.stack+"/"+c.lb, func(t *testing.T) {
			p := plantest.Plan(t, c.stack, noLogs, frontendsOverride(c.frontend))
			lb := p.One(t, tyLoadBalancer, c.lb)
			if got := plantest.In(lb)["enableDeletionProtection"]; got != c.want {
				t.Errorf("enableDeletionProtection = %v, want %v (aws-facts E7, CKV_AWS_150)", got, c.want)
			}
			if lb.Protect != c.want {
				t.Errorf("pulumi protect = %v, want %v", lb.Protect, c.want)
			}
		})
	}
}

func TestTargetGroupsAreIpWithServiceHealthCheckPath(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:frontends=[{"variant":"http-alb"},{"variant":"http-nlb"}]`,
		`vpclink:services={"api":{"port":8081,"healthCheckPath":"/ready"}}`)
	for _, name := range []string{"alb-api", "nlb-api"} {
		in := plantest.In(p.One(t, tyTargetGroup, name))
		if got := plantest.Str(in, "targetType"); got != "ip" {
			t.Errorf("%s targetType = %q, want ip (aws-facts E5)", name, got)
		}
		if got := plantest.Get(in, "port"); got != 8081.0 {
			t.Errorf("%s port = %v, want the container port 8081", name, got)
		}
		if got := plantest.Str(in, "healthCheck", "protocol"); got != "HTTP" {
			t.Errorf("%s healthCheck.protocol = %q, want HTTP", name, got)
		}
		if got := plantest.Str(in, "healthCheck", "path"); got != "/ready" {
			t.Errorf("%s healthCheck.path = %q, want the service's /ready", name, got)
		}
	}
}

func TestNlbListenerPerService(t *testing.T) {
	p := plantest.Plan(t, "dev", frontendsOverride("rest-nlb"), threeServices)
	listeners := p.OfType(tyListener)
	if len(listeners) != 3 {
		t.Fatalf("listeners: %d, want 3", len(listeners))
	}
	nlbArn := p.One(t, tyLoadBalancer, "nlb").ID
	for _, s := range threeServiceSpecs {
		in := plantest.In(p.One(t, tyListener, "nlb-"+s.name))
		tg := p.One(t, tyTargetGroup, "nlb-"+s.name)
		if got := plantest.Get(in, "port"); got != float64(s.listenerPort) {
			t.Errorf("%s listener port = %v, want %d", s.name, got, s.listenerPort)
		}
		if got := plantest.Str(in, "protocol"); got != "TCP" {
			t.Errorf("%s protocol = %q, want TCP", s.name, got)
		}
		if got := plantest.Str(in, "loadBalancerArn"); got != nlbArn {
			t.Errorf("%s loadBalancerArn = %q, want the NLB %q", s.name, got, nlbArn)
		}
		if got := plantest.Str(in, "defaultActions", 0, "type"); got != "forward" {
			t.Errorf("%s default action = %q, want forward", s.name, got)
		}
		if got := plantest.Str(in, "defaultActions", 0, "targetGroupArn"); got != tg.ID {
			t.Errorf("%s forwards to %q, want its target group %q", s.name, got, tg.ID)
		}
		if got := plantest.Get(plantest.In(tg), "port"); got != float64(s.port) {
			t.Errorf("%s target group port = %v, want %d", s.name, got, s.port)
		}
	}
}

func TestAlbRulePerPathPrefixWithFixed404Default(t *testing.T) {
	p := plantest.Plan(t, "dev", threeServices)
	listener := onlyOne(t, p, tyListener)
	in := plantest.In(listener)
	if got := plantest.Str(in, "defaultActions", 0, "type"); got != "fixed-response" {
		t.Errorf("default action = %q, want fixed-response", got)
	}
	if got := plantest.Str(in, "defaultActions", 0, "fixedResponse", "statusCode"); got != "404" {
		t.Errorf("default status = %q, want 404", got)
	}
	rules := p.OfType(tyListenerRule)
	if len(rules) != 3 {
		t.Fatalf("listener rules: %d, want 3", len(rules))
	}
	priorities := map[float64]bool{}
	for _, s := range threeServiceSpecs {
		r := plantest.In(p.One(t, tyListenerRule, "alb-"+s.name))
		if got := plantest.Str(r, "listenerArn"); got != listener.ID {
			t.Errorf("%s rule listenerArn = %q, want %q", s.name, got, listener.ID)
		}
		prefix := "/" + s.name
		if got := strList(plantest.Get(r, "conditions", 0, "pathPattern", "values")); !slices.Equal(got, []string{prefix, prefix + "/*"}) {
			t.Errorf("%s path-pattern = %v, want [%s %s/*]", s.name, got, prefix, prefix)
		}
		if got, want := plantest.Str(r, "actions", 0, "targetGroupArn"), p.One(t, tyTargetGroup, "alb-"+s.name).ID; got != want {
			t.Errorf("%s rule forwards to %q, want %q", s.name, got, want)
		}
		priorities[plantest.Get(r, "priority").(float64)] = true
	}
	if len(priorities) != 3 {
		t.Errorf("rule priorities %v are not distinct", priorities)
	}
}

func TestCloudMapNamespaceAndSrvServicePerBackend(t *testing.T) {
	p := plantest.Plan(t, "dev", frontendsOverride("http-cloudmap"), threeServices)
	ns := onlyOne(t, p, tyDnsNamespace)
	if got, want := plantest.Str(plantest.In(ns), "vpc"), vpcId(t, p); got != want {
		t.Errorf("namespace vpc = %q, want %q", got, want)
	}
	services := p.OfType(tyDiscoveryService)
	if len(services) != 3 {
		t.Fatalf("Cloud Map services: %d, want 3", len(services))
	}
	for _, s := range threeServiceSpecs {
		in := plantest.In(p.One(t, tyDiscoveryService, "cloudmap-"+s.name))
		if got := plantest.Str(in, "name"); got != s.name {
			t.Errorf("service name = %q, want %q", got, s.name)
		}
		if got := plantest.Str(in, "dnsConfig", "namespaceId"); got != ns.ID {
			t.Errorf("%s namespaceId = %q, want %q", s.name, got, ns.ID)
		}
		records, _ := plantest.Get(in, "dnsConfig", "dnsRecords").([]any)
		if len(records) != 1 || plantest.Str(records[0], "type") != "SRV" {
			t.Errorf("%s dnsRecords = %v, want exactly one SRV record (aws-facts A16)", s.name, records)
		}
	}
}

func TestEcsServiceRegistersInCloudMapWithContainerPort(t *testing.T) {
	p := plantest.Plan(t, "dev", frontendsOverride("http-cloudmap"), threeServices)
	for _, s := range threeServiceSpecs {
		in := plantest.In(p.One(t, tyEcsService, s.name))
		reg := plantest.Get(in, "serviceRegistries")
		if got, want := plantest.Str(reg, "registryArn"), outStr(p.One(t, tyDiscoveryService, "cloudmap-"+s.name), "arn"); got != want {
			t.Errorf("%s registryArn = %q, want %q", s.name, got, want)
		}
		container := containerDefinitions(t, p.One(t, tyTaskDefinition, s.name))[0]
		if got := plantest.Str(reg, "containerName"); got == "" || got != container["name"] {
			t.Errorf("%s containerName = %q, want the container %v (aws-facts A16)", s.name, got, container["name"])
		}
		if got := plantest.Get(reg, "containerPort"); got != float64(s.port) {
			t.Errorf("%s containerPort = %v, want %d (aws-facts A16)", s.name, got, s.port)
		}
	}
}

func TestEcsServiceRollsBackFailedDeployments(t *testing.T) {
	in := plantest.In(plantest.Plan(t, "dev").One(t, tyEcsService, "api"))
	if plantest.Get(in, "deploymentCircuitBreaker", "enable") != true || plantest.Get(in, "deploymentCircuitBreaker", "rollback") != true {
		t.Errorf("deploymentCircuitBreaker = %v, want enable and rollback (aws-facts E2)", in["deploymentCircuitBreaker"])
	}
	if in["waitForSteadyState"] != true {
		t.Errorf("waitForSteadyState = %v, want true", in["waitForSteadyState"])
	}
}

func TestEcsServiceHasNoPublicIpAndLatestPlatform(t *testing.T) {
	p := plantest.Plan(t, "dev")
	in := plantest.In(p.One(t, tyEcsService, "api"))
	if got := plantest.Get(in, "networkConfiguration", "assignPublicIp"); got != false {
		t.Errorf("assignPublicIp = %v, want false (CKV_AWS_333)", got)
	}
	if got := plantest.Str(in, "platformVersion"); got != "LATEST" {
		t.Errorf("platformVersion = %q, want LATEST (ECS.10)", got)
	}
	if got := plantest.Str(in, "launchType"); got != "FARGATE" {
		t.Errorf("launchType = %q, want FARGATE", got)
	}
	if got, want := strList(plantest.Get(in, "networkConfiguration", "subnets")), privateSubnetIds(t, p); !slices.Equal(got, want) {
		t.Errorf("task subnets = %v, want the private subnets %v", got, want)
	}
}

func TestHealthCheckGracePeriodOnlyWithLoadBalancers(t *testing.T) {
	withLb := plantest.In(plantest.Plan(t, "dev").One(t, tyEcsService, "api"))
	if _, ok := withLb["loadBalancers"]; !ok {
		t.Fatalf("http-alb service has no loadBalancers")
	}
	if got := withLb["healthCheckGracePeriodSeconds"]; got == nil || got.(float64) <= 0 {
		t.Errorf("healthCheckGracePeriodSeconds = %v, want a positive grace period with a load balancer", got)
	}
	cloudMap := plantest.In(plantest.Plan(t, "dev", frontendsOverride("http-cloudmap")).One(t, tyEcsService, "api"))
	for _, k := range []string{"loadBalancers", "healthCheckGracePeriodSeconds"} {
		if v, ok := cloudMap[k]; ok {
			t.Errorf("http-cloudmap service sets %s = %v; ECS refuses a grace period without a load balancer (aws-facts E3)", k, v)
		}
	}
}

func TestOneClusterWithContainerInsights(t *testing.T) {
	p := plantest.Plan(t, "dev", threeServices)
	cluster := onlyOne(t, p, tyCluster)
	settings, _ := plantest.In(cluster)["settings"].([]any)
	if len(settings) != 1 || plantest.Str(settings[0], "name") != "containerInsights" || plantest.Str(settings[0], "value") != "enabled" {
		t.Errorf("cluster settings = %v, want containerInsights enabled (AwsSolutions-ECS4)", settings)
	}
	for _, s := range p.OfType(tyEcsService) {
		if got := plantest.Str(plantest.In(s), "cluster"); got != cluster.ID {
			t.Errorf("service %s runs in %q, want the one cluster %q", s.Name, got, cluster.ID)
		}
	}
}

func TestContainerDefinitionsLogToCloudWatch(t *testing.T) {
	p := plantest.Plan(t, "dev")
	defs := containerDefinitions(t, p.One(t, tyTaskDefinition, "api"))
	if len(defs) != 1 {
		t.Fatalf("container definitions: %d, want 1", len(defs))
	}
	lc := defs[0]["logConfiguration"]
	if got := plantest.Str(lc, "logDriver"); got != "awslogs" {
		t.Errorf("logDriver = %q, want awslogs (AwsSolutions-ECS7)", got)
	}
	if got, want := plantest.Str(lc, "options", "awslogs-group"), p.One(t, tyLogGroup, "api").ID; got != want {
		t.Errorf("awslogs-group = %q, want the service's log group %q", got, want)
	}
	if got := plantest.Str(lc, "options", "awslogs-region"); got != "us-east-1" {
		t.Errorf("awslogs-region = %q, want us-east-1", got)
	}
}

const dbPasswordArn = "arn:aws:ssm:us-east-1:123456789012:parameter/db-password"

func TestSecretsGoInSecretsNotEnvironment(t *testing.T) {
	p := plantest.Plan(t, "dev", `vpclink:services={"api":{"environment":{"LOG_LEVEL":"info"},"secrets":{"DB_PASSWORD":"`+dbPasswordArn+`"}}}`)
	def := containerDefinitions(t, p.One(t, tyTaskDefinition, "api"))[0]
	secrets, _ := def["secrets"].([]any)
	if len(secrets) != 1 || plantest.Str(secrets[0], "name") != "DB_PASSWORD" || plantest.Str(secrets[0], "valueFrom") != dbPasswordArn {
		t.Errorf("secrets = %v, want DB_PASSWORD from %s (AwsSolutions-ECS2)", secrets, dbPasswordArn)
	}
	env, _ := def["environment"].([]any)
	if len(env) != 1 || plantest.Str(env[0], "name") != "LOG_LEVEL" {
		t.Errorf("environment = %v, want only LOG_LEVEL", env)
	}
	for _, e := range env {
		if plantest.Str(e, "name") == "DB_PASSWORD" || strings.Contains(plantest.Str(e, "value"), "db-password") {
			t.Errorf("secret leaked into environment: %v", e)
		}
	}
	policy := policyDocument(t, plantest.Str(plantest.In(p.One(t, tyRolePolicy, "api-execution")), "policy"))
	if !slices.ContainsFunc(policy.Statement, func(s policyStatement) bool {
		return slices.Equal(s.Action, []string{"ssm:GetParameters"}) && slices.Equal(s.Resource, []string{dbPasswordArn})
	}) {
		t.Errorf("execution role policy %+v does not grant ssm:GetParameters on exactly %s", policy.Statement, dbPasswordArn)
	}
}

func TestExecutionAndTaskRolesDistinct(t *testing.T) {
	p := plantest.Plan(t, "dev")
	in := plantest.In(p.One(t, tyTaskDefinition, "api"))
	exec, task := plantest.Str(in, "executionRoleArn"), plantest.Str(in, "taskRoleArn")
	if exec == "" || task == "" || exec == task {
		t.Errorf("executionRoleArn %q and taskRoleArn %q must both be set and differ (CKV_AWS_249)", exec, task)
	}
	if want := outStr(p.One(t, tyRole, "api-execution"), "arn"); exec != want {
		t.Errorf("executionRoleArn = %q, want %q", exec, want)
	}
	if want := outStr(p.One(t, tyRole, "api-task"), "arn"); task != want {
		t.Errorf("taskRoleArn = %q, want %q", task, want)
	}
}

func TestIamPoliciesHaveNoWildcardActionAndWildcardResourceOnlyForEcrAuth(t *testing.T) {
	p := plantest.Plan(t, "prod", `vpclink:services={"api":{"image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1","secrets":{"DB_PASSWORD":"`+dbPasswordArn+`"}}}`)
	var docs []string
	for _, r := range p.OfType(tyRolePolicy) {
		docs = append(docs, plantest.Str(plantest.In(r), "policy"))
	}
	for _, r := range p.OfType(tyRole) {
		docs = append(docs, plantest.Str(plantest.In(r), "assumeRolePolicy"))
	}
	if len(docs) < 6 {
		t.Fatalf("only %d policies found", len(docs))
	}
	ecrAuth := 0
	for _, d := range docs {
		for _, s := range policyDocument(t, d).Statement {
			for _, a := range s.Action {
				if strings.Contains(a, "*") {
					t.Errorf("action %q has a wildcard (AwsSolutions-IAM5)", a)
				}
			}
			if slices.Contains(s.Resource, "*") {
				if !slices.Equal(s.Action, []string{"ecr:GetAuthorizationToken"}) {
					t.Errorf("resource * for %v; only ecr:GetAuthorizationToken may have it", s.Action)
				}
				ecrAuth++
			}
		}
	}
	if ecrAuth != 1 {
		t.Errorf("ecr:GetAuthorizationToken on *: %d statements, want 1 for the private ECR image", ecrAuth)
	}
}

func TestReadonlyRootFilesystemInProd(t *testing.T) {
	prod := containerDefinitions(t, plantest.Plan(t, "prod").One(t, tyTaskDefinition, "api"))[0]
	if prod["readonlyRootFilesystem"] != true {
		t.Errorf("prod readonlyRootFilesystem = %v, want true (CKV_AWS_336)", prod["readonlyRootFilesystem"])
	}
	mounts, _ := prod["mountPoints"].([]any)
	if len(mounts) != 1 || plantest.Str(mounts[0], "containerPath") != "/tmp" {
		t.Errorf("prod mountPoints = %v, want a writable /tmp", mounts)
	}
	dev := containerDefinitions(t, plantest.Plan(t, "dev").One(t, tyTaskDefinition, "api"))[0]
	if v, ok := dev["readonlyRootFilesystem"]; ok && v != false {
		t.Errorf("dev readonlyRootFilesystem = %v, want off by default", v)
	}
}

func TestAutoscalingTargetAndCpuPolicyInProd(t *testing.T) {
	p := plantest.Plan(t, "prod")
	target := plantest.In(onlyOne(t, p, tyScalingTarget))
	if target["minCapacity"] != 3.0 || target["maxCapacity"] != 10.0 {
		t.Errorf("capacity = %v..%v, want 3..10", target["minCapacity"], target["maxCapacity"])
	}
	svc := p.One(t, tyEcsService, "api")
	cluster := outStr(onlyOne(t, p, tyCluster), "name")
	if got, want := plantest.Str(target, "resourceId"), fmt.Sprintf("service/%s/%s", cluster, outStr(svc, "name")); got != want {
		t.Errorf("resourceId = %q, want %q", got, want)
	}
	if got := plantest.Str(target, "scalableDimension"); got != "ecs:service:DesiredCount" {
		t.Errorf("scalableDimension = %q", got)
	}
	policy := plantest.In(onlyOne(t, p, tyScalingPolicy))
	cfg := plantest.Get(policy, "targetTrackingScalingPolicyConfiguration")
	if plantest.Get(cfg, "targetValue") != 60.0 || plantest.Str(cfg, "predefinedMetricSpecification", "predefinedMetricType") != "ECSServiceAverageCPUUtilization" {
		t.Errorf("target tracking = %v, want 60%% ECSServiceAverageCPUUtilization", cfg)
	}
	if !slices.Contains(svc.IgnoreChanges, "desiredCount") {
		t.Errorf("service ignoreChanges = %v, want desiredCount owned by the scaler", svc.IgnoreChanges)
	}
	if dev := plantest.Plan(t, "dev"); dev.Count(tyScalingTarget)+dev.Count(tyScalingPolicy) != 0 {
		t.Errorf("dev has autoscaling without vpclink:services.api.autoscaling")
	}
}

func TestEcsServiceWaitsForNlbListener(t *testing.T) {
	p := plantest.Plan(t, "dev", frontendsOverride("rest-nlb"), threeServices)
	for _, s := range threeServiceSpecs {
		svc := p.One(t, tyEcsService, s.name)
		listener := p.One(t, tyListener, "nlb-"+s.name)
		if !slices.Contains(svc.PropertyDependencies["loadBalancers"], listener.URN) {
			t.Errorf("%s loadBalancers depends on %v, want the listener %s", s.name, svc.PropertyDependencies["loadBalancers"], listener.URN)
		}
		assertServiceTargetGroup(t, p, svc, "nlb-"+s.name, s.port)
	}
}

func TestEcsServiceWaitsForAlbListenerRule(t *testing.T) {
	p := plantest.Plan(t, "dev", threeServices)
	for _, s := range threeServiceSpecs {
		svc := p.One(t, tyEcsService, s.name)
		rule := p.One(t, tyListenerRule, "alb-"+s.name)
		if !slices.Contains(svc.PropertyDependencies["loadBalancers"], rule.URN) {
			t.Errorf("%s loadBalancers depends on %v, want the listener rule %s", s.name, svc.PropertyDependencies["loadBalancers"], rule.URN)
		}
		assertServiceTargetGroup(t, p, svc, "alb-"+s.name, s.port)
	}
}

func TestThreeServicesShareOneClusterAndOneLoadBalancer(t *testing.T) {
	for _, c := range []struct{ frontend, routing string }{{"http-alb", tyListenerRule}, {"rest-nlb", tyListener}} {
		t.Run(c.frontend, func(t *testing.T) {
			p := plantest.Plan(t, "dev", frontendsOverride(c.frontend), threeServices)
			for typ, want := range map[string]int{
				tyTargetGroup: 3, c.routing: 3, tyEcsService: 3, tyTaskDefinition: 3, tyCluster: 1, tyLoadBalancer: 1,
			} {
				if got := p.Count(typ); got != want {
					t.Errorf("%s: %d, want %d", typ, got, want)
				}
			}
		})
	}
}

func TestInvalidFargateSizeIsValidationError(t *testing.T) {
	_, err := plantest.TryPlan("dev", `vpclink:services={"api":{"cpu":256,"memory":4096}}`)
	assertProblem(t, err, "vpclink:services.api.memory")
}

func TestNlbAccessLogsWithoutTlsIsValidationError(t *testing.T) {
	_, err := plantest.TryPlan("dev", frontendsOverride("rest-nlb"), `vpclink:loadBalancers={"accessLogsBucket":"my-lb-logs"}`)
	assertProblem(t, err, "vpclink:loadBalancers.accessLogsBucket")
}
