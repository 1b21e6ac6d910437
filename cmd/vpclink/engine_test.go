package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpclink/vpclink/internal/fakeaws"
	"github.com/vpclink/vpclink/internal/testenv"
)

// The engine commands, as a user runs them, against the real Pulumi CLI and engine with the fake
// aws and awsx providers attached: preview, up, outputs, a no-op preview, destroy.
func TestEngineCommands(t *testing.T) {
	root := testenv.PulumiRoot(t)
	dir := testenv.CopyProject(t)
	srv, err := fakeaws.Start(fakeaws.Options{Project: "vpclink", Stack: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	t.Setenv("VPCLINK_PULUMI_ROOT", root)
	t.Setenv("PULUMI_DEBUG_PROVIDERS", srv.Env())
	t.Setenv("PULUMI_CONFIG_PASSPHRASE", "correct horse")
	t.Setenv("PULUMI_HOME", t.TempDir())

	cli := func(args ...string) (int, string) {
		t.Helper()
		var out, errOut bytes.Buffer
		code := run(context.Background(), append(args, "--cwd", dir), strings.NewReader(""), &out, &errOut)
		return code, out.String() + errOut.String()
	}
	if code, out := cli("preview"); code != exitOK || !strings.Contains(out, "Previewing update (dev)") {
		t.Fatalf("preview: exit %d\n%s", code, out)
	}
	if code, out := cli("up", "--yes"); code != exitOK || !strings.Contains(out, "created") {
		t.Fatalf("up: exit %d\n%s", code, out)
	}
	// The default backend is local state next to Pulumi.yaml.
	if _, err := os.Stat(filepath.Join(dir, ".pulumi-state", ".pulumi")); err != nil {
		t.Errorf("no local state in the project directory: %v", err)
	}
	code, out := cli("outputs", "--json")
	if code != exitOK {
		t.Fatalf("outputs: exit %d\n%s", code, out)
	}
	var outputs map[string]any
	if err := json.Unmarshal([]byte(out), &outputs); err != nil {
		t.Fatalf("outputs --json is not JSON: %v\n%s", err, out)
	}
	url, _ := outputs["frontends"].(map[string]any)["http-alb"].(map[string]any)["url"].(string)
	if !strings.HasPrefix(url, "https://") || !strings.HasPrefix(outputs["vpcId"].(string), "vpc-") {
		t.Errorf("outputs = %v", outputs)
	}
	if code, out := cli("preview"); code != exitOK || strings.Contains(out, "to create") || strings.Contains(out, "to update") {
		t.Errorf("a preview after up changes something: exit %d\n%s", code, out)
	}
	if code, out := cli("destroy", "--yes"); code != exitOK {
		t.Fatalf("destroy: exit %d\n%s", code, out)
	}
	if live := srv.Live(); len(live) != 0 {
		t.Errorf("%d resources left after destroy", len(live))
	}
}
