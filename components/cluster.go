package components

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ClusterType is the Pulumi type token of Cluster.
const ClusterType = "vpclink:components:Cluster"

// ClusterArgs configures a Cluster.
type ClusterArgs struct {
	// Tags added to the cluster. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// Cluster is the ECS cluster every Fargate service of a stack runs in.
type Cluster struct {
	pulumi.ResourceState

	// Arn of the cluster.
	Arn pulumi.StringOutput `pulumi:"arn"`
	// Name of the cluster (autonamed from the component name).
	Name pulumi.StringOutput `pulumi:"name"`
}

// NewCluster creates an ECS cluster with Container Insights on (AwsSolutions-ECS4, CKV_AWS_65, ECS.12).
func NewCluster(ctx *pulumi.Context, name string, args *ClusterArgs, opts ...pulumi.ResourceOption) (*Cluster, error) {
	if args == nil {
		args = &ClusterArgs{}
	}
	c := &Cluster{}
	if err := ctx.RegisterComponentResource(ClusterType, name, c, opts...); err != nil {
		return nil, err
	}
	cluster, err := ecs.NewCluster(ctx, name, &ecs.ClusterArgs{
		Settings: ecs.ClusterSettingArray{
			ecs.ClusterSettingArgs{Name: pulumi.String("containerInsights"), Value: pulumi.String("enabled")},
		},
		Tags: tagsWithName(args.Tags, name),
	}, pulumi.Parent(c))
	if err != nil {
		return nil, err
	}
	c.Arn = cluster.Arn
	c.Name = cluster.Name
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"arn": c.Arn, "name": c.Name}); err != nil {
		return nil, err
	}
	return c, nil
}
