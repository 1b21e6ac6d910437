package provider_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpclink/vpclink/stacks"
	"github.com/vpclink/vpclink/vpclinktest"
)

// pulumiRoot is the directory holding bin/pulumi (scripts/install-pulumi.sh), or a skip (a
// failure in CI) without one.
func pulumiRoot(t *testing.T) string {
	t.Helper()
	root := os.Getenv("VPCLINK_PULUMI_ROOT")
	if root == "" {
		if p, err := exec.LookPath("pulumi"); err == nil {
			root = filepath.Dir(filepath.Dir(p))
		}
	}
	need := func(msg string) {
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if root == "" {
		need("this test needs the Pulumi CLI: export VPCLINK_PULUMI_ROOT=$(scripts/install-pulumi.sh)")
	}
	if _, err := os.Stat(filepath.Join(root, "bin", "pulumi-language-yaml")); err != nil {
		need("this test needs the YAML language host next to the CLI: run scripts/install-pulumi-yaml.sh")
	}
	return root
}

// testVersion is the version the tests embed in the plugin they build.
const testVersion = "0.0.1-test"

var plugin struct {
	once sync.Once
	dir  string
	err  error
}

// buildPlugin builds pulumi-resource-vpclink, with testVersion, once per test binary, and returns
// the directory holding it.
func buildPlugin(t *testing.T) string {
	t.Helper()
	plugin.once.Do(func() {
		plugin.dir, plugin.err = os.MkdirTemp("", "vpclink-plugin-")
		if plugin.err != nil {
			return
		}
		start := time.Now()
		cmd := exec.Command("go", "build", "-ldflags", "-X github.com/vpclink/vpclink/provider.Version="+testVersion,
			"-o", filepath.Join(plugin.dir, "pulumi-resource-vpclink"), "./cmd/pulumi-resource-vpclink")
		if out, err := cmd.CombinedOutput(); err != nil {
			plugin.err = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		t.Logf("built the plugin in %s", time.Since(start).Round(time.Millisecond))
	})
	if plugin.err != nil {
		t.Fatal(plugin.err)
	}
	return plugin.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if plugin.dir != "" {
		_ = os.RemoveAll(plugin.dir)
	}
	os.Exit(code)
}

// TestGetSchemaThroughTheCLI: `pulumi package get-schema` of the built binary works offline with
// no plugin installed, carries the version embedded at build time, and is the golden schema.
func TestGetSchemaThroughTheCLI(t *testing.T) {
	root := pulumiRoot(t)
	dir := buildPlugin(t)
	cmd := exec.Command(filepath.Join(root, "bin", "pulumi"), "package", "get-schema", filepath.Join(dir, "pulumi-resource-vpclink"))
	cmd.Env = append(os.Environ(), "PULUMI_HOME="+t.TempDir(), "PULUMI_SKIP_UPDATE_CHECK=true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pulumi package get-schema: %v\n%s", err, stderr.String())
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if got["version"] != testVersion {
		t.Errorf("schema version %v, want the embedded %s", got["version"], testVersion)
	}
	want := goldenSchema(t)
	got["version"] = want["version"]
	if !reflect.DeepEqual(got, want) {
		t.Errorf("get-schema of the built plugin is not provider/schema.json; %s", regenerate)
	}
	t.Logf("schema: %d bytes, %d resources, %d types", len(out), len(got["resources"].(map[string]any)), len(got["types"].(map[string]any)))
}

// TestYamlProgramThroughTheEngine runs examples/yaml (one vpclink:index:Vpclink with the dev
// config) with the real CLI and YAML language host: up, a preview that must find nothing to do,
// destroy. The engine starts the plugin built from this module (plugins.providers in the
// project file); the aws and awsx providers are vpclinktest's fakes, attached through
// PULUMI_DEBUG_PROVIDERS. The children are the Go program's dev stack, type for type and name
// for name.
func TestYamlProgramThroughTheEngine(t *testing.T) {
	root := pulumiRoot(t)
	pluginDir := buildPlugin(t)

	work := t.TempDir()
	project, err := os.ReadFile(filepath.Join("..", "examples", "yaml", "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// plugins.providers: the engine loads this binary for package vpclink, exactly as it would an
	// installed plugin, without installing anything into PULUMI_HOME.
	project = append(project, fmt.Sprintf("plugins:\n  providers:\n    - name: vpclink\n      path: %s\n", pluginDir)...)
	if err := os.WriteFile(filepath.Join(work, "Pulumi.yaml"), project, 0o644); err != nil {
		t.Fatal(err)
	}

	providers, err := vpclinktest.StartProviders(vpclinktest.ProviderOptions{Project: "vpclink-yaml", Stack: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	defer providers.Close()

	env := append(os.Environ(),
		"PATH="+filepath.Join(root, "bin")+string(os.PathListSeparator)+os.Getenv("PATH"),
		"PULUMI_HOME="+t.TempDir(),
		"PULUMI_BACKEND_URL=file://"+filepath.ToSlash(t.TempDir()),
		"PULUMI_CONFIG_PASSPHRASE=test only",
		"PULUMI_SKIP_UPDATE_CHECK=true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true",
		"PULUMI_DEBUG_PROVIDERS="+providers.Env(),
	)
	pulumi := func(args ...string) string {
		t.Helper()
		start := time.Now()
		cmd := exec.Command(filepath.Join(root, "bin", "pulumi"), append(args, "--non-interactive", "--color=never")...)
		cmd.Dir, cmd.Env = work, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("pulumi %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		t.Logf("pulumi %s: %s", strings.Join(args, " "), time.Since(start).Round(time.Millisecond))
		return string(out)
	}
	lifecycle := time.Now()
	pulumi("stack", "init", "dev")
	pulumi("up", "--yes", "--skip-preview")
	out := pulumi("preview", "--expect-no-changes", "--diff")

	// What the engine recorded, against what the Go program registers for the dev stack.
	var state struct {
		Deployment struct {
			Resources []struct {
				URN    string `json:"urn"`
				Type   string `json:"type"`
				Parent string `json:"parent"`
				Custom bool   `json:"custom"`
			} `json:"resources"`
		} `json:"deployment"`
	}
	if err := json.Unmarshal([]byte(pulumi("stack", "export")), &state); err != nil {
		t.Fatal(err)
	}
	types := map[string]string{}
	for _, r := range state.Deployment.Resources {
		types[r.URN] = r.Type
	}
	var got []string
	vpclinks := 0
	for _, r := range state.Deployment.Resources {
		switch {
		case r.Type == "pulumi:pulumi:Stack" || strings.HasPrefix(r.Type, "pulumi:providers:"):
		case r.Type == "vpclink:index:Vpclink":
			vpclinks++
		case strings.HasPrefix(types[r.Parent], "awsx:"):
			// Children of the awsx components, which awsx (here its fake) creates, not vpclink.
		default:
			got = append(got, r.Type+" "+r.URN[strings.LastIndex(r.URN, "::")+2:])
		}
	}
	slices.Sort(got)
	plan, err := vpclinktest.Plan(stacks.Program, vpclinktest.Options{Project: "vpclink", Stack: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	want := children(plan)
	if vpclinks != 1 || !slices.Equal(got, want) {
		t.Errorf("the YAML stack holds %d Vpclink and %d children, the Go program's dev stack %d:\n  only YAML: %v\n  only Go: %v\npreview:\n%s",
			vpclinks, len(got), len(want), minus(got, want), minus(want, got), out)
	}
	if len(providers.Live()) < 30 {
		t.Errorf("only %d resources live in the fake cloud", len(providers.Live()))
	}

	pulumi("destroy", "--yes")
	if n := len(providers.Live()); n != 0 {
		t.Errorf("%d resources left after destroy", n)
	}
	t.Logf("YAML lifecycle (stack init, up, preview, export, destroy): %s for %d resources", time.Since(lifecycle).Round(time.Millisecond), len(want))
}
