package components

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclink/vpclink/awsspec"
)

// FargateServiceType is the Pulumi type token of FargateService.
const FargateServiceType = "vpclink:components:FargateService"

// FargateServiceArgs configures a FargateService.
type FargateServiceArgs struct {
	// ClusterArn of the ECS cluster to run in. Required.
	ClusterArn pulumi.StringInput `pulumi:"clusterArn"`
	// VpcId of the VPC the service's security group belongs to. Required.
	VpcId pulumi.StringInput `pulumi:"vpcId"`
	// SubnetIds the tasks run in; private subnets, tasks never get a public IP. Required.
	SubnetIds pulumi.StringArrayInput `pulumi:"subnetIds"`
	// Image of the container. Required.
	Image string `pulumi:"image"`
	// Port the container listens on. Defaults to 8080.
	Port int `pulumi:"port,optional"`
	// Cpu of the task in CPU units (1024 = 1 vCPU), a Fargate value. Defaults to 256.
	Cpu int `pulumi:"cpu,optional"`
	// Memory of the task in MiB, valid with Cpu (aws-facts E1). Defaults to 512.
	Memory int `pulumi:"memory,optional"`
	// DesiredCount of tasks. Defaults to 1; with Autoscaling, the initial count.
	DesiredCount *int `pulumi:"desiredCount,optional"`
	// HealthCheckPath the load balancer and the container health check probe. Defaults to /health.
	HealthCheckPath string `pulumi:"healthCheckPath,optional"`
	// HealthCheckCommand of the container, in ECS form. Defaults to a wget probe of
	// HealthCheckPath; ["NONE"] turns the container health check off.
	HealthCheckCommand []string `pulumi:"healthCheckCommand,optional"`
	// Environment of the container, plain values only. Defaults to none.
	Environment map[string]string `pulumi:"environment,optional"`
	// Secrets of the container: variable name to the ARN of an SSM parameter or a Secrets Manager
	// secret. ECS resolves them at start; the execution role may read these and nothing else.
	// Defaults to none.
	Secrets map[string]string `pulumi:"secrets,optional"`
	// Autoscaling on average CPU. Defaults to nil (fixed DesiredCount).
	Autoscaling *Autoscaling `pulumi:"autoscaling,optional"`
	// ReadonlyRootFilesystem makes the container's root filesystem read-only, with /tmp a
	// task-level bind mount. On Fargate that mount is owned by root with mode 0755 unless the image
	// declares `VOLUME /tmp`, in which case it takes the owner and mode the image gives /tmp
	// (Amazon ECS developer guide, bind-mounts, "Considerations"; containers-roadmap 938 and 863;
	// aws-facts E12). An image that runs as a non-root user and writes to /tmp must therefore
	// declare it: `RUN chmod 1777 /tmp` then `VOLUME /tmp`. Defaults to false.
	ReadonlyRootFilesystem bool `pulumi:"readonlyRootFilesystem,optional"`
	// LogRetentionDays of the container log group. Defaults to 30.
	LogRetentionDays int `pulumi:"logRetentionDays,optional"`
	// TargetGroupArns the tasks register in. The count is plain because it decides whether a
	// health-check grace period may be set (aws-facts E3). Pass ARNs read from the listener or
	// listener rule, so the service waits until its target group is attached to a load balancer
	// (ECS refuses a target group without one). Defaults to none.
	TargetGroupArns []pulumi.StringInput `pulumi:"targetGroupArns,optional"`
	// CloudMapServiceArn registers the tasks in a Cloud Map service (SRV records carry the port).
	// Defaults to nil.
	CloudMapServiceArn pulumi.StringInput `pulumi:"cloudMapServiceArn,optional"`
	// Ingress are the peers admitted on Port: the load balancers, or the HTTP VPC link for Cloud
	// Map. Defaults to none: nothing reaches the tasks.
	Ingress []Peer `pulumi:"ingress,optional"`
	// StartAfter are resources the ECS service waits for before it starts tasks, beyond its own
	// roles: without NAT, the network's VPC endpoints (Network.Endpoints), since a task that cannot
	// reach ECR, S3 or CloudWatch Logs fails after the 3-minute start timeout and counts toward the
	// circuit breaker (aws-facts E4, E2). Defaults to none. Go only: no tag, so it is not an input of the multi-language component.
	StartAfter []pulumi.Resource
	// Region for the awslogs driver. Defaults to the provider's Region.
	Region string `pulumi:"region,optional"`
	// Tags added to every resource. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// Autoscaling is target tracking on the service's average CPU.
type Autoscaling struct {
	// Min tasks. Required, at least 1.
	Min int `pulumi:"min"`
	// Max tasks. Required, at least Min.
	Max int `pulumi:"max"`
	// CpuTargetPercent to hold average CPU at. Defaults to 60.
	CpuTargetPercent int `pulumi:"cpuTargetPercent,optional"`
}

// FargateService is one backend service on ECS Fargate.
type FargateService struct {
	pulumi.ResourceState

	// ServiceName of the ECS service.
	ServiceName pulumi.StringOutput `pulumi:"serviceName"`
	// SecurityGroupId of the tasks; add rules to it for the service's own dependencies.
	SecurityGroupId pulumi.StringOutput `pulumi:"securityGroupId"`
	// TaskRoleArn is the role the application runs as. It starts with no permissions.
	TaskRoleArn pulumi.StringOutput `pulumi:"taskRoleArn"`
	// TaskRoleName, to attach the application's own policies to.
	TaskRoleName pulumi.StringOutput `pulumi:"taskRoleName"`
	// ExecutionRoleArn is the role ECS uses to pull the image, write logs and read the secrets.
	ExecutionRoleArn pulumi.StringOutput `pulumi:"executionRoleArn"`
	// LogGroupName receives the container's output.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
	// TaskDefinitionArn of the current revision.
	TaskDefinitionArn pulumi.StringOutput `pulumi:"taskDefinitionArn"`
}

var (
	envNamePattern  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	ssmArnPattern   = regexp.MustCompile(`^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter/.+$`)
	smArnPattern    = regexp.MustCompile(`^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[^:]+(:.*)?$`)
	ecrImagePattern = regexp.MustCompile(`^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?/([^:@]+)`)
)

// ValidateSecretRef accepts the ARN of an SSM parameter or a Secrets Manager secret (optionally with
// the :json-key:version-stage:version-id suffix ECS understands).
func ValidateSecretRef(ref string) error {
	if ssmArnPattern.MatchString(ref) || smArnPattern.MatchString(ref) {
		return nil
	}
	return fmt.Errorf("%q is not the ARN of an SSM parameter (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME) or a Secrets Manager secret (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)", ref)
}

// IsPrivateECRImage reports whether image comes from a private ECR repository, which VPC endpoints
// can serve without NAT. ECR Public (public.ecr.aws) is not private ECR: no VPC endpoint serves it.
func IsPrivateECRImage(image string) bool { return ecrImagePattern.MatchString(image) }

// ECRImageRegion returns the Region of a private ECR image's registry
// (ACCOUNT.dkr.ecr.REGION.amazonaws.com/...), or "" for any other image.
func ECRImageRegion(image string) string {
	if m := ecrImagePattern.FindStringSubmatch(image); m != nil {
		return m[2]
	}
	return ""
}

func (a *FargateServiceArgs) withDefaults() FargateServiceArgs {
	out := *a
	out.Port = orDefault(out.Port, 8080)
	out.Cpu = orDefault(out.Cpu, 256)
	out.Memory = orDefault(out.Memory, 512)
	if out.DesiredCount == nil {
		one := 1
		out.DesiredCount = &one
	}
	out.HealthCheckPath = orDefault(out.HealthCheckPath, "/health")
	if out.HealthCheckCommand == nil {
		out.HealthCheckCommand = DefaultHealthCheckCommand(out.Port, out.HealthCheckPath)
	}
	if slices.Equal(out.HealthCheckCommand, []string{"NONE"}) {
		out.HealthCheckCommand = nil
	}
	out.LogRetentionDays = orDefault(out.LogRetentionDays, 30)
	if out.Autoscaling != nil {
		as := *out.Autoscaling
		as.CpuTargetPercent = orDefault(as.CpuTargetPercent, 60)
		out.Autoscaling = &as
	}
	return out
}

func (a *FargateServiceArgs) validate(name string) error {
	var c argsCheck
	// The container is named after the service and the provider names the ECS service
	// <name>-<7 random characters>: both must be ECS names (aws-facts C4).
	if ValidateEcsName(name) != nil || len(name) > maxEcsName-8 {
		c.add("", nil, "the name %q gives the container and the ECS service names ECS refuses: 1 to %d letters, digits, _ or - (aws-facts C4)", name, maxEcsName-8)
	}
	c.missingIf(a.ClusterArn == nil, "clusterArn")
	c.missingIf(a.VpcId == nil, "vpcId")
	c.missingIf(a.SubnetIds == nil, "subnetIds")
	if a.Image == "" {
		c.missing("image")
	} else {
		c.wrap("image", a.Image, awsspec.ContainerImage(a.Image))
	}
	c.wrap("port", a.Port, ValidatePort(a.Port))
	if err := ValidateFargateSize(a.Cpu, a.Memory); err != nil {
		c.add("memory", a.Memory, "%v (aws-facts E1)", err)
		if strings.HasPrefix(err.Error(), "cpu ") {
			c.problems[len(c.problems)-1].Field, c.problems[len(c.problems)-1].Value = "cpu", a.Cpu
		}
	}
	// CreateService desiredCount: "the number of instantiations ... to place and keep running";
	// ECS refuses a negative count.
	if *a.DesiredCount < 0 {
		c.add("desiredCount", *a.DesiredCount, "must not be negative")
	}
	if as := a.Autoscaling; as != nil {
		if as.Min < 1 || as.Max < as.Min {
			c.add("autoscaling", summary(fmt.Sprintf("min %d, max %d", as.Min, as.Max)), "must satisfy 1 <= min <= max")
		}
		if as.CpuTargetPercent < 10 || as.CpuTargetPercent > 90 {
			c.add("autoscaling.cpuTargetPercent", as.CpuTargetPercent, "is out of range; allowed: 10 to 90")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(a.Environment)) {
		if !envNamePattern.MatchString(k) {
			c.add(field("environment", k), k, "is not a valid environment variable name")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(a.Secrets)) {
		if !envNamePattern.MatchString(k) {
			c.add(field("secrets", k), k, "is not a valid environment variable name")
		}
		if _, dup := a.Environment[k]; dup {
			c.add(field("secrets", k), k, "is both a plain environment variable and a secret")
		}
		c.wrap(field("secrets", k), a.Secrets[k], ValidateSecretRef(a.Secrets[k]))
	}
	c.wrap("logRetentionDays", a.LogRetentionDays, ValidateLogRetention(a.LogRetentionDays))
	for i, p := range a.Ingress {
		c.wrap(field("ingress", i), p.Name, p.validate())
	}
	checkTags(&c, a.Tags)
	return c.err(FargateServiceType, name)
}

// NewFargateService creates a Fargate service with its own roles, log group and security group.
func NewFargateService(ctx *pulumi.Context, name string, args *FargateServiceArgs, opts ...pulumi.ResourceOption) (*FargateService, error) {
	if args == nil {
		args = &FargateServiceArgs{}
	}
	a := args.withDefaults()
	if err := a.validate(name); err != nil {
		return nil, err
	}
	env, err := lookupAwsEnv(ctx, a.Region)
	if err != nil {
		return nil, err
	}
	s := &FargateService{}
	if err := ctx.RegisterComponentResource(FargateServiceType, name, s, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(s)
	container := name

	logs, err := cloudwatch.NewLogGroup(ctx, name, &cloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(a.LogRetentionDays),
		Tags:            tagsWithName(a.Tags, name),
	}, parent)
	if err != nil {
		return nil, err
	}

	// Two roles, never one (CKV_AWS_249): ECS itself uses the execution role to start the task,
	// the application runs as the task role, which starts empty.
	execRole, err := iam.NewRole(ctx, name+"-execution", &iam.RoleArgs{
		Description:      pulumi.String("ECS task execution role of " + name + ": pull the image, write logs, read the configured secrets"),
		AssumeRolePolicy: pulumi.String(assumeRolePolicy("ecs-tasks.amazonaws.com", env.AccountID)),
		Tags:             tagsWithName(a.Tags, name+"-execution"),
	}, parent)
	if err != nil {
		return nil, err
	}
	execPolicy, err := iam.NewRolePolicy(ctx, name+"-execution", &iam.RolePolicyArgs{
		Role: execRole.ID(),
		Policy: logs.Arn.ApplyT(func(logArn string) string {
			return ExecutionRolePolicy(a.Image, logArn, a.Secrets, env.Partition)
		}).(pulumi.StringOutput),
	}, parent)
	if err != nil {
		return nil, err
	}
	taskRole, err := iam.NewRole(ctx, name+"-task", &iam.RoleArgs{
		Description:      pulumi.String("Application role of " + name + "; starts with no permissions"),
		AssumeRolePolicy: pulumi.String(assumeRolePolicy("ecs-tasks.amazonaws.com", env.AccountID)),
		Tags:             tagsWithName(a.Tags, name+"-task"),
	}, parent)
	if err != nil {
		return nil, err
	}

	var volumes ecs.TaskDefinitionVolumeArray
	if a.ReadonlyRootFilesystem {
		volumes = ecs.TaskDefinitionVolumeArray{ecs.TaskDefinitionVolumeArgs{Name: pulumi.String(tmpVolume)}}
	}
	taskDef, err := ecs.NewTaskDefinition(ctx, name, &ecs.TaskDefinitionArgs{
		Family:                  pulumi.String(TaskFamily(ctx.Project(), ctx.Stack(), name)),
		Cpu:                     pulumi.String(fmt.Sprint(a.Cpu)),
		Memory:                  pulumi.String(fmt.Sprint(a.Memory)),
		NetworkMode:             pulumi.String("awsvpc"),
		RequiresCompatibilities: pulumi.StringArray{pulumi.String("FARGATE")},
		ExecutionRoleArn:        execRole.Arn,
		TaskRoleArn:             taskRole.Arn,
		Volumes:                 volumes,
		ContainerDefinitions: logs.Name.ApplyT(func(group string) string {
			return RenderContainerDefinitions(ContainerSpec{
				Name: container, Image: a.Image, Port: a.Port,
				Environment: a.Environment, Secrets: a.Secrets,
				HealthCheckCommand:     a.HealthCheckCommand,
				ReadonlyRootFilesystem: a.ReadonlyRootFilesystem,
				LogGroup:               group, Region: env.Region,
			})
		}).(pulumi.StringOutput),
		Tags: tagsWithName(a.Tags, name),
	}, parent)
	if err != nil {
		return nil, err
	}

	sg, err := newSecurityGroup(ctx, name, "Tasks of "+name+": port "+fmt.Sprint(a.Port)+" from what fronts them only", a.VpcId, a.Tags, parent)
	if err != nil {
		return nil, err
	}
	for _, p := range a.Ingress {
		if err := allowFrom(ctx, name, sg.ID(), p, a.Port, name, parent); err != nil {
			return nil, err
		}
	}
	// Image pulls, log delivery, secret reads and the AWS APIs the application calls are HTTPS,
	// through NAT or VPC endpoints; nothing else leaves by default.
	if _, err := vpc.NewSecurityGroupEgressRule(ctx, name+"-https-out", &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: sg.ID(),
		IpProtocol:      pulumi.String("tcp"),
		FromPort:        pulumi.Int(443),
		ToPort:          pulumi.Int(443),
		CidrIpv4:        pulumi.String("0.0.0.0/0"),
		Description:     pulumi.String("HTTPS to AWS APIs, VPC endpoints and image registries"),
	}, parent); err != nil {
		return nil, err
	}

	svcArgs := &ecs.ServiceArgs{
		Cluster:         a.ClusterArn,
		TaskDefinition:  taskDef.Arn,
		DesiredCount:    pulumi.Int(*a.DesiredCount),
		LaunchType:      pulumi.String("FARGATE"),
		PlatformVersion: pulumi.String("LATEST"),
		NetworkConfiguration: ecs.ServiceNetworkConfigurationArgs{
			Subnets:        a.SubnetIds,
			SecurityGroups: pulumi.StringArray{sg.ID()},
			AssignPublicIp: pulumi.Bool(false),
		},
		DeploymentController: ecs.ServiceDeploymentControllerArgs{Type: pulumi.String("ECS")},
		// A deployment whose tasks keep failing rolls back to the last good one instead of
		// retrying forever (aws-facts E2), and waiting for steady state makes `pulumi up` fail
		// visibly when that happens.
		DeploymentCircuitBreaker: ecs.ServiceDeploymentCircuitBreakerArgs{
			Enable:   pulumi.Bool(true),
			Rollback: pulumi.Bool(true),
		},
		DeploymentMinimumHealthyPercent: pulumi.Int(100),
		DeploymentMaximumPercent:        pulumi.Int(200),
		WaitForSteadyState:              pulumi.Bool(true),
		EnableEcsManagedTags:            pulumi.Bool(true),
		PropagateTags:                   pulumi.String("SERVICE"),
		Tags:                            tagsWithName(a.Tags, name),
	}
	var lbs ecs.ServiceLoadBalancerArray
	for _, tg := range a.TargetGroupArns {
		lbs = append(lbs, ecs.ServiceLoadBalancerArgs{
			TargetGroupArn: tg,
			ContainerName:  pulumi.String(container),
			ContainerPort:  pulumi.Int(a.Port),
		})
	}
	if len(lbs) > 0 {
		svcArgs.LoadBalancers = lbs
		// ECS rejects a grace period on a service without a load balancer (aws-facts E3).
		svcArgs.HealthCheckGracePeriodSeconds = pulumi.Int(60)
	}
	if a.CloudMapServiceArn != nil {
		// SRV records need the container name and port, so API Gateway learns where to connect
		// (aws-facts A16).
		svcArgs.ServiceRegistries = ecs.ServiceServiceRegistriesArgs{
			RegistryArn:   a.CloudMapServiceArn,
			ContainerName: pulumi.String(container),
			ContainerPort: pulumi.Int(a.Port),
		}
	}
	// The task definition names the execution role, not its inline policy: without this the service
	// may start tasks before the policy exists, and they fail to pull or log with AccessDenied,
	// each failure counting toward the circuit breaker (aws-facts E11).
	startAfter := append([]pulumi.Resource{execPolicy}, a.StartAfter...)
	svcOpts := []pulumi.ResourceOption{parent, pulumi.DependsOn(startAfter)}
	if a.Autoscaling != nil {
		// The scaler owns the task count once it exists; Pulumi would otherwise reset it on
		// every update.
		svcOpts = append(svcOpts, pulumi.IgnoreChanges([]string{"desiredCount"}))
	}
	svc, err := ecs.NewService(ctx, name, svcArgs, svcOpts...)
	if err != nil {
		return nil, err
	}

	if as := a.Autoscaling; as != nil {
		resourceID := pulumi.All(a.ClusterArn, svc.Name).ApplyT(func(v []any) string {
			arn := v[0].(string)
			return fmt.Sprintf("service/%s/%s", arn[strings.LastIndex(arn, "/")+1:], v[1].(string))
		}).(pulumi.StringOutput)
		target, err := appautoscaling.NewTarget(ctx, name, &appautoscaling.TargetArgs{
			MinCapacity:       pulumi.Int(as.Min),
			MaxCapacity:       pulumi.Int(as.Max),
			ResourceId:        resourceID,
			ScalableDimension: pulumi.String("ecs:service:DesiredCount"),
			ServiceNamespace:  pulumi.String("ecs"),
			Tags:              tagsWithName(a.Tags, name),
		}, parent)
		if err != nil {
			return nil, err
		}
		if _, err := appautoscaling.NewPolicy(ctx, name+"-cpu", &appautoscaling.PolicyArgs{
			PolicyType:        pulumi.String("TargetTrackingScaling"),
			ResourceId:        target.ResourceId,
			ScalableDimension: target.ScalableDimension,
			ServiceNamespace:  target.ServiceNamespace,
			TargetTrackingScalingPolicyConfiguration: appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs{
				TargetValue: pulumi.Float64(float64(as.CpuTargetPercent)),
				PredefinedMetricSpecification: appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs{
					PredefinedMetricType: pulumi.String("ECSServiceAverageCPUUtilization"),
				},
				ScaleInCooldown:  pulumi.Int(300),
				ScaleOutCooldown: pulumi.Int(60),
			},
		}, parent); err != nil {
			return nil, err
		}
	}

	s.ServiceName = svc.Name
	s.SecurityGroupId = sg.ID().ToStringOutput()
	s.TaskRoleArn = taskRole.Arn
	s.TaskRoleName = taskRole.Name
	s.ExecutionRoleArn = execRole.Arn
	s.LogGroupName = logs.Name
	s.TaskDefinitionArn = taskDef.Arn
	if err := ctx.RegisterResourceOutputs(s, pulumi.Map{
		"serviceName":       s.ServiceName,
		"securityGroupId":   s.SecurityGroupId,
		"taskRoleArn":       s.TaskRoleArn,
		"taskRoleName":      s.TaskRoleName,
		"executionRoleArn":  s.ExecutionRoleArn,
		"logGroupName":      s.LogGroupName,
		"taskDefinitionArn": s.TaskDefinitionArn,
	}); err != nil {
		return nil, err
	}
	return s, nil
}

// ExecutionRolePolicy is the least-privilege policy of a task execution role: write to its own log
// group; pull from the image's ECR repository when the image is in private ECR
// (ecr:GetAuthorizationToken has no resource-level permissions, so it is the one "*" AWS requires);
// read exactly the configured secrets. Public images need no ECR permissions at all.
func ExecutionRolePolicy(image, logGroupArn string, secrets map[string]string, partition string) string {
	partition = orDefault(partition, "aws")
	st := []PolicyStatement{{
		Sid:      "Logs",
		Effect:   "Allow",
		Action:   []string{"logs:CreateLogStream", "logs:PutLogEvents"},
		Resource: []string{logGroupArn + ":*"},
	}}
	if m := ecrImagePattern.FindStringSubmatch(image); m != nil {
		st = append(st,
			PolicyStatement{Sid: "EcrAuth", Effect: "Allow", Action: []string{"ecr:GetAuthorizationToken"}, Resource: []string{"*"}},
			PolicyStatement{Sid: "EcrPull", Effect: "Allow",
				Action:   []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"},
				Resource: []string{fmt.Sprintf("arn:%s:ecr:%s:%s:repository/%s", partition, m[2], m[1], m[4])},
			})
	}
	var params, secretArns []string
	for _, k := range slices.Sorted(maps.Keys(secrets)) {
		ref := secrets[k]
		if ssmArnPattern.MatchString(ref) {
			params = append(params, ref)
		} else {
			// valueFrom may carry :json-key:version-stage:version-id; IAM wants the secret ARN.
			secretArns = append(secretArns, strings.Join(strings.SplitN(ref, ":", 8)[:7], ":"))
		}
	}
	if len(params) > 0 {
		slices.Sort(params)
		st = append(st, PolicyStatement{Sid: "SsmParameters", Effect: "Allow", Action: []string{"ssm:GetParameters"}, Resource: slices.Compact(params)})
	}
	if len(secretArns) > 0 {
		slices.Sort(secretArns)
		st = append(st, PolicyStatement{Sid: "Secrets", Effect: "Allow", Action: []string{"secretsmanager:GetSecretValue"}, Resource: slices.Compact(secretArns)})
	}
	return PolicyDocument{Version: "2012-10-17", Statement: st}.JSON()
}
