package stacks_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/stacks"
)

// newProject writes a Pulumi project named name with no config block (as a team's own project has)
// and a dev stack file, and returns its directory.
func newProject(t *testing.T, name, devStack string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte("name: "+name+"\nruntime: go\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.dev.yaml"), []byte("config:\n  aws:region: eu-west-1\n"+devStack), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func problemKeys(t *testing.T, err error) []string {
	t.Helper()
	var ve *stacks.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a *ValidationError, got %v", err)
	}
	var keys []string
	for _, p := range ve.Problems {
		keys = append(keys, p.Key)
	}
	return keys
}

// `pulumi config set frontends ...` in a project named acme-edge writes acme-edge:frontends; the
// program reads it there.
func TestConfigNamespaceFollowsTheProjectName(t *testing.T) {
	dir := newProject(t, "acme-edge", "  acme-edge:frontends:\n    - variant: rest-nlb\n")
	cfg, _, err := stacks.LoadStackConfig(context.Background(), dir, "dev", nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Frontends[0].Variant != stacks.RestNlb {
		t.Errorf("acme-edge:frontends was ignored: frontends = %+v", cfg.Frontends)
	}
}

// In a project of another name, vpclink:frontends would be silently ignored; it is an error that
// says where the key goes.
func TestVpclinkNamespaceInAnotherProjectIsAnError(t *testing.T) {
	dir := newProject(t, "acme-edge", "  vpclink:frontends:\n    - variant: rest-nlb\n")
	_, _, err := stacks.LoadStackConfig(context.Background(), dir, "dev", nil)
	if keys := problemKeys(t, err); !slices.Equal(keys, []string{"vpclink:frontends"}) || !strings.Contains(err.Error(), "write acme-edge:frontends") {
		t.Errorf("got %v", err)
	}
	// The same key is fine in vpclink's own project.
	dir = newProject(t, "vpclink", "  vpclink:frontends:\n    - variant: rest-nlb\n")
	if cfg, _, err := stacks.LoadStackConfig(context.Background(), dir, "dev", nil); err != nil || cfg.Frontends[0].Variant != stacks.RestNlb {
		t.Errorf("vpclink project: %v, %v", cfg, err)
	}
}

// Validation problems name the key in the project's namespace.
func TestValidationProblemsNameTheProjectNamespace(t *testing.T) {
	dir := newProject(t, "acme-edge", "")
	_, _, err := stacks.LoadStackConfig(context.Background(), dir, "dev", []stacks.Override{{Key: "frontends[0].timeoutMs", Value: "60000"}})
	if keys := problemKeys(t, err); !slices.Equal(keys, []string{"acme-edge:frontends[0].timeoutMs"}) {
		t.Errorf("problem keys = %v", keys)
	}
}

// A path override into a key Pulumi.yaml does not declare starts from the program's default, not
// from nothing (which gave `frontends[0].variant: "" is not one of ...`).
func TestPathOverrideStartsFromProgramDefaultsWithoutPulumiYamlConfig(t *testing.T) {
	dir := newProject(t, "acme-edge", "")
	cfg, _, err := stacks.LoadStackConfig(context.Background(), dir, "dev", []stacks.Override{
		{Key: "frontends[0].variant", Value: "rest-nlb"},
		{Key: "services.api.desiredCount", Value: "3"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Frontends) != 1 || cfg.Frontends[0].Variant != stacks.RestNlb {
		t.Errorf("frontends = %+v", cfg.Frontends)
	}
	if s := cfg.Services[0]; len(cfg.Services) != 1 || s.Name != "api" || *s.DesiredCount != 3 || s.Image != stacks.DefaultImage {
		t.Errorf("services = %+v", cfg.Services)
	}
}

// Override{Key: "network.cidr"} is what ParseOverride("network.cidr=...") gives: both are in the
// project's namespace, in every entry point.
func TestStructLiteralOverrideWithoutNamespace(t *testing.T) {
	dir := newProject(t, "vpclink", "")
	lit := []stacks.Override{{Key: "network.cidr", Value: "10.1.0.0/16"}}
	parsed, err := stacks.ParseOverride("network.cidr=10.1.0.0/16")
	if err != nil {
		t.Fatal(err)
	}
	for _, ovs := range [][]stacks.Override{lit, {parsed}} {
		cfg, _, err := stacks.LoadStackConfig(context.Background(), dir, "dev", ovs)
		if err != nil {
			t.Fatalf("%+v: %v", ovs, err)
		}
		if cfg.Network.Cidr != "10.1.0.0/16" {
			t.Errorf("%+v: cidr = %s", ovs, cfg.Network.Cidr)
		}
	}
	// In another project the same literal lands in that project's namespace.
	dir = newProject(t, "acme-edge", "")
	if cfg, _, err := stacks.LoadStackConfig(context.Background(), dir, "dev", lit); err != nil || cfg.Network.Cidr != "10.1.0.0/16" {
		t.Errorf("acme-edge: %v, %v", cfg, err)
	}
}

// One bad override does not hide the other problems of the same call.
func TestEveryConfigProblemIsReportedAtOnce(t *testing.T) {
	dir := newProject(t, "acme-edge", "  acme-edge:frontend: []\n")
	_, _, err := stacks.LoadStackConfig(context.Background(), dir, "dev", []stacks.Override{
		{Key: "network.cidr[", Value: "x"},
		{Key: "frontends[0].timeoutMs", Value: "60000"},
		{Key: "vpclink:protect", Value: "true"},
	})
	keys := problemKeys(t, err)
	for _, want := range []string{"acme-edge:network.cidr[", "acme-edge:frontend", "acme-edge:frontends[0].timeoutMs", "vpclink:protect"} {
		if !slices.Contains(keys, want) {
			t.Errorf("no problem for %s; got %v", want, err)
		}
	}
}

// Outside a project, the error names what an embedder sets, not vpclink's checkout.
func TestNoProjectDirErrorSpeaksToEmbedders(t *testing.T) {
	_, err := stacks.FindProjectDir(t.TempDir())
	if err == nil || strings.Contains(err.Error(), "checkout") || !strings.Contains(err.Error(), "ProjectDir") {
		t.Errorf("got %v", err)
	}
}
