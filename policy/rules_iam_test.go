package policy_test

import "testing"

// withStatements replaces the execution role's inline policy.
func withStatements(st ...any) func(t *testing.T, f *fixture) {
	return func(t *testing.T, f *fixture) {
		f.set(t, tRolePolicy, "api-execution", "policy", mustJSON(obj("Version", "2012-10-17", "Statement", arr(st...))))
	}
}

func TestVPCL_IAM_WILDCARD(t *testing.T) {
	testRule(t, "VPCL-IAM-WILDCARD", []mutation{
		{"starAction", "", withStatements(obj("Effect", "Allow", "Action", "*", "Resource", "arn:aws:s3:::bucket")),
			[]want{{tRolePolicy, "api-execution", M, "allows every action (*)"}}},
		{"serviceStarAction", "", withStatements(obj("Sid", "S3", "Effect", "Allow", "Action", arr("s3:*"), "Resource", arr("arn:aws:s3:::bucket"))),
			[]want{{tRolePolicy, "api-execution", M, "statement S3 of api-execution allows every action (s3:*)"}}},
		{"starResource", "", withStatements(obj("Effect", "Allow", "Action", arr("ecr:GetAuthorizationToken", "secretsmanager:GetSecretValue"), "Resource", "*")),
			[]want{{tRolePolicy, "api-execution", M, "secretsmanager:GetSecretValue on every resource"}}},
		{"notAction", "", withStatements(obj("Effect", "Allow", "NotAction", "iam:*", "Resource", "*")),
			[]want{{tRolePolicy, "api-execution", M, "NotAction"}}},
		{"roleInlinePolicy", "", func(t *testing.T, f *fixture) {
			f.set(t, tRole, "api-task", "inlinePolicies", arr(obj("name", "app", "policy", mustJSON(obj("Statement", obj("Effect", "Allow", "Action", "dynamodb:GetItem", "Resource", "*"))))))
		}, []want{{tRole, "api-task", M, "dynamodb:GetItem on every resource"}}},
		{"starResourceForTokenOnlyPasses", "", withStatements(obj("Effect", "Allow", "Action", "ecr:GetAuthorizationToken", "Resource", "*")), nil},
		{"denyStarPasses", "", withStatements(obj("Effect", "Deny", "Action", "*", "Resource", "*")), nil},
		{"arnPatternPasses", "", withStatements(obj("Effect", "Allow", "Action", "logs:PutLogEvents", "Resource", "arn:aws:logs:us-east-1:123456789012:log-group:*")), nil},
	})
}

func TestVPCL_IAM_MANAGED_POLICY(t *testing.T) {
	testRule(t, "VPCL-IAM-MANAGED-POLICY", []mutation{
		{"attachment", "", func(t *testing.T, f *fixture) {
			f.add(tPolicyAttachment, "exec-managed", obj("role", "api-execution", "policyArn", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"), nil)
		}, []want{{tPolicyAttachment, "exec-managed", A, "AmazonECSTaskExecutionRolePolicy"}}},
		{"roleManagedPolicyArns", "", func(t *testing.T, f *fixture) {
			f.set(t, tRole, "api-task", "managedPolicyArns", arr("arn:aws:iam::aws:policy/AdministratorAccess"))
		}, []want{{tRole, "api-task", A, "AdministratorAccess"}}},
		{"customerManagedPasses", "", func(t *testing.T, f *fixture) {
			f.add(tPolicyAttachment, "exec-own", obj("role", "api-execution", "policyArn", "arn:aws:iam::123456789012:policy/own"), nil)
		}, nil},
	})
}
