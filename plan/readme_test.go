package plan

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

	"github.com/vpclink/vpclink/awsspec"
	"github.com/vpclink/vpclink/policy"
	"github.com/vpclink/vpclink/stacks"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the generated sections of README.md")

// ConfigReference renders the README's config reference from Pulumi.yaml, so the two cannot drift.
func configReference(t *testing.T) string {
	proj, err := workspace.LoadProject(filepath.Join(projectDir, "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("| Key | Type | Default | What it sets |\n|---|---|---|---|\n")
	for _, k := range stacks.Keys() {
		decl := proj.Config[stacks.Namespace+":"+k]
		def, _ := json.Marshal(decl.Default)
		fmt.Fprintf(&b, "| `%s:%s` | %s | `%s` | %s |\n", stacks.Namespace, k, *decl.Type, def, strings.ReplaceAll(decl.Description, "|", "\\|"))
	}
	return b.String()
}

// replaceSection swaps the text between <!-- name:begin --> and <!-- name:end -->.
func replaceSection(doc, name, body string) (string, bool) {
	begin, end := "<!-- "+name+":begin -->\n", "<!-- "+name+":end -->"
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		return doc, false
	}
	return doc[:i+len(begin)] + body + doc[j:], true
}

// rulesSection renders the README's policy rules and what is declined, from the policy package.
func rulesSection() string {
	var b strings.Builder
	b.WriteString(policy.MarkdownTable())
	b.WriteString("\nWhat vpclink enforces less strictly than the rule's source, and why:\n\n| Rule | Source ids | Status | Why |\n|---|---|---|---|\n")
	for _, d := range policy.Declined() {
		id := "(none)"
		if d.RuleID != "" {
			id = "`" + d.RuleID + "`"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", id, strings.Join(d.Sources, ", "), d.Status, strings.ReplaceAll(d.Reason, "|", "\\|"))
	}
	return b.String()
}

// checkSection compares (or, with -update-readme, rewrites) a generated section of README.md.
func checkSection(t *testing.T, name, body, source string) {
	t.Helper()
	path := filepath.Join(projectDir, "README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, ok := replaceSection(string(b), name, body)
	if !ok {
		t.Fatalf("README.md has no <!-- %s:begin --> ... <!-- %s:end --> section", name, name)
	}
	if *updateReadme {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want != string(b) {
		t.Errorf("README.md's %s section differs from %s; run go test ./plan -run TestReadme -update-readme", name, source)
	}
}

func TestReadmeConfigReferenceMatchesPulumiYaml(t *testing.T) {
	checkSection(t, "config", configReference(t), "Pulumi.yaml")
}

func TestReadmeConstraintTableMatchesAwsspec(t *testing.T) {
	checkSection(t, "aws-constraints", awsspec.MarkdownTable(), "the awsspec table")
}

func TestReadmeRulesTableMatchesThePolicyPackage(t *testing.T) {
	checkSection(t, "rules", rulesSection(), "the policy package")
}

// The README documents every stack output name the program exports.
func TestReadmeDocumentsStackOutputs(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(projectDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{stacks.OutVpcId, stacks.OutPrivateSubnetIds, stacks.OutClusterName, stacks.OutHttpVpcLinkId,
		stacks.OutRestVpcLinkId, stacks.OutNlbDnsName, stacks.OutAlbDnsName, stacks.OutCloudMapNamespace,
		stacks.OutExecuteApiEndpointId, stacks.OutServices, stacks.OutFrontends} {
		if !strings.Contains(string(b), "`"+name+"`") {
			t.Errorf("README.md does not document the stack output %s", name)
		}
	}
	for _, v := range stacks.Variants {
		if !slices.ContainsFunc(strings.Split(string(b), "\n"), func(l string) bool { return strings.HasPrefix(l, "### `"+string(v)+"`") }) {
			t.Errorf("README.md has no section for variant %s", v)
		}
	}
}
