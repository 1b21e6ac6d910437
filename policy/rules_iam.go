package policy

import (
	"fmt"
	"slices"
	"strings"
)

// IAM rules.
var iamRules = []Rule{
	{
		ID: "VPCL-IAM-WILDCARD", Row: 31,
		Sources:  []string{"AwsSolutions-IAM5", "CKV_AWS_63", "CKV_AWS_355"},
		Title:    "identity policies allow no * (or service:*) actions, and * resources only for actions that have no resource-level permissions",
		Severity: Mandatory, ResourceTypes: []string{tRolePolicy, tPolicy, tRole},
		check: checkIAMWildcards,
	},
	{
		ID: "VPCL-IAM-MANAGED-POLICY", Row: 31,
		Sources:  []string{"AwsSolutions-IAM4"},
		Title:    "AWS managed policies attached to roles are justified",
		Severity: Advisory, ResourceTypes: []string{tPolicyAttachment, tRole},
		check: checkManagedPolicies,
	},
}

// starResourceActions are the actions that accept no resource but "*": they have no resource-level
// permissions (Service Authorization Reference). Anything else must name its resources.
var starResourceActions = []string{
	"cloudwatch:putmetricdata",
	"ecr:getauthorizationtoken",
	"ecs:discoverpollendpoint",
	"logs:describeloggroups",
	"secretsmanager:getrandompassword",
	"secretsmanager:listsecrets",
	"ssm:describeparameters",
	"sts:getcalleridentity",
	"xray:getsamplingrules",
	"xray:getsamplingstatisticsummaries",
	"xray:getsamplingtargets",
	"xray:puttelemetryrecords",
	"xray:puttracesegments",
}

// identityDocs returns the identity policy documents a resource carries.
func identityDocs(r *Resource) []any {
	switch r.Type {
	case tRolePolicy, tPolicy:
		return []any{get(r.Inputs, "policy")}
	case tRole:
		var out []any
		for _, p := range list(get(r.Inputs, "inlinePolicies")) {
			out = append(out, get(p, "policy"))
		}
		return out
	}
	return nil
}

func checkIAMWildcards(c *checker) {
	for _, r := range c.ofType(tRolePolicy, tPolicy, tRole) {
		for _, doc := range identityDocs(r) {
			for i, st := range statements(doc) {
				if !strings.EqualFold(fmt.Sprint(st["Effect"]), "Allow") {
					continue // a Deny may be as wide as it likes
				}
				name := fmt.Sprintf("statement %d", i)
				if sid, ok := str(st["Sid"]); ok && sid != "" {
					name = "statement " + sid
				}
				if st["NotAction"] != nil || st["NotResource"] != nil {
					c.fail(r, "%s of %s allows with NotAction or NotResource: everything but a list is a wildcard", name, r.Name)
					continue
				}
				var wild []string
				actions := strs(st["Action"])
				for _, a := range actions {
					if a == "*" || strings.HasSuffix(a, ":*") {
						wild = append(wild, a)
					}
				}
				if len(wild) > 0 {
					c.fail(r, "%s of %s allows every action (%s); list the actions it needs", name, r.Name, strings.Join(wild, ", "))
					continue
				}
				if !slices.Contains(strs(st["Resource"]), "*") {
					continue
				}
				var scoped []string
				for _, a := range actions {
					if !slices.Contains(starResourceActions, strings.ToLower(a)) {
						scoped = append(scoped, a)
					}
				}
				if len(scoped) > 0 {
					c.fail(r, "%s of %s allows %s on every resource (*); these actions take resource ARNs", name, r.Name, strings.Join(scoped, ", "))
				}
			}
		}
	}
}

// awsManaged reports whether a policy ARN is an AWS managed policy.
func awsManaged(arn string) bool {
	return strings.HasPrefix(arn, "arn:aws") && strings.Contains(arn, ":iam::aws:policy/")
}

func checkManagedPolicies(c *checker) {
	const why = "whether a managed policy is justified needs a person; prefer an inline policy scoped to the stack's resources"
	for _, a := range c.ofType(tPolicyAttachment) {
		if arn, ok := str(get(a.Inputs, "policyArn")); ok && awsManaged(arn) {
			c.advise(a, why, "%s attaches AWS managed policy %s", a.Name, arn)
		}
	}
	for _, r := range c.ofType(tRole) {
		for _, arn := range strs(get(r.Inputs, "managedPolicyArns")) {
			if awsManaged(arn) {
				c.advise(r, why, "role %s has AWS managed policy %s", r.Name, arn)
			}
		}
	}
}
