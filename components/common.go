package components

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclink/vpclink/awsspec"
)

// tagsWithName returns the caller's tags plus a Name tag, the way the AWS console shows resources.
// The Pulumi resource name stays separate from the Name tag (style rule 8), so renaming one never
// touches the other.
func tagsWithName(tags map[string]string, name string) pulumi.StringMap {
	out := pulumi.StringMap{}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out[k] = pulumi.String(tags[k])
	}
	out["Name"] = pulumi.String(name)
	return out
}

// awsEnv is the Region, partition and account the program runs against, looked up once per
// component from the provider's own configuration so ARNs are built for the right place.
type awsEnv struct {
	Region    string
	Partition string
	AccountID string
	// DnsSuffix is the partition's base domain: amazonaws.com, amazonaws.com.cn in China.
	DnsSuffix string
	// ReverseDnsPrefix starts VPC endpoint service names: com.amazonaws, cn.com.amazonaws in
	// China.
	ReverseDnsPrefix string
}

// endpointService is the VPC endpoint service name of an AWS service in env's Region:
// com.amazonaws.us-east-1.s3, cn.com.amazonaws.cn-north-1.ecr.api (DescribeVpcEndpointServices).
func (e awsEnv) endpointService(service string) string {
	return orDefault(e.ReverseDnsPrefix, "com.amazonaws") + "." + e.Region + "." + service
}

// dnsSuffix is the partition's base domain, amazonaws.com when the lookup gave none.
func (e awsEnv) dnsSuffix() string { return orDefault(e.DnsSuffix, "amazonaws.com") }

// lookupAwsEnv asks the aws provider where it points. Explicit region wins when set.
func lookupAwsEnv(ctx *pulumi.Context, region string, opts ...pulumi.InvokeOption) (awsEnv, error) {
	env := awsEnv{Region: region}
	if env.Region == "" {
		r, err := aws.GetRegion(ctx, nil, opts...)
		if err != nil {
			return env, fmt.Errorf("looking up the AWS region: %w", err)
		}
		env.Region = r.Name
	}
	id, err := aws.GetCallerIdentity(ctx, nil, opts...)
	if err != nil {
		return env, fmt.Errorf("looking up the AWS account: %w", err)
	}
	env.AccountID = id.AccountId
	p, err := aws.GetPartition(ctx, nil, opts...)
	if err != nil {
		return env, fmt.Errorf("looking up the AWS partition: %w", err)
	}
	env.Partition = p.Partition
	env.DnsSuffix = p.DnsSuffix
	env.ReverseDnsPrefix = p.ReverseDnsPrefix
	return env, nil
}

// ValidateLogRetention reports whether CloudWatch Logs accepts days as a retention period
// (awsspec rule C15).
func ValidateLogRetention(days int) error {
	if awsspec.LogRetention(days) == nil {
		return nil
	}
	return fmt.Errorf("%d days is not a CloudWatch Logs retention period; allowed: %s", days, joinInts(awsspec.LogRetentionDays))
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

func boolOr(v *bool, def bool) bool {
	if v == nil {
		return def
	}
	return *v
}

// noString is a resolved, absent optional output: what a conditional output holds when the piece it
// describes does not exist.
func noString() pulumi.StringPtrOutput {
	return pulumi.ToOutput((*string)(nil)).(pulumi.StringPtrOutput)
}
