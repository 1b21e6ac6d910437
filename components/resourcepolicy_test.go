package components

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPrivateApiPolicyScopesToTheEndpoint(t *testing.T) {
	doc, err := PrivateApiPolicy("arn:aws:execute-api:us-east-1:123456789012:abc123", []string{"vpce-0123"}, AuthNone, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"DenyOutsideTheEndpoint","Effect":"Deny","Principal":"*","Action":["execute-api:Invoke"],"Resource":["arn:aws:execute-api:us-east-1:123456789012:abc123/*"],"Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-0123"}}},` +
		`{"Sid":"AllowThroughTheEndpoint","Effect":"Allow","Principal":"*","Action":["execute-api:Invoke"],"Resource":["arn:aws:execute-api:us-east-1:123456789012:abc123/*"]}]}`
	if doc != want {
		t.Errorf("got\n%s\nwant\n%s", doc, want)
	}
	var parsed map[string]any
	if err := json.Unmarshal([]byte(doc), &parsed); err != nil {
		t.Fatal(err)
	}
}

func TestPrivateApiPolicySortsEndpoints(t *testing.T) {
	a, _ := PrivateApiPolicy("arn:aws:execute-api:us-east-1:1:x", []string{"vpce-b", "vpce-a"}, AuthNone, nil)
	b, _ := PrivateApiPolicy("arn:aws:execute-api:us-east-1:1:x", []string{"vpce-a", "vpce-b"}, AuthNone, nil)
	if a != b || !strings.Contains(a, `"aws:SourceVpce":["vpce-a","vpce-b"]`) {
		t.Errorf("order-dependent or wrong: %s", a)
	}
}

func TestPrivateApiPolicyRefusesOversize(t *testing.T) {
	var ids []string
	for i := range 400 {
		ids = append(ids, "vpce-0123456789abcdef"+itoa(i))
	}
	_, err := PrivateApiPolicy("arn:aws:execute-api:us-east-1:1:x", ids, AuthNone, nil)
	if err == nil || !strings.Contains(err.Error(), "at most 8192") {
		t.Errorf("error = %v", err)
	}
}

func TestPrivateApiPolicyNeedsAnEndpoint(t *testing.T) {
	if _, err := PrivateApiPolicy("arn:aws:execute-api:us-east-1:1:x", nil, AuthNone, nil); err == nil {
		t.Error("accepted no endpoint")
	}
}

// With IAM authorization the policy must not Allow Principal *: in the API's own account that Allow
// grants access without any execute-api:Invoke permission (aws-facts R11). Only the Deny is left.
func TestPrivateApiPolicyWithIamAuthorizationHasNoAllowForEveryone(t *testing.T) {
	doc, err := PrivateApiPolicy("arn:aws:execute-api:us-east-1:123456789012:abc123", []string{"vpce-0123"}, AuthIam, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"DenyOutsideTheEndpoint","Effect":"Deny","Principal":"*","Action":["execute-api:Invoke"],"Resource":["arn:aws:execute-api:us-east-1:123456789012:abc123/*"],"Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-0123"}}}]}`
	if doc != want {
		t.Errorf("got\n%s\nwant\n%s", doc, want)
	}
}

func TestPrivateApiPolicyAllowsNamedPrincipalsInTheApisPartition(t *testing.T) {
	doc, err := PrivateApiPolicy("arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123", []string{"vpce-0123"}, AuthIam,
		[]string{"arn:aws-us-gov:iam::210987654321:role/caller", "210987654321", "210987654321"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc, `"Principal":{"AWS":["arn:aws-us-gov:iam::210987654321:role/caller","arn:aws-us-gov:iam::210987654321:root"]}`) ||
		strings.Contains(doc, `"Principal":"*","Action":["execute-api:Invoke"],"Resource":["arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/*"]}`) {
		t.Errorf("policy = %s, want an Allow for the two principals only (sorted, deduplicated, account as its root ARN)", doc)
	}
}

func TestPrivateApiPolicyRefusesPrincipalsWithoutIam(t *testing.T) {
	for _, tc := range []struct {
		auth       Authorization
		principals []string
		says       string
	}{
		{AuthNone, []string{"210987654321"}, "need authorization iam"},
		{AuthIam, []string{"21098765432"}, "not a 12-digit AWS account id"},
		{AuthIam, []string{"arn:aws:s3:::bucket"}, "IAM principal ARN"},
		{AuthJwt, nil, "not one of none, iam"},
	} {
		if _, err := PrivateApiPolicy("arn:aws:execute-api:us-east-1:1:x", []string{"vpce-1"}, tc.auth, tc.principals); err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s %v: error = %v, want one saying %q", tc.auth, tc.principals, err, tc.says)
		}
	}
}

func TestValidatePrincipal(t *testing.T) {
	for p, ok := range map[string]bool{
		"123456789012": true, "arn:aws:iam::123456789012:root": true, "arn:aws:iam::123456789012:role/path/app-caller": true,
		"arn:aws:iam::123456789012:user/alice": true, "arn:aws:sts::123456789012:assumed-role/app/session": true,
		"arn:aws-cn:iam::123456789012:role/x": true,
		"*":                                   false, "12345678901": false, "arn:aws:iam::123456789012:group/admins": false, "arn:aws:iam::*:root": false, "": false,
	} {
		if err := ValidatePrincipal(p); (err == nil) != ok {
			t.Errorf("ValidatePrincipal(%q) = %v, want ok %v", p, err, ok)
		}
	}
}
