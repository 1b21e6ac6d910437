package components

import (
	"fmt"
	"github.com/vpclink/vpclink/awsspec"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NlbType is the Pulumi type token of Nlb.
const NlbType = "vpclink:components:Nlb"

// NlbArgs configures an Nlb.
type NlbArgs struct {
	// VpcId of the VPC. Required.
	VpcId pulumi.StringInput `pulumi:"vpcId"`
	// SubnetIds the load balancer gets a node in: the private subnets. Required.
	SubnetIds pulumi.StringArrayInput `pulumi:"subnetIds"`
	// Listeners, one per backend service: an NLB tells services apart by port. At least one is
	// required, and the REST (V1) VPC link needs the NLB to have one (aws-facts A5).
	Listeners []NlbListener `pulumi:"listeners"`
	// Ingress peers admitted on every listener port: the HTTP VPC link's group, and the in-VPC
	// clients a stack opts in to direct access. The REST (V1) link needs none: with PrivateLink
	// enforcement off (below) its traffic skips inbound rules, so a rule "for the link" would only
	// let the rule's whole range reach the backends around API Gateway (aws-facts A6, E9).
	// Defaults to none.
	Ingress []Peer `pulumi:"ingress,optional"`
	// CertificateArn of an ACM certificate. When set the listeners are TLS (and NLB access logs
	// become possible, aws-facts E6). Defaults to "" (plain TCP inside the VPC).
	CertificateArn string `pulumi:"certificateArn,optional"`
	// SslPolicy of TLS listeners. Defaults to ELBSecurityPolicy-TLS13-1-2-2021-06 (TLS 1.2 and 1.3).
	SslPolicy string `pulumi:"sslPolicy,optional"`
	// AccessLogsBucket receives access logs under the prefix name, only written for TLS listeners
	// (aws-facts E6); its policy must admit the log delivery and exist first (AccessLogBucket).
	// Defaults to nil (off).
	AccessLogsBucket pulumi.StringInput `pulumi:"accessLogsBucket,optional"`
	// DeletionProtection refuses deletion of the load balancer (aws-facts E7: keep it off for
	// ephemeral stacks). Defaults to false.
	DeletionProtection bool `pulumi:"deletionProtection,optional"`
	// Protect marks the load balancer protected in Pulumi. Defaults to false.
	Protect bool `pulumi:"protect,optional"`
	// Tags added to every resource. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// NlbListener routes one listener port to one service's tasks.
type NlbListener struct {
	// Name of the service, used in child names and output keys. Required.
	Name string `pulumi:"name"`
	// Port the listener accepts on. Required.
	Port int `pulumi:"port"`
	// TargetPort the tasks listen on. Required.
	TargetPort int `pulumi:"targetPort"`
	// HealthCheckPath probed over HTTP on TargetPort. Defaults to /health.
	HealthCheckPath string `pulumi:"healthCheckPath,optional"`
}

// Nlb is an internal Network Load Balancer.
type Nlb struct {
	pulumi.ResourceState

	// Arn of the load balancer. It resolves only once every listener exists, so a REST VPC link
	// built from it cannot be created against an NLB without listeners (aws-facts A5).
	Arn pulumi.StringOutput `pulumi:"arn"`
	// DnsName of the load balancer.
	DnsName pulumi.StringOutput `pulumi:"dnsName"`
	// SecurityGroupId of the load balancer.
	SecurityGroupId pulumi.StringOutput `pulumi:"securityGroupId"`
	// ListenerArns by service name.
	ListenerArns pulumi.StringMapOutput `pulumi:"listenerArns"`
	// TargetGroupArns by service name, read from the listeners so a service registering in them
	// waits until they are attached.
	TargetGroupArns map[string]pulumi.StringOutput
}

// DefaultSslPolicy allows TLS 1.2 and 1.3 only (CKV_AWS_103, ELB.17).
const DefaultSslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

func (a *NlbArgs) validate(name string) error {
	var c argsCheck
	c.missingIf(a.VpcId == nil, "vpcId")
	c.missingIf(a.SubnetIds == nil, "subnetIds")
	if len(a.Listeners) == 0 {
		c.add("listeners", nil, "at least one listener is required (the REST VPC link needs one, aws-facts A5)")
	}
	// An NLB allows 50 listeners ("Quotas for your Network Load Balancers").
	if len(a.Listeners) > 50 {
		c.add("listeners", summary(fmt.Sprintf("%d listeners", len(a.Listeners))), "an NLB takes at most 50 listeners")
	}
	names := make([]string, len(a.Listeners))
	ports := map[int]int{}
	for i, l := range a.Listeners {
		names[i] = l.Name
		c.wrap(field("listeners", i, "port"), l.Port, ValidatePort(l.Port))
		c.wrap(field("listeners", i, "targetPort"), l.TargetPort, ValidatePort(l.TargetPort))
		if j, dup := ports[l.Port]; dup {
			c.add(field("listeners", i, "port"), l.Port, "is also the port of %s; an NLB tells services apart by port", field("listeners", j))
		}
		ports[l.Port] = i
		if l.HealthCheckPath != "" && awsspec.HealthCheckPath(l.HealthCheckPath) != nil {
			c.add(field("listeners", i, "healthCheckPath"), l.HealthCheckPath, "must start with / and be at most 1024 characters (awsspec C25)")
		}
	}
	checkRoutes(&c, "listeners", names, nil, false)
	for i, p := range a.Ingress {
		c.wrap(field("ingress", i), p.Name, p.validate())
	}
	if a.AccessLogsBucket != nil && a.CertificateArn == "" {
		c.add("accessLogsBucket", nil, "needs certificateArn: an NLB writes access logs only for TLS listeners (aws-facts E6)")
	}
	checkTags(&c, a.Tags)
	return c.err(NlbType, name)
}

// NewNlb creates an internal NLB in the private subnets with a security group, one listener and one
// ip target group per service.
func NewNlb(ctx *pulumi.Context, name string, args *NlbArgs, opts ...pulumi.ResourceOption) (*Nlb, error) {
	if args == nil {
		args = &NlbArgs{}
	}
	a := *args
	a.SslPolicy = orDefault(a.SslPolicy, DefaultSslPolicy)
	if err := a.validate(name); err != nil {
		return nil, err
	}
	n := &Nlb{TargetGroupArns: map[string]pulumi.StringOutput{}}
	if err := ctx.RegisterComponentResource(NlbType, name, n, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(n)

	sg, err := newSecurityGroup(ctx, name, "Internal NLB "+name+": listener ports from the VPC link only", a.VpcId, a.Tags, parent)
	if err != nil {
		return nil, err
	}
	for _, l := range a.Listeners {
		for _, p := range a.Ingress {
			if err := allowFrom(ctx, name, sg.ID(), p, l.Port, name, parent); err != nil {
				return nil, err
			}
		}
	}

	lbArgs := &lb.LoadBalancerArgs{
		LoadBalancerType: pulumi.String("network"),
		Internal:         pulumi.Bool(true),
		Subnets:          a.SubnetIds,
		// Security groups can only be attached when an NLB is created; adding one later replaces
		// the NLB (aws-facts E8), so it always gets one.
		SecurityGroups: pulumi.StringArray{sg.ID()},
		// Traffic from a REST (V1) VPC link arrives over PrivateLink; with enforcement on, the
		// inbound rules drop it and the link gets nothing (aws-facts A6).
		EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: pulumi.String("off"),
		EnableCrossZoneLoadBalancing:                         pulumi.Bool(true),
		EnableDeletionProtection:                             pulumi.Bool(a.DeletionProtection),
		Tags:                                                 tagsWithName(a.Tags, name),
	}
	if a.AccessLogsBucket != nil {
		lbArgs.AccessLogs = lb.LoadBalancerAccessLogsArgs{Bucket: a.AccessLogsBucket, Prefix: pulumi.String(name), Enabled: pulumi.Bool(true)}
	}
	nlb, err := lb.NewLoadBalancer(ctx, name, lbArgs, parent, pulumi.Protect(a.Protect))
	if err != nil {
		return nil, err
	}

	listenerArns := pulumi.StringMap{}
	var arnDeps []any
	for _, l := range a.Listeners {
		tg, err := lb.NewTargetGroup(ctx, name+"-"+l.Name, &lb.TargetGroupArgs{
			VpcId: a.VpcId,
			// Fargate tasks use awsvpc networking: targets must be IPs (aws-facts E5).
			TargetType:          pulumi.String("ip"),
			Protocol:            pulumi.String("TCP"),
			Port:                pulumi.Int(l.TargetPort),
			DeregistrationDelay: pulumi.Int(30),
			HealthCheck: lb.TargetGroupHealthCheckArgs{
				Enabled:            pulumi.Bool(true),
				Protocol:           pulumi.String("HTTP"),
				Path:               pulumi.String(orDefault(l.HealthCheckPath, "/health")),
				Port:               pulumi.String("traffic-port"),
				Matcher:            pulumi.String("200-399"),
				HealthyThreshold:   pulumi.Int(3),
				UnhealthyThreshold: pulumi.Int(3),
				Interval:           pulumi.Int(15),
			},
			Tags: tagsWithName(a.Tags, name+"-"+l.Name),
		}, parent)
		if err != nil {
			return nil, err
		}
		lArgs := &lb.ListenerArgs{
			LoadBalancerArn: nlb.Arn,
			Port:            pulumi.Int(l.Port),
			Protocol:        pulumi.String("TCP"),
			DefaultActions: lb.ListenerDefaultActionArray{lb.ListenerDefaultActionArgs{
				Type:           pulumi.String("forward"),
				TargetGroupArn: tg.Arn,
			}},
			Tags: tagsWithName(a.Tags, name+"-"+l.Name),
		}
		if a.CertificateArn != "" {
			lArgs.Protocol = pulumi.String("TLS")
			lArgs.CertificateArn = pulumi.String(a.CertificateArn)
			lArgs.SslPolicy = pulumi.String(a.SslPolicy)
		}
		listener, err := lb.NewListener(ctx, name+"-"+l.Name, lArgs, parent)
		if err != nil {
			return nil, err
		}
		listenerArns[l.Name] = listener.Arn
		arnDeps = append(arnDeps, listener.Arn)
		n.TargetGroupArns[l.Name] = listener.DefaultActions.Index(pulumi.Int(0)).TargetGroupArn().Elem()
	}

	n.Arn = pulumi.All(append([]any{nlb.Arn}, arnDeps...)...).ApplyT(func(v []any) string {
		return v[0].(string)
	}).(pulumi.StringOutput)
	n.DnsName = nlb.DnsName
	n.SecurityGroupId = sg.ID().ToStringOutput()
	n.ListenerArns = listenerArns.ToStringMapOutput()
	if err := ctx.RegisterResourceOutputs(n, pulumi.Map{
		"arn":             n.Arn,
		"dnsName":         n.DnsName,
		"securityGroupId": n.SecurityGroupId,
		"listenerArns":    n.ListenerArns,
	}); err != nil {
		return nil, err
	}
	return n, nil
}
