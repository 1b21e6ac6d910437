package components

import (
	"github.com/vpclink/vpclink/awsspec"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/servicediscovery"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CloudMapType is the Pulumi type token of CloudMap.
const CloudMapType = "vpclink:components:CloudMap"

// CloudMapArgs configures a CloudMap.
type CloudMapArgs struct {
	// VpcId the private DNS namespace is attached to. Required.
	VpcId pulumi.StringInput `pulumi:"vpcId"`
	// Namespace is the private DNS domain, like dev.vpclink.internal. Required.
	Namespace string `pulumi:"namespace"`
	// Services get one Cloud Map service each, by name. At least one is required.
	Services []string `pulumi:"services"`
	// Tags added to every resource. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// CloudMap is a private DNS namespace with one SRV-record service per backend, for HTTP APIs that
// reach services without a load balancer.
type CloudMap struct {
	pulumi.ResourceState

	// NamespaceId of the private DNS namespace.
	NamespaceId pulumi.StringOutput `pulumi:"namespaceId"`
	// NamespaceName is the namespace's domain.
	NamespaceName pulumi.StringOutput `pulumi:"namespaceName"`
	// ServiceArns by backend service name: what HTTP API integrations point at (aws-facts A11)
	// and ECS registers tasks in.
	ServiceArns pulumi.StringMapOutput `pulumi:"serviceArns"`

	// Arns is ServiceArns as plain map entries, for wiring per service.
	Arns map[string]pulumi.StringOutput
}

func (a *CloudMapArgs) validate(name string) error {
	var c argsCheck
	c.missingIf(a.VpcId == nil, "vpcId")
	switch {
	case a.Namespace == "":
		c.missing("namespace")
	case strings.HasSuffix(a.Namespace, ".") || !strings.Contains(a.Namespace, "."):
		c.add("namespace", a.Namespace, "must be a domain like dev.vpclink.internal")
	default:
		c.wrap("namespace", a.Namespace, awsspec.CloudMapNamespaceName(a.Namespace))
	}
	if len(a.Services) == 0 {
		c.add("services", nil, "at least one service is required")
	}
	seen := map[string]int{}
	for i, s := range a.Services {
		if err := awsspec.CloudMapServiceName(s); err != nil {
			c.wrap(field("services", i), s, err)
		} else if j, dup := seen[s]; dup {
			c.add(field("services", i), s, "is also %s; a namespace holds one service of a name", field("services", j))
		}
		seen[s] = i
	}
	checkTags(&c, a.Tags)
	return c.err(CloudMapType, name)
}

// NewCloudMap creates the namespace and its services.
func NewCloudMap(ctx *pulumi.Context, name string, args *CloudMapArgs, opts ...pulumi.ResourceOption) (*CloudMap, error) {
	if args == nil {
		args = &CloudMapArgs{}
	}
	if err := args.validate(name); err != nil {
		return nil, err
	}
	c := &CloudMap{Arns: map[string]pulumi.StringOutput{}}
	if err := ctx.RegisterComponentResource(CloudMapType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	ns, err := servicediscovery.NewPrivateDnsNamespace(ctx, name, &servicediscovery.PrivateDnsNamespaceArgs{
		Name:        pulumi.String(args.Namespace),
		Vpc:         args.VpcId,
		Description: pulumi.String("vpclink services reached by HTTP APIs without a load balancer"),
		Tags:        tagsWithName(args.Tags, name),
	}, parent)
	if err != nil {
		return nil, err
	}
	arns := pulumi.StringMap{}
	for _, svc := range args.Services {
		s, err := servicediscovery.NewService(ctx, name+"-"+svc, &servicediscovery.ServiceArgs{
			Name: pulumi.String(svc),
			DnsConfig: servicediscovery.ServiceDnsConfigArgs{
				NamespaceId: ns.ID(),
				// SRV, not A: an A record has no port, and API Gateway needs the port to connect
				// (aws-facts A16).
				DnsRecords: servicediscovery.ServiceDnsConfigDnsRecordArray{
					servicediscovery.ServiceDnsConfigDnsRecordArgs{Type: pulumi.String("SRV"), Ttl: pulumi.Int(10)},
				},
				RoutingPolicy: pulumi.String("MULTIVALUE"),
			},
			// ECS reports task health to Cloud Map, so unhealthy tasks leave the records.
			HealthCheckCustomConfig: servicediscovery.ServiceHealthCheckCustomConfigArgs{FailureThreshold: pulumi.Int(1)},
			ForceDestroy:            pulumi.Bool(true),
			Tags:                    tagsWithName(args.Tags, name+"-"+svc),
		}, parent)
		if err != nil {
			return nil, err
		}
		arns[svc] = s.Arn
		c.Arns[svc] = s.Arn
	}
	c.NamespaceId = ns.ID().ToStringOutput()
	c.NamespaceName = ns.Name
	c.ServiceArns = arns.ToStringMapOutput()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"namespaceId":   c.NamespaceId,
		"namespaceName": c.NamespaceName,
		"serviceArns":   c.ServiceArns,
	}); err != nil {
		return nil, err
	}
	return c, nil
}
