package components

import (
	"fmt"
	"slices"
)

// MaxResourcePolicyChars is the largest resource policy API Gateway accepts (aws-facts R4).
const MaxResourcePolicyChars = 8192

// PrivateApiPolicy renders the resource policy of a private REST API: anyone may invoke the API's
// own methods (executeApiArn/*), but only through the given execute-api VPC endpoints; every
// other request is denied, whatever its credentials (aws-facts R4). With AWS_IAM authorization
// the caller's IAM policy must allow the call as well.
func PrivateApiPolicy(executeApiArn string, vpceIDs []string) (string, error) {
	if executeApiArn == "" || len(vpceIDs) == 0 {
		return "", fmt.Errorf("a private API policy needs the API's execute-api ARN and at least one VPC endpoint id")
	}
	ids := slices.Clone(vpceIDs)
	slices.Sort(ids)
	var source any = ids
	if len(ids) == 1 {
		source = ids[0]
	}
	resource := []string{executeApiArn + "/*"}
	doc := PolicyDocument{
		Version: "2012-10-17",
		Statement: []PolicyStatement{
			{
				Sid:       "DenyOutsideTheEndpoint",
				Effect:    "Deny",
				Principal: "*",
				Action:    []string{"execute-api:Invoke"},
				Resource:  resource,
				Condition: map[string]map[string]any{"StringNotEquals": {"aws:SourceVpce": source}},
			},
			{
				Sid:       "AllowThroughTheEndpoint",
				Effect:    "Allow",
				Principal: "*",
				Action:    []string{"execute-api:Invoke"},
				Resource:  resource,
			},
		},
	}.JSON()
	if len(doc) > MaxResourcePolicyChars {
		return "", fmt.Errorf("resource policy is %d characters; API Gateway accepts at most %d", len(doc), MaxResourcePolicyChars)
	}
	return doc, nil
}
