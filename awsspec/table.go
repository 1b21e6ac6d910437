package awsspec

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Type tokens of the pulumi-aws v6 resources vpclink creates.
const (
	SecurityGroup        = "aws:ec2/securityGroup:SecurityGroup"
	SecurityGroupIngress = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	SecurityGroupEgress  = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	SecurityGroupRule    = "aws:ec2/securityGroupRule:SecurityGroupRule"
	DefaultSecurityGroup = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	VpcEndpoint          = "aws:ec2/vpcEndpoint:VpcEndpoint"
	FlowLog              = "aws:ec2/flowLog:FlowLog"
	Subnet               = "aws:ec2/subnet:Subnet"
	AwsxVpc              = "awsx:ec2:Vpc"
	LoadBalancer         = "aws:lb/loadBalancer:LoadBalancer"
	TargetGroup          = "aws:lb/targetGroup:TargetGroup"
	Listener             = "aws:lb/listener:Listener"
	ListenerRule         = "aws:lb/listenerRule:ListenerRule"
	TaskDefinition       = "aws:ecs/taskDefinition:TaskDefinition"
	EcsService           = "aws:ecs/service:Service"
	EcsCluster           = "aws:ecs/cluster:Cluster"
	LogGroup             = "aws:cloudwatch/logGroup:LogGroup"
	IamRole              = "aws:iam/role:Role"
	IamRolePolicy        = "aws:iam/rolePolicy:RolePolicy"
	RestApi              = "aws:apigateway/restApi:RestApi"
	RestStage            = "aws:apigateway/stage:Stage"
	RestMethodSettings   = "aws:apigateway/methodSettings:MethodSettings"
	RestIntegration      = "aws:apigateway/integration:Integration"
	RestVpcLink          = "aws:apigateway/vpcLink:VpcLink"
	HttpApi              = "aws:apigatewayv2/api:Api"
	HttpStage            = "aws:apigatewayv2/stage:Stage"
	HttpRoute            = "aws:apigatewayv2/route:Route"
	HttpIntegration      = "aws:apigatewayv2/integration:Integration"
	HttpVpcLink          = "aws:apigatewayv2/vpcLink:VpcLink"
	CloudMapNamespace    = "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace"
	CloudMapService      = "aws:servicediscovery/service:Service"
	ScalingTarget        = "aws:appautoscaling/target:Target"
	ApiMapping           = "aws:apigatewayv2/apiMapping:ApiMapping"
	BasePathMapping      = "aws:apigateway/basePathMapping:BasePathMapping"
	UsagePlan            = "aws:apigateway/usagePlan:UsagePlan"
	WafLogging           = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
)

// tagged are the types vpclink tags; every one sends its tags to its service's tagging API.
var tagged = []string{
	SecurityGroup, SecurityGroupIngress, SecurityGroupEgress, DefaultSecurityGroup, VpcEndpoint, FlowLog, AwsxVpc,
	LoadBalancer, TargetGroup, Listener, ListenerRule, TaskDefinition, EcsService, EcsCluster, LogGroup, IamRole,
	RestApi, RestStage, RestVpcLink, HttpApi, HttpStage, HttpVpcLink, CloudMapNamespace, CloudMapService, ScalingTarget,
}

func each(n int, path string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = path
	}
	return out
}

// ec2Text is the character set EC2 allows in security group names, group descriptions and rule
// descriptions.
const ec2Text = `^[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]*$`

// LogRetentionDays are the retention periods CloudWatch Logs accepts (PutRetentionPolicy).
var LogRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// Integration timeouts (A1, A2).
const (
	MinIntegrationTimeoutMs = 50
	MaxRestTimeoutMs        = 29000
	MaxHttpTimeoutMs        = 30000
)

var table = []*Rule{
	{
		ID: "C1", What: "security group description",
		Types: []string{SecurityGroup}, Paths: []string{"description"},
		Constraint: "up to 255 of a-z, A-Z, 0-9, space and ._-:/()#,@[]+=&;{}!$*",
		check:      str{max: 255, pattern: regexp.MustCompile(ec2Text)}.test,
		AWSError:   "InvalidParameterValue: Invalid security group description. Valid descriptions are strings less than 256 characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*",
		// terraform-provider-aws validates only the length of a group's description (PR 43854,
		// which would check the characters too, is still open): AWS refuses it at Create.
		ErrorSource: "https://github.com/cds-snc/notification-terraform/pull/561",
		Phase:       AtCreate, Source: "ec2/api_op_CreateSecurityGroup.go",
		Refused: Example{SecurityGroup, "execute-api", map[string]any{"description": "HTTPS from the API's clients only"}},
	},
	{
		ID: "C2", What: "security group name",
		Types: []string{SecurityGroup}, Paths: []string{"name"},
		Constraint:  "up to 255 of a-z, A-Z, 0-9, space and ._-:/()#,@[]+=&;{}!$*, not starting with sg- (an autoname starts with the logical name)",
		check:       str{min: 1, max: 255, pattern: regexp.MustCompile(ec2Text), noPrefix: []string{"sg-"}}.test,
		AWSError:    "InvalidParameterValue: Value (%s) for parameter GroupName is invalid. Group names may not be in the format sg-*.",
		ErrorSource: "https://github.com/pulumi/pulumi-awsx/pull/477",
		Phase:       AtCreate, Source: "ec2/api_op_CreateSecurityGroup.go",
		Refused: Example{SecurityGroup, "sg-web", map[string]any{"description": "Tasks of sg-web"}},
	},
	{
		ID: "C3", What: "load balancer name",
		Types: []string{LoadBalancer}, Paths: []string{"name"},
		Constraint: "1 to 32 letters, digits or hyphens, not starting or ending with a hyphen, not starting with internal-",
		check:      str{min: 1, max: 32, pattern: regexp.MustCompile(`^[A-Za-z0-9-]+$`), noPrefix: []string{"internal-"}, noEdgeHyphen: true}.test,
		AWSError:   "ValidationError: The load balancer name '%s' cannot be longer than '32' characters",
		// The autoname is not cut (maximum 255): the Terraform provider's name validator refuses
		// it during Check, so preview fails too.
		ErrorSource: "https://github.com/aws-cloudformation/cfn-lint/issues/3259",
		Phase:       AtCheck, ProviderError: `"name" cannot be longer than 32 characters: "%s"`,
		Source:  "elasticloadbalancingv2/api_op_CreateLoadBalancer.go",
		Refused: Example{LoadBalancer, "vpclink-production-internal-alb", map[string]any{"loadBalancerType": "application"}},
	},
	{
		ID: "C4", What: "ECS task definition family",
		Types: []string{TaskDefinition}, Paths: []string{"family"},
		Constraint:  "1 to 255 letters, digits, _ or - (a Pulumi stack name may hold a .)",
		check:       str{min: 1, max: 255, pattern: regexp.MustCompile(`^[A-Za-z0-9_-]+$`)}.test,
		AWSError:    "ClientException: Family contains invalid characters.",
		ErrorSource: "https://github.com/aws/amazon-ecs-cli/issues/542",
		Phase:       AtCreate, Source: "ecs/api_op_RegisterTaskDefinition.go",
		Refused: Example{TaskDefinition, "api", map[string]any{"family": "vpclink-dev.eu-api"}},
	},
	{
		ID: "C5", What: "CloudWatch Logs log group name",
		Types: []string{LogGroup}, Paths: []string{"name"},
		Constraint: "1 to 512 of letters, digits and ._-/#",
		check:      str{min: 1, max: 512, pattern: regexp.MustCompile(`^[.\-_/#A-Za-z0-9]+$`)}.test,
		AWSError:   "InvalidParameterException: 1 validation error detected: Value '%s' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
		// terraform-provider-aws validLogGroupName checks the same pattern during Check.
		Phase:         AtCheck,
		ProviderError: `"name" isn't a valid log group name (alphanumeric characters, underscores, hyphens, slashes, hash signs and dots are allowed): "%s"`,
		Source:        "cloudwatchlogs/api_op_CreateLogGroup.go",
		Doc:           "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html (logGroupName: length 1-512, pattern [\\.\\-_/#A-Za-z0-9]+; the SDK comment omits them)",
		Refused:       Example{LogGroup, "api", map[string]any{"name": "/ecs/api:web", "retentionInDays": 7}},
	},
	{
		ID: "C6", What: "IAM role name",
		Types: []string{IamRole}, Paths: []string{"name"},
		Constraint:  "1 to 64 of letters, digits and _+=,.@-",
		check:       str{min: 1, max: 64, pattern: regexp.MustCompile(`^[\w+=,.@-]+$`)}.test,
		AWSError:    "ValidationError: 1 validation error detected: Value '%s' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64",
		ErrorSource: "https://github.com/legion-platform/legion/issues/530",
		Phase:       AtCreate, Source: "iam/api_op_CreateRole.go",
		Doc:     "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName: length 1-64; the SDK comment states only the characters)",
		Refused: Example{IamRole, "a-service-with-a-very-long-name-for-its-task-execution-role", map[string]any{"assumeRolePolicy": "{}"}},
	},
	{
		ID: "C7", What: "tag key",
		Types: tagged, Paths: each(len(tagged), "tags{key}"),
		Constraint:  "1 to 127 letters, digits, spaces and _.:/=+-@ (EC2 allows 127, the others 128), not starting with aws: in any case",
		check:       str{min: 1, max: 127, pattern: regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$`), noPrefix: []string{"aws:"}, fold: true}.test,
		AWSError:    "InvalidParameterValue: Value ( %s ) for parameter key is invalid. Tag keys starting with 'aws:' are reserved for internal use",
		ErrorSource: "https://github.com/AndrewFarley/AWS-Automated-Daily-Instance-AMI-Snapshots/issues/7",
		Phase:       AtCreate, Source: "ec2/types/types.go (Tag.Key); ecs/types/types.go (Tag)",
		Refused: Example{SecurityGroup, "api", map[string]any{"description": "tasks", "tags": map[string]any{"aws:team": "x"}}},
	},
	{
		ID: "C8", What: "target group health check interval",
		Types: []string{TargetGroup}, Paths: []string{"healthCheck.interval"},
		Constraint:  "5 to 300 seconds",
		check:       intRange(5, 300),
		AWSError:    "ValidationError: 1 validation error detected: Value '%s' at 'healthCheckIntervalSeconds' failed to satisfy constraint: Member must have value less than or equal to 300",
		ErrorSource: "https://github.com/aws-cloudformation/cfn-lint/pull/807",
		Phase:       AtCreate, Source: "elasticloadbalancingv2/api_op_CreateTargetGroup.go",
		Refused: Example{TargetGroup, "alb-api", map[string]any{"healthCheck": map[string]any{"interval": 600}}},
	},
	{
		ID: "C9", What: "subnet availability zone",
		Types: []string{AwsxVpc, Subnet}, Paths: []string{"availabilityZoneNames[*]", "availabilityZone"},
		Constraint: "a Region's own availability zone (us-east-1a); GetAvailabilityZones also returns opted-in Local and Wavelength Zones (us-east-1-bos-1a), which VPC links, NAT gateways and Fargate do not serve: filter opt-in-status = opt-in-not-required",
		check:      str{pattern: regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d[a-z]$`)}.test,
		AWSError:   "BadRequestException: Subnet %s is in an Availability Zone that is not supported for VPC links",
		Phase:      AtCreate, Source: "ec2/api_op_DescribeAvailabilityZones.go",
		Doc:     "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vpc-links.html",
		Refused: Example{AwsxVpc, "network", map[string]any{"availabilityZoneNames": []any{"us-east-1a", "us-east-1-bos-1a"}}},
	},
	{
		ID: "C10", What: "security group rule description",
		Types:       []string{SecurityGroupIngress, SecurityGroupEgress, SecurityGroupRule, SecurityGroup, SecurityGroup},
		Paths:       []string{"description", "description", "description", "ingress[*].description", "egress[*].description"},
		Constraint:  "up to 255 of a-z, A-Z, 0-9, space and ._-:/()#,@[]+=&;{}!$*",
		check:       str{max: 255, pattern: regexp.MustCompile(ec2Text)}.test,
		AWSError:    "InvalidParameterValue: Invalid rule description. Valid descriptions are strings less than 256 characters from the following set: a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*",
		ErrorSource: "https://github.com/aws-cloudformation/cfn-lint/issues/173",
		Phase:       AtCreate, Source: "ec2/types/types.go (IpRange.Description, UserIdGroupPair.Description)",
		Refused: Example{SecurityGroupIngress, "api-from-alb-8080", map[string]any{"description": "from the ALB's group on 8080"}},
	},
	{
		ID: "C11", What: "target group name",
		Types: []string{TargetGroup}, Paths: []string{"name"},
		Constraint: "1 to 32 letters, digits or hyphens, not starting or ending with a hyphen; an autoname needs a logical name of at most 24",
		check:      str{min: 1, max: 32, pattern: regexp.MustCompile(`^[A-Za-z0-9-]+$`), noEdgeHyphen: true}.test,
		AWSError:   "ValidationError: Target group name '%s' cannot be longer than '32' characters",
		// pulumi-aws autonames target groups with a maximum of 32 and refuses in Check when the
		// logical name leaves no room for the suffix.
		ErrorSource:   "https://github.com/hashicorp/terraform/issues/16253",
		Phase:         AtCheck,
		ProviderError: "could not make instance of 'aws:lb/targetGroup:TargetGroup': name '%s' plus 7 random chars is longer than maximum length 32",
		Source:        "elasticloadbalancingv2/api_op_CreateTargetGroup.go",
		Refused:       Example{TargetGroup, "alb-a-service-of-twenty-one", map[string]any{"port": 8080}},
	},
	{
		ID: "C12", What: "ECS service name",
		Types: []string{EcsService}, Paths: []string{"name"},
		Constraint: "1 to 255 letters, digits, _ or -",
		check:      str{min: 1, max: 255, pattern: regexp.MustCompile(`^[A-Za-z0-9_-]+$`)}.test,
		AWSError:   `InvalidParameterException: Service name must match ^[a-zA-Z0-9\-_]{1,255}$, but was %s`,
		Phase:      AtCreate, Source: "ecs/api_op_CreateService.go",
		Refused: Example{EcsService, "api", map[string]any{"name": "api.v2"}},
	},
	{
		ID: "C13", What: "ECS container name",
		Types:       []string{TaskDefinition, EcsService, EcsService},
		Paths:       []string{"containerDefinitions(json)[*].name", "loadBalancers[*].containerName", "serviceRegistries.containerName"},
		Constraint:  "1 to 255 letters, digits, _ or -",
		check:       str{min: 1, max: 255, pattern: regexp.MustCompile(`^[A-Za-z0-9_-]+$`)}.test,
		AWSError:    "ClientException: Container.name contains invalid characters.",
		ErrorSource: "https://github.com/hashicorp/terraform-provider-aws/issues/5950",
		Phase:       AtCreate, Source: "ecs/types/types.go (ContainerDefinition.Name)",
		Refused: Example{TaskDefinition, "api", map[string]any{"family": "vpclink-dev-api", "containerDefinitions": `[{"name":"api server"}]`}},
	},
	{
		ID: "C14", What: "ECS cluster name",
		Types: []string{EcsCluster}, Paths: []string{"name"},
		Constraint:  "1 to 255 letters, digits, _ or -",
		check:       str{min: 1, max: 255, pattern: regexp.MustCompile(`^[A-Za-z0-9_-]+$`)}.test,
		AWSError:    `InvalidParameterException: Cluster must match ^[a-zA-Z0-9\-_]{1,255}$, but was %s`,
		ErrorSource: "https://github.com/awslabs/amazon-ecs-nodejs-microservices/issues/18",
		Phase:       AtCreate, Source: "ecs/api_op_CreateCluster.go",
		Refused: Example{EcsCluster, "cluster", map[string]any{"name": "cluster.dev"}},
	},
	{
		ID: "C15", What: "CloudWatch Logs retention",
		Types: []string{LogGroup}, Paths: []string{"retentionInDays"},
		Constraint: "one of " + joinInts(LogRetentionDays) + " days",
		check:      intEnum(LogRetentionDays),
		AWSError:   "InvalidParameterException: Invalid retention value. Valid values are: [" + joinInts(LogRetentionDays) + "]",
		// terraform-provider-aws validates retention_in_days during Check (PR 14673).
		ErrorSource:   "https://github.com/aws/aws-cdk/issues/1343",
		Phase:         AtCheck,
		ProviderError: "expected retention_in_days to be one of [0 " + strings.ReplaceAll(joinInts(LogRetentionDays), ", ", " ") + "], got %s",
		Source:        "cloudwatchlogs/api_op_PutRetentionPolicy.go",
		Refused:       Example{LogGroup, "api", map[string]any{"retentionInDays": 10}},
	},
	{
		ID: "C16", What: "IAM role description",
		Types: []string{IamRole}, Paths: []string{"description"},
		Constraint: "up to 1000 printable Latin-1 characters (tab, newline, return, U+0020-U+007E, U+00A1-U+00FF)",
		check:      str{max: 1000, pattern: regexp.MustCompile("^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$")}.test,
		AWSError:   "ValidationError: 1 validation error detected: Value '%s' at 'description' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*",
		Phase:      AtCreate, Source: "iam/api_op_CreateRole.go",
		Doc:     "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (Description: length 0-1000 and its pattern; the SDK comment omits them)",
		Refused: Example{IamRole, "api-task", map[string]any{"description": "Application role of api → no permissions"}},
	},
	{
		ID: "C17", What: "IAM inline policy name",
		Types: []string{IamRolePolicy}, Paths: []string{"name"},
		Constraint: "1 to 128 of letters, digits and _+=,.@-",
		check:      str{min: 1, max: 128, pattern: regexp.MustCompile(`^[\w+=,.@-]+$`)}.test,
		AWSError:   "ValidationError: 1 validation error detected: Value '%s' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
		Phase:      AtCreate, Source: "iam/api_op_PutRolePolicy.go",
		Doc:     "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html (PolicyName: length 1-128)",
		Refused: Example{IamRolePolicy, "api-execution", map[string]any{"name": "api execution"}},
	},
	{
		ID: "C18", What: "REST API stage name",
		Types: []string{RestStage, RestMethodSettings}, Paths: []string{"stageName", "stageName"},
		Constraint:  "1 to 128 letters, digits, - or _ (no $default: that is an HTTP API stage)",
		check:       str{min: 1, max: 128, pattern: regexp.MustCompile(`^[A-Za-z0-9_-]+$`)}.test,
		AWSError:    "BadRequestException: Stage name only allows a-zA-Z0-9_",
		ErrorSource: "https://github.com/klothoplatform/klotho/issues/235",
		Phase:       AtCreate, Source: "apigateway/api_op_CreateStage.go",
		Refused: Example{RestStage, "rest-nlb", map[string]any{"stageName": "$default"}},
	},
	{
		ID: "C19", What: "HTTP API stage name",
		Types: []string{HttpStage}, Paths: []string{"name"},
		Constraint: "$default, or 1 to 128 letters, digits, - or _",
		check: str{min: 1, max: 128, also: func(s string) bool {
			return s == "$default" || stageChars.MatchString(s)
		}}.test,
		AWSError: "BadRequestException: Stage name only allows a-zA-Z0-9_-",
		Phase:    AtCreate, Source: "apigatewayv2/api_op_CreateStage.go",
		Doc:     "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html (stage names; the SDK comment omits them)",
		Refused: Example{HttpStage, "http-alb", map[string]any{"name": "v1.0"}},
	},
	{
		ID: "C20", What: "HTTP API route key",
		Types: []string{HttpRoute}, Paths: []string{"routeKey"},
		Constraint: "$default, or an HTTP method or ANY, a space and a path starting with / whose only greedy variable {name+} is its last segment",
		check: str{min: 1, also: func(s string) bool {
			if s == "$default" {
				return true
			}
			m := routeKeyShape.FindStringSubmatch(s)
			if m == nil {
				return false
			}
			segs := strings.Split(strings.TrimPrefix(m[2], "/"), "/")
			for i, seg := range segs {
				if strings.HasSuffix(seg, "+}") && i != len(segs)-1 {
					return false
				}
				if seg == "" && i != len(segs)-1 {
					return false
				}
			}
			return true
		}}.test,
		AWSError: "BadRequestException: Invalid route key: %s",
		Phase:    AtCreate, Source: "apigatewayv2/api_op_CreateRoute.go",
		Doc:     "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html",
		Refused: Example{HttpRoute, "http-alb-api", map[string]any{"routeKey": "ANY /{proxy+}/x"}},
	},
	{
		ID: "C21", What: "REST API integration timeout",
		Types: []string{RestIntegration}, Paths: []string{"timeoutMilliseconds"},
		Constraint:  fmt.Sprintf("%d to %d ms without a quota increase (aws-facts A1)", MinIntegrationTimeoutMs, MaxRestTimeoutMs),
		check:       intRange(MinIntegrationTimeoutMs, MaxRestTimeoutMs),
		AWSError:    "BadRequestException: Timeout should be between 50 ms and 29000 ms",
		ErrorSource: "https://github.com/aws/aws-cdk/issues/31063",
		Phase:       AtCreate, Source: "apigateway/api_op_PutIntegration.go",
		Refused: Example{RestIntegration, "rest-nlb-api", map[string]any{"timeoutMilliseconds": 30000}},
	},
	{
		ID: "C22", What: "HTTP API integration timeout",
		Types: []string{HttpIntegration}, Paths: []string{"timeoutMilliseconds"},
		Constraint: fmt.Sprintf("%d to %d ms, never raised (aws-facts A2)", MinIntegrationTimeoutMs, MaxHttpTimeoutMs),
		check:      intRange(MinIntegrationTimeoutMs, MaxHttpTimeoutMs),
		AWSError:   "BadRequestException: Timeout should be between 50 ms and 30000 ms",
		Phase:      AtCreate, Source: "apigatewayv2/api_op_CreateIntegration.go",
		Refused: Example{HttpIntegration, "http-alb-api", map[string]any{"timeoutMilliseconds": 45000}},
	},
	{
		ID: "C23", What: "target group health check timeout",
		Types: []string{TargetGroup}, Paths: []string{"healthCheck.timeout"},
		Constraint: "2 to 120 seconds",
		check:      intRange(2, 120),
		AWSError:   "ValidationError: 1 validation error detected: Value '%s' at 'healthCheckTimeoutSeconds' failed to satisfy constraint: Member must have value less than or equal to 120",
		Phase:      AtCreate, Source: "elasticloadbalancingv2/api_op_CreateTargetGroup.go",
		Refused: Example{TargetGroup, "alb-api", map[string]any{"healthCheck": map[string]any{"timeout": 1}}},
	},
	{
		ID: "C24", What: "target group health check thresholds",
		Types: []string{TargetGroup, TargetGroup}, Paths: []string{"healthCheck.healthyThreshold", "healthCheck.unhealthyThreshold"},
		Constraint: "2 to 10 checks",
		check:      intRange(2, 10),
		AWSError:   "ValidationError: 1 validation error detected: Value '%s' at 'healthyThresholdCount' failed to satisfy constraint: Member must have value less than or equal to 10",
		Phase:      AtCreate, Source: "elasticloadbalancingv2/api_op_CreateTargetGroup.go",
		Refused: Example{TargetGroup, "alb-api", map[string]any{"healthCheck": map[string]any{"healthyThreshold": 11}}},
	},
	{
		ID: "C25", What: "target group health check path",
		Types: []string{TargetGroup}, Paths: []string{"healthCheck.path"},
		Constraint: "1 to 1024 characters starting with /",
		check:      str{min: 1, max: 1024, also: func(s string) bool { return strings.HasPrefix(s, "/") }}.test,
		AWSError:   "ValidationError: Health check path must begin with a '/' character and can be at most 1024 characters",
		Phase:      AtCreate, Source: "elasticloadbalancingv2/api_op_CreateTargetGroup.go",
		Doc:     "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html (HealthCheckPath: length 1-1024)",
		Refused: Example{TargetGroup, "alb-api", map[string]any{"healthCheck": map[string]any{"path": "health"}}},
	},
	{
		ID: "C26", What: "target group health check timeout below its interval",
		Types: []string{TargetGroup}, Paths: []string{""},
		Constraint:  "healthCheck.timeout smaller than healthCheck.interval (defaults: interval 30, timeout 6 for HTTP, 10 for TCP)",
		whole:       timeoutBelowInterval,
		AWSError:    "ValidationError: Health check interval must be greater than the timeout.",
		ErrorSource: "https://github.com/terraform-linters/tflint-ruleset-aws/issues/404",
		Phase:       AtCreate, Source: "elasticloadbalancingv2/api_op_CreateTargetGroup.go",
		Refused: Example{TargetGroup, "alb-api", map[string]any{"protocol": "HTTP", "healthCheck": map[string]any{"interval": 5, "timeout": 5}}},
	},
	{
		ID: "C27", What: "ALB listener rule path pattern",
		Types: []string{ListenerRule}, Paths: []string{"conditions[*].pathPattern.values[*]"},
		Constraint: "up to 128 characters each",
		check:      str{min: 1, max: 128}.test,
		AWSError:   "ValidationError: 1 validation error detected: Value '%s' at 'conditions.member.1.pathPatternConfig.values.member.1' failed to satisfy constraint: Member must have length less than or equal to 128",
		Phase:      AtCreate, Source: "elasticloadbalancingv2/types/types.go (PathPatternConditionConfig.Values)",
		Refused: Example{ListenerRule, "alb-api", map[string]any{"conditions": []any{map[string]any{"pathPattern": map[string]any{"values": []any{"/" + strings.Repeat("a", 128)}}}}}},
	},
	{
		ID: "C28", What: "Cloud Map service name",
		Types: []string{CloudMapService}, Paths: []string{"name"},
		Constraint: "a DNS name of at most 127 characters: labels of letters, digits, _ and -, 1 to 63 each, not starting or ending with -",
		check:      str{min: 1, max: 127, also: func(s string) bool { return dnsName(s, true) }}.test,
		AWSError:   "InvalidInput: 1 validation error detected: Value '%s' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern",
		Phase:      AtCreate, Source: "servicediscovery/api_op_CreateService.go",
		Doc:     "https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateService.html (Name pattern and length 1-127)",
		Refused: Example{CloudMapService, "cloudmap-api", map[string]any{"name": "api service"}},
	},
	{
		ID: "C29", What: "Cloud Map private DNS namespace name",
		Types: []string{CloudMapNamespace}, Paths: []string{"name"},
		Constraint: "a DNS name of at most 253 characters (it names a Route 53 private hosted zone): labels of letters, digits and -, 1 to 63 each, not starting or ending with -",
		check:      str{min: 1, max: 253, also: func(s string) bool { return dnsName(s, false) }}.test,
		AWSError:   "InvalidInput: Invalid namespace name: %s",
		Phase:      AtCreate, Source: "servicediscovery/api_op_CreatePrivateDnsNamespace.go",
		Refused: Example{CloudMapNamespace, "cloudmap", map[string]any{"name": "dev_eu.vpclink.internal"}},
	},
	{
		ID: "C30", What: "VPC endpoint service name",
		Types: []string{VpcEndpoint}, Paths: []string{"serviceName"},
		Constraint: "an AWS service's endpoint name in the partition: com.amazonaws.<region>.<service> (cn.com.amazonaws. in China)",
		check:      str{pattern: regexp.MustCompile(`^(cn\.)?com\.amazonaws\.[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d\.[a-z0-9][a-z0-9.-]*[a-z0-9]$`)}.test,
		AWSError:   "InvalidServiceName: The Vpc Endpoint Service '%s' does not exist",
		Phase:      AtCreate, Source: "ec2/api_op_CreateVpcEndpoint.go",
		Doc:     "https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html",
		Refused: Example{VpcEndpoint, "execute-api", map[string]any{"serviceName": "com.amazonaws.execute-api"}},
	},
	{
		ID: "C31", What: "tag value",
		Types: tagged, Paths: each(len(tagged), "tags{value}"),
		Constraint: "up to 256 letters, digits, spaces and _.:/=+-@",
		check:      str{max: 256, pattern: regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)}.test,
		AWSError:   "InvalidParameterValue: Tag value exceeds the maximum length of 256 characters",
		Phase:      AtCreate, Source: "ec2/types/types.go (Tag.Value); ecs/types/types.go (Tag)",
		Refused: Example{LogGroup, "api", map[string]any{"tags": map[string]any{"owner": strings.Repeat("x", 257)}}},
	},
	{
		ID: "C32", What: "tags per resource",
		Types: tagged, Paths: each(len(tagged), "tags{count}"),
		Constraint: "at most 50 tags on a resource, the Name tag vpclink adds included",
		check:      intRange(0, 50),
		AWSError:   "TagLimitExceeded: The maximum number of tags per resource is 50",
		Phase:      AtCreate, Source: "ecs/types/types.go (Tag: maximum number of tags per resource - 50)",
		Refused: Example{LogGroup, "api", map[string]any{"tags": fiftyOneTags()}},
	},
	{
		ID: "C33", What: "target group deregistration delay",
		Types: []string{TargetGroup}, Paths: []string{"deregistrationDelay"},
		Constraint: "0 to 3600 seconds",
		check:      intRange(0, 3600),
		AWSError:   "ValidationError: 1 validation error detected: Value '%s' at 'attributes.member.1.value' failed to satisfy constraint: deregistration_delay.timeout_seconds must be between 0 and 3600",
		Phase:      AtCreate, Source: "elasticloadbalancingv2/types/types.go (TargetGroupAttribute.Key)",
		Refused: Example{TargetGroup, "alb-api", map[string]any{"deregistrationDelay": 7200}},
	},
	{
		ID: "C34", What: "ECS container image",
		Types: []string{TaskDefinition}, Paths: []string{"containerDefinitions(json)[*].image"},
		Constraint: "up to 255 letters, digits, -, _, :, ., / and # (repository:tag), or a repository of up to 255 of them, @sha256: and 64 hex digits",
		check: str{min: 1, also: func(s string) bool {
			repo, digest, byDigest := strings.Cut(s, "@")
			if byDigest && !sha256Digest.MatchString(digest) {
				return false
			}
			return len(repo) <= 255 && imageChars.MatchString(repo)
		}}.test,
		AWSError: "ClientException: Container.image repository should be 255 characters or less.",
		Phase:    AtCreate, Source: "ecs/types/types.go (ContainerDefinition.Image)",
		Refused: Example{TaskDefinition, "api", map[string]any{"family": "vpclink-dev-api", "containerDefinitions": `[{"name":"api","image":"nginx latest"}]`}},
	},
	{
		ID: "C35", What: "API mapping key (custom domain base path)",
		Types: []string{ApiMapping, BasePathMapping}, Paths: []string{"apiMappingKey", "basePath"},
		Constraint: "up to 300 letters, digits and $-_.+!*'() in segments separated by /",
		check:      str{max: 300, pattern: regexp.MustCompile(`^[A-Za-z0-9$\-_.+!*'()]+(/[A-Za-z0-9$\-_.+!*'()]+)*$`)}.test,
		AWSError:   "BadRequestException: Invalid API mapping key: '%s'",
		Phase:      AtCreate, Source: "apigatewayv2/api_op_CreateApiMapping.go (ApiMappingKey); apigateway/api_op_CreateBasePathMapping.go (BasePath)",
		Doc:     "https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mappings.html (restrictions)",
		Refused: Example{ApiMapping, "api-example-com-rest", map[string]any{"apiMappingKey": "v1 orders"}},
	},
	{
		ID: "C36", What: "usage plan quota period",
		Types: []string{UsagePlan}, Paths: []string{"quotaSettings.period"},
		Constraint: "DAY, WEEK or MONTH",
		check:      str{pattern: regexp.MustCompile(`^(DAY|WEEK|MONTH)$`)}.test,
		AWSError:   "BadRequestException: Invalid quota period: '%s'",
		Phase:      AtCreate, Source: "apigateway/types/types.go (QuotaSettings.Period: Valid values are DAY, WEEK or MONTH)",
		Refused: Example{UsagePlan, "rest-nlb-partners", map[string]any{"name": "rest-nlb-partners", "quotaSettings": map[string]any{"limit": 10, "period": "YEAR"}}},
	},
	{
		ID: "C37", What: "WAF logging destination",
		Types: []string{WafLogging}, Paths: []string{"logDestinationConfigs[*]"},
		Constraint: "the ARN of a destination whose name starts with aws-waf-logs- (a CloudWatch Logs group arn:...:log-group:aws-waf-logs-...)",
		check: str{also: func(s string) bool {
			i := strings.LastIndex(s, ":log-group:")
			name := s[strings.LastIndex(s, "/")+1:]
			if i >= 0 {
				name = s[i+len(":log-group:"):]
			}
			return strings.HasPrefix(name, "aws-waf-logs-")
		}}.test,
		AWSError: "WAFInvalidParameterException: Error reason: The ARN isn't valid. A valid ARN begins with arn: and includes other information separated by colons or slashes., field: LOG_DESTINATION, parameter: %s",
		Phase:    AtCreate, Source: "wafv2/api_op_PutLoggingConfiguration.go (The name that you give the destination must start with aws-waf-logs-)",
		Refused: Example{WafLogging, "rest-nlb", map[string]any{"resourceArn": "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/rest-nlb/0a1b", "logDestinationConfigs": []any{"arn:aws:logs:us-east-1:123456789012:log-group:rest-nlb-waf"}}},
	},
}

// timeoutBelowInterval is C26: the timeout AWS applies (given or defaulted) must be below the
// interval it applies.
func timeoutBelowInterval(m resource.PropertyMap) (string, bool) {
	hc, ok := m["healthCheck"]
	if !ok {
		return "", true
	}
	hc = plain(hc)
	if !hc.IsObject() {
		return "", true
	}
	num := func(k string, def float64) (float64, bool) {
		v, ok := hc.ObjectValue()[resource.PropertyKey(k)]
		if !ok {
			return def, true
		}
		v = plain(v)
		if v.IsComputed() || !v.IsNumber() {
			return 0, false
		}
		return v.NumberValue(), true
	}
	defTimeout := 10.0
	if p := plain(m["protocol"]); p.IsString() && (p.StringValue() == "HTTP" || p.StringValue() == "HTTPS") {
		defTimeout = 6
	}
	interval, ok1 := num("interval", 30)
	timeout, ok2 := num("timeout", defTimeout)
	if !ok1 || !ok2 || timeout < interval {
		return "", true
	}
	return fmt.Sprintf("interval %v, timeout %v", interval, timeout), false
}

func fiftyOneTags() map[string]any {
	m := map[string]any{}
	for i := range 51 {
		m[fmt.Sprintf("k%d", i)] = "v"
	}
	return m
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}
