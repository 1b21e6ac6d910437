package policy_test

import "testing"

func TestVPCL_S3_TLS_ONLY(t *testing.T) {
	testRule(t, "VPCL-S3-TLS-ONLY", []mutation{
		{"noPolicy", "", func(t *testing.T, f *fixture) { f.drop(t, tBucketPolicy, "access-logs") },
			[]want{{tBucket, "access-logs", M, "accepts plain HTTP"}}},
		{"allowOnly", "dev", func(t *testing.T, f *fixture) {
			f.set(t, tBucketPolicy, "access-logs", "policy", mustJSON(obj("Statement", arr(obj("Effect", "Allow", "Principal", obj("AWS", "arn:aws:iam::127311923021:root"), "Action", "s3:PutObject", "Resource", "*")))))
		}, []want{{tBucket, "access-logs", M, "aws:SecureTransport is false"}}},
		{"denyOnlyGetObject", "", func(t *testing.T, f *fixture) {
			st := tlsDeny("access-logs")
			st["Action"] = "s3:GetObject"
			f.set(t, tBucketPolicy, "access-logs", "policy", mustJSON(obj("Statement", arr(st))))
		}, []want{{tBucket, "access-logs", M, "no Deny of s3:*"}}},
		{"secureTransportTrue", "", func(t *testing.T, f *fixture) {
			st := tlsDeny("access-logs")
			st["Condition"] = obj("Bool", obj("aws:SecureTransport", "true"))
			f.set(t, tBucketPolicy, "access-logs", "policy", mustJSON(obj("Statement", arr(st))))
		}, []want{{tBucket, "access-logs", M, "plain HTTP"}}},
		{"boolFalseAndInlinePolicyPass", "", func(t *testing.T, f *fixture) {
			st := tlsDeny("access-logs")
			st["Condition"] = obj("Bool", obj("aws:SecureTransport", false))
			f.drop(t, tBucketPolicy, "access-logs")
			f.set(t, tBucket, "access-logs", "policy", mustJSON(obj("Statement", arr(st))))
		}, nil},
	})
}

func TestVPCL_S3_PUBLIC_ACCESS_BLOCK(t *testing.T) {
	testRule(t, "VPCL-S3-PUBLIC-ACCESS-BLOCK", []mutation{
		{"none", "", func(t *testing.T, f *fixture) { f.drop(t, tBucketPab, "access-logs") },
			[]want{{tBucket, "access-logs", M, "no public access block"}}},
		{"policiesAllowed", "dev", func(t *testing.T, f *fixture) { f.set(t, tBucketPab, "access-logs", "blockPublicPolicy", false) },
			[]want{{tBucketPab, "access-logs", M, "leaves blockPublicPolicy off"}}},
		{"twoUnset", "", func(t *testing.T, f *fixture) {
			f.del(t, tBucketPab, "access-logs", "ignorePublicAcls")
			f.del(t, tBucketPab, "access-logs", "restrictPublicBuckets")
		}, []want{{tBucketPab, "access-logs", M, "ignorePublicAcls, restrictPublicBuckets"}}},
	})
}

func TestVPCL_S3_ENCRYPTION(t *testing.T) {
	testRule(t, "VPCL-S3-ENCRYPTION", []mutation{
		{"none", "", func(t *testing.T, f *fixture) { f.drop(t, tBucketSse, "access-logs") },
			[]want{{tBucket, "access-logs", M, "no default encryption"}}},
		{"kmsOnALogBucket", "", func(t *testing.T, f *fixture) {
			f.set(t, tBucketSse, "access-logs", "rules", arr(obj("applyServerSideEncryptionByDefault", obj("sseAlgorithm", "aws:kms"))))
		}, []want{{tBucket, "access-logs", M, "aws-facts E10"}}},
		{"kmsElsewherePasses", "", func(t *testing.T, f *fixture) {
			f.set(t, tBucketSse, "access-logs", "rules", arr(obj("applyServerSideEncryptionByDefault", obj("sseAlgorithm", "aws:kms"))))
			f.set(t, tLB, "alb", "accessLogs", obj("enabled", true, "bucket", "other-logs"))
			f.set(t, tLB, "nlb", "accessLogs", obj("enabled", true, "bucket", "other-logs"))
		}, nil},
		{"unknownAlgorithm", "", func(t *testing.T, f *fixture) {
			f.set(t, tBucketSse, "access-logs", "rules", arr(obj("applyServerSideEncryptionByDefault", obj("sseAlgorithm", "rot13"))))
		}, []want{{tBucket, "access-logs", M, `"rot13"`}}},
	})
}

func TestVPCL_S3_ACLS_DISABLED(t *testing.T) {
	testRule(t, "VPCL-S3-ACLS-DISABLED", []mutation{
		{"none", "", func(t *testing.T, f *fixture) { f.drop(t, tBucketOwnership, "access-logs") },
			[]want{{tBucket, "access-logs", M, "no ownership controls"}}},
		{"objectWriter", "", func(t *testing.T, f *fixture) {
			f.set(t, tBucketOwnership, "access-logs", "rule.objectOwnership", "ObjectWriter")
		},
			[]want{{tBucketOwnership, "access-logs", M, "ObjectWriter"}}},
	})
}

func TestVPCL_S3_LIFECYCLE(t *testing.T) {
	testRule(t, "VPCL-S3-LIFECYCLE", []mutation{
		{"none", "", func(t *testing.T, f *fixture) { f.drop(t, tBucketLifecycle, "access-logs") },
			[]want{{tBucket, "access-logs", M, "forever"}}},
		{"disabled", "", func(t *testing.T, f *fixture) {
			f.set(t, tBucketLifecycle, "access-logs", "rules", arr(obj("id", "expire", "status", "Disabled", "expiration", obj("days", 30.0))))
		}, []want{{tBucket, "access-logs", M, "no enabled lifecycle rule"}}},
		{"noExpiration", "", func(t *testing.T, f *fixture) {
			f.set(t, tBucketLifecycle, "access-logs", "rules", arr(obj("id", "abort", "status", "Enabled", "abortIncompleteMultipartUpload", obj("daysAfterInitiation", 1.0))))
		}, []want{{tBucket, "access-logs", M, "expires objects"}}},
	})
}
