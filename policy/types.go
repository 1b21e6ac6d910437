package policy

// Type tokens of the resources the rules read (pulumi-aws v6, awsx v2). Where pulumi-aws keeps an
// old alias of a type (aws:alb/... for aws:lb/...), both are listed, so a program written against
// either is checked.
const (
	tLB               = "aws:lb/loadBalancer:LoadBalancer"
	tLBAlias          = "aws:alb/loadBalancer:LoadBalancer"
	tListener         = "aws:lb/listener:Listener"
	tListenerAlias    = "aws:alb/listener:Listener"
	tTargetGroup      = "aws:lb/targetGroup:TargetGroup"
	tTargetGroupAlias = "aws:alb/targetGroup:TargetGroup"

	tCluster = "aws:ecs/cluster:Cluster"
	tTaskDef = "aws:ecs/taskDefinition:TaskDefinition"
	tService = "aws:ecs/service:Service"

	tVpc       = "aws:ec2/vpc:Vpc"
	tAwsxVpc   = "awsx:ec2:Vpc"
	tFlowLog   = "aws:ec2/flowLog:FlowLog"
	tSG        = "aws:ec2/securityGroup:SecurityGroup"
	tDefaultSG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	tSGRule    = "aws:ec2/securityGroupRule:SecurityGroupRule"
	tSGIngress = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	tSGEgress  = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	tEndpoint  = "aws:ec2/vpcEndpoint:VpcEndpoint"

	tRole             = "aws:iam/role:Role"
	tRolePolicy       = "aws:iam/rolePolicy:RolePolicy"
	tPolicy           = "aws:iam/policy:Policy"
	tPolicyAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"

	tRestApi          = "aws:apigateway/restApi:RestApi"
	tRestApiPolicy    = "aws:apigateway/restApiPolicy:RestApiPolicy"
	tMethod           = "aws:apigateway/method:Method"
	tIntegration      = "aws:apigateway/integration:Integration"
	tDeployment       = "aws:apigateway/deployment:Deployment"
	tStage            = "aws:apigateway/stage:Stage"
	tMethodSettings   = "aws:apigateway/methodSettings:MethodSettings"
	tRequestValidator = "aws:apigateway/requestValidator:RequestValidator"
	tRestLink         = "aws:apigateway/vpcLink:VpcLink"

	tHttpIntegration = "aws:apigatewayv2/integration:Integration"
	tHttpLink        = "aws:apigatewayv2/vpcLink:VpcLink"
	tRoute           = "aws:apigatewayv2/route:Route"
	tHttpStage       = "aws:apigatewayv2/stage:Stage"

	tBucket          = "aws:s3/bucketV2:BucketV2"
	tBucketV1        = "aws:s3/bucket:Bucket"
	tBucketSse       = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	tBucketPab       = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	tBucketOwnership = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	tBucketPolicy    = "aws:s3/bucketPolicy:BucketPolicy"
	tBucketLifecycle = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"

	tWafAssociation  = "aws:wafv2/webAclAssociation:WebAclAssociation"
	tUsagePlan       = "aws:apigateway/usagePlan:UsagePlan"
	tCloudMapService = "aws:servicediscovery/service:Service"
)

var (
	lbTypes       = []string{tLB, tLBAlias}
	listenerTypes = []string{tListener, tListenerAlias}
	vpcTypes      = []string{tVpc, tAwsxVpc}
	bucketTypes   = []string{tBucket, tBucketV1}
)
