package components

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AccessLogBucketType is the Pulumi type token of AccessLogBucket.
const AccessLogBucketType = "vpclink:components:AccessLogBucket"

// AccessLogBucketArgs configures an AccessLogBucket.
type AccessLogBucketArgs struct {
	// Region of the load balancers that write to the bucket; the bucket is created in the
	// provider's Region, which must be the same (aws-facts E10), and this picks the log-delivery
	// principal. Defaults to the provider's Region.
	Region string `pulumi:"region,optional"`
	// RetentionDays after which log objects expire, the stack's log retention. Required, 1 or more.
	RetentionDays int `pulumi:"retentionDays"`
	// AlbPrefixes are the key prefixes Application Load Balancers write under (their
	// accessLogs.prefix); Elastic Load Balancing's log delivery may put objects under
	// <prefix>/AWSLogs/<account>/ only. Defaults to none.
	AlbPrefixes []string `pulumi:"albPrefixes,optional"`
	// NlbPrefixes are the key prefixes Network Load Balancers with TLS listeners write under
	// (aws-facts E6). NLB logs come through the CloudWatch Logs delivery service
	// (delivery.logs.amazonaws.com), which needs its own statements. Defaults to none.
	NlbPrefixes []string `pulumi:"nlbPrefixes,optional"`
	// Protect marks the bucket protected in Pulumi and keeps its objects on destroy (no
	// forceDestroy). Defaults to false: a dev stack's bucket is emptied and deleted with it
	// (aws-facts E7).
	Protect bool `pulumi:"protect,optional"`
	// Tags added to every resource. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// AccessLogBucket is an S3 bucket for load balancer access logs, set up the way Elastic Load
// Balancing requires and the S3 rules of cdk-nag, checkov and Security Hub expect: SSE-S3, all
// public access blocked, ACLs disabled, TLS-only, log objects expiring after the retention.
type AccessLogBucket struct {
	pulumi.ResourceState

	// BucketName is the bucket's name. It resolves only once encryption, ownership, the public
	// access block and the bucket policy exist, so a load balancer given it is created after all
	// of them: ELB test-writes to the bucket when access logs are enabled and fails without the
	// policy (aws-facts E10).
	BucketName pulumi.StringOutput `pulumi:"bucketName"`
	// Arn of the bucket.
	Arn pulumi.StringOutput `pulumi:"arn"`
	// Policy is the bucket policy JSON.
	Policy pulumi.StringOutput `pulumi:"policy"`
}

// ElbLogDeliveryService is the service principal that writes ALB access logs in Regions opened
// since August 2022 (aws-facts E10).
const ElbLogDeliveryService = "logdelivery.elasticloadbalancing.amazonaws.com"

// elbAccountIDs are the Elastic Load Balancing accounts that write ALB access logs in the Regions
// available before August 2022, from "Enable access logs for your Application Load Balancer", step
// 2 "Attach a policy to your S3 bucket", table "Regions available before August 2022"
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html),
// cross-checked with the Terraform AWS provider's aws_elb_service_account table
// (internal/service/elb/service_account_data_source.go). Every other Region takes the service
// principal ElbLogDeliveryService.
var elbAccountIDs = map[string]string{
	"us-east-1":      "127311923021",
	"us-east-2":      "033677994240",
	"us-west-1":      "027434742980",
	"us-west-2":      "797873946194",
	"af-south-1":     "098369216593",
	"ap-east-1":      "754344448648",
	"ap-southeast-3": "589379963580",
	"ap-south-1":     "718504428378",
	"ap-northeast-3": "383597477331",
	"ap-northeast-2": "600734575887",
	"ap-southeast-1": "114774131450",
	"ap-southeast-2": "783225319266",
	"ap-northeast-1": "582318560864",
	"ca-central-1":   "985666609251",
	"eu-central-1":   "054676820928",
	"eu-west-1":      "156460612806",
	"eu-west-2":      "652711504416",
	"eu-south-1":     "635631232127",
	"eu-west-3":      "009996457667",
	"eu-north-1":     "897822967062",
	"me-south-1":     "076674570225",
	"sa-east-1":      "507241528517",
	"us-gov-west-1":  "048591011584",
	"us-gov-east-1":  "190560391635",
	"cn-north-1":     "638102146993",
	"cn-northwest-1": "037604701340",
}

// ElbLogDeliveryPrincipal is the Principal of the statement that lets ALBs of region write access
// logs: the Region's ELB account (as its root ARN in partition) where the Region predates August
// 2022, the log-delivery service principal elsewhere (aws-facts E10).
func ElbLogDeliveryPrincipal(region, partition string) map[string]any {
	if id, ok := elbAccountIDs[region]; ok {
		return map[string]any{"AWS": fmt.Sprintf("arn:%s:iam::%s:root", partition, id)}
	}
	return map[string]any{"Service": ElbLogDeliveryService}
}

// AccessLogBucketPolicy renders the bucket policy: deny every request not made over TLS
// (aws:SecureTransport false; AwsSolutions-S10, Security Hub S3.5, rule VPCL-S3-TLS-ONLY),
// let the Region's ELB log delivery put objects under each ALB prefix, and let the CloudWatch Logs
// delivery service (which writes NLB logs) check the bucket ACL and put objects under each NLB
// prefix, on behalf of this account only.
func AccessLogBucketPolicy(bucketArn, region, partition, accountID string, albPrefixes, nlbPrefixes []string) string {
	objects := func(prefixes []string) []string {
		var out []string
		for _, p := range prefixes {
			out = append(out, fmt.Sprintf("%s/%s/AWSLogs/%s/*", bucketArn, strings.Trim(p, "/"), accountID))
		}
		return out
	}
	sts := []PolicyStatement{{
		Sid:       "DenyInsecureTransport",
		Effect:    "Deny",
		Principal: "*",
		Action:    []string{"s3:*"},
		Resource:  []string{bucketArn, bucketArn + "/*"},
		Condition: map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}},
	}}
	if len(albPrefixes) > 0 {
		sts = append(sts, PolicyStatement{
			Sid:       "AllowElbLogDelivery",
			Effect:    "Allow",
			Principal: ElbLogDeliveryPrincipal(region, partition),
			Action:    []string{"s3:PutObject"},
			Resource:  objects(albPrefixes),
		})
	}
	if len(nlbPrefixes) > 0 {
		// From "Enable access logs for your Network Load Balancer", bucket requirements
		// (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/enable-access-logs.html).
		source := map[string]any{"aws:SourceAccount": accountID}
		sourceArn := map[string]any{"aws:SourceArn": fmt.Sprintf("arn:%s:logs:%s:%s:*", partition, region, accountID)}
		sts = append(sts,
			PolicyStatement{
				Sid:       "AWSLogDeliveryAclCheck",
				Effect:    "Allow",
				Principal: map[string]any{"Service": "delivery.logs.amazonaws.com"},
				Action:    []string{"s3:GetBucketAcl"},
				Resource:  []string{bucketArn},
				Condition: map[string]map[string]any{"StringEquals": source, "ArnLike": sourceArn},
			},
			PolicyStatement{
				Sid:       "AWSLogDeliveryWrite",
				Effect:    "Allow",
				Principal: map[string]any{"Service": "delivery.logs.amazonaws.com"},
				Action:    []string{"s3:PutObject"},
				Resource:  objects(nlbPrefixes),
				Condition: map[string]map[string]any{
					"StringEquals": {"aws:SourceAccount": accountID, "s3:x-amz-acl": "bucket-owner-full-control"},
					"ArnLike":      sourceArn,
				},
			})
	}
	return PolicyDocument{Version: "2012-10-17", Statement: sts}.JSON()
}

func (a *AccessLogBucketArgs) validate(name string) error {
	var c argsCheck
	if a.RetentionDays < 1 {
		c.add("retentionDays", a.RetentionDays, "must be 1 or more")
	}
	if len(a.AlbPrefixes)+len(a.NlbPrefixes) == 0 {
		c.add("", nil, "at least one ALB or NLB prefix is required: a bucket nothing writes to is only a cost")
	}
	for list, ps := range map[string][]string{"albPrefixes": a.AlbPrefixes, "nlbPrefixes": a.NlbPrefixes} {
		for i, p := range ps {
			// ELB adds AWSLogs/ itself and refuses a prefix that contains it (enable-access-logging).
			if p == "" || strings.Contains(p, "AWSLogs") || strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/") {
				c.add(field(list, i), p, "must be non-empty, not start or end with / and not contain AWSLogs")
			}
		}
	}
	slices.SortStableFunc(c.problems, func(x, y FieldProblem) int { return strings.Compare(x.Field, y.Field) })
	checkTags(&c, a.Tags)
	return c.err(AccessLogBucketType, name)
}

// NewAccessLogBucket creates the bucket, its SSE-S3 encryption, ownership controls, public access
// block, lifecycle rule and policy.
func NewAccessLogBucket(ctx *pulumi.Context, name string, args *AccessLogBucketArgs, opts ...pulumi.ResourceOption) (*AccessLogBucket, error) {
	if args == nil {
		args = &AccessLogBucketArgs{}
	}
	a := *args
	if err := a.validate(name); err != nil {
		return nil, err
	}
	b := &AccessLogBucket{}
	if err := ctx.RegisterComponentResource(AccessLogBucketType, name, b, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(b)
	env, err := lookupAwsEnv(ctx, a.Region, pulumi.Parent(b))
	if err != nil {
		return nil, err
	}

	// The provider names the bucket <name>-<random>, lower-case as S3 requires; a bucket name is
	// global, so it is never set from config.
	bucket, err := s3.NewBucketV2(ctx, name, &s3.BucketV2Args{
		ForceDestroy: pulumi.Bool(!a.Protect),
		Tags:         tagsWithName(a.Tags, name),
	}, parent, pulumi.Protect(a.Protect))
	if err != nil {
		return nil, err
	}
	// SSE-S3 is the only encryption ELB log delivery supports (aws-facts E10): no KMS key.
	sse, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name, &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.Bucket,
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("AES256"),
			},
		}},
	}, parent)
	if err != nil {
		return nil, err
	}
	// ACLs off: the bucket owner owns every log object, whoever wrote it.
	ownership, err := s3.NewBucketOwnershipControls(ctx, name, &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.Bucket,
		Rule:   s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, parent)
	if err != nil {
		return nil, err
	}
	pab, err := s3.NewBucketPublicAccessBlock(ctx, name, &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.Bucket,
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, name, &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.Bucket,
		Rules: s3.BucketLifecycleConfigurationV2RuleArray{s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:         pulumi.String("expire-access-logs"),
			Status:     pulumi.String("Enabled"),
			Filter:     s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
			Expiration: s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(a.RetentionDays)},
			AbortIncompleteMultipartUpload: s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
				DaysAfterInitiation: pulumi.Int(1),
			},
		}},
	}, parent); err != nil {
		return nil, err
	}
	doc := bucket.Arn.ApplyT(func(arn string) string {
		return AccessLogBucketPolicy(arn, env.Region, env.Partition, env.AccountID, a.AlbPrefixes, a.NlbPrefixes)
	}).(pulumi.StringOutput)
	// S3 refuses a policy while the public access block is being changed ("conflicting conditional
	// operation"), so the policy waits for it.
	policy, err := s3.NewBucketPolicy(ctx, name, &s3.BucketPolicyArgs{
		Bucket: bucket.Bucket,
		Policy: doc,
	}, parent, pulumi.DependsOn([]pulumi.Resource{pab}))
	if err != nil {
		return nil, err
	}

	b.BucketName = pulumi.All(policy.Bucket, sse.Bucket, ownership.Bucket, pab.Bucket).ApplyT(func(v []any) string {
		return v[0].(string)
	}).(pulumi.StringOutput)
	b.Arn = bucket.Arn
	b.Policy = doc
	if err := ctx.RegisterResourceOutputs(b, pulumi.Map{
		"bucketName": b.BucketName,
		"arn":        b.Arn,
		"policy":     b.Policy,
	}); err != nil {
		return nil, err
	}
	return b, nil
}
