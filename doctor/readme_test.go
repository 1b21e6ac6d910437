package doctor

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/internal/testenv"
)

// The README's IAM policy for doctor lists exactly the actions doctor calls, and its table names
// every check.
func TestReadmeDocumentsThePolicyAndTheChecks(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	_, rest, ok := strings.Cut(readme, "<!-- doctor-policy:begin -->\n```json\n")
	block, _, ok2 := strings.Cut(rest, "```\n<!-- doctor-policy:end -->")
	if !ok || !ok2 {
		t.Fatal("README has no doctor-policy block")
	}
	var policy struct {
		Statement []struct {
			Effect string
			Action json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(block), &policy); err != nil {
		t.Fatalf("the README's doctor policy is not JSON: %v", err)
	}
	var actions []string
	for _, st := range policy.Statement {
		if st.Effect != "Allow" {
			t.Errorf("statement effect %s", st.Effect)
		}
		var list []string
		if json.Unmarshal(st.Action, &list) != nil {
			var one string
			json.Unmarshal(st.Action, &one)
			list = []string{one}
		}
		actions = append(actions, list...)
	}
	slices.Sort(actions)
	if !slices.Equal(actions, IAMActions) {
		t.Errorf("README policy actions = %q\nIAMActions = %q", actions, IAMActions)
	}
	for _, c := range Checks {
		if !strings.Contains(readme, "| `"+c.Kind+"` |") {
			t.Errorf("the README's doctor table lacks the %s check", c.Kind)
		}
	}
}
