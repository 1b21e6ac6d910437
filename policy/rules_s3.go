package policy

import (
	"fmt"
	"slices"
	"strings"
)

// S3 bucket rules: what cdk-nag, checkov and Security Hub require of a bucket, here of the
// load balancers' access-log bucket. Each bucket is judged with the configuration resources that
// point at it by name (pulumi-aws v6 splits a bucket into BucketV2 plus one resource per setting).
var s3Rules = []Rule{
	{
		ID: "VPCL-S3-TLS-ONLY", Graph: true,
		Sources:  []string{"AwsSolutions-S10", "S3.5"},
		Title:    "S3 buckets have a policy that denies every request not made over TLS (aws:SecureTransport false)",
		Severity: Mandatory, ResourceTypes: append([]string{tBucketPolicy}, bucketTypes...),
		check: checkBucketTLS,
	},
	{
		ID: "VPCL-S3-PUBLIC-ACCESS-BLOCK", Graph: true,
		Sources:  []string{"AwsSolutions-S2", "S3.1", "S3.8", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV2_AWS_6"},
		Title:    "S3 buckets have a public access block with all four settings on",
		Severity: Mandatory, ResourceTypes: append([]string{tBucketPab}, bucketTypes...),
		check: checkBucketPublicAccess,
	},
	{
		ID: "VPCL-S3-ENCRYPTION", Graph: true,
		Sources:  []string{"S3.4", "CKV_AWS_19", "aws-facts E10"},
		Title:    "S3 buckets have default encryption; a bucket load balancers write access logs to uses SSE-S3 (AES256), the only one ELB log delivery supports",
		Severity: Mandatory, ResourceTypes: append(append([]string{tBucketSse}, bucketTypes...), lbTypes...),
		check: checkBucketEncryption,
	},
	{
		ID: "VPCL-S3-ACLS-DISABLED", Graph: true,
		Sources:  []string{"S3.12", "CKV2_AWS_65"},
		Title:    "S3 buckets disable ACLs (object ownership BucketOwnerEnforced)",
		Severity: Mandatory, ResourceTypes: append([]string{tBucketOwnership}, bucketTypes...),
		check: checkBucketOwnership,
	},
	{
		ID: "VPCL-S3-LIFECYCLE", Graph: true,
		Sources:  []string{"CKV2_AWS_61", "S3.13"},
		Title:    "S3 buckets have an enabled lifecycle rule that expires objects (log buckets keep logs only as long as the stack's retention)",
		Severity: Mandatory, ResourceTypes: append([]string{tBucketLifecycle}, bucketTypes...),
		check: checkBucketLifecycle,
	},
}

// buckets returns the buckets whose inputs are known.
func (g *graph) buckets() []*Resource {
	var out []*Resource
	for _, b := range g.ofType(bucketTypes...) {
		if b.Inputs != nil {
			out = append(out, b)
		}
	}
	return out
}

// bucketConfigs returns the configuration resources of typ that belong to bucket b.
func (g *graph) bucketConfigs(b *Resource, typ string) []*Resource {
	return g.referrers(b, "bucket", typ)
}

func checkBucketTLS(c *checker) {
	for _, b := range c.buckets() {
		docs := []any{}
		if p := b.Inputs["policy"]; !blank(p) {
			docs = append(docs, p)
		}
		for _, p := range c.bucketConfigs(b, tBucketPolicy) {
			docs = append(docs, p.Inputs["policy"])
		}
		ok := false
		for _, d := range docs {
			if opaque(d) {
				ok = true
			}
			for _, st := range statements(d) {
				ok = ok || denyInsecureTransport(st)
			}
		}
		if !ok {
			c.fail(b, "bucket %s accepts plain HTTP requests: its policy has no Deny of s3:* for Principal * when aws:SecureTransport is false", b.Name)
		}
	}
}

// denyInsecureTransport reports whether a statement denies everyone every S3 action without TLS.
func denyInsecureTransport(st map[string]any) bool {
	if !strings.EqualFold(fmt.Sprint(st["Effect"]), "Deny") || !anyPrincipal(st["Principal"]) {
		return false
	}
	if !slices.ContainsFunc(strs(st["Action"]), func(a string) bool { return a == "*" || strings.EqualFold(a, "s3:*") }) {
		return false
	}
	for op, block := range asMap(st["Condition"]) {
		if !strings.EqualFold(op, "Bool") {
			continue
		}
		for k, v := range asMap(block) {
			if strings.EqualFold(k, "aws:SecureTransport") && strings.EqualFold(fmt.Sprint(v), "false") {
				return true
			}
		}
	}
	return false
}

func checkBucketPublicAccess(c *checker) {
	settings := []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"}
	for _, b := range c.buckets() {
		blocks := c.bucketConfigs(b, tBucketPab)
		if len(blocks) == 0 {
			c.fail(b, "bucket %s has no public access block (aws:s3/bucketPublicAccessBlock)", b.Name)
			continue
		}
		for _, pab := range blocks {
			var off []string
			for _, k := range settings {
				if v := pab.Inputs[k]; !opaque(v) && v != true {
					off = append(off, k)
				}
			}
			if len(off) > 0 {
				c.fail(pab, "the public access block of bucket %s leaves %s off", b.Name, strings.Join(off, ", "))
			}
		}
	}
}

func checkBucketEncryption(c *checker) {
	for _, b := range c.buckets() {
		var algorithms []any
		if inline := get(b.Inputs, "serverSideEncryptionConfiguration"); !blank(inline) {
			algorithms = append(algorithms, get(inline, "rule", "applyServerSideEncryptionByDefault", "sseAlgorithm"))
		}
		carriers := c.bucketConfigs(b, tBucketSse)
		for _, s := range carriers {
			rules := list(s.Inputs["rules"])
			if opaque(s.Inputs["rules"]) {
				algorithms = append(algorithms, Unknown{})
			}
			for _, r := range rules {
				algorithms = append(algorithms, get(r, "applyServerSideEncryptionByDefault", "sseAlgorithm"))
			}
		}
		if len(algorithms) == 0 {
			c.fail(b, "bucket %s has no default encryption configuration", b.Name)
			continue
		}
		logged := false
		for _, lb := range c.loadBalancers() {
			logs := lb.Inputs["accessLogs"]
			logged = logged || (get(logs, "enabled") == true && c.refersToBucket(lb, b))
		}
		for _, a := range algorithms {
			if opaque(a) {
				continue
			}
			s, _ := str(a)
			switch {
			case s != "AES256" && s != "aws:kms" && s != "aws:kms:dsse":
				c.fail(b, "bucket %s has default encryption %q; use AES256 (SSE-S3) or aws:kms", b.Name, s)
			case logged && s != "AES256":
				c.fail(b, "bucket %s receives load balancer access logs but is encrypted with %s; ELB log delivery supports SSE-S3 (AES256) only (aws-facts E10)", b.Name, s)
			}
		}
	}
}

// refersToBucket reports whether load balancer lb's access logs go to bucket b: by name, or by a
// dependency of its accessLogs input on the bucket or one of its configurations.
func (g *graph) refersToBucket(lb, b *Resource) bool {
	name, _ := str(get(lb.Inputs, "accessLogs", "bucket"))
	if own, ok := str(b.Outputs["bucket"]); ok && name != "" && name == own {
		return true
	}
	if id, ok := str(b.Outputs["id"]); ok && name != "" && name == id {
		return true
	}
	for _, u := range lb.PropertyDependencies["accessLogs"] {
		if u == b.URN {
			return true
		}
		if r := g.byURN[u]; r != nil && slices.Contains(g.refs(r, "bucket", b.Type), b) {
			return true
		}
	}
	return false
}

func checkBucketOwnership(c *checker) {
	for _, b := range c.buckets() {
		controls := c.bucketConfigs(b, tBucketOwnership)
		if len(controls) == 0 {
			c.fail(b, "bucket %s has no ownership controls: ACLs stay on (object ownership must be BucketOwnerEnforced)", b.Name)
			continue
		}
		for _, oc := range controls {
			if v := get(oc.Inputs, "rule", "objectOwnership"); !opaque(v) && v != "BucketOwnerEnforced" {
				c.fail(oc, "bucket %s has object ownership %v; BucketOwnerEnforced disables ACLs so the bucket owner owns every object", b.Name, v)
			}
		}
	}
}

func checkBucketLifecycle(c *checker) {
	for _, b := range c.buckets() {
		ok := false
		for _, lc := range c.bucketConfigs(b, tBucketLifecycle) {
			if opaque(lc.Inputs["rules"]) {
				ok = true
			}
			for _, r := range list(lc.Inputs["rules"]) {
				exp := get(r, "expiration")
				if strings.EqualFold(fmt.Sprint(get(r, "status")), "Enabled") && !blank(exp) {
					ok = true
				}
			}
		}
		if !ok {
			c.fail(b, "bucket %s has no enabled lifecycle rule that expires objects: its logs would be kept, and paid for, forever", b.Name)
		}
	}
}
