package components_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/components"
	"github.com/vpclink/vpclink/internal/plantest"
)

const (
	tyAccessLogBucket = "vpclink:components:AccessLogBucket"
	tyBucket          = "aws:s3/bucketV2:BucketV2"
	tyBucketSse       = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	tyBucketOwnership = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	tyBucketPab       = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	tyBucketPolicy    = "aws:s3/bucketPolicy:BucketPolicy"
	tyBucketLifecycle = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	prodAlb           = `vpclink:frontends=[{"variant":"http-alb"}]`
)

// Prod with an ALB gets a bucket set up the way ELB log delivery needs (aws-facts E10): SSE-S3
// (never KMS), all public access blocked, ACLs off, logs expiring after the stack's retention, and
// protected like the rest of prod.
func TestProdAlbGetsAnAccessLogBucketElbCanWriteTo(t *testing.T) {
	p := plantest.Plan(t, "prod", prodAlb)
	bucket := onlyOne(t, p, tyBucket)
	name := outStr(bucket, "bucket")
	if name == "" || name != strings.ToLower(name) {
		t.Fatalf("bucket name %q, want an autonamed lower-case name", name)
	}
	if !bucket.Protect || plantest.In(bucket)["forceDestroy"] != false {
		t.Errorf("prod bucket protect %v forceDestroy %v, want protected and kept on destroy", bucket.Protect, plantest.In(bucket)["forceDestroy"])
	}
	for _, typ := range []string{tyBucketSse, tyBucketOwnership, tyBucketPab, tyBucketPolicy, tyBucketLifecycle} {
		if got := plantest.Str(plantest.In(onlyOne(t, p, typ)), "bucket"); got != name {
			t.Errorf("%s bucket = %q, want %q", typ, got, name)
		}
	}
	if got := plantest.Str(plantest.In(onlyOne(t, p, tyBucketSse)), "rules", 0, "applyServerSideEncryptionByDefault", "sseAlgorithm"); got != "AES256" {
		t.Errorf("sseAlgorithm = %q, want AES256: ELB log delivery supports SSE-S3 only (aws-facts E10)", got)
	}
	if got := plantest.Str(plantest.In(onlyOne(t, p, tyBucketOwnership)), "rule", "objectOwnership"); got != "BucketOwnerEnforced" {
		t.Errorf("objectOwnership = %q, want BucketOwnerEnforced", got)
	}
	pab := plantest.In(onlyOne(t, p, tyBucketPab))
	for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		if pab[k] != true {
			t.Errorf("public access block %s = %v, want true", k, pab[k])
		}
	}
	rule := plantest.Get(plantest.In(onlyOne(t, p, tyBucketLifecycle)), "rules", 0)
	if plantest.Str(rule, "status") != "Enabled" || plantest.Get(rule, "expiration", "days") != float64(30) {
		t.Errorf("lifecycle rule %v, want enabled, expiring after prod's 30-day log retention", rule)
	}
}

// The policy denies plain HTTP and lets only us-east-1's ELB account put objects, only under the
// ALB's prefix and this account (aws-facts E10: Regions before August 2022 use the ELB account).
func TestAccessLogBucketPolicyIsTlsOnlyAndAdmitsTheRegionsElbAccount(t *testing.T) {
	p := plantest.Plan(t, "prod", prodAlb)
	arn := outStr(onlyOne(t, p, tyBucket), "arn")
	doc := policyDocument(t, plantest.Str(plantest.In(onlyOne(t, p, tyBucketPolicy)), "policy"))
	if len(doc.Statement) != 2 {
		t.Fatalf("statements %+v, want the TLS deny and the ELB allow", doc.Statement)
	}
	deny, allow := doc.Statement[0], doc.Statement[1]
	if deny.Effect != "Deny" || deny.Principal != "*" || !slices.Equal(deny.Action, []string{"s3:*"}) ||
		!slices.Equal(deny.Resource, []string{arn, arn + "/*"}) || deny.Condition["Bool"]["aws:SecureTransport"] != "false" {
		t.Errorf("deny = %+v, want Deny * s3:* on the bucket and its objects when aws:SecureTransport is false", deny)
	}
	principal, _ := json.Marshal(allow.Principal)
	if allow.Effect != "Allow" || string(principal) != `{"AWS":"arn:aws:iam::127311923021:root"}` ||
		!slices.Equal(allow.Action, []string{"s3:PutObject"}) || !slices.Equal(allow.Resource, []string{arn + "/alb/AWSLogs/123456789012/*"}) {
		t.Errorf("allow = %+v (principal %s), want the us-east-1 ELB account putting objects under alb/AWSLogs/<account>/", allow, principal)
	}
}

func TestElbLogDeliveryPrincipalFollowsTheRegion(t *testing.T) {
	for _, tc := range []struct{ region, partition, want string }{
		{"us-east-1", "aws", `{"AWS":"arn:aws:iam::127311923021:root"}`},
		{"eu-west-1", "aws", `{"AWS":"arn:aws:iam::156460612806:root"}`},
		{"us-gov-west-1", "aws-us-gov", `{"AWS":"arn:aws-us-gov:iam::048591011584:root"}`},
		// Opened since August 2022: the service principal.
		{"eu-central-2", "aws", `{"Service":"logdelivery.elasticloadbalancing.amazonaws.com"}`},
		{"ap-southeast-5", "aws", `{"Service":"logdelivery.elasticloadbalancing.amazonaws.com"}`},
	} {
		got, _ := json.Marshal(components.ElbLogDeliveryPrincipal(tc.region, tc.partition))
		if string(got) != tc.want {
			t.Errorf("%s: principal %s, want %s", tc.region, got, tc.want)
		}
	}
}

// ELB test-writes to the bucket when access logs are enabled, so the ALB is created only after the
// bucket policy (and encryption, ownership, public access block) exist (aws-facts E10).
func TestAlbLogsToTheBucketAfterItsPolicy(t *testing.T) {
	p := plantest.Plan(t, "prod", prodAlb)
	alb := p.One(t, tyLoadBalancer, "alb")
	logs := plantest.Get(plantest.In(alb), "accessLogs")
	if plantest.Str(logs, "bucket") != outStr(onlyOne(t, p, tyBucket), "bucket") || plantest.Get(logs, "enabled") != true || plantest.Str(logs, "prefix") != "alb" {
		t.Errorf("alb accessLogs = %v, want enabled into the stack's bucket under alb", logs)
	}
	for _, typ := range []string{tyBucketPolicy, tyBucketSse, tyBucketOwnership, tyBucketPab} {
		if !slices.Contains(alb.PropertyDependencies["accessLogs"], onlyOne(t, p, typ).URN) {
			t.Errorf("alb accessLogs does not depend on %s; ELB's test write would fail", typ)
		}
	}
}

// Dev writes no access logs by default and so has no bucket; asked to create one it gets one that
// `pulumi destroy` can empty and delete.
func TestDevPlansNoAccessLogBucket(t *testing.T) {
	for _, o := range [][]string{nil, {frontendsOverride("http-alb", "rest-nlb")}} {
		if n := plantest.Plan(t, "dev", o...).Count(tyBucket); n != 0 {
			t.Errorf("dev %v: %d buckets, want 0", o, n)
		}
	}
	b := onlyOne(t, plantest.Plan(t, "dev", "vpclink:loadBalancers.accessLogs=create"), tyBucket)
	if b.Protect || plantest.In(b)["forceDestroy"] != true {
		t.Errorf("dev bucket protect %v forceDestroy %v, want destroyable (aws-facts E7)", b.Protect, plantest.In(b)["forceDestroy"])
	}
}

// An NLB logs only with TLS listeners (aws-facts E6): prod's plain NLB gets no bucket, a TLS one
// logs into it through the CloudWatch Logs delivery service.
func TestNlbLogsToTheBucketOnlyWithTls(t *testing.T) {
	if n := plantest.Plan(t, "prod", nlbRest).Count(tyBucket); n != 0 {
		t.Errorf("prod (plain NLB only): %d buckets, want 0", n)
	}
	p := plantest.Plan(t, "prod",
		`vpclink:loadBalancers.certificateArn=arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666`,
		`vpclink:frontends=[{"variant":"rest-nlb","tlsServerName":"api.internal.example.com"}]`)
	name := outStr(onlyOne(t, p, tyBucket), "bucket")
	if got := plantest.Str(plantest.In(p.One(t, tyLoadBalancer, "nlb")), "accessLogs", "bucket"); got != name {
		t.Errorf("nlb accessLogs bucket = %q, want %q", got, name)
	}
	policy := plantest.Str(plantest.In(onlyOne(t, p, tyBucketPolicy)), "policy")
	if !strings.Contains(policy, `"Service":"delivery.logs.amazonaws.com"`) || !strings.Contains(policy, "/nlb/AWSLogs/123456789012/*") ||
		!strings.Contains(policy, `"s3:x-amz-acl":"bucket-owner-full-control"`) || strings.Contains(policy, "127311923021") {
		t.Errorf("policy %s, want the NLB log-delivery statements only", policy)
	}
}
