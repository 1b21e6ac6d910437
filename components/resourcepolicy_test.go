package components

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPrivateApiPolicyScopesToTheEndpoint(t *testing.T) {
	doc, err := PrivateApiPolicy("arn:aws:execute-api:us-east-1:123456789012:abc123", []string{"vpce-0123"})
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
	a, _ := PrivateApiPolicy("arn:aws:execute-api:us-east-1:1:x", []string{"vpce-b", "vpce-a"})
	b, _ := PrivateApiPolicy("arn:aws:execute-api:us-east-1:1:x", []string{"vpce-a", "vpce-b"})
	if a != b || !strings.Contains(a, `"aws:SourceVpce":["vpce-a","vpce-b"]`) {
		t.Errorf("order-dependent or wrong: %s", a)
	}
}

func TestPrivateApiPolicyRefusesOversize(t *testing.T) {
	var ids []string
	for i := range 400 {
		ids = append(ids, "vpce-0123456789abcdef"+itoa(i))
	}
	_, err := PrivateApiPolicy("arn:aws:execute-api:us-east-1:1:x", ids)
	if err == nil || !strings.Contains(err.Error(), "at most 8192") {
		t.Errorf("error = %v", err)
	}
}

func TestPrivateApiPolicyNeedsAnEndpoint(t *testing.T) {
	if _, err := PrivateApiPolicy("arn:aws:execute-api:us-east-1:1:x", nil); err == nil {
		t.Error("accepted no endpoint")
	}
}
