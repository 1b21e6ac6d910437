package components

import (
	"fmt"
	"github.com/vpclink/vpclink/awsspec"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AlbType is the Pulumi type token of Alb.
const AlbType = "vpclink:components:Alb"

// AlbArgs configures an Alb.
type AlbArgs struct {
	// VpcId of the VPC. Required.
	VpcId pulumi.StringInput `pulumi:"vpcId"`
	// SubnetIds the load balancer gets a node in: the private subnets. Required.
	SubnetIds pulumi.StringArrayInput `pulumi:"subnetIds"`
	// Routes, one per backend service, each owning a path prefix. At least one is required.
	Routes []AlbRoute `pulumi:"routes"`
	// Ingress peers admitted on the listener port: the HTTP VPC link's group. Defaults to none.
	Ingress []Peer `pulumi:"ingress,optional"`
	// CertificateArn of an ACM certificate. When set the listener is HTTPS on 443, else HTTP on 80
	// inside the VPC only. Defaults to "".
	CertificateArn string `pulumi:"certificateArn,optional"`
	// SslPolicy of the HTTPS listener. Defaults to ELBSecurityPolicy-TLS13-1-2-2021-06.
	SslPolicy string `pulumi:"sslPolicy,optional"`
	// AccessLogsBucket receives access logs under the prefix name; its policy must admit the
	// Region's ELB log delivery and exist first, since ELB test-writes on enable (aws-facts E10;
	// AccessLogBucket.BucketName carries that dependency). Defaults to nil (off).
	AccessLogsBucket pulumi.StringInput `pulumi:"accessLogsBucket,optional"`
	// DeletionProtection refuses deletion of the load balancer. Defaults to false.
	DeletionProtection bool `pulumi:"deletionProtection,optional"`
	// Protect marks the load balancer protected in Pulumi. Defaults to false.
	Protect bool `pulumi:"protect,optional"`
	// Tags added to every resource. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// AlbRoute sends a path prefix to one service's tasks.
type AlbRoute struct {
	// Name of the service, used in child names and output keys. Required.
	Name string `pulumi:"name"`
	// PathPrefix the service owns, like /api; the rule matches it and everything below it. Required.
	PathPrefix string `pulumi:"pathPrefix"`
	// TargetPort the tasks listen on. Required.
	TargetPort int `pulumi:"targetPort"`
	// HealthCheckPath probed over HTTP. Defaults to /health.
	HealthCheckPath string `pulumi:"healthCheckPath,optional"`
}

// Alb is an internal Application Load Balancer with path routing.
type Alb struct {
	pulumi.ResourceState

	// Arn of the load balancer.
	Arn pulumi.StringOutput `pulumi:"arn"`
	// DnsName of the load balancer.
	DnsName pulumi.StringOutput `pulumi:"dnsName"`
	// SecurityGroupId of the load balancer.
	SecurityGroupId pulumi.StringOutput `pulumi:"securityGroupId"`
	// ListenerArn of the one listener; HTTP API integrations point at it (aws-facts A11).
	ListenerArn pulumi.StringOutput `pulumi:"listenerArn"`
	// ListenerPort is 443 with a certificate, else 80.
	ListenerPort int
	// TargetGroupArns by service name, read from the listener rules so a service registering in
	// them waits until they are attached.
	TargetGroupArns map[string]pulumi.StringOutput
}

func (a *AlbArgs) validate(name string) error {
	var c argsCheck
	c.missingIf(a.VpcId == nil, "vpcId")
	c.missingIf(a.SubnetIds == nil, "subnetIds")
	if len(a.Routes) == 0 {
		c.add("routes", nil, "at least one route is required")
	}
	if len(a.Routes) > 100 {
		c.add("routes", summary(fmt.Sprintf("%d routes", len(a.Routes))), "an ALB listener takes at most 100 rules")
	}
	names, prefixes := make([]string, len(a.Routes)), make([]string, len(a.Routes))
	for i, r := range a.Routes {
		names[i], prefixes[i] = r.Name, r.PathPrefix
		c.wrap(field("routes", i, "targetPort"), r.TargetPort, ValidatePort(r.TargetPort))
		if r.HealthCheckPath != "" && awsspec.HealthCheckPath(r.HealthCheckPath) != nil {
			c.add(field("routes", i, "healthCheckPath"), r.HealthCheckPath, "must start with / and be at most 1024 characters (awsspec C25)")
		}
	}
	// Nested prefixes would make the listener's rule order decide which service gets a request;
	// the rules below assume each request matches one rule.
	checkRoutes(&c, "routes", names, prefixes, false)
	for i, p := range a.Ingress {
		c.wrap(field("ingress", i), p.Name, p.validate())
	}
	checkTags(&c, a.Tags)
	return c.err(AlbType, name)
}

// NewAlb creates an internal ALB in the private subnets with one listener whose rules route each
// path prefix to its service, and a fixed 404 for everything else.
func NewAlb(ctx *pulumi.Context, name string, args *AlbArgs, opts ...pulumi.ResourceOption) (*Alb, error) {
	if args == nil {
		args = &AlbArgs{}
	}
	a := *args
	a.SslPolicy = orDefault(a.SslPolicy, DefaultSslPolicy)
	if err := a.validate(name); err != nil {
		return nil, err
	}
	port := 80
	if a.CertificateArn != "" {
		port = 443
	}
	al := &Alb{ListenerPort: port, TargetGroupArns: map[string]pulumi.StringOutput{}}
	if err := ctx.RegisterComponentResource(AlbType, name, al, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(al)

	sg, err := newSecurityGroup(ctx, name, fmt.Sprintf("Internal ALB %s: port %d from the VPC link only", name, port), a.VpcId, a.Tags, parent)
	if err != nil {
		return nil, err
	}
	for _, p := range a.Ingress {
		if err := allowFrom(ctx, name, sg.ID(), p, port, name, parent); err != nil {
			return nil, err
		}
	}
	lbArgs := &lb.LoadBalancerArgs{
		LoadBalancerType: pulumi.String("application"),
		Internal:         pulumi.Bool(true),
		Subnets:          a.SubnetIds,
		SecurityGroups:   pulumi.StringArray{sg.ID()},
		// Requests with malformed headers are dropped rather than forwarded (CKV_AWS_131, ELB.4),
		// and HTTP desync attempts are blocked, not only observed (CKV_AWS_328, ELB.12).
		DropInvalidHeaderFields:  pulumi.Bool(true),
		DesyncMitigationMode:     pulumi.String("defensive"),
		EnableDeletionProtection: pulumi.Bool(a.DeletionProtection),
		Tags:                     tagsWithName(a.Tags, name),
	}
	if a.AccessLogsBucket != nil {
		lbArgs.AccessLogs = lb.LoadBalancerAccessLogsArgs{Bucket: a.AccessLogsBucket, Prefix: pulumi.String(name), Enabled: pulumi.Bool(true)}
	}
	alb, err := lb.NewLoadBalancer(ctx, name, lbArgs, parent, pulumi.Protect(a.Protect))
	if err != nil {
		return nil, err
	}
	lArgs := &lb.ListenerArgs{
		LoadBalancerArn: alb.Arn,
		Port:            pulumi.Int(port),
		Protocol:        pulumi.String("HTTP"),
		DefaultActions: lb.ListenerDefaultActionArray{lb.ListenerDefaultActionArgs{
			Type: pulumi.String("fixed-response"),
			FixedResponse: lb.ListenerDefaultActionFixedResponseArgs{
				ContentType: pulumi.String("application/json"),
				MessageBody: pulumi.String(`{"message":"Not Found"}`),
				StatusCode:  pulumi.String("404"),
			},
		}},
		Tags: tagsWithName(a.Tags, name),
	}
	if a.CertificateArn != "" {
		lArgs.Protocol = pulumi.String("HTTPS")
		lArgs.CertificateArn = pulumi.String(a.CertificateArn)
		lArgs.SslPolicy = pulumi.String(a.SslPolicy)
	}
	listener, err := lb.NewListener(ctx, name, lArgs, parent)
	if err != nil {
		return nil, err
	}
	for i, r := range a.Routes {
		tg, err := lb.NewTargetGroup(ctx, name+"-"+r.Name, &lb.TargetGroupArgs{
			VpcId:               a.VpcId,
			TargetType:          pulumi.String("ip"), // awsvpc tasks (aws-facts E5)
			Protocol:            pulumi.String("HTTP"),
			Port:                pulumi.Int(r.TargetPort),
			DeregistrationDelay: pulumi.Int(30),
			HealthCheck: lb.TargetGroupHealthCheckArgs{
				Enabled:            pulumi.Bool(true),
				Protocol:           pulumi.String("HTTP"),
				Path:               pulumi.String(orDefault(r.HealthCheckPath, "/health")),
				Port:               pulumi.String("traffic-port"),
				Matcher:            pulumi.String("200-399"),
				HealthyThreshold:   pulumi.Int(3),
				UnhealthyThreshold: pulumi.Int(3),
				Interval:           pulumi.Int(15),
			},
			Tags: tagsWithName(a.Tags, name+"-"+r.Name),
		}, parent)
		if err != nil {
			return nil, err
		}
		// Prefixes never nest (the stack config refuses it), so at most one rule matches a
		// request and the priorities only need to be distinct.
		rule, err := lb.NewListenerRule(ctx, name+"-"+r.Name, &lb.ListenerRuleArgs{
			ListenerArn: listener.Arn,
			Priority:    pulumi.Int(10 * (i + 1)),
			Actions: lb.ListenerRuleActionArray{lb.ListenerRuleActionArgs{
				Type:           pulumi.String("forward"),
				TargetGroupArn: tg.Arn,
			}},
			Conditions: lb.ListenerRuleConditionArray{lb.ListenerRuleConditionArgs{
				PathPattern: lb.ListenerRuleConditionPathPatternArgs{
					Values: pulumi.StringArray{pulumi.String(r.PathPrefix), pulumi.String(r.PathPrefix + "/*")},
				},
			}},
			Tags: tagsWithName(a.Tags, name+"-"+r.Name),
		}, parent)
		if err != nil {
			return nil, err
		}
		al.TargetGroupArns[r.Name] = rule.Actions.Index(pulumi.Int(0)).TargetGroupArn().Elem()
	}

	al.Arn = alb.Arn
	al.DnsName = alb.DnsName
	al.SecurityGroupId = sg.ID().ToStringOutput()
	al.ListenerArn = listener.Arn
	if err := ctx.RegisterResourceOutputs(al, pulumi.Map{
		"arn":             al.Arn,
		"dnsName":         al.DnsName,
		"securityGroupId": al.SecurityGroupId,
		"listenerArn":     al.ListenerArn,
	}); err != nil {
		return nil, err
	}
	return al, nil
}
