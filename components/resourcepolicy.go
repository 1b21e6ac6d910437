package components

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// MaxResourcePolicyChars is the largest resource policy API Gateway accepts (aws-facts R4).
const MaxResourcePolicyChars = 8192

// accountIDPattern is an AWS account id; principalArnPattern an IAM principal ARN (root, user,
// role, assumed role) of any partition. Resource policies name principals this way
// (IAM User Guide, reference_policies_elements_principal).
var (
	accountIDPattern    = regexp.MustCompile(`^\d{12}$`)
	principalArnPattern = regexp.MustCompile(`^arn:aws[a-z-]*:(iam::\d{12}:(root|user/[\w+=,.@/-]+|role/[\w+=,.@/-]+)|sts::\d{12}:assumed-role/[\w+=,.@/-]+)$`)
)

// ValidatePrincipal accepts what a resource policy can name in Principal.AWS: a 12-digit account id
// or an IAM user, role, assumed-role or account-root ARN.
func ValidatePrincipal(p string) error {
	if accountIDPattern.MatchString(p) || principalArnPattern.MatchString(p) {
		return nil
	}
	return fmt.Errorf("%q is not a 12-digit AWS account id or an IAM principal ARN (arn:aws:iam::ACCOUNT:root, :role/NAME, :user/NAME)", p)
}

// PrivateApiPolicy renders the resource policy of a private REST API. Every request that does not
// come through one of the given execute-api VPC endpoints is denied, whatever its credentials
// (aws-facts R4). What is allowed through the endpoint depends on how methods authorize callers:
//
//   - AuthNone: an Allow for Principal *, since the API is meant to be open to every caller inside
//     the endpoint; the policy is then the only access control.
//   - AuthIam: no Allow for *. In the API's own account an Allow in the resource policy grants
//     access even when the caller's identity policy says nothing, so `Allow *` would let every
//     principal of the account call the API with no execute-api:Invoke permission (aws-facts R11).
//     Callers of the account are then allowed by their own IAM policies alone; allowedPrincipals,
//     other accounts (delegated to their IAM policies) or principal ARNs, get an explicit Allow,
//     which callers from another account need in addition to their own policy.
//
// allowedPrincipals are account ids or IAM ARNs (ValidatePrincipal); account ids are written as
// their root ARN in the API's partition, the form AWS stores, so the policy does not drift.
func PrivateApiPolicy(executeApiArn string, vpceIDs []string, auth Authorization, allowedPrincipals []string) (string, error) {
	if executeApiArn == "" || len(vpceIDs) == 0 {
		return "", fmt.Errorf("a private API policy needs the API's execute-api ARN and at least one VPC endpoint id")
	}
	switch auth {
	case AuthNone, "":
		if len(allowedPrincipals) > 0 {
			return "", fmt.Errorf("allowedPrincipals need authorization iam: with none, every caller through the endpoint is already allowed")
		}
	case AuthIam:
	default:
		return "", fmt.Errorf("authorization %q is not one of none, iam", auth)
	}
	partition := "aws"
	if parts := strings.SplitN(executeApiArn, ":", 3); len(parts) == 3 && parts[0] == "arn" {
		partition = parts[1]
	}
	var principals []string
	for _, p := range allowedPrincipals {
		if err := ValidatePrincipal(p); err != nil {
			return "", fmt.Errorf("allowedPrincipals: %w", err)
		}
		if accountIDPattern.MatchString(p) {
			p = fmt.Sprintf("arn:%s:iam::%s:root", partition, p)
		}
		principals = append(principals, p)
	}
	slices.Sort(principals)
	principals = slices.Compact(principals)

	ids := slices.Clone(vpceIDs)
	slices.Sort(ids)
	var source any = ids
	if len(ids) == 1 {
		source = ids[0]
	}
	resource := []string{executeApiArn + "/*"}
	statements := []PolicyStatement{{
		Sid:       "DenyOutsideTheEndpoint",
		Effect:    "Deny",
		Principal: "*",
		Action:    []string{"execute-api:Invoke"},
		Resource:  resource,
		Condition: map[string]map[string]any{"StringNotEquals": {"aws:SourceVpce": source}},
	}}
	switch {
	case auth == AuthIam && len(principals) > 0:
		var aws any = principals
		if len(principals) == 1 {
			aws = principals[0]
		}
		statements = append(statements, PolicyStatement{
			Sid:       "AllowNamedPrincipalsThroughTheEndpoint",
			Effect:    "Allow",
			Principal: map[string]any{"AWS": aws},
			Action:    []string{"execute-api:Invoke"},
			Resource:  resource,
		})
	case auth != AuthIam:
		statements = append(statements, PolicyStatement{
			Sid:       "AllowThroughTheEndpoint",
			Effect:    "Allow",
			Principal: "*",
			Action:    []string{"execute-api:Invoke"},
			Resource:  resource,
		})
	}
	doc := PolicyDocument{Version: "2012-10-17", Statement: statements}.JSON()
	if len(doc) > MaxResourcePolicyChars {
		return "", fmt.Errorf("resource policy is %d characters; API Gateway accepts at most %d (aws-facts R4)", len(doc), MaxResourcePolicyChars)
	}
	return doc, nil
}
