package components

import (
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update rewrites it after review):\ngot\n%s\nwant\n%s", path, got, want)
	}
}

func TestRenderContainerDefinitionsGolden(t *testing.T) {
	got := RenderContainerDefinitions(ContainerSpec{
		Name: "orders", Image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:1.4.2", Port: 8080,
		Environment:            map[string]string{"LOG_LEVEL": "info", "APP_MODE": "api"},
		Secrets:                map[string]string{"DB_PASSWORD": "arn:aws:ssm:us-east-1:123456789012:parameter/orders/db-password"},
		HealthCheckCommand:     DefaultHealthCheckCommand(8080, "/health"),
		ReadonlyRootFilesystem: true,
		LogGroup:               "orders-1a2b3c4", Region: "us-east-1",
	})
	var pretty []any
	if err := json.Unmarshal([]byte(got), &pretty); err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(pretty, "", "  ")
	golden(t, "testdata/container-definitions.golden.json", string(b)+"\n")
}

// Secrets are references resolved by ECS; their values never appear, and nothing is privileged.
func TestRenderContainerDefinitionsKeepsSecretsOutOfEnvironment(t *testing.T) {
	got := RenderContainerDefinitions(ContainerSpec{Name: "a", Image: "i", Port: 80, Secrets: map[string]string{"TOKEN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:tok-AbCdEf"}, LogGroup: "g", Region: "r"})
	var defs []map[string]any
	if err := json.Unmarshal([]byte(got), &defs); err != nil {
		t.Fatal(err)
	}
	if defs[0]["environment"] != nil {
		t.Errorf("environment present: %v", defs[0]["environment"])
	}
	if s := defs[0]["secrets"].([]any)[0].(map[string]any); s["name"] != "TOKEN" || !strings.HasPrefix(s["valueFrom"].(string), "arn:aws:secretsmanager:") {
		t.Errorf("secrets = %v", defs[0]["secrets"])
	}
	if _, set := defs[0]["privileged"]; set {
		t.Error("privileged is set")
	}
	if defs[0]["logConfiguration"].(map[string]any)["logDriver"] != "awslogs" {
		t.Error("no awslogs log configuration")
	}
}

func TestExecutionRolePolicyIsLeastPrivilege(t *testing.T) {
	doc := ExecutionRolePolicy("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/orders:1", "arn:aws:logs:us-east-1:123456789012:log-group:orders",
		map[string]string{
			"A": "arn:aws:ssm:us-east-1:123456789012:parameter/a",
			"B": "arn:aws:secretsmanager:us-east-1:123456789012:secret:b-AbCdEf:password::",
		}, "aws")
	golden(t, "testdata/execution-role-policy.golden.json", doc+"\n")
	var p PolicyDocument
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Statement {
		for _, a := range s.Action {
			if strings.Contains(a, "*") {
				t.Errorf("wildcard action %s", a)
			}
		}
		for _, r := range s.Resource {
			if r == "*" && (len(s.Action) != 1 || s.Action[0] != "ecr:GetAuthorizationToken") {
				t.Errorf("statement %s has resource * for %v", s.Sid, s.Action)
			}
		}
	}
}

func TestExecutionRolePolicyPublicImageNeedsNoEcr(t *testing.T) {
	doc := ExecutionRolePolicy("mendhak/http-https-echo:34", "arn:aws:logs:us-east-1:1:log-group:g", nil, "aws")
	if strings.Contains(doc, "ecr:") || strings.Contains(doc, `"*"`) {
		t.Errorf("public image policy grants ECR or *: %s", doc)
	}
}
