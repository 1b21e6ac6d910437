package policy_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/components"
	"github.com/vpclink/vpclink/openapi"
	"github.com/vpclink/vpclink/policy"
)

// Type tokens the fixtures register.
const (
	tVpc              = "awsx:ec2:Vpc"
	tAwsVpc           = "aws:ec2/vpc:Vpc"
	tFlowLog          = "aws:ec2/flowLog:FlowLog"
	tDefaultSG        = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	tSG               = "aws:ec2/securityGroup:SecurityGroup"
	tSGRule           = "aws:ec2/securityGroupRule:SecurityGroupRule"
	tIngress          = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	tEgress           = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	tEndpoint         = "aws:ec2/vpcEndpoint:VpcEndpoint"
	tLB               = "aws:lb/loadBalancer:LoadBalancer"
	tListener         = "aws:lb/listener:Listener"
	tTargetGroup      = "aws:lb/targetGroup:TargetGroup"
	tCluster          = "aws:ecs/cluster:Cluster"
	tTaskDef          = "aws:ecs/taskDefinition:TaskDefinition"
	tService          = "aws:ecs/service:Service"
	tRole             = "aws:iam/role:Role"
	tRolePolicy       = "aws:iam/rolePolicy:RolePolicy"
	tPolicyAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	tRestApi          = "aws:apigateway/restApi:RestApi"
	tRestApiPolicy    = "aws:apigateway/restApiPolicy:RestApiPolicy"
	tValidator        = "aws:apigateway/requestValidator:RequestValidator"
	tMethod           = "aws:apigateway/method:Method"
	tIntegration      = "aws:apigateway/integration:Integration"
	tDeployment       = "aws:apigateway/deployment:Deployment"
	tStage            = "aws:apigateway/stage:Stage"
	tMethodSettings   = "aws:apigateway/methodSettings:MethodSettings"
	tRestLink         = "aws:apigateway/vpcLink:VpcLink"
	tHttpLink         = "aws:apigatewayv2/vpcLink:VpcLink"
	tWafAssociation   = "aws:wafv2/webAclAssociation:WebAclAssociation"
	tUsagePlan        = "aws:apigateway/usagePlan:UsagePlan"
	tHttpApi          = "aws:apigatewayv2/api:Api"
	tHttpIntegration  = "aws:apigatewayv2/integration:Integration"
	tRoute            = "aws:apigatewayv2/route:Route"
	tHttpStage        = "aws:apigatewayv2/stage:Stage"
	tBucket           = "aws:s3/bucketV2:BucketV2"
	tBucketSse        = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	tBucketPab        = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	tBucketOwnership  = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	tBucketPolicy     = "aws:s3/bucketPolicy:BucketPolicy"
	tBucketLifecycle  = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
)

const arnPrefix = "arn:aws:elasticloadbalancing:us-east-1:123456789012:"

// fixture is a stack's resources, built in Go, that tests mutate one field at a time.
type fixture struct {
	rs []policy.Resource
}

func urn(typ, name string) string { return "urn:pulumi:test::vpclink::" + typ + "::" + name }

// add registers a resource. Each dep is "input=type::name" (a property dependency of that input)
// or "type::name" (a plain dependency).
func (f *fixture) add(typ, name string, in, out map[string]any, deps ...string) {
	r := policy.Resource{URN: urn(typ, name), Type: typ, Name: name, Custom: typ != tVpc, Inputs: in, Outputs: out,
		PropertyDependencies: map[string][]string{}}
	if r.Outputs == nil {
		r.Outputs = map[string]any{}
	}
	for _, d := range deps {
		key, target, ok := strings.Cut(d, "=")
		if !ok {
			target, key = key, ""
		}
		u := "urn:pulumi:test::vpclink::" + target
		if !slices.Contains(r.Dependencies, u) {
			r.Dependencies = append(r.Dependencies, u)
		}
		if key != "" {
			r.PropertyDependencies[key] = append(r.PropertyDependencies[key], u)
		}
	}
	f.rs = append(f.rs, r)
}

// res returns the resource typ::name, failing the test when there is none.
func (f *fixture) res(t *testing.T, typ, name string) *policy.Resource {
	t.Helper()
	for i := range f.rs {
		if f.rs[i].Type == typ && f.rs[i].Name == name {
			return &f.rs[i]
		}
	}
	t.Fatalf("fixture has no %s %s", typ, name)
	return nil
}

// set sets a dotted input path of typ::name (intermediate objects are created).
func (f *fixture) set(t *testing.T, typ, name, path string, v any) {
	t.Helper()
	m := f.res(t, typ, name).Inputs
	keys := strings.Split(path, ".")
	for _, k := range keys[:len(keys)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	m[keys[len(keys)-1]] = v
}

// del removes a dotted input path of typ::name.
func (f *fixture) del(t *testing.T, typ, name, path string) {
	t.Helper()
	m := f.res(t, typ, name).Inputs
	keys := strings.Split(path, ".")
	for _, k := range keys[:len(keys)-1] {
		m, _ = m[k].(map[string]any)
	}
	delete(m, keys[len(keys)-1])
}

// drop removes typ::name from the stack.
func (f *fixture) drop(t *testing.T, typ, name string) {
	t.Helper()
	r := f.res(t, typ, name)
	f.rs = slices.DeleteFunc(f.rs, func(x policy.Resource) bool { return x.URN == r.URN })
}

// undepend removes a dependency of typ::name on target ("type::name").
func (f *fixture) undepend(t *testing.T, typ, name, target string) {
	t.Helper()
	r := f.res(t, typ, name)
	u := "urn:pulumi:test::vpclink::" + target
	r.Dependencies = slices.DeleteFunc(r.Dependencies, func(x string) bool { return x == u })
	for k, v := range r.PropertyDependencies {
		r.PropertyDependencies[k] = slices.DeleteFunc(v, func(x string) bool { return x == u })
	}
}

func obj(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func arr(v ...any) []any { return v }

const jsonLogFormat = `{"requestId":"$context.requestId","status":$context.status,"error":"$context.integration.error"}`

// containerDefs renders container definitions JSON with one compliant container, changed by edit.
func containerDefs(edit func(c map[string]any)) string {
	c := obj(
		"name", "api", "image", "example/api:1", "essential", true, "readonlyRootFilesystem", true,
		"environment", arr(obj("name", "LOG_LEVEL", "value", "info")),
		"secrets", arr(obj("name", "DB_PASSWORD", "valueFrom", "arn:aws:ssm:us-east-1:123456789012:parameter/db")),
		"logConfiguration", obj("logDriver", "awslogs", "options", obj("awslogs-group", "api")),
	)
	if edit != nil {
		edit(c)
	}
	return mustJSON([]any{c})
}

// baseline is a stack that satisfies every rule, advisory ones included, in prod: a VPC with its
// flow log and closed default group, an ALB and an NLB with TLS listeners, a Fargate service, a
// regional REST API with a WAF and a scoped policy, a private REST API, a REST link, an HTTP API to
// the ALB listener and to Cloud Map, and the security groups between them.
func baseline() *fixture {
	f := &fixture{}
	const vpc = tVpc + "::net"
	f.add(tVpc, "net", obj("cidrBlock", "10.0.0.0/16", "enableDnsSupport", true, "enableDnsHostnames", true), obj("vpcId", "vpc-1"))
	f.add(tFlowLog, "net", obj("vpcId", "vpc-1", "trafficType", "ALL"), obj("id", "fl-1"), "vpcId="+vpc)
	f.add(tDefaultSG, "net-default", obj("vpcId", "vpc-1"), obj("id", "sg-default"), "vpcId="+vpc)
	f.add(tEndpoint, "execute-api", obj("vpcId", "vpc-1", "privateDnsEnabled", true, "serviceName", "com.amazonaws.us-east-1.execute-api"), obj("id", "vpce-1"), "vpcId="+vpc)

	for _, sg := range []string{"alb", "nlb", "api", "http-link"} {
		f.add(tSG, sg, obj("vpcId", "vpc-1", "description", "group of "+sg), obj("id", "sg-"+sg), "vpcId="+vpc)
	}
	f.add(tIngress, "alb-from-link", obj("securityGroupId", "sg-alb", "referencedSecurityGroupId", "sg-http-link", "ipProtocol", "tcp", "fromPort", 443.0, "toPort", 443.0, "description", "from the link"), obj("id", "sgr-1"),
		"securityGroupId="+tSG+"::alb", "referencedSecurityGroupId="+tSG+"::http-link")
	f.add(tEgress, "link-to-alb", obj("securityGroupId", "sg-http-link", "referencedSecurityGroupId", "sg-alb", "ipProtocol", "tcp", "fromPort", 443.0, "toPort", 443.0, "description", "to the ALB"), obj("id", "sgr-2"),
		"securityGroupId="+tSG+"::http-link", "referencedSecurityGroupId="+tSG+"::alb")
	f.add(tIngress, "nlb-from-link", obj("securityGroupId", "sg-nlb", "referencedSecurityGroupId", "sg-http-link", "ipProtocol", "tcp", "fromPort", 443.0, "toPort", 443.0, "description", "from the link"), obj("id", "sgr-3"),
		"securityGroupId="+tSG+"::nlb", "referencedSecurityGroupId="+tSG+"::http-link")
	f.add(tEgress, "api-https-out", obj("securityGroupId", "sg-api", "cidrIpv4", "0.0.0.0/0", "ipProtocol", "tcp", "fromPort", 443.0, "toPort", 443.0, "description", "HTTPS to AWS"), obj("id", "sgr-4"),
		"securityGroupId="+tSG+"::api")

	albArn, nlbArn := arnPrefix+"loadbalancer/app/alb/1", arnPrefix+"loadbalancer/net/nlb/2"
	albListener, nlbListener := arnPrefix+"listener/app/alb/1/a", arnPrefix+"listener/net/nlb/2/b"
	logs := obj("enabled", true, "bucket", "access-logs")
	f.add(tLB, "alb", obj("loadBalancerType", "application", "internal", true, "enableDeletionProtection", true, "dropInvalidHeaderFields", true,
		"desyncMitigationMode", "defensive", "accessLogs", logs, "securityGroups", arr("sg-alb")), obj("id", albArn, "arn", albArn), "securityGroups="+tSG+"::alb")
	f.add(tLB, "nlb", obj("loadBalancerType", "network", "internal", true, "enableDeletionProtection", true,
		"accessLogs", obj("enabled", true, "bucket", "access-logs"), "securityGroups", arr("sg-nlb")), obj("id", nlbArn, "arn", nlbArn), "securityGroups="+tSG+"::nlb")
	f.add(tListener, "alb", obj("loadBalancerArn", albArn, "protocol", "HTTPS", "port", 443.0, "sslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06"),
		obj("id", albListener, "arn", albListener), "loadBalancerArn="+tLB+"::alb")
	f.add(tListener, "nlb-api", obj("loadBalancerArn", nlbArn, "protocol", "TLS", "port", 443.0, "sslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06"),
		obj("id", nlbListener, "arn", nlbListener), "loadBalancerArn="+tLB+"::nlb")
	addBucket(f, "access-logs")
	hc := func() map[string]any { return obj("enabled", true, "protocol", "HTTP", "path", "/health") }
	f.add(tTargetGroup, "alb-api", obj("protocol", "HTTP", "port", 8080.0, "targetType", "ip", "healthCheck", hc()), obj("id", arnPrefix+"targetgroup/alb-api/1"))
	f.add(tTargetGroup, "nlb-api", obj("protocol", "TCP", "port", 8080.0, "targetType", "ip", "healthCheck", hc()), obj("id", arnPrefix+"targetgroup/nlb-api/2"))

	f.add(tCluster, "cluster", obj("settings", arr(obj("name", "containerInsights", "value", "enabled"))), obj("id", "cluster-arn", "arn", "cluster-arn"))
	roleArn := func(n string) string { return "arn:aws:iam::123456789012:role/" + n }
	f.add(tRole, "api-execution", obj("assumeRolePolicy", "{}"), obj("id", "api-execution", "arn", roleArn("api-execution")))
	f.add(tRole, "api-task", obj("assumeRolePolicy", "{}"), obj("id", "api-task", "arn", roleArn("api-task")))
	f.add(tRolePolicy, "api-execution", obj("role", "api-execution", "policy", mustJSON(obj("Version", "2012-10-17", "Statement", arr(
		obj("Sid", "Logs", "Effect", "Allow", "Action", arr("logs:CreateLogStream", "logs:PutLogEvents"), "Resource", arr("arn:aws:logs:us-east-1:123456789012:log-group:api:*")),
		obj("Sid", "EcrAuth", "Effect", "Allow", "Action", arr("ecr:GetAuthorizationToken"), "Resource", arr("*")),
		obj("Sid", "NoWrites", "Effect", "Deny", "Action", "*", "Resource", "*"),
	)))), obj("id", "api-execution:policy"), "role="+tRole+"::api-execution")
	f.add(tTaskDef, "api", obj("containerDefinitions", containerDefs(nil), "executionRoleArn", roleArn("api-execution"), "taskRoleArn", roleArn("api-task")),
		obj("id", "api", "arn", "td-arn"), "executionRoleArn="+tRole+"::api-execution", "taskRoleArn="+tRole+"::api-task")
	f.add(tService, "api", obj("launchType", "FARGATE", "platformVersion", "LATEST",
		"networkConfiguration", obj("assignPublicIp", false, "securityGroups", arr("sg-api")),
		"deploymentController", obj("type", "ECS"), "deploymentCircuitBreaker", obj("enable", true, "rollback", true),
		"healthCheckGracePeriodSeconds", 60.0, "loadBalancers", arr(obj("targetGroupArn", arnPrefix+"targetgroup/alb-api/1", "containerName", "api", "containerPort", 8080.0)),
	), obj("id", "svc-arn"))

	addRest(f, "rest", "REGIONAL", nlbArn)
	addRest(f, "priv", "PRIVATE", nlbArn)
	f.add(tHttpLink, "http-link", obj("subnetIds", arr("subnet-1", "subnet-2"), "securityGroupIds", arr("sg-link")), obj("id", "v2link", "arn", "v2link-arn"))
	addBodyRest(f, "doc", albArn)

	f.add(tHttpApi, "http", obj("protocolType", "HTTP"), obj("id", "http1"))
	for _, i := range []struct{ name, uri, dep string }{
		{"http-alb", albListener, tListener + "::alb"},
		{"http-cloudmap", "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-abc123", ""},
	} {
		deps := []string{"apiId=" + tHttpApi + "::http"}
		if i.dep != "" {
			deps = append(deps, "integrationUri="+i.dep)
		}
		f.add(tHttpIntegration, i.name, obj("apiId", "http1", "integrationType", "HTTP_PROXY", "integrationMethod", "ANY", "integrationUri", i.uri,
			"connectionType", "VPC_LINK", "connectionId", "v2link", "payloadFormatVersion", "1.0", "timeoutMilliseconds", 30000.0,
			"requestParameters", obj("overwrite:path", "$request.path"), "tlsConfig", obj("serverNameToVerify", "api.example.com")),
			obj("id", "int-"+i.name), deps...)
	}
	f.add(tRoute, "http-api", obj("apiId", "http1", "routeKey", "ANY /api", "authorizationType", "JWT", "target", "integrations/int-http-alb"), obj("id", "r1"))
	f.add(tRoute, "http-options", obj("apiId", "http1", "routeKey", "OPTIONS /api", "authorizationType", "NONE"), obj("id", "r2"))
	f.add(tHttpStage, "http", obj("apiId", "http1", "name", "$default",
		"accessLogSettings", obj("destinationArn", "arn:aws:logs:us-east-1:123456789012:log-group:http", "format", jsonLogFormat),
		"defaultRouteSettings", obj("throttlingBurstLimit", 200.0, "throttlingRateLimit", 100.0, "detailedMetricsEnabled", true)), obj("id", "$default"))
	return f
}

// tlsDeny is the statement that makes a bucket TLS-only.
func tlsDeny(bucket string) map[string]any {
	arn := "arn:aws:s3:::" + bucket
	return obj("Sid", "DenyInsecureTransport", "Effect", "Deny", "Principal", "*", "Action", arr("s3:*"), "Resource", arr(arn, arn+"/*"),
		"Condition", obj("Bool", obj("aws:SecureTransport", "false")))
}

// addBucket adds an access-log bucket named name with every setting the S3 rules ask for: SSE-S3,
// a full public access block, ACLs off, a TLS-only policy admitting the ELB account, and an
// expiring lifecycle rule.
func addBucket(f *fixture, name string) {
	dep := "bucket=" + tBucket + "::" + name
	f.add(tBucket, name, obj("forceDestroy", false), obj("id", name, "bucket", name, "arn", "arn:aws:s3:::"+name))
	f.add(tBucketSse, name, obj("bucket", name, "rules", arr(obj("applyServerSideEncryptionByDefault", obj("sseAlgorithm", "AES256")))), obj("id", name), dep)
	f.add(tBucketPab, name, obj("bucket", name, "blockPublicAcls", true, "blockPublicPolicy", true, "ignorePublicAcls", true, "restrictPublicBuckets", true), obj("id", name), dep)
	f.add(tBucketOwnership, name, obj("bucket", name, "rule", obj("objectOwnership", "BucketOwnerEnforced")), obj("id", name), dep)
	f.add(tBucketPolicy, name, obj("bucket", name, "policy", mustJSON(obj("Version", "2012-10-17", "Statement", arr(tlsDeny(name),
		obj("Effect", "Allow", "Principal", obj("AWS", "arn:aws:iam::127311923021:root"), "Action", arr("s3:PutObject"), "Resource", arr("arn:aws:s3:::"+name+"/alb/AWSLogs/123456789012/*")))))),
		obj("id", name), dep)
	f.add(tBucketLifecycle, name, obj("bucket", name, "rules", arr(obj("id", "expire", "status", "Enabled", "expiration", obj("days", 30.0)))), obj("id", name), dep)
}

// addRest adds a REST API named name of an endpoint type, with a resource policy, a validator, a
// method and an OPTIONS method, a proxy integration over the link, a deployment, a stage with its
// */* settings and, for a regional API, a WAF association.
func addRest(f *fixture, name, endpoint, nlbArn string) {
	id := name + "-id"
	api := tRestApi + "::" + name
	f.add(tRestApi, name, obj("endpointConfiguration", obj("types", endpoint)),
		obj("id", id, "arn", "arn:aws:apigateway:us-east-1::/restapis/"+id, "executionArn", "arn:aws:execute-api:us-east-1:123456789012:"+id))
	resource := "arn:aws:execute-api:us-east-1:123456789012:" + id + "/*"
	// The methods use AWS_IAM, so neither policy allows Principal * (aws-facts R11): the private
	// one only denies what does not come through the endpoint, the regional one allows a partner
	// account from its network.
	statements := arr(obj("Effect", "Allow", "Principal", obj("AWS", "arn:aws:iam::210987654321:root"), "Action", "execute-api:Invoke", "Resource", resource,
		"Condition", obj("IpAddress", obj("aws:SourceIp", "192.0.2.0/24"))))
	if endpoint == "PRIVATE" {
		statements = arr(obj("Effect", "Deny", "Principal", "*", "Action", "execute-api:Invoke", "Resource", resource,
			"Condition", obj("StringNotEquals", obj("aws:SourceVpce", "vpce-1"))))
	}
	f.add(tRestApiPolicy, name, obj("restApiId", id, "policy", mustJSON(obj("Version", "2012-10-17", "Statement", statements))), obj("id", id), "restApiId="+api)
	f.add(tValidator, name, obj("restApi", id, "validateRequestBody", true, "validateRequestParameters", true), obj("id", name+"-validator"), "restApi="+api)
	f.add(tMethod, name+"-api", obj("restApi", id, "httpMethod", "ANY", "authorization", "AWS_IAM", "requestValidatorId", name+"-validator"),
		obj("id", name+"-m1"), "restApi="+api, "requestValidatorId="+tValidator+"::"+name)
	f.add(tMethod, name+"-options", obj("restApi", id, "httpMethod", "OPTIONS", "authorization", "NONE"), obj("id", name+"-m2"), "restApi="+api)
	f.add(tIntegration, name+"-api", obj("restApi", id, "type", "HTTP_PROXY", "connectionType", "VPC_LINK", "connectionId", "link1",
		"uri", "https://api.example.com/api", "timeoutMilliseconds", 29000.0), obj("id", name+"-i1"), "restApi="+api, "connectionId="+tRestLink+"::rest-link")
	f.add(tDeployment, name, obj("restApi", id, "triggers", obj("redeployment", "hash")), obj("id", name+"-dep"),
		"restApi="+api, tMethod+"::"+name+"-api", tMethod+"::"+name+"-options", tIntegration+"::"+name+"-api", tRestApiPolicy+"::"+name)
	stageArn := "arn:aws:apigateway:us-east-1::/restapis/" + id + "/stages/v1"
	f.add(tStage, name, obj("restApi", id, "stageName", "v1", "deployment", name+"-dep", "xrayTracingEnabled", true,
		"accessLogSettings", obj("destinationArn", "arn:aws:logs:us-east-1:123456789012:log-group:"+name, "format", jsonLogFormat)),
		obj("id", "stage-"+name, "arn", stageArn), "restApi="+api, "deployment="+tDeployment+"::"+name)
	f.add(tMethodSettings, name, obj("restApi", id, "stageName", "v1", "methodPath", "*/*", "settings", obj(
		"loggingLevel", "INFO", "metricsEnabled", true, "dataTraceEnabled", false, "cachingEnabled", true, "cacheDataEncrypted", true,
		"throttlingBurstLimit", 200.0, "throttlingRateLimit", 100.0)), obj("id", name+"-ms"), "restApi="+api, "stageName="+tStage+"::"+name)
	if endpoint != "PRIVATE" {
		f.add(tWafAssociation, name, obj("resourceArn", stageArn, "webAclArn", "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/x/1"),
			obj("id", name+"-waf"), "resourceArn="+tStage+"::"+name)
	}
}

// addV1Link adds the legacy REST (V1) link the per-method APIs' integrations name (link1), to the
// NLB after its listener.
func addV1Link(f *fixture) {
	nlbArn := arnPrefix + "loadbalancer/net/nlb/2"
	f.add(tRestLink, "rest-link", obj("targetArn", nlbArn), obj("id", "link1", "arn", "link1-arn"),
		"targetArn="+tLB+"::nlb", "targetArn="+tListener+"::nlb-api")
}

// addBodyRest adds a private REST API defined by an OpenAPI body, as vpclink renders it: IAM
// methods over the V2 link to the ALB, the policy in the document, a deployment, a stage and its
// */* settings.
func addBodyRest(f *fixture, name, albArn string) {
	id := name + "-id"
	api := tRestApi + "::" + name
	policyDoc, err := components.PrivateApiPolicy("execute-api:", []string{"vpce-1"}, components.AuthIam, nil)
	if err != nil {
		panic(err)
	}
	body, err := components.RestOpenApi(components.RestDocumentSpec{
		Title: name, EndpointType: components.RestPrivate, VpcEndpointIds: []string{"vpce-1"}, Policy: policyDoc,
		Authorization: components.AuthIam, Scheme: "https", Host: "api.example.com",
		Routes:       []components.RestRoute{{Name: "api", PathPrefix: "/api", Port: 443}},
		ConnectionId: "v2link", IntegrationTarget: albArn, TimeoutMs: 29000,
	})
	if err != nil {
		panic(err)
	}
	f.add(tRestApi, name, obj("endpointConfiguration", obj("types", "PRIVATE", "vpcEndpointIds", arr("vpce-1")), "body", body, "putRestApiMode", "overwrite", "failOnWarnings", true),
		obj("id", id, "arn", "arn:aws:apigateway:us-east-1::/restapis/"+id, "executionArn", "arn:aws:execute-api:us-east-1:123456789012:"+id))
	f.add(tDeployment, name, obj("restApi", id, "triggers", obj("redeployment", "hash")), obj("id", name+"-dep"), "restApi="+api)
	f.add(tStage, name, obj("restApi", id, "stageName", "v1", "deployment", name+"-dep", "xrayTracingEnabled", true,
		"accessLogSettings", obj("destinationArn", "arn:aws:logs:us-east-1:123456789012:log-group:"+name, "format", jsonLogFormat)),
		obj("id", "stage-"+name, "arn", "arn:aws:apigateway:us-east-1::/restapis/"+id+"/stages/v1"), "restApi="+api, "deployment="+tDeployment+"::"+name)
	f.add(tMethodSettings, name, obj("restApi", id, "stageName", "v1", "methodPath", "*/*", "settings", obj(
		"loggingLevel", "ERROR", "metricsEnabled", true, "dataTraceEnabled", false, "cachingEnabled", false,
		"throttlingBurstLimit", 200.0, "throttlingRateLimit", 100.0)), obj("id", name+"-ms"), "restApi="+api, "stageName="+tStage+"::"+name)
}

// editBody rewrites the OpenAPI body of REST API name.
func (f *fixture) editBody(t *testing.T, name string, edit func(d *openapi.Document)) {
	t.Helper()
	r := f.res(t, tRestApi, name)
	d, err := openapi.Parse(r.Inputs["body"].(string))
	if err != nil {
		t.Fatal(err)
	}
	edit(d)
	body, err := d.Render()
	if err != nil {
		t.Fatal(err)
	}
	r.Inputs["body"] = body
}

// eachIntegration applies edit to every integration of a document.
func eachIntegration(d *openapi.Document, edit func(i *openapi.Integration)) {
	for _, item := range d.Paths {
		for _, op := range item {
			if op.Integration != nil {
				edit(op.Integration)
			}
		}
	}
}

// want is one expected finding: on which resource, at which severity, saying what.
type want struct {
	typ, name string
	sev       policy.Severity
	says      string
}

// mutation breaks the baseline one way.
type mutation struct {
	name   string
	env    string // "" means prod, "-" unset
	mutate func(t *testing.T, f *fixture)
	want   []want // every finding of the rule under test, in URN order
}

// testRule checks one rule the way the checkers test theirs: the compliant baseline has no finding
// of it in dev or prod, and each mutation has exactly the findings it names.
func testRule(t *testing.T, id string, cases []mutation) {
	t.Helper()
	var rule *policy.Rule
	for _, r := range policy.Rules() {
		if r.ID == id {
			rule = &r
		}
	}
	if rule == nil {
		t.Fatalf("no rule %s", id)
	}
	t.Run("compliant", func(t *testing.T) {
		for _, env := range []string{"dev", "prod"} {
			if fs := findingsOf(baseline().rs, env, id); len(fs) > 0 {
				t.Errorf("%s: baseline has %d findings, first: %s", env, len(fs), fs[0].Message)
			}
		}
	})
	for _, m := range cases {
		t.Run(m.name, func(t *testing.T) {
			f := baseline()
			m.mutate(t, f)
			env := m.env
			switch env {
			case "":
				env = "prod"
			case "-":
				env = ""
			}
			got := findingsOf(f.rs, env, id)
			if len(got) != len(m.want) {
				t.Fatalf("want %d findings, got %d: %s", len(m.want), len(got), describe(got))
			}
			for i, w := range m.want {
				g := got[i]
				if g.Type != w.typ || g.Name != w.name || g.Severity != w.sev || !strings.Contains(g.Message, w.says) {
					t.Errorf("finding %d: want %s %s %s saying %q, got %s %s %s: %s", i, w.sev, w.typ, w.name, w.says, g.Severity, g.Type, g.Name, g.Message)
				}
				if !slices.Equal(g.Sources, rule.Sources) {
					t.Errorf("finding %d cites %v, the rule %v", i, g.Sources, rule.Sources)
				}
			}
			// A rule judged alone gives the same findings as the whole evaluation.
			if alone := rule.Check(f.rs, policy.Options{Environment: env}); len(alone) != len(got) {
				t.Errorf("Rule.Check gives %d findings, Evaluate %d", len(alone), len(got))
			}
		})
	}
}

func findingsOf(rs []policy.Resource, env, id string) []policy.Finding {
	var out []policy.Finding
	for _, f := range policy.Evaluate(rs, policy.Options{Environment: env}) {
		if f.RuleID == id {
			out = append(out, f)
		}
	}
	return out
}

func describe(fs []policy.Finding) string {
	var s []string
	for _, f := range fs {
		s = append(s, string(f.Severity)+" "+f.Name+": "+f.Message)
	}
	return strings.Join(s, "; ")
}
